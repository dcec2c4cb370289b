"""Selection policy: modes, filters, the in-process memo, counters and record mode.

Modes (``TILEDSL_FASTRUN``, ``fastrun.configure(...)``, ``with fastrun.mode(...)``):

``heuristic``  never profile, never read the cache: the op's heuristic picks;
``cache``      (default) use cached timings; on a miss, the heuristic picks. Never profiles,
               so no first call is ever slow unless asked for;
``profile``    use cached timings; on a miss, profile the candidates (only the missing ones
               when an upgrade changed some algorithms) and record the ranking;
``force``      re-profile every problem once per process and overwrite the cache;
``record``     ``cache`` plus recording every call's problem, for ``tiledsl fastrun search``.

Filters: ``reproducible`` (only algorithms whose results are bitwise reproducible) and
``workspace_limit`` (bytes). Environment syntax: comma-separated, mode first, e.g.
``TILEDSL_FASTRUN=profile,reproducible,workspace=512M,budget=30,record,workload=resnet``.

System caches (MIOpen's system Find-Db): ``system=/opt/site/h200.sqlite3`` (several joined by
``os.pathsep``) names read-only caches, e.g. searched once per GPU type and shipped with an
installation; they answer what the user's own cache does not, and are never written.

A choice is made once per problem per process and then memoised, so a process never changes
its mind mid-run. ``stats()`` counts what happened (``profiles_run``, ``cache_hits``,
``misses`` ...) so tests and users can check that a warmed-up cache means no profiling.
"""
from __future__ import annotations

import atexit
import contextlib
import contextvars
import functools
import os
import threading
import time
import warnings
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Iterator

from tiledsl import knobs

from . import registry
from .fingerprint import Fingerprint, device_fingerprint
from .profiler import ProfileOptions, Ranking, Timer, profile, rank, timer_for
from .registry import Algorithm, NoAlgorithmError, Problem, FastRunError
from .store import Store, Timing, get_store, system_stores

MODES = ("heuristic", "cache", "profile", "force", "record")
NAMESPACE = "op:"


@dataclass(frozen=True)
class Settings:
    """The active FastRun policy (immutable; ``mode()`` derives modified copies)."""
    mode: str = "cache"
    reproducible: bool = False
    workspace_limit: int | None = None
    record: bool = False
    workload: str = "default"
    cache: str | None = None  # store path; None: TILEDSL_FASTRUN_CACHE / default
    system_caches: tuple[str, ...] = ()  # read-only caches consulted after ``cache``
    options: ProfileOptions = field(default_factory=ProfileOptions)
    timer: Timer | None = None  # None: the device kind's registered timer

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise FastRunError(f"FastRun mode must be one of {MODES}, not {self.mode!r}")
        if self.mode == "record":
            object.__setattr__(self, "mode", "cache")
            object.__setattr__(self, "record", True)


def parse_size(text: str) -> int:
    """``"512M"`` -> 536870912; plain numbers are bytes."""
    text = text.strip().upper().removesuffix("B")
    scale = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40}.get(text[-1:], 1)
    return int(float(text[:-1] if scale > 1 else text) * scale)


