"""The cpu backend's own numbers: tutorial GEMM vs numpy/torch, fused softmax and layer norm
vs torch and a memory copy, cold compile, warm load from disk and launch overhead.

As harness entries (suite ``cpu_backend``, device cpu) and as a standalone report::

    python -m tiledsl.perf.cpu_backend          # prints medians and same-run ratios

Ratios are what count: the machines are shared, and ours and the references alternate in
the same run. GEMM uses the Triton-tutorial kernel (``kernels/tutorials/matmul.py``: ``tl.dot``
in a masked K loop) with a fixed CPU-friendly config instead of its autotuner.
"""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np

from .registry import Case, entry

# Measured (1024^3 and 2048^3, quiet machine): 32x128x32 and 64x128x32 run at ~0.8x numpy,
# 64x64x32 at ~0.4x (its 8x32 register blocks reload B twice as often per FMA); 32x128x32
# compiles fastest of the good ones.
GEMM_CONFIG = dict(BLOCK_SIZE_M=32, BLOCK_SIZE_N=128, BLOCK_SIZE_K=32, GROUP_SIZE_M=8,
                   ACTIVATION="")


def _gemm_call(a, b, c):
    import tiledsl as tiled
    from tiledsl.kernels.tutorials import matmul as mm
    M, K = a.shape
    N = b.shape[1]
    grid = (tiled.cdiv(M, GEMM_CONFIG["BLOCK_SIZE_M"]) * tiled.cdiv(N, GEMM_CONFIG["BLOCK_SIZE_N"]),)
    return lambda: mm.matmul_kernel.fn[grid](a, b, c, M, N, K, K, 1, N, 1, N, 1,
                                             **GEMM_CONFIG) and c


@entry("cpu_backend", "tutorial_gemm", params=[dict(n=1024, device="cpu"),
                                               dict(n=2048, device="cpu")],
       quick=[dict(n=1024, device="cpu")])
def tutorial_gemm(p, ctx):
    n = p["n"]
    a = ctx.np(ctx.randn(n, n))
    b = ctx.np(ctx.randn(n, n))
    c = np.empty((n, n), np.float32)
    case = Case(flops=2.0 * n ** 3, bytes=3 * 4 * n * n, rtol=1e-3, atol=1e-2)
    run = _gemm_call(a, b, c)
    case.ours("tiledsl", lambda: (run(), c)[1], backend="cpu")
    case.ref("numpy", lambda: a @ b)
    return case


@entry("cpu_backend", "tutorial_softmax", params=[dict(rows=4096, cols=4096, device="cpu")])
def tutorial_softmax(p, ctx):
    from tiledsl.kernels.tutorials import fused_softmax as fs
    x = ctx.randn(p["rows"], p["cols"])
    xn, out = ctx.np(x), np.empty((p["rows"], p["cols"]), np.float32)
    case = Case(flops=5.0 * x.numel(), bytes=2 * ctx.nbytes(x), rtol=1e-5, atol=1e-6)
    case.ours("tiledsl", lambda: fs.softmax(xn, out), backend="cpu")
    case.ref("torch", lambda: ctx.torch.softmax(x, -1))
    y = np.empty_like(xn)
    case.ref("copy", lambda: np.copyto(y, xn), check=False, compare=False)
    return case


@entry("cpu_backend", "tutorial_layer_norm", params=[dict(rows=4096, cols=4096, device="cpu")])
def tutorial_layer_norm(p, ctx):
    from tiledsl.kernels.tutorials import layer_norm as ln
    x = ctx.randn(p["rows"], p["cols"])
    w, b = ctx.randn(p["cols"]), ctx.randn(p["cols"])
    xn, wn, bn = ctx.np(x), ctx.np(w), ctx.np(b)
    case = Case(flops=8.0 * x.numel(), bytes=2 * ctx.nbytes(x), rtol=1e-4, atol=1e-4)
    case.ours("tiledsl", lambda: ln.layer_norm_fwd(xn, wn, bn)[0], backend="cpu")
    case.ref("torch", lambda: ctx.torch.nn.functional.layer_norm(x, (p["cols"],), w, b))
    y = np.empty_like(xn)
    case.ref("copy", lambda: np.copyto(y, xn), check=False, compare=False)
    return case


# -- standalone report -------------------------------------------------------------------------

def _interleaved(fns: dict, reps: int) -> dict:
    """Median seconds of each callable, calls alternating ABAB... after one warm-up each."""
    for f in fns.values():
        f()
    times = {k: [] for k in fns}
    for _ in range(reps):
        for k, f in fns.items():
            t0 = time.perf_counter()
            f()
            times[k].append(time.perf_counter() - t0)
    return {k: statistics.median(v) for k, v in times.items()}


