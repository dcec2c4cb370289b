"""Structured control flow (``for``, ``while``, ``if``) and counted loops for micro-kernels.

A tile carried through a loop becomes one ``phi`` per chunk. ``for`` iterates with Python
``range`` semantics: ``step`` may be negative, and when its sign is unknown at compile time
the exit test picks ``<`` or ``>`` at run time.
"""
from __future__ import annotations

import llvmlite.ir as ir

from . import types as T
from tiledsl.errors import CompilationError
from .tile import LazyChunks, Tile, chunk_type

#: loop-carried tiles with more chunks than this travel through a stack buffer, not phis
MEMORY_CARRY_CHUNKS = 8
NO_UNROLL_TAG = "tiledsl.loop.nounroll."


def _phis(b: ir.IRBuilder, tiles: list[Tile], lanes: int) -> list[Tile]:
    out = []
    for t in tiles:
        ct = t.chunks[0].type if t.chunks else chunk_type(t.type, lanes)
        out.append(Tile(t.type, [b.phi(ct) for _ in t.chunks]))
    return out


def _add_incoming(phis: list[Tile], values: list[Tile], block: ir.Block) -> None:
    for p, v in zip(phis, values):
        for pc, vc in zip(p.chunks, v.chunks):
            pc.add_incoming(vc, block)


def _coerce(lowering, tiles: list[Tile], like: list[Tile]) -> list[Tile]:
    """Loop-carried values must keep one chunking; rechunk if a yield changed it."""
    from .tile import rechunk
    out = []
    for t, l in zip(tiles, like):
        if len(t.chunks) != len(l.chunks) or (t.chunks and t.chunks[0].type != l.chunks[0].type):
            t = rechunk(lowering.builder, t, l.type, lowering.lanes)
        out.append(t)
    return out


def loop_dot_accumulators(lowering, op) -> list:
    """``(index, dot)`` for each carried value of a ``for`` whose block argument's only use
    is the accumulator of a ``dot`` directly in the body, when that dot's only use is
    yielding it back in the same position: such an accumulator can live outside the loop's
    SSA values for the whole loop (a stack buffer on the CPU, tensor-core fragments on a GPU)."""
    body = op.regions[0]
    term = body.terminator
    found = []
    for i, arg in enumerate(body.args[1:]):
        users = lowering.users.get(arg.id, [])
        if len(users) != 1:
            continue
        dot, idx = users[0]
        if dot.name != "dot" or idx != 2 or dot.parent is not body:
            continue
        r_users = lowering.users.get(dot.results[0].id, [])
        if len(r_users) == 1 and r_users[0][0] is term and r_users[0][1] == i:
            found.append((i, dot))
    return found


def _in_place_accumulators(lowering, op) -> set[int]:
    """Carried indices the target's ``dot`` accumulates in place, in a stack buffer
    (``lowering.target.dot_in_place``), so the accumulator never turns into hundreds of
    loop-carried vector registers (slow to compile, spilled anyway)."""
    if not getattr(lowering.target, "dot_in_place", False):
        return set()
    return {i for i, _ in loop_dot_accumulators(lowering, op)}


def _affine_carried(op, i: int) -> bool:
    """Whether carried value ``i`` of a ``for`` is yielded as the block argument advanced by
    uniform steps only (``ptrs += c``): then only an affine tile's scalar base changes."""
    body = op.regions[0]
    arg, term = body.args[1 + i], body.terminator
    if term is None:
        return False
    v = term.operands[i]
    while v is not arg:
        d = v.op
        if d is None or d.name not in ("addptr", "hint"):
            return False
        if d.name == "addptr":
            o = d.operands[1].op
            if o is None or o.name not in ("splat", "constant") or \
                    d.operands[1].type.elem.is_int_unsigned():
                return False
        v = d.operands[0]
    return True


def materialize_all(lowering, tiles: list[Tile]) -> list[Tile]:
    """Every chunk of ``tiles`` emitted here (before the branch that ends a region)."""
    out = [lowering.materialize(t) for t in tiles]
    for t in out:
        if isinstance(t.chunks, LazyChunks):
            t.chunks.force()
    return out


def loop_condition(b: ir.IRBuilder, iv, ub, step):
    """``iv < ub`` for a positive step, ``iv > ub`` for a negative one (the sign is known at
    compile time for a constant step, else chosen at run time): Python range semantics."""
    if isinstance(step, ir.Constant):
        bits = step.type.width
        signed = step.constant - (1 << bits) if step.constant >> (bits - 1) else step.constant
        return b.icmp_signed("<" if signed > 0 else ">", iv, ub)
    up = b.icmp_signed(">", step, T.const(step.type, 0))
    return b.select(up, b.icmp_signed("<", iv, ub), b.icmp_signed(">", iv, ub))


