"""Timing: warm-up, interleaved repetitions, medians; and the roofline measured in the same run.

How a case is timed
-------------------
1. Warm-up: every implementation is called once (this compiles, autotunes, fills caches) and
   its output is kept for the correctness check; a second call calibrates how many calls make
   one sample (``inner``) so that a sample lasts about ``policy.sample_s``.
2. Interleaving: for each repetition, one sample of every implementation, in turn
   (A B C, B C A, C A B, ...: rotated so that none always follows the same one). Machine
   noise (other tenants, frequency changes) then lands on all of them instead of on
   whichever ran during the noisy second.
3. Statistics: median per call, with the 25th/75th percentiles and the minimum as the spread.

On a GPU a sample is bracketed by CUDA events recorded on the current stream, after a
synchronize, and divided by ``inner`` back-to-back calls. Caches are not flushed between calls
(that is what a model running the kernel in a loop sees too), so a working set that fits in L2
runs from L2 for ours and the references alike; the report flags such rows.
"""
from __future__ import annotations

import contextlib
import math
import signal
import threading
import time
from dataclasses import dataclass

import numpy as np

from .registry import Case, Impl, Unavailable


@dataclass
class Policy:
    """How hard to measure: sample length, repetitions and a per-implementation time cap."""

    sample_s: float = 0.05
    reps: int = 11
    min_reps: int = 3
    max_impl_s: float = 5.0
    call_timeout_s: float = 120.0    # a warm-up call running longer is abandoned (SIGALRM)

    @classmethod
    def for_run(cls, device: str, quick: bool) -> "Policy":
        if device == "gpu":
            return cls(0.005, 10, 3, 0.6, 30.0) if quick else cls(0.02, 25, 5, 2.0, 120.0)
        return cls(0.02, 5, 3, 1.0, 30.0) if quick else cls(0.05, 11, 3, 5.0, 120.0)


class CallTimeout(Exception):
    """A warm-up call outlived ``Policy.call_timeout_s`` (e.g. a big GEMM in the interpreter)."""


@contextlib.contextmanager
def _time_limit(seconds: float):
    """Raise :class:`CallTimeout` in the main thread after ``seconds`` (POSIX only).

    The interrupt lands between Python bytecodes, which is where the numpy interpreter and
    compilers spend their time; a single long native call ends first and is then abandoned.
    """
    if not seconds or not hasattr(signal, "setitimer") \
            or threading.current_thread() is not threading.main_thread():
        yield
        return

    def _raise(signum, frame):
        raise CallTimeout(f"a call took longer than {seconds:g} s")

    old = signal.signal(signal.SIGALRM, _raise)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


# -- timers ---------------------------------------------------------------------------------

def _sample(impl: Impl, ctx, inner: int, timer: str) -> float:
    """Seconds per call over one sample of ``inner`` calls."""
    torch = ctx.torch
    if impl.setup is not None:
        # One-shot measurements reset state before each call; only the call is timed.
        total = 0.0
        for _ in range(inner):
            impl.setup()
            ctx.sync()
            t0 = time.perf_counter()
            impl.fn()
            ctx.sync()
            total += time.perf_counter() - t0
        return total / inner
    fn = impl.fn
    if ctx.device == "gpu" and timer == "device":
        torch.cuda.synchronize()
        start = torch.cuda.Event(enable_timing=True)
        end = torch.cuda.Event(enable_timing=True)
        start.record()
        for _ in range(inner):
            fn()
        end.record()
        end.synchronize()
        return start.elapsed_time(end) * 1e-3 / inner
    ctx.sync()
    t0 = time.perf_counter()
    for _ in range(inner):
        fn()
    ctx.sync()
    return (time.perf_counter() - t0) / inner


def _classify(exc: BaseException) -> tuple[str, str]:
    """("unavailable" | "error", reason) for an exception raised by an implementation."""
    msg = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    name = type(exc).__name__
    if isinstance(exc, Unavailable):
        return "unavailable", msg
    if isinstance(exc, CallTimeout):
        return "skipped", msg
    if isinstance(exc, (ImportError, NotImplementedError)):
        return "unavailable", f"{name}: {msg}"
    if name in ("BackendUnavailableError", "UnsupportedError"):
        return "unavailable", f"{name}: {msg}"
    if isinstance(exc, AttributeError) and "tiledsl" in msg:
        return "unavailable", f"{name}: {msg}"
    return "error", f"{name}: {msg[:200]}"


