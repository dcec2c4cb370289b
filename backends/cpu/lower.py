"""Tile IR -> LLVM IR for CPUs (x86-64, AArch64): the :class:`CpuTarget` hooks and ``lower``.

One program instance runs on one thread; its tiles live in vector registers as chunks of
``lanes`` elements (16 fp32 lanes with AVX-512, 8 with AVX2, 4 with NEON/SSE). The emitted
function follows the ABI of ``backends/README.md``::

    int32_t <name>_grid(void **args, const int64_t *grid, int64_t start, int64_t end,
                        const int64_t *ranges, int64_t nranges);

It loads the runtime arguments once, then loops over linear program ids ``[start, end)``
(x fastest). Memory access: a chunk whose pointers are consecutive (see ``layout.py``)
becomes one ``load``/``store`` or ``llvm.masked.load``/``masked.store``; other chunks use
``llvm.masked.gather``/``scatter``; masked-off lanes never touch memory. Atomics are per-lane
``atomicrmw``/``cmpxchg`` behind a branch on the lane's mask. ``dot`` is in ``dot.py``.
"""
from __future__ import annotations

import llvmlite.ir as ir

from tiledsl import knobs
from tiledsl.backends.llvm import types as T
from tiledsl.backends.llvm.lower import Lowering
from tiledsl.backends.llvm.target import Target
from tiledsl.backends.llvm.tile import Tile, chunk_width, first_lane, splat_value
from tiledsl.errors import CompilationError
from .layout import AxisAnalysis
from . import debug as dbg

_ORDER = {"relaxed": "monotonic", "acquire": "acquire", "release": "release",
          "acq_rel": "acq_rel", "seq_cst": "seq_cst"}
_RMW_INT = {"add": "add", "and": "and", "or": "or", "xor": "xor", "xchg": "xchg"}


def lanes_for(features: str, triple: str) -> int:
    """fp32 lanes of the widest vector registers the target has."""
    feats = set(f.strip() for f in features.split(","))
    if "+avx512f" in feats:
        return 16
    if "+avx" in feats or "+avx2" in feats:
        return 8
    return 4


