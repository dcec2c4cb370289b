"""Common-subexpression elimination over pure, region-free ops, respecting scopes: a value
defined in an outer block is reused inside nested blocks, never the other way round."""
from __future__ import annotations

from ..core import Block, Function, Value
from ..ops import OPS
from .rewrite import substitute


def _key(op):
    operands = tuple(v.id for v in op.operands)
    if op.name in ("add", "mul", "and", "or", "xor", "min", "max", "eq", "ne"):
        operands = tuple(sorted(operands))
    attrs = tuple(sorted((k, repr(v)) for k, v in op.attrs.items()))
    return (op.name, operands, attrs, tuple(r.type for r in op.results))


def _cse_block(block: Block, seen: dict, mapping: dict[int, Value]) -> None:
    table = dict(seen)
    for op in block.ops:
        op.operands = [mapping.get(v.id, v) for v in op.operands]
        for region in op.regions:
            _cse_block(region, table, mapping)
        if op.regions or not OPS[op.name].pure or not op.results:
            continue
        key = _key(op)
        if key in table:
            for old, new in zip(op.results, table[key]):
                mapping[old.id] = new
        else:
            table[key] = op.results


def cse(fn: Function) -> None:
    mapping: dict[int, Value] = {}
    _cse_block(fn.body, {}, mapping)
    substitute(fn, mapping)
