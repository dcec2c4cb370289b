"""Dead-code elimination: pure ops whose results nobody uses are removed, to a fixpoint."""
from __future__ import annotations

from ..core import Block, Function
from ..ops import OPS


def _uses(fn: Function) -> set[int]:
    used = set()
    for op in fn.walk():
        used.update(v.id for v in op.operands)
    return used


def _sweep(block: Block, used: set[int]) -> bool:
    changed = False
    kept = []
    for op in block.ops:
        for region in op.regions:
            changed |= _sweep(region, used)
        if OPS[op.name].pure and op.results and not any(r.id in used for r in op.results):
            changed = True
            continue
        kept.append(op)
    block.ops = kept
    return changed


def dce(fn: Function) -> None:
    while _sweep(fn.body, _uses(fn)):
        pass
