"""Tensor-core ``dot``: ``mma.sync.aligned`` on operands staged in shared memory.

Used by ``dot.py`` for 2-D dots on sm_80+ whose shapes are multiples of the instruction:

* fp16 / bf16 inputs: ``mma.sync.aligned.m16n8k16.row.col.f32.{f16,bf16}`` (fp32
  accumulation, as the interpreter's fp32 work dtype);
* fp32 inputs with ``input_precision="tf32"`` (the default, as in Triton):
  ``m16n8k8.row.col.f32.tf32.tf32.f32`` on operands rounded with ``cvt.rna.tf32.f32``;
  ``"ieee"`` and ``"tf32x3"`` take the exact FMA path.

Staging: ``a`` (M x K) and ``b`` (K x N) row-major in their own dtype, the accumulator
``acc`` as fp32 (M x N). Warp ``w`` owns the 16x8 output tiles ``w, w + W, ...``: it loads the
tile's accumulator fragment, runs the K loop (fragments read straight from shared memory in
the register layout the PTX ISA gives for each shape), and writes the result fragment back
over its own tile, so no two warps touch the same words. After a barrier every thread reads
its output slots (``layout.py``) and rounds them to the output dtype. The instruction is
issued through inline PTX so one code path serves fp16, bf16 and tf32 (the
``llvm.nvvm.mma.*`` intrinsics differ in operand types per variant).

Accumulators carried by a ``for`` loop whose only use is the ``dot`` in the body (the
GEMM pattern, see ``emitters._for``) stay in registers in the fragment layout for the whole
loop (``to_fragments``); they return to the cyclic layout only when something else reads
them (``from_fragments``, through ``PtxLowering.materialize``). Then each K step stages only
``a`` and ``b``.

This is the correct-first form: fragments come from shared memory with 16/32-bit loads and
bank conflicts; ``ldmatrix``, swizzling, register-resident accumulators and wgmma are the
performance work of issue 10.
"""
from __future__ import annotations

from dataclasses import dataclass

import llvmlite.ir as ir

from tiledsl import dtypes as dt
from tiledsl import knobs
from tiledsl.backends.llvm import types as T
from tiledsl.backends.llvm.control import counted_loop
from tiledsl.backends.llvm.elementwise import cast
from tiledsl.backends.llvm.tile import Tile
from .layout import WARP

#: bytes of shared memory above which the FMA path is used instead (the opt-in limit is
#: 227 KiB on sm_90, 163 KiB on sm_80; staying under both keeps one PTX valid on both)
SMEM_LIMIT = 160 * 1024


@dataclass(frozen=True)
class MmaPlan:
    kind: str   # "f16", "bf16" or "tf32"
    m: int
    n: int
    k: int      # the dot's K
    kstep: int  # the instruction's K (16, or 8 for tf32)


def mma_plan(lw, op):
    """How to run ``op`` on tensor cores, or None to use the FMA path."""
    a, b, acc = (v.type for v in op.operands)
    if a.rank != 2 or lw.target.sm() < 80:
        return None
    out = op.results[0].type.elem
    if not out.is_floating() or out.is_fp64():
        return None
    if a.elem.is_fp16() or a.elem.is_bf16():
        kind, kstep = ("f16" if a.elem.is_fp16() else "bf16"), 16
    elif a.elem.is_fp32() and op.attrs.get("input_precision", "tf32") == "tf32":
        kind, kstep = "tf32", 8
    else:
        return None
    m, k = a.shape
    n = b.shape[1]
    if m % 16 or n % 8 or k % kstep:
        return None
    if _smem_layout(m, n, k, a.elem.itemsize)[-1] > SMEM_LIMIT:
        return None
    return MmaPlan(kind, m, n, k, kstep)


def _align(x: int) -> int:
    return (x + 15) // 16 * 16


def _smem_layout(m, n, k, itemsize):
    off_b = _align(m * k * itemsize)
    off_c = _align(off_b + k * n * itemsize)
    return off_b, off_c, off_c + m * n * 4


def _asm(b, text, constraints, ret, args):
    fty = ir.FunctionType(ret, [a.type for a in args])
    return b.call(ir.InlineAsm(fty, text, constraints, side_effect=False), args)


FRAG = "mma-fragments"
#: loop-carried GEMM accumulators in fragments (0: through shared memory at every dot)
FRAGMENTS = knobs.PTX_MMA_FRAGMENTS


