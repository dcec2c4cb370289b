"""Norms and softmax suites: rows x columns sweeps of memory-bound row reductions.

Ours: ``tiledsl.kernels.layer_norm(x, normalized_shape, weight, bias, eps)``,
``rms_norm(x, normalized_shape, weight, eps)`` and ``softmax(x, dim=-1)``. References: torch,
numpy (CPU; the obvious multi-pass expression, which is what a numpy user writes), and the
Triton kernels of ``triton_refs`` on a GPU.

These kernels are bandwidth-bound, so the column to read is GB/s against the copy bandwidth
(``roof``): ``bytes`` counts reading x once and writing y once. The FLOP counts (per element:
layer_norm 8, rms_norm 5, softmax 5 with exp counted as one) only place the points on the
roofline plot.
"""
from __future__ import annotations

import numpy as np

from .registry import Case, entry

CPU_SHAPES = [(16384, 128), (8192, 512), (4096, 1024), (2048, 4096), (512, 16384),
              (64, 131072)]
GPU_SHAPES = [(262144, 256), (65536, 1024), (16384, 4096), (4096, 16384), (2048, 32768),
              (256, 131072)]


def _params(cpu_dtypes=("float32",), gpu_dtypes=("float16", "float32")):
    return ([dict(rows=r, cols=c, dtype=d, device="cpu") for d in cpu_dtypes
             for r, c in CPU_SHAPES]
            + [dict(rows=r, cols=c, dtype=d, device="gpu") for d in gpu_dtypes
               for r, c in GPU_SHAPES])


QUICK = ([dict(rows=r, cols=c, dtype="float32", device="cpu")
          for r, c in ((8192, 512), (2048, 4096))]
         + [dict(rows=r, cols=c, dtype="float16", device="gpu")
            for r, c in ((65536, 1024), (16384, 4096), (2048, 32768))])


def _row_case(p, ctx, flops_per_elem: float) -> tuple[Case, object]:
    x = ctx.randn(p["rows"], p["cols"], dtype=p["dtype"])
    tol = 2e-2 if p["dtype"] in ("float16", "bfloat16") else 1e-4
    return Case(flops=flops_per_elem * x.numel(), bytes=2 * ctx.nbytes(x), dtype=p["dtype"],
                size=float(x.numel()), rtol=tol, atol=tol), x


def _add_triton(case, ctx, name, fn):
    try:
        tri = ctx.triton_refs()
        case.ref("triton", lambda: getattr(tri, name)(*fn()))
    except Exception as exc:  # noqa: BLE001
        if ctx.device == "gpu":
            case.unavailable("triton", str(exc), role="ref")


@entry("norms", "layer_norm", params=_params(), quick=QUICK)
def layer_norm(p, ctx):
    """LayerNorm over the last dimension, with weight and bias."""
    torch = ctx.torch
    case, x = _row_case(p, ctx, 8)
    cols, eps = p["cols"], 1e-5
    w, b = ctx.randn(cols, dtype=p["dtype"]), ctx.randn(cols, dtype=p["dtype"])
    case.ours("tiledsl", lambda: ctx.kernel("layer_norm")(x, (cols,), w, b, eps))
    case.ref("torch", lambda: torch.nn.functional.layer_norm(x, (cols,), w, b, eps))
    if ctx.device == "cpu":
        xn, wn, bn = ctx.np(x), ctx.np(w), ctx.np(b)

        def numpy_ln():
            mu = xn.mean(axis=-1, keepdims=True)
            var = xn.var(axis=-1, keepdims=True)
            return (xn - mu) / np.sqrt(var + eps) * wn + bn

        case.ref("numpy", numpy_ln)
    _add_triton(case, ctx, "layer_norm", lambda: (x, w, b, eps))
    return case


@entry("norms", "rms_norm", params=_params(), quick=QUICK[:1] + QUICK[2:4])
def rms_norm(p, ctx):
    """RMSNorm over the last dimension, with weight."""
    torch = ctx.torch
    case, x = _row_case(p, ctx, 5)
    cols, eps = p["cols"], 1e-6
    w = ctx.randn(cols, dtype=p["dtype"])
    case.ours("tiledsl", lambda: ctx.kernel("rms_norm")(x, (cols,), w, eps))
    case.ref("torch", lambda: torch.nn.functional.rms_norm(x, (cols,), w, eps))
    if ctx.device == "cpu":
        xn, wn = ctx.np(x), ctx.np(w)
        case.ref("numpy", lambda: xn / np.sqrt((xn * xn).mean(-1, keepdims=True) + eps) * wn)
    _add_triton(case, ctx, "rms_norm", lambda: (x, w, eps))
    return case


@entry("softmax", "softmax", params=_params(), quick=QUICK)
def softmax(p, ctx):
    """Row softmax (dim=-1)."""
    torch = ctx.torch
    case, x = _row_case(p, ctx, 5)
    case.ours("tiledsl", lambda: ctx.kernel("softmax")(x, dim=-1))
    case.ref("torch", lambda: torch.softmax(x, dim=-1))
    if ctx.device == "cpu":
        xn = ctx.np(x)

        def numpy_softmax():
            e = np.exp(xn - xn.max(axis=-1, keepdims=True))
            return e / e.sum(axis=-1, keepdims=True)

        case.ref("numpy", numpy_softmax)
    _add_triton(case, ctx, "softmax", lambda: (x,))
    return case
