"""The ptx backend's op -> emitter table, checked against ``tiledsl.ir.ops.OPS`` by
``tests/test_op_table.py`` (and ``tests/test_ptx_lowering.py``).

It starts from the shared LLVM table (``backends/llvm/emitters.py``): ``hint``, ``if`` and
``while`` map over a tile's chunks, which on this backend are a thread's slots
(``layout.py``), so they need nothing new. Overridden here:

* elementwise ops and ``addptr``: the same per-slot code, emitted eagerly (the lowering
  branches between ops for masked and owner-only memory access);
* ops that create tiles (``arange``, ``constant``, ``splat``): values depend on the thread id;
* shape ops: ``reshape``/``expand_dims`` are free; a broadcast or permute of pure index
  arithmetic (``arange``, constants, scalars, elementwise ops) is *recomputed* at this
  thread's slots; anything else is exchanged through shared memory;
* ``for``: carried tiles in phis, GEMM accumulators in tensor-core fragments (``mma.py``);
* ``reduce``/``scan`` (``collective.py``); ``assert`` (the CTA records the failure in the
  status word and carries on: returning early would leave other threads waiting at a
  barrier); ``print`` (``vprintf``); ``barrier``.

``dot`` and memory reach the :class:`~.lower.PtxTarget` hooks. :data:`UNSUPPORTED` lists ops
this backend cannot lower, with the reason; it is empty.
"""
from __future__ import annotations

import llvmlite.ir as ir

from tiledsl.backends.llvm import types as T
from tiledsl.backends.llvm.emitters import EMITTERS as _SHARED, constant_value
from tiledsl.backends.llvm.elementwise import LANE_OPS, cast, lane_op
from tiledsl.backends.llvm.control import loop_condition, loop_dot_accumulators
from tiledsl.backends.llvm.tile import Tile, row_major_strides
from tiledsl.errors import CompilationError
from .collective import emit_reduce, emit_scan
from .layout import leading_broadcast_slot


def _elementwise(lw, op, args):
    """Slot by slot, emitted here and now: the ptx lowering branches (masked memory access,
    owner-only writes) between ops, so every value must be defined where it is computed.
    (The shared emitter may defer chunks until a consumer asks for them.)"""
    b = lw.builder
    n = max(len(a.chunks) for a in args)
    memo, chunks = {}, []
    for i in range(n):
        ins = [a.chunks[i % len(a.chunks)] for a in args]
        key = tuple(id(x) for x in ins)
        if key not in memo:  # replicated operands share values: compute each once
            memo[key] = lane_op(b, op, ins)
        chunks.append(memo[key])
    return [Tile(op.results[0].type, chunks)]


def _addptr(lw, op, args):
    """Per slot ``getelementptr``; an unsigned offset is zero-extended (GEP sign-extends)."""
    b = lw.builder
    ptr, off = args
    et = T.memory_type(op.results[0].type.elem.element_ty)
    unsigned = op.operands[1].type.elem.is_int_unsigned()
    n = max(len(ptr.chunks), len(off.chunks))
    memo, chunks = {}, []
    for i in range(n):
        p, o = ptr.chunks[i % len(ptr.chunks)], off.chunks[i % len(off.chunks)]
        key = (id(p), id(o))
        if key not in memo:
            memo[key] = b.gep(p, [b.zext(o, T.I64) if unsigned else o], source_etype=et)
        chunks.append(memo[key])
    return [Tile(op.results[0].type, chunks)]


def _replicated(tt, value, lw) -> Tile:
    """A tile holding the scalar ``value`` in every slot."""
    return Tile(tt, [value] * lw.layout(tt).slots)


def _constant(lw, op, args):
    tt = op.attrs["type"]
    return [_replicated(tt, constant_value(tt.elem, op.attrs["value"]), lw)]


def _arange(lw, op, args):
    tt = op.results[0].type
    b = lw.builder
    lay = lw.layout(tt)
    start = op.attrs["start"]
    chunks = []
    for e in range(lay.slots):
        i = lay.index(b, lw.tid, e)
        chunks.append(b.add(i, T.const(T.I32, start)) if start else i)
    return [Tile(tt, chunks)]


def _splat(lw, op, args):
    return [_replicated(op.results[0].type, args[0].scalar, lw)]


def _same_order(lw, op, args):
    """reshape / expand_dims: flat indices, hence slots, do not change."""
    return [Tile(op.results[0].type, list(args[0].chunks))]


