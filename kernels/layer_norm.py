"""``layer_norm`` and ``rms_norm`` over the trailing ``normalized_shape``, forward and
backward. Statistics and math are fp32; outputs keep the input dtype.

Backward is deterministic: per-row constants first, then dx together with per-row-group
partial sums of dweight/dbias (no atomics), then one reduction of the partials.
"""
from __future__ import annotations

import math

import tiledsl as tiled
import tiledsl.language as tl
from tiledsl import dtypes as dt
from . import _host as H

MAX_FUSED = 8192
ROWS_PER_GROUP = 32


@tiled.jit
def norm_fwd_kernel(Y, Mean, Rstd, X, W, B, stride, n, eps, BLOCK: tl.constexpr,
                    RMS: tl.constexpr, HAS_W: tl.constexpr, HAS_B: tl.constexpr,
                    SINGLE: tl.constexpr):
    row = tl.program_id(0).to(tl.int64)
    x_row = X + row * stride
    y_row = Y + row * stride
    cols = tl.arange(0, BLOCK)
    if SINGLE:
        x = tl.load(x_row + cols, mask=cols < n, other=0.0).to(tl.float32)
        mean = 0.0 if RMS else tl.sum(x, axis=0) / n
        xc = tl.where(cols < n, x - mean, 0.0)
        rstd = 1.0 / tl.sqrt(tl.sum(xc * xc, axis=0) / n + eps)
    else:
        acc = tl.zeros([BLOCK], dtype=tl.float32)
        if not RMS:
            for start in range(0, n, BLOCK):
                acc += tl.load(x_row + start + cols, mask=start + cols < n, other=0.0).to(tl.float32)
        mean = tl.sum(acc, axis=0) / n
        sq = tl.zeros([BLOCK], dtype=tl.float32)
        for start in range(0, n, BLOCK):
            x = tl.load(x_row + start + cols, mask=start + cols < n, other=0.0).to(tl.float32)
            xc = tl.where(start + cols < n, x - mean, 0.0)
            sq += xc * xc
        rstd = 1.0 / tl.sqrt(tl.sum(sq, axis=0) / n + eps)
    tl.store(Mean + row, mean)
    tl.store(Rstd + row, rstd)
    for start in range(0, n, BLOCK):
        mask = start + cols < n
        x = tl.load(x_row + start + cols, mask=mask, other=0.0).to(tl.float32)
        y = (x - mean) * rstd
        if HAS_W:
            y = y * tl.load(W + start + cols, mask=mask, other=0.0).to(tl.float32)
        if HAS_B:
            y = y + tl.load(B + start + cols, mask=mask, other=0.0).to(tl.float32)
        tl.store(y_row + start + cols, y.to(Y.dtype.element_ty), mask=mask)


@tiled.jit
def norm_bwd_row_kernel(C1, C2, DY, X, W, Mean, Rstd, stride, n, BLOCK: tl.constexpr,
                        RMS: tl.constexpr, HAS_W: tl.constexpr):
    """Per-row constants: c1 = mean(xhat * w * dy), c2 = mean(w * dy)."""
    row = tl.program_id(0).to(tl.int64)
    cols = tl.arange(0, BLOCK)
    mean = tl.load(Mean + row)
    rstd = tl.load(Rstd + row)
    s1 = tl.zeros([BLOCK], dtype=tl.float32)
    s2 = tl.zeros([BLOCK], dtype=tl.float32)
    for start in range(0, n, BLOCK):
        mask = start + cols < n
        x = tl.load(X + row * stride + start + cols, mask=mask, other=0.0).to(tl.float32)
        wdy = tl.load(DY + row * stride + start + cols, mask=mask, other=0.0).to(tl.float32)
        if HAS_W:
            wdy = wdy * tl.load(W + start + cols, mask=mask, other=0.0).to(tl.float32)
        s1 += tl.where(mask, (x - mean) * rstd, 0.0) * wdy
        s2 += wdy
    tl.store(C1 + row, tl.sum(s1, axis=0) / n)
    tl.store(C2 + row, 0.0 if RMS else tl.sum(s2, axis=0) / n)


