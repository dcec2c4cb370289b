"""torch custom ops (namespace ``tiledsl``) for layer_norm, rms_norm, batch_norm and
group_norm, forward and backward, on the kernels of ``tiledsl.kernels``.

The forward ops return their per-row (or per-channel / per-group) statistics as extra
outputs, marked non-differentiable, so the backward op can reuse them as torch's native
kernels do. Statistics are float32 whatever the input dtype (the kernels compute in fp32).

Batch norm in training mode updates the running statistics. A custom op that mutates an
input cannot have an autograd formula, so that update is its own op
(``tiledsl::batch_norm_update_stats``, ``mutates_args`` declared) and the normalising op
stays functional and differentiable.
"""
from __future__ import annotations

import math
from typing import Optional

import torch
import torch.nn.functional as F
from torch import Tensor

import tiledsl.kernels as K
from tiledsl.kernels.batch_norm import update_running_kernel
from . import _common as C

_STATS = torch.float32


def _check_params(op, x, **params):
    """Norm parameters are in the input's dtype, or fp32 next to a 16-bit input (torch's
    mixed-precision rule); anything else is torch's "mixed dtype" RuntimeError."""
    for name, p in params.items():
        if p is None or p.dtype == x.dtype:
            continue
        if not (x.dtype in (torch.float16, torch.bfloat16) and p.dtype == torch.float32):
            raise RuntimeError(f"mixed dtype (tiledsl::{op}): expected {name} to have scalar "
                               f"type {C.scalar_name(x.dtype)}, got {C.scalar_name(p.dtype)}")


def _rows(x, normalized_shape) -> int:
    """The number of normalised rows (symbolic under dynamic shapes)."""
    return math.prod(x.shape[:x.dim() - len(normalized_shape)])


# -- layer_norm -----------------------------------------------------------------------------


def _layer_norm_check(x, normalized_shape, weight, bias, eps):
    C.check_tensors("layer_norm", input=x, weight=weight, bias=bias)
    C.check_float("layer_norm", x)
    _check_params("layer_norm", x, weight=weight, bias=bias)
    F.layer_norm(C.meta(x), normalized_shape, C.meta(weight), C.meta(bias), eps)


@torch.library.custom_op("tiledsl::layer_norm", mutates_args=())
def layer_norm_op(x: Tensor, normalized_shape: list[int], weight: Optional[Tensor],
                  bias: Optional[Tensor], eps: float) -> tuple[Tensor, Tensor, Tensor]:
    """``(y, mean, rstd)``; ``y`` as ``torch.nn.functional.layer_norm``."""
    _layer_norm_check(x, normalized_shape, weight, bias, eps)
    y, mean, rstd = K.norm_forward(x, normalized_shape, weight, bias, eps)
    return y.contiguous(), mean, rstd


@layer_norm_op.register_fake
def _(x, normalized_shape, weight, bias, eps):
    _layer_norm_check(x, normalized_shape, weight, bias, eps)
    m = _rows(x, normalized_shape)
    return x.new_empty(x.shape), x.new_empty((m,), dtype=_STATS), x.new_empty((m,), dtype=_STATS)


@torch.library.custom_op("tiledsl::layer_norm_backward", mutates_args=())
def layer_norm_backward_op(grad: Tensor, x: Tensor, normalized_shape: list[int],
                           weight: Optional[Tensor], mean: Tensor, rstd: Tensor,
                           bias_grad: bool) -> tuple[Tensor, Tensor, Tensor]:
    """``(dx, dweight, dbias)``; a gradient not asked for is an empty tensor."""
    dx, dw, db = K.norm_backward(grad, x, normalized_shape, weight, mean, rstd,
                                 need_bias_grad=bias_grad)
    return (dx.contiguous(), C.absent(x) if dw is None else dw,
            C.absent(x) if db is None else db)


@layer_norm_backward_op.register_fake
def _(grad, x, normalized_shape, weight, mean, rstd, bias_grad):
    pdtype = weight.dtype if weight is not None else x.dtype
    return (x.new_empty(x.shape),
            x.new_empty(normalized_shape if weight is not None else (0,), dtype=pdtype),
            x.new_empty(normalized_shape, dtype=pdtype) if bias_grad else x.new_empty((0,)))