def _coords(b, i, shape):
    """Row-major coordinates (i32 values) of the flat index ``i``."""
    out = []
    for n, st in zip(shape, row_major_strides(shape)):
        c = b.udiv(i, T.const(T.I32, st)) if st != 1 else i
        out.append(b.urem(c, T.const(T.I32, n)) if n != 1 else T.const(T.I32, 0))
    return out


def _linear(b, terms):
    acc = None
    for c, st in terms:
        t = c if st == 1 else b.mul(c, T.const(T.I32, st))
        acc = t if acc is None else b.add(acc, t)
    return acc if acc is not None else T.const(T.I32, 0)


def exchange(lw, src: Tile, tt, index_of) -> Tile:
    """A tile of type ``tt`` whose element ``i`` is ``src``'s element ``index_of(i)``, through
    shared memory: barrier, owners write, barrier, everyone reads."""
    elem = src.type.elem
    lw.need_smem(max(src.type.numel, 1) * T_size(elem))
    lw.sync()
    lw.to_smem(src, 0)
    lw.sync()
    return lw.from_smem(tt, 0, index_of)


def T_size(elem) -> int:
    """Bytes of one element in shared memory (int1 takes a byte)."""
    return max(1, elem.itemsize) if not elem.is_ptr() else 8


# -- rematerialisation: index arithmetic is recomputed, not exchanged ----------------------------

_REMAT_LIMIT = 48  # IR ops in a source expression worth recomputing per slot
_INDEX_FREE = ("expand_dims", "reshape", "hint")


def _remat_size(v, seen, limit=_REMAT_LIMIT) -> int | None:
    """Ops in the expression computing tile ``v`` when it depends only on the element index,
    constants and scalars (``arange``, ``splat``, elementwise ops, shape ops); None when it
    reads memory or a reduction, or is larger than ``limit``."""
    if not v.type.shape or v.type.numel == 1 or v.id in seen:
        return 0
    op = v.op
    if op is None:
        return None
    seen.add(v.id)
    if op.name in ("arange", "constant", "splat"):
        return 1
    if op.name in LANE_OPS or op.name in _INDEX_FREE or op.name in ("broadcast", "permute"):
        total = 1
        for x in op.operands:
            n = _remat_size(x, seen, limit - total)
            if n is None:
                return None
            total += n
            if total > limit:
                return None
        return total
    return None


def _src_index(b, op, i):
    """For a broadcast or permute ``op``: the source flat index of result flat index ``i``."""
    src = op.operands[0].type.shape
    dst = op.results[0].type.shape
    strides = row_major_strides(src)
    cs = _coords(b, i, dst)
    if op.name == "permute":
        return _linear(b, [(c, strides[o]) for c, o in zip(cs, op.attrs["order"])])
    return _linear(b, [(c, st) for c, st, n in zip(cs, strides, src) if n != 1])


def _value_at(lw, v, i, memo):
    """The element of tile ``v`` at flat index ``i`` (an i32), recomputed from its
    expression (see :func:`_remat_size`)."""
    if not v.type.shape or v.type.numel == 1:
        return lw.env[v.id].chunks[0]
    key = (v.id, id(i))
    if key in memo:
        return memo[key][0]
    b = lw.builder
    op = v.op
    if op.name == "arange":
        start = op.attrs["start"]
        r = b.add(i, T.const(T.I32, start)) if start else i
    elif op.name == "constant":
        r = constant_value(op.attrs["type"].elem, op.attrs["value"])
    elif op.name == "splat":
        r = lw.env[op.operands[0].id].chunks[0]
    elif op.name in _INDEX_FREE:
        r = _value_at(lw, op.operands[0], i, memo)
    elif op.name in ("broadcast", "permute"):
        r = _value_at(lw, op.operands[0], _src_index(b, op, i), memo)
    else:
        r = lane_op(b, op, [_value_at(lw, x, i, memo) for x in op.operands])
    memo[key] = (r, i)  # keep ``i`` alive so its id() is not reused
    return r


def _remat(lw, op) -> Tile | None:
    """The result of a broadcast/permute recomputed at this thread's slots, or None."""
    if _remat_size(op.operands[0], set()) is None:
        return None
    b = lw.builder
    tt = op.results[0].type
    lay = lw.layout(tt)
    memo = {}
    chunks = [_value_at(lw, op.operands[0], _src_index(b, op, lay.index(b, lw.tid, e)), memo)
              for e in range(lay.slots)]
    return Tile(tt, chunks)


