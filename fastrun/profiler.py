"""One way of timing for FastRun and the autotuner.

``profile(candidates, make_inputs, ...)`` measures every candidate algorithm of one problem
and returns a ``Ranking``. Per candidate, in this order:

1. **numeric check**: one call on a fresh copy of input set 0, compared with the reference
   (normwise relative error, tolerance from the output dtype and the algorithm's accuracy
   class). A candidate that is wrong, returns NaN where the reference does not, raises, or
   runs out of memory is *rejected* with the reason and can never win;
2. **warm-up**: a few untimed calls (JIT compilation, page faults, clocks);
3. **timed samples**: each sample batches enough calls to be well above the timer's
   resolution; calls rotate over several input sets whose total size exceeds the last-level
   cache, so small shapes are not flattered by warm caches. The median over samples is the
   time, the interquartile range over the median its spread;
4. **confirmation**: the (up to three) candidates within 15 % of the best are timed once
   more in alternation, so a change in machine load between their turns cannot decide the
   winner; their medians come from this round;
5. **budgets**: a candidate stops sampling when its time budget is used (keeping at least
   one sample), or early once it is clearly slower than the best so far; when the search
   budget of the problem is used up, the remaining candidates are *skipped* (the caller
   orders candidates so the heuristic pick is measured first).

``rank()`` then picks deterministically: among the candidates within noise of the fastest
(the best's spread, clamped to [1 %, 3 %]), reproducible first, then less workspace, then
the algorithm id. The winner is therefore never more than 3 % slower than the fastest
measurement of the same run.

Timers are pluggable: ``Timer`` uses ``time.perf_counter`` (CPU); ``EventTimer`` wraps a GPU
event API (``torch_cuda_timer()``, ``cupy_timer()``); ``register_timer(kind, factory)`` lets a
backend install its own for a device kind.
"""
from __future__ import annotations

import functools
import math
import statistics
import time
from dataclasses import dataclass, field, replace
from typing import Any, Callable, Sequence

from .registry import Algorithm
from .store import Timing


# -- timers ---------------------------------------------------------------------------------

class Timer:
    """Wall-clock timer on the host: ``measure(run, start, calls)`` -> seconds in total.

    ``run(i)`` performs call ``i`` (which input set it uses is up to the caller).
    """
    name = "perf_counter"

    def synchronize(self) -> None:
        """Wait for queued device work (nothing to wait for on the CPU)."""

    def measure(self, run: Callable[[int], Any], start: int, calls: int) -> float:
        self.synchronize()
        t0 = time.perf_counter()
        for i in range(start, start + calls):
            run(i)
        self.synchronize()
        return time.perf_counter() - t0


class EventTimer(Timer):
    """Device-side timing with events: ``make_event()``, ``record(e)``, ``elapsed_ms(a, b)``."""

    def __init__(self, name: str, make_event: Callable[[], Any], record: Callable[[Any], None],
                 wait: Callable[[Any], None], elapsed_ms: Callable[[Any, Any], float],
                 synchronize: Callable[[], None]):
        self.name = name
        self._make, self._record, self._wait = make_event, record, wait
        self._elapsed, self._sync = elapsed_ms, synchronize

    def synchronize(self) -> None:
        self._sync()

    def measure(self, run: Callable[[int], Any], start: int, calls: int) -> float:
        begin, end = self._make(), self._make()
        self._record(begin)
        for i in range(start, start + calls):
            run(i)
        self._record(end)
        self._wait(end)
        return self._elapsed(begin, end) / 1e3


def torch_cuda_timer() -> EventTimer:
    """CUDA events through torch (for torch CUDA tensors)."""
    import torch
    return EventTimer("torch.cuda.Event", lambda: torch.cuda.Event(enable_timing=True),
                      lambda e: e.record(), lambda e: e.synchronize(),
                      lambda a, b: a.elapsed_time(b), torch.cuda.synchronize)


def cupy_timer() -> EventTimer:
    """CUDA events through cupy (for cupy arrays and the ptx backend's launcher)."""
    import cupy
    return EventTimer("cupy.cuda.Event", cupy.cuda.Event, lambda e: e.record(),
                      lambda e: e.synchronize(), cupy.cuda.get_elapsed_time,
                      cupy.cuda.runtime.deviceSynchronize)