@functools.lru_cache(maxsize=32)
def parse_spec(spec: str | None) -> Settings:
    """Settings from the ``TILEDSL_FASTRUN`` syntax (see the module docstring)."""
    s = Settings()
    if not spec:
        return s
    changes: dict[str, Any] = {}
    options: dict[str, Any] = {}
    for i, token in enumerate(t.strip() for t in spec.split(",") if t.strip()):
        name, _, value = token.partition("=")
        name = name.lower()
        if i == 0 and name in MODES and not value:
            changes["mode"] = name
        elif name == "reproducible" and not value:
            changes["reproducible"] = True
        elif name == "record" and not value:
            changes["record"] = True
        elif name in ("workspace", "budget") and value:
            try:
                if name == "workspace":
                    changes["workspace_limit"] = parse_size(value)
                else:
                    options["search_budget"] = float(value)
            except ValueError:
                raise FastRunError(f"TILEDSL_FASTRUN={spec!r}: {token!r} is not a "
                                   f"{'size' if name == 'workspace' else 'number'}") from None
        elif name == "workload" and value:
            changes["workload"] = value
        elif name == "system" and value:
            changes["system_caches"] = tuple(p for p in value.split(os.pathsep) if p)
        else:
            raise FastRunError(
                f"TILEDSL_FASTRUN={spec!r}: cannot read {token!r}; expected a mode "
                f"({'|'.join(MODES)}) first, then any of reproducible, record, "
                f"workspace=<bytes[K|M|G]>, budget=<seconds>, workload=<name>, "
                f"system=<read-only cache files, {os.pathsep!r}-separated>")
    if options:
        changes["options"] = replace(s.options, **options)
    return replace(s, **changes)


_global: Settings | None = None
_override: contextvars.ContextVar[Settings | None] = contextvars.ContextVar(
    "tiledsl_fastrun", default=None)


def settings() -> Settings:
    """The settings in force here: innermost ``mode()``, else ``configure()``, else env."""
    active = _override.get()
    if active is not None:
        return active
    if _global is not None:
        return _global
    return parse_spec(knobs.FASTRUN.raw())


def _normalize(changes: dict[str, Any]) -> dict[str, Any]:
    """Accept the environment's spellings in Python too: ``workspace_limit="512M"``."""
    if isinstance(changes.get("workspace_limit"), str):
        changes["workspace_limit"] = parse_size(changes["workspace_limit"])
    if isinstance(changes.get("system_caches"), (str, os.PathLike)):
        changes["system_caches"] = (str(changes["system_caches"]),)
    elif changes.get("system_caches") is not None:
        changes["system_caches"] = tuple(str(p) for p in changes["system_caches"])
    if changes.get("cache") is not None:
        changes["cache"] = str(changes["cache"])
    return changes


def configure(mode: str | None = None, **changes: Any) -> Settings:
    """Set the process-wide settings (overrides ``TILEDSL_FASTRUN``); returns them.

    ``configure(None)`` with no changes goes back to the environment.
    """
    global _global
    if mode is None and not changes:
        _global = None
        return settings()
    base = _global or parse_spec(knobs.FASTRUN.raw())
    _global = replace(base, **({"mode": mode} if mode else {}), **_normalize(changes))
    return _global


@contextlib.contextmanager
def mode(name: str | None = None, **changes: Any) -> Iterator[Settings]:
    """Temporarily change the settings::

        with fastrun.mode("profile", reproducible=True, workspace_limit=1 << 30):
            y = fastrun.run("conv2d", x, w, stride=1)
    """
    new = replace(settings(), **({"mode": name} if name else {}), **_normalize(changes))
    token = _override.set(new)
    try:
        yield new
    finally:
        _override.reset(token)


# -- counters -------------------------------------------------------------------------------

_STAT_NAMES = ("calls", "memo_hits", "cache_hits", "partial_hits", "misses", "heuristic",
               "profiles_run", "candidates_timed", "search_seconds", "waits")
_stats = dict.fromkeys(_STAT_NAMES, 0)
_lock = threading.RLock()
_memo: dict[tuple, Algorithm] = {}
# Cheap key (argument shapes/strides/dtypes, params, settings) -> (algorithm, problem,
# fingerprint): a repeated call skips building the Problem and the fingerprint.
_fast: dict[tuple, tuple[Algorithm, Problem, Fingerprint]] = {}
_warned: set[str] = set()


def _count(name: str, amount: float = 1) -> None:
    with _lock:
        _stats[name] += amount


def stats() -> dict[str, float]:
    """Counters since start (or ``reset_stats()``): calls, memo_hits, cache_hits,
    partial_hits, misses, heuristic, profiles_run, candidates_timed, search_seconds, waits
    (times this process waited for another one profiling the same problem)."""
    with _lock:
        return dict(_stats)


