"""Tutorials suite: the Triton-tutorial kernels of ``tiledsl.kernels.tutorials`` as perf entries.

The examples double as benchmarks: vector add, fused softmax, the grouped GEMM and the
LayerNorm forward, each against torch (and numpy on a CPU) and, on a GPU, against the
Triton kernels of ``triton_refs`` where one does the same job. They are the first tiledsl
kernels that exist, so this suite measures the compiler before the kernel library lands.
"""
from __future__ import annotations

import importlib

from .registry import Case, Unavailable, entry


def _tutorial(name: str):
    try:
        return importlib.import_module(f"tiledsl.kernels.tutorials.{name}")
    except Exception as exc:  # noqa: BLE001
        raise Unavailable(f"tiledsl.kernels.tutorials.{name}: {type(exc).__name__}: "
                          f"{exc}") from None


def _ours(case: Case, name: str, call) -> None:
    """Add the tutorial's host wrapper as ours, or an unavailable row saying why not."""
    try:
        mod = _tutorial(name)
    except Unavailable as exc:
        case.unavailable(f"tutorial.{name}", str(exc))
        return
    case.ours(f"tutorial.{name}", lambda: call(mod))


def _triton(case: Case, ctx, fn_name: str, *args) -> None:
    if ctx.device != "gpu":
        return
    try:
        fn = getattr(ctx.triton_refs(), fn_name)
        case.ref("triton", lambda: fn(*args))
    except Exception as exc:  # noqa: BLE001
        case.unavailable("triton", str(exc), role="ref")


@entry("tutorials", "vector_add",
       params=[dict(n=1 << k, device="cpu") for k in (16, 20, 24)]
       + [dict(n=1 << k, device="gpu") for k in (20, 24, 28)],
       quick=[dict(n=1 << 22, device="cpu"), dict(n=1 << 26, device="gpu")])
def vector_add(p, ctx):
    """z = x + y (float32): pure bandwidth."""
    torch = ctx.torch
    x, y = ctx.randn(p["n"]), ctx.randn(p["n"])
    case = Case(flops=p["n"], bytes=3 * ctx.nbytes(x), size=p["n"], rtol=0, atol=1e-6)
    _ours(case, "vector_add", lambda m: m.add(x, y))
    case.ref("torch", lambda: torch.add(x, y))
    if ctx.device == "cpu":
        xn, yn = ctx.np(x), ctx.np(y)
        case.ref("numpy", lambda: xn + yn)
    return case


@entry("tutorials", "fused_softmax",
       params=[dict(rows=r, cols=c, device="cpu") for r, c in ((8192, 256), (4096, 1024),
                                                               (1024, 4096))]
       + [dict(rows=r, cols=c, dtype="float16", device="gpu")
          for r, c in ((65536, 1024), (16384, 4096))],
       quick=[dict(rows=4096, cols=1024, device="cpu"),
              dict(rows=16384, cols=4096, dtype="float16", device="gpu")])
def fused_softmax(p, ctx):
    """Row softmax, one pass per row."""
    torch = ctx.torch
    dt = p.get("dtype", "float32")
    x = ctx.randn(p["rows"], p["cols"], dtype=dt)
    tol = 2e-2 if dt == "float16" else 1e-5
    case = Case(flops=5 * x.numel(), bytes=2 * ctx.nbytes(x), dtype=dt, size=x.numel(),
                rtol=tol, atol=tol)
    _ours(case, "fused_softmax", lambda m: m.softmax(x))
    case.ref("torch", lambda: torch.softmax(x, dim=-1))
    _triton(case, ctx, "softmax", x)
    return case


@entry("tutorials", "matmul",
       params=[dict(M=s, N=s, K=s, dtype="float32", device="cpu") for s in (128, 256, 512)]
       + [dict(M=s, N=s, K=s, dtype="float16", device="gpu") for s in (1024, 4096)],
       quick=[dict(M=256, N=256, K=256, dtype="float32", device="cpu"),
              dict(M=4096, N=4096, K=4096, dtype="float16", device="gpu")])
def matmul(p, ctx):
    """The grouped-ordering autotuned GEMM of the tutorial (no activation)."""
    from .gemm import gemm_case

    try:
        mod = _tutorial("matmul")
        ours = ("tutorial.matmul", lambda a, b, _bias: mod.matmul(a, b))
    except Unavailable as exc:
        ours = exc
    return gemm_case(p, ctx, ours=ours)


@entry("tutorials", "layer_norm",
       params=[dict(rows=r, cols=c, device="cpu") for r, c in ((8192, 512), (2048, 4096))]
       + [dict(rows=r, cols=c, dtype="float16", device="gpu")
          for r, c in ((65536, 1024), (16384, 4096))],
       quick=[dict(rows=4096, cols=1024, device="cpu"),
              dict(rows=16384, cols=4096, dtype="float16", device="gpu")])
def layer_norm(p, ctx):
    """LayerNorm forward (the tutorial also writes mean and rstd)."""
    torch = ctx.torch
    dt = p.get("dtype", "float32")
    x = ctx.randn(p["rows"], p["cols"], dtype=dt)
    w, b = ctx.randn(p["cols"], dtype=dt), ctx.randn(p["cols"], dtype=dt)
    tol = 2e-2 if dt == "float16" else 1e-4
    case = Case(flops=8 * x.numel(), bytes=2 * ctx.nbytes(x), dtype=dt, size=x.numel(),
                rtol=tol, atol=tol)
    _ours(case, "layer_norm", lambda m: m.layer_norm_fwd(x, w, b, 1e-5))
    case.ref("torch", lambda: torch.nn.functional.layer_norm(x, (p["cols"],), w, b, 1e-5))
    _triton(case, ctx, "layer_norm", x, w, b, 1e-5)
    return case
