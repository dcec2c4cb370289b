"""How tiles sit on the threads of a CTA (the ptx backend's layout pass).

A program instance is one CTA of ``L = 32 * num_warps`` threads. Every tile value gets the
*cyclic* layout: a tile of ``N`` elements (row-major flat index ``i``) is spread so that
thread ``tid`` holds, in its slot ``e``, element ``(tid + e*L) % N``; it has
``ceil(N / L)`` slots. Consecutive threads hold consecutive elements, so a load or store of a
contiguous tile is coalesced across a warp without any analysis.

Consequences the lowering relies on:

* tiles smaller than the CTA are *replicated*: every thread holds a copy of an element, so
  scalars (0-d tiles) and small tiles need no communication to be used by every thread, and
  the conditions of ``if``/``while``/``for`` are uniform across the CTA. That makes
  ``bar.sync`` inside structured control flow legal;
* side effects (stores, atomics, prints, failed checks) are done only by an element's
  *owner*, the thread with ``tid + e*L < N``;
* ``reshape``/``expand_dims`` keep flat indices, so they cost nothing; leading-axis
  broadcasts whose sizes divide each other stay inside a thread; every other layout change
  (permute, trailing broadcasts), reductions, scans and ``dot`` exchange elements through
  shared memory (``emitters.py``, ``collective.py``, ``dot.py``).

Triton picks a blocked layout per op and inserts conversions; one cyclic layout for all
values is simpler and always correct, at the cost of shared-memory round trips for
broadcasts along trailing axes. Where profiling shows it matters (issue 10), a per-value
layout can be added here without changing the emitters' interface (``Layout.index``,
``Layout.owner``).
"""
from __future__ import annotations

from dataclasses import dataclass

import llvmlite.ir as ir

from tiledsl.backends.llvm import types as T
from tiledsl.ir import Function, TileType

WARP = 32


@dataclass(frozen=True)
class Layout:
    """The cyclic layout of an ``numel``-element tile over ``threads`` threads."""
    numel: int
    threads: int

    @property
    def slots(self) -> int:
        """Elements each thread holds (a replicated copy counts as one)."""
        return max(1, -(-self.numel // self.threads))

    @property
    def wraps(self) -> bool:
        """Whether some slot index ``tid + e*L`` passes ``numel`` (replicated copies)."""
        return self.slots * self.threads != self.numel

    def index(self, b: ir.IRBuilder, tid, e: int):
        """The flat element index (i32) held in slot ``e`` by thread ``tid``."""
        if self.numel == 1:
            return T.const(T.I32, 0)
        raw = tid if e == 0 else b.add(tid, T.const(T.I32, e * self.threads))
        if not self.wraps or (e + 1) * self.threads <= self.numel:
            return raw
        return b.urem(raw, T.const(T.I32, self.numel))

    def owner(self, b: ir.IRBuilder, tid, e: int):
        """An i1 'thread ``tid`` owns slot ``e``', or None when every thread does."""
        if (e + 1) * self.threads <= self.numel:
            return None
        return b.icmp_unsigned("<", tid, T.const(T.I32, self.numel - e * self.threads))


def layout_of(tt: TileType, threads: int) -> Layout:
    """The layout of a tile type on a CTA of ``threads`` threads."""
    return Layout(max(tt.numel, 1), threads)


def leading_broadcast_slot(src_numel: int, dst_numel: int, threads: int):
    """For a broadcast that only repeats the source (destination element ``i`` is source
    element ``i % src_numel``): a function ``e -> source slot`` when that element is already
    on the same thread, else None. True when one of ``src_numel`` and ``threads`` divides the
    other (both are powers of two in practice)."""
    if dst_numel % src_numel:
        return None
    if threads % src_numel == 0:
        return lambda e: 0
    if src_numel % threads == 0:
        per = src_numel // threads
        return lambda e: e % per
    return None


def choose_num_warps(fn: Function, requested: int | None) -> int:
    """Warps per CTA: the launch option (Triton's ``num_warps``, default 4), bounded to 1..32."""
    n = int(requested or 4)
    if n < 1 or n > 32 or n & (n - 1):
        from tiledsl.errors import CompilationError
        raise CompilationError(f"num_warps must be a power of two in 1..32, got {n}", fn.loc)
    return n
