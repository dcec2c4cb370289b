"""``softmax`` and ``log_softmax`` along any dimension, forward and backward.

One program normalises one row. A row that fits a tile (``n <= MAX_FUSED``) is read once;
longer rows use the online formulation (running max and rescaled sum) in one pass, then a
second pass writes the output. Internal math is fp32 for fp16/bf16/fp32 inputs.
"""
from __future__ import annotations

import tiledsl as tiled
import tiledsl.language as tl
from . import _host as H

MAX_FUSED = 8192


@tiled.jit
def softmax_fwd_kernel(Y, X, stride, n, BLOCK: tl.constexpr, LOG: tl.constexpr,
                       SINGLE: tl.constexpr):
    row = tl.program_id(0).to(tl.int64)
    x_row = X + row * stride
    y_row = Y + row * stride
    cols = tl.arange(0, BLOCK)
    if SINGLE:
        x = tl.load(x_row + cols, mask=cols < n, other=-float("inf")).to(tl.float32)
        z = x - tl.max(x, axis=0)
        e = tl.exp(z)
        s = tl.sum(e, axis=0)
        y = z - tl.log(s) if LOG else e / s
        tl.store(y_row + cols, y.to(Y.dtype.element_ty), mask=cols < n)
    else:
        m = tl.full([BLOCK], -float("inf"), tl.float32)
        acc = tl.zeros([BLOCK], dtype=tl.float32)
        for start in range(0, n, BLOCK):
            x = tl.load(x_row + start + cols, mask=start + cols < n, other=-float("inf"))
            x = x.to(tl.float32)
            m_new = tl.maximum(m, x)
            # lanes still at -inf stay at zero without producing NaN
            acc = acc * tl.exp(tl.where(m_new == -float("inf"), 0.0, m - m_new)) + \
                tl.where(m_new == -float("inf"), 0.0, tl.exp(x - m_new))
            m = m_new
        row_max = tl.max(m, axis=0)
        total = tl.sum(acc * tl.exp(tl.where(m == -float("inf"), -float("inf"), m - row_max)), axis=0)
        for start in range(0, n, BLOCK):
            x = tl.load(x_row + start + cols, mask=start + cols < n, other=0.0).to(tl.float32)
            z = x - row_max
            y = z - tl.log(total) if LOG else tl.exp(z) / total
            tl.store(y_row + start + cols, y.to(Y.dtype.element_ty), mask=start + cols < n)


@tiled.jit
def softmax_bwd_kernel(DX, DY, Y, stride, n, BLOCK: tl.constexpr, LOG: tl.constexpr):
    """softmax: dx = y * (dy - sum(dy * y)); log_softmax: dx = dy - exp(y) * sum(dy)."""
    row = tl.program_id(0).to(tl.int64)
    cols = tl.arange(0, BLOCK)
    dot = tl.zeros([BLOCK], dtype=tl.float32)
    for start in range(0, n, BLOCK):
        mask = start + cols < n
        dy = tl.load(DY + row * stride + start + cols, mask=mask, other=0.0).to(tl.float32)
        if LOG:
            dot += dy
        else:
            y = tl.load(Y + row * stride + start + cols, mask=mask, other=0.0).to(tl.float32)
            dot += dy * y
    total = tl.sum(dot, axis=0)
    for start in range(0, n, BLOCK):
        mask = start + cols < n
        dy = tl.load(DY + row * stride + start + cols, mask=mask, other=0.0).to(tl.float32)
        y = tl.load(Y + row * stride + start + cols, mask=mask, other=0.0).to(tl.float32)
        dx = dy - tl.exp(y) * total if LOG else y * (dy - total)
        tl.store(DX + row * stride + start + cols, dx.to(DX.dtype.element_ty), mask=mask)


_FLOATS = ("fp16", "bf16", "fp32", "fp64")


def _rows(x, dim: int):
    """``x`` with ``dim`` moved last, contiguous, as (rows, n); and how to undo it."""
    H.check_array("input", x, dtypes=_FLOATS)
    nd = x.ndim
    if not -max(nd, 1) <= dim < max(nd, 1):
        raise IndexError(f"Dimension out of range (expected to be in range of "
                         f"[{-max(nd, 1)}, {max(nd, 1) - 1}], but got {dim})")
    dim %= max(nd, 1)
    moved = H.contiguous(H.moveaxis(x, dim, -1)) if nd else H.reshape(x, (1,))
    n = moved.shape[-1] if nd else 1
    rows = moved.reshape((-1, n))

    def restore(y2):
        if not nd:
            return y2.reshape(())
        return H.moveaxis(y2.reshape(moved.shape), -1, dim)
    return rows, n, restore


def _block(n: int) -> tuple[int, bool]:
    if n <= MAX_FUSED:
        return H.next_power_of_2(n), True
    return 4096, False


def _forward(x, dim, log):
    rows, n, restore = _rows(x, dim)
    y = H.empty(rows, rows.shape)
    if rows.shape[0] and n:
        block, single = _block(n)
        softmax_fwd_kernel[(rows.shape[0],)](y, rows, n, n, BLOCK=block, LOG=log,
                                             SINGLE=single, num_warps=_warps(block))
    return restore(y)


def _backward(dy, y, dim, log):
    drows, n, restore = _rows(dy, dim)
    yrows, _, _ = _rows(y, dim)
    if tuple(dy.shape) != tuple(y.shape):
        raise ValueError(f"grad_output shape {tuple(dy.shape)} != output shape {tuple(y.shape)}")
    dx = H.empty(drows, drows.shape)
    if drows.shape[0] and n:
        block = min(H.next_power_of_2(n), 4096)
        softmax_bwd_kernel[(drows.shape[0],)](dx, drows, yrows, n, n, BLOCK=block, LOG=log,
                                              num_warps=_warps(block))
    return restore(dx)


def _warps(block: int) -> int:
    return 4 if block <= 2048 else 8 if block <= 8192 else 16


def softmax(x, dim: int = -1):
    """``exp(x) / sum(exp(x))`` along ``dim`` (as ``torch.softmax``)."""
    return _forward(x, dim, False)


def log_softmax(x, dim: int = -1):
    """``x - log(sum(exp(x)))`` along ``dim`` (as ``torch.log_softmax``)."""
    return _forward(x, dim, True)


def softmax_backward(grad_output, output, dim: int = -1):
    """Gradient of ``softmax`` w.r.t. its input, from its output."""
    return _backward(grad_output, output, dim, False)


def log_softmax_backward(grad_output, output, dim: int = -1):
    """Gradient of ``log_softmax`` w.r.t. its input, from its output."""
    return _backward(grad_output, output, dim, True)
