"""Library functions written in the language itself (as Triton's ``standard.py``)."""
from __future__ import annotations

from tiledsl.runtime.jit import jit
from tiledsl.frontend.tensor import constexpr
from . import core, reduction


@jit
def softmax(x, ieee_rounding: constexpr = False):
    z = x - reduction.max(x, 0)
    num = core.exp(z)
    den = reduction.sum(num, 0)
    return num / den


@jit
def swizzle2d(i, j, size_i, size_j, size_g):
    """Map (i, j) of a size_i x size_j grid to grouped order with groups of size_g rows."""
    ij = i * size_j + j
    size_gj = size_g * size_j
    group_id = ij // size_gj
    off_i = group_id * size_g
    size_g = core.minimum(size_i - off_i, size_g)
    new_i = off_i + (ij % size_g)
    new_j = (ij % size_gj) // size_g
    return new_i, new_j


zeros_like = core.zeros_like
