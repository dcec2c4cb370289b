"""``make run``: compile and run the tutorial kernels on the default backend.

The backend is ``TILEDSL_BACKEND`` (or ``TILEDSL_INTERPRET=1``) when set, else ``cpu`` when
that backend is available on this machine, else the ``interp`` reference interpreter. Each
row prints the kernel, its problem shape, the backend, the max abs error against numpy, the
time of the first call (compilation included) and the median time of later calls.

A kernel that fails on the chosen compiled backend is reported as such and retried on the
interpreter, so the demo still shows what works; the exit status is 1 if any kernel failed.
"""
from __future__ import annotations

import argparse
import sys
import time
import traceback

import numpy as np

from . import dropout, fused_softmax, layer_norm, matmul, vector_add
from ._common import backend_scope, max_abs_err, time_call


def _backend_available(name: str) -> bool:
    """Ask the backend itself whether it can run here (its ``BACKEND.is_available()``)."""
    try:
        import importlib
        mod = importlib.import_module(f"tiledsl.backends.{name}")
        return bool(mod.BACKEND.is_available())
    except Exception:       # not built, not importable, or no device: all mean "no"
        return False


def pick_backend() -> str:
    """The backend the demo runs on (see the module docstring for the order)."""
    from tiledsl import knobs
    forced = knobs.backend_override()
    if forced:
        return forced
    return "cpu" if _backend_available("cpu") else "interp"


def _cases(small: bool, rng: np.random.Generator):
    """(name, shape, run, reference) for each demo kernel; ``run()`` returns the output."""
    f32 = np.float32
    n = 1 << (16 if small else 22)
    x, y = rng.standard_normal(n).astype(f32), rng.standard_normal(n).astype(f32)
    yield "vector_add", (n,), lambda: vector_add.add(x, y), lambda: vector_add.reference(x, y)

    rows, cols = (256, 781) if small else (4096, 781)
    s = (rng.standard_normal((rows, cols)) * 3).astype(f32)
    yield ("fused_softmax", (rows, cols), lambda: fused_softmax.softmax(s),
           lambda: fused_softmax.reference(s))

    m = 128 if small else 512
    a, b = rng.standard_normal((m, m)).astype(f32), rng.standard_normal((m, m)).astype(f32)
    yield ("matmul+leaky_relu", (m, m, m),
           lambda: matmul.matmul(a, b, activation="leaky_relu"),
           lambda: matmul.reference(a, b, "leaky_relu"))

    xd = (rng.uniform(0.5, 1.5, n)).astype(f32)
    yield ("dropout(p=0.25)", (n,), lambda: dropout.dropout(xd, 0.25, 1234),
           lambda: dropout.reference(xd, 0.25, 1234))

    lm, ln = (128, 1024) if small else (2048, 1024)
    xl = (rng.standard_normal((lm, ln)) + 1).astype(f32)
    w, bb = rng.uniform(0.5, 1.5, ln).astype(f32), rng.standard_normal(ln).astype(f32)
    yield ("layer_norm fwd", (lm, ln), lambda: layer_norm.layer_norm_fwd(xl, w, bb)[0],
           lambda: layer_norm.reference_fwd(xl, w, bb)[0])

    dy = rng.standard_normal((lm, ln)).astype(f32)
    _, mean, rstd = layer_norm.reference_fwd(xl, w, bb)
    mean, rstd = mean.astype(f32), rstd.astype(f32)
    yield ("layer_norm bwd (dx)", (lm, ln),
           lambda: layer_norm.layer_norm_bwd(dy, xl, w, mean, rstd)[0],
           lambda: layer_norm.reference_bwd(dy, xl, w)[0])


def _run_one(run, ref, backend: str, reps: int):
    """(max abs err, first-call seconds, median seconds) of ``run`` on ``backend``."""
    with backend_scope(backend):
        t0 = time.perf_counter()
        out = run()
        first = time.perf_counter() - t0
        med = time_call(run, warmup=0, reps=reps)
    return max_abs_err(out, ref()), first, med


def main(argv=None) -> int:
    """Entry point of ``python -m tiledsl.kernels.tutorials.demo``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", help="override the backend choice")
    parser.add_argument("--small", action="store_true",
                        help="small shapes (the default on the interpreter)")
    parser.add_argument("--reps", type=int, default=5, help="timed calls per kernel")
    args = parser.parse_args(argv)

    backend = args.backend or pick_backend()
    small = args.small or backend == "interp"
    # Absolute tolerances. dropout's reference uses Triton's Philox stream, so it matches
    # only if tl.rand is bit-compatible with Triton's: a different mask shows as an error ~1.
    tol = {"matmul+leaky_relu": 1e-2}
    print(f"tiledsl tutorials demo: backend={backend} ({'small' if small else 'full'} shapes)")
    header = f"{'kernel':<22}{'shape':<20}{'backend':<9}{'max abs err':>12}" \
             f"{'first call':>12}{'median':>12}"
    print(header)
    print("-" * len(header))
    failures = 0
    rng = np.random.default_rng(0)
    for name, shape, run, ref in _cases(small, rng):
        used = backend
        try:
            err, first, med = _run_one(run, ref, backend, args.reps)
        except Exception as exc:     # report and fall back: the demo should show what works
            failures += 1
            print(f"{name:<22}{str(shape):<20}{backend:<9}  FAILED: "
                  f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}")
            if backend == "interp":
                traceback.print_exc()
                continue
            used = "interp"
            try:
                err, first, med = _run_one(run, ref, used, 1)
            except Exception as exc2:
                print(f"{'':<22}{'':<20}{used:<9}  FAILED: {type(exc2).__name__}: {exc2}")
                continue
        ok = err <= tol.get(name, 1e-3)
        failures += not ok
        print(f"{name:<22}{str(shape):<20}{used:<9}{err:>12.2e}{first * 1e3:>10.1f}ms"
              f"{med * 1e3:>10.2f}ms" + ("" if ok else "  <-- error above tolerance"))
    print("-" * len(header))
    print("all kernels match numpy" if not failures else f"{failures} kernel(s) failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