def _layer_norm_setup(ctx, inputs, output):
    x, normalized_shape, weight, bias, eps = inputs
    _, mean, rstd = output
    ctx.mark_non_differentiable(mean, rstd)
    ctx.save_for_backward(x, weight, mean, rstd)
    ctx.normalized_shape = normalized_shape
    ctx.bias_dtype = None if bias is None else bias.dtype


def _layer_norm_grad(ctx, grad, _gmean, _grstd):
    x, weight, mean, rstd = ctx.saved_tensors
    dx, dw, db = layer_norm_backward_op(grad, x, ctx.normalized_shape, weight, mean, rstd,
                                        ctx.bias_dtype is not None)
    return (dx, None, None if weight is None else dw,
            None if ctx.bias_dtype is None else db.to(ctx.bias_dtype), None)


layer_norm_op.register_autograd(_layer_norm_grad, setup_context=_layer_norm_setup)

# -- rms_norm -------------------------------------------------------------------------------


def _rms_norm_check(x, normalized_shape, weight, eps):
    C.check_tensors("rms_norm", input=x, weight=weight)
    C.check_float("rms_norm", x)
    _check_params("rms_norm", x, weight=weight)
    F.rms_norm(C.meta(x), normalized_shape, C.meta(weight), eps)


@torch.library.custom_op("tiledsl::rms_norm", mutates_args=())
def rms_norm_op(x: Tensor, normalized_shape: list[int], weight: Optional[Tensor],
                eps: Optional[float]) -> tuple[Tensor, Tensor]:
    """``(y, rstd)``; ``y`` as ``torch.nn.functional.rms_norm`` (``eps=None``: the input
    dtype's machine epsilon, as torch)."""
    _rms_norm_check(x, normalized_shape, weight, eps)
    if eps is None:
        eps = torch.finfo(x.dtype).eps
    y, _, rstd = K.norm_forward(x, normalized_shape, weight, None, eps, rms=True)
    return y.contiguous(), rstd


@rms_norm_op.register_fake
def _(x, normalized_shape, weight, eps):
    _rms_norm_check(x, normalized_shape, weight, eps)
    return x.new_empty(x.shape), x.new_empty((_rows(x, normalized_shape),), dtype=_STATS)


@torch.library.custom_op("tiledsl::rms_norm_backward", mutates_args=())
def rms_norm_backward_op(grad: Tensor, x: Tensor, normalized_shape: list[int],
                         weight: Optional[Tensor], rstd: Tensor) -> tuple[Tensor, Tensor]:
    """``(dx, dweight)``; dweight empty without a weight."""
    dx, dw = K.rms_norm_backward(grad, x, normalized_shape, weight, rstd)
    return dx.contiguous(), C.absent(x) if dw is None else dw


@rms_norm_backward_op.register_fake
def _(grad, x, normalized_shape, weight, rstd):
    if weight is None:
        return x.new_empty(x.shape), x.new_empty((0,))
    return x.new_empty(x.shape), weight.new_empty(weight.shape)


def _rms_norm_setup(ctx, inputs, output):
    x, normalized_shape, weight, _ = inputs
    ctx.mark_non_differentiable(output[1])
    ctx.save_for_backward(x, weight, output[1])
    ctx.normalized_shape = normalized_shape


def _rms_norm_grad(ctx, grad, _grstd):
    x, weight, rstd = ctx.saved_tensors
    dx, dw = rms_norm_backward_op(grad, x, ctx.normalized_shape, weight, rstd)
    return dx, None, None if weight is None else dw, None


rms_norm_op.register_autograd(_rms_norm_grad, setup_context=_rms_norm_setup)

# -- batch_norm -----------------------------------------------------------------------------


def _batch_norm_check(x, weight, bias, running_mean, running_var, training, eps):
    C.check_tensors("batch_norm", input=x, weight=weight, bias=bias,
                    running_mean=running_mean, running_var=running_var)
    C.check_float("batch_norm", x)
    # meta copies: torch's checks run, and a training call mutates only the copies
    F.batch_norm(C.meta(x), C.meta(running_mean), C.meta(running_var), C.meta(weight),
                 C.meta(bias), training, 0.0, eps)


