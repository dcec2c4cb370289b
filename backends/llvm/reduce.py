"""``reduce`` and ``scan`` with arbitrary combine regions, vectorised over chunks.

The combine region (2N scalar arguments -> N results) is emitted on *raw* LLVM values, so
one emission combines whole chunks lane by lane (see ``Lowering.emit_raw_region``). Three
shapes of work, fastest first:

* the reduced axis is outside the chunk (``inner % w == 0``): chunks at the same position
  along the other axes combine lane-wise, in a balanced tree (reduce) or in order (scan);
* the axis is the contiguous one and rows hold whole chunks: combine the row's chunks
  lane-wise, then halve the vector with shuffles until one lane is left (reduce), or run a
  Hillis-Steele scan inside the chunk and carry the last lane into the next chunk (scan);
* anything else (tiny or odd shapes, reversed scans along the contiguous axis) runs on
  scalars. All paths combine earlier elements as the left operand, so non-commutative
  (associative) combine functions are honoured.
"""
from __future__ import annotations

import llvmlite.ir as ir

from . import types as T
from .tile import Tile, chunk_width, const_i32_vector, elements, from_elements, splat_value


def _dims(shape, axis):
    outer = 1
    for s in shape[:axis]:
        outer *= s
    inner = 1
    for s in shape[axis + 1:]:
        inner *= s
    return outer, shape[axis], inner


def _tree(combine, items):
    """Balanced pairwise combination of ``items`` (lists of raw values), order kept."""
    while len(items) > 1:
        nxt = [combine(items[i], items[i + 1]) for i in range(0, len(items) - 1, 2)]
        if len(items) % 2:
            nxt.append(items[-1])
        items = nxt
    return items[0]


def emit_reduce(lowering, op, args: list[Tile]) -> list[Tile]:
    b = lowering.builder
    axis = op.attrs["axis"]
    shape = args[0].type.shape
    outer, L, inner = _dims(shape, axis)
    region = op.regions[0]
    n = len(args)

    def combine(x, y):
        return lowering.emit_raw_region(region, list(x) + list(y))

    out_types = [r.type for r in op.results]
    w = args[0].width
    if inner % w == 0:
        per = inner // w
        out_chunks = [[] for _ in range(n)]
        for o in range(outer):
            for j in range(per):
                items = [[a.chunks[(o * L + k) * per + j] for a in args] for k in range(L)]
                res = _tree(combine, items)
                for i in range(n):
                    out_chunks[i].append(res[i])
        return [_retile(lowering, Tile(t, c)) for t, c in zip(out_types, out_chunks)]
    if inner == 1 and L % w == 0:
        per = L // w
        scalars = [[] for _ in range(n)]
        for o in range(outer):
            items = [[a.chunks[o * per + j] for a in args] for j in range(per)]
            v = _tree(combine, items)
            width = w
            while width > 1:
                half = width // 2
                lo = [b.shuffle_vector(x, T.poison(x.type), const_i32_vector(range(half)))
                      for x in v]
                hi = [b.shuffle_vector(x, T.poison(x.type), const_i32_vector(range(half, width)))
                      for x in v]
                v = combine(lo, hi)
                width = half
            for i in range(n):
                scalars[i].append(b.extract_element(v[i], ir.Constant(T.I32, 0)))
        return [from_elements(b, s, t, lowering.lanes) for s, t in zip(scalars, out_types)]
    # scalar fallback
    elems = [elements(b, a) for a in args]
    scalars = [[] for _ in range(n)]
    for o in range(outer):
        for j in range(inner):
            items = [[e[(o * L + k) * inner + j] for e in elems] for k in range(L)]
            res = _tree(combine, items)
            for i in range(n):
                scalars[i].append(res[i])
    return [from_elements(b, s, t, lowering.lanes) for s, t in zip(scalars, out_types)]


def _retile(lowering, tile: Tile) -> Tile:
    """Chunks produced at the input's width, re-expressed in the output's chunking."""
    if not tile.type.shape:
        return Tile(tile.type, [lowering.builder.extract_element(tile.chunks[0],
                                                                 ir.Constant(T.I32, 0))])
    want = chunk_width(tile.type.shape, lowering.lanes)
    if T.width_of(tile.chunks[0]) == want:
        return tile
    from .tile import rechunk
    return rechunk(lowering.builder, tile, tile.type, lowering.lanes)


def emit_scan(lowering, op, args: list[Tile]) -> list[Tile]:
    b = lowering.builder
    axis, reverse = op.attrs["axis"], op.attrs["reverse"]
    shape = args[0].type.shape
    outer, L, inner = _dims(shape, axis)
    region = op.regions[0]
    n = len(args)

    def combine(x, y):
        return lowering.emit_raw_region(region, list(x) + list(y))

    w = args[0].width
    out_types = [r.type for r in op.results]
    if inner % w == 0:
        per = inner // w
        out = [list(a.chunks) for a in args]
        order = range(L - 1, -1, -1) if reverse else range(L)
        for o in range(outer):
            for j in range(per):
                acc = None
                for k in order:
                    idx = (o * L + k) * per + j
                    cur = [a.chunks[idx] for a in args]
                    acc = cur if acc is None else combine(acc, cur)
                    for i in range(n):
                        out[i][idx] = acc[i]
        return [Tile(t, c) for t, c in zip(out_types, out)]
    if inner == 1 and L % w == 0 and not reverse:
        per = L // w
        out = [list(a.chunks) for a in args]
        for o in range(outer):
            carry = None
            for j in range(per):
                idx = o * per + j
                v = _scan_chunk(b, combine, [a.chunks[idx] for a in args], w)
                if carry is not None:
                    v = combine([splat_value(b, c, w) for c in carry], v)
                carry = [b.extract_element(x, ir.Constant(T.I32, w - 1)) for x in v]
                for i in range(n):
                    out[i][idx] = v[i]
        return [Tile(t, c) for t, c in zip(out_types, out)]
    elems = [elements(b, a) for a in args]
    res = [list(e) for e in elems]
    for o in range(outer):
        for j in range(inner):
            ks = range(L - 1, -1, -1) if reverse else range(L)
            acc = None
            for k in ks:
                idx = (o * L + k) * inner + j
                cur = [e[idx] for e in elems]
                acc = cur if acc is None else combine(acc, cur)
                for i in range(n):
                    res[i][idx] = acc[i]
    return [from_elements(b, r, t, lowering.lanes) for r, t in zip(res, out_types)]


def _scan_chunk(b, combine, v, w):
    """Inclusive Hillis-Steele scan inside one chunk: log2(w) shuffle+combine+select steps."""
    s = 1
    while s < w:
        idx = const_i32_vector([i - s if i >= s else 0 for i in range(w)])
        shifted = [b.shuffle_vector(x, T.poison(x.type), idx) for x in v]
        comb = combine(shifted, v)
        keep = ir.Constant(ir.VectorType(T.I1, w), [ir.Constant(T.I1, int(i >= s))
                                                    for i in range(w)])
        v = [b.select(keep, c, x) for c, x in zip(comb, v)]
        s *= 2
    return v
