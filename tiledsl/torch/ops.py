"""torch custom ops (namespace ``tiledsl``) for matmul, linear, conv2d, softmax and
log_softmax: forward and backward are both custom ops with fake implementations, so
``torch.compile(fullgraph=True)`` traces models through them and AOTAutograd puts the
backward ops into the backward graph. The norm ops live in ``norms.py``.

Every op checks its arguments as torch does (see ``_common``), then runs a tiledsl kernel
from ``tiledsl.kernels``; CPU tensors take the cpu backend and CUDA tensors the ptx
backend, because the kernels pick the backend from the arguments' device.
"""
from __future__ import annotations

from typing import Optional

import torch
import torch.nn.functional as F
from torch import Tensor

import tiledsl.kernels as K
from . import _common as C

# -- matmul ---------------------------------------------------------------------------------


def _matmul_check(a, b):
    C.check_tensors("matmul", input=a, other=b)
    C.check_float("matmul", a)
    C.check_same_dtype("matmul", a, other=b)
    if a.dim() < 2 or b.dim() < 2:
        # the functional wrapper turns 1-D operands into matrices before it gets here
        raise RuntimeError(f"tiledsl::matmul needs operands with at least 2 dimensions, got "
                           f"{list(a.shape)} and {list(b.shape)}")
    return torch.matmul(C.meta(a), C.meta(b))


@torch.library.custom_op("tiledsl::matmul", mutates_args=())
def matmul_op(a: Tensor, b: Tensor) -> Tensor:
    """``a @ b`` with numpy batch broadcasting (both operands at least 2-D)."""
    out = _matmul_check(a, b)
    return K.matmul(a, b).reshape(out.shape).contiguous()


@matmul_op.register_fake
def _(a, b):
    return a.new_empty(_matmul_check(a, b).shape)


@torch.library.custom_op("tiledsl::matmul_backward", mutates_args=())
def matmul_backward_op(grad: Tensor, a: Tensor, b: Tensor) -> tuple[Tensor, Tensor]:
    """``(grad @ b^T, a^T @ grad)``, each summed over the batch dims it was broadcast along."""
    da = K.matmul(grad, b.mT).sum_to_size(a.shape).contiguous()
    db = K.matmul(a.mT, grad).sum_to_size(b.shape).contiguous()
    return da, db


@matmul_backward_op.register_fake
def _(grad, a, b):
    return a.new_empty(a.shape), b.new_empty(b.shape)


def _matmul_setup(ctx, inputs, output):
    ctx.save_for_backward(*inputs)


def _matmul_grad(ctx, grad):
    a, b = ctx.saved_tensors
    return matmul_backward_op(grad, a, b)


matmul_op.register_autograd(_matmul_grad, setup_context=_matmul_setup)

# -- linear ---------------------------------------------------------------------------------


def _linear_check(x, weight, bias):
    C.check_tensors("linear", input=x, weight=weight, bias=bias)
    C.check_float("linear", x)
    C.check_same_dtype("linear", x, weight=weight, bias=bias)
    return F.linear(C.meta(x), C.meta(weight), C.meta(bias))


@torch.library.custom_op("tiledsl::linear", mutates_args=())
def linear_op(x: Tensor, weight: Tensor, bias: Optional[Tensor]) -> Tensor:
    """``x @ weight^T + bias`` as ``torch.nn.functional.linear``: one matmul launch with
    the bias fused in its epilogue; the transposed weight is a stride view, not a copy."""
    out = _linear_check(x, weight, bias)
    k = x.shape[-1]
    w2 = weight.reshape(-1, k)
    fused = bias is not None and bias.dim() <= 1
    b = bias.broadcast_to((w2.shape[0],)) if fused else None
    y = K.matmul(x.reshape(-1, k), w2.t(), b).reshape(out.shape)
    if bias is not None and not fused:
        # a bias of 2+ dims (allowed by addmm's broadcasting) cannot ride in the epilogue
        y = y + bias
    return y.contiguous()


@linear_op.register_fake
def _(x, weight, bias):
    return x.new_empty(_linear_check(x, weight, bias).shape)


