"""Triton reference kernels for the GPU runs (imported only on a GPU with Triton installed).

Written for this suite: a grouped-order tiled matmul with a small autotune space, one-pass
row softmax, and LayerNorm/RMSNorm forward kernels that hold a row in registers (two-pass
over a loop for rows longer than the largest block). They are what a competent Triton user
writes, which is the bar our kernels are compared against, not a tuned vendor library.
"""
from __future__ import annotations

import torch
import triton
import triton.language as tl

# -- matmul ---------------------------------------------------------------------------------

_MM_CONFIGS = [
    triton.Config({"BM": 128, "BN": 256, "BK": 64, "G": 8}, num_stages=3, num_warps=8),
    triton.Config({"BM": 128, "BN": 128, "BK": 64, "G": 8}, num_stages=4, num_warps=4),
    triton.Config({"BM": 64, "BN": 128, "BK": 64, "G": 8}, num_stages=4, num_warps=4),
    triton.Config({"BM": 64, "BN": 64, "BK": 32, "G": 8}, num_stages=5, num_warps=2),
    triton.Config({"BM": 16, "BN": 128, "BK": 128, "G": 1}, num_stages=4, num_warps=4),
]


@triton.autotune(configs=_MM_CONFIGS, key=["M", "N", "K", "IEEE"])
@triton.jit
def _matmul_kernel(a_ptr, b_ptr, c_ptr, M, N, K, sam, sak, sbk, sbn, scm, scn,
                   IEEE: tl.constexpr, BM: tl.constexpr, BN: tl.constexpr, BK: tl.constexpr,
                   G: tl.constexpr):
    # Grouped launch order: G row-blocks share their B column-blocks while those sit in L2.
    pid = tl.program_id(0)
    n_m, n_n = tl.cdiv(M, BM), tl.cdiv(N, BN)
    per_group = G * n_n
    first_m = (pid // per_group) * G
    rows_in_group = min(n_m - first_m, G)
    pm = first_m + (pid % per_group) % rows_in_group
    pn = (pid % per_group) // rows_in_group
    rm = pm * BM + tl.arange(0, BM)
    rn = pn * BN + tl.arange(0, BN)
    rk = tl.arange(0, BK)
    a_tile = a_ptr + rm[:, None] * sam + rk[None, :] * sak
    b_tile = b_ptr + rk[:, None] * sbk + rn[None, :] * sbn
    acc = tl.zeros((BM, BN), dtype=tl.float32)
    for k0 in range(0, K, BK):
        kmask = rk < K - k0
        a = tl.load(a_tile, mask=(rm[:, None] < M) & kmask[None, :], other=0.0)
        b = tl.load(b_tile, mask=kmask[:, None] & (rn[None, :] < N), other=0.0)
        if IEEE:
            acc = tl.dot(a, b, acc, input_precision="ieee")
        else:
            acc = tl.dot(a, b, acc)
        a_tile += BK * sak
        b_tile += BK * sbk
    c = c_ptr + rm[:, None] * scm + rn[None, :] * scn
    tl.store(c, acc.to(c_ptr.dtype.element_ty), mask=(rm[:, None] < M) & (rn[None, :] < N))


def matmul(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """C = A @ B; float32 inputs use IEEE fp32 (no TF32), matching torch's default."""
    m, k = a.shape
    _, n = b.shape
    c = torch.empty((m, n), device=a.device, dtype=a.dtype)

    def grid(meta):
        return (triton.cdiv(m, meta["BM"]) * triton.cdiv(n, meta["BN"]),)

    _matmul_kernel[grid](a, b, c, m, n, k, a.stride(0), a.stride(1), b.stride(0), b.stride(1),
                         c.stride(0), c.stride(1), IEEE=a.dtype == torch.float32)
    return c


# -- row kernels ----------------------------------------------------------------------------

_MAX_BLOCK = 16384        # longest row held in registers; longer rows loop


def _row_launch(x: torch.Tensor):
    n = x.shape[-1]
    block = min(triton.next_power_of_2(n), _MAX_BLOCK)
    warps = 4 if block <= 2048 else (8 if block <= 8192 else 16)
    return n, block, warps


@triton.jit
def _softmax_kernel(x_ptr, y_ptr, stride, n, BLOCK: tl.constexpr, ONE_PASS: tl.constexpr):
    row = tl.program_id(0).to(tl.int64)
    x_row, y_row = x_ptr + row * stride, y_ptr + row * stride
    cols = tl.arange(0, BLOCK)
    if ONE_PASS:
        x = tl.load(x_row + cols, mask=cols < n, other=-float("inf")).to(tl.float32)
        e = tl.exp(x - tl.max(x, axis=0))
        tl.store(y_row + cols, (e / tl.sum(e, axis=0)).to(y_ptr.dtype.element_ty),
                 mask=cols < n)
    else:
        # Online max/sum over blocks, then a second pass that writes.
        m = tl.full((BLOCK,), -float("inf"), tl.float32)
        s = tl.zeros((BLOCK,), tl.float32)
        for c0 in range(0, n, BLOCK):
            x = tl.load(x_row + c0 + cols, mask=c0 + cols < n, other=-float("inf"))
            x = x.to(tl.float32)
            m_new = tl.maximum(m, x)
            s = s * tl.exp(m - m_new) + tl.exp(x - m_new)
            m = m_new
        mx = tl.max(m, axis=0)
        total = tl.sum(s * tl.exp(m - mx), axis=0)
        for c0 in range(0, n, BLOCK):
            x = tl.load(x_row + c0 + cols, mask=c0 + cols < n, other=0.0).to(tl.float32)
            tl.store(y_row + c0 + cols, (tl.exp(x - mx) / total).to(y_ptr.dtype.element_ty),
                     mask=c0 + cols < n)


def softmax(x: torch.Tensor) -> torch.Tensor:
    """Softmax over the last dimension of a contiguous 2-D tensor."""
    n, block, warps = _row_launch(x)
    y = torch.empty_like(x)
    _softmax_kernel[(x.shape[0],)](x, y, x.stride(0), n, BLOCK=block, ONE_PASS=n <= block,
                                   num_warps=warps)
    return y


@triton.jit
def _norm_kernel(x_ptr, y_ptr, w_ptr, b_ptr, stride, n, eps, BLOCK: tl.constexpr,
                 RMS: tl.constexpr, ONE_PASS: tl.constexpr):
    row = tl.program_id(0).to(tl.int64)
    x_row, y_row = x_ptr + row * stride, y_ptr + row * stride
    cols = tl.arange(0, BLOCK)
    if ONE_PASS:
        x = tl.load(x_row + cols, mask=cols < n, other=0.0).to(tl.float32)
        mean = 0.0 if RMS else tl.sum(x, axis=0) / n
        d = tl.where(cols < n, x - mean, 0.0)
        rstd = 1.0 / tl.sqrt(tl.sum(d * d, axis=0) / n + eps)
        y = d * rstd * tl.load(w_ptr + cols, mask=cols < n).to(tl.float32)
        if not RMS:
            y += tl.load(b_ptr + cols, mask=cols < n).to(tl.float32)
        tl.store(y_row + cols, y.to(y_ptr.dtype.element_ty), mask=cols < n)
    else:
        acc = tl.zeros((BLOCK,), tl.float32)
        acc2 = tl.zeros((BLOCK,), tl.float32)
        for c0 in range(0, n, BLOCK):
            x = tl.load(x_row + c0 + cols, mask=c0 + cols < n, other=0.0).to(tl.float32)
            acc += x
            acc2 += x * x
        mean = 0.0 if RMS else tl.sum(acc, axis=0) / n
        var = tl.sum(acc2, axis=0) / n - mean * mean
        rstd = 1.0 / tl.sqrt(var + eps)
        for c0 in range(0, n, BLOCK):
            m = c0 + cols < n
            x = tl.load(x_row + c0 + cols, mask=m, other=0.0).to(tl.float32)
            y = (x - mean) * rstd * tl.load(w_ptr + c0 + cols, mask=m).to(tl.float32)
            if not RMS:
                y += tl.load(b_ptr + c0 + cols, mask=m).to(tl.float32)
            tl.store(y_row + c0 + cols, y.to(y_ptr.dtype.element_ty), mask=m)


def layer_norm(x, w, b, eps):
    """LayerNorm over the last dimension of a contiguous 2-D tensor."""
    n, block, warps = _row_launch(x)
    y = torch.empty_like(x)
    _norm_kernel[(x.shape[0],)](x, y, w, b, x.stride(0), n, eps, BLOCK=block, RMS=False,
                                ONE_PASS=n <= block, num_warps=warps)
    return y


def rms_norm(x, w, eps):
    """RMSNorm over the last dimension of a contiguous 2-D tensor."""
    n, block, warps = _row_launch(x)
    y = torch.empty_like(x)
    _norm_kernel[(x.shape[0],)](x, y, w, w, x.stride(0), n, eps, BLOCK=block, RMS=True,
                                ONE_PASS=n <= block, num_warps=warps)
    return y


# -- launch overhead and compile time -------------------------------------------------------

def _noop_fn(X, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    tl.store(X + offs, tl.load(X + offs) + 1.0)


def _add_fn(X, Y, Z, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    tl.store(Z + offs, tl.load(X + offs, mask=mask) + tl.load(Y + offs, mask=mask), mask=mask)


RAW = {"noop": _noop_fn, "add": _add_fn}
_noop = triton.jit(_noop_fn)


def noop(x: torch.Tensor) -> None:
    """The trivial kernel of the launch-overhead entry, in Triton."""
    _noop[(1,)](x, BLOCK=16)


def fresh_jit(name: str):
    """A new JITFunction for ``RAW[name]`` (no in-memory cache), for compile timing."""
    return triton.jit(RAW[name])