_timers: dict[str, Callable[[], Timer]] = {"cpu": Timer}


def register_timer(kind: str, factory: Callable[[], Timer]) -> None:
    """Install the timer used for devices of ``kind`` ("cpu", "gpu", or a backend name)."""
    _timers[kind] = factory


def timer_for(kind: str, backend: str = "") -> Timer:
    """The timer for a device kind (a backend-specific one first); CPU timer as fallback."""
    for k in (backend, kind):
        if k and k in _timers:
            return _timers[k]()
    if kind == "gpu":
        try:
            return torch_cuda_timer()
        except Exception:
            try:
                return cupy_timer()
            except Exception:
                pass
    return Timer()


# -- options and results --------------------------------------------------------------------

@functools.lru_cache(maxsize=1)
def last_level_cache_bytes() -> int:
    """Size of the largest CPU cache (sysfs); 32 MiB when unknown."""
    best = 0
    for index in range(6):
        try:
            with open(f"/sys/devices/system/cpu/cpu0/cache/index{index}/size") as f:
                text = f.read().strip().upper()
        except OSError:
            continue
        scale = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}.get(text[-1:], 1)
        try:
            best = max(best, int(text.rstrip("KMG")) * scale)
        except ValueError:
            continue
    return best or 32 << 20


@dataclass(frozen=True)
class ProfileOptions:
    """Knobs of one search; the defaults suit CPU and GPU kernels of 1 µs to 1 s."""
    warmup: int = 2              # untimed calls after the checked call
    min_samples: int = 5
    max_samples: int = 30
    sample_time: float = 1e-3    # a sample batches calls until it lasts this long
    candidate_budget: float = 1.0  # seconds per candidate (check + warm-up + samples)
    search_budget: float = 20.0    # seconds per problem
    rotate_bytes: int = 0        # bytes the rotated input sets span (0: 2x last-level cache)
    max_sets: int = 8            # at most this many input sets
    max_rotate_bytes: int = 512 << 20  # never allocate more than this for rotation
    tie_floor: float = 0.01
    tie_cap: float = 0.03
    prune_factor: float = 3.0    # stop sampling a candidate this much slower than the best
    confirm_top: int = 3         # re-time up to this many close contenders, interleaved ...
    confirm_band: float = 0.15   # ... when within this fraction of the best
    confirm_samples: int = 7
    check: bool = True


@dataclass
class Ranking:
    """Result of one search: timings in rank order (winner first) and what it cost."""
    entries: list[Timing]
    search_seconds: float = 0.0
    profiled: list[str] = field(default_factory=list)  # variants measured in this run

    @property
    def chosen(self) -> Timing | None:
        return self.entries[0] if self.entries and self.entries[0].ok else None

    @property
    def fastest(self) -> Timing | None:
        ok = [t for t in self.entries if t.ok]
        return min(ok, key=lambda t: t.median) if ok else None

    def get(self, variant: str) -> Timing | None:
        return next((t for t in self.entries if t.variant == variant), None)


_STATUS_ORDER = {"ok": 0, "skipped": 1, "rejected": 2, "error": 3}


def rank(rows: Sequence[Timing], tie_floor: float = 0.01, tie_cap: float = 0.03) -> list[Timing]:
    """Deterministic ranking; see the module docstring for the tie rule."""
    ok = sorted((r for r in rows if r.ok), key=lambda r: (r.median, r.variant))
    rest = sorted((r for r in rows if not r.ok),
                  key=lambda r: (_STATUS_ORDER.get(r.status, 9), r.variant))
    if not ok:
        return rest
    best = ok[0]
    tolerance = min(max(best.spread, tie_floor), tie_cap)
    ties = [r for r in ok if r.median <= best.median * (1.0 + tolerance)]
    winner = min(ties, key=lambda r: (not r.reproducible, r.workspace, r.variant))
    return [winner] + [r for r in ok if r is not winner] + rest


# -- numeric check --------------------------------------------------------------------------

