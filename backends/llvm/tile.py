"""How a tile value lives in LLVM IR: a list of vector *chunks* over its row-major elements.

A tile of shape ``S`` and ``numel`` elements is held as ``numel // w`` LLVM vectors of ``w``
lanes each (``w`` = :meth:`Target.lanes`, a native vector width such as 16 fp32 lanes on
AVX-512), chunk ``i`` holding flat elements ``[i*w, (i+1)*w)``. A 0-d tile is one scalar LLVM
value. Why chunks rather than one ``<numel x T>`` vector: LLVM's legaliser and register
allocator slow down badly on giant vectors (a 128x128 tile is 16K lanes), while a list of
native-width vectors maps 1:1 onto registers, keeps compile time linear in the tile size, and
lets elementwise code stay a plain loop over chunks. Because the chunk width depends only on
the tile's shape, operands of an elementwise op always chunk identically.

Element permutations (broadcast, permute, reductions' leftovers) go through
:func:`gather`, which builds each output chunk from as few ``shufflevector``\\ s as the
source chunks it draws from.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import llvmlite.ir as ir

from tiledsl.ir import TileType
from . import types as T


class LazyChunks:
    """Chunks computed on first use, so a chain of elementwise ops is emitted chunk by chunk
    where its consumer (a store, a reduction) asks for chunk ``i``: the chain's temporaries
    then live for one chunk instead of the whole tile, which keeps big tiles (4096 lanes =
    256 vectors) out of spill code. ``Lowering`` forces pending chunks before control flow
    (values must be defined where every later use sees them) and pending loads before any
    memory write (reads must happen where the program put them)."""

    __slots__ = ("n", "make", "cache", "__weakref__")

    def __init__(self, n: int, make):
        self.n, self.make, self.cache = n, make, [None] * n

    def __len__(self) -> int:
        return self.n

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(self.n))]
        if i < 0:
            i += self.n
        v = self.cache[i]
        if v is None:
            v = self.cache[i] = self.make(i)
        return v

    def __iter__(self):
        return (self[i] for i in range(self.n))

    def __mul__(self, k: int):
        return [self[i % self.n] for i in range(self.n * k)]

    def force(self) -> None:
        for i in range(self.n):
            self[i]


def chunk_width(shape, lanes: int) -> int:
    """Lanes per chunk for a tile of ``shape`` when the target's vectors hold ``lanes``."""
    n = 1
    for s in shape:
        n *= s
    return math.gcd(max(n, 1), lanes)


@dataclass
class Tile:
    """A lowered tile: its IR type and its LLVM values (one scalar for a 0-d tile)."""
    type: TileType
    chunks: list
    #: a memory-resident tile (see ``control.emit_for``): ``(buffer, work dtype)``; its
    #: elements are row-major in the buffer and ``chunks`` is empty until materialised
    mem: tuple | None = None
    #: the scalar every element equals (set by splats/constants), for cheap uniform math
    uniform: object = None
    #: a pointer tile kept as ``(base scalar pointer, offset Tile in elements)`` when the
    #: target opts in (``Target.affine_pointers``); ``chunks`` is empty until materialised
    affine: tuple | None = None
    #: ``("add", a, b)`` when this integer tile is ``a + b`` (see :func:`first_lane`)
    sym: tuple | None = None

    @property
    def is_scalar(self) -> bool:
        return not self.type.shape

    @property
    def scalar(self):
        assert self.is_scalar, f"{self.type} is not a scalar"
        return self.chunks[0]

    @property
    def width(self) -> int | None:
        return None if self.is_scalar else T.width_of(self.chunks[0])


def chunk_type(tt: TileType, lanes: int, regtype=None) -> ir.Type:
    """The LLVM type of one chunk of a tile of type ``tt`` (the scalar type for 0-d)."""
    st = regtype or T.scalar_type(tt.elem)
    if not tt.shape:
        return st
    return ir.VectorType(st, chunk_width(tt.shape, lanes))


def num_chunks(tt: TileType, lanes: int) -> int:
    if not tt.shape:
        return 1
    return tt.numel // chunk_width(tt.shape, lanes)


def const_i32_vector(values) -> ir.Constant:
    return ir.Constant(ir.VectorType(T.I32, len(values)), [ir.Constant(T.I32, v) for v in values])


def splat_value(b: ir.IRBuilder, value, width: int):
    """``<width x T>`` with ``value`` (a scalar) in every lane."""
    vt = ir.VectorType(value.type, width)
    if isinstance(value, ir.Constant):
        return ir.Constant(vt, [value] * width)
    one = b.insert_element(T.poison(ir.VectorType(value.type, 1)), value, ir.Constant(T.I32, 0))
    return b.shuffle_vector(one, T.poison(one.type), const_i32_vector([0] * width))


def splat_tile(b: ir.IRBuilder, value, tt: TileType, lanes: int) -> Tile:
    """A tile of type ``tt`` holding the scalar ``value`` everywhere (one chunk, shared)."""
    if not tt.shape:
        return Tile(tt, [value], uniform=value)
    w = chunk_width(tt.shape, lanes)
    v = splat_value(b, value, w)
    return Tile(tt, [v] * num_chunks(tt, lanes), uniform=value)


