"""Helpers shared by the rewriting passes: value substitution and constant queries."""
from __future__ import annotations

from ..core import Function, Op, Value


def substitute(fn: Function, mapping: dict[int, Value]) -> None:
    """Replace every use of a value whose id is in ``mapping`` (following chains)."""
    if not mapping:
        return

    def resolve(v: Value) -> Value:
        while v.id in mapping:
            v = mapping[v.id]
        return v

    for op in fn.walk():
        op.operands = [resolve(v) for v in op.operands]


def constant_value(v: Value):
    """The splat value of ``v`` when it is produced by a ``constant`` op, else ``None``."""
    op = v.op
    if op is not None and op.name == "constant":
        return op.attrs["value"]
    return None


def make_constant(op: Op, value, type_) -> None:
    """Turn ``op`` into a constant in place, so its result keeps every use."""
    op.name = "constant"
    op.operands = []
    op.regions = []
    op.attrs = {"value": value, "type": type_}