def reset_stats(clear_memo: bool = True) -> None:
    """Zero the counters (and forget the memoised choices unless told otherwise)."""
    with _lock:
        for k in _stats:
            _stats[k] = 0
        if clear_memo:
            _memo.clear()
            _fast.clear()


def _warn_once(message: str) -> None:
    if message not in _warned:
        _warned.add(message)
        warnings.warn(message, RuntimeWarning, stacklevel=4)


# -- record mode ----------------------------------------------------------------------------

class _Recorder:
    """Buffers call counts and writes them in batches (one transaction per flush)."""

    def __init__(self) -> None:
        self.pending: dict[tuple[str, str], dict] = {}
        self.fps: dict[str, Fingerprint] = {}
        self.last = time.monotonic()
        self.lock = threading.Lock()
        self.pid = os.getpid()
        atexit.register(self.flush)

    def _forked(self) -> None:
        # A forked child inherits the parent's unflushed counts; the parent writes those.
        if self.pid != os.getpid():
            self.pending, self.pid = {}, os.getpid()

    def add(self, s: Settings, problem: Problem, fp: Fingerprint) -> None:
        with self.lock:
            self._forked()
            per = self.pending.setdefault((str(s.cache or ""), s.workload), {})
            k = (NAMESPACE + problem.op, problem.key, fp.id)
            prob, n = per.get(k, (problem.to_json(), 0))
            per[k] = (prob, n + 1)
            self.fps[fp.id] = fp
            due = time.monotonic() - self.last > 5.0 or sum(map(len, self.pending.values())) > 256
        if due:
            self.flush()

    def flush(self) -> None:
        with self.lock:
            self._forked()
            pending, self.pending = self.pending, {}
            fps = list(self.fps.values())
            self.last = time.monotonic()
        for (path, workload), calls in pending.items():
            get_store(path or None).add_calls(workload, calls, fps)


_recorder = _Recorder()


def flush() -> None:
    """Write buffered record-mode call counts to the cache now."""
    _recorder.flush()


# -- choosing -------------------------------------------------------------------------------

def _default_inputs(problem: Problem, rng: Any) -> tuple:
    """Random tensors shaped like the problem's (numpy, or torch/cupy when recorded so)."""
    import numpy as np
    tensors = []
    for t in problem.tensors:
        if t.dtype == "bool":
            a = rng.random(t.shape) < 0.5
        elif t.dtype.startswith(("int", "uint")):
            a = rng.integers(-8 if t.dtype.startswith("int") else 0, 8, t.shape).astype(t.dtype)
        else:
            dt = np.dtype(t.dtype) if t.dtype != "bfloat16" else __import__("ml_dtypes").bfloat16
            a = rng.standard_normal(t.shape, dtype=np.float32).astype(dt)
        if not t.contiguous and all(s >= 0 for s in t.strides):
            size = 1 + sum((n - 1) * s for n, s in zip(t.shape, t.strides))
            buf = np.zeros(size, dtype=a.dtype)
            view = np.lib.stride_tricks.as_strided(
                buf, t.shape, tuple(s * a.dtype.itemsize for s in t.strides))
            view[...] = a
            a = view
        if t.kind == "torch":
            import torch
            a = torch.from_numpy(np.ascontiguousarray(a)).to(t.device)
        elif t.kind == "cupy":
            import cupy
            a = cupy.asarray(a)
        tensors.append(a)
    # Put positional scalars ("arg<i>") back where the call had them.
    positional = {int(k[3:]): v for k, v in problem.params if k.startswith("arg")
                  and k[3:].isdigit()}
    out, it = [], iter(tensors)
    for i in range(len(tensors) + len(positional)):
        out.append(positional[i] if i in positional else next(it))
    return tuple(out)