def extract(b: ir.IRBuilder, tile: Tile, flat: int):
    """Element ``flat`` (row-major index) of ``tile`` as a scalar."""
    if tile.is_scalar:
        return tile.scalar
    w = tile.width
    return b.extract_element(tile.chunks[flat // w], ir.Constant(T.I32, flat % w))


def elements(b: ir.IRBuilder, tile: Tile) -> list:
    """Every element as a scalar LLVM value (the slow, always-correct path)."""
    if tile.is_scalar:
        return [tile.scalar]
    return [extract(b, tile, i) for i in range(tile.type.numel)]


def from_elements(b: ir.IRBuilder, values: list, tt: TileType, lanes: int) -> Tile:
    """Pack scalars (row-major) into a tile of type ``tt``."""
    if not tt.shape:
        return Tile(tt, [values[0]])
    w = chunk_width(tt.shape, lanes)
    chunks = []
    for c in range(len(values) // w):
        part = values[c * w:(c + 1) * w]
        if all(p is part[0] for p in part):
            chunks.append(splat_value(b, part[0], w))
            continue
        v = T.poison(ir.VectorType(part[0].type, w))
        for i, x in enumerate(part):
            v = b.insert_element(v, x, ir.Constant(T.I32, i))
        chunks.append(v)
    return Tile(tt, chunks)


def gather(b: ir.IRBuilder, src: Tile, tt: TileType, lanes: int, index) -> Tile:
    """A tile of type ``tt`` whose flat element ``i`` is ``src``'s flat element ``index(i)``.

    Each output chunk costs one shuffle per distinct source chunk it reads, so a row
    broadcast or a regrouping of whole chunks is nearly free.
    """
    if src.is_scalar:
        return splat_tile(b, src.scalar, tt, lanes)
    if not tt.shape:
        return Tile(tt, [extract(b, src, index(0))])
    wi, wo = src.width, chunk_width(tt.shape, lanes)
    out, memo = [], {}
    for c in range(tt.numel // wo):
        groups: dict[int, list[tuple[int, int]]] = {}
        for lane in range(wo):
            j = index(c * wo + lane)
            groups.setdefault(j // wi, []).append((lane, j % wi))
        key = tuple((k, tuple(v)) for k, v in groups.items())
        if key in memo:  # identical recipe (e.g. a broadcast row): reuse the value
            out.append(memo[key])
            continue
        acc = None
        filled: set[int] = set()
        for k, pairs in groups.items():
            mask = [0] * wo
            for lane, sl in pairs:
                mask[lane] = sl
            srcv = src.chunks[k]
            if wi == wo and len(groups) == 1 and mask == list(range(wo)):
                part = srcv
            else:
                part = b.shuffle_vector(srcv, T.poison(srcv.type), const_i32_vector(mask))
            if acc is None:
                acc = part
            else:
                mine = {lane for lane, _ in pairs}
                sel = [wo + i if i in mine else i for i in range(wo)]
                acc = b.shuffle_vector(acc, part, const_i32_vector(sel))
            filled |= {lane for lane, _ in pairs}
        memo[key] = acc
        out.append(acc)
    return Tile(tt, out)


def rechunk(b: ir.IRBuilder, src: Tile, tt: TileType, lanes: int) -> Tile:
    """``src``'s elements in the chunking of ``tt`` (same numel, maybe another shape)."""
    if src.is_scalar:
        return splat_tile(b, src.scalar, tt, lanes)
    if not tt.shape:
        return Tile(tt, [extract(b, src, 0)])
    if src.width == chunk_width(tt.shape, lanes):
        return Tile(tt, list(src.chunks))
    return gather(b, src, tt, lanes, lambda i: i)


def first_lane(b: ir.IRBuilder, tile: Tile, i: int):
    """Lane 0 of chunk ``i`` as a scalar, computed from scalars when the tile is a sum of
    uniform and constant tiles (``start + tl.arange(...)``), so no vector->GPR move is
    needed to address a contiguous chunk; None when that is not known."""
    if tile.uniform is not None:
        return tile.uniform
    if isinstance(tile.chunks, list) and tile.chunks and isinstance(tile.chunks[i], ir.Constant):
        c = tile.chunks[i]
        return c.constant[0] if isinstance(c.constant, list) else None
    if tile.sym is not None and tile.sym[0] == "add":
        x = first_lane(b, tile.sym[1], i % len(tile.sym[1].chunks))
        y = first_lane(b, tile.sym[2], i % len(tile.sym[2].chunks))
        if x is not None and y is not None:
            return b.add(x, y)
    return None


def row_major_strides(shape) -> list[int]:
    strides, acc = [], 1
    for s in reversed(shape):
        strides.append(acc)
        acc *= s
    return strides[::-1]


def unravel(i: int, shape) -> list[int]:
    out = []
    for s in reversed(shape):
        out.append(i % s)
        i //= s
    return out[::-1]
