"""conv2d backward: data gradient (dgrad), weight gradient (wgrad) and bias gradient, as
implicit GEMMs written in tiledsl.

* **dgrad** is the transposed convolution, per group a GEMM with M = N*H*W input pixels,
  N = C/groups input channels and reduction over (r, s, k): for input pixel (ih, iw) and tap
  (r, s) the contributing output pixel is ``oh = (ih + ph - r*dh) / sh`` when that division
  is exact and in range; the gather of ``dy`` masks everything else (strided convolutions
  leave most taps masked, the price of needing no workspace and no scatter).
* **wgrad** is, per group and tap (r, s), ``dw[:, :, r, s] (Kg x Cg) = dy^T (Kg x NPQ) @
  x_tap (NPQ x Cg)`` with the reduction over all output pixels of all images: each program
  owns one output block and runs its whole reduction, so the result is deterministic (no
  atomics, no split-K).
* **db** is a per-channel sum of ``dy`` in fp32.

Accuracy ("standard" for all three): fp32 accumulation of the exact products; wgrad sums
N*OH*OW terms, so its error bound grows with that count (tests: <= 1e-5 relative to max|dw|
for fp32 at the test sizes, against float64 torch autograd).
"""
from __future__ import annotations

import tiledsl as tiled
import tiledsl.language as tl
from tiledsl import fastrun
from . import _host as H
from .conv_common import (AlgorithmNotApplicable, ConvShape, conv_shape, nchw_strides,
                          precision_of, repack_filter)

# name -> (BLOCK_M, BLOCK_N, BLOCK_K cap)
DGRAD_TILES = {"implicit_gemm_32x32": (32, 32, 32), "implicit_gemm_64x64": (64, 64, 32)}
WGRAD_TILES = {"gemm_32x32": (32, 32, 32), "gemm_64x64": (64, 64, 64)}