def inputs_for(problem: Problem, args: tuple | None = None) -> Callable[[int], tuple]:
    """``make_inputs(i)`` for a search: the op's own hook, else random tensors; when the
    real call's ``args`` are known and the op has no hook, copies of them."""
    import numpy as np
    from .profiler import clone
    spec = registry.op_spec(problem.op)
    if spec.make_inputs is not None:
        return lambda i: tuple(spec.make_inputs(problem, np.random.default_rng(1000 + i)))
    if args is not None:
        return lambda i: tuple(clone(a) for a in args)
    return lambda i: _default_inputs(problem, np.random.default_rng(1000 + i))


def _available_memory(fp: Fingerprint) -> int | None:
    """Free memory of the device (bytes), to skip candidates whose workspace cannot fit."""
    try:
        if fp.as_dict().get("kind") == "gpu":
            import torch
            return int(torch.cuda.mem_get_info()[0])
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except Exception:
        return None
    return None


def _gpu_l2_bytes() -> int:
    try:
        import torch
        return int(torch.cuda.get_device_properties(torch.cuda.current_device()).L2_cache_size)
    except Exception:
        return 64 << 20


def _candidates(op: str, problem: Problem, s: Settings) -> list[Algorithm]:
    rejected: dict[str, str] = {}
    cands = registry.candidates(op, problem, reproducible=s.reproducible,
                                workspace_limit=s.workspace_limit, rejected=rejected)
    if not cands:
        registry.op_spec(op)  # unknown op: a clearer error than "no algorithm"
        why = "; ".join(f"{n}: {r}" for n, r in sorted(rejected.items())) or "none registered"
        raise NoAlgorithmError(f"no algorithm can run {problem.short()} ({why})")
    return cands


def search_problem(problem: Problem, fp: Fingerprint, s: Settings, *,
                   args: tuple | None = None, params: dict | None = None,
                   reference: Callable | None = None, only: list[Algorithm] | None = None,
                   known: dict[str, Timing] | None = None) -> Ranking:
    """Profile ``problem``'s candidates (or ``only`` those), merge with ``known`` rows,
    store the ranking and return it. Used by ``profile``/``force`` mode and offline search."""
    spec = registry.op_spec(problem.op)
    cands = _candidates(problem.op, problem, s)
    todo = only if only is not None else cands
    first = registry.heuristic_choice(problem, cands)
    todo = sorted(todo, key=lambda a: (a is not first, a.name))  # measured first under budget
    free = _available_memory(fp)
    ws = {a.name: a.workspace_bytes(problem) for a in cands}
    runnable, rows = [], []
    for a in todo:
        if free is not None and ws[a.name] > free * 0.8:
            rows.append(Timing(a.name, version=a.version, workspace=ws[a.name],
                               reproducible=a.reproducible, status="skipped",
                               reason=f"workspace {ws[a.name]} B does not fit in free memory"))
        else:
            runnable.append(a)
    options = s.options
    if fp.as_dict().get("kind") == "gpu" and not options.rotate_bytes:
        # Rotate past the GPU's L2 (50 MB on H100/H200), not the host's last-level cache.
        options = replace(options, rotate_bytes=2 * _gpu_l2_bytes())
    reference = reference or spec.reference
    if reference is None:
        _warn_once(f"FastRun op {problem.op!r} has no reference: candidates are not checked "
                   f"numerically (pass reference= to fastrun.define_op)")
    ranking = profile(runnable, inputs_for(problem, args),
                      problem.kwargs if params is None else params,
                      reference=reference, output=spec.output,
                      options=options, timer=s.timer or timer_for(
                          fp.as_dict().get("kind", "cpu"), fp.as_dict().get("backend", "")),
                      workspace=lambda a: ws[a.name], out_args=spec.out_args)
    _count("profiles_run")
    _count("candidates_timed", len(ranking.profiled))
    _count("search_seconds", ranking.search_seconds)
    fresh = ranking.entries + rows
    get_store(s.cache).put_timings(NAMESPACE + problem.op, fp.id, problem.key, fresh,
                                   problem=problem.to_json(), fingerprint=fp)
    merged = dict(known or {})
    merged.update({r.variant: r for r in fresh})
    names = {a.name for a in cands}
    ranking.entries = rank([r for n, r in merged.items() if n in names],
                           s.options.tie_floor, s.options.tie_cap)
    return ranking