def _broadcast(lw, op, args):
    src = args[0]
    tt = op.results[0].type
    ss, ds = src.type.shape, tt.shape
    if ss == ds:
        return [src]
    ns = max(src.type.numel, 1)
    if ns == 1:
        return [_replicated(tt, src.chunks[0], lw)]
    lead = 0
    while lead < len(ss) and ss[lead] == 1 and ds[lead] != 1:
        lead += 1
    if tuple(ss[lead:]) == tuple(ds[lead:]):
        slot = leading_broadcast_slot(ns, tt.numel, lw.threads)
        if slot is not None:  # element i is source element i % ns, already on this thread
            return [Tile(tt, [src.chunks[slot(e)] for e in range(lw.layout(tt).slots)])]
    remat = _remat(lw, op)
    if remat is not None:
        return [remat]
    b = lw.builder
    return [exchange(lw, src, tt, lambda i: _src_index(b, op, i))]


def _permute(lw, op, args):
    src = args[0]
    tt = op.results[0].type
    order = op.attrs["order"]
    if list(order) == sorted(order):
        return [Tile(tt, list(src.chunks))]
    remat = _remat(lw, op)
    if remat is not None:
        return [remat]
    b = lw.builder
    return [exchange(lw, src, tt, lambda i: _src_index(b, op, i))]


def _assert(lw, op, args):
    """Owners whose condition is false write the check's code into the status word."""
    b = lw.builder
    cond = args[0]
    lay = lw.layout(op.operands[0].type)
    code = lw.add_check("assert", op.attrs.get("message") or "device_assert failed", op.loc)
    bad = None
    for e, c in enumerate(cond.chunks):
        miss = b.not_(c)
        own = lay.owner(b, lw.tid, e)
        miss = miss if own is None else b.and_(miss, own)
        bad = miss if bad is None else b.or_(bad, miss)
    lw.guarded(bad, lambda: lw.target.record_failure(lw, code))
    return []


def _fragment_accumulators(lw, op) -> dict:
    """Carried indices of a ``for`` that can stay in tensor-core fragments for the whole loop:
    the block argument's only use is the accumulator of a tensor-core ``dot`` directly in
    the body, whose only use is yielding it back in the same position. -> {index: plan}"""
    from .mma import fragment_plan
    found = {}
    for i, dot in loop_dot_accumulators(lw, op):
        plan = fragment_plan(lw, dot)
        if plan is not None:
            found[i] = plan
    return found


def _for(lw, op, args):
    """``for`` with every carried tile in phis (registers). The shared emitter moves big
    carried tiles through a stack buffer, right for a CPU thread holding a whole tile but
    local memory here, where each thread carries only its slots. GEMM accumulators stay in
    tensor-core fragments across the loop (``mma.py``)."""
    from .mma import to_fragments
    b = lw.builder
    lb, ub, step = (a.scalar for a in args[:3])
    frag = _fragment_accumulators(lw, op)
    inits = [to_fragments(lw, lw.materialize(t), frag[i]) if i in frag else lw.materialize(t)
             for i, t in enumerate(args[3:])]
    pre = b.block
    header = b.function.append_basic_block("for.header")
    body = b.function.append_basic_block("for.body")
    exit_ = b.function.append_basic_block("for.exit")
    b.branch(header)
    b.position_at_end(header)
    iv = b.phi(lb.type)
    iv.add_incoming(lb, pre)
    carried = []
    for t in inits:
        phis = [b.phi(c.type) for c in t.chunks]
        for p, c in zip(phis, t.chunks):
            p.add_incoming(c, pre)
        carried.append(Tile(t.type, phis, mem=t.mem))
    cond = loop_condition(b, iv, ub, step)
    b.cbranch(cond, body, exit_)
    b.position_at_end(body)
    out = lw.emit_block(op.regions[0], [Tile(op.operands[0].type, [iv])] + carried)
    out = [t if i in frag else lw.materialize(t) for i, t in enumerate(out)]
    nxt = b.add(iv, step)
    end = b.block
    b.branch(header)
    iv.add_incoming(nxt, end)
    for p, t in zip(carried, out):
        for pc, c in zip(p.chunks, t.chunks):
            pc.add_incoming(c, end)
    b.position_at_end(exit_)
    return carried