def emit_for(lowering, op, args: list[Tile]) -> list[Tile]:
    b = lowering.builder
    lb, ub, step = (a.scalar for a in args[:3])
    inits = list(args[3:])
    in_place = _in_place_accumulators(lowering, op)
    mem_tiles = {}
    for i in in_place:
        work = lowering.target.dot_work_dtype(op.regions[0].args[1 + i].type.elem)
        init = inits[i]
        buf = init.mem[0] if init.mem is not None else lowering.spill(init, work)
        mem_tiles[i] = Tile(init.type, [], mem=(buf, work if init.mem is None else init.mem[1]))
    affine = {i for i, t in enumerate(inits) if t.affine is not None and _affine_carried(op, i)}
    inits = [t if i in in_place or i in affine else lowering.materialize(t)
             for i, t in enumerate(inits)]
    # big carried tiles live in two stack buffers: each iteration reads one and writes the
    # other (then they swap), so lazily loaded chunks never see this iteration's writes
    spilled = {}
    for i, t in enumerate(inits):
        if i not in in_place and i not in affine and len(t.chunks) > MEMORY_CARRY_CHUNKS:
            et = T.element_of(t.chunks[0].type)
            bufs = (lowering.opaque_buffer(et, t.type.numel),
                    lowering.opaque_buffer(et, t.type.numel))
            lowering.spill(t, t.type.elem, bufs[0])
            spilled[i] = bufs
    phi_idx = [i for i in range(len(inits))
               if i not in in_place and i not in spilled and i not in affine]
    iv_t = op.operands[0].type
    pre = b.block
    header = b.function.append_basic_block("for.header")
    body = b.function.append_basic_block("for.body")
    exit_ = b.function.append_basic_block("for.exit")
    b.branch(header)
    b.position_at_end(header)
    iv = b.phi(lb.type)
    iv.add_incoming(lb, pre)
    phi_inits = [inits[i] for i in phi_idx]
    phis = _phis(b, phi_inits, lowering.lanes)
    _add_incoming(phis, phi_inits, pre)
    carried = [None] * len(inits)
    for i, p in zip(phi_idx, phis):
        carried[i] = p
    for i, t in mem_tiles.items():
        carried[i] = t
    base_phis = {}
    for i in affine:
        base, offs = inits[i].affine
        base_phis[i] = b.phi(base.type)
        base_phis[i].add_incoming(base, pre)
        carried[i] = Tile(inits[i].type, [], affine=(base_phis[i], offs))
    cur, nxt_buf = {}, {}
    for i, (b0, b1) in spilled.items():
        cur[i], nxt_buf[i] = b.phi(T.PTR), b.phi(T.PTR)
        cur[i].add_incoming(b0, pre)
        nxt_buf[i].add_incoming(b1, pre)
    reload = lambda i: lowering.materialize(  # noqa: E731
        Tile(inits[i].type, [], mem=(cur[i], inits[i].type.elem)))
    cond = loop_condition(b, iv, ub, step)
    b.cbranch(cond, body, exit_)
    b.position_at_end(body)
    for i in spilled:
        carried[i] = reload(i)
    out = lowering.emit_block(op.regions[0], [Tile(iv_t, [iv])] + carried)
    for i in spilled:
        lowering.spill(lowering.materialize(out[i]), inits[i].type.elem, nxt_buf[i])
    yielded = materialize_all(lowering, [out[i] for i in phi_idx])
    yielded = materialize_all(lowering, _coerce(lowering, yielded, phis))
    for i in affine:
        assert out[i].affine is not None and out[i].affine[1] is inits[i].affine[1], \
            "internal error: an affine loop-carried pointer changed its offsets"
    nxt = b.add(iv, step)
    end = b.block
    for i in affine:
        base_phis[i].add_incoming(out[i].affine[0], end)
    for i in spilled:
        cur[i].add_incoming(nxt_buf[i], end)
        nxt_buf[i].add_incoming(cur[i], end)
    b.branch(header)
    iv.add_incoming(nxt, end)
    _add_incoming(phis, yielded, end)
    b.position_at_end(exit_)
    for i in spilled:
        carried[i] = reload(i)
    return carried


