"""How the interpreter evaluates each op of the op table, on numpy arrays.

Elementwise ops use the table's numpy semantics directly; everything else has a handler
here. ``tests/test_op_table.py`` checks that every op in the table is covered.
"""
from __future__ import annotations

import numpy as np

from tiledsl import dtypes as dt
from tiledsl.errors import DeviceAssertionError, IndexOverflowError
from tiledsl.ir import semantics
from tiledsl.ir.ops import OPS

_I32_MIN, _I32_MAX = -2**31, 2**31 - 1
_OVERFLOW_CHECKED = {"add": np.add, "sub": np.subtract, "mul": np.multiply}


def elementwise(frame, op, args):
    out = op.results[0].type.elem
    res = OPS[op.name].numpy(*args, out_dtype=out)
    if frame.checks and out == dt.int32 and op.name in _OVERFLOW_CHECKED:
        exact = _OVERFLOW_CHECKED[op.name](args[0].astype(np.int64), args[1].astype(np.int64))
        if (exact < _I32_MIN).any() or (exact > _I32_MAX).any():
            frame.overflowed[op.results[0].id] = op.loc
    return [res]


# Every value carries a leading program axis: size 1 when all programs of the batch share
# it (constants, arguments, uniform loads), else the batch size.

def _constant(frame, op, args):
    t = op.attrs["type"]
    return [np.full((1,) + t.shape, op.attrs["value"], dtype=t.elem.np)]


def _arange(frame, op, args):
    return [np.arange(op.attrs["start"], op.attrs["end"], dtype=np.int32)[None]]


def _program_id(frame, op, args):
    return [frame.pids[op.attrs["axis"]]]


def _num_programs(frame, op, args):
    return [np.array([frame.grid[op.attrs["axis"]]], dtype=np.int32)]


def _cast(frame, op, args):
    return [semantics.cast(args[0], op.operands[0].type.elem, op.attrs["dtype"])]


def _bitcast(frame, op, args):
    if op.attrs["dtype"].is_ptr() or op.operands[0].type.elem.is_ptr():
        return [args[0]]
    return [semantics.bitcast(args[0], op.attrs["dtype"])]


def _splat(frame, op, args):
    x = args[0]
    shape = tuple(op.attrs["shape"])
    return [np.broadcast_to(x.reshape((x.shape[0],) + (1,) * len(shape)), (x.shape[0],) + shape)]


def _broadcast(frame, op, args):
    x = args[0]
    return [np.broadcast_to(x, (x.shape[0],) + tuple(op.attrs["shape"]))]


def _expand_dims(frame, op, args):
    return [np.expand_dims(args[0], op.attrs["axis"] + 1)]


def _reshape(frame, op, args):
    x = args[0]
    return [np.reshape(x, (x.shape[0],) + tuple(op.attrs["shape"]))]


def _permute(frame, op, args):
    return [np.transpose(args[0], (0,) + tuple(o + 1 for o in op.attrs["order"]))]


def _hint(frame, op, args):
    return [args[0]]


def _addptr(frame, op, args):
    ptr, off = args
    if frame.checks:
        src = op.operands[1]
        if src.id in frame.overflowed:
            where = frame.overflowed[src.id]
            raise IndexOverflowError(
                f"this offset wrapped around int32 at line {where.line if where else '?'} "
                f"({where.text.strip() if where else ''!s}); compute offsets in int64 "
                "(e.g. pid.to(tl.int64) * stride)", op.loc)
    size = op.results[0].type.elem.element_ty.itemsize
    return [ptr + off.astype(np.int64) * size]


def _mask_and_other(op, args):
    rest = list(args)
    mask = rest.pop(0) if op.attrs.get("has_mask") else None
    other = rest.pop(0) if op.attrs.get("has_other") else None
    return mask, other


def _lanes(*arrays):
    """Broadcast operands over the larger program axis."""
    lead = max(a.shape[0] for a in arrays if a is not None)
    return [None if a is None else np.broadcast_to(a, (lead,) + a.shape[1:]) for a in arrays]


def _load(frame, op, args):
    mask, other = _mask_and_other(op, args[1:])
    addr, mask = _lanes(np.asarray(args[0], dtype=np.int64), mask)
    active = np.ones(addr.shape, bool) if mask is None else mask
    elem = op.results[0].type.elem
    values = frame.memory.load(addr.reshape(-1), elem.np, active.reshape(-1), op.loc)
    values = values.reshape(addr.shape)
    if mask is not None:
        fill = other if other is not None else np.zeros((), elem.np)
        values = np.where(active, values, fill).astype(elem.np)
    return [values]