def _barrier(lw, op, args):
    lw.sync()
    return []


# -- device_print -------------------------------------------------------------------------------

def _fmt(elem, hexa: bool) -> str:
    if elem.is_floating():
        return "%f"
    if elem.is_ptr():
        return "%p"
    if hexa:
        return "0x%llx" if elem.primitive_bitwidth == 64 else "0x%x"
    if elem.primitive_bitwidth == 64:
        return "%lld" if elem.is_int_signed() else "%llu"
    return "%d" if elem.is_int_signed() or elem.is_bool() else "%u"


def _printable(b, v, elem):
    """The value as vprintf wants it: floats as double, small ints widened to 32 bits."""
    from tiledsl import dtypes as dt
    if elem.is_floating():
        return cast(b, v, elem, dt.float64)
    if elem.is_ptr() or elem.primitive_bitwidth == 64:
        return v
    return b.zext(v, T.I32) if elem.is_bool() or not elem.is_int_signed() else b.sext(v, T.I32)


def emit_print(lw, op, tiles) -> None:
    """``device_print``: each owner prints ``pid (x, y, z) idx i <prefix> <values>``."""
    b = lw.builder
    mod = b.module
    prefix = op.attrs.get("prefix", "").replace("%", "%%")
    hexa = bool(op.attrs.get("hex"))
    vprintf = T.declare(mod, "vprintf", T.I32, [T.PTR, T.PTR])
    pid = [lw.target.program_id(lw, a) for a in range(3)]
    if not tiles:
        text = f"pid (%d, %d, %d) {prefix}\n"
        vals_of = lambda e: list(pid)  # noqa: E731
        lay = lw.layout(op.operands[0].type) if op.operands else None
        only_first = True
    else:
        fmts = " ".join(_fmt(v.type.elem, hexa) for v in op.operands)
        text = f"pid (%d, %d, %d) idx %d {prefix} {fmts}\n"
        lay = lw.layout(op.operands[0].type)
        only_first = False

        def vals_of(e):
            idx = lay.index(b, lw.tid, e)
            return pid + [idx] + [_printable(b, t.chunks[e], v.type.elem)
                                  for t, v in zip(tiles, op.operands)]
    data = bytearray(text.encode()) + b"\0"
    gv = ir.GlobalVariable(mod, ir.ArrayType(T.I8, len(data)), mod.get_unique_name("fmt"))
    gv.global_constant = True
    gv.linkage = "internal"
    gv.initializer = ir.Constant(ir.ArrayType(T.I8, len(data)), data)
    slots = 1 if only_first else lay.slots
    for e in range(slots):
        def body(e=e):
            vals = vals_of(e)
            st = ir.LiteralStructType([v.type for v in vals])
            buf = lw.entry_builder.alloca(st)
            buf.type = T.PTR  # opaque, as the rest of the lowering
            for k, v in enumerate(vals):
                b.store(v, b.gep(buf, [T.const(T.I32, 0), T.const(T.I32, k)], source_etype=st))
            b.call(vprintf, [gv, buf])
        if only_first:
            cond = b.icmp_unsigned("==", lw.tid, T.const(T.I32, 0))
        else:
            cond = lay.owner(b, lw.tid, e)
        lw.guarded(cond, body)


def _print(lw, op, args):
    emit_print(lw, op, args)
    return []


def _unsupported(reason: str):
    def emit(lw, op, args):
        raise CompilationError(f"the ptx backend does not support {op.name!r}: {reason}", op.loc)
    emit.unsupported = reason
    return emit


#: op name -> why the ptx backend cannot lower it (empty: everything is supported)
UNSUPPORTED: dict[str, str] = {}

EMITTERS = dict(_SHARED)
EMITTERS.update({name: _elementwise for name in LANE_OPS})
EMITTERS.update({
    "constant": _constant, "arange": _arange, "splat": _splat, "broadcast": _broadcast,
    "expand_dims": _same_order, "reshape": _same_order, "permute": _permute,
    "reduce": emit_reduce, "scan": emit_scan, "assert": _assert, "print": _print,
    "barrier": _barrier, "for": _for, "addptr": _addptr,
})
EMITTERS.update({name: _unsupported(why) for name, why in UNSUPPORTED.items()})
