"""GEMM suite: square, skinny and small-K shapes in every benchmarked dtype, plus a fused epilogue.

Ours is ``tiledsl.kernels.matmul(a, b, bias=None, activation=None)``. References: torch
(oneDNN/MKL on a CPU, cuBLAS on a GPU, TF32 off so float32 means float32), numpy on a CPU, and
on a GPU the Triton matmul of ``triton_refs`` (fp16/bf16, and fp32 with IEEE precision).
"""
from __future__ import annotations

import math

from .registry import Case, Unavailable, entry


def _gpu(*ps):
    return [dict(p, device="gpu") for p in ps]


def _cpu(*ps):
    return [dict(p, device="cpu") for p in ps]


def _tolerance(dtype: str, k: int) -> tuple[float, float]:
    """(rtol, atol) for a K-long dot product of unit normals (error grows like sqrt(K))."""
    eps = {"float64": 1e-9, "float32": 1e-4, "float16": 1e-2, "bfloat16": 4e-2}[dtype]
    return 10 * eps, 10 * eps * math.sqrt(k)


def gemm_case(p: dict, ctx, bias: bool = False, activation: str | None = None,
              ours=None) -> Case:
    """The case for ``C = act(A @ B + bias)`` with A (M, K), B (K, N) in ``p["dtype"]``.

    ``ours`` replaces the implementation under test: ``(name, fn(a, b, bias))``, or a
    :class:`Unavailable` to record; default ``tiledsl.kernels.matmul``.
    """
    torch = ctx.torch
    m, n, k, dt = p["M"], p["N"], p["K"], p["dtype"]
    a, b = ctx.randn(m, k, dtype=dt), ctx.randn(k, n, dtype=dt)
    bv = ctx.randn(n, dtype=dt) if bias else None
    rtol, atol = _tolerance(dt, k)
    case = Case(flops=2.0 * m * n * k, bytes=ctx.nbytes(a, b) + m * n * a.element_size(),
                dtype=dt, size=float(m) * n * k, rtol=rtol, atol=atol)

    if isinstance(ours, Unavailable):
        case.unavailable("tiledsl", str(ours))
    elif ours is not None:
        name, fn = ours
        case.ours(name, lambda: fn(a, b, bv))
    else:
        case.ours("tiledsl", lambda: ctx.kernel("matmul")(a, b, bias=bv, activation=activation))

    if bias or activation:
        act = {None: lambda t: t, "relu": torch.relu, "gelu": torch.nn.functional.gelu}[activation]
        case.ref("torch", lambda: act(torch.addmm(bv, a, b) if bias else a @ b))
    else:
        case.ref("torch", lambda: torch.matmul(a, b))
    if ctx.device == "cpu" and dt in ("float32", "float64") and not (bias or activation):
        an, bn = ctx.np(a), ctx.np(b)
        case.ref("numpy", lambda: an @ bn)
    if ctx.device == "gpu" and not (bias or activation):
        try:
            tri = ctx.triton_refs()
            case.ref("triton", lambda: tri.matmul(a, b))
        except Exception as exc:  # noqa: BLE001 - Triton is optional
            case.unavailable("triton", str(exc), role="ref")
    return case


SQUARE = (
    _cpu(*[dict(M=s, N=s, K=s, dtype="float32") for s in (128, 256, 512, 1024, 2048)],
         *[dict(M=s, N=s, K=s, dtype="float64") for s in (256, 1024)],
         *[dict(M=s, N=s, K=s, dtype="bfloat16") for s in (256, 1024)],
         dict(M=256, N=256, K=256, dtype="float16"))       # torch's CPU fp16 GEMM is ~1 GFLOP/s
    + _gpu(*[dict(M=s, N=s, K=s, dtype=d) for d in ("float16", "bfloat16")
             for s in (512, 1024, 2048, 4096, 8192)],
           *[dict(M=s, N=s, K=s, dtype="float32") for s in (1024, 4096)])
)


@entry("gemm", "square", params=SQUARE,
       quick=_cpu(dict(M=256, N=256, K=256, dtype="float32"),
                  dict(M=1024, N=1024, K=1024, dtype="float32"))
       + _gpu(dict(M=1024, N=1024, K=1024, dtype="float16"),
              dict(M=4096, N=4096, K=4096, dtype="float16"),
              dict(M=4096, N=4096, K=4096, dtype="bfloat16"),
              dict(M=4096, N=4096, K=4096, dtype="float32")))
def square(p, ctx):
    """Square C = A @ B."""
    return gemm_case(p, ctx)


SKINNY = (
    _cpu(dict(M=1, N=4096, K=4096, dtype="float32"), dict(M=16, N=4096, K=4096, dtype="float32"),
         dict(M=64, N=4096, K=1024, dtype="float32"), dict(M=4096, N=64, K=1024, dtype="float32"),
         dict(M=16, N=4096, K=4096, dtype="bfloat16"))
    + _gpu(*[dict(M=m, N=8192, K=8192, dtype=d) for d in ("float16", "bfloat16")
             for m in (1, 16, 128)],
           dict(M=8192, N=128, K=8192, dtype="float16"),
           dict(M=16, N=8192, K=8192, dtype="float32"))
)


@entry("gemm", "skinny", params=SKINNY,
       quick=_cpu(dict(M=16, N=4096, K=4096, dtype="float32"))
       + _gpu(dict(M=16, N=8192, K=8192, dtype="float16"),
              dict(M=128, N=8192, K=8192, dtype="float16")))
def skinny(p, ctx):
    """Skinny (decode-like) GEMMs: one dimension tiny, memory-bound on B."""
    return gemm_case(p, ctx)


SMALL_K = (
    _cpu(*[dict(M=2048, N=2048, K=k, dtype="float32") for k in (16, 64, 128)])
    + _gpu(*[dict(M=8192, N=8192, K=k, dtype=d) for d in ("float16", "bfloat16")
             for k in (16, 64, 128)])
)


@entry("gemm", "small_k", params=SMALL_K,
       quick=_cpu(dict(M=2048, N=2048, K=64, dtype="float32"))
       + _gpu(dict(M=8192, N=8192, K=64, dtype="float16")))
def small_k(p, ctx):
    """Small-K GEMMs: large output, little reduction; bound by writing C."""
    return gemm_case(p, ctx)


EPILOGUE = (
    _cpu(*[dict(M=s, N=s, K=s, dtype="float32", act=a) for s in (512, 1024)
           for a in ("relu", "gelu")])
    + _gpu(*[dict(M=s, N=s, K=s, dtype="float16", act=a) for s in (2048, 8192)
             for a in ("relu", "gelu")])
)


@entry("gemm", "bias_act", params=EPILOGUE,
       quick=_cpu(dict(M=512, N=512, K=512, dtype="float32", act="relu"))
       + _gpu(dict(M=4096, N=4096, K=4096, dtype="float16", act="gelu")))
def bias_act(p, ctx):
    """act(A @ B + bias) fused in our kernel vs torch addmm followed by the activation."""
    return gemm_case(p, ctx, bias=True, activation=p["act"])