def emit_while(lowering, op, args: list[Tile]) -> list[Tile]:
    b = lowering.builder
    args = materialize_all(lowering, args)
    before, after = op.regions
    pre = b.block
    header = b.function.append_basic_block("while.header")
    body = b.function.append_basic_block("while.body")
    exit_ = b.function.append_basic_block("while.exit")
    b.branch(header)
    b.position_at_end(header)
    carried = _phis(b, args, lowering.lanes)
    _add_incoming(carried, args, pre)
    out = materialize_all(lowering, lowering.emit_block(before, carried))
    cond, fwd = out[0], out[1:]
    b.cbranch(cond.scalar, body, exit_)
    b.position_at_end(body)
    nxt = materialize_all(lowering, _coerce(
        lowering, materialize_all(lowering, lowering.emit_block(after, fwd)), carried))
    end = b.block
    b.branch(header)
    _add_incoming(carried, nxt, end)
    b.position_at_end(exit_)
    return fwd


def emit_if(lowering, op, args: list[Tile]) -> list[Tile]:
    b = lowering.builder
    then_bb = b.function.append_basic_block("if.then")
    else_bb = b.function.append_basic_block("if.else")
    merge = b.function.append_basic_block("if.end")
    b.cbranch(args[0].scalar, then_bb, else_bb)
    results = []
    for region, bb in zip(op.regions, (then_bb, else_bb)):
        b.position_at_end(bb)
        vals = materialize_all(lowering, lowering.emit_block(region, []))
        results.append((vals, b.block))
        b.branch(merge)
    b.position_at_end(merge)
    (tv, tend), (ev, eend) = results
    if not tv:
        return []
    if ev and any(len(t.chunks) != len(e.chunks) or t.chunks[0].type != e.chunks[0].type
                  for t, e in zip(tv, ev)):
        raise CompilationError("internal error: if branches yield differently chunked tiles")
    out = []
    for t, e in zip(tv, ev):
        # a chunking mismatch between branches is resolved in the else block's tail
        chunks = []
        for tc, ec in zip(t.chunks, e.chunks):
            phi = b.phi(tc.type)
            phi.add_incoming(tc, tend)
            phi.add_incoming(ec, eend)
            chunks.append(phi)
        out.append(Tile(t.type, chunks))
    return out


def counted_loop(b: ir.IRBuilder, lo: int, hi: int, step: int, body, *, unroll: bool = True,
                 carried: list | None = None):
    """``for i in range(lo, hi, step): carried = body(i, carried)`` as an LLVM loop over an
    i64 counter. With ``unroll=False`` the loop is tagged so LLVM's unroller leaves it alone:
    micro-kernel loops stay loops and compile fast. Returns the final carried values."""
    carried = list(carried or [])
    pre = b.block
    header = b.function.append_basic_block("loop.header")
    body_bb = b.function.append_basic_block("loop.body")
    exit_ = b.function.append_basic_block("loop.exit")
    b.branch(header)
    b.position_at_end(header)
    i = b.phi(T.I64)
    i.add_incoming(T.const(T.I64, lo), pre)
    phis = []
    for v in carried:
        p = b.phi(v.type)
        p.add_incoming(v, pre)
        phis.append(p)
    b.cbranch(b.icmp_signed("<", i, T.const(T.I64, hi)), body_bb, exit_)
    b.position_at_end(body_bb)
    new = body(i, phis) or []
    nxt = b.add(i, T.const(T.I64, step))
    end = b.block
    br = b.branch(header)
    if not unroll:
        # numbered per module so the emitted text is deterministic (golden tests)
        n = getattr(b.module, "_tiledsl_loops", 0)
        b.module._tiledsl_loops = n + 1
        tag = ir.MetaDataString(b.module, f"{NO_UNROLL_TAG}{n}")
        br.set_metadata("llvm.loop", b.module.add_metadata([tag]))
    i.add_incoming(nxt, end)
    for p, v in zip(phis, new):
        p.add_incoming(v, end)
    b.position_at_end(exit_)
    return phis


def finalize_loop_metadata(text: str) -> str:
    """Turn each tagged ``!N = !{!"tiledsl.loop.nounroll.K"}`` node into the distinct,
    self-referencing loop id LLVM requires (llvmlite cannot build self references)."""
    import re
    pat = re.compile(r'^(!\d+) = !\{\s*!"' + re.escape(NO_UNROLL_TAG) + r'\d+"\s*\}\s*$', re.M)
    if not pat.search(text):
        return text
    text = pat.sub(lambda m: f"{m.group(1)} = distinct !{{{m.group(1)}, !tiledsl.nounroll}}",
                   text)
    text = text.replace("!tiledsl.nounroll}", "!9999999}")
    return text + '\n!9999999 = !{!"llvm.loop.unroll.disable"}\n'