def _tile_coords(lw, plan, r):
    """Round ``r`` of this warp's 16x8 output tiles: ``(live, row0, row1, n0, c_idx)`` with
    ``c_idx`` the flat indices of the thread's four accumulator elements."""
    b = lw.builder
    c32 = lambda v: T.const(T.I32, v)  # noqa: E731
    lane = b.and_(lw.tid, c32(WARP - 1))
    warp = b.lshr(lw.tid, c32(5))
    grp = b.lshr(lane, c32(2))
    tig = b.and_(lane, c32(3))
    tiles_n = plan.n // 8
    tiles = (plan.m // 16) * tiles_n
    t = r if isinstance(r, ir.Value) else c32(r)
    t = b.add(warp, b.mul(t, c32(lw.target.num_warps)))
    live = b.icmp_unsigned("<", t, c32(tiles))
    t = b.select(live, t, c32(0))  # warps without a tile redo tile 0 and do not write
    m0 = b.mul(b.udiv(t, c32(tiles_n)), c32(16))
    n0 = b.mul(b.urem(t, c32(tiles_n)), c32(8))
    row0 = b.add(m0, grp)
    row1 = b.add(row0, c32(8))
    col = b.add(n0, b.mul(tig, c32(2)))
    i0 = b.add(b.mul(row0, c32(plan.n)), col)
    i1 = b.add(b.mul(row1, c32(plan.n)), col)
    return live, row0, row1, n0, grp, tig, [i0, b.add(i0, c32(1)), i1, b.add(i1, c32(1))]


def _rounds(lw, plan) -> int:
    tiles = (plan.m // 16) * (plan.n // 8)
    return -(-tiles // lw.target.num_warps)


def fragment_plan(lw, dot_op):
    """The plan under which ``dot_op``'s accumulator can live in fragments, or None."""
    plan = mma_plan(lw, dot_op)
    if plan is None or not op_out_fp32(dot_op) or not FRAGMENTS.as_bool():
        return None
    return plan


def op_out_fp32(op) -> bool:
    return op.results[0].type.elem == dt.float32


def to_fragments(lw, tile: Tile, plan: MmaPlan) -> Tile:
    """``tile`` (cyclic, fp32) as this thread's accumulator fragments, through shared memory."""
    lw.need_smem(plan.m * plan.n * 4)
    lw.sync()
    lw.to_smem(tile, 0, dt.float32)
    lw.sync()
    frags = []
    for r in range(_rounds(lw, plan)):
        idx = _tile_coords(lw, plan, r)[-1]
        frags += [lw.smem_load(0, i, dt.float32) for i in idx]
    return Tile(tile.type, frags, mem=(FRAG, plan))


def from_fragments(lw, tile: Tile) -> Tile:
    """A fragment-resident accumulator back in the cyclic layout of ``layout.py``."""
    plan = tile.mem[1]
    b = lw.builder
    lw.need_smem(plan.m * plan.n * 4)
    lw.sync()
    for r in range(_rounds(lw, plan)):
        live, *_, idx = _tile_coords(lw, plan, r)
        vals = tile.chunks[4 * r:4 * r + 4]
        lw.guarded(live, lambda idx=idx, vals=vals: [
            b.store(v, lw.smem_at(0, i, T.F32)) for i, v in zip(idx, vals)])
    lw.sync()
    res = lw.from_smem(tile.type.with_elem(dt.float32), 0)
    if tile.type.elem != dt.float32:
        res = Tile(tile.type, [cast(b, c, dt.float32, tile.type.elem) for c in res.chunks])
    return Tile(tile.type, res.chunks)


def _mma_in_registers(lw, op, a: Tile, bt: Tile, acc: Tile, plan: MmaPlan) -> Tile:
    """``a @ b + acc`` with ``acc`` in fragments: stage ``a`` and ``b``, run every tile's K
    loop with the fragments as loop-carried registers; the result stays in fragments."""
    b = lw.builder
    off_b, _, _ = _smem_layout(plan.m, plan.n, plan.k, a.type.elem.itemsize)
    lw.need_smem(off_b + plan.k * plan.n * a.type.elem.itemsize)
    lw.sync()
    lw.to_smem(a, 0)
    lw.to_smem(bt, off_b)
    lw.sync()
    coords = [_tile_coords(lw, plan, r) for r in range(_rounds(lw, plan))]

    def k_body(kk, c):
        k0 = b.mul(b.trunc(kk, T.I32), T.const(T.I32, plan.kstep))
        out = []
        for r, (_, row0, row1, n0, grp, tig, _) in enumerate(coords):
            out += _step(lw, plan, off_b, row0, row1, n0, grp, tig, k0, c[4 * r:4 * r + 4])
        return out
    frags = counted_loop(b, 0, plan.k // plan.kstep, 1, k_body, unroll=False,
                         carried=list(acc.chunks))
    return Tile(op.results[0].type, frags, mem=acc.mem)


def emit_mma(lw, op, a: Tile, bt: Tile, acc: Tile, plan: MmaPlan) -> Tile:
    if acc.mem is not None and acc.mem[0] == FRAG:
        return _mma_in_registers(lw, op, a, bt, acc, plan)
    b = lw.builder
    m, n, k = plan.m, plan.n, plan.k
    elem = a.type.elem
    off_b, off_c, total = _smem_layout(m, n, k, elem.itemsize)
    lw.need_smem(total)
    lw.sync()
    lw.to_smem(a, 0)
    lw.to_smem(bt, off_b)
    lw.to_smem(acc, off_c, dt.float32)
    lw.sync()
    c32 = lambda v: T.const(T.I32, v)  # noqa: E731
    lane = b.and_(lw.tid, c32(WARP - 1))
    warp = b.lshr(lw.tid, c32(5))
    grp = b.lshr(lane, c32(2))          # groupID: the fragment row (A, C) or column (B)
    tig = b.and_(lane, c32(3))          # thread in group
    tiles_n = n // 8
    tiles = (m // 16) * tiles_n
    warps = lw.target.num_warps
    rounds = -(-tiles // warps)

    def tile_body(r, _):
        t = b.add(warp, b.mul(b.trunc(r, T.I32), c32(warps)))
        live = b.icmp_unsigned("<", t, c32(tiles))
        t = b.select(live, t, c32(0))  # warps without a tile redo tile 0 and do not write
        m0 = b.mul(b.udiv(t, c32(tiles_n)), c32(16))
        n0 = b.mul(b.urem(t, c32(tiles_n)), c32(8))
        row0 = b.add(m0, grp)
        row1 = b.add(row0, c32(8))
        col = b.add(n0, b.mul(tig, c32(2)))
        c_idx = [b.add(b.mul(row0, c32(n)), col), b.add(b.mul(row1, c32(n)), col)]
        c_idx = [c_idx[0], b.add(c_idx[0], c32(1)), c_idx[1], b.add(c_idx[1], c32(1))]
        cfrag = [lw.smem_load(off_c, i, dt.float32) for i in c_idx]

        def k_body(kk, c):
            k0 = b.mul(b.trunc(kk, T.I32), c32(plan.kstep))
            return _step(lw, plan, off_b, row0, row1, n0, grp, tig, k0, c)
        cfrag = counted_loop(b, 0, k // plan.kstep, 1, k_body, unroll=False, carried=cfrag)

        def write():
            for i, v in zip(c_idx, cfrag):
                b.store(v, lw.smem_at(off_c, i, T.F32))
        lw.guarded(live, write)
        return []
    counted_loop(b, 0, rounds, 1, tile_body, unroll=False, carried=[])
    lw.sync()
    out_t = op.results[0].type
    res = lw.from_smem(out_t.with_elem(dt.float32), off_c)
    if out_t.elem != dt.float32:
        res = Tile(out_t, [cast(b, c, dt.float32, out_t.elem) for c in res.chunks])
    return Tile(out_t, res.chunks)


def _step(lw, plan, off_b, row0, row1, n0, grp, tig, k0, c):
    """One ``mma.sync`` of a warp: fragments of A rows ``m0..m0+15`` and B columns
    ``n0..n0+7`` at K offset ``k0``, accumulated into ``c`` (four fp32 values)."""
    b = lw.builder
    c32 = lambda v: T.const(T.I32, v)  # noqa: E731
    m, n, k = plan.m, plan.n, plan.k
    if plan.kind == "tf32":
        def a_at(row, kc):
            return _tf32(b, lw.smem_load(0, b.add(b.mul(row, c32(k)), kc), dt.float32))

        def b_at(kr):
            return _tf32(b, lw.smem_load(off_b, b.add(b.mul(kr, c32(n)), b.add(n0, grp)),
                                         dt.float32))
        ka = b.add(k0, tig)
        kb = b.add(ka, c32(4))
        afr = [a_at(row0, ka), a_at(row1, ka), a_at(row0, kb), a_at(row1, kb)]
        bfr = [b_at(ka), b_at(kb)]
        shape, types = "m16n8k8", "tf32.tf32"
    else:
        def a_pair(row, kc):  # two consecutive halves of a row: one aligned 32-bit word
            idx = b.lshr(b.add(b.mul(row, c32(k)), kc), c32(1))
            return b.load(lw.smem_at(0, idx, T.I32), typ=T.I32)

        def b_pair(kr):  # B[kr, col] and B[kr + 1, col]: the lower k in the low half
            colx = b.add(n0, grp)
            lo = lw.smem_load(off_b, b.add(b.mul(kr, c32(n)), colx), dt.int16)
            hi = lw.smem_load(off_b, b.add(b.mul(b.add(kr, c32(1)), c32(n)), colx), dt.int16)
            return b.or_(b.zext(lo, T.I32), b.shl(b.zext(hi, T.I32), c32(16)))
        ka = b.add(k0, b.mul(tig, c32(2)))
        kb = b.add(ka, c32(8))
        afr = [a_pair(row0, ka), a_pair(row1, ka), a_pair(row0, kb), a_pair(row1, kb)]
        bfr = [b_pair(ka), b_pair(kb)]
        shape, types = "m16n8k16", f"{plan.kind}.{plan.kind}"
    text = (f"mma.sync.aligned.{shape}.row.col.f32.{types}.f32 "
            "{$0, $1, $2, $3}, {$4, $5, $6, $7}, {$8, $9}, {$10, $11, $12, $13};")
    ret = ir.LiteralStructType([T.F32] * 4)
    res = _asm(b, text, "=f,=f,=f,=f,r,r,r,r,r,r,0,1,2,3", ret, afr + bfr + list(c))
    return [b.extract_value(res, i) for i in range(4)]


def _tf32(b, x):
    """fp32 -> tf32 bits, rounded to nearest (ties away), as the tensor cores expect."""
    return _asm(b, "cvt.rna.tf32.f32 $0, $1;", "=r,f", T.I32, [x])
