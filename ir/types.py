"""Tile types: a static shape and an element dtype (scalar or pointer). Scalars are 0-d tiles."""
from __future__ import annotations

from dataclasses import dataclass

from tiledsl.dtypes import dtype


@dataclass(frozen=True)
class TileType:
    shape: tuple[int, ...]
    elem: dtype

    @property
    def rank(self) -> int:
        return len(self.shape)

    @property
    def numel(self) -> int:
        n = 1
        for s in self.shape:
            n *= s
        return n

    def is_scalar(self) -> bool:
        return not self.shape

    def with_elem(self, elem: dtype) -> "TileType":
        return TileType(self.shape, elem)

    def with_shape(self, shape) -> "TileType":
        return TileType(tuple(shape), self.elem)

    def __str__(self) -> str:
        if not self.shape:
            return str(self.elem)
        return "tile<" + "x".join(map(str, self.shape)) + f"x{self.elem}>"


def scalar(elem: dtype) -> TileType:
    return TileType((), elem)
