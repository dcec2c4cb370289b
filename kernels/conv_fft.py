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

Workspace (fp32, bytes): ``4 * T*(T/2+1) * (4*tiles*C + 2*C*Kg + 2*tiles*K)`` plus the
2*T^2 DFT matrix and a scratch for the transforms' intermediate products (2*T^2 per tile and
channel).

Accuracy ("relaxed" class for FastRun; in practice better than the GEMM algorithms on big
kernels, since the per-frequency sums are over 2*C terms instead of C*R*S): fp32 inputs,
against a float64 reference, max error / max|y| <= 1e-5 stated for both tile sizes; measured
3.7e-7 (fft_t64, 31x31, C=64) and 4.5e-7 (fft_t32, 17x17, C=64) on the cpu backend.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import tiledsl as tiled
import tiledsl.language as tl
from tiledsl import dtypes as dt
from . import _host as H
from .conv_common import ConvShape, nchw_strides
from .matmul import config_for, matmul


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
def dft2(Src, row0, col0, HB, WB, su, sv, Dft, Slot, T: tl.constexpr, ROWS: tl.constexpr,
         COLS: tl.constexpr, KC1: tl.constexpr, KC2: tl.constexpr):
    """2-D DFT ``Phi[:, :ROWS] @ D @ Phi[:COLS, :]`` (T x T, as (re, im)) of the ROWS x COLS
    tile ``D[u, v] = Src[u*su + v*sv]`` for ``0 <= row0+u < HB``, ``0 <= col0+v < WB``, else 0.

    Both products are reductions over runtime loops of KC-wide ``tl.dot`` chunks: one
    unrolled 64x64x64 dot compiles for minutes on the cpu backend, a loop of 64x16x64 dots in
    seconds. The intermediate ``Q = D Phi`` goes through this program's ``Slot`` of global
    scratch (ROWS x T, re and im), from where the second product reads it chunk by chunk.
    """
    tt = tl.arange(0, T)
    ru = tl.arange(0, ROWS)
    u_ok = (row0 + ru >= 0) & (row0 + ru < HB)
    k1 = tl.arange(0, KC1)
    qr = tl.zeros((ROWS, T), dtype=tl.float32)
    qs = tl.zeros((ROWS, T), dtype=tl.float32)
    for v0 in range(0, COLS, KC1):  # Q = D C - i D S  (Phi = C - iS)
        v = v0 + k1
        v_ok = (col0 + v >= 0) & (col0 + v < WB)
        d = tl.load(Src + ru[:, None] * su + v[None, :] * sv, mask=u_ok[:, None] & v_ok[None, :],
                    other=0.0).to(tl.float32)
        qr = tl.dot(d, tl.load(Dft + v[:, None] * T + tt[None, :]), qr, input_precision="ieee")
        qs = tl.dot(d, tl.load(Dft + T * T + v[:, None] * T + tt[None, :]), qs,
                    input_precision="ieee")
    q_offs = ru[:, None] * T + tt[None, :]
    tl.store(Slot + q_offs, qr)
    tl.store(Slot + ROWS * T + q_offs, qs)
    tl.debug_barrier()
    # F = (C - iS)(qr - i qs) = (C qr - S qs) - i (C qs + S qr)
    k2 = tl.arange(0, KC2)
    fr = tl.zeros((T, T), dtype=tl.float32)
    fin = tl.zeros((T, T), dtype=tl.float32)
    for u0 in range(0, ROWS, KC2):
        u = u0 + k2
        cmk = tl.load(Dft + tt[:, None] * T + u[None, :])
        smk = tl.load(Dft + T * T + tt[:, None] * T + u[None, :])
        qrk = tl.load(Slot + u[:, None] * T + tt[None, :])
        qsk = tl.load(Slot + ROWS * T + u[:, None] * T + tt[None, :])
        fr = tl.dot(cmk, qrk, fr, input_precision="ieee")
        fr = tl.dot(-smk, qsk, fr, input_precision="ieee")
        fin = tl.dot(cmk, qsk, fin, input_precision="ieee")
        fin = tl.dot(smk, qrk, fin, input_precision="ieee")
    return fr, -fin


