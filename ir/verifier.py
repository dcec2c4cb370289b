"""Checks structural invariants: every operand is defined before use in an enclosing scope,
result types follow the op table, and region-carrying ops are well formed."""
from __future__ import annotations

from .core import Block, Function, Op
from .ops import OPS, IRTypeError, infer_types


class VerificationError(Exception):
    """The IR is malformed: a compiler bug, never a user error."""


def _fail(op: Op, msg: str) -> None:
    where = f" (from {op.loc})" if op.loc else ""
    raise VerificationError(f"{op.name}: {msg}{where}")


def _verify_block(block: Block, visible: set[int]) -> None:
    scope = set(visible) | {a.id for a in block.args}
    for op in block.ops:
        if op.name not in OPS:
            _fail(op, "unknown op")
        for v in op.operands:
            if v.id not in scope:
                _fail(op, f"operand {v!r} is not defined before use")
        row = OPS[op.name]
        if len(op.regions) != row.regions:
            _fail(op, f"expects {row.regions} regions, has {len(op.regions)}")
        try:
            expected = infer_types(op.name, [v.type for v in op.operands], op.attrs)
        except IRTypeError as e:
            _fail(op, str(e))
        if expected is None:  # an if: both branches must yield the result types
            expected = [r.type for r in op.results]
            for region in op.regions:
                term = region.terminator
                if term is not None and [v.type for v in term.operands] != expected:
                    _fail(op, "a branch yields types that differ from the if's results")
        if [r.type for r in op.results] != expected:
            _fail(op, f"result types {[str(r.type) for r in op.results]} != {list(map(str, expected))}")
        for region in op.regions:
            _verify_block(region, scope)
            if op.name in ("for", "while", "if", "reduce", "scan"):
                term = region.terminator
                if term is None:
                    _fail(op, "region does not end in yield")
        if op.name == "yield" and op is not block.ops[-1]:
            _fail(op, "yield must terminate its block")
        scope |= {r.id for r in op.results}


def verify(fn: Function) -> None:
    _verify_block(fn.body, set())