def _valid_rows(rows: dict[str, Timing], cands: list[Algorithm]) -> dict[str, Timing]:
    by_name = {a.name: a for a in cands}
    return {n: r for n, r in rows.items() if n in by_name and r.version == by_name[n].version}


def choose(op: str, problem: Problem | None = None, args: tuple = (),
           params: dict | None = None, *, reference: Callable | None = None,
           backend: str | None = None) -> Algorithm:
    """The algorithm to run ``op`` on this problem under the current settings.

    Pass the call's ``args``/``params`` (a ``Problem`` is built from them) or a ready
    ``problem``; ``args`` are also what ``profile`` mode times on when the op has no
    ``make_inputs`` hook (copies, so the caller's buffers are untouched).
    """
    s = settings()
    params = dict(params or {})
    fast = _fast_key(op, problem, args, params, s, backend)
    hit = _fast.get(fast) if fast is not None else None
    if hit is not None:
        _count("calls")
        _count("memo_hits")
        if s.record:
            _recorder.add(s, hit[1], hit[2])
        return hit[0]
    problem = problem or Problem.from_args(op, args, **params)
    fp = device_fingerprint(args, backend)
    _count("calls")
    if s.record:
        _recorder.add(s, problem, fp)
    cands = _candidates(op, problem, s)
    # The mode is part of the key: a heuristic pick made on a miss in "cache" mode must not
    # answer a later "profile" request for the same problem.
    memo_key = (op, problem.key, fp.id, s.mode, s.reproducible, s.workspace_limit, s.cache,
                s.system_caches, tuple((a.name, a.version) for a in cands))
    with _lock:
        alg = _memo.get(memo_key)
    if alg is not None:
        _count("memo_hits")
    else:
        alg = _decide(op, problem, fp, s, cands, args if args else None, params, reference)
    with _lock:
        _memo[memo_key] = alg
        if fast is not None:
            _fast[fast] = (alg, problem, fp)
    return alg


def _arg_sig(a: Any) -> Any:
    if hasattr(a, "shape") and hasattr(a, "dtype"):
        strides = a.stride() if callable(getattr(a, "stride", None)) else getattr(a, "strides",
                                                                                   None)
        return (type(a), tuple(a.shape), tuple(strides or ()), a.dtype,
                getattr(a, "device", None))
    return (type(a), a)


def _fast_key(op: str, problem: Problem | None, args: tuple, params: dict, s: Settings,
              backend: str | None) -> tuple | None:
    """A hashable key of everything the choice depends on, or None when not hashable."""
    try:
        key = (op, problem.key if problem is not None else None,
               tuple(_arg_sig(a) for a in args), tuple(sorted(params.items())), s, backend,
               knobs.backend_override(), registry.generation())
        hash(key)
        return key
    except TypeError:  # unhashable parameters (lists, dicts): take the full path
        return None


def known_rows(s: Settings, problem: Problem, device: str, cands: list[Algorithm],
               store: "Store | None" = None) -> dict[str, Timing]:
    """Valid cached rows of ``problem``: the user cache's, else the system caches' (in
    order), per algorithm, so a stale user row never hides a current system row."""
    ns = NAMESPACE + problem.op
    known: dict[str, Timing] = {}
    for store in reversed(system_stores(s.system_caches)):
        known.update(_valid_rows(store.timings(ns, device, problem.key), cands))
    user = store or get_store(s.cache)
    known.update(_valid_rows(user.timings(ns, device, problem.key), cands))
    return known


