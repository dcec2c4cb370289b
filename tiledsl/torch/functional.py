"""Functional wrappers with ``torch.nn.functional``'s signatures over the ``tiledsl``
custom ops. They only adapt arguments (int-or-pair, string padding, 1-D matmul operands,
softmax's ``dtype``) and pick the output out of the op's (output, statistics) tuple, so
they trace under ``torch.compile(fullgraph=True)`` without graph breaks.
"""
from __future__ import annotations

import warnings

import torch.nn.functional as F

from . import _common as C
from .norms import (batch_norm_op, batch_norm_update_stats_op, group_norm_op, layer_norm_op,
                    rms_norm_op)
from .ops import conv2d_op, linear_op, log_softmax_op, matmul_op, softmax_op


def linear(input, weight, bias=None):
    """As ``torch.nn.functional.linear``: ``input @ weight.T + bias``."""
    C.check_tensors("linear", input=input, weight=weight, bias=bias)
    return linear_op(input, weight, bias)


def matmul(input, other):
    """As ``torch.matmul`` (1-D operands are promoted to matrices and the added dimension
    removed afterwards, as torch does)."""
    C.check_tensors("matmul", input=input, other=other)
    if input.dim() == 0 or other.dim() == 0:
        raise RuntimeError(f"both arguments to matmul need to be at least 1D, but they are "
                           f"{input.dim()}D and {other.dim()}D")
    a = input.unsqueeze(0) if input.dim() == 1 else input
    b = other.unsqueeze(-1) if other.dim() == 1 else other
    out = matmul_op(a, b)
    if other.dim() == 1:
        out = out.squeeze(-1)
    if input.dim() == 1:
        out = out.squeeze(-2 if other.dim() > 1 else -1)
    return out


def _conv_padding(input, weight, stride, padding, dilation):
    """Numeric padding for string ``padding``, and any extra bottom/right padding that
    "same" needs when the total is odd (torch pads that side; so do we, with F.pad)."""
    if not isinstance(padding, str):
        return input, C.pair(padding, "padding")
    if padding == "valid":
        return input, [0, 0]
    if padding != "same":
        raise RuntimeError(f"Invalid padding string: '{padding}'")
    if stride != [1, 1]:
        raise RuntimeError("padding='same' is not supported for strided convolutions")
    sym, extra = [], []
    for d, k in zip(dilation, weight.shape[-2:]):
        total = d * (k - 1)
        sym.append(total // 2)
        extra.append(total - 2 * (total // 2))
    if any(extra):
        input = F.pad(input, [0, extra[1], 0, extra[0]])
    return input, sym


def conv2d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    """As ``torch.nn.functional.conv2d`` (zero padding; ``padding`` may be "valid" or
    "same"; 3-D input is one unbatched image)."""
    C.check_tensors("conv2d", input=input, weight=weight, bias=bias)
    stride, dilation = C.pair(stride, "stride"), C.pair(dilation, "dilation")
    input, padding = _conv_padding(input, weight, stride, padding, dilation)
    return conv2d_op(input, weight, bias, stride, padding, dilation, groups)


def _normalized(shape) -> list[int]:
    return [shape] if isinstance(shape, int) else list(shape)


def layer_norm(input, normalized_shape, weight=None, bias=None, eps=1e-5):
    """As ``torch.nn.functional.layer_norm``."""
    C.check_tensors("layer_norm", input=input, weight=weight, bias=bias)
    return layer_norm_op(input, _normalized(normalized_shape), weight, bias, eps)[0]


def rms_norm(input, normalized_shape, weight=None, eps=None):
    """As ``torch.nn.functional.rms_norm``."""
    C.check_tensors("rms_norm", input=input, weight=weight)
    return rms_norm_op(input, _normalized(normalized_shape), weight, eps)[0]


def batch_norm(input, running_mean, running_var, weight=None, bias=None, training=False,
               momentum=0.1, eps=1e-5):
    """As ``torch.nn.functional.batch_norm``: in training, normalises with the batch
    statistics and (when given) updates ``running_mean``/``running_var`` in place."""
    C.check_tensors("batch_norm", input=input, running_mean=running_mean,
                    running_var=running_var, weight=weight, bias=bias)
    y, mean, rstd = batch_norm_op(input, weight, bias, running_mean, running_var, training, eps)
    if training and running_mean is not None and running_var is not None:
        count = input.numel() // input.shape[1]
        batch_norm_update_stats_op(running_mean, running_var, mean, rstd, count,
                                   float(momentum), eps)
    return y


def group_norm(input, num_groups, weight=None, bias=None, eps=1e-5):
    """As ``torch.nn.functional.group_norm``."""
    C.check_tensors("group_norm", input=input, weight=weight, bias=bias)
    return group_norm_op(input, num_groups, weight, bias, eps)[0]


def _softmax_dim(ndim: int) -> int:
    # torch's legacy implicit-dim rule (and its warning) for dim=None
    warnings.warn("Implicit dimension choice for softmax has been deprecated. Change the call "
                  "to include dim=X as an argument.", stacklevel=3)
    return 0 if ndim in (0, 1, 3) else 1


def softmax(input, dim=None, _stacklevel=3, dtype=None):
    """As ``torch.nn.functional.softmax`` (``dtype`` casts the input first)."""
    C.check_tensors("softmax", input=input)
    if dtype is not None:
        input = input.to(dtype)
    return softmax_op(input, _softmax_dim(input.dim()) if dim is None else dim)


def log_softmax(input, dim=None, _stacklevel=3, dtype=None):
    """As ``torch.nn.functional.log_softmax`` (``dtype`` casts the input first)."""
    C.check_tensors("log_softmax", input=input)
    if dtype is not None:
        input = input.to(dtype)
    return log_softmax_op(input, _softmax_dim(input.dim()) if dim is None else dim)