_RTOL = {  # normwise relative error allowed, per output dtype and accuracy class
    "float64": {"exact": 1e-12, "standard": 1e-9, "relaxed": 1e-6},
    "float32": {"exact": 1e-6, "standard": 1e-4, "relaxed": 1e-3},
    "float16": {"exact": 2e-3, "standard": 1e-2, "relaxed": 3e-2},
    "bfloat16": {"exact": 1e-2, "standard": 3e-2, "relaxed": 6e-2},
}


def to_numpy(x: Any) -> Any:
    """A host numpy copy of a numpy array, torch tensor (any device) or cupy array."""
    import numpy as np
    if hasattr(x, "detach"):
        x = x.detach()
        if str(x.dtype) == "torch.bfloat16":
            x = x.float()
        return x.cpu().numpy()
    if hasattr(x, "get") and type(x).__module__.startswith("cupy"):
        return x.get()
    return np.asarray(x)


def check_close(out: Any, ref: Any, accuracy: str = "standard") -> str | None:
    """``None`` when ``out`` matches ``ref``; otherwise a one-line reason."""
    import numpy as np
    if isinstance(ref, (tuple, list)):
        if not isinstance(out, (tuple, list)) or len(out) != len(ref):
            return f"returned {type(out).__name__}, expected {len(ref)} outputs"
        for i, (o, r) in enumerate(zip(out, ref)):
            reason = check_close(o, r, accuracy)
            if reason:
                return f"output {i}: {reason}"
        return None
    if out is None:
        return "returned nothing"
    o, r = to_numpy(out), to_numpy(ref)
    if o.shape != r.shape:
        return f"shape {o.shape}, expected {r.shape}"
    # Tolerance follows the less precise of the two dtypes (references often run in fp64).
    order = ["bfloat16", "float16", "float32", "float64"]
    dtype = min((str(o.dtype), str(r.dtype)),
                key=lambda d: order.index(d) if d in order else len(order))
    o64, r64 = o.astype(np.float64), r.astype(np.float64)
    bad = np.isnan(o64) & ~np.isnan(r64)
    if bad.any():
        return f"{int(bad.sum())} NaN values the reference does not have"
    if dtype not in order and not np.issubdtype(r.dtype, np.floating):
        return None if np.array_equal(o, r) else "integer results differ"
    finite = np.isfinite(r64)
    scale = float(np.max(np.abs(r64[finite]), initial=0.0)) or 1.0
    err = float(np.max(np.abs(o64[finite] - r64[finite]), initial=0.0)) / scale
    tol = _RTOL.get(dtype, _RTOL["float32"])[accuracy]
    if not err <= tol:  # also catches err == nan
        return f"relative error {err:.2e} over the {accuracy} tolerance {tol:.0e} ({dtype})"
    return None


# -- profiling ------------------------------------------------------------------------------

def clone(x: Any) -> Any:
    """A private copy of an argument (arrays and tensors copied; scalars as they are)."""
    if hasattr(x, "clone") and callable(x.clone):
        return x.clone()
    if hasattr(x, "copy") and hasattr(x, "shape"):
        return x.copy()
    return x


def poison(x: Any) -> Any:
    """Fill an output buffer with values no correct algorithm leaves behind: NaN for floats,
    an unlikely sentinel for integers."""
    dtype = str(getattr(x, "dtype", ""))
    fill = float("nan") if "float" in dtype or "bfloat" in dtype else -0x5A5A5A5A
    if "uint" in dtype or "bool" in dtype:
        fill = 0xA5 if "bool" not in dtype else True
    if hasattr(x, "fill_"):
        x.fill_(fill)
    elif hasattr(x, "fill"):
        x.fill(fill)
    return x


def _fresh(args: tuple, out_args: Sequence[int]) -> tuple:
    """Private copies of one input set, output buffers poisoned."""
    return tuple(poison(clone(a)) if i in out_args else clone(a) for i, a in enumerate(args))


def _nbytes(args: Sequence[Any]) -> int:
    total = 0
    for a in args:
        n = getattr(a, "nbytes", None)
        if n is None and hasattr(a, "element_size"):
            n = a.element_size() * a.numel()
        total += int(n or 0)
    return total