def _decide(op: str, problem: Problem, fp: Fingerprint, s: Settings, cands: list[Algorithm],
            args: tuple | None, params: dict, reference: Callable | None) -> Algorithm:
    by_name = {a.name: a for a in cands}
    if s.mode == "heuristic":
        _count("heuristic")
        return registry.heuristic_choice(problem, cands)
    known: dict[str, Timing] = {}
    if s.mode != "force":
        known = known_rows(s, problem, fp.id, cands)
    missing = [a for a in cands if a.name not in known]
    ranked = rank(list(known.values()), s.options.tie_floor, s.options.tie_cap)
    usable = ranked and ranked[0].ok
    if not missing and usable:
        _count("cache_hits")
        return by_name[ranked[0].variant]
    if s.mode == "cache" or (not missing and not usable):
        if usable:
            _count("partial_hits")
            return by_name[ranked[0].variant]
        _count("misses")
        _count("heuristic")
        return registry.heuristic_choice(problem, cands)
    _count("misses")
    store, ns = get_store(s.cache), NAMESPACE + op
    if not store.claim(ns, fp.id, problem.key):
        # Another process is profiling this very problem: wait for its answer rather than
        # doubling the work and disturbing its timings.
        _count("waits")
        found = _wait_for_other(s, problem, fp, cands, store)
        if found is not None:
            return found
        known = {} if s.mode == "force" else known_rows(s, problem, fp.id, cands)
        missing = [a for a in cands if a.name not in known]
    todo = list(missing)
    ranked = rank(list(known.values()), s.options.tie_floor, s.options.tie_cap)
    if ranked and ranked[0].ok:  # re-time the previous winner beside the new ones
        todo.append(by_name[ranked[0].variant])
    try:
        ranking = search_problem(problem, fp, s, args=args, params=params if args else None,
                                 reference=reference, only=todo, known=known)
    except Exception as e:  # e.g. no memory for the inputs or the reference: run anyway
        _warn_once(f"FastRun: profiling {problem.short()} failed ({type(e).__name__}: {e}); "
                   f"using the heuristic choice")
        return registry.heuristic_choice(problem, cands)
    finally:
        store.release(ns, fp.id, problem.key)
    if ranking.chosen is None:
        _warn_once(f"FastRun: no candidate of {problem.short()} passed its check; using the "
                   f"heuristic choice")
        return registry.heuristic_choice(problem, cands)
    return by_name[ranking.chosen.variant]


def _wait_for_other(s: Settings, problem: Problem, fp: Fingerprint, cands: list[Algorithm],
                    store: Store) -> Algorithm | None:
    """Poll until the claiming process has stored a complete ranking (its pick is returned),
    or its claim goes away or the wait outlasts twice the search budget (``None``: the
    caller now holds the claim, or takes over, and profiles itself)."""
    by_name = {a.name: a for a in cands}
    deadline = time.monotonic() + max(2 * s.options.search_budget, 5.0)
    pause = 0.01
    while time.monotonic() < deadline:
        time.sleep(pause)
        pause = min(pause * 1.5, 0.25)
        known = known_rows(s, problem, fp.id, cands)
        ranked = rank(list(known.values()), s.options.tie_floor, s.options.tie_cap)
        if len(known) == len(cands) and ranked and ranked[0].ok:
            _count("cache_hits")
            return by_name[ranked[0].variant]
        if store.claim(NAMESPACE + problem.op, fp.id, problem.key):
            return None  # the other process died or gave up: the claim is ours now
    store.claim(NAMESPACE + problem.op, fp.id, problem.key, ttl=0.0)
    return None


def run(op: str, *args: Any, **params: Any) -> Any:
    """Choose an algorithm for this call and run it: ``fastrun.run("matmul", a, b)``."""
    alg = choose(op, args=args, params=params)
    return alg.fn(*args, **params)


def cache_path() -> Path | str:
    """The store path the current settings use."""
    return get_store(settings().cache).path