@torch.library.custom_op("tiledsl::batch_norm", mutates_args=())
def batch_norm_op(x: Tensor, weight: Optional[Tensor], bias: Optional[Tensor],
                  running_mean: Optional[Tensor], running_var: Optional[Tensor],
                  training: bool, eps: float) -> tuple[Tensor, Tensor, Tensor]:
    """``(y, save_mean, save_rstd)``: batch statistics in training (the running statistics
    are read only in inference; ``batch_norm_update_stats`` updates them), empty stats in
    inference."""
    _batch_norm_check(x, weight, bias, running_mean, running_var, training, eps)
    fmt = C.format_of(x)
    if training:
        y, mean, rstd = K.batch_norm_forward(C.dense(x), None, None, weight, bias, True, 0.0, eps)
    else:
        y = K.batch_norm_forward(C.dense(x), running_mean, running_var, weight, bias, False,
                                 0.0, eps)[0]
        # two distinct tensors: custom-op outputs may not alias each other
        mean, rstd = x.new_empty((0,), dtype=_STATS), x.new_empty((0,), dtype=_STATS)
    return y.contiguous(memory_format=fmt), mean, rstd


@batch_norm_op.register_fake
def _(x, weight, bias, running_mean, running_var, training, eps):
    _batch_norm_check(x, weight, bias, running_mean, running_var, training, eps)
    c = x.shape[1] if training else 0
    return (C.empty(x.shape, x, C.format_of(x)), x.new_empty((c,), dtype=_STATS),
            x.new_empty((c,), dtype=_STATS))


@torch.library.custom_op("tiledsl::batch_norm_update_stats",
                         mutates_args=("running_mean", "running_var"))
def batch_norm_update_stats_op(running_mean: Tensor, running_var: Tensor, save_mean: Tensor,
                               save_rstd: Tensor, count: int, momentum: float,
                               eps: float) -> None:
    """``running = (1 - momentum) * running + momentum * batch`` in place, with the
    unbiased batch variance (``count`` values per channel), as torch's batch_norm."""
    c = running_mean.shape[0]
    # the kernel indexes with unit stride: strided stats are updated through a dense copy
    rm, rv = running_mean.contiguous(), running_var.contiguous()
    update_running_kernel[(1,)](rm, rv, save_mean, save_rstd, c, count, float(momentum),
                                float(eps), BLOCK=128)
    if rm is not running_mean:
        running_mean.copy_(rm)
    if rv is not running_var:
        running_var.copy_(rv)


@batch_norm_update_stats_op.register_fake
def _(running_mean, running_var, save_mean, save_rstd, count, momentum, eps):
    return None


@torch.library.custom_op("tiledsl::batch_norm_backward", mutates_args=())
def batch_norm_backward_op(grad: Tensor, x: Tensor, weight: Optional[Tensor], mean: Tensor,
                           rstd_or_var: Tensor, training: bool,
                           eps: float) -> tuple[Tensor, Tensor, Tensor]:
    """``(dx, dweight, dbias)``; ``mean``/``rstd_or_var`` are the saved batch statistics in
    training and the running mean/variance in inference."""
    fmt = C.format_of(x)
    # the kernel's channel reductions accumulate in fp32 and reject fp64 running stats
    # (tiledsl.kernels.batch_norm_backward(..., training=False) on float64 stats fails to
    # compile), so the stats go in as fp32, which is what the kernel computes in anyway
    dx, dw, db = K.batch_norm_backward(C.dense(grad, x), C.dense(x), weight, mean.float(),
                                       rstd_or_var.float(), training, eps)
    return dx.contiguous(memory_format=fmt), dw, db


@batch_norm_backward_op.register_fake
def _(grad, x, weight, mean, rstd_or_var, training, eps):
    pdtype = weight.dtype if weight is not None else x.dtype
    c = x.shape[1]
    return (C.empty(x.shape, x, C.format_of(x)), x.new_empty((c,), dtype=pdtype),
            x.new_empty((c,), dtype=pdtype))