_COMPILE_SNIPPET = r"""
import time, numpy as np
t0 = time.perf_counter(); p0 = time.process_time()
import tiledsl as tiled
from tiledsl.kernels.tutorials import matmul as mm
from tiledsl.perf.cpu_backend import GEMM_CONFIG
t1 = time.perf_counter(); p1 = time.process_time()
a = np.ones((512, 512), np.float32)
with tiled.backend("cpu"):
    k = mm.matmul_kernel.fn.warmup(a, a, a, 512, 512, 512, 512, 1, 512, 1, 512, 1,
                                   grid=(1,), **GEMM_CONFIG)
print(time.perf_counter() - t1, time.process_time() - p1, k.handle.from_cache)
"""


def _compile_times(reps: int = 3) -> dict:
    """Cold compile (empty cache) and warm load (a new process, same cache) of the GEMM
    kernel, excluding interpreter start-up and imports; wall and CPU seconds."""
    out = {"cold": [], "warm": []}
    for _ in range(reps):
        with tempfile.TemporaryDirectory() as cache:
            env = dict(os.environ, TILEDSL_CACHE_DIR=cache)
            for kind in ("cold", "warm"):
                r = subprocess.run([sys.executable, "-c", _COMPILE_SNIPPET], env=env,
                                   capture_output=True, text=True, check=True)
                wall, cpu, hit = r.stdout.split()
                assert (hit == "True") == (kind == "warm")
                out[kind].append((float(wall), float(cpu)))
    return {k: (statistics.median(w for w, _ in v), statistics.median(c for _, c in v))
            for k, v in out.items()}


def _launch_overhead(reps: int = 3000) -> float:
    import tiledsl as tiled
    from tiledsl.kernels.tutorials import vector_add
    x = np.zeros(16, np.float32)
    with tiled.backend("cpu"):
        call = lambda: vector_add.add_kernel[(1,)](x, x, x, 16, BLOCK_SIZE=16)  # noqa: E731
        call()
        ts = []
        for _ in range(reps):
            t0 = time.perf_counter_ns()
            call()
            ts.append(time.perf_counter_ns() - t0)
    return statistics.median(ts) / 1e3


def main(reps: int = 7) -> None:
    import torch
    import tiledsl as tiled
    from tiledsl.kernels.tutorials import fused_softmax as fs, layer_norm as ln
    torch.set_num_threads(os.cpu_count() or 1)
    rng = np.random.default_rng(0)
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    with tiled.backend("cpu"):
        for n in (1024, 2048):
            a = rng.standard_normal((n, n), dtype=np.float32)
            b = rng.standard_normal((n, n), dtype=np.float32)
            c = np.empty((n, n), np.float32)
            t = _interleaved({"tiledsl": _gemm_call(a, b, c), "numpy": lambda: a @ b}, reps)
            np.testing.assert_allclose(c, a @ b, rtol=1e-3, atol=1e-2)
            gf = {k: 2 * n ** 3 / v / 1e9 for k, v in t.items()}
            print(f"GEMM {n}^3 fp32: tiledsl {gf['tiledsl']:.1f} GFLOP/s, numpy "
                  f"{gf['numpy']:.1f} GFLOP/s -> {t['numpy'] / t['tiledsl']:.2f}x numpy")
        x = rng.standard_normal((4096, 4096), dtype=np.float32)
        xt = torch.from_numpy(x)
        w, bb = rng.standard_normal(4096, dtype=np.float32), rng.standard_normal(4096,
                                                                               dtype=np.float32)
        wt, bt = torch.from_numpy(w), torch.from_numpy(bb)
        out, y = np.empty_like(x), np.empty_like(x)
        t = _interleaved({
            "softmax": lambda: fs.softmax(x, out),
            "torch_softmax": lambda: torch.softmax(xt, -1),
            "layer_norm": lambda: ln.layer_norm_fwd(x, w, bb),
            "torch_layer_norm": lambda: torch.nn.functional.layer_norm(xt, (4096,), wt, bt),
            "copy": lambda: np.copyto(y, x)}, reps)
    gbs = {k: 2 * x.nbytes / v / 1e9 for k, v in t.items()}
    for k in ("softmax", "layer_norm"):
        print(f"{k} 4096x4096 fp32: tiledsl {gbs[k]:.1f} GB/s, torch {gbs['torch_' + k]:.1f} "
              f"GB/s, copy {gbs['copy']:.1f} GB/s -> {t['torch_' + k] / t[k]:.2f}x torch, "
              f"{gbs[k] / gbs['copy']:.0%} of copy")
    ct = _compile_times()
    print(f"GEMM kernel cold compile {ct['cold'][0]:.3f} s wall ({ct['cold'][1]:.3f} s CPU), "
          f"warm load from disk {ct['warm'][0] * 1e3:.1f} ms wall "
          f"({ct['warm'][1] * 1e3:.1f} ms CPU)")
    print(f"launch overhead of a trivial kernel: {_launch_overhead():.1f} us")


if __name__ == "__main__":
    main()
