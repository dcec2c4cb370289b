"""Implicit-GEMM conv2d: the convolution as a GEMM whose A operand is never materialised.

Per group ``g`` the problem is ``Y_g[M, Kg] = A[M, Kred] @ B[Kred, Kg]`` with
``M = N*OH*OW`` (output pixels), ``Kg = K/groups`` and ``Kred = C/groups * R * S``. A row of
``A`` is the receptive field of one output pixel; each program gathers its BLOCK_M x BLOCK_K
slice of ``A`` straight from ``x`` with padding masks (out-of-image taps read 0), so there is
no workspace. The reduction runs filter tap by filter tap (``r``, ``s`` outer, channels inner):
the row coordinates and padding masks are computed once per tap, and in NHWC the channel
chunk is contiguous in memory. Tensors are addressed through element strides, so NCHW,
NHWC and channels-last torch tensors all work without copies.

Accuracy ("standard"): fp32 accumulation of exactly the products a direct convolution forms,
only reassociated by the blocked dot; against a float64 reference max |err| <= 2e-5 * max|y|
for fp32 inputs up to 31x31x64-term reductions (measured 9.6e-6 there, 2.1e-6 for 3x3x512) (the dot-product bound Kred * 2^-24 * sum|x*w| in general),
plus one output rounding for fp16/bf16.

The filter is first repacked tap-major (``conv_common.repack_filter``, K*C/g*R*S elements of
workspace) so B tiles are vector loads.

Several tile shapes are registered as separate FastRun algorithms (``TILES``): the best one
depends on M and Kg (a 7x7 ResNet layer with K=2048 wants wide N tiles, an early layer with
K=64 and M=3136 wants tall M tiles).
"""
from __future__ import annotations

import tiledsl as tiled
import tiledsl.language as tl
from . import _host as H
from .conv_common import ConvShape, nchw_strides, precision_of, repack_filter

# name -> (BLOCK_M, BLOCK_N, BLOCK_K cap, num_warps)
TILES = {
    "implicit_gemm_32x32": (32, 32, 32, 2),
    "implicit_gemm_64x64": (64, 64, 32, 4),
    "implicit_gemm_128x64": (128, 64, 32, 4),
}


@tiled.jit
def conv_fwd_igemm_kernel(X, Wt, Y, Bias, NB, H_in, W_in, OH, OW,
                          sxn, sxc, sxh, sxw, swk, swc, swr, sws, syn, syc, syh, syw,
                          CG, KG, R, S, SH, SW, PH, PW, DH, DW,
                          BLOCK_M: tl.constexpr, BLOCK_N: tl.constexpr, BLOCK_K: tl.constexpr,
                          HAS_BIAS: tl.constexpr, PRECISION: tl.constexpr):
    """One BLOCK_M (output pixels) x BLOCK_N (output channels of group axis 1) tile."""
    pid = tl.program_id(0)
    g = tl.program_id(1)
    grid_n = tl.cdiv(KG, BLOCK_N)
    # consecutive programs share the same pixel rows (A) while B (the filter) stays hot
    pid_m = pid // grid_n
    pid_n = pid % grid_n
    rm = pid_m * BLOCK_M + tl.arange(0, BLOCK_M)
    rn = pid_n * BLOCK_N + tl.arange(0, BLOCK_N)
    rk = tl.arange(0, BLOCK_K)
    m_ok = rm < NB * OH * OW
    ow = rm % OW
    oh = (rm // OW) % OH
    n = rm // (OW * OH)
    n_ok = rn < KG
    k_out = g * KG + rn
    x_base = X + n.to(tl.int64) * sxn + (g * CG).to(tl.int64) * sxc
    w_base = Wt + k_out.to(tl.int64) * swk
    acc = tl.zeros((BLOCK_M, BLOCK_N), dtype=tl.float32)
    for r in range(R):
        ih = oh * SH - PH + r * DH
        h_ok = m_ok & (ih >= 0) & (ih < H_in)
        for s in range(S):
            iw = ow * SW - PW + s * DW
            ok = h_ok & (iw >= 0) & (iw < W_in)
            a_row = x_base + ih * sxh + iw * sxw
            b_col = w_base + r * swr + s * sws
            for c0 in range(0, CG, BLOCK_K):
                c = c0 + rk
                c_ok = c < CG
                a = tl.load(a_row[:, None] + c[None, :] * sxc, mask=ok[:, None] & c_ok[None, :],
                            other=0.0)
                b = tl.load(b_col[None, :] + c[:, None] * swc, mask=c_ok[:, None] & n_ok[None, :],
                            other=0.0)
                acc = tl.dot(a, b, acc, input_precision=PRECISION)
    if HAS_BIAS:
        acc += tl.load(Bias + k_out, mask=n_ok, other=0.0).to(tl.float32)[None, :]
    y_ptrs = (Y + (n.to(tl.int64) * syn + oh * syh + ow * syw)[:, None]
              + k_out[None, :].to(tl.int64) * syc)
    tl.store(y_ptrs, acc.to(Y.dtype.element_ty), mask=m_ok[:, None] & n_ok[None, :])


def block_k(cg: int, cap: int) -> int:
    """The channel chunk: no wider than the channels of a group (conv1 has 3, depthwise 1)."""
    return min(cap, H.next_power_of_2(cg))


def run(x, w, bias, y, cs: ConvShape, tile: tuple) -> None:
    """Launch the implicit GEMM with one of ``TILES`` into the preallocated ``y``."""
    bm, bn, bk_cap, warps = tile
    m = cs.n * cs.oh * cs.ow
    bm = min(bm, max(16, H.next_power_of_2(m)))
    bn = min(bn, max(16, H.next_power_of_2(cs.k_per_group)))
    bk = block_k(cs.c_per_group, bk_cap)
    grid = (tiled.cdiv(m, bm) * tiled.cdiv(cs.k_per_group, bn), cs.groups)
    wp, w_strides = repack_filter(w, cs, inner="k")
    conv_fwd_igemm_kernel[grid](
        x, wp, y, bias if bias is not None else y, cs.n, cs.h, cs.w, cs.oh, cs.ow,
        *nchw_strides(x, cs.layout), *w_strides, *nchw_strides(y, cs.layout),
        cs.c_per_group, cs.k_per_group, cs.r, cs.s, *cs.stride, *cs.padding, *cs.dilation,
        BLOCK_M=bm, BLOCK_N=bn, BLOCK_K=bk, HAS_BIAS=bias is not None,
        PRECISION=precision_of(x), num_warps=warps)
