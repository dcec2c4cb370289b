"""Tutorial 5: layer normalisation, forward and backward.

Forward: one program per row computes the row's mean and reciprocal standard deviation
(stored for backward), then ``y = (x - mean) * rstd * w + b``. The row is processed in chunks
of ``BLOCK_SIZE`` so rows longer than one tile work too.

Backward has two parts:

* ``dx`` is row-local: ``dx = rstd * (w*dy - (xhat * mean(xhat*w*dy) + mean(w*dy)))``.
* ``dw = sum_rows(dy * xhat)`` and ``db = sum_rows(dy)`` reduce over all rows. Rather than
  one atomic add per element, each row program adds its partial row into one of
  ``GROUP_SIZE_M`` buffer rows (row ``r`` goes to buffer ``r % GROUP_SIZE_M``), guarded by a
  spin lock per buffer row built from ``tl.atomic_cas`` / ``tl.atomic_xchg``. A second,
  small kernel then sums the ``GROUP_SIZE_M`` partial rows column-block by column-block.
  The first writer of each buffer row *stores* instead of adding (a per-row counter says who
  is first), so the buffers need no zero-fill, only the locks do.
"""
from __future__ import annotations

import numpy as np

import tiledsl as tiled
import tiledsl.language as tl

from ._common import (assert_close, backend_scope, empty_like, poisoned_like, to_numpy,
                      to_numpy_dtype)


@tiled.jit
def layer_norm_fwd_kernel(X, Y, W, B, Mean, Rstd, row_stride, N, eps,
                          BLOCK_SIZE: tl.constexpr):
    """Normalise row ``program_id(0)`` of X into Y; store its mean and 1/std."""
    row = tl.program_id(0)
    x_row = X + row * row_stride
    y_row = Y + row * row_stride
    cols0 = tl.arange(0, BLOCK_SIZE)

    # Two passes (mean, then centred sum of squares) rather than E[x^2] - E[x]^2, which
    # cancels catastrophically when |mean| >> std.
    acc = tl.zeros((BLOCK_SIZE,), dtype=tl.float32)
    for start in range(0, N, BLOCK_SIZE):
        cols = start + cols0
        acc += tl.load(x_row + cols, mask=cols < N, other=0.0).to(tl.float32)
    mean = tl.sum(acc, axis=0) / N

    acc = tl.zeros((BLOCK_SIZE,), dtype=tl.float32)
    for start in range(0, N, BLOCK_SIZE):
        cols = start + cols0
        x = tl.load(x_row + cols, mask=cols < N, other=0.0).to(tl.float32)
        centred = tl.where(cols < N, x - mean, 0.0)
        acc += centred * centred
    rstd = 1.0 / tl.sqrt(tl.sum(acc, axis=0) / N + eps)
    tl.store(Mean + row, mean)
    tl.store(Rstd + row, rstd)

    for start in range(0, N, BLOCK_SIZE):
        cols = start + cols0
        mask = cols < N
        x = tl.load(x_row + cols, mask=mask, other=0.0).to(tl.float32)
        w = tl.load(W + cols, mask=mask)
        b = tl.load(B + cols, mask=mask)
        tl.store(y_row + cols, (x - mean) * rstd * w + b, mask=mask)


