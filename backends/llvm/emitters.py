"""The shared op -> emitter table of the LLVM lowering.

An emitter is ``fn(lowering, op, args) -> list[Tile]`` where ``args`` are the lowered
operands. Target-independent ops are lowered here; memory, ``dot``, grid queries and debug
ops forward to the :class:`~.target.Target` hooks, so a backend's own table
(``backends/<name>/emitters.py``) starts from :data:`EMITTERS` and overrides or marks ops.
"""
from __future__ import annotations

import numpy as np
import llvmlite.ir as ir

from tiledsl.errors import CompilationError
from . import types as T
from .control import emit_for, emit_if, emit_while
from .elementwise import LANE_OPS, lane_op
from .reduce import emit_reduce, emit_scan
from .tile import Tile, chunk_width, gather, rechunk, row_major_strides, splat_tile, unravel


def elementwise(lowering, op, args):
    b = lowering.builder
    n = max(len(a.chunks) for a in args)
    memo = {}

    def make(i):
        ins = tuple(a.chunks[i % len(a.chunks)] for a in args)
        key = tuple(id(x) for x in ins)
        if key not in memo:  # splat operands share chunks: compute each distinct input once
            memo[key] = lane_op(b, op, list(ins))
        return memo[key]
    if n == 1 or all(a.uniform is not None for a in args):
        return [Tile(op.results[0].type, [make(i) for i in range(n)])]
    sym = ("add", args[0], args[1]) if op.name == "add" and args[0].type.elem.is_int() else None
    return [Tile(op.results[0].type, lowering.lazy(n, make), sym=sym)]


def constant_value(elem, value):
    """An LLVM scalar constant of dtype ``elem`` (fp16/bf16 rounded the way numpy does)."""
    st = T.scalar_type(elem)
    if elem.is_bf16() or elem.is_fp16():
        bits = int(np.array(value, dtype=elem.np).view(np.uint16))
        if elem.is_bf16():
            return ir.Constant(T.I16, bits)
        return ir.Constant(st, float(np.array(bits, np.uint16).view(np.float16)))
    if elem.is_floating():
        return ir.Constant(st, float(np.array(value, dtype=elem.np)))
    if elem.is_ptr():
        return ir.Constant(T.I64, int(value)).inttoptr(st) if value else ir.Constant(st, None)
    return T.const(st, int(value))


def _constant(lowering, op, args):
    tt = op.attrs["type"]
    v = constant_value(tt.elem, op.attrs["value"])
    return [splat_tile(lowering.builder, v, tt, lowering.lanes)]


