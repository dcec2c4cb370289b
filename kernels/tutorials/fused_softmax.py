"""Tutorial 2: fused row-wise softmax.

A row is read once, normalised in registers and written once, instead of the five passes over
memory a naive ``exp(x - max) / sum`` takes. One program handles a row at a time and strides
over the rows (``row += num_programs``) so the grid can be smaller than the number of rows.
The whole row must fit one tile: ``BLOCK_SIZE = next_power_of_2(n_cols)``, with the padding
lanes loaded as ``-inf`` so they vanish from both the max and the sum.
"""
from __future__ import annotations

import numpy as np

import tiledsl as tiled
import tiledsl.language as tl

from ._common import assert_close, backend_scope, empty_like, poison, to_numpy


@tiled.jit
def softmax_kernel(out_ptr, in_ptr, in_row_stride, out_row_stride, n_rows, n_cols,
                   BLOCK_SIZE: tl.constexpr):
    """``out[r, :] = softmax(in[r, :])`` for the rows this program owns."""
    first_row = tl.program_id(0)
    row_step = tl.num_programs(0)
    cols = tl.arange(0, BLOCK_SIZE)
    col_mask = cols < n_cols
    for row in range(first_row, n_rows, row_step):
        row_in = tl.load(in_ptr + row * in_row_stride + cols, mask=col_mask,
                         other=-float("inf"))
        # Subtracting the row max keeps exp() from overflowing; it cancels in the ratio.
        shifted = row_in - tl.max(row_in, axis=0)
        numer = tl.exp(shifted)
        denom = tl.sum(numer, axis=0)
        tl.store(out_ptr + row * out_row_stride + cols, numer / denom, mask=col_mask)


def default_num_warps(block_size: int) -> int:
    """More warps for longer rows, as a GPU wants; CPU backends may ignore the hint."""
    if block_size >= 4096:
        return 16
    if block_size >= 2048:
        return 8
    return 4


def softmax(x, out=None, *, n_cols: int | None = None, num_warps: int | None = None,
            max_programs: int = 64):
    """Row-wise softmax of a 2-D array (numpy or torch) with unit-stride columns.

    With ``n_cols`` only the first ``n_cols`` columns of each row take part (a padded buffer,
    say); ``out`` then has ``n_cols`` columns and may have its own row stride.
    """
    if len(x.shape) != 2:
        raise ValueError(f"softmax expects a 2-D array, got shape {tuple(x.shape)}")
    n_rows = x.shape[0]
    n_cols = x.shape[1] if n_cols is None else n_cols
    if not 0 < n_cols <= x.shape[1]:
        raise ValueError(f"n_cols={n_cols} outside 1..{x.shape[1]}")
    if out is None:
        out = empty_like(x, shape=(n_rows, n_cols))
    block = tiled.next_power_of_2(n_cols)
    if num_warps is None:
        num_warps = default_num_warps(block)
    grid = (max(1, min(n_rows, max_programs)),)
    softmax_kernel[grid](out, x, _row_stride(x), _row_stride(out), n_rows, n_cols,
                         BLOCK_SIZE=block, num_warps=num_warps)
    return out


def _row_stride(a) -> int:
    """Row stride in elements; the columns must be unit-stride."""
    if hasattr(a, "stride") and callable(a.stride):   # torch
        s_row, s_col = a.stride()
    else:
        s_row, s_col = (s // a.itemsize for s in a.strides)
    if s_col != 1 and a.shape[1] > 1:
        raise ValueError("softmax needs unit-stride columns")
    # Rows in reverse order or overlapping would still work, but a negative stride would
    # need the base pointer adjusted; keep the contract simple.
    if s_row < 0:
        raise ValueError("softmax needs a non-negative row stride")
    return int(s_row)


def reference(x) -> np.ndarray:
    """Softmax over the last axis, in float64."""
    x = to_numpy(x).astype(np.float64)
    e = np.exp(x - x.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def check(backend=None, seed: int = 0, n_rows: int = 83, n_cols: int = 781,
          num_warps: int | None = None) -> dict:
    """Softmax over the first ``n_cols`` columns of a padded random matrix.

    The input's row stride (``n_cols + 13``) differs from the output's, which exercises the
    stride arguments; fewer programs than rows exercises the row loop.
    """
    rng = np.random.default_rng(seed)
    storage = (rng.standard_normal((n_rows, n_cols + 13)) * 4).astype(np.float32)
    out = poison(np.empty((n_rows, n_cols), np.float32))
    with backend_scope(backend):
        softmax(storage, out, n_cols=n_cols, num_warps=num_warps, max_programs=32)
    want = reference(storage[:, :n_cols])
    err = assert_close(out, want, atol=1e-6, rtol=1e-4, what="fused_softmax")
    return {"name": "fused_softmax", "shape": (n_rows, n_cols), "max_abs_err": err}