@tiled.jit
def layer_norm_bwd_dx_kernel(DX, DY, PartialDW, PartialDB, X, W, Mean, Rstd, Locks,
                             row_stride, N, GROUP_SIZE_M: tl.constexpr,
                             BLOCK_SIZE_N: tl.constexpr):
    """``dx`` for one row, plus its ``dy*xhat`` / ``dy`` added into a partial-sum row."""
    row = tl.program_id(0)
    cols = tl.arange(0, BLOCK_SIZE_N)
    mask = cols < N
    x = tl.load(X + row * row_stride + cols, mask=mask, other=0.0).to(tl.float32)
    dy = tl.load(DY + row * row_stride + cols, mask=mask, other=0.0).to(tl.float32)
    w = tl.load(W + cols, mask=mask, other=0.0).to(tl.float32)
    mean = tl.load(Mean + row)
    rstd = tl.load(Rstd + row)

    xhat = tl.where(mask, (x - mean) * rstd, 0.0)
    wdy = tl.where(mask, w * dy, 0.0)
    mean_xhat_wdy = tl.sum(xhat * wdy, axis=0) / N
    mean_wdy = tl.sum(wdy, axis=0) / N
    dx = (wdy - (xhat * mean_xhat_wdy + mean_wdy)) * rstd
    tl.store(DX + row * row_stride + cols, dx, mask=mask)

    # Accumulate into buffer row `slot`. Locks[slot] is the mutex, Locks[GROUP_SIZE_M + slot]
    # counts writers so far (0 -> this program is first and overwrites the poison/garbage).
    slot = row % GROUP_SIZE_M
    lock = Locks + slot
    count = Locks + GROUP_SIZE_M + slot
    dw_ptrs = PartialDW + slot * N + cols
    db_ptrs = PartialDB + slot * N + cols
    part_dw = dy * xhat
    part_db = dy
    while tl.atomic_cas(lock, 0, 1) == 1:
        pass
    if tl.load(count) == 0:
        tl.atomic_xchg(count, 1)
    else:
        part_dw += tl.load(dw_ptrs, mask=mask, other=0.0)
        part_db += tl.load(db_ptrs, mask=mask, other=0.0)
    tl.store(dw_ptrs, part_dw, mask=mask)
    tl.store(db_ptrs, part_db, mask=mask)
    # Every thread of the program must have stored before the lock is handed on.
    tl.debug_barrier()
    tl.atomic_xchg(lock, 0)


@tiled.jit
def layer_norm_bwd_dwdb_kernel(PartialDW, PartialDB, DW, DB, M, N,
                               BLOCK_SIZE_M: tl.constexpr, BLOCK_SIZE_N: tl.constexpr):
    """Sum the ``M`` partial rows into ``DW``/``DB`` for one block of columns."""
    cols = tl.program_id(0) * BLOCK_SIZE_N + tl.arange(0, BLOCK_SIZE_N)
    rows0 = tl.arange(0, BLOCK_SIZE_M)
    dw = tl.zeros((BLOCK_SIZE_M, BLOCK_SIZE_N), dtype=tl.float32)
    db = tl.zeros((BLOCK_SIZE_M, BLOCK_SIZE_N), dtype=tl.float32)
    for start in range(0, M, BLOCK_SIZE_M):
        rows = start + rows0
        mask = (rows[:, None] < M) & (cols[None, :] < N)
        offs = rows[:, None] * N + cols[None, :]
        dw += tl.load(PartialDW + offs, mask=mask, other=0.0)
        db += tl.load(PartialDB + offs, mask=mask, other=0.0)
    tl.store(DW + cols, tl.sum(dw, axis=0), mask=cols < N)
    tl.store(DB + cols, tl.sum(db, axis=0), mask=cols < N)


# -- host wrappers ----------------------------------------------------------------------------

