"""Canonicalisation: local algebraic identities, written as a table of rules.

Each rule maps an op name to a function that returns the value the op's result can be
replaced with, or ``None``. Rewritten ops become dead and ``dce`` removes them.
"""
from __future__ import annotations

from typing import Callable

from ..core import Function, Op, Value
from .rewrite import constant_value, make_constant, substitute


def _is(v: Value, x) -> bool:
    c = constant_value(v)
    return c is not None and not isinstance(c, bool) and c == x


def _same_type_passthrough(op: Op) -> Value | None:
    src = op.operands[0]
    return src if src.type == op.result.type else None


def _add(op: Op) -> Value | None:
    a, b = op.operands
    if op.result.type.elem.is_int():  # x + 0.0 is not x when x is -0.0
        if _is(b, 0):
            return a
        if _is(a, 0):
            return b
    return None


def _sub(op: Op) -> Value | None:
    a, b = op.operands
    return a if op.result.type.elem.is_int() and _is(b, 0) else None


def _mul(op: Op) -> Value | None:
    a, b = op.operands
    if _is(b, 1):
        return a
    if _is(a, 1):
        return b
    return None


def _select(op: Op) -> Value | None:
    c, a, b = op.operands
    if a is b:
        return a
    cv = constant_value(c)
    if cv is None:
        return None
    return a if cv else b


def _fold_shape_of_constant(op: Op) -> Value | None:
    value = constant_value(op.operands[0])
    if value is not None:
        make_constant(op, value, op.result.type)
    return None


RULES: dict[str, Callable[[Op], Value | None]] = {
    "add": _add, "sub": _sub, "mul": _mul, "select": _select,
    "cast": _same_type_passthrough, "broadcast": _same_type_passthrough,
    "reshape": _same_type_passthrough, "permute": _same_type_passthrough,
    "splat": _fold_shape_of_constant, "expand_dims": _fold_shape_of_constant,
}


def canonicalize(fn: Function) -> None:
    mapping: dict[int, Value] = {}
    for op in fn.walk():
        rule = RULES.get(op.name)
        if rule is None:
            continue
        if op.name in ("broadcast", "reshape", "permute") and constant_value(op.operands[0]) is not None:
            make_constant(op, constant_value(op.operands[0]), op.result.type)
            continue
        replacement = rule(op)
        if replacement is not None and replacement is not op.result:
            mapping[op.result.id] = replacement
    substitute(fn, mapping)