@tiled.jit
def norm_bwd_dx_kernel(DX, PartW, PartB, DY, X, W, Mean, Rstd, C1, C2, stride, m, n,
                       ROWS: tl.constexpr, BLOCK_N: tl.constexpr, HAS_W: tl.constexpr):
    """dx for ROWS rows x BLOCK_N columns, and their partial sums of dw and db."""
    group = tl.program_id(0)
    cols = tl.program_id(1) * BLOCK_N + tl.arange(0, BLOCK_N)
    cmask = cols < n
    w = tl.load(W + cols, mask=cmask, other=0.0).to(tl.float32) if HAS_W else 1.0
    dw = tl.zeros([BLOCK_N], dtype=tl.float32)
    db = tl.zeros([BLOCK_N], dtype=tl.float32)
    for r in range(0, ROWS):
        # rows past m are masked rather than branched around: no divergence on a GPU, and
        # the partial sums stay plain loop-carried values
        row = tl.minimum(group * ROWS + r, m - 1)
        mask = cmask & (group * ROWS + r < m)
        base = row.to(tl.int64) * stride
        x = tl.load(X + base + cols, mask=mask, other=0.0).to(tl.float32)
        dy = tl.load(DY + base + cols, mask=mask, other=0.0).to(tl.float32)
        xhat = (x - tl.load(Mean + row)) * tl.load(Rstd + row)
        dx = (w * dy - (xhat * tl.load(C1 + row) + tl.load(C2 + row))) * tl.load(Rstd + row)
        tl.store(DX + base + cols, dx.to(DX.dtype.element_ty), mask=mask)
        dw += dy * xhat
        db += dy
    tl.store(PartW + group * n + cols, dw, mask=cmask)
    tl.store(PartB + group * n + cols, db, mask=cmask)


@tiled.jit
def column_sum_kernel(Out, Part, rows, n, BLOCK_R: tl.constexpr, BLOCK_N: tl.constexpr):
    """Out[c] = sum_r Part[r, c] (a fixed order, so results are reproducible)."""
    cols = tl.program_id(0) * BLOCK_N + tl.arange(0, BLOCK_N)
    rr = tl.arange(0, BLOCK_R)
    acc = tl.zeros([BLOCK_R, BLOCK_N], dtype=tl.float32)
    for start in range(0, rows, BLOCK_R):
        mask = (start + rr[:, None] < rows) & (cols[None, :] < n)
        acc += tl.load(Part + (start + rr[:, None]) * n + cols[None, :], mask=mask, other=0.0)
    tl.store(Out + cols, tl.sum(acc, axis=0).to(Out.dtype.element_ty), mask=cols < n)


_FLOATS = ("fp16", "bf16", "fp32", "fp64")
_MACHINE_EPS = {"fp16": 2.0 ** -10, "bf16": 2.0 ** -7, "fp32": 2.0 ** -23, "fp64": 2.0 ** -52}


def _rows(x, normalized_shape):
    H.check_array("input", x, dtypes=_FLOATS)
    shape = (normalized_shape,) if isinstance(normalized_shape, int) else tuple(normalized_shape)
    if tuple(x.shape[x.ndim - len(shape):]) != shape or len(shape) > x.ndim:
        raise ValueError(f"Given normalized_shape={list(shape)}, expected input with shape "
                         f"[*, {', '.join(map(str, shape))}], but got input of size "
                         f"{list(x.shape)}")
    n = math.prod(shape)
    rows = H.contiguous(x).reshape((-1, n))
    return rows, n, shape


def _param(name, p, shape, like):
    if p is None:
        return None
    H.check_array(name, p)
    if tuple(p.shape) != tuple(shape):
        raise ValueError(f"{name} has shape {tuple(p.shape)}, expected {tuple(shape)}")
    return H.contiguous(p).reshape((-1,))


def _warps(block: int) -> int:
    """Warps per row program on a GPU (other backends ignore it)."""
    return 4 if block <= 2048 else 8


def _block(n):
    return (H.next_power_of_2(n), True) if n <= MAX_FUSED else (4096, False)


