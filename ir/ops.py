"""The op table: every tile-IR op is one row.

A row gives the op's name, arity (``None``: variadic), category, whether it is pure (CSE and
DCE may touch it), its number of regions, its type rule and, for elementwise ops, the numpy
reference semantics from ``semantics.py``. Backends register emitters per op name; a test
checks every backend against this table, so no backend can silently lack an op.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from tiledsl import dtypes as dt
from .types import TileType, scalar
from . import semantics

Infer = Callable[[list[TileType], dict], list[TileType]]


class IRTypeError(Exception):
    """An op's operands violate its type rule (a compiler bug when the frontend built it)."""


@dataclass(frozen=True)
class OpDef:
    name: str
    arity: int | None
    category: str
    infer: Infer
    pure: bool = True
    regions: int = 0
    numpy: Callable | None = None
    doc: str = ""


def _check(cond: bool, msg: str) -> None:
    if not cond:
        raise IRTypeError(msg)


def _same(ts: list[TileType], what: str) -> None:
    _check(all(t == ts[0] for t in ts), f"{what}: operand types differ: {', '.join(map(str, ts))}")


def _unary(kinds: str):
    def infer(ts, attrs):
        _check(_kind_ok(ts[0].elem, kinds), f"operand must be {kinds}, got {ts[0].elem}")
        return [ts[0]]
    return infer


def _binary(kinds: str):
    def infer(ts, attrs):
        _same(ts, "binary op")
        _check(_kind_ok(ts[0].elem, kinds), f"operands must be {kinds}, got {ts[0].elem}")
        return [ts[0]]
    return infer


def _kind_ok(elem: dt.dtype, kinds: str) -> bool:
    return (("f" in kinds and elem.is_floating()) or ("i" in kinds and elem.is_int())
            or ("p" in kinds and elem.is_ptr()))


def _compare(ts, attrs):
    _same(ts, "comparison")
    return [ts[0].with_elem(dt.int1)]


def _select(ts, attrs):
    c, a, b = ts
    _check(c.elem == dt.int1 and c.shape == a.shape, "select condition must be int1 of the same shape")
    _same([a, b], "select")
    return [a]


def _fma(ts, attrs):
    _same(ts, "fma")
    _check(ts[0].elem.is_floating(), "fma needs floats")
    return [ts[0]]


def _attr_type(ts, attrs):
    return [attrs["type"]]


def _cast(ts, attrs):
    return [ts[0].with_elem(attrs["dtype"])]


def _bitcast(ts, attrs):
    src, dst = ts[0].elem, attrs["dtype"]
    _check(src.primitive_bitwidth == dst.primitive_bitwidth,
           f"bitcast between {src} and {dst} of different widths")
    return [ts[0].with_elem(dst)]


def _splat(ts, attrs):
    _check(ts[0].is_scalar(), "splat needs a scalar")
    return [TileType(tuple(attrs["shape"]), ts[0].elem)]


def _broadcast(ts, attrs):
    src, shape = ts[0], tuple(attrs["shape"])
    _check(src.rank == len(shape) and all(a in (1, b) for a, b in zip(src.shape, shape)),
           f"cannot broadcast {src} to {shape}")
    return [src.with_shape(shape)]


def _expand_dims(ts, attrs):
    shape = list(ts[0].shape)
    axis = attrs["axis"]
    _check(0 <= axis <= len(shape), f"expand_dims axis {axis} out of range")
    shape.insert(axis, 1)
    return [ts[0].with_shape(shape)]


def _reshape(ts, attrs):
    shape = tuple(attrs["shape"])
    n = 1
    for s in shape:
        n *= s
    _check(n == ts[0].numel, f"cannot reshape {ts[0]} to {shape}")
    return [ts[0].with_shape(shape)]


def _permute(ts, attrs):
    order = tuple(attrs["order"])
    _check(sorted(order) == list(range(ts[0].rank)), f"bad permutation {order}")
    return [ts[0].with_shape(ts[0].shape[i] for i in order)]


def _arange(ts, attrs):
    return [TileType((attrs["end"] - attrs["start"],), dt.int32)]


def _i32(ts, attrs):
    return [scalar(dt.int32)]


def _addptr(ts, attrs):
    p, o = ts
    _check(p.elem.is_ptr() and o.elem.is_int() and p.shape == o.shape, f"addptr {p} + {o}")
    return [p]


def _load(ts, attrs):
    p = ts[0]
    _check(p.elem.is_ptr(), f"load from a non-pointer {p}")
    res = p.with_elem(p.elem.element_ty)
    rest = ts[1:]
    if attrs.get("has_mask"):
        _check(rest[0] == p.with_elem(dt.int1), f"load mask {rest[0]} does not match {p}")
        rest = rest[1:]
    if attrs.get("has_other"):
        _check(rest[0] == res, f"load other {rest[0]} does not match {res}")
    return [res]


def _store(ts, attrs):
    p, v = ts[0], ts[1]
    _check(p.elem.is_ptr() and v == p.with_elem(p.elem.element_ty), f"store {v} through {p}")
    if attrs.get("has_mask"):
        _check(ts[2] == p.with_elem(dt.int1), "store mask shape")
    return []


