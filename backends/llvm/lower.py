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
from .tile import LazyChunks, Tile, chunk_width, splat_value


#: ops that accept an affine pointer tile as operand 0 (shape ops move its offsets)
_AFFINE_USERS = ("load", "store", "addptr", "hint", "broadcast", "expand_dims", "reshape",
                 "permute")


#: before these, every pending lazy chunk is emitted (they open blocks or branch)
_FORCE_ALL = ("for", "while", "if", "assert")
#: before these, pending loads are emitted (they write memory or have side effects)
_FORCE_LOADS = ("store", "atomic", "print", "barrier")


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
        self._pending: list = []        # LazyChunks not yet fully emitted
        self._pending_loads: list = []  # ... of which loads (forced before memory writes)
        self.users: dict[int, list] = {}  # value id -> [(op, operand index)]
        for op in fn.walk():
            for i, v in enumerate(op.operands):
                self.users.setdefault(v.id, []).append((op, i))

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
        saved = self._pending, self._pending_loads
        self._pending, self._pending_loads = [], []
        try:
            return self._emit_ops(block)
        finally:
            self._pending, self._pending_loads = saved

    def _emit_ops(self, block: Block) -> list[Tile]:
        for op in block.ops:
            if op.name == "yield":
                return [self.env[v.id] for v in op.operands]
            if op.name in _FORCE_ALL:
                self.force_pending()
            elif op.name in _FORCE_LOADS:
                self.force_pending(loads_only=True)
            emitter = self.emitters.get(op.name)
            if emitter is None:
                raise CompilationError(f"internal error: the {self.target.name} backend has "
                                       f"no emitter for op {op.name!r}", op.loc)
            results = emitter(self, op, [self._operand(op, i, v) for i, v in
                                         enumerate(op.operands)])
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

    def lazy(self, n: int, make, *, load: bool = False) -> LazyChunks:
        """Chunks emitted on first use (see ``tile.LazyChunks``)."""
        chunks = LazyChunks(n, make)
        self._pending.append(chunks)
        if load:
            self._pending_loads.append(chunks)
        return chunks

    def force_pending(self, loads_only: bool = False) -> None:
        """Emit every pending lazy chunk (or only pending loads) here, in creation order."""
        for c in (self._pending_loads if loads_only else self._pending):
            c.force()
        self._pending_loads = []
        if not loads_only:
            self._pending = []

    def _operand(self, op, index: int, value) -> Tile:
        """The lowered operand; a memory-resident tile is loaded into chunks unless the op
        consumes it in place (the accumulator of ``dot``, or a ``yield``)."""
        t = self.env[value.id]
        if t.affine is not None:
            if (index == 0 and op.name in _AFFINE_USERS) or (op.name == "for" and index >= 3):
                return t
            t = self.materialize(t)
            self.env[value.id] = t
            return t
        if t.mem is None or (op.name == "dot" and index == 2):
            return t
        t = self.materialize(t)
        self.env[value.id] = t
        return t

    def materialize(self, t: Tile) -> Tile:
        """Chunks for a memory-resident tile (loaded, converted from its work dtype) or an
        affine pointer tile (vector GEPs); other tiles come back unchanged."""
        if t.affine is not None:
            return self._materialize_affine(t)
        if t.mem is None:
            return t
        from .elementwise import cast
        buf, work = t.mem
        b = self.builder
        wt = T.scalar_type(work)
        w = chunk_width(t.type.shape, self.lanes)
        ct = ir.VectorType(wt, w)

        def make(i):
            p = b.gep(buf, [T.const(T.I64, i * w)], source_etype=wt)
            return cast(b, b.load(p, typ=ct, align=work.itemsize), work, t.type.elem)
        # lazily: a chunk is loaded where it is used (buffers are private to the lowering
        # and not written while such chunks are pending, see control.emit_for)
        return Tile(t.type, self.lazy(t.type.numel // w, make))

    def _materialize_affine(self, t: Tile) -> Tile:
        b = self.builder
        base, offs = t.affine
        et = T.memory_type(t.type.elem.element_ty)
        chunks, memo = [], {}
        for o in offs.chunks:
            if id(o) not in memo:
                memo[id(o)] = b.gep(splat_value(b, base, T.width_of(o)), [o], source_etype=et)
            chunks.append(memo[id(o)])
        return Tile(t.type, chunks)

    def opaque_buffer(self, ty: ir.Type, count: int):
        """A stack buffer hidden from SROA behind an empty inline-asm copy of its address, so
        LLVM keeps it in memory instead of promoting hundreds of chunks back into registers
        (which is what makes big loop-carried tiles slow to compile)."""
        buf = self.alloca(ty, count)
        asm = ir.InlineAsm(ir.FunctionType(T.PTR, [T.PTR]), "", "=r,0", side_effect=False)
        return self.entry_builder.call(asm, [buf])

    def spill(self, t: Tile, work, buf=None):
        """Store ``t``'s elements, converted to ``work``, row-major into ``buf`` (a fresh
        stack buffer when None); returns the buffer."""
        from .elementwise import cast
        b = self.builder
        wt = T.scalar_type(work)
        if buf is None:
            buf = self.alloca(wt, max(t.type.numel, 1))
        if t.is_scalar:
            b.store(cast(b, t.scalar, t.type.elem, work), buf)
            return buf
        w = t.width
        for i, c in enumerate(t.chunks):
            p = b.gep(buf, [T.const(T.I64, i * w)], source_etype=wt)
            b.store(cast(b, c, t.type.elem, work), p, align=work.itemsize)
        return buf

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