def to_tensor(out, torch):
    """An output (tensor, numpy/cupy array, or a tuple whose first item is one) as a float
    torch tensor where it lives, so that GPU outputs are checked on the GPU (copying a
    64M-element result to the host for every implementation would cost seconds per case)."""
    if isinstance(out, (tuple, list)):
        out = out[0] if out else None
    if out is None:
        return None
    if not isinstance(out, torch.Tensor):
        if hasattr(out, "__cuda_array_interface__"):
            out = torch.as_tensor(out, device="cuda")
        else:
            if hasattr(out, "get"):          # pyopencl arrays
                out = out.get()
            out = torch.from_numpy(np.ascontiguousarray(np.asarray(out)))
    out = out.detach()
    # float64 stays float64 (a float32 check would hide float64 errors); the rest -> float32.
    return out if out.dtype == torch.float64 else out.float()


def _compare(got, want, rtol: float, atol: float) -> tuple[bool, float]:
    """(all elements within atol + rtol * |want| and finite, max abs error)."""
    if got is None or want is None:
        return True, 0.0
    if got.shape != want.shape:
        if got.numel() != want.numel():
            return False, math.inf
        got = got.reshape(want.shape)
    got = got.to(device=want.device, dtype=want.dtype)
    err = (got - want).abs()
    max_err = float(err.max()) if err.numel() else 0.0
    ok = bool((err <= atol + rtol * want.abs()).all()) and bool(got.isfinite().all())
    return ok, max_err


# -- one case -------------------------------------------------------------------------------

def time_case(case: Case, ctx, policy: Policy, deadline: float | None = None) -> list[dict]:
    """Time every implementation of ``case``; one result dict per implementation.

    ``deadline`` (a ``time.perf_counter()`` value) ends the case early: implementations not
    yet warmed up by then are ``skipped``, and no call may run much past it.
    """
    rows, live, outputs = [], [], {}
    for impl in case.impls:
        row = {"impl": impl.name, "role": impl.role, "backend": impl.backend,
               "status": "ok", "reason": impl.note}
        rows.append(row)
        limit = policy.call_timeout_s
        if deadline is not None:
            left = deadline - time.perf_counter()
            if left <= 0:
                row["status"], row["reason"] = "skipped", "time budget spent"
                continue
            limit = min(limit, left + 5.0)      # a little grace past the deadline
        try:
            with ctx.backend_scope(impl.backend), _time_limit(limit):
                if impl.setup is not None:
                    impl.setup()
                out = impl.fn()
                ctx.sync()
                outputs[impl.name] = to_tensor(out, ctx.torch) if impl.check else None
            with ctx.backend_scope(impl.backend), _time_limit(limit):
                t1 = _sample(impl, ctx, 1, case.timer)      # calibration, after warm-up
        except Exception as exc:  # noqa: BLE001 - one implementation must not sink the run
            row["status"], row["reason"] = _classify(exc)
            continue
        inner = 1 if impl.setup is not None else max(1, int(policy.sample_s / max(t1, 1e-9)))
        # One-shot measurements (cold compiles, searches) are slow by nature and few samples
        # say little: they get four times the cap.
        cap = policy.max_impl_s * (4 if impl.setup is not None else 1)
        reps = int(cap / max(t1 * inner, 1e-9))
        samples = []
        if reps < policy.min_reps:
            # A slow call: the calibration call counts as a sample, and the cap wins over
            # min_reps (a 30 s interpreter call is timed once or twice, not three times).
            samples, reps = [t1], max(0, reps - 1)
        else:
            reps = min(policy.reps, reps)
        row.update(inner=inner, samples=samples, _reps=reps, _t1=t1)
        live.append((impl, row))

    # Interleave: repetition-major, implementation-minor. The order rotates every repetition
    # so that no implementation always follows the same neighbour: a library whose worker
    # threads keep spinning after a call (OpenBLAS does) would otherwise slow down whichever
    # implementation comes next, every time.
    for r in range(max((row["_reps"] for _, row in live), default=0)):
        shift = r % max(1, len(live))
        for impl, row in live[shift:] + live[:shift]:
            if r >= row["_reps"] or row["status"] != "ok":
                continue
            try:
                with ctx.backend_scope(impl.backend):
                    row["samples"].append(_sample(impl, ctx, row["inner"], case.timer))
            except Exception as exc:  # noqa: BLE001
                row["status"], row["reason"] = _classify(exc)

    for impl, row in live:
        s = np.array(row.pop("samples") or [row["_t1"]])
        row.pop("_reps"), row.pop("_t1")
        row.update(median_s=float(np.median(s)), p25_s=float(np.percentile(s, 25)),
                   p75_s=float(np.percentile(s, 75)), min_s=float(s.min()), reps=int(s.size))

    # Check ours (and the other references) against the first reference that produced output.
    want_name = next((r["impl"] for r in rows if r["role"] == "ref" and r["status"] == "ok"
                      and outputs.get(r["impl"]) is not None), None)
    for row in rows:
        if row["status"] != "ok" or want_name is None or row["impl"] == want_name:
            continue
        got = outputs.get(row["impl"])
        if got is None:
            continue
        ok, err = _compare(got, outputs[want_name], case.rtol, case.atol)
        row.update(check_ok=ok, max_err=err, checked_against=want_name)
    return rows


