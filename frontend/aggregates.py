"""Flattening of structured frontend values (tuples, block pointers) into lists of tensors,
so loops and branches can carry them as plain IR values."""
from __future__ import annotations

from .tensor import tensor

_LEAF = "leaf"


def flatten(value, sem) -> tuple[list[tensor], object]:
    """``(tensors, tree)``; ``unflatten(tree, tensors)`` rebuilds the value."""
    if isinstance(value, tensor):
        return [value], _LEAF
    if isinstance(value, (tuple, list)):
        leaves, trees = [], []
        for v in value:
            ls, t = flatten(v if not isinstance(v, (bool, int, float)) else sem.to_tensor(v), sem)
            leaves += ls
            trees.append(t)
        return leaves, (type(value), trees)
    if hasattr(value, "_flatten"):
        leaves, rebuild = value._flatten()
        return list(leaves), ("custom", rebuild, len(leaves))
    if isinstance(value, (bool, int, float)):
        return [sem.to_tensor(value)], _LEAF
    raise TypeError(f"a value of type {type(value).__name__} cannot be carried through "
                    "control flow")


def leaf_count(tree) -> int:
    if tree == _LEAF:
        return 1
    if tree[0] == "custom":
        return tree[2]
    return sum(leaf_count(t) for t in tree[1])


def unflatten(tree, leaves: list[tensor]):
    if tree == _LEAF:
        return leaves[0]
    if tree[0] == "custom":
        return tree[1](leaves)
    out, pos = [], 0
    for t in tree[1]:
        n = leaf_count(t)
        out.append(unflatten(t, leaves[pos:pos + n]))
        pos += n
    return tree[0](out)
