"""The remaining norm ops and backward passes, so every op and algorithm of the kernel
library has an entry: log_softmax, batch_norm (training), group_norm, the softmax and
layer-norm backward passes, and conv2d's backward (data and weight gradients together).

References: torch (CPU: oneDNN/ATen; GPU: CUDA/cuDNN), measured in the same run.
"""
from __future__ import annotations

from .norms import QUICK, _params, _row_case
from .registry import Case, entry

_NCHW = ([dict(n=8, c=64, hw=56, dtype="float32", device="cpu"),
          dict(n=32, c=256, hw=28, dtype="float16", device="gpu")])


@entry("softmax", "log_softmax", params=_params(), quick=QUICK[:1] + QUICK[3:4])
def log_softmax(p, ctx):
    """Row log_softmax (dim=-1)."""
    case, x = _row_case(p, ctx, 5)
    case.ours("tiledsl", lambda: ctx.kernel("log_softmax")(x, -1))
    case.ref("torch", lambda: ctx.torch.log_softmax(x, -1))
    return case


@entry("softmax", "softmax_backward", params=_params(), quick=QUICK[:1] + QUICK[3:4])
def softmax_backward(p, ctx):
    """dx of softmax from (dy, y); reads two tensors, writes one."""
    case, x = _row_case(p, ctx, 4)
    y = ctx.torch.softmax(x, -1)
    dy = ctx.randn(*x.shape, dtype=p["dtype"])
    case.bytes = 3 * ctx.nbytes(x)
    case.ours("tiledsl", lambda: ctx.kernel("softmax_backward")(dy, y, -1))
    case.ref("torch", lambda: ctx.torch._softmax_backward_data(dy, y, -1, y.dtype))
    return case


@entry("norms", "layer_norm_backward", params=_params(), quick=QUICK[:1] + QUICK[3:4])
def layer_norm_backward(p, ctx):
    """dx, dweight and dbias of LayerNorm (ours: deterministic partial sums)."""
    torch = ctx.torch
    cols = p["cols"]
    case, x = _row_case(p, ctx, 12)
    w, b = ctx.randn(cols, dtype=p["dtype"]), ctx.randn(cols, dtype=p["dtype"])
    dy = ctx.randn(*x.shape, dtype=p["dtype"])
    case.bytes = 3 * ctx.nbytes(x)
    k = ctx.kernels()
    _, mean, rstd = k.norm_forward(x, cols, w, b, 1e-5)
    case.ours("tiledsl", lambda: k.layer_norm_backward(dy, x, cols, w, b, mean, rstd))
    xr = x.detach().clone().requires_grad_()
    wr, br = w.detach().clone().requires_grad_(), b.detach().clone().requires_grad_()
    yr = torch.nn.functional.layer_norm(xr, (cols,), wr, br, 1e-5)
    case.ref("torch", lambda: torch.autograd.grad(yr, (xr, wr, br), dy, retain_graph=True))
    return case


@entry("norms", "batch_norm", params=_NCHW, quick=_NCHW)
def batch_norm(p, ctx):
    """BatchNorm2d forward in training mode (statistics + running-stat update + normalise)."""
    torch = ctx.torch
    x = ctx.randn(p["n"], p["c"], p["hw"], p["hw"], dtype=p["dtype"])
    w, b = ctx.randn(p["c"], dtype=p["dtype"]), ctx.randn(p["c"], dtype=p["dtype"])
    rm, rv = torch.zeros_like(w), torch.ones_like(w)
    rm2, rv2 = rm.clone(), rv.clone()
    tol = 2e-2 if p["dtype"] == "float16" else 1e-4
    case = Case(flops=8.0 * x.numel(), bytes=3 * ctx.nbytes(x), dtype=p["dtype"],
                size=float(x.numel()), rtol=tol, atol=tol)
    case.ours("tiledsl", lambda: ctx.kernel("batch_norm")(x, rm, rv, w, b, True, 0.1, 1e-5))
    case.ref("torch", lambda: torch.nn.functional.batch_norm(x, rm2, rv2, w, b, True, 0.1,
                                                             1e-5))
    return case


@entry("norms", "group_norm", params=_NCHW, quick=_NCHW)
def group_norm(p, ctx):
    """GroupNorm forward with 32 groups."""
    torch = ctx.torch
    x = ctx.randn(p["n"], p["c"], p["hw"], p["hw"], dtype=p["dtype"])
    w, b = ctx.randn(p["c"], dtype=p["dtype"]), ctx.randn(p["c"], dtype=p["dtype"])
    tol = 2e-2 if p["dtype"] == "float16" else 1e-4
    case = Case(flops=8.0 * x.numel(), bytes=3 * ctx.nbytes(x), dtype=p["dtype"],
                size=float(x.numel()), rtol=tol, atol=tol)
    case.ours("tiledsl", lambda: ctx.kernel("group_norm")(x, 32, w, b, 1e-5))
    case.ref("torch", lambda: torch.nn.functional.group_norm(x, 32, w, b, 1e-5))
    return case


_CONV_BWD = [dict(n=1, c=64, hw=28, k=64, r=3, dtype="float32", device="cpu"),
             dict(n=8, c=64, hw=56, k=64, r=3, dtype="float16", device="gpu")]


@entry("conv", "backward", params=_CONV_BWD, quick=_CONV_BWD)
def conv_backward(p, ctx):
    """conv2d backward: data and weight gradients (and bias) of a 3x3, stride-1 layer."""
    torch = ctx.torch
    x = ctx.randn(p["n"], p["c"], p["hw"], p["hw"], dtype=p["dtype"])
    w = ctx.randn(p["k"], p["c"], p["r"], p["r"], dtype=p["dtype"], scale=0.1)
    dy = ctx.randn(p["n"], p["k"], p["hw"], p["hw"], dtype=p["dtype"])
    flops = 4.0 * p["n"] * p["k"] * p["hw"] ** 2 * p["c"] * p["r"] ** 2
    case = Case(flops=flops, bytes=ctx.nbytes(x, w, dy) * 2, dtype=p["dtype"],
                size=flops, rtol=5e-2, atol=5e-2)
    case.ours("tiledsl", lambda: ctx.kernel("conv2d_backward")(dy, x, w, 1, 1, 1, 1, "NCHW"))
    xr, wr = x.detach().clone().requires_grad_(), w.detach().clone().requires_grad_()
    yr = torch.nn.functional.conv2d(xr, wr, padding=1)
    case.ref("torch", lambda: torch.autograd.grad(yr, (xr, wr), dy, retain_graph=True))
    return case