# -- the roofline ---------------------------------------------------------------------------

class Roofline:
    """Peak FLOP/s per dtype and copy bandwidth, measured lazily in this process.

    Peaks are the best of the vendor libraries on a large matmul (numpy and torch on a CPU,
    torch/cuBLAS on a GPU with TF32 off for float32), so "fraction of roofline" means "fraction
    of what the best library reaches on this machine today", not a datasheet number.
    """

    def __init__(self, ctx):
        self.ctx = ctx
        self.peak_flops: dict[str, float] = {}
        self.copy_bw: float | None = None

    def _best(self, fn, reps: int) -> float:
        fn()
        self.ctx.sync()
        impl = Impl("roof", fn)
        return min(_sample(impl, self.ctx, 1, "device") for _ in range(reps))

    def bandwidth(self) -> float:
        """Bytes/s of a large device copy, counting read + write."""
        if self.copy_bw is None:
            torch, ctx = self.ctx.torch, self.ctx
            n = (1 << 30 if ctx.device == "gpu" else 1 << 28) // 4
            src = torch.ones(n, dtype=torch.float32, device=ctx.dev)
            dst = torch.empty_like(src)
            t = self._best(lambda: dst.copy_(src), 10 if ctx.device == "gpu" else 5)
            if ctx.device == "cpu":
                a, b = src.numpy(), dst.numpy()
                t = min(t, self._best(lambda: np.copyto(b, a), 5))
            self.copy_bw = 2 * n * 4 / t
            del src, dst
        return self.copy_bw

    def peak(self, dtype: str) -> float:
        """FLOP/s of the best library matmul in ``dtype`` on this device."""
        if dtype not in self.peak_flops:
            torch, ctx = self.ctx.torch, self.ctx
            gpu = ctx.device == "gpu"
            # CPU half precision is slow without AMX: smaller matrices keep this under a second.
            n = {"float16": 8192, "bfloat16": 8192, "float32": 8192, "float64": 4096}[dtype] \
                if gpu else {"float32": 2048, "float64": 1536, "float16": 384}.get(dtype, 1024)
            a = torch.randn(n, n, device=ctx.dev).to(getattr(torch, dtype))
            b = torch.randn(n, n, device=ctx.dev).to(getattr(torch, dtype))
            if gpu:
                torch.backends.cuda.matmul.allow_tf32 = False
            t = self._best(lambda: torch.matmul(a, b), 5 if gpu else 3)
            if not gpu and dtype in ("float32", "float64"):
                an, bn = a.numpy(), b.numpy()
                t = min(t, self._best(lambda: an @ bn, 3))
            self.peak_flops[dtype] = 2.0 * n ** 3 / t
        return self.peak_flops[dtype]

    def remeasure(self) -> None:
        """Measure every roof again and keep the better number.

        On a shared machine a roof measured during a noisy second would be too low and push
        fractions above 100%; the best of two measurements, at the start and the end of the
        run, is the honest ceiling.
        """
        old_bw, old_peaks = self.copy_bw, dict(self.peak_flops)
        self.copy_bw, self.peak_flops = None, {}
        self.copy_bw = max(self.bandwidth(), old_bw or 0.0)
        for dtype, old in old_peaks.items():
            self.peak_flops[dtype] = max(self.peak(dtype), old)

    def fraction(self, flops: float, nbytes: float, dtype: str, seconds: float) -> float | None:
        """Achieved / attainable, attainable = min(peak, intensity * bandwidth)."""
        if seconds <= 0 or (flops <= 0 and nbytes <= 0):
            return None
        bw = self.bandwidth()
        if flops <= 0:
            return nbytes / seconds / bw
        try:
            peak = self.peak(dtype)
        except Exception:  # noqa: BLE001 - an odd dtype: bandwidth roof only
            peak = math.inf
        attainable = min(peak, flops / nbytes * bw) if nbytes > 0 else peak
        return flops / seconds / attainable

    def as_dict(self) -> dict:
        return {"copy_GBps": (self.copy_bw or 0) / 1e9,
                "peak_GFLOPs": {k: v / 1e9 for k, v in self.peak_flops.items()}}