def layer_norm_fwd(x, w, b, eps: float = 1e-5, *, block_size: int | None = None,
                   alloc=empty_like):
    """``(y, mean, rstd)`` for a contiguous 2-D ``x`` (numpy or torch) normalised per row.

    ``alloc(like, shape=None, dtype=None)`` allocates the outputs (``check`` poisons them).
    """
    M, N = x.shape
    y = alloc(x)
    mean = alloc(x, shape=(M,), dtype=np.float32)
    rstd = alloc(x, shape=(M,), dtype=np.float32)
    block = block_size or min(4096, tiled.next_power_of_2(N))
    layer_norm_fwd_kernel[(M,)](x, y, w, b, mean, rstd, N, N, eps, BLOCK_SIZE=block,
                                num_warps=min(max(block // 256, 1), 8))
    return y, mean, rstd


def group_size_for(M: int, N: int) -> int:
    """How many partial-sum rows backward uses: more for narrow rows (more contention)."""
    group = 64 if N <= 1024 else 32 if N <= 4096 else 16
    return max(1, min(group, M))


def layer_norm_bwd(dy, x, w, mean, rstd, *, group_size_m: int | None = None,
                   alloc=empty_like):
    """``(dx, dw, db)`` given the forward's saved ``mean``/``rstd``; all rows contiguous.

    ``alloc`` allocates outputs and scratch as in ``layer_norm_fwd``.
    """
    M, N = x.shape
    block_n = tiled.next_power_of_2(N)
    if block_n > 8192:
        raise ValueError(f"layer_norm_bwd keeps a row in one tile; N={N} is too wide")
    # At most M slots: with the first writer storing rather than adding, a slot that no row
    # maps to would keep its garbage and poison the final sum.
    group = max(1, min(group_size_m or group_size_for(M, N), M))
    dx = alloc(x)
    # Partial sums need no initialisation (first writer stores); the locks and counters do.
    partial_dw = alloc(x, shape=(group, N), dtype=np.float32)
    partial_db = alloc(x, shape=(group, N), dtype=np.float32)
    locks = alloc(x, shape=(2 * group,), dtype=np.int32)
    locks[...] = 0
    dw = alloc(x, shape=(N,), dtype=to_numpy_dtype(w))
    db = alloc(x, shape=(N,), dtype=to_numpy_dtype(w))
    layer_norm_bwd_dx_kernel[(M,)](dx, dy, partial_dw, partial_db, x, w, mean, rstd, locks,
                                   N, N, GROUP_SIZE_M=group, BLOCK_SIZE_N=block_n,
                                   num_warps=min(max(block_n // 256, 1), 8))
    grid = lambda meta: (tiled.cdiv(N, meta["BLOCK_SIZE_N"]),)  # noqa: E731
    layer_norm_bwd_dwdb_kernel[grid](partial_dw, partial_db, dw, db, group, N,
                                     BLOCK_SIZE_M=32, BLOCK_SIZE_N=128)
    return dx, dw, db


def reference_fwd(x, w, b, eps: float = 1e-5):
    """``(y, mean, rstd)`` in float64."""
    x = to_numpy(x).astype(np.float64)
    mean = x.mean(axis=1)
    rstd = 1.0 / np.sqrt(((x - mean[:, None]) ** 2).mean(axis=1) + eps)
    y = (x - mean[:, None]) * rstd[:, None] * to_numpy(w) + to_numpy(b)
    return y, mean, rstd


def reference_bwd(dy, x, w, eps: float = 1e-5):
    """``(dx, dw, db)`` in float64, derived from the forward formula."""
    dy = to_numpy(dy).astype(np.float64)
    w = to_numpy(w).astype(np.float64)
    _, mean, rstd = reference_fwd(x, w, np.zeros_like(w), eps)
    xhat = (to_numpy(x).astype(np.float64) - mean[:, None]) * rstd[:, None]
    wdy = w * dy
    dx = (wdy - xhat * (xhat * wdy).mean(axis=1, keepdims=True)
          - wdy.mean(axis=1, keepdims=True)) * rstd[:, None]
    return dx, (dy * xhat).sum(axis=0), dy.sum(axis=0)


def check(backend=None, seed: int = 0, M: int = 157, N: int = 300, eps: float = 1e-5,
          block_size: int = 128, group_size_m: int = 16) -> dict:
    """Forward and backward on random data with a non-zero mean.

    ``block_size`` below N exercises the forward's chunk loop; ``M > group_size_m`` makes
    several rows share each partial-sum buffer row, so the lock path is taken.
    """
    rng = np.random.default_rng(seed)
    x = (rng.standard_normal((M, N)) * 2 + 3).astype(np.float32)
    w = rng.uniform(0.5, 1.5, N).astype(np.float32)
    b = rng.standard_normal(N).astype(np.float32)
    dy = rng.standard_normal((M, N)).astype(np.float32)
    with backend_scope(backend):
        y, mean, rstd = layer_norm_fwd(x, w, b, eps, block_size=block_size,
                                       alloc=poisoned_like)
        dx, dw, db = layer_norm_bwd(dy, x, w, mean, rstd, group_size_m=group_size_m,
                                    alloc=poisoned_like)
    y_ref, mean_ref, rstd_ref = reference_fwd(x, w, b, eps)
    dx_ref, dw_ref, db_ref = reference_bwd(dy, x, w, eps)
    errs = {
        "y": assert_close(y, y_ref, atol=1e-5, rtol=1e-4, what="layer_norm y"),
        "mean": assert_close(mean, mean_ref, atol=1e-5, rtol=1e-5, what="layer_norm mean"),
        "rstd": assert_close(rstd, rstd_ref, atol=1e-5, rtol=1e-4, what="layer_norm rstd"),
        "dx": assert_close(dx, dx_ref, atol=1e-4, rtol=1e-4, what="layer_norm dx"),
        # Column sums over M rows: float32 rounding grows with M.
        "dw": assert_close(dw, dw_ref, atol=1e-3, rtol=1e-4, what="layer_norm dw"),
        "db": assert_close(db, db_ref, atol=1e-3, rtol=1e-4, what="layer_norm db"),
    }
    return {"name": "layer_norm", "shape": (M, N), "max_abs_err": max(errs.values()),
            "errors": errs}