class CpuTarget(Target):
    """Target hooks for one CPU (a ``toolchain.TargetInfo``)."""

    name = "cpu"
    #: pointer tiles stay ``base + offsets`` until something needs the vector of pointers
    affine_pointers = True

    def __init__(self, info, *, lanes: int | None = None):
        self.info = info
        self._lanes = lanes or lanes_for(info.features, info.triple)

    def lanes(self) -> int:
        return self._lanes

    # -- kernel function and grid loop -------------------------------------------------------
    def begin_kernel(self, lw: Lowering, fn):
        mod = lw.module
        mod.triple = self.info.triple
        ftype = ir.FunctionType(T.I32, [T.PTR, T.PTR, T.I64, T.I64, T.PTR, T.I64])
        func = ir.Function(mod, ftype, name=f"{fn.name}_grid")
        func.attributes.add("nounwind")
        for a, n in zip(func.args, ("args", "grid", "start", "end", "ranges", "nranges")):
            a.name = n
        args_p, grid_p, start, end, ranges_p, _ = func.args
        entry = func.append_basic_block("entry")
        b = ir.IRBuilder(entry)
        lw.entry_builder = ir.IRBuilder(entry)
        values = []
        for i, a in enumerate(fn.args):
            slot = b.load(b.gep(args_p, [T.const(T.I64, i)], source_etype=T.PTR), typ=T.PTR)
            elem = a.type.elem
            v = b.load(slot, typ=T.memory_type(elem), name=a.name)
            if elem.is_bool():
                v = b.icmp_unsigned("!=", v, T.const(T.I8, 0))
            values.append(v)
        g = [b.load(b.gep(grid_p, [T.const(T.I64, i)], source_etype=T.I64), typ=T.I64)
             for i in range(3)]
        self.grid = [b.trunc(x, T.I32) for x in g]
        lw.ranges = dbg.load_ranges(b, ranges_p, fn) if lw.debug else []
        header = func.append_basic_block("grid.header")
        body = func.append_basic_block("grid.body")
        self.exit = func.append_basic_block("grid.exit")
        self.entry_end = b.block
        b.branch(header)
        b.position_at_end(header)
        self.pid = b.phi(T.I64, name="pid")
        self.pid.add_incoming(start, self.entry_end)
        b.cbranch(b.icmp_signed("<", self.pid, end), body, self.exit)
        b.position_at_end(body)
        x = b.srem(self.pid, g[0])
        rest = b.sdiv(self.pid, g[0])
        y = b.srem(rest, g[1])
        z = b.sdiv(rest, g[1])
        self.pids = [b.trunc(v, T.I32, name=f"pid{i}") for i, v in enumerate((x, y, z))]
        self.header = header
        lw.builder = b
        # the entry builder inserts allocas before the entry block's branch
        lw.entry_builder.position_before(entry.instructions[-1])
        return values

    def end_kernel(self, lw: Lowering) -> None:
        b = lw.builder
        nxt = b.add(self.pid, T.const(T.I64, 1))
        self.pid.add_incoming(nxt, b.block)
        b.branch(self.header)
        b.position_at_end(self.exit)
        b.ret(T.const(T.I32, 0))

    def program_id(self, lw, axis):
        return self.pids[axis]

    def num_programs(self, lw, axis):
        return self.grid[axis]

    def fail(self, lw, code):
        lw.builder.ret(T.const(T.I32, code))

    # -- memory ------------------------------------------------------------------------------
    def _contiguous(self, lw, op, ptr: Tile) -> bool:
        if ptr.is_scalar:
            return False
        info = lw.axis[op.operands[0]]
        return info.contig % chunk_width(ptr.type.shape, lw.lanes) == 0

    def load(self, lw, op, ptr, mask, other):
        b = lw.builder
        tt = op.results[0].type
        elem = tt.elem
        mt = T.memory_type(elem)
        align = max(elem.itemsize, 1)
        if lw.debug:
            dbg.check_bounds(lw, op, ptr, mask, "load")
        if ptr.is_scalar:
            return Tile(tt, [self._scalar_load(lw, ptr.scalar, mask, other, elem)])
        contiguous = self._contiguous(lw, op, ptr)
        ptrs = _pointer_chunks(lw, ptr, contiguous)
        w = chunk_width(tt.shape, lw.lanes)
        vt = ir.VectorType(mt, w)
        memo = {}

        def make(i):
            p = ptrs[i]
            m = mask.chunks[i] if mask is not None else None
            o = other.chunks[i] if other is not None else None
            key = (id(p), id(m), id(o))
            if key in memo:
                return memo[key]
            pass_ = _to_memory(b, o, elem) if o is not None else ir.Constant(vt, None)
            if contiguous:
                base = p
                if m is None:
                    v = b.load(base, typ=vt, align=align)
                else:
                    v = T.intrinsic(b, "masked.load", [base, T.const(T.I32, align), m, pass_],
                                    ret=vt, overloads=[vt, T.PTR])
            else:
                m = m if m is not None else T.const(ir.VectorType(T.I1, w), 1)
                v = T.intrinsic(b, "masked.gather", [p, T.const(T.I32, align), m, pass_],
                                ret=vt, overloads=[vt, p.type])
            v = _from_memory(b, v, elem)
            memo[key] = v
            return v
        return Tile(tt, lw.lazy(len(ptrs), make, load=True))

    def _scalar_load(self, lw, p, mask, other, elem):
        b = lw.builder
        mt = T.memory_type(elem)
        if mask is None:
            return _from_memory(b, b.load(p, typ=mt, align=max(elem.itemsize, 1)), elem)
        fallback = other.scalar if other is not None else ir.Constant(T.scalar_type(elem), None)
        pre = b.block
        then = b.function.append_basic_block("sload")
        done = b.function.append_basic_block("sload.end")
        b.cbranch(mask.scalar, then, done)
        b.position_at_end(then)
        v = _from_memory(b, b.load(p, typ=mt, align=max(elem.itemsize, 1)), elem)
        b.branch(done)
        b.position_at_end(done)
        phi = b.phi(v.type)
        phi.add_incoming(v, then)
        phi.add_incoming(fallback, pre)
        return phi

    def store(self, lw, op, ptr, value, mask):
        b = lw.builder
        elem = op.operands[1].type.elem
        align = max(elem.itemsize, 1)
        if lw.debug:
            dbg.check_bounds(lw, op, ptr, mask, "store")
        if ptr.is_scalar:
            self._guarded(lw, mask.scalar if mask is not None else None,
                          lambda: b.store(_to_memory(b, value.scalar, elem), ptr.scalar,
                                          align=align))
            return
        contiguous = self._contiguous(lw, op, ptr)
        ptrs = _pointer_chunks(lw, ptr, contiguous)
        w = chunk_width(value.type.shape, lw.lanes)
        vals = value.chunks
        for i, p in enumerate(ptrs):
            v = _to_memory(b, vals[i % len(vals)], elem)
            m = mask.chunks[i] if mask is not None else None
            if contiguous:
                base = p
                if m is None:
                    b.store(v, base, align=align)
                else:
                    T.intrinsic(b, "masked.store", [v, base, T.const(T.I32, align), m],
                                ret=T.VOID, overloads=[v.type, T.PTR])
            else:
                m = m if m is not None else T.const(ir.VectorType(T.I1, w), 1)
                T.intrinsic(b, "masked.scatter", [v, p, T.const(T.I32, align), m],
                            ret=T.VOID, overloads=[v.type, p.type])

    def _guarded(self, lw, cond, emit):
        """Run ``emit()`` only where the scalar i1 ``cond`` holds (always when None)."""
        b = lw.builder
        if cond is None:
            return emit()
        then = b.function.append_basic_block("guard")
        done = b.function.append_basic_block("guard.end")
        b.cbranch(cond, then, done)
        b.position_at_end(then)
        emit()
        b.branch(done)
        b.position_at_end(done)

    def atomic(self, lw, op, ptr, values, mask):
        b = lw.builder
        kind = op.attrs["kind"]
        tt = op.results[0].type
        elem = tt.elem
        if elem.is_bf16() or (elem.is_fp16() and kind in ("max", "min")) or elem.is_bool():
            raise CompilationError(f"the cpu backend has no atomic_{kind} on {elem}", op.loc)
        if lw.debug:
            dbg.check_bounds(lw, op, ptr, mask, f"atomic_{kind}")
        order = _ORDER.get(op.attrs.get("sem", "acq_rel"), "acq_rel")
        lanes = _lanes_of(b, lw.materialize(ptr))
        vals = [_lanes_of(b, v) for v in values]
        masks = _lanes_of(b, mask) if mask is not None else [None] * len(lanes)
        st = T.scalar_type(elem)
        olds = []
        for i, p in enumerate(lanes):
            pre = b.block
            if masks[i] is not None:
                then = b.function.append_basic_block("atomic")
                done = b.function.append_basic_block("atomic.end")
                b.cbranch(masks[i], then, done)
                b.position_at_end(then)
            old = self._rmw(b, kind, elem, p, [v[i] for v in vals], order)
            if masks[i] is not None:
                end = b.block
                b.branch(done)
                b.position_at_end(done)
                phi = b.phi(st)
                phi.add_incoming(old, end)
                phi.add_incoming(ir.Constant(st, None), pre)
                old = phi
            olds.append(old)
        if tt.shape:
            from tiledsl.backends.llvm.tile import from_elements
            return from_elements(b, olds, tt, self._lanes)
        return Tile(tt, olds)

    def _rmw(self, b, kind, elem, p, vals, order):
        if kind == "cas":
            fail_order = {"acq_rel": "acquire", "release": "monotonic"}.get(order, order)
            pair = b.cmpxchg(p, vals[0], vals[1], order, fail_order)
            return b.extract_value(pair, 0)
        if elem.is_floating():
            rmw = {"add": "fadd", "max": "fmax", "min": "fmin", "xchg": "xchg"}[kind]
        elif kind in ("max", "min"):
            rmw = ("" if elem.is_int_signed() else "u") + kind
        else:
            rmw = _RMW_INT[kind]
        return b.atomic_rmw(rmw, p, vals[0], order)

    # -- compute -----------------------------------------------------------------------------
    #: ``dot`` can accumulate into a stack buffer that a loop keeps across iterations
    dot_in_place = True

    def dot_work_dtype(self, acc_elem):
        from .dot import work_dtype_for_acc
        return work_dtype_for_acc(acc_elem)

    def dot(self, lw, op, a, b_, acc):
        from .dot import emit_dot
        return emit_dot(lw, self, op, a, b_, acc)

    def print(self, lw, op, tiles):
        dbg.emit_print(lw, self, op, tiles)


