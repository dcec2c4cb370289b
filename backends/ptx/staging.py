"""Host arrays passed to a ptx launch: copied to the GPU before it and back after it.

``runtime.py`` on its own refuses host memory (a launcher must never copy behind the
caller's back on the hot path). The ``ptx`` *backend* object, which ``kernel[grid](...)``
calls, accepts numpy arrays and CPU torch tensors the way the cpu and opencl backends do, so
one kernel call works on every backend (the test suite and the tutorials rely on it): each
host array's whole byte extent (strided views included, so the kernel's own index
arithmetic stays valid) is copied to a device buffer, the kernel runs, the stream is
synchronised and the bytes are copied back. This is a convenience path, not a fast one:
pass cupy arrays or CUDA tensors for speed.
"""
from __future__ import annotations

import ctypes
from contextlib import contextmanager

import numpy as np


class _DevicePointer:
    """A device address the runtime's slow path accepts (``__cuda_array_interface__``)."""

    def __init__(self, ptr: int, nbytes: int):
        self.__cuda_array_interface__ = {"data": (int(ptr), False), "shape": (int(nbytes),),
                                         "typestr": "|u1", "version": 3}


def _host_view(a):
    """A numpy view of a host array argument, or None when ``a`` is not one."""
    if isinstance(a, np.ndarray):
        return a
    mod = type(a).__module__.split(".")[0]
    if mod == "torch" and getattr(a, "device", None) is not None and a.device.type == "cpu":
        import torch
        a = a.detach()  # the kernel reads and writes the storage; autograd is not involved
        if a.dtype == torch.bfloat16:
            return a.view(torch.int16).numpy()
        return a.numpy()
    return None


def _extent(arr: np.ndarray) -> tuple[int, int]:
    """Byte range ``[lo, hi)`` relative to the data pointer that ``arr``'s elements span."""
    if arr.size == 0:
        return 0, max(arr.itemsize, 1)
    lo = hi = 0
    for n, s in zip(arr.shape, arr.strides):
        if s >= 0:
            hi += (n - 1) * s
        else:
            lo += (n - 1) * s
    return lo, hi + arr.itemsize


@contextmanager
def staged(compiled, args):
    """Yield ``args`` with every host array replaced by a device copy; copy back after.

    Arguments whose memory overlaps (the same array passed twice, two views of one buffer)
    share one device copy, so a write through one is seen through the other and the copy
    back cannot undo it."""
    views = [(i, _host_view(a)) for i, a in enumerate(args)]
    views = [(i, v) for i, v in views if v is not None]
    if not views:
        yield args
        return
    import cupy
    spans = []  # (start address, end address, writeable, arg index, data address)
    dev_args = list(args)
    keep = []
    for i, arr in views:
        if arr.size == 0:  # nothing to read or write: any valid device address will do
            keep.append(cupy.empty(16, cupy.uint8))
            dev_args[i] = _DevicePointer(keep[-1].data.ptr, 16)
            continue
        lo, hi = _extent(arr)
        data = arr.__array_interface__["data"][0]
        spans.append((data + lo, data + hi, arr.flags.writeable, i, data))
    spans.sort()
    groups = []  # merged [start, end) ranges with their members
    for sp in spans:
        if groups and sp[0] < groups[-1][1]:
            g = groups[-1]
            groups[-1] = (g[0], max(g[1], sp[1]), g[2] or sp[2], g[3] + [sp])
        else:
            groups.append((sp[0], sp[1], sp[2], [sp]))
    copies = []
    for start, end, writeable, members in groups:
        raw = np.ctypeslib.as_array((ctypes.c_uint8 * (end - start)).from_address(start))
        d = cupy.asarray(raw)
        for _, _, _, i, data in members:
            dev_args[i] = _DevicePointer(d.data.ptr + (data - start), end - data)
        copies.append((raw, d, writeable))
    yield dev_args
    from . import runtime
    runtime.synchronize()
    for raw, d, writeable in copies:
        if writeable:
            raw[...] = d.get()