def _atomic(ts, attrs):
    p = ts[0]
    _check(p.elem.is_ptr(), "atomic on a non-pointer")
    res = p.with_elem(p.elem.element_ty)
    n_vals = 2 if attrs["kind"] == "cas" else 1
    for t in ts[1:1 + n_vals]:
        _check(t == res, f"atomic value {t} does not match {res}")
    return [res]


def _dot(ts, attrs):
    a, b, acc = ts
    _check(a.rank == b.rank == acc.rank and a.rank in (2, 3), "dot needs 2-D (or batched 3-D) tiles")
    _check(a.shape[-1] == b.shape[-2], f"dot: inner dimensions differ: {a} @ {b}")
    _check(acc.shape == a.shape[:-1] + b.shape[-1:], f"dot: accumulator {acc} does not fit")
    _check(a.elem == b.elem, f"dot operands differ in dtype: {a.elem} vs {b.elem}")
    return [acc]


def _reduce(ts, attrs):
    axis = attrs["axis"]
    return [t.with_shape(t.shape[:axis] + t.shape[axis + 1:]).with_elem(e)
            for t, e in zip(ts, attrs["elems"])]


def _scan(ts, attrs):
    return list(ts)


def _loop(ts, attrs):
    return list(ts[3:])


def _while(ts, attrs):
    return list(ts)


def _no_results(ts, attrs):
    return []


def _from_regions(ts, attrs):
    _check(ts[0].shape == () and ts[0].elem == dt.int1, "if needs a scalar int1 condition")
    return None  # the branches' yields give the result types; the verifier checks them


def _identity(ts, attrs):
    return [ts[0]]


OPS: dict[str, OpDef] = {}


def _row(name, arity, category, infer, **kw):
    OPS[name] = OpDef(name, arity, category, infer, numpy=semantics.ELEMENTWISE.get(name), **kw)


for _n in ("add", "sub", "mul", "div", "rem", "min", "max"):
    _row(_n, 2, "binary", _binary("fi"))
for _n in ("and", "or", "xor", "shl", "shr", "umulhi"):
    _row(_n, 2, "binary", _binary("i"))
for _n in ("eq", "ne", "lt", "le", "gt", "ge"):
    _row(_n, 2, "compare", _compare)
_row("neg", 1, "unary", _unary("fi"))
_row("abs", 1, "unary", _unary("fi"))
_row("not", 1, "unary", _unary("i"))
for _n in ("exp", "exp2", "log", "log2", "sqrt", "rsqrt", "sin", "cos", "tanh", "erf",
           "floor", "ceil"):
    _row(_n, 1, "unary", _unary("f"))
_row("fma", 3, "ternary", _fma)
_row("select", 3, "ternary", _select)
_row("cast", 1, "convert", _cast)
_row("bitcast", 1, "convert", _bitcast)
_row("constant", 0, "constant", _attr_type)
_row("arange", 0, "constant", _arange)
_row("program_id", 0, "grid", _i32)
_row("num_programs", 0, "grid", _i32)
_row("splat", 1, "shape", _splat)
_row("broadcast", 1, "shape", _broadcast)
_row("expand_dims", 1, "shape", _expand_dims)
_row("reshape", 1, "shape", _reshape)
_row("permute", 1, "shape", _permute)
_row("addptr", 2, "pointer", _addptr)
_row("hint", 1, "misc", _identity, doc="identity carrying multiple_of/max_contiguous facts")
_row("load", None, "memory", _load, pure=False)
_row("store", None, "memory", _store, pure=False)
_row("atomic", None, "memory", _atomic, pure=False,
     doc="attrs kind in add/max/min/xchg/and/or/xor/cas, sem, scope; operands ptr, val(s), mask?")
_row("dot", 3, "dot", _dot)
_row("reduce", None, "reduce", _reduce, regions=1)
_row("scan", None, "reduce", _scan, regions=1)
_row("for", None, "control", _loop, pure=False, regions=1)
_row("while", None, "control", _while, pure=False, regions=2)
_row("if", 1, "control", _from_regions, pure=False, regions=2)
_row("yield", None, "control", _no_results, pure=False)
_row("assert", 1, "debug", _no_results, pure=False)
_row("print", None, "debug", _no_results, pure=False)
_row("barrier", 0, "sync", _no_results, pure=False,
     doc="all threads of a program instance reach this point before any goes on")

ELEMENTWISE_OPS = frozenset(n for n, d in OPS.items() if d.numpy is not None)
COMMUTATIVE = frozenset({"add", "mul", "and", "or", "xor", "min", "max", "eq", "ne"})


def infer_types(name: str, operand_types: list[TileType], attrs: dict) -> list[TileType]:
    """Result types of ``name`` applied to ``operand_types``; raises ``IRTypeError``."""
    row = OPS.get(name)
    if row is None:
        raise IRTypeError(f"unknown op {name!r}")
    if row.arity is not None and len(operand_types) != row.arity:
        raise IRTypeError(f"{name} takes {row.arity} operands, got {len(operand_types)}")
    return row.infer(operand_types, attrs)