def _batch_norm_setup(ctx, inputs, output):
    x, weight, bias, running_mean, running_var, training, eps = inputs
    _, mean, rstd = output
    ctx.mark_non_differentiable(mean, rstd)
    if training:
        ctx.save_for_backward(x, weight, mean, rstd)
    else:
        ctx.save_for_backward(x, weight, running_mean, running_var)
    ctx.training, ctx.eps = training, eps
    ctx.bias_dtype = None if bias is None else bias.dtype


def _batch_norm_grad(ctx, grad, _gmean, _grstd):
    x, weight, mean, rstd_or_var = ctx.saved_tensors
    dx, dw, db = batch_norm_backward_op(grad, x, weight, mean, rstd_or_var, ctx.training,
                                        ctx.eps)
    return (dx, None if weight is None else dw,
            None if ctx.bias_dtype is None else db.to(ctx.bias_dtype), None, None, None, None)


batch_norm_op.register_autograd(_batch_norm_grad, setup_context=_batch_norm_setup)

# -- group_norm -----------------------------------------------------------------------------


def _group_norm_check(x, num_groups, weight, bias, eps):
    C.check_tensors("group_norm", input=x, weight=weight, bias=bias)
    C.check_float("group_norm", x)
    _check_params("group_norm", x, weight=weight, bias=bias)
    F.group_norm(C.meta(x), num_groups, C.meta(weight), C.meta(bias), eps)


@torch.library.custom_op("tiledsl::group_norm", mutates_args=())
def group_norm_op(x: Tensor, num_groups: int, weight: Optional[Tensor],
                  bias: Optional[Tensor], eps: float) -> tuple[Tensor, Tensor, Tensor]:
    """``(y, mean, rstd)`` with (N, num_groups) statistics; ``y`` as
    ``torch.nn.functional.group_norm``."""
    _group_norm_check(x, num_groups, weight, bias, eps)
    fmt = C.format_of(x)
    y, mean, rstd = K.group_norm_forward(C.dense(x), num_groups, weight, bias, eps)
    return y.contiguous(memory_format=fmt), mean, rstd


@group_norm_op.register_fake
def _(x, num_groups, weight, bias, eps):
    _group_norm_check(x, num_groups, weight, bias, eps)
    stats = (x.shape[0], num_groups)
    return (C.empty(x.shape, x, C.format_of(x)), x.new_empty(stats, dtype=_STATS),
            x.new_empty(stats, dtype=_STATS))


@torch.library.custom_op("tiledsl::group_norm_backward", mutates_args=())
def group_norm_backward_op(grad: Tensor, x: Tensor, num_groups: int, weight: Optional[Tensor],
                           mean: Tensor, rstd: Tensor) -> tuple[Tensor, Tensor, Tensor]:
    """``(dx, dweight, dbias)`` of group_norm."""
    fmt = C.format_of(x)
    dx, dw, db = K.group_norm_backward(C.dense(grad, x), C.dense(x), num_groups, weight, mean,
                                       rstd)
    return dx.contiguous(memory_format=fmt), dw, db


@group_norm_backward_op.register_fake
def _(grad, x, num_groups, weight, mean, rstd):
    pdtype = weight.dtype if weight is not None else x.dtype
    c = x.shape[1]
    return (C.empty(x.shape, x, C.format_of(x)), x.new_empty((c,), dtype=pdtype),
            x.new_empty((c,), dtype=pdtype))


def _group_norm_setup(ctx, inputs, output):
    x, num_groups, weight, bias, eps = inputs
    _, mean, rstd = output
    ctx.mark_non_differentiable(mean, rstd)
    ctx.save_for_backward(x, weight, mean, rstd)
    ctx.num_groups = num_groups
    ctx.bias_dtype = None if bias is None else bias.dtype


def _group_norm_grad(ctx, grad, _gmean, _grstd):
    x, weight, mean, rstd = ctx.saved_tensors
    dx, dw, db = group_norm_backward_op(grad, x, ctx.num_groups, weight, mean, rstd)
    return (dx, None, None if weight is None else dw,
            None if ctx.bias_dtype is None else db.to(ctx.bias_dtype), None)


group_norm_op.register_autograd(_group_norm_grad, setup_context=_group_norm_setup)
