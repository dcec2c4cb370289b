"""Tutorial 1: vector addition, ``z = x + y``.

The smallest useful kernel: each program instance owns one contiguous block of ``BLOCK_SIZE``
elements, and a mask keeps the last, partial block inside the arrays.
"""
from __future__ import annotations

import numpy as np

import tiledsl as tiled
import tiledsl.language as tl

from ._common import assert_close, backend_scope, empty_like, poison, to_numpy


@tiled.jit
def add_kernel(x_ptr, y_ptr, out_ptr, n_elements, BLOCK_SIZE: tl.constexpr):
    """``out[i] = x[i] + y[i]`` for ``i < n_elements``, one block per program."""
    pid = tl.program_id(axis=0)
    offsets = pid * BLOCK_SIZE + tl.arange(0, BLOCK_SIZE)
    # The grid rounds up, so the last program may run past the end: mask those lanes off.
    in_bounds = offsets < n_elements
    x = tl.load(x_ptr + offsets, mask=in_bounds)
    y = tl.load(y_ptr + offsets, mask=in_bounds)
    tl.store(out_ptr + offsets, x + y, mask=in_bounds)


def add(x, y, out=None, *, BLOCK_SIZE: int = 1024):
    """``x + y`` for two 1-D arrays (numpy or torch) of the same length and dtype."""
    if x.shape != y.shape or len(x.shape) != 1:
        raise ValueError(f"add expects two 1-D arrays of one shape, got {x.shape}, {y.shape}")
    if out is None:
        out = empty_like(x)
    n = x.shape[0]
    grid = lambda meta: (tiled.cdiv(n, meta["BLOCK_SIZE"]),)  # noqa: E731
    add_kernel[grid](x, y, out, n, BLOCK_SIZE=BLOCK_SIZE)
    return out


def reference(x, y) -> np.ndarray:
    """numpy's ``x + y``."""
    return to_numpy(x) + to_numpy(y)


def make_inputs(n: int, seed: int = 0, dtype=np.float32):
    """Two random vectors of length ``n`` (never all zeros)."""
    rng = np.random.default_rng(seed)
    return (rng.standard_normal(n).astype(dtype), rng.standard_normal(n).astype(dtype))


def check(backend=None, seed: int = 0, n: int = 10_007, BLOCK_SIZE: int = 1024) -> dict:
    """Run ``add`` on fresh inputs (n not a multiple of the block) and compare with numpy."""
    x, y = make_inputs(n, seed)
    out = poison(np.empty_like(x))
    with backend_scope(backend):
        add(x, y, out, BLOCK_SIZE=BLOCK_SIZE)
    err = assert_close(out, reference(x, y), atol=1e-6, rtol=1e-6, what="vector_add")
    return {"name": "vector_add", "shape": (n,), "max_abs_err": err}