@torch.library.custom_op("tiledsl::linear_backward", mutates_args=())
def linear_backward_op(grad: Tensor, x: Tensor, weight: Tensor,
                       bias_grad: bool) -> tuple[Tensor, Tensor, Tensor]:
    """``(dx, dweight, dbias)``; dbias (summed to shape (out_features,)) is a ones-row
    matmul, so it is a tiledsl kernel too and deterministic; empty when not asked for."""
    k = x.shape[-1]
    w2 = weight.reshape(-1, k)
    g2 = grad.reshape(-1, w2.shape[0])
    x2 = x.reshape(-1, k)
    dx = K.matmul(g2, w2).reshape(x.shape)
    dw = K.matmul(g2.t(), x2).reshape(weight.shape)
    if bias_grad:
        ones = torch.ones((1, g2.shape[0]), dtype=grad.dtype, device=grad.device)
        db = K.matmul(ones, g2).reshape(w2.shape[0])
    else:
        db = C.absent(grad)
    return dx.contiguous(), dw.contiguous(), db


@linear_backward_op.register_fake
def _(grad, x, weight, bias_grad):
    n = weight.shape[0] if weight.dim() == 2 else 1
    return (x.new_empty(x.shape), weight.new_empty(weight.shape),
            grad.new_empty((n,) if bias_grad else (0,)))


def _linear_setup(ctx, inputs, output):
    x, weight, bias = inputs
    ctx.save_for_backward(x, weight)
    ctx.bias_shape = None if bias is None else bias.shape


def _linear_grad(ctx, grad):
    x, weight = ctx.saved_tensors
    dx, dw, db = linear_backward_op(grad, x, weight, ctx.bias_shape is not None)
    if ctx.bias_shape is None:
        return dx, dw, None
    if len(ctx.bias_shape) > 1:
        db = grad.sum_to_size(ctx.bias_shape)
    return dx, dw, db.sum_to_size(ctx.bias_shape)


linear_op.register_autograd(_linear_grad, setup_context=_linear_setup)

# -- conv2d ---------------------------------------------------------------------------------


def _conv_check(x, weight, bias, stride, padding, dilation, groups):
    C.check_tensors("conv2d", input=x, weight=weight, bias=bias)
    C.check_float("conv2d", x)
    C.check_same_dtype("conv2d", x, weight=weight, bias=bias)
    if weight.dim() == 4 and groups > 0 and weight.shape[0] % groups:
        # meta kernels skip this one; torch's CPU kernel raises it as a RuntimeError
        raise RuntimeError(f"Given groups={groups}, expected weight to be divisible by "
                           f"{groups} at dimension 0, but got weight of size "
                           f"{list(weight.shape)} instead")
    return F.conv2d(C.meta(x), C.meta(weight), C.meta(bias), stride, padding, dilation, groups)


@torch.library.custom_op("tiledsl::conv2d", mutates_args=())
def conv2d_op(x: Tensor, weight: Tensor, bias: Optional[Tensor], stride: list[int],
              padding: list[int], dilation: list[int], groups: int) -> Tensor:
    """2-D cross-correlation as ``torch.nn.functional.conv2d`` (numeric padding; the
    functional wrapper resolves "same"/"valid"). 3-D input is one unbatched image.
    FastRun picks the algorithm inside ``tiledsl.kernels.conv2d``."""
    out = _conv_check(x, weight, bias, stride, padding, dilation, groups)
    fmt = C.format_of(x)
    x4 = x.unsqueeze(0) if x.dim() == 3 else x
    y = K.conv2d(C.dense(x4), weight.contiguous(), bias, stride=tuple(stride),
                               padding=tuple(padding), dilation=tuple(dilation), groups=groups)
    return y.reshape(out.shape).contiguous(memory_format=fmt)


@conv2d_op.register_fake
def _(x, weight, bias, stride, padding, dilation, groups):
    out = _conv_check(x, weight, bias, stride, padding, dilation, groups)
    return C.empty(out.shape, x, C.format_of(x))