def _pointer_chunks(lw, ptr: Tile, contiguous: bool) -> list:
    """Per chunk: the first lane's address (scalar) when the tile is contiguous, else the
    vector of addresses. Affine tiles give scalar addresses without vector GEPs."""
    b = lw.builder
    if ptr.affine is not None and contiguous:
        base, offs = ptr.affine
        et = T.memory_type(ptr.type.elem.element_ty)
        memo = {}

        def make(i):
            first = first_lane(b, offs, i)
            if first is not None:
                return b.gep(base, [first], source_etype=et)
            o = offs.chunks[i]
            if id(o) not in memo:
                first = b.extract_element(o, T.const(T.I32, 0))
                memo[id(o)] = b.gep(base, [first], source_etype=et)
            return memo[id(o)]
        return lw.lazy(len(offs.chunks), make)
    chunks = lw.materialize(ptr).chunks
    if not contiguous:
        return chunks
    out, memo = [], {}
    for p in chunks:
        if id(p) not in memo:
            memo[id(p)] = b.extract_element(p, T.const(T.I32, 0))
        out.append(memo[id(p)])
    return out


def _lanes_of(b, tile: Tile) -> list:
    if tile.is_scalar:
        return [tile.scalar]
    out = []
    for c in tile.chunks:
        for i in range(T.width_of(c)):
            out.append(b.extract_element(c, T.const(T.I32, i)))
    return out


def _to_memory(b, v, elem):
    """Register value -> memory representation (int1 -> byte)."""
    if elem.is_bool():
        return b.zext(v, T.vec(T.I8, T.width_of(v)))
    return v


def _from_memory(b, v, elem):
    if elem.is_bool():
        return b.icmp_unsigned("!=", v, T.const(v.type, 0))
    return v


def lower(fn, target_info, *, debug: bool | None = None, lanes: int | None = None):
    """LLVM IR text for ``fn`` on ``target_info`` and the checks its status codes name."""
    from .emitters import EMITTERS
    debug = knobs.DEBUG.as_bool() if debug is None else debug
    target = CpuTarget(target_info, lanes=lanes)
    lw = Lowering(fn, target, EMITTERS, debug=debug)
    lw.axis = AxisAnalysis(fn)
    text = lw.run()
    return text, lw.checks
