"""``dot`` on a CTA: ``a @ b + acc`` with the operands staged in shared memory.

Two paths, both reading ``a`` and ``b`` from shared memory (row-major) and producing the
result in the cyclic layout of ``layout.py``:

* **tensor cores** (``mma.sync.aligned.m16n8k16`` for fp16/bf16 inputs, ``m16n8k8`` tf32
  for fp32 inputs unless ``input_precision="ieee"``; fp32 accumulation) when the shapes are
  multiples of the instruction's: each warp takes 16x8 output tiles in turn, loads its
  fragments from shared memory, runs the K loop, and writes the fp32 result back to shared
  memory; see :func:`_mma`;
* **FMA** for everything else (fp64, integers, ``ieee`` fp32, odd shapes): every thread
  computes its own output slots with a K loop over shared memory, in the work dtype the
  interpreter uses (fp32 for 16/32-bit floats, fp64, i32 or i64 for integers).
"""
from __future__ import annotations

from tiledsl import dtypes as dt
from tiledsl.backends.llvm import types as T
from tiledsl.backends.llvm.control import counted_loop
from tiledsl.backends.llvm.elementwise import cast
from tiledsl.backends.llvm.tile import Tile
from tiledsl.errors import CompilationError


def _work(a_elem, out_elem):
    if out_elem.is_fp64() or a_elem.is_fp64():
        return dt.float64
    if a_elem.is_int():
        wide = a_elem.primitive_bitwidth == 64 or out_elem.primitive_bitwidth == 64
        return dt.int64 if wide else dt.int32
    return dt.float32


def _size(elem) -> int:
    return max(1, elem.itemsize)


def _align(n: int) -> int:
    return (n + 15) // 16 * 16


def emit_dot(lw, op, a: Tile, b: Tile, acc: Tile) -> Tile:
    if a.type.rank != 2 and a.type.rank != 3:
        raise CompilationError("dot needs 2-D or 3-D tiles", op.loc)
    from .mma import mma_plan, emit_mma
    plan = mma_plan(lw, op)
    if plan is not None:
        return emit_mma(lw, op, a, b, acc, plan)
    return _fma_dot(lw, op, a, b, acc)


def _fma_dot(lw, op, a: Tile, b: Tile, acc: Tile) -> Tile:
    bld = lw.builder
    out_t = op.results[0].type
    out_elem = out_t.elem
    work = _work(a.type.elem, out_elem)
    wt = T.scalar_type(work)
    batched = a.type.rank == 3
    m, k = a.type.shape[-2:]
    n = b.type.shape[-1]
    bsz = a.type.shape[0] if batched else 1
    off_b = _align(bsz * m * k * _size(work))
    lw.need_smem(off_b + bsz * k * n * _size(work))
    lw.sync()
    lw.to_smem(a, 0, work)
    lw.to_smem(b, off_b, work)
    lw.sync()
    lay = lw.layout(out_t)
    chunks = []
    c32 = lambda v: T.const(T.I32, v)  # noqa: E731
    for e in range(lay.slots):
        i = lay.index(bld, lw.tid, e)
        row = bld.urem(bld.udiv(i, c32(n)), c32(m))
        col = bld.urem(i, c32(n))
        a_base = bld.mul(row, c32(k))
        b_base = col
        if batched:
            bi = bld.udiv(i, c32(m * n))
            a_base = bld.add(a_base, bld.mul(bi, c32(m * k)))
            b_base = bld.add(b_base, bld.mul(bi, c32(k * n)))
        zero = T.const(wt, 0)

        def body(kk, carried, a_base=a_base, b_base=b_base):
            kk = bld.trunc(kk, T.I32)
            x = lw.smem_load(0, bld.add(a_base, kk), work)
            y = lw.smem_load(off_b, bld.add(b_base, bld.mul(kk, c32(n))), work)
            s = carried[0]
            if work.is_floating():
                return [T.intrinsic(bld, "fma", [x, y, s])]
            return [bld.add(bld.mul(x, y), s)]
        s = counted_loop(bld, 0, k, 1, body, unroll=False, carried=[zero])[0]
        c = cast(bld, acc.chunks[e], acc.type.elem, work)
        total = bld.fadd(s, c) if work.is_floating() else bld.add(s, c)
        chunks.append(cast(bld, total, work, out_elem))
    return Tile(out_t, chunks)
