"""Block pointers (``tl.make_block_ptr``/``tl.advance``), lowered in the frontend to tiles of
pointers plus boundary masks, so every backend supports them with ordinary loads/stores."""
from __future__ import annotations

from tiledsl import dtypes as dt
from tiledsl.errors import CompilationError
from tiledsl.frontend.tensor import tensor, unwrap
from .core import builtin, _sem


class BlockPointer:
    """A ``block_shape`` window at ``offsets`` into a ``shape``-d tensor with ``strides``."""

    def __init__(self, base, shape, strides, offsets, block_shape, order):
        self.base = base
        self.shape = list(shape)
        self.strides = list(strides)
        self.offsets = list(offsets)
        self.block_shape = tuple(block_shape)
        self.order = tuple(order)

    @property
    def dtype(self):
        return self.base.dtype

    def _flatten(self):
        leaves = [self.base] + self.shape + self.strides + self.offsets
        n = len(self.shape)

        def rebuild(values):
            return BlockPointer(values[0], values[1:1 + n], values[1 + n:1 + 2 * n],
                                values[1 + 2 * n:1 + 3 * n], self.block_shape, self.order)
        return leaves, rebuild


def _i64(sem, x):
    return sem.cast(sem.to_tensor(unwrap(x), dt.int64), dt.int64)


@builtin
def make_block_ptr(base, shape, strides, offsets, block_shape, order):
    sem = _sem()
    base = sem.to_tensor(base)
    if not base.dtype.is_ptr():
        raise CompilationError(f"make_block_ptr needs a pointer base, got {base.dtype}")
    shape, strides, offsets = (list(unwrap(x)) for x in (shape, strides, offsets))
    block_shape = [unwrap(b) for b in unwrap(block_shape)]
    if not (len(shape) == len(strides) == len(offsets) == len(block_shape)):
        raise CompilationError("make_block_ptr: shape, strides, offsets and block_shape must "
                               "have the same length")
    return BlockPointer(base, [_i64(sem, s) for s in shape], [_i64(sem, s) for s in strides],
                        [sem.cast(sem.to_tensor(unwrap(o)), dt.int32) for o in offsets],
                        block_shape, [unwrap(o) for o in unwrap(order)])


@builtin
def advance(base, offsets):
    sem = _sem()
    offsets = list(unwrap(offsets))
    if len(offsets) != len(base.offsets):
        raise CompilationError("advance: wrong number of offsets")
    new = [sem.add(o, sem.cast(sem.to_tensor(unwrap(d)), dt.int32)) for o, d in zip(base.offsets, offsets)]
    return BlockPointer(base.base, base.shape, base.strides, new, base.block_shape, base.order)


def _pointers_and_mask(bp: BlockPointer, boundary_check):
    sem = _sem()
    rank = len(bp.block_shape)
    ptr = bp.base
    mask = None
    checks = {unwrap(b) for b in (unwrap(boundary_check) or ())}
    for d in range(rank):
        n = bp.block_shape[d]
        idx = sem.add(sem.cast(bp.offsets[d], dt.int64),
                      sem.cast(tensor(sem.builder.value("arange", [], start=0, end=n)), dt.int64))
        shape = [1] * rank
        shape[d] = n
        idx = sem.reshape(idx, shape)
        ptr = sem.addptr(ptr, sem.mul(idx, bp.strides[d]))
        if d in checks:
            inside = sem.logical("and", sem.compare("ge", idx, 0), sem.compare("lt", idx, bp.shape[d]))
            mask = inside if mask is None else sem.logical("and", mask, inside)
    ptr = sem.broadcast_to(ptr, bp.block_shape)
    if mask is not None:
        mask = sem.broadcast_to(mask, bp.block_shape)
    return ptr, mask


def load(bp: BlockPointer, boundary_check, padding_option):
    from .core import load as tl_load
    ptr, mask = _pointers_and_mask(bp, boundary_check)
    padding = unwrap(padding_option) or "zero"
    if padding not in ("zero", "nan"):
        raise CompilationError(f"padding_option must be 'zero' or 'nan', got {padding!r}")
    other = None
    if mask is not None:
        other = float("nan") if padding == "nan" else 0
        if padding == "nan" and not ptr.dtype.element_ty.is_floating():
            raise CompilationError("padding_option='nan' needs a floating-point block pointer")
    return tl_load(ptr, mask=mask, other=other)


def store(bp: BlockPointer, value, boundary_check):
    from .core import store as tl_store
    ptr, mask = _pointers_and_mask(bp, boundary_check)
    tl_store(ptr, value, mask=mask)
