"""The driver of the shared LLVM lowering: walks a kernel's tile IR and calls emitters.

``Lowering(fn, target, emitters).run()`` returns the LLVM module text. The target (see
:mod:`.target`) creates the function and supplies memory/dot/grid hooks; ``emitters`` is the
backend's op table (``backends/<name>/emitters.py``). Checks (failed ``device_assert``,
debug-mode bounds violations) are collected in ``lowering.checks`` in the order their status
codes are numbered (status ``k + 1`` = ``checks[k]``).
"""
from __future__ import annotations

import llvmlite.ir as ir

from tiledsl.errors import CompilationError
from tiledsl.ir import Block, Function
from . import types as T
from .control import finalize_loop_metadata
from .elementwise import lane_op, LANE_OPS
from .emitters import constant_value
from .tile import Tile, chunk_width


class Lowering:
    """State of lowering one kernel: module, builder, value map, checks."""

    def __init__(self, fn: Function, target, emitters: dict, *, debug: bool = False):
        self.fn = fn
        self.target = target
        self.emitters = emitters
        self.debug = debug
        self.lanes = target.lanes()
        self.module = ir.Module(name=fn.name)
        self.builder: ir.IRBuilder | None = None
        self.entry_builder: ir.IRBuilder | None = None  # allocas go in the entry block
        self.env: dict[int, Tile] = {}
        self.checks: list[dict] = []
        self._check_index: dict[tuple, int] = {}

    # -- driving ---------------------------------------------------------------------------
    def run(self) -> str:
        args = self.target.begin_kernel(self, self.fn)
        tiles = [Tile(a.type, [v]) for a, v in zip(self.fn.args, args)]
        self.emit_block(self.fn.body, tiles)
        self.target.end_kernel(self)
        return finalize_loop_metadata(str(self.module))

    def emit_block(self, block: Block, args: list[Tile]) -> list[Tile]:
        """Emit ``block``'s ops with its arguments bound to ``args``; return what it yields."""
        for a, t in zip(block.args, args):
            self.env[a.id] = t
        for op in block.ops:
            if op.name == "yield":
                return [self.env[v.id] for v in op.operands]
            emitter = self.emitters.get(op.name)
            if emitter is None:
                raise CompilationError(f"internal error: the {self.target.name} backend has "
                                       f"no emitter for op {op.name!r}", op.loc)
            results = emitter(self, op, [self.env[v.id] for v in op.operands])
            for r, t in zip(op.results, results):
                self.env[r.id] = t
        return []

    def emit_raw_region(self, block: Block, raw: list) -> list:
        """Emit a region of scalar ops (a combine function) on raw LLVM values: scalars or
        equal-width vectors, so one emission combines whole chunks lane by lane."""
        b = self.builder
        width = T.width_of(raw[0]) if raw else None
        env = {a.id: v for a, v in zip(block.args, raw)}
        for op in block.ops:
            if op.name == "yield":
                return [env[v.id] for v in op.operands]
            if op.name == "constant":
                v = constant_value(op.attrs["type"].elem, op.attrs["value"])
                env[op.results[0].id] = v if width is None else ir.Constant(
                    ir.VectorType(v.type, width), [v] * width)
            elif op.name in LANE_OPS:
                env[op.results[0].id] = lane_op(b, op, [env[v.id] for v in op.operands])
            elif op.name == "hint":
                env[op.results[0].id] = env[op.operands[0].id]
            else:
                raise CompilationError(f"the {self.target.name} backend cannot use op "
                                       f"{op.name!r} inside a reduce/scan combine function",
                                       op.loc)
        return []

    # -- helpers for emitters -----------------------------------------------------------------
    def alloca(self, ty: ir.Type, count: int, align: int = 64):
        """A stack buffer of ``count`` ``ty`` in the entry block (allocated once per call)."""
        ptr = self.entry_builder.alloca(ty, size=count)
        ptr.align = align
        # llvmlite types an alloca as ``T*``; the rest of the lowering uses opaque pointers
        ptr.type = T.PTR
        return ptr

    def add_check(self, kind: str, message: str, loc) -> int:
        """Register a check; returns its status code (index + 1). Identical checks at one
        source location share a code."""
        key = (kind, message, str(loc))
        if key not in self._check_index:
            self.checks.append({"kind": kind, "message": message, "loc": loc})
            self._check_index[key] = len(self.checks)
        return self._check_index[key]

    def fail_unless(self, ok, code: int) -> None:
        """Branch to a failure exit with status ``code`` when the i1 ``ok`` is false."""
        b = self.builder
        fail = b.function.append_basic_block("check.fail")
        cont = b.function.append_basic_block("check.ok")
        br = b.cbranch(ok, cont, fail)
        # failures are cold: keep the fast path straight
        br.set_weights([1, 0]) if hasattr(br, "set_weights") else None
        b.position_at_end(fail)
        self.target.fail(self, code)
        b.position_at_end(cont)

    def chunk_width(self, shape) -> int:
        return chunk_width(shape, self.lanes)
