"""SSA values, operations and blocks of the tile IR.

An ``Op`` has operands, results, attributes, nested ``Block``s (one per region: the body of a
``for``, the branches of an ``if``, the combine function of a ``reduce``) and the user's source
location. A ``Function`` is a kernel: typed arguments and a body block.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any, Iterator

from tiledsl.errors import SourceLoc
from .types import TileType

_ids = itertools.count()


class Value:
    """An SSA value: the result of an op or an argument of a block."""

    __slots__ = ("type", "owner", "index", "id", "name_hint")

    def __init__(self, type: TileType, owner: "Op | Block | None" = None, index: int = 0,
                 name_hint: str = ""):
        self.type = type
        self.owner = owner
        self.index = index
        self.id = next(_ids)
        self.name_hint = name_hint

    @property
    def op(self) -> "Op | None":
        return self.owner if isinstance(self.owner, Op) else None

    def __repr__(self) -> str:
        return f"%{self.id}:{self.type}"


class Op:
    """One operation. ``name`` is a row of ``tiledsl.ir.ops.OPS``."""

    __slots__ = ("name", "operands", "results", "attrs", "regions", "loc", "parent")

    def __init__(self, name: str, operands: list[Value], result_types: list[TileType],
                 attrs: dict[str, Any] | None = None, regions: list["Block"] | None = None,
                 loc: SourceLoc | None = None):
        self.name = name
        self.operands = list(operands)
        self.results = [Value(t, self, i) for i, t in enumerate(result_types)]
        self.attrs = dict(attrs or {})
        self.regions = list(regions or [])
        for r in self.regions:
            r.parent_op = self
        self.loc = loc
        self.parent: Block | None = None

    @property
    def result(self) -> Value:
        assert len(self.results) == 1, f"{self.name} has {len(self.results)} results"
        return self.results[0]

    def walk(self) -> Iterator["Op"]:
        """This op, then every op nested in its regions, in program order."""
        yield self
        for region in self.regions:
            yield from region.walk()

    def __repr__(self) -> str:
        return f"<Op {self.name} {self.attrs}>"


class Block:
    """A straight-line list of ops with typed arguments (a region's single block)."""

    def __init__(self, arg_types: list[TileType] | None = None, arg_names: list[str] | None = None):
        names = arg_names or [""] * len(arg_types or [])
        self.args = [Value(t, self, i, n) for i, (t, n) in enumerate(zip(arg_types or [], names))]
        self.ops: list[Op] = []
        self.parent_op: Op | None = None

    def append(self, op: Op) -> Op:
        op.parent = self
        self.ops.append(op)
        return op

    def walk(self) -> Iterator[Op]:
        for op in list(self.ops):
            yield from op.walk()

    @property
    def terminator(self) -> Op | None:
        return self.ops[-1] if self.ops and self.ops[-1].name == "yield" else None


@dataclass
class ArgInfo:
    """A kernel argument as the runtime passes it, with its specialisation facts."""
    name: str
    type: TileType
    divisibility: int = 1  # 16 when the launcher saw an int/pointer divisible by 16


@dataclass
class Function:
    name: str
    args: list[ArgInfo]
    body: Block
    loc: SourceLoc | None = None
    attrs: dict[str, Any] = field(default_factory=dict)

    def walk(self) -> Iterator[Op]:
        return self.body.walk()


def replace_all_uses(root: Block, old: Value, new: Value) -> None:
    """Point every use of ``old`` inside ``root`` (regions included) at ``new``."""
    for op in root.walk():
        op.operands = [new if v is old else v for v in op.operands]