@tiled.jit
def fft_filter_kernel(Wt, Bw, Dft, Scratch, CG, KG, G, R, S, swk, swc, swr, sws,
                      T: tl.constexpr, RP: tl.constexpr, SP: tl.constexpr, KC1: tl.constexpr,
                      KC2: tl.constexpr):
    """Spectrum of one zero-padded filter w[k, c] into Bw[f, g, {c, CG + c}, kk] (re, im)."""
    k = tl.program_id(0)
    c = tl.program_id(1)
    slot = Scratch + (k * CG + c).to(tl.int64) * (2 * RP * T)
    fr, fi = dft2(Wt + k.to(tl.int64) * swk + c * swc, 0, 0, R, S, swr, sws, Dft, slot,
                  T, RP, SP, KC1, KC2)
    tt = tl.arange(0, T)
    fw = T // 2 + 1
    f = tt[:, None] * fw + tt[None, :]
    keep = (tt[None, :] < fw) & (tt[:, None] >= 0)
    g = k // KG
    base = Bw + (f.to(tl.int64) * G + g) * (2 * CG * KG) + k % KG
    tl.store(base + c * KG, fr, mask=keep)
    tl.store(base + (CG + c) * KG, fi, mask=keep)


@tiled.jit
def fft_input_kernel(X, A, Dft, Scratch, NB, C, H_in, W_in, TH, TW, CG, G, LH, LW, PH, PW,
                     sxn, sxc, sxh, sxw, T: tl.constexpr, KC: tl.constexpr):
    """Spectrum of one input tile (tile t, channel c) into the GEMM's A operand."""
    t = tl.program_id(0)
    c = tl.program_id(1)
    tiles = NB * TH * TW
    tw = t % TW
    th = (t // TW) % TH
    n = t // (TW * TH)
    row0 = th * LH - PH
    col0 = tw * LW - PW
    slot = Scratch + (t * C + c).to(tl.int64) * (2 * T * T)
    fr, fi = dft2(X + n.to(tl.int64) * sxn + c.to(tl.int64) * sxc + row0 * sxh + col0 * sxw,
                  row0, col0, H_in, W_in, sxh, sxw, Dft, slot, T, T, T, KC, KC)
    tt = tl.arange(0, T)
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
def fft_output_kernel(Z, Y, Bias, Dft, Scratch, NB, K, OH, OW, TH, TW, KG, G, LH, LW,
                      syn, syc, syh, syw, HAS_BIAS: tl.constexpr, T: tl.constexpr,
                      KC: tl.constexpr):
    """Inverse DFT of Z[f, g, {t, tiles + t}, kk] for one (tile, output channel); keeps the
    valid LH x LW corner. Same chunked two-product scheme as ``dft2``."""
    t = tl.program_id(0)
    k = tl.program_id(1)
    tiles = NB * TH * TW
    tw = t % TW
    th = (t // TW) % TH
    n = t // (TW * TH)
    tt = tl.arange(0, T)
    kc = tl.arange(0, KC)
    fw = T // 2 + 1
    g = k // KG
    col_ok = tt < fw
    # Hermitian weights of the kept columns: the mirrored half counts twice
    weight = tl.where((tt == 0) | (tt == T // 2), 1.0, 2.0) / (T * T)
    base = Z + g * (2 * tiles * KG) + k % KG
    # Q = conj(Phi) Z = (C + iS)(zr + i zi), reduced over the frequency rows f1
    qr = tl.zeros((T, T), dtype=tl.float32)
    qi = tl.zeros((T, T), dtype=tl.float32)
    for f0 in range(0, T, KC):
        f1 = f0 + kc
        zoff = ((f1[:, None] * fw + tt[None, :]).to(tl.int64) * G) * (2 * tiles * KG)
        zmask = col_ok[None, :] & (f1[:, None] >= 0)
        zr = tl.load(base + zoff + t * KG, mask=zmask, other=0.0) * weight[None, :]
        zi = tl.load(base + zoff + (tiles + t) * KG, mask=zmask, other=0.0) * weight[None, :]
        cmk = tl.load(Dft + tt[:, None] * T + f1[None, :])
        smk = tl.load(Dft + T * T + tt[:, None] * T + f1[None, :])
        qr = tl.dot(cmk, zr, qr, input_precision="ieee")
        qr = tl.dot(-smk, zi, qr, input_precision="ieee")
        qi = tl.dot(cmk, zi, qi, input_precision="ieee")
        qi = tl.dot(smk, zr, qi, input_precision="ieee")
    slot = Scratch + (t * K + k).to(tl.int64) * (2 * T * T)
    q_offs = tt[:, None] * T + tt[None, :]
    tl.store(slot + q_offs, qr)
    tl.store(slot + T * T + q_offs, qi)
    tl.debug_barrier()
    # z = Re(Q conj(Phi)) = Qr C - Qi S, reduced over the frequency columns f2
    z = tl.zeros((T, T), dtype=tl.float32)
    for f0 in range(0, T, KC):
        f2 = f0 + kc
        qrk = tl.load(slot + tt[:, None] * T + f2[None, :])
        qik = tl.load(slot + T * T + tt[:, None] * T + f2[None, :])
        z = tl.dot(qrk, tl.load(Dft + f2[:, None] * T + tt[None, :]), z, input_precision="ieee")
        z = tl.dot(-qik, tl.load(Dft + T * T + f2[:, None] * T + tt[None, :]), z,
                   input_precision="ieee")
    if HAS_BIAS:
        z += tl.load(Bias + k).to(tl.float32)
    oh = th * LH + tt
    ow = tw * LW + tt
    ok = ((tt[:, None] < LH) & (oh[:, None] < OH)) & ((tt[None, :] < LW) & (ow[None, :] < OW))
    tl.store(Y + n.to(tl.int64) * syn + k.to(tl.int64) * syc + oh[:, None] * syh
             + ow[None, :] * syw, z.to(Y.dtype.element_ty), mask=ok)


KC = 16


def _geometry(cs: ConvShape, t: int) -> tuple[int, int, int, int]:
    lh, lw = t - cs.r + 1, t - cs.s + 1
    return lh, lw, -(-cs.oh // lh), -(-cs.ow // lw)


def run_variant(x, w, bias, y, cs: ConvShape, t: int) -> None:
    lh, lw, th, tw = _geometry(cs, t)
    tiles = cs.n * th * tw
    g, cg, kg = cs.groups, cs.c_per_group, cs.k_per_group
    rp, sp = H.next_power_of_2(cs.r), H.next_power_of_2(cs.s)
    nf = t * (t // 2 + 1)
    f32 = dt.float32
    dft = H.empty(x, (2, t, t), f32)
    dft_matrix_kernel[(1,)](dft, T=t)
    # one scratch for the intermediate products of all three transform stages (in order)
    scratch = H.empty(x, (2 * t * max(cs.k * cg * rp, tiles * cs.c * t, tiles * cs.k * t),), f32)
    bw = H.empty(x, (nf, g, 2 * cg, kg), f32)
    fft_filter_kernel[(cs.k, cg)](w, bw, dft, scratch, cg, kg, g, cs.r, cs.s, *H.strides(w),
                                  T=t, RP=rp, SP=sp, KC1=min(KC, sp), KC2=min(KC, rp))
    a = H.empty(x, (nf, g, 2 * tiles, 2 * cg), f32)
    fft_input_kernel[(tiles, cs.c)](x, a, dft, scratch, cs.n, cs.c, cs.h, cs.w, th, tw, cg, g,
                                    lh, lw, *cs.padding, *nchw_strides(x, cs.layout), T=t, KC=KC)
    # an explicit tile: a nested FastRun choice would be profiled inside this algorithm's
    # own timing when FastRun profiles conv2d
    cfg = config_for(H.backend_of(x), f32, 2 * tiles, kg, 2 * cg)
    z = matmul(a.reshape((nf * g, 2 * tiles, 2 * cg)), bw.reshape((nf * g, 2 * cg, kg)),
               config=cfg)
    fft_output_kernel[(tiles, cs.k)](z, y, bias if bias is not None else y, dft, scratch, cs.n,
                                     cs.k, cs.oh, cs.ow, th, tw, kg, g, lh, lw,
                                     *nchw_strides(y, cs.layout), HAS_BIAS=bias is not None,
                                     T=t, KC=KC)


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
        scratch = 2 * self.t * max(cs.k * cs.c_per_group * H.next_power_of_2(cs.r),
                                   tiles * cs.c * self.t, tiles * cs.k * self.t)
        return 4 * (nf * (4 * tiles * cs.c + 2 * cs.c * cs.k_per_group + 2 * tiles * cs.k)
                    + 2 * self.t * self.t + scratch)

    # what FastRun hashes into the algorithm's version (host code included)
    kernels = (dft_matrix_kernel, dft2, fft_filter_kernel, fft_input_kernel, fft_output_kernel,
               run_variant)


VARIANTS = {"fft_t32": Variant(32, 1e-5), "fft_t64": Variant(64, 1e-5)}
