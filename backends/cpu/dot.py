"""``dot`` on the CPU: a register-blocked outer-product FMA micro-kernel.

The operand tiles are spilled (converted to the accumulation type) into three stack buffers
in row-major order, which costs a few vector stores per chunk and turns any chunking into a
plain ``[M][K]`` / ``[K][N]`` / ``[M][N]`` array. The micro-kernel then walks ``MR x NR``
blocks of C: it keeps ``MR * NR / vw`` accumulators in vector registers, and for each ``k``
loads ``NR / vw`` vectors of B's row ``k`` and broadcasts ``MR`` scalars of A's column ``k``
(``vbroadcastss`` from memory on x86, ``ld1r`` on NEON), one FMA per accumulator. The block
loops are tagged "do not unroll" so the code stays small (compile time) while the ``k`` loop is
unrolled by hand a few steps. Accumulation follows the interpreter: fp32 (fp64 for fp64
operands) for floats, wrap-around in the accumulator's type for integers.
"""
from __future__ import annotations

import llvmlite.ir as ir

from tiledsl import dtypes as dt
from tiledsl.backends.llvm import types as T
from tiledsl.backends.llvm.control import counted_loop
from tiledsl.backends.llvm.elementwise import cast
from tiledsl.backends.llvm.tile import Tile, chunk_width, splat_value


def work_dtype_for_acc(acc: dt.dtype) -> dt.dtype:
    """The accumulation dtype of a ``dot`` whose accumulator has dtype ``acc``."""
    if acc.is_int():
        return acc
    return dt.float64 if acc.is_fp64() else dt.float32


def _work_dtype(op) -> dt.dtype:
    acc = op.results[0].type.elem
    a = op.operands[0].type.elem
    if acc.is_int():
        return acc
    if acc.is_fp64() or a.is_fp64():
        return dt.float64
    return dt.float32


def _pow2_divisor(n: int, cap: int) -> int:
    d = 1
    while d * 2 <= cap and n % (d * 2) == 0:
        d *= 2
    return d


def blocking(lanes: int, M: int, N: int, K: int, elem_bytes: int) -> tuple[int, int, int, int]:
    """(MR, vw, nvec, KU): accumulator rows, vector width, vectors per row, k unroll."""
    vw = _pow2_divisor(N, max(lanes * 4 // elem_bytes, 1))
    nvec = _pow2_divisor(N // vw, 4 if lanes <= 4 else 2)
    budget = 12 if lanes == 8 else 24  # AVX2 has 16 vector registers, AVX-512/NEON 32
    MR = _pow2_divisor(M, max(min(8, budget // nvec), 1))
    KU = _pow2_divisor(K, 4)
    return MR, vw, nvec, KU


def _spill(lw, tile: Tile, src: dt.dtype, work: dt.dtype, buf, base: int):
    """Store ``tile``'s elements (converted to ``work``) at ``buf[base:]``."""
    b = lw.builder
    wt = T.scalar_type(work)
    if tile.is_scalar:
        b.store(cast(b, tile.scalar, src, work), b.gep(buf, [T.const(T.I64, base)],
                                                       source_etype=wt))
        return
    w = tile.width
    for i, c in enumerate(tile.chunks):
        p = b.gep(buf, [T.const(T.I64, base + i * w)], source_etype=wt)
        b.store(cast(b, c, src, work), p, align=work.itemsize)


def emit_dot(lw, target, op, a: Tile, bt: Tile, acc: Tile) -> Tile:
    b = lw.builder
    work = _work_dtype(op)
    wt = T.scalar_type(work)
    a_shape, b_shape = a.type.shape, bt.type.shape
    batch = a_shape[0] if len(a_shape) == 3 else 1
    M, K = a_shape[-2], a_shape[-1]
    N = b_shape[-1]
    abuf = lw.alloca(wt, batch * M * K)
    bbuf = lw.alloca(wt, batch * K * N)
    _spill(lw, a, op.operands[0].type.elem, work, abuf, 0)
    _spill(lw, bt, op.operands[1].type.elem, work, bbuf, 0)
    if acc.mem is not None and acc.mem[1] != work:
        acc = lw.materialize(acc)
    in_place = acc.mem is not None
    if in_place:  # the loop keeps the accumulator in this buffer (control.emit_for)
        cbuf = acc.mem[0]
    else:
        cbuf = lw.alloca(wt, batch * M * N)
        _spill(lw, acc, op.operands[2].type.elem, work, cbuf, 0)
    MR, vw, nvec, KU = blocking(target.lanes(), M, N, K, work.itemsize)
    vt = ir.VectorType(wt, vw)
    is_float = work.is_floating()

    def idx(*terms):
        v = None
        for t in terms:
            t = T.const(T.I64, t) if isinstance(t, int) else t
            v = t if v is None else b.add(v, t)
        return v

    for bi in range(batch):
        a0, b0, c0 = bi * M * K, bi * K * N, bi * M * N

        def rows(i0, _):
            def cols(j0, _):
                accs = []
                for r in range(MR):
                    row = b.mul(b.add(i0, T.const(T.I64, r)), T.const(T.I64, N))
                    for v in range(nvec):
                        p = b.gep(cbuf, [idx(c0, row, j0, v * vw)], source_etype=wt)
                        accs.append(b.load(p, typ=vt, align=work.itemsize))

                def kstep(k, carried):
                    cur = list(carried)
                    for u in range(KU):
                        kk = b.add(k, T.const(T.I64, u))
                        brow = b.mul(kk, T.const(T.I64, N))
                        bv = [b.load(b.gep(bbuf, [idx(b0, brow, j0, v * vw)], source_etype=wt),
                                     typ=vt, align=work.itemsize) for v in range(nvec)]
                        for r in range(MR):
                            arow = b.mul(b.add(i0, T.const(T.I64, r)), T.const(T.I64, K))
                            s = b.load(b.gep(abuf, [idx(a0, arow, kk)], source_etype=wt), typ=wt)
                            av = splat_value(b, s, vw)
                            for v in range(nvec):
                                j = r * nvec + v
                                if is_float:
                                    cur[j] = T.intrinsic(b, "fma", [av, bv[v], cur[j]])
                                else:
                                    cur[j] = b.add(b.mul(av, bv[v]), cur[j])
                    return cur

                accs = counted_loop(b, 0, K, KU, kstep, unroll=False, carried=accs)
                for r in range(MR):
                    row = b.mul(b.add(i0, T.const(T.I64, r)), T.const(T.I64, N))
                    for v in range(nvec):
                        p = b.gep(cbuf, [idx(c0, row, j0, v * vw)], source_etype=wt)
                        b.store(accs[r * nvec + v], p, align=work.itemsize)
            counted_loop(b, 0, N, vw * nvec, cols, unroll=False)
        counted_loop(b, 0, M, MR, rows, unroll=False)

    tt = op.results[0].type
    if in_place:
        return Tile(tt, [], mem=(cbuf, work))
    w = chunk_width(tt.shape, lw.lanes)
    out = []
    ct = ir.VectorType(wt, w)
    for i in range(tt.numel // w):
        p = b.gep(cbuf, [T.const(T.I64, i * w)], source_etype=wt)
        out.append(cast(b, b.load(p, typ=ct, align=work.itemsize), work, tt.elem))
    return Tile(tt, out)
