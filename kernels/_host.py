"""Host-side plumbing shared by the kernel library: array kinds, allocation, configs.

Every public op takes numpy arrays, torch tensors (CPU or CUDA) or cupy arrays and returns
outputs of the same kind and device as its first input. Inputs are made contiguous where a
kernel needs it (a copy, never a silent change of the caller's array).
"""
from __future__ import annotations

import numpy as np

from tiledsl import dtypes as dt
from tiledsl.runtime.args import array_device


def kind(x) -> str:
    """"numpy", "torch", "cupy" or "pyopencl"."""
    mod = type(x).__module__.split(".")[0]
    return mod if mod in ("torch", "cupy", "pyopencl") else "numpy"


def dtype_of(x) -> dt.dtype:
    if kind(x) == "torch":
        return dt.from_torch(x.dtype)
    return dt.from_numpy(x.dtype)


def check_array(name: str, x, ndim: int | tuple | None = None, dtypes=None):
    """Validate an input as torch would: a TypeError for a non-array, a RuntimeError-like
    ValueError for wrong rank or dtype, naming the argument."""
    if array_device(x) is None:
        raise TypeError(f"{name} must be a numpy array, torch tensor or cupy array, "
                        f"got {type(x).__name__}")
    if ndim is not None:
        allowed = ndim if isinstance(ndim, tuple) else (ndim,)
        if x.ndim not in allowed:
            raise ValueError(f"{name} must have {' or '.join(map(str, allowed))} dimensions, "
                             f"got shape {tuple(x.shape)}")
    if dtypes is not None and dtype_of(x).name not in dtypes:
        raise TypeError(f"{name} has dtype {dtype_of(x)}; supported: {', '.join(dtypes)}")
    return x


def empty(like, shape, dtype: dt.dtype | None = None):
    """An uninitialised array of ``like``'s kind and device."""
    d = dtype or dtype_of(like)
    k = kind(like)
    if k == "torch":
        import torch
        return torch.empty(tuple(shape), dtype=dt.to_torch(d), device=like.device)
    if k == "cupy":
        import cupy
        return cupy.empty(tuple(shape), dtype=d.np)
    if k == "pyopencl":
        import pyopencl.array as cla
        return cla.empty(like.queue, tuple(shape), dtype=d.np)
    return np.empty(tuple(shape), dtype=d.np)


def empty_like(x, dtype: dt.dtype | None = None):
    """An uninitialised array shaped like ``x`` in the same memory format (channels-last
    and transposed layouts are kept, as torch's ``empty_like`` does)."""
    k = kind(x)
    if k == "torch":
        import torch
        return torch.empty_like(x, dtype=dt.to_torch(dtype) if dtype else None)
    if k == "pyopencl":
        return empty(x, x.shape, dtype)
    xp = __import__("cupy") if k == "cupy" else np
    return xp.empty_like(x, dtype=dtype.np if dtype else None)


def zeros(like, shape, dtype: dt.dtype | None = None):
    out = empty(like, shape, dtype)
    if kind(out) == "torch":
        out.zero_()
    elif kind(out) == "pyopencl":
        out.fill(0)
    else:
        out[...] = 0
    return out


def contiguous(x):
    if kind(x) == "torch":
        return x.contiguous()
    if kind(x) == "cupy":
        import cupy
        return cupy.ascontiguousarray(x)
    if kind(x) == "pyopencl":
        return x if x.flags.c_contiguous else x.copy()  # pyopencl copies keep strides
    return np.ascontiguousarray(x)


def reshape(x, shape):
    return x.reshape(tuple(shape))


def moveaxis(x, src: int, dst: int):
    nd = max(len(x.shape), 1)
    if src % nd == dst % nd:
        return x
    if kind(x) == "pyopencl":
        order = list(range(nd))
        order.insert(dst % nd, order.pop(src % nd))
        return x.transpose(order)
    if kind(x) == "torch":
        return x.movedim(src, dst)
    if kind(x) == "cupy":
        import cupy
        return cupy.moveaxis(x, src, dst)
    return np.moveaxis(x, src, dst)


def strides(x) -> tuple[int, ...]:
    """Strides in elements."""
    if kind(x) == "torch":
        return tuple(x.stride())
    return tuple(s // x.dtype.itemsize for s in x.strides)


def next_power_of_2(n: int) -> int:
    return 1 if n <= 1 else 1 << (int(n) - 1).bit_length()


def backend_of(*arrays) -> str:
    """The backend a launch on these arrays takes (what ``tiled.jit`` would choose)."""
    from tiledsl.backends import select
    return select({array_device(a) for a in arrays if array_device(a)})