@torch.library.custom_op("tiledsl::conv2d_backward", mutates_args=())
def conv2d_backward_op(grad: Tensor, x: Tensor, weight: Tensor, stride: list[int],
                       padding: list[int], dilation: list[int], groups: int,
                       bias_grad: bool) -> tuple[Tensor, Tensor, Tensor]:
    """``(dx, dweight, dbias)`` of conv2d; dbias empty when not asked for."""
    fmt = C.format_of(x)
    x4 = x.unsqueeze(0) if x.dim() == 3 else x
    g4 = grad.unsqueeze(0) if grad.dim() == 3 else grad
    # tiledsl.kernels.conv2d_backward implements fp16/bf16/fp32 only: fp64 runs in fp32
    # (the precision the norm kernels use for fp64 too) and is cast back
    work = torch.float32 if x.dtype == torch.float64 else x.dtype
    dx, dw, db = K.conv2d_backward(
        C.dense(g4, x4).to(work), C.dense(x4).to(work), weight.contiguous().to(work),
        tuple(stride), tuple(padding), tuple(dilation), groups, "NCHW")
    db = db.to(weight.dtype).reshape(weight.shape[0]) if bias_grad else C.absent(grad)
    return (dx.to(x.dtype).reshape(x.shape).contiguous(memory_format=fmt),
            dw.to(weight.dtype).contiguous(), db)


@conv2d_backward_op.register_fake
def _(grad, x, weight, stride, padding, dilation, groups, bias_grad):
    return (C.empty(x.shape, x, C.format_of(x)), weight.new_empty(weight.shape),
            grad.new_empty((weight.shape[0],) if bias_grad else (0,)))


def _conv_setup(ctx, inputs, output):
    x, weight, bias, stride, padding, dilation, groups = inputs
    ctx.save_for_backward(x, weight)
    ctx.args = (stride, padding, dilation, groups)
    ctx.has_bias = bias is not None


def _conv_grad(ctx, grad):
    x, weight = ctx.saved_tensors
    dx, dw, db = conv2d_backward_op(grad, x, weight, *ctx.args, ctx.has_bias)
    return dx, dw, db if ctx.has_bias else None, None, None, None, None


conv2d_op.register_autograd(_conv_grad, setup_context=_conv_setup)

# -- softmax / log_softmax ------------------------------------------------------------------


def _softmax_check(op, x, dim):
    C.check_tensors(op, input=x)
    C.check_float(op, x)
    nd = max(x.dim(), 1)
    if not -nd <= dim < nd:
        raise IndexError(f"Dimension out of range (expected to be in range of [{-nd}, "
                         f"{nd - 1}], but got {dim})")


def _make_softmax(log: bool):
    """The forward and backward custom ops of softmax (``log=False``) or log_softmax."""
    name = "log_softmax" if log else "softmax"
    forward_kernel = K.log_softmax if log else K.softmax
    backward_kernel = K.log_softmax_backward if log else K.softmax_backward

    @torch.library.custom_op(f"tiledsl::{name}", mutates_args=())
    def forward(x: Tensor, dim: int) -> Tensor:
        _softmax_check(name, x, dim)
        return forward_kernel(x, dim).contiguous()

    @forward.register_fake
    def _(x, dim):
        _softmax_check(name, x, dim)
        return x.new_empty(x.shape)

    @torch.library.custom_op(f"tiledsl::{name}_backward", mutates_args=())
    def backward(grad: Tensor, output: Tensor, dim: int) -> Tensor:
        return backward_kernel(grad, output, dim).contiguous()

    @backward.register_fake
    def _(grad, output, dim):
        return output.new_empty(output.shape)

    def setup(ctx, inputs, output):
        ctx.save_for_backward(output)
        ctx.dim = inputs[1]

    def grad_fn(ctx, grad):
        (output,) = ctx.saved_tensors
        return backward(grad, output, ctx.dim), None

    forward.register_autograd(grad_fn, setup_context=setup)
    forward.__doc__ = f"``torch.{name}`` along ``dim`` (a tiledsl kernel, fp32 math)."
    return forward, backward


softmax_op, softmax_backward_op = _make_softmax(False)
log_softmax_op, log_softmax_backward_op = _make_softmax(True)
