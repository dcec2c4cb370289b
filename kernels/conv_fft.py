"""FFT-style conv2d for large kernels (7x7 .. 31x31): tiled overlap-save in the frequency
domain, stride 1, dilation 1 (any padding, groups, layout).

The padded input is cut into T x T tiles (T = 32 or 64) that overlap by R-1 rows and S-1
columns; each tile yields an L_h x L_w = (T-R+1) x (T-S+1) block of outputs. Per tile:

1. **Transforms are DFTs by matrix product, not FFTs.** For T <= 64 a 2-D DFT written as
   ``Phi @ D @ Phi`` (Phi the T x T DFT matrix, as cos/sin matrices built by a tiledsl kernel)
   runs on ``tl.dot`` and is faster here than a radix-2 butterfly network would be; its cost is
   O(T^3) per tile instead of O(T^2 log T), which we accept and state. The filters are
   transformed the same way after zero-padding to T x T (only their R x S corner is read).
   Real inputs have Hermitian spectra, so only the T*(T/2+1) non-redundant frequencies are
   stored.
2. **One batched real GEMM per frequency** (and group), with the complex product folded into
   real blocks: ``[[Dr, Di], [Di, -Dr]] (2*tiles x 2Cg) @ [[Wr], [Wi]] (2Cg x Kg)`` gives
   ``[Zr; Zi]``, i.e. ``Z = sum_c D_c * conj(W_c)`` - the conjugate makes it a cross-correlation,
   as conv2d is.
3. **Inverse DFT** by matrix products of ``Z`` (with the Hermitian weights 1/2/1 of the kept
   columns), keeping the valid (T-R+1) x (T-S+1) block (+ bias).

Workspace (fp32, bytes): ``4 * T*(T/2+1) * (4*tiles*Cg*G + 2*C*Kg + 2*tiles*K)`` plus the
2*T^2 DFT matrix.

Accuracy ("relaxed"): fp32 transforms of magnitude-T sums; against a float64 reference, max
error / max|y| <= 2e-4 for T=32 and 5e-4 for T=64 (fp32 inputs).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import tiledsl as tiled
import tiledsl.language as tl
from tiledsl import dtypes as dt
from . import _host as H
from .conv_common import ConvShape, nchw_strides
from .matmul import matmul


@tiled.jit
def dft_matrix_kernel(Out, T: tl.constexpr):
    """Out[0] = cos(2 pi j a / T), Out[1] = sin(2 pi j a / T) (angle reduced mod T first, so
    the large products j*a lose no accuracy)."""
    j = tl.arange(0, T)
    ang = ((j[:, None] * j[None, :]) % T).to(tl.float32) * (6.283185307179586 / T)
    offs = j[:, None] * T + j[None, :]
    tl.store(Out + offs, tl.cos(ang))
    tl.store(Out + T * T + offs, tl.sin(ang))


@tiled.jit
def fft_filter_kernel(Wt, Bw, Dft, CG, KG, G, R, S, swk, swc, swr, sws,
                      T: tl.constexpr, RP: tl.constexpr, SP: tl.constexpr):
    """Spectrum of one zero-padded filter w[k, c] into Bw[f, g, {c, CG + c}, kk] (re, im)."""
    k = tl.program_id(0)
    c = tl.program_id(1)
    rr = tl.arange(0, RP)
    ss = tl.arange(0, SP)
    tt = tl.arange(0, T)
    w = tl.load(Wt + k.to(tl.int64) * swk + c * swc + rr[:, None] * swr + ss[None, :] * sws,
                mask=(rr[:, None] < R) & (ss[None, :] < S), other=0.0).to(tl.float32)
    c_s = tl.load(Dft + ss[:, None] * T + tt[None, :])          # cos[s, v]
    s_s = tl.load(Dft + T * T + ss[:, None] * T + tt[None, :])  # sin[s, v]
    c_r = tl.load(Dft + tt[:, None] * T + rr[None, :])          # cos[u, r]
    s_r = tl.load(Dft + T * T + tt[:, None] * T + rr[None, :])
    # W = Phi w Phi with Phi = C - iS: first along columns, then along rows
    pr = tl.dot(w, c_s, input_precision="ieee")
    pi = -tl.dot(w, s_s, input_precision="ieee")
    fr = tl.dot(c_r, pr, input_precision="ieee") + tl.dot(s_r, pi, input_precision="ieee")
    fi = tl.dot(c_r, pi, input_precision="ieee") - tl.dot(s_r, pr, input_precision="ieee")
    fw = T // 2 + 1
    f = tt[:, None] * fw + tt[None, :]
    keep = (tt[None, :] < fw) & (tt[:, None] >= 0)
    g = k // KG
    base = Bw + (f.to(tl.int64) * G + g) * (2 * CG * KG) + k % KG
    tl.store(base + c * KG, fr, mask=keep)
    tl.store(base + (CG + c) * KG, fi, mask=keep)


@tiled.jit
def fft_input_kernel(X, A, NB, H_in, W_in, TH, TW, CG, G, LH, LW, PH, PW,
                     sxn, sxc, sxh, sxw, Dft, T: tl.constexpr):
    """Spectrum of one input tile (tile t, channel c) into the GEMM's A operand."""
    t = tl.program_id(0)
    c = tl.program_id(1)
    tiles = NB * TH * TW
    tw = t % TW
    th = (t // TW) % TH
    n = t // (TW * TH)
    tt = tl.arange(0, T)
    h = th * LH - PH + tt
    w = tw * LW - PW + tt
    ok = (h[:, None] >= 0) & (h[:, None] < H_in) & (w[None, :] >= 0) & (w[None, :] < W_in)
    d = tl.load(X + n.to(tl.int64) * sxn + c.to(tl.int64) * sxc + h[:, None] * sxh
                + w[None, :] * sxw, mask=ok, other=0.0).to(tl.float32)
    cm = tl.load(Dft + tt[:, None] * T + tt[None, :])
    sm = tl.load(Dft + T * T + tt[:, None] * T + tt[None, :])
    qr = tl.dot(d, cm, input_precision="ieee")
    qi = -tl.dot(d, sm, input_precision="ieee")
    fr = tl.dot(cm, qr, input_precision="ieee") + tl.dot(sm, qi, input_precision="ieee")
    fi = tl.dot(cm, qi, input_precision="ieee") - tl.dot(sm, qr, input_precision="ieee")
    fw = T // 2 + 1
    f = tt[:, None] * fw + tt[None, :]
    keep = (tt[None, :] < fw) & (tt[:, None] >= 0)
    g = c // CG
    cc = c % CG
    # A[f, g] is (2*tiles) x (2*CG): [[Dr, Di], [Di, -Dr]]
    base = A + (f.to(tl.int64) * G + g) * (4 * tiles * CG)
    top = base + t * (2 * CG)
    bottom = base + (tiles + t) * (2 * CG)
    tl.store(top + cc, fr, mask=keep)
    tl.store(top + CG + cc, fi, mask=keep)
    tl.store(bottom + cc, fi, mask=keep)
    tl.store(bottom + CG + cc, -fr, mask=keep)


@tiled.jit
def fft_output_kernel(Z, Y, Bias, NB, OH, OW, TH, TW, KG, G, LH, LW, syn, syc, syh, syw, Dft,
                      HAS_BIAS: tl.constexpr, T: tl.constexpr):
    """Inverse DFT of Z[f, g, {t, tiles + t}, kk] for one (tile, output channel); keeps the
    valid LH x LW corner."""
    t = tl.program_id(0)
    k = tl.program_id(1)
    tiles = NB * TH * TW
    tw = t % TW
    th = (t // TW) % TH
    n = t // (TW * TH)
    tt = tl.arange(0, T)
    fw = T // 2 + 1
    f = tt[:, None] * fw + tt[None, :]
    keep = (tt[None, :] < fw) & (tt[:, None] >= 0)
    g = k // KG
    base = Z + (f.to(tl.int64) * G + g) * (2 * tiles * KG) + k % KG
    # Hermitian weights of the kept columns: the mirrored half counts twice
    weight = tl.where((tt == 0) | (tt == T // 2), 1.0, 2.0) / (T * T)
    zr = tl.load(base + t * KG, mask=keep, other=0.0) * weight[None, :]
    zi = tl.load(base + (tiles + t) * KG, mask=keep, other=0.0) * weight[None, :]
    cm = tl.load(Dft + tt[:, None] * T + tt[None, :])
    sm = tl.load(Dft + T * T + tt[:, None] * T + tt[None, :])
    # z = Re(conj(Phi) Z conj(Phi)), conj(Phi) = C + iS
    qr = tl.dot(cm, zr, input_precision="ieee") - tl.dot(sm, zi, input_precision="ieee")
    qi = tl.dot(cm, zi, input_precision="ieee") + tl.dot(sm, zr, input_precision="ieee")
    z = tl.dot(qr, cm, input_precision="ieee") - tl.dot(qi, sm, input_precision="ieee")
    if HAS_BIAS:
        z += tl.load(Bias + k).to(tl.float32)
    oh = th * LH + tt
    ow = tw * LW + tt
    ok = ((tt[:, None] < LH) & (oh[:, None] < OH)) & ((tt[None, :] < LW) & (ow[None, :] < OW))
    tl.store(Y + n.to(tl.int64) * syn + k.to(tl.int64) * syc + oh[:, None] * syh
             + ow[None, :] * syw, z.to(Y.dtype.element_ty), mask=ok)


def _geometry(cs: ConvShape, t: int) -> tuple[int, int, int, int]:
    lh, lw = t - cs.r + 1, t - cs.s + 1
    return lh, lw, -(-cs.oh // lh), -(-cs.ow // lw)


def run_variant(x, w, bias, y, cs: ConvShape, t: int) -> None:
    lh, lw, th, tw = _geometry(cs, t)
    tiles = cs.n * th * tw
    g, cg, kg = cs.groups, cs.c_per_group, cs.k_per_group
    nf = t * (t // 2 + 1)
    f32 = dt.float32
    dft = H.empty(x, (2, t, t), f32)
    dft_matrix_kernel[(1,)](dft, T=t)
    bw = H.empty(x, (nf, g, 2 * cg, kg), f32)
    fft_filter_kernel[(cs.k, cg)](w, bw, dft, cg, kg, g, cs.r, cs.s, *H.strides(w), T=t,
                                  RP=H.next_power_of_2(cs.r), SP=H.next_power_of_2(cs.s))
    a = H.empty(x, (nf, g, 2 * tiles, 2 * cg), f32)
    fft_input_kernel[(tiles, cs.c)](x, a, cs.n, cs.h, cs.w, th, tw, cg, g, lh, lw,
                                    *cs.padding, *nchw_strides(x, cs.layout), dft, T=t)
    z = matmul(a.reshape((nf * g, 2 * tiles, 2 * cg)), bw.reshape((nf * g, 2 * cg, kg)))
    fft_output_kernel[(tiles, cs.k)](z, y, bias if bias is not None else y, cs.n, cs.oh, cs.ow,
                                     th, tw, kg, g, lh, lw, *nchw_strides(y, cs.layout), dft,
                                     HAS_BIAS=bias is not None, T=t)


@dataclass(frozen=True)
class Variant:
    """What conv.py registers for one tile size T."""
    t: int
    bound: float

    @property
    def run(self) -> Callable:
        return lambda x, w, b, y, cs: run_variant(x, w, b, y, cs, self.t)

    def check(self, cs: ConvShape, dtype: str) -> str | None:
        name = f"fft_t{self.t}"
        if dtype not in ("fp16", "bf16", "fp32"):
            return f"supports fp16/bf16/fp32, got {dtype}"
        if cs.stride != (1, 1) or cs.dilation != (1, 1):
            return f"needs stride 1 and dilation 1, got stride {cs.stride} dilation {cs.dilation}"
        if max(cs.r, cs.s) < 5:
            return f"is for kernels of 5x5 and up (7x7 .. 31x31), got {cs.r}x{cs.s}"
        # at least half of each tile must be output, or the overlap costs more than it saves
        if max(cs.r, cs.s) > self.t // 2 + 1:
            return (f"needs a kernel of at most {self.t // 2 + 1}x{self.t // 2 + 1} for "
                    f"{name}, got {cs.r}x{cs.s}")
        return None

    def workspace(self, cs: ConvShape, itemsize: int) -> int:
        lh, lw, th, tw = _geometry(cs, self.t)
        tiles = cs.n * th * tw
        nf = self.t * (self.t // 2 + 1)
        return 4 * (nf * (4 * tiles * cs.c + 2 * cs.c * cs.k_per_group + 2 * tiles * cs.k)
                    + 2 * self.t * self.t)

    kernels = (dft_matrix_kernel, fft_filter_kernel, fft_input_kernel, fft_output_kernel)


VARIANTS = {"fft_t32": Variant(32, 2e-4), "fft_t64": Variant(64, 5e-4)}
