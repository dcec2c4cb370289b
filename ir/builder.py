"""Builds ops at an insertion point, inferring result types from the op table."""
from __future__ import annotations

from contextlib import contextmanager
from typing import Any

from tiledsl.errors import SourceLoc
from .core import Block, Op, Value
from .ops import infer_types
from .types import TileType


class Builder:
    """Appends ops to the current block; ``loc`` is stamped on every op it creates."""

    def __init__(self, block: Block):
        self._blocks = [block]
        self.loc: SourceLoc | None = None

    @property
    def block(self) -> Block:
        return self._blocks[-1]

    @contextmanager
    def inside(self, block: Block):
        self._blocks.append(block)
        try:
            yield block
        finally:
            self._blocks.pop()

    def create(self, name: str, operands: list[Value], attrs: dict[str, Any] | None = None,
               regions: list[Block] | None = None,
               result_types: list[TileType] | None = None) -> Op:
        attrs = attrs or {}
        if result_types is None:
            result_types = infer_types(name, [v.type for v in operands], attrs)
            if result_types is None:
                raise ValueError(f"{name} needs explicit result types")
        op = Op(name, operands, result_types, attrs, regions, self.loc)
        return self.block.append(op)

    def value(self, name: str, operands: list[Value], **attrs) -> Value:
        """Create a single-result op and return its result."""
        return self.create(name, operands, attrs).result