def _is_oom(e: BaseException) -> bool:
    return isinstance(e, MemoryError) or "out of memory" in str(e).lower()


def _free_device_memory() -> None:
    import sys
    torch = sys.modules.get("torch")
    if torch is not None and torch.cuda.is_available():
        torch.cuda.empty_cache()


def _default_output(args: tuple, ret: Any) -> Any:
    return ret if ret is not None else (args[-1] if args else None)


def profile(cands: Sequence[Algorithm], make_inputs: Callable[[int], tuple],
            params: dict | None = None, *, reference: Callable[..., Any] | None = None,
            output: Callable[[tuple, Any], Any] | None = None,
            options: ProfileOptions | None = None, timer: Timer | None = None,
            workspace: Callable[[Algorithm], int] | None = None,
            out_args: Sequence[int] = ()) -> Ranking:
    """Measure ``cands`` (in the given order) on inputs from ``make_inputs(i)``.

    ``make_inputs(i)`` returns the positional args of input set ``i`` (the sets should hold
    different buffers); ``params`` are passed as keywords. ``reference(*args, **params)``
    gives the expected output; without it no candidate is checked. Arguments at
    ``out_args`` are poisoned before each checked call.
    """
    opts = options or ProfileOptions()
    timer = timer or Timer()
    params = dict(params or {})
    output = output or _default_output
    started = time.perf_counter()
    sets = [tuple(make_inputs(0))]
    per_set = max(_nbytes(sets[0]), 1)
    target = opts.rotate_bytes or 2 * last_level_cache_bytes()
    count = max(1, min(opts.max_sets, math.ceil(target / per_set),
                       opts.max_rotate_bytes // per_set))
    try:
        sets += [tuple(make_inputs(i)) for i in range(1, count)]
    except MemoryError:  # rotation is a refinement: fewer sets beat no search
        pass
    expected = None
    if reference is not None and opts.check:
        args = _fresh(sets[0], out_args)
        expected = output(args, reference(*args, **params))
    rows: list[Timing] = []
    best = math.inf
    measured_any = False
    for alg in cands:
        ws = workspace(alg) if workspace else 0
        base = Timing(alg.name, version=alg.version, workspace=ws,
                      reproducible=alg.reproducible)
        if measured_any and time.perf_counter() - started > opts.search_budget:
            rows.append(replace(base, status="skipped", reason="search budget used up"))
            continue
        remaining = opts.search_budget - (time.perf_counter() - started)
        rows.append(_measure(alg, sets, params, expected, output, opts, timer, base, best,
                             remaining if measured_any else None, out_args))
        if rows[-1].ok:
            best = min(best, rows[-1].median)
            measured_any = True
    _confirm(rows, {a.name: a for a in cands}, sets, params, opts, timer,
             opts.search_budget - (time.perf_counter() - started))
    del sets
    return Ranking(rank(rows, opts.tie_floor, opts.tie_cap), time.perf_counter() - started,
                   [r.variant for r in rows if r.status != "skipped"])


def _confirm(rows: list[Timing], algs: dict[str, Algorithm], sets: list[tuple], params: dict,
             opts: ProfileOptions, timer: Timer, budget: float) -> None:
    """Re-time close contenders in alternation (A B C A B C ...), so a change of machine load
    between two candidates' turns cannot decide which of them wins."""
    ok = sorted((r for r in rows if r.ok), key=lambda r: r.median)
    if len(ok) < 2 or opts.confirm_top < 2 or opts.confirm_samples < 1:
        return
    top = [r for r in ok if r.median <= ok[0].median * (1 + opts.confirm_band)]
    top = top[:opts.confirm_top]
    if len(top) < 2:
        return
    k = len(sets)
    runs = {}
    for r in top:
        fn = algs[r.variant].fn
        batch = max(1, math.ceil(opts.sample_time / r.median))
        runs[r.variant] = (lambda i, fn=fn: fn(*sets[i % k], **params), batch)
    samples: dict[str, list[float]] = {r.variant: [] for r in top}
    round_cost = sum(r.median * runs[r.variant][1] for r in top)
    rounds = min(opts.confirm_samples, int(budget / round_cost) if round_cost > 0 else 0)
    if rounds < 3:  # too few rounds to be worth more than the first timings
        return
    try:
        for s in range(rounds):
            for variant, (run, batch) in runs.items():
                samples[variant].append(timer.measure(run, s * batch, batch) / batch)
    except Exception:  # it ran fine a moment ago; if it fails now keep the first timings
        return
    for i, r in enumerate(rows):
        got = samples.get(r.variant)
        if got:
            med = statistics.median(got)
            rows[i] = replace(r, median=med, spread=_spread(got, med), n=r.n + len(got))


def _spread(samples: list[float], med: float) -> float:
    """Interquartile range over the median (full range for fewer than four samples)."""
    if med <= 0 or len(samples) < 2:
        return 0.0
    if len(samples) >= 4:
        q = statistics.quantiles(samples, n=4)
        return (q[2] - q[0]) / med
    return (max(samples) - min(samples)) / med


def _measure(alg: Algorithm, sets: list[tuple], params: dict, expected: Any,
             output: Callable, opts: ProfileOptions, timer: Timer, base: Timing,
             best: float, budget: float | None = None,
             out_args: Sequence[int] = ()) -> Timing:
    """Check, warm up and time one candidate within ``budget`` seconds (default: the
    candidate budget). The checked call is timed too: when a single call already uses up
    the budget, it is the one sample, so a slow candidate never overruns by much."""
    budget = opts.candidate_budget if budget is None else min(budget, opts.candidate_budget)
    t0 = time.perf_counter()
    fn = alg.fn
    try:
        args = _fresh(sets[0], out_args)
        box: list[Any] = []
        first = timer.measure(lambda i: box.append(fn(*args, **params)), 0, 1)
        if expected is not None:
            reason = check_close(output(args, box[0]), expected, alg.accuracy)
            if reason:
                return replace(base, status="rejected", reason=f"numeric check: {reason}")
        del args, box
        k = len(sets)

        def run(i: int) -> Any:
            return fn(*sets[i % k], **params)

        def left() -> float:
            return budget - (time.perf_counter() - t0)

        if first >= left() / 2:
            # No room for a proper sample set. The checked call may have compiled kernels
            # (JIT), so it is no steady-state time: one warm call is the sample.
            warm = timer.measure(run, 0, 1)
            return replace(base, median=max(warm, 1e-12), spread=0.0, n=1)
        # The checked call warmed up already; more warm-up only while it is cheap.
        for i in range(opts.warmup if first * opts.warmup < budget / 4 else 0):
            run(i)
        per_call = max(timer.measure(run, 0, 1), 1e-9)
        batch = max(1, math.ceil(opts.sample_time / per_call))
        wanted = int(left() / (per_call * batch)) if left() > 0 else 1
        n = max(opts.min_samples, min(opts.max_samples, wanted))
        samples: list[float] = [per_call] if batch == 1 else []
        for s in range(n - len(samples)):
            if samples and per_call * batch > left():
                break  # the next sample would overrun the budget
            samples.append(timer.measure(run, s * batch, batch) / batch)
            if len(samples) >= 3 and statistics.median(samples) > opts.prune_factor * best:
                break  # clearly slower than the best: more samples will not change the pick
    except Exception as e:  # any failure disqualifies this candidate, never the search
        if _is_oom(e):
            _free_device_memory()
            return replace(base, status="error", reason="out of memory")
        return replace(base, status="error", reason=f"{type(e).__name__}: {e}"[:300])
    med = statistics.median(samples)
    return replace(base, median=med, spread=_spread(samples, med), n=len(samples))


def time_callable(fn: Callable[[], Any], options: ProfileOptions | None = None,
                  timer: Timer | None = None) -> tuple[float, float, int]:
    """``(median seconds, spread, samples)`` of a zero-argument callable (autotuner use)."""
    alg = Algorithm(op="_", name="callable", fn=lambda: fn(), version="-")
    row = _measure(alg, [()], {}, None, _default_output, options or ProfileOptions(),
                   timer or Timer(), Timing("callable"), math.inf)
    if not row.ok:
        raise RuntimeError(row.reason)
    return row.median, row.spread, row.n
