"""Layouts on the CPU: tiles as chunks of vector registers, and which pointer tiles are
contiguous.

Every tile is held as row-major chunks of ``lanes`` elements (``backends/llvm/tile.py``); the
only per-value fact the CPU lowering needs beyond that is an *axis info* analysis (as in
Triton's ``AxisInfo``) that tells a gather from a plain vector load:

* ``contig``: the flat elements split into aligned runs of this length in which each value
  is the previous one plus 1 (for pointers: plus one element);
* ``const``: aligned runs of this length hold one value.

``arange`` is one run, ``splat`` is constant, ``a + b`` keeps ``a``'s runs where ``b`` is
constant over them, a broadcast along the last axis is constant over rows, and
``tl.max_contiguous`` / ``tl.max_constancy`` hints raise the facts. Loop-carried values
(``a_ptrs += BLOCK_K * stride``) take the meet of their initial and yielded facts, iterated
to a fixed point. A chunk of a pointer tile whose ``contig`` is a multiple of the chunk width
becomes one (masked) vector load or store of consecutive elements.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from tiledsl.ir import Block, Function


@dataclass(frozen=True)
class AxisInfo:
    contig: int = 1
    const: int = 1

    def meet(self, other: "AxisInfo") -> "AxisInfo":
        return AxisInfo(math.gcd(self.contig, other.contig), math.gcd(self.const, other.const))


def _numel(v) -> int:
    return v.type.numel if v.type.shape else 1


def _clamp(info: AxisInfo, shape) -> AxisInfo:
    """Runs never cross a row of a 2-D+ tile: cap them by the last dimension."""
    if not shape:
        return AxisInfo(1, 1)
    last = shape[-1] if len(shape) > 1 else shape[0]
    return AxisInfo(math.gcd(info.contig, last), math.gcd(info.const, last))


class AxisAnalysis:
    """``analysis[value]`` -> ``AxisInfo`` for every value of a kernel."""

    def __init__(self, fn: Function):
        self.info: dict[int, AxisInfo] = {}
        self._run_block(fn.body)

    def __getitem__(self, value) -> AxisInfo:
        return self.info.get(value.id, AxisInfo())

    def _get(self, v) -> AxisInfo:
        if not v.type.shape:
            return AxisInfo(1, 1)
        return self.info.get(v.id, AxisInfo())

    def _uniform(self, v) -> int:
        """Constancy of ``v`` for combining: a scalar is uniform over any run."""
        return 1 << 30 if not v.type.shape else self._get(v).const

    def _run_block(self, block: Block) -> None:
        for op in block.ops:
            self._visit(op)

    def _set(self, value, info: AxisInfo) -> None:
        self.info[value.id] = _clamp(info, value.type.shape)

    def _visit(self, op) -> None:
        name = op.name
        if name in ("for", "while"):
            self._loop(op)
            return
        if name == "if":
            for r in op.regions:
                self._run_block(r)
            for i, res in enumerate(op.results):
                ys = [r.terminator.operands[i] for r in op.regions if r.terminator]
                info = self._get(ys[0]) if ys else AxisInfo()
                for y in ys[1:]:
                    info = info.meet(self._get(y))
                self._set(res, info)
            return
        for r in op.regions:
            self._run_block(r)
        if not op.results:
            return
        res = op.results[0]
        n = _numel(res)
        ops = op.operands
        if name == "arange":
            self._set(res, AxisInfo(n, 1))
        elif name in ("constant", "splat"):
            self._set(res, AxisInfo(1, n))
        elif name in ("add", "addptr"):
            a, b = ops
            ia, ib = self._get(a), self._get(b)
            ua, ub = self._uniform(a), self._uniform(b)
            contig = max(math.gcd(ia.contig, ub) if a.type.shape else 1,
                         math.gcd(ib.contig, ua) if b.type.shape else 1)
            self._set(res, AxisInfo(contig, math.gcd(ua, ub)))
        elif name == "sub":
            a, b = ops
            ia = self._get(a)
            ua, ub = self._uniform(a), self._uniform(b)
            self._set(res, AxisInfo(math.gcd(ia.contig, ub), math.gcd(ua, ub)))
        elif name == "broadcast":
            src = self._get(ops[0])
            s_shape, d_shape = ops[0].type.shape, res.type.shape
            if s_shape[-1] == 1 and d_shape[-1] != 1:
                self._set(res, AxisInfo(1, d_shape[-1]))
            else:
                self._set(res, src)
        elif name == "expand_dims":
            if op.attrs["axis"] == len(ops[0].type.shape):
                self._set(res, AxisInfo(1, 1))
            else:
                self._set(res, self._get(ops[0]))
        elif name in ("reshape", "cast"):
            self._set(res, self._get(ops[0]))
        elif name == "hint":
            info = self._get(ops[0])
            if "max_contiguous" in op.attrs:
                info = AxisInfo(max(info.contig, int(op.attrs["max_contiguous"][-1])), info.const)
            if "max_constancy" in op.attrs:
                info = AxisInfo(info.contig, max(info.const, int(op.attrs["max_constancy"][-1])))
            self._set(res, info)
        elif op.operands and all(v.type.shape == res.type.shape or not v.type.shape
                                 for v in ops) and name not in ("load", "atomic", "dot",
                                                                "reduce", "scan", "permute"):
            const = 1 << 30
            for v in ops:
                const = math.gcd(const, self._uniform(v))
            self._set(res, AxisInfo(1, const if const < (1 << 30) else n))
        # anything else: the default AxisInfo(1, 1)

    def _loop(self, op) -> None:
        if op.name == "for":
            body = op.regions[0]
            inits = op.operands[3:]
            carried_args = body.args[1:]
            regions = [body]
        else:
            before, after = op.regions
            inits = op.operands
            carried_args = before.args
            regions = [before, after]
        facts = [self._get(v) for v in inits]
        for _ in range(4):  # meets only shrink runs: a few rounds reach the fixed point
            for a, f in zip(carried_args, facts):
                self._set(a, f)
            if op.name == "while":
                # after's args are before's forwarded values
                for r in regions:
                    self._run_block(r)
                    if r is regions[0] and r.terminator:
                        for a, v in zip(after.args, r.terminator.operands[1:]):
                            self._set(a, self._get(v))
                ys = regions[1].terminator.operands if regions[1].terminator else []
            else:
                self._run_block(body)
                ys = body.terminator.operands if body.terminator else []
            new = [f.meet(self._get(y)) for f, y in zip(facts, ys)]
            if new == facts:
                break
            facts = new
        if op.name == "for":
            for res, f in zip(op.results, facts):
                self._set(res, f)
        else:
            fwd = op.regions[0].terminator.operands[1:] if op.regions[0].terminator else []
            for res, v in zip(op.results, fwd):
                self._set(res, self._get(v))