@tiled.jit
def conv_dgrad_kernel(DY, Wt, DX, NB, H_in, W_in, OH, OW,
                      sdn, sdc, sdh, sdw, swk, swc, swr, sws, sxn, sxc, sxh, sxw,
                      CG, KG, R, S, SH, SW, PH, PW, DH, DW,
                      BLOCK_M: tl.constexpr, BLOCK_N: tl.constexpr, BLOCK_K: tl.constexpr,
                      PRECISION: tl.constexpr):
    """One BLOCK_M (input pixels) x BLOCK_N (input channels of group axis 1) tile of dx."""
    pid = tl.program_id(0)
    g = tl.program_id(1)
    grid_n = tl.cdiv(CG, BLOCK_N)
    pid_m = pid // grid_n
    pid_n = pid % grid_n
    rm = pid_m * BLOCK_M + tl.arange(0, BLOCK_M)
    rn = pid_n * BLOCK_N + tl.arange(0, BLOCK_N)
    rk = tl.arange(0, BLOCK_K)
    m_ok = rm < NB * H_in * W_in
    iw = rm % W_in
    ih = (rm // W_in) % H_in
    n = rm // (W_in * H_in)
    n_ok = rn < CG
    dy_base = DY + n.to(tl.int64) * sdn + (g * KG).to(tl.int64) * sdc
    w_base = Wt + (g * KG).to(tl.int64) * swk + rn * swc
    acc = tl.zeros((BLOCK_M, BLOCK_N), dtype=tl.float32)
    for r in range(R):
        th = ih + PH - r * DH
        # clamp before dividing so negative numerators never reach the division
        oh = tl.maximum(th, 0) // SH
        h_ok = m_ok & (th >= 0) & (tl.maximum(th, 0) % SH == 0) & (oh < OH)
        for s in range(S):
            tw = iw + PW - s * DW
            ow = tl.maximum(tw, 0) // SW
            ok = h_ok & (tw >= 0) & (tl.maximum(tw, 0) % SW == 0) & (ow < OW)
            a_row = dy_base + oh * sdh + ow * sdw
            b_col = w_base + r * swr + s * sws
            for k0 in range(0, KG, BLOCK_K):
                k = k0 + rk
                k_ok = k < KG
                a = tl.load(a_row[:, None] + k[None, :] * sdc, mask=ok[:, None] & k_ok[None, :],
                            other=0.0)
                b = tl.load(b_col[None, :] + k[:, None].to(tl.int64) * swk,
                            mask=k_ok[:, None] & n_ok[None, :], other=0.0)
                acc = tl.dot(a, b, acc, input_precision=PRECISION)
    ptrs = (DX + (n.to(tl.int64) * sxn + ih * sxh + iw * sxw)[:, None]
            + (g * CG + rn)[None, :].to(tl.int64) * sxc)
    tl.store(ptrs, acc.to(DX.dtype.element_ty), mask=m_ok[:, None] & n_ok[None, :])


@tiled.jit
def conv_wgrad_kernel(DY, X, DW, NB, H_in, W_in, OH, OW,
                      sdn, sdc, sdh, sdw, sxn, sxc, sxh, sxw, swk, swc, swr, sws,
                      CG, KG, S, SH, SW, PH, PW, DH, DW_,
                      BLOCK_M: tl.constexpr, BLOCK_N: tl.constexpr, BLOCK_K: tl.constexpr,
                      PRECISION: tl.constexpr):
    """dw[g*KG + k, c, r, s] for a BLOCK_M x BLOCK_N block of (k, c), one tap (axis 1)."""
    pid = tl.program_id(0)
    tap = tl.program_id(1)
    g = tl.program_id(2)
    r = tap // S
    s = tap % S
    grid_n = tl.cdiv(CG, BLOCK_N)
    rk_out = (pid // grid_n) * BLOCK_M + tl.arange(0, BLOCK_M)
    rc = (pid % grid_n) * BLOCK_N + tl.arange(0, BLOCK_N)
    k_ok = rk_out < KG
    c_ok = rc < CG
    dy_k = DY + (g * KG + rk_out).to(tl.int64) * sdc
    x_c = X + (g * CG + rc).to(tl.int64) * sxc
    rj = tl.arange(0, BLOCK_K)
    total = NB * OH * OW
    acc = tl.zeros((BLOCK_M, BLOCK_N), dtype=tl.float32)
    for j0 in range(0, total, BLOCK_K):
        j = j0 + rj
        j_ok = j < total
        ow = j % OW
        oh = (j // OW) % OH
        n = (j // (OW * OH)).to(tl.int64)
        ih = oh * SH - PH + r * DH
        iw = ow * SW - PW + s * DW_
        x_ok = j_ok & (ih >= 0) & (ih < H_in) & (iw >= 0) & (iw < W_in)
        a = tl.load(dy_k[:, None] + (n * sdn + oh * sdh + ow * sdw)[None, :],
                    mask=k_ok[:, None] & j_ok[None, :], other=0.0)
        b = tl.load(x_c[None, :] + (n * sxn + ih * sxh + iw * sxw)[:, None],
                    mask=x_ok[:, None] & c_ok[None, :], other=0.0)
        acc = tl.dot(a, b, acc, input_precision=PRECISION)
    ptrs = (DW + ((g * KG + rk_out).to(tl.int64) * swk)[:, None] + rc[None, :] * swc
            + r * swr + s * sws)
    tl.store(ptrs, acc.to(DW.dtype.element_ty), mask=k_ok[:, None] & c_ok[None, :])


@tiled.jit
def conv_bgrad_kernel(DY, DB, NB, P, OW, sdn, sdc, sdh, sdw, BLOCK: tl.constexpr):
    """db[k] = sum over images and output pixels of dy[:, k]."""
    k = tl.program_id(0)
    rp = tl.arange(0, BLOCK)
    acc = tl.zeros([BLOCK], dtype=tl.float32)
    for n in range(NB):
        base = DY + n.to(tl.int64) * sdn + k.to(tl.int64) * sdc
        for p0 in range(0, P, BLOCK):
            p = p0 + rp
            acc += tl.load(base + (p // OW) * sdh + (p % OW) * sdw, mask=p < P,
                           other=0.0).to(tl.float32)
    tl.store(DB + k, tl.sum(acc, axis=0).to(DB.dtype.element_ty))


def _bk(n: int, cap: int) -> int:
    return min(cap, H.next_power_of_2(n))


def run_dgrad(dy, w, dx, cs: ConvShape, tile: tuple) -> None:
    bm, bn, bk = tile
    m = cs.n * cs.h * cs.w
    bm = min(bm, max(16, H.next_power_of_2(m)))
    bn = min(bn, max(16, H.next_power_of_2(cs.c_per_group)))
    grid = (tiled.cdiv(m, bm) * tiled.cdiv(cs.c_per_group, bn), cs.groups)
    wp, w_strides = repack_filter(w, cs, inner="c")  # B tiles (k x c) read as vectors
    conv_dgrad_kernel[grid](
        dy, wp, dx, cs.n, cs.h, cs.w, cs.oh, cs.ow, *nchw_strides(dy, cs.layout),
        *w_strides, *nchw_strides(dx, cs.layout), cs.c_per_group, cs.k_per_group,
        cs.r, cs.s, *cs.stride, *cs.padding, *cs.dilation, BLOCK_M=bm, BLOCK_N=bn,
        BLOCK_K=_bk(cs.k_per_group, bk), PRECISION=precision_of(dy))


def run_wgrad(dy, x, dw, cs: ConvShape, tile: tuple) -> None:
    bm, bn, bk = tile
    bm = min(bm, max(16, H.next_power_of_2(cs.k_per_group)))
    bn = min(bn, max(16, H.next_power_of_2(cs.c_per_group)))
    grid = (tiled.cdiv(cs.k_per_group, bm) * tiled.cdiv(cs.c_per_group, bn), cs.r * cs.s,
            cs.groups)
    conv_wgrad_kernel[grid](
        dy, x, dw, cs.n, cs.h, cs.w, cs.oh, cs.ow, *nchw_strides(dy, cs.layout),
        *nchw_strides(x, cs.layout), *H.strides(dw), cs.c_per_group, cs.k_per_group, cs.s,
        *cs.stride, *cs.padding, *cs.dilation, BLOCK_M=bm, BLOCK_N=bn,
        BLOCK_K=_bk(cs.n * cs.oh * cs.ow, bk), PRECISION=precision_of(dy))


def run_bgrad(dy, db, cs: ConvShape) -> None:
    p = cs.oh * cs.ow
    conv_bgrad_kernel[(cs.k,)](dy, db, cs.n, p, cs.ow, *nchw_strides(dy, cs.layout),
                               BLOCK=min(1024, max(16, H.next_power_of_2(p))))


# -- public API and FastRun -----------------------------------------------------------------

_OPS = {"conv2d_backward_data": DGRAD_TILES, "conv2d_backward_weight": WGRAD_TILES}


def _check_dy(dy, x, cs: ConvShape):
    want = (cs.n, cs.k, cs.oh, cs.ow) if cs.layout == "NCHW" else (cs.n, cs.oh, cs.ow, cs.k)
    H.check_array("grad_output", dy, ndim=4)
    if tuple(dy.shape) != want:
        raise ValueError(f"grad_output has shape {tuple(dy.shape)}, expected {want} for this "
                         "convolution")
    if H.dtype_of(dy) != H.dtype_of(x):
        raise TypeError(f"grad_output has dtype {H.dtype_of(dy)}, input {H.dtype_of(x)}")
    if H.dtype_of(x).name not in ("fp16", "bf16", "fp32"):
        raise TypeError(f"conv2d_backward supports fp16/bf16/fp32, got {H.dtype_of(x)}")


def _data(dy, x, w, cs, name):
    dx = H.empty_like(x)
    run_dgrad(dy, w, dx, cs, DGRAD_TILES[name])
    return dx


def _weight(dy, x, w, cs, name):
    dw = H.empty_like(w)
    run_wgrad(dy, x, dw, cs, WGRAD_TILES[name])
    return dw


def _pick(op: str, name: str | None, dy, x, w, cs: ConvShape) -> str:
    if name is None:
        params = dict(stride=cs.stride, padding=cs.padding, dilation=cs.dilation,
                      groups=cs.groups, layout=cs.layout, backend=H.backend_of(x, w))
        return fastrun.choose(op, args=(dy, x, w), params=params).name
    if name not in _OPS[op]:
        raise AlgorithmNotApplicable(f"unknown {op} algorithm {name!r}; choose one of "
                                     f"{list(_OPS[op])}")
    return name


def conv2d_backward(dy, x, w, stride=1, padding=0, dilation=1, groups=1, layout="NCHW", *,
                    data_algo: str | None = None, weight_algo: str | None = None):
    """Gradients of ``conv2d(x, w, bias, ...)`` given ``dy`` = dL/dy: ``(dx, dw, db)``, with
    ``db`` the bias gradient (the sum of ``dy`` over images and pixels)."""
    cs = conv_shape(x, w, stride, padding, dilation, groups, layout)
    _check_dy(dy, x, cs)
    dx = _data(dy, x, w, cs, _pick("conv2d_backward_data", data_algo, dy, x, w, cs))
    dw = _weight(dy, x, w, cs, _pick("conv2d_backward_weight", weight_algo, dy, x, w, cs))
    db = H.empty(dy, (cs.k,))
    run_bgrad(dy, db, cs)
    return dx, dw, db


def _fn(op: str, name: str):
    run = _data if op == "conv2d_backward_data" else _weight

    def fn(dy, x, w, *, stride, padding, dilation, groups, layout, backend=None):
        return run(dy, x, w, conv_shape(x, w, stride, padding, dilation, groups, layout), name)
    return fn


def _applicable(p) -> bool | str:
    return True if p.dtypes[0] in ("float16", "bfloat16", "float32") else \
        f"supports fp16/bf16/fp32, got {p.dtypes[0]}"


def _heuristic(problem, cands):
    """Big tiles once there is work for them: dgrad by input pixels, wgrad by channels."""
    xs, ws = problem.shapes[1], problem.shapes[2]
    pixels = xs[0] * xs[1] * xs[2] * xs[3] // max(1, ws[1] * problem.param("groups", 1))
    big = (pixels >= 1024 and ws[1] >= 32) if problem.op.endswith("data") \
        else (ws[0] >= 64 and ws[1] >= 64)
    want = "64x64" if big else "32x32"
    return next((c for c in cands if c.name.endswith(want)), cands[0])


def _register() -> None:
    for op, tiles in _OPS.items():
        # the reference is the smallest-tile variant: it checks the other tiles' masking and
        # blocking against one independent blocking (torch checks them all in the tests)
        fastrun.define_op(op, heuristic=_heuristic, reference=_fn(op, next(iter(tiles))))
        kernel = conv_dgrad_kernel if op.endswith("data") else conv_wgrad_kernel
        for name in tiles:
            fastrun.register(fastrun.Algorithm(
                op=op, name=name, fn=_fn(op, name), applicable=_applicable,
                workspace=lambda p: 0, reproducible=True, accuracy="standard",
                depends=(run_dgrad, run_wgrad, kernel)), replace=True)


_register()