def _arange(lowering, op, args):
    tt = op.results[0].type
    w = chunk_width(tt.shape, lowering.lanes)
    start = op.attrs["start"]
    chunks = [ir.Constant(ir.VectorType(T.I32, w), [ir.Constant(T.I32, start + c * w + i)
                                                    for i in range(w)])
              for c in range(tt.numel // w)]
    return [Tile(tt, chunks)]


def _program_id(lowering, op, args):
    return [Tile(op.results[0].type, [lowering.target.program_id(lowering, op.attrs["axis"])])]


def _num_programs(lowering, op, args):
    return [Tile(op.results[0].type, [lowering.target.num_programs(lowering, op.attrs["axis"])])]


def _splat(lowering, op, args):
    return [splat_tile(lowering.builder, args[0].scalar, op.results[0].type, lowering.lanes)]


def _affine_shape_op(fn):
    """Let a shape op act on an affine pointer tile by moving its offsets."""
    def emit(lowering, op, args):
        src = args[0]
        if src.affine is None:
            return fn(lowering, op, args, op.results[0].type)
        base, offs = src.affine
        tt = op.results[0].type
        moved = fn(lowering, op, [offs], tt.with_elem(offs.type.elem))[0]
        return [Tile(tt, [], affine=(base, moved))]
    emit.__name__ = fn.__name__
    emit.__doc__ = fn.__doc__
    return emit


@_affine_shape_op
def _broadcast(lowering, op, args, tt):
    src = args[0]
    if src.type.shape == tt.shape:
        return [src]
    s_strides = row_major_strides(src.type.shape)
    shape = tt.shape

    def index(i):
        idx = unravel(i, shape)
        return sum(0 if src.type.shape[d] == 1 else idx[d] * s_strides[d] for d in range(len(shape)))
    return [gather(lowering.builder, src, tt, lowering.lanes, index)]


@_affine_shape_op
def _same_order(lowering, op, args, tt):
    """expand_dims / reshape: the row-major order of elements does not change."""
    return [rechunk(lowering.builder, args[0], tt, lowering.lanes)]


@_affine_shape_op
def _permute(lowering, op, args, tt):
    src = args[0]
    order = op.attrs["order"]
    s_strides = row_major_strides(src.type.shape)

    def index(i):
        idx = unravel(i, tt.shape)
        return sum(idx[d] * s_strides[order[d]] for d in range(len(order)))
    return [gather(lowering.builder, src, tt, lowering.lanes, index)]


def _hint(lowering, op, args):
    return [args[0]]


def _addptr(lowering, op, args):
    b = lowering.builder
    ptr, off = args
    elem = op.results[0].type.elem.element_ty
    et = T.memory_type(elem)
    tt = op.results[0].type
    unsigned = op.operands[1].type.elem.is_int_unsigned()
    if getattr(lowering.target, "affine_pointers", False) and tt.shape:
        affine = _affine_addptr(lowering, ptr, off, et, unsigned, tt)
        if affine is not None:
            return [affine]
    ptr = lowering.materialize(ptr)
    chunks, memo = [], {}
    for p, o in zip(ptr.chunks, _expand(off.chunks, len(ptr.chunks))):
        key = (id(p), id(o))
        if key not in memo:
            if unsigned:  # GEP sign-extends its index; an unsigned offset must not
                o = b.zext(o, T.vec(T.I64, T.width_of(o)))
            memo[key] = b.gep(p, [o], source_etype=et)
        chunks.append(memo[key])
    return [Tile(op.results[0].type, chunks)]


def _affine_addptr(lowering, ptr, off, et, unsigned, tt):
    """``base + offsets`` pointer tiles: a splat pointer plus an offset tile stays symbolic,
    and a uniform step (``ptrs += BLOCK_K * stride``) moves only the scalar base, so a
    loop-carried pointer tile costs one scalar phi instead of a vector of pointers."""
    b = lowering.builder
    if unsigned:
        return None
    if ptr.affine is not None:
        base, offs = ptr.affine
        if off.uniform is not None:
            return Tile(tt, [], affine=(b.gep(base, [off.uniform], source_etype=et), offs))
        return Tile(tt, [], affine=(base, _add_offsets(lowering, offs, off)))
    if ptr.uniform is not None:
        return Tile(tt, [], affine=(ptr.uniform, off))
    return None


def _add_offsets(lowering, x, y):
    """Elementwise ``x + y`` of two offset tiles, widening to i64 when their types differ."""
    b = lowering.builder
    xs, ys = x.chunks, y.chunks
    n = max(len(xs), len(ys))
    xs, ys = _expand(xs, n), _expand(ys, n)
    out = []
    for a, c in zip(xs, ys):
        if a.type != c.type:
            wide = T.vec(T.I64, T.width_of(a))
            a = a if T.element_of(a.type) == T.I64 else b.sext(a, wide)
            c = c if T.element_of(c.type) == T.I64 else b.sext(c, wide)
        out.append(b.add(a, c))
    if len(xs) == len(ys) and all(a.type == c.type for a, c in zip(xs, ys)):
        return Tile(x.type, out, sym=("add", x, y))
    elem = x.type.elem if T.element_of(out[0].type) != T.I64 else __import__(
        "tiledsl.dtypes", fromlist=["int64"]).int64
    return Tile(x.type.with_elem(elem), out)


def _expand(chunks, n):
    return chunks if len(chunks) == n else [chunks[i % len(chunks)] for i in range(n)]


def _load(lowering, op, args):
    ptr, rest = args[0], list(args[1:])
    mask = rest.pop(0) if op.attrs.get("has_mask") else None
    other = rest.pop(0) if op.attrs.get("has_other") else None
    return [lowering.target.load(lowering, op, ptr, mask, other)]


def _store(lowering, op, args):
    mask = args[2] if op.attrs.get("has_mask") else None
    lowering.target.store(lowering, op, args[0], args[1], mask)
    return []


def _atomic(lowering, op, args):
    n_vals = 2 if op.attrs["kind"] == "cas" else 1
    vals = args[1:1 + n_vals]
    mask = args[1 + n_vals] if op.attrs.get("has_mask") else None
    return [lowering.target.atomic(lowering, op, args[0], vals, mask)]


def _dot(lowering, op, args):
    return [lowering.target.dot(lowering, op, *args)]


def _assert(lowering, op, args):
    b = lowering.builder
    cond = args[0]
    ok = None
    for c in dict.fromkeys(cond.chunks):  # distinct chunks only
        all_c = c if T.width_of(c) is None else T.intrinsic(
            b, "vector.reduce.and", [c], ret=T.I1)
        ok = all_c if ok is None else b.and_(ok, all_c)
    code = lowering.add_check("assert", op.attrs.get("message") or "device_assert failed",
                              op.loc)
    lowering.fail_unless(ok, code)
    return []


def _print(lowering, op, args):
    lowering.target.print(lowering, op, args)
    return []


def _unsupported_yield(lowering, op, args):
    raise CompilationError("internal error: yield outside a region")


EMITTERS = {
    "constant": _constant, "arange": _arange, "program_id": _program_id,
    "num_programs": _num_programs, "splat": _splat, "broadcast": _broadcast,
    "expand_dims": _same_order, "reshape": _same_order, "permute": _permute, "hint": _hint,
    "addptr": _addptr, "load": _load, "store": _store, "atomic": _atomic, "dot": _dot,
    "reduce": emit_reduce, "scan": emit_scan, "for": emit_for, "while": emit_while,
    "if": emit_if, "yield": _unsupported_yield, "assert": _assert, "print": _print,
}
EMITTERS.update({name: elementwise for name in LANE_OPS})
