"""Shared plumbing of the torch custom ops: argument checks that raise what torch raises,
meta-tensor shape inference, and the memory-format rule every op follows.

Why meta tensors: torch's own shape checks (and their exception classes and messages) run
for free when the reference ``torch.nn.functional`` op is called on ``device="meta"``
copies of the arguments, which cost no memory and no compute. The few checks that meta
kernels skip (devices, dtype agreement, unsupported dtypes) are written out here.
"""
from __future__ import annotations

import torch

# dtypes the tiledsl kernels implement; anything else gets torch's NotImplementedError
FLOAT_DTYPES = (torch.float16, torch.bfloat16, torch.float32, torch.float64)

# torch's C++ scalar-type names, used in its "not implemented for 'Long'" messages
_SCALAR_NAMES = {
    torch.bool: "Bool", torch.uint8: "Byte", torch.int8: "Char", torch.int16: "Short",
    torch.int32: "Int", torch.int64: "Long", torch.float16: "Half", torch.bfloat16: "BFloat16",
    torch.float32: "Float", torch.float64: "Double", torch.complex64: "ComplexFloat",
    torch.complex128: "ComplexDouble",
}


def scalar_name(dtype: torch.dtype) -> str:
    return _SCALAR_NAMES.get(dtype, str(dtype).replace("torch.", ""))


def check_tensors(op: str, **named) -> None:
    """Every named argument is a tensor (or None) and all tensors share one device.

    Raises TypeError for a non-tensor (what torch's argument parser raises) and
    RuntimeError for mixed devices (torch's "Expected all tensors to be on the same device").
    """
    devices = []
    for name, t in named.items():
        if t is None:
            continue
        if not isinstance(t, torch.Tensor):
            raise TypeError(f"{op}(): argument '{name}' must be Tensor, not {type(t).__name__}")
        if t.device not in devices:
            devices.append(t.device)
    if len(devices) > 1:
        raise RuntimeError(f"Expected all tensors to be on the same device, but found at least "
                           f"two devices, {devices[0]} and {devices[1]}! (in tiledsl::{op})")


def check_float(op: str, x: torch.Tensor) -> None:
    """torch raises NotImplementedError for a dtype a kernel lacks; so do we."""
    if x.dtype not in FLOAT_DTYPES:
        raise NotImplementedError(f'"tiledsl::{op}" not implemented for '
                                  f"'{scalar_name(x.dtype)}'")


def check_same_dtype(op: str, x: torch.Tensor, **others) -> None:
    """Operands that torch requires to share ``x``'s dtype (RuntimeError, as torch)."""
    for name, t in others.items():
        if t is not None and t.dtype != x.dtype:
            raise RuntimeError(f"tiledsl::{op}: expected {name} to have scalar type "
                               f"{scalar_name(x.dtype)} but found {scalar_name(t.dtype)}")


def meta(t):
    """A meta-device stand-in for ``t`` (same shape, strides and dtype; no storage)."""
    if not isinstance(t, torch.Tensor):
        return t
    return torch.empty_strided(t.shape, t.stride(), dtype=t.dtype, device="meta")


def is_channels_last(x: torch.Tensor) -> bool:
    """A 4-D tensor laid out NHWC (and not also plain contiguous, as when C == 1)."""
    return (x.dim() == 4 and x.is_contiguous(memory_format=torch.channels_last)
            and not x.is_contiguous())


def format_of(x: torch.Tensor) -> torch.memory_format:
    """The memory format our ops give outputs (and gradients) for input ``x``: channels-last
    inputs keep channels-last, as torch's convolution and norm kernels do; everything else
    is made contiguous. Real and fake implementations both follow this rule, so the fake
    strides always match the real ones."""
    return torch.channels_last if is_channels_last(x) else torch.contiguous_format


def dense(t: torch.Tensor, like: torch.Tensor | None = None) -> torch.Tensor:
    """``t`` in the memory format chosen for ``like`` (default ``t``): a copy only when
    ``t`` is strided otherwise (transposed, sliced, expanded gradients)."""
    return t.contiguous(memory_format=format_of(t if like is None else like))


def empty(shape, like: torch.Tensor, fmt: torch.memory_format | None = None,
          dtype: torch.dtype | None = None) -> torch.Tensor:
    """An output on ``like``'s device; 4-D outputs take ``fmt`` (default contiguous)."""
    out = torch.empty(shape, dtype=dtype or like.dtype, device=like.device)
    if fmt is torch.channels_last and len(shape) == 4:
        out = out.contiguous(memory_format=torch.channels_last)
    return out


def absent(like: torch.Tensor) -> torch.Tensor:
    """The placeholder a backward op returns for a gradient nobody asked for (custom ops
    cannot return None in a tensor slot); the autograd formula turns it back into None."""
    return like.new_empty((0,))


def pair(v, name: str) -> list[int]:
    """torch's ``_pair``: an int or a 1/2-sequence of ints as a 2-list."""
    if isinstance(v, int):
        return [v, v]
    v = list(v)
    if len(v) == 1:
        v = v * 2
    if len(v) != 2 or not all(isinstance(i, int) for i in v):
        raise RuntimeError(f"{name} must be an int or a pair of ints, got {v!r}")
    return v
