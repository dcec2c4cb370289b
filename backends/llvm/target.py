"""The target hooks: what the shared LLVM lowering asks of a concrete backend.

``backends/llvm`` lowers everything that means the same on every LLVM target: arithmetic,
casts and math on chunks (:mod:`.elementwise`), shape ops as element permutations
(:mod:`.tile`), structured control flow (:mod:`.control`), reductions and scans
(:mod:`.reduce`). A backend subclasses :class:`Target` for the rest: how a tile maps onto
hardware, where program ids come from, memory access, ``dot``, barriers and failure
reporting. ``backends/cpu/lower.py`` maps a tile onto vector registers of one thread;
a PTX target would map chunk ``i`` of a tile onto thread ``i % nthreads`` of a CTA, make
``program_id`` read ``ctaid``, route cross-thread reductions and shape ops through shuffles or
shared memory (override :meth:`Target.shape_op` and :meth:`Target.reduce`), implement ``dot``
with ``mma`` and report failures by writing the status buffer.
"""
from __future__ import annotations

import llvmlite.ir as ir


class Target:
    """Base class of the target hooks. Methods raise until a backend implements them."""

    #: short name used in error messages ("cpu", "ptx")
    name = "abstract"
    #: opt-in: pointer tiles stay ``(scalar base, offset tile)`` until an op needs the
    #: vector of pointers; ``load``/``store`` then receive ``Tile.affine`` tiles
    affine_pointers = False
    #: opt-in: a loop's ``acc = dot(a, b, acc)`` keeps ``acc`` in a buffer across
    #: iterations; ``dot`` then receives ``Tile.mem`` accumulators (see ``control.emit_for``)
    dot_in_place = False

    def dot_work_dtype(self, acc_elem):
        """The dtype an in-place ``dot`` accumulates in (only with ``dot_in_place``)."""
        raise NotImplementedError

    # -- how tiles map onto hardware ------------------------------------------------------
    def lanes(self) -> int:
        """Elements per chunk of a 32-bit tile (a vector register's width in fp32 lanes)."""
        raise NotImplementedError

    # -- the kernel function ----------------------------------------------------------------
    def begin_kernel(self, lowering, fn) -> list:
        """Create the LLVM function(s), position ``lowering.builder`` where the body of one
        program instance goes, and return the runtime arguments as scalar LLVM values."""
        raise NotImplementedError

    def end_kernel(self, lowering) -> None:
        """Close what :meth:`begin_kernel` opened (the grid loop, the success return)."""
        raise NotImplementedError

    def program_id(self, lowering, axis: int):
        """This program's index along ``axis`` as an i32."""
        raise NotImplementedError

    def num_programs(self, lowering, axis: int):
        """The grid size along ``axis`` as an i32."""
        raise NotImplementedError

    # -- memory ----------------------------------------------------------------------------
    def load(self, lowering, op, ptr, mask, other):
        """A ``Tile`` loaded through the pointer tile ``ptr`` (masked-off lanes never touch
        memory and read ``other`` or zero)."""
        raise NotImplementedError

    def store(self, lowering, op, ptr, value, mask) -> None:
        raise NotImplementedError

    def atomic(self, lowering, op, ptr, values, mask):
        """Per-lane atomic read-modify-write; returns the old values as a ``Tile``."""
        raise NotImplementedError

    def barrier(self, lowering) -> None:
        """Make earlier memory writes of this program visible to its other threads (no-op
        where one program is one thread)."""

    # -- compute ---------------------------------------------------------------------------
    def dot(self, lowering, op, a, b, acc):
        """``a @ b + acc`` on tiles (the target's matrix-multiply micro-kernel)."""
        raise NotImplementedError

    # -- checks and debugging --------------------------------------------------------------
    def fail(self, lowering, code: int) -> None:
        """Terminate this program with status ``code`` (``k + 1`` for check ``k``); the
        builder is positioned in a fresh block that only this path reaches."""
        raise NotImplementedError

    def print(self, lowering, op, tiles) -> None:
        """``device_print``: print the program id, the prefix and the tiles' elements."""
        raise NotImplementedError

    def libm_call_ok(self) -> bool:
        """Whether scalar libm calls (``erff``) can be linked on this target."""
        return True


def new_block(builder: ir.IRBuilder, name: str) -> ir.Block:
    """A fresh basic block in the builder's function."""
    return builder.function.append_basic_block(name)
