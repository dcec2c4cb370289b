"""The interpreter's view of memory: every pointer argument's bytes, found by address.

Pointers are real process addresses, so pointer arithmetic behaves as on compiled backends.
Loads and stores check that each active lane falls inside some argument's buffer, and that
``tiled.empty`` buffers are not read before they are written.
"""
from __future__ import annotations

import ctypes
import weakref

import numpy as np

from tiledsl.errors import OutOfBoundsError, UninitializedReadError

# data address -> (weakref to the array, shadow "written" mask over its bytes)
_UNINITIALISED: dict[int, tuple[weakref.ref, np.ndarray]] = {}

POISON_BYTE = 0xA5


def empty(shape, dtype=np.float32) -> np.ndarray:
    """A numpy array whose unwritten elements the interpreter refuses to read.

    Its bytes are poisoned (0xA5), so on other backends an unwritten element is visibly wrong.
    """
    from tiledsl import dtypes as dt
    np_dtype = dt.parse(dtype).np if not isinstance(dtype, np.dtype) else dtype
    arr = np.empty(shape, dtype=np_dtype)
    arr.view(np.uint8).reshape(-1)[:] = POISON_BYTE
    address = arr.__array_interface__["data"][0]
    _UNINITIALISED[address] = (weakref.ref(arr), np.zeros(arr.nbytes, dtype=bool))
    return arr


def empty_like(a) -> np.ndarray:
    return empty(a.shape, a.dtype)


def _shadow_for(address: int, nbytes: int):
    """The 'written' mask of the tracked buffer that holds ``[address, address+nbytes)``
    (a view of it for slices), or ``None``."""
    for base, (ref, shadow) in list(_UNINITIALISED.items()):
        if ref() is None:
            del _UNINITIALISED[base]
            continue
        if base <= address and address + nbytes <= base + len(shadow):
            return shadow[address - base:address - base + nbytes]
    return None


class Region:
    """One argument buffer: ``[lo, hi)`` in bytes, a writable byte view, an optional shadow."""

    def __init__(self, lo: int, nbytes: int, keepalive):
        self.lo = lo
        self.hi = lo + nbytes
        self.keepalive = keepalive
        buf = (ctypes.c_uint8 * max(nbytes, 1)).from_address(lo) if nbytes else None
        self.bytes = np.ctypeslib.as_array(buf) if buf is not None else np.zeros(0, np.uint8)
        self.shadow = _shadow_for(lo, nbytes)
        self._typed: dict = {}

    def typed(self, np_dtype: np.dtype):
        view = self._typed.get(np_dtype)
        if view is None:
            usable = (self.hi - self.lo) // np_dtype.itemsize * np_dtype.itemsize
            view = self.bytes[:usable].view(np_dtype)
            self._typed[np_dtype] = view
        return view


def host_extent(arr) -> tuple[int, int]:
    """Lowest address and byte length spanned by a numpy array (any strides)."""
    iface = arr.__array_interface__
    base = iface["data"][0]
    if arr.size == 0:
        return base, 0
    lo = hi = 0
    for n, s in zip(arr.shape, arr.strides):
        if s >= 0:
            hi += (n - 1) * s
        else:
            lo += (n - 1) * s
    return base + lo, hi - lo + arr.itemsize


class AddressSpace:
    """The regions of one launch, searchable by address."""

    def __init__(self, regions: list[Region], checks: bool):
        self.regions = sorted(regions, key=lambda r: r.lo)
        self.starts = np.array([r.lo for r in self.regions], dtype=np.int64)
        self.checks = checks

    def _bounds_error(self, addr, bad, loc, what):
        first = int(addr[bad].reshape(-1)[0])
        raise OutOfBoundsError(
            f"{what} of {int(bad.sum())} element(s) outside every argument buffer "
            f"(first bad address 0x{first:x})", loc)

    def _split(self, addr, itemsize, active, loc, what):
        """Yield (region, lane selector) for each region touched by active lanes."""
        if len(self.regions) == 1:
            region = self.regions[0]
            if self.checks:
                bad = active & ((addr < region.lo) | (addr + itemsize > region.hi))
                if bad.any():
                    self._bounds_error(addr, bad, loc, what)
            yield region, active
            return
        idx = np.searchsorted(self.starts, addr, side="right") - 1
        if self.checks:
            his = np.array([r.hi for r in self.regions], dtype=np.int64)
            bad = active & ((idx < 0) | (addr + itemsize > his[np.clip(idx, 0, None)]))
            if bad.any():
                self._bounds_error(addr, bad, loc, what)
        used = idx[active]
        if used.size == 0:
            return
        first, last = int(used.min()), int(used.max())
        if first == last:
            yield self.regions[first], active
            return
        for r in np.unique(used):
            yield self.regions[int(r)], active & (idx == r)

    def load(self, addr: np.ndarray, np_dtype: np.dtype, active: np.ndarray, loc) -> np.ndarray:
        out = np.zeros(addr.shape, dtype=np_dtype)
        k = np_dtype.itemsize
        for region, sel in self._split(addr, k, active, loc, "load"):
            off = addr[sel] - region.lo
            if region.shadow is not None and self.checks:
                self._check_written(region, off, k, loc)
            out[sel] = self._gather(region, off, np_dtype)
        return out

    @staticmethod
    def _check_written(region: Region, off: np.ndarray, itemsize: int, loc) -> None:
        """Refuse to read elements no kernel wrote, unless the host overwrote their poison
        (``buf[:] = 0`` is how accumulators are initialised)."""
        unwritten = ~region.shadow[off]
        if not unwritten.any():
            return
        cand = off[unwritten]
        raw = region.bytes[cand[:, None] + np.arange(itemsize)]
        still_poison = (raw == POISON_BYTE).all(axis=1)
        region.shadow[cand[~still_poison]] = True
        if still_poison.any():
            raise UninitializedReadError(
                f"load of {int(still_poison.sum())} element(s) of a tiled.empty buffer that "
                "nothing has written", loc)

    def store(self, addr: np.ndarray, values: np.ndarray, active: np.ndarray, loc) -> None:
        np_dtype = values.dtype
        k = np_dtype.itemsize
        for region, sel in self._split(addr, k, active, loc, "store"):
            off = addr[sel] - region.lo
            vals = values[sel]
            if (off % k == 0).all():
                region.typed(np_dtype)[off // k] = vals
            else:
                raw = np.ascontiguousarray(vals).view(np.uint8).reshape(-1, k)
                region.bytes[off[:, None] + np.arange(k)] = raw
            if region.shadow is not None:
                region.shadow[off] = True

    @staticmethod
    def _gather(region: Region, off: np.ndarray, np_dtype: np.dtype) -> np.ndarray:
        k = np_dtype.itemsize
        if (off % k == 0).all():
            return region.typed(np_dtype)[off // k]
        raw = region.bytes[off[:, None] + np.arange(k)]
        return np.ascontiguousarray(raw).view(np_dtype).reshape(off.shape)

    def region_of(self, address: int) -> Region:
        idx = int(np.searchsorted(self.starts, address, side="right")) - 1
        return self.regions[idx]
