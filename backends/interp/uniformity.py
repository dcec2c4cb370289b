"""Which values can differ between program instances, and so whether a kernel's programs may
run as one batch.

Programs run as a batch (every value gets a leading program axis) when no control flow
depends on a varying value and no atomics let programs communicate; otherwise they run one
at a time, in launch order, which is what atomics-based protocols (locks) need.
"""
from __future__ import annotations

from tiledsl.ir import Block, Function

_SOURCES = {"program_id"}


def _mark(block: Block, varying: set[int]) -> bool:
    changed = False
    for op in block.ops:
        if op.name == "for":
            body = op.regions[0]
            inits = op.operands[3:]
            for arg, init, out in zip(body.args[1:], inits, body.terminator.operands if body.terminator else []):
                if (init.id in varying or out.id in varying) and arg.id not in varying:
                    varying.add(arg.id)
                    changed = True
        elif op.name == "while":
            before, after = op.regions
            term_b = before.terminator
            term_a = after.terminator
            for i, arg in enumerate(before.args):
                srcs = [op.operands[i]] + ([term_a.operands[i]] if term_a else [])
                if any(s.id in varying for s in srcs) and arg.id not in varying:
                    varying.add(arg.id)
                    changed = True
            if term_b:
                for arg, fwd in zip(after.args, term_b.operands[1:]):
                    if fwd.id in varying and arg.id not in varying:
                        varying.add(arg.id)
                        changed = True
        elif op.name in ("reduce", "scan"):
            n = len(op.operands)
            for i, arg in enumerate(op.regions[0].args):
                if op.operands[i % n].id in varying and arg.id not in varying:
                    varying.add(arg.id)
                    changed = True
        for region in op.regions:
            changed |= _mark(region, varying)
        depends = op.name in _SOURCES or op.name == "atomic" or any(
            v.id in varying for v in op.operands)
        if op.name in ("for", "while", "if"):
            yields = [r.terminator.operands for r in op.regions if r.terminator]
            if op.name == "while":
                yields = [op.regions[0].terminator.operands[1:]] if op.regions[0].terminator else []
            depends = depends or any(v.id in varying for ys in yields for v in ys)
        if depends:
            for r in op.results:
                if r.id not in varying:
                    varying.add(r.id)
                    changed = True
    return changed


def varying_values(fn: Function) -> set[int]:
    varying: set[int] = set()
    while _mark(fn.body, varying):
        pass
    return varying


def can_batch(fn: Function) -> bool:
    """True when running all programs in lockstep gives the sequential result."""
    varying = varying_values(fn)
    for op in fn.walk():
        if op.name == "atomic":
            return False
        if op.name == "for" and any(v.id in varying for v in op.operands[:3]):
            return False
        if op.name == "if" and op.operands[0].id in varying:
            return False
        if op.name == "while":
            term = op.regions[0].terminator
            if term is None or term.operands[0].id in varying:
                return False
    return True


def largest_tile(fn: Function) -> int:
    return max([r.type.numel for op in fn.walk() for r in op.results] + [1])