def norm_forward(x, normalized_shape, weight=None, bias=None, eps=1e-5, rms=False):
    """``(y, mean, rstd)``; ``mean``/``rstd`` are fp32 per row, for the backward pass."""
    rows, n, shape = _rows(x, normalized_shape)
    w = _param("weight", weight, shape, x)
    b = _param("bias", bias, shape, x)
    m = rows.shape[0]
    y = H.empty(rows, rows.shape)
    mean = H.empty(rows, (m,), dt.float32)
    rstd = H.empty(rows, (m,), dt.float32)
    if m and n:
        block, single = _block(n)
        norm_fwd_kernel[(m,)](y, mean, rstd, rows, w if w is not None else rows,
                              b if b is not None else rows, n, n, float(eps), BLOCK=block,
                              RMS=rms, HAS_W=w is not None, HAS_B=b is not None, SINGLE=single,
                              num_warps=_warps(block))
    return y.reshape(tuple(x.shape)), mean, rstd


def norm_backward(dy, x, normalized_shape, weight, mean, rstd, rms=False, need_bias_grad=True):
    """``(dx, dweight, dbias)`` (``None`` for parameters that were not given)."""
    rows, n, shape = _rows(x, normalized_shape)
    drows = H.contiguous(dy).reshape((-1, n))
    w = _param("weight", weight, shape, x)
    m = rows.shape[0]
    dx = H.empty(rows, rows.shape)
    c1 = H.empty(rows, (m,), dt.float32)
    c2 = H.empty(rows, (m,), dt.float32)
    groups = -(-m // ROWS_PER_GROUP) if m else 0
    part_w = H.empty(rows, (max(groups, 1), n), dt.float32)
    part_b = H.empty(rows, (max(groups, 1), n), dt.float32)
    if m and n:
        block = min(H.next_power_of_2(n), 4096)
        has_w = w is not None
        wp = w if has_w else rows
        norm_bwd_row_kernel[(m,)](c1, c2, drows, rows, wp, mean, rstd, n, n, BLOCK=block,
                                  RMS=rms, HAS_W=has_w)
        bn = min(H.next_power_of_2(n), 256)
        norm_bwd_dx_kernel[(groups, -(-n // bn))](dx, part_w, part_b, drows, rows, wp, mean,
                                                  rstd, c1, c2, n, m, n, ROWS=ROWS_PER_GROUP,
                                                  BLOCK_N=bn, HAS_W=has_w)
    dw = db = None
    if weight is not None:
        dw = _column_sum(part_w, groups, n, weight).reshape(shape)
    if need_bias_grad:
        db = _column_sum(part_b, groups, n, weight if weight is not None else x).reshape(shape)
    return dx.reshape(tuple(x.shape)), dw, db


def _column_sum(part, rows, n, like):
    out = H.empty(like, (n,), H.dtype_of(like))
    if rows == 0:
        out[...] = 0
        return out
    bn = min(H.next_power_of_2(n), 128)
    column_sum_kernel[(-(-n // bn),)](out, part, rows, n, BLOCK_R=8, BLOCK_N=bn)
    return out


def layer_norm(x, normalized_shape, weight=None, bias=None, eps: float = 1e-5):
    """As ``torch.nn.functional.layer_norm``."""
    return norm_forward(x, normalized_shape, weight, bias, eps)[0]


def layer_norm_backward(dy, x, normalized_shape, weight, bias, mean, rstd):
    """``(dx, dweight, dbias)`` of ``layer_norm`` given the forward's ``mean``/``rstd``."""
    dx, dw, db = norm_backward(dy, x, normalized_shape, weight, mean, rstd,
                               need_bias_grad=bias is not None)
    return dx, dw, db


def rms_norm(x, normalized_shape, weight=None, eps: float | None = None):
    """As ``torch.nn.functional.rms_norm`` (``eps`` defaults to the dtype's machine eps)."""
    if eps is None:
        eps = _MACHINE_EPS[H.dtype_of(x).name]
    return norm_forward(x, normalized_shape, weight, None, eps, rms=True)[0]


def rms_norm_backward(dy, x, normalized_shape, weight, rstd):
    """``(dx, dweight)`` of ``rms_norm`` given the forward's ``rstd``."""
    zeros = H.zeros(rstd, rstd.shape)
    dx, dw, _ = norm_backward(dy, x, normalized_shape, weight, zeros, rstd, rms=True,
                              need_bias_grad=False)
    return dx, dw
