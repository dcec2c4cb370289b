"""How tiles sit on an OpenCL work-group.

A program instance is one work-group of ``L`` work-items. A tile of ``N`` elements (row-major
flat index ``i``) is spread cyclically: work-item ``lid`` holds, in slot ``e`` of a private
array, element ``(lid + e*L) % N``. Tiles smaller than the work-group are therefore replicated
(every work-item can read every element it needs without communication), and side effects
(stores, atomics, prints) are done only by the *owner* ``lid + e*L < N``. Reshapes and
``expand_dims`` keep the flat index and cost nothing; broadcasts, permutes, reductions, scans
and ``dot`` exchange elements through local memory.
"""
from __future__ import annotations

from dataclasses import dataclass

from tiledsl.ir import Function, TileType


@dataclass(frozen=True)
class Layout:
    numel: int
    slots: int          # elements per work-item
    wraps: bool         # (lid + e*L) may exceed numel: take it modulo and guard ownership

    def index(self, e) -> str:
        """C expression for the flat element index held in slot ``e``."""
        base = "lid" if e == 0 else f"(lid + {e} * LS)"
        if isinstance(e, str):
            base = f"(lid + ({e}) * LS)"
        return f"({base} % {self.numel})" if self.wraps else base

    def owner(self, e) -> str | None:
        """C condition for 'this work-item owns slot e', or None when it always does."""
        if not self.wraps:
            return None
        base = "lid" if e == 0 else f"(lid + ({e}) * LS)"
        return f"({base} < {self.numel})"


def layout_of(ty: TileType, local_size: int) -> Layout:
    n = max(ty.numel, 1)
    slots = max(1, -(-n // local_size))
    return Layout(n, slots, n % local_size != 0)


def choose_local_size(fn: Function, num_warps: int, requested: int | None = None) -> int:
    """Work-items per program: ``32 * num_warps`` (as on a GPU), but no more than the largest
    tile needs, so small kernels do not run idle work-items."""
    if requested:
        return int(requested)
    largest = max([r.type.numel for op in fn.walk() for r in op.results] + [1])
    size = 1
    while size < largest and size < 32 * num_warps:
        size *= 2
    return size