def _store(frame, op, args):
    mask = args[2] if op.attrs.get("has_mask") else None
    addr, values, mask = _lanes(np.asarray(args[0], dtype=np.int64), args[1], mask)
    active = np.ones(addr.shape, bool) if mask is None else mask
    frame.memory.store(addr.reshape(-1), np.ascontiguousarray(values).reshape(-1),
                       active.reshape(-1), op.loc)
    return []


_ATOMIC_UFUNC = {"add": np.add, "max": np.fmax, "min": np.fmin, "and": np.bitwise_and,
                 "or": np.bitwise_or, "xor": np.bitwise_xor}


def _atomic(frame, op, args):
    """Lanes apply one after another in index order, so contended addresses see every
    update and each lane gets the value it replaced."""
    kind = op.attrs["kind"]
    addr = np.asarray(args[0], dtype=np.int64).reshape(-1)
    n_vals = 2 if kind == "cas" else 1
    vals = [np.broadcast_to(v, args[0].shape).reshape(-1) for v in args[1:1 + n_vals]]
    mask = args[1 + n_vals] if op.attrs.get("has_mask") else None
    active = np.ones(addr.shape, bool) if mask is None else np.broadcast_to(mask, args[0].shape).reshape(-1)
    elem = op.results[0].type.elem
    old = np.zeros(addr.shape, dtype=elem.np)
    mem = frame.memory
    lanes = np.nonzero(active)[0]
    if kind not in ("cas", "xchg") and len(np.unique(addr[lanes])) == len(lanes):
        # no two lanes share an address: one vectorised read-modify-write is exact
        cur = mem.load(addr[lanes], elem.np, np.ones(len(lanes), bool), op.loc)
        old[lanes] = cur
        with np.errstate(all="ignore"):
            new = _ATOMIC_UFUNC[kind](cur, vals[0][lanes]).astype(elem.np)
        mem.store(addr[lanes], new, np.ones(len(lanes), bool), op.loc)
        return [old.reshape(args[0].shape)]
    for i in lanes:
        a = addr[i:i + 1]
        one = np.ones(1, bool)
        cur = mem.load(a, elem.np, one, op.loc)
        old[i] = cur[0]
        if kind == "cas":
            new = vals[1][i:i + 1] if cur[0] == vals[0][i] else cur
        elif kind == "xchg":
            new = vals[0][i:i + 1]
        else:
            with np.errstate(all="ignore"):
                new = _ATOMIC_UFUNC[kind](cur, vals[0][i:i + 1]).astype(elem.np)
        mem.store(a, np.asarray(new, dtype=elem.np), one, op.loc)
    return [old.reshape(args[0].shape)]


def _dot(frame, op, args):
    a, b, acc = args
    out = op.results[0].type.elem
    work = np.float64 if (out.is_fp64() or op.operands[0].type.elem.is_fp64()) else np.float32
    if op.operands[0].type.elem.is_int():
        work = np.int64
    prod = np.matmul(a.astype(work), b.astype(work))
    with np.errstate(all="ignore"):
        return [(prod + acc.astype(work)).astype(out.np)]


def _assert(frame, op, args):
    cond = args[0].reshape(args[0].shape[0], -1)
    ok = cond.all(axis=1)
    if not ok.all():
        msg = op.attrs.get("message") or "device_assert failed"
        raise DeviceAssertionError(f"{msg} (program {frame.pid_of(int(np.argmin(ok)))})", op.loc)
    return []


def _print(frame, op, args):
    prefix = op.attrs.get("prefix", "")
    lead = max([a.shape[0] for a in args] + [1])
    for b in range(min(lead, frame.size)):
        shown = [a[min(b, a.shape[0] - 1)] for a in args]
        if op.attrs.get("hex"):
            shown = [np.vectorize(hex)(a.astype(np.int64)) for a in shown]
        print(f"pid {frame.pid_of(b)} {prefix}", *shown)
    return []


def _barrier(frame, op, args):
    return []


HANDLERS = {
    "barrier": _barrier,
    "constant": _constant, "arange": _arange, "program_id": _program_id,
    "num_programs": _num_programs, "cast": _cast, "bitcast": _bitcast, "splat": _splat,
    "broadcast": _broadcast, "expand_dims": _expand_dims, "reshape": _reshape,
    "permute": _permute, "hint": _hint, "addptr": _addptr, "load": _load, "store": _store,
    "atomic": _atomic, "dot": _dot, "assert": _assert, "print": _print,
}
# reduce, scan, for, while, if and yield need the evaluator's recursion: see runtime.py
STRUCTURED = ("reduce", "scan", "for", "while", "if", "yield")
