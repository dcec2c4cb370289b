"""Winograd conv2d, F(2x2, 3x3) and F(4x4, 3x3) (Lavin & Gray), for 3x3 / stride 1 /
dilation 1 (any padding, groups, layout).

With ``alpha = m + 2``, one m x m output tile is ``Y = A^T [(G g G^T) . (B^T d B)] A`` where
``d`` is the alpha x alpha input tile. Four stages, each a tiledsl kernel launch:

1. filter transform ``U[ab, g, c, k] = (G w[k, c] G^T)[a, b]``;
2. input transform ``V[ab, g, t, c] = (B^T d[t, c] B)[a, b]`` for every tile t of every image;
3. for each of the alpha^2 transform points (and group), one GEMM
   ``M[ab, g] (T x Kg) = V[ab, g] (T x Cg) @ U[ab, g] (Cg x Kg)``: a single batched
   ``kernels.matmul`` call;
4. output transform ``y[n, k, tile] = A^T M A`` (+ bias), masked at the image border.

The transforms are unrolled at compile time from the coefficient matrices, which are
``constexpr`` tuples: zero coefficients emit no code and +-1 emit adds, so alpha = 6 needs no
padding to a power-of-two tile (every tensor in the transforms is a 1-D vector of BLOCK
(tile, channel) pairs). U, V and M are fp32 workspaces whatever the input dtype (Winograd's
transforms amplify rounding; keeping them fp32 bounds that loss to the GEMM inputs).

Workspace (bytes): ``4 * alpha^2 * (K*Cg + T*C + T*K)`` with ``T = N * ceil(OH/m) * ceil(OW/m)``.

Accuracy ("relaxed"): fp32 inputs, against a float64 reference, relative to ``max|y|``:
F(2x2,3x3) <= 1e-5, F(4x4,3x3) <= 5e-5 (the F(4,3) points 2 and -2 and the 1/24 filter
coefficients cost ~2-3 more bits). Measured at C=512 (3x3, 14x14, cpu backend): 7.2e-7 and
1.4e-5, against 2.1e-6 for the implicit GEMM. 16-bit inputs: bounded by their own rounding (tests use
2e-2 for bf16 and 5e-3 for fp16).
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

# Small vectors: the unrolled F(4,3) transforms compile 13x faster at 32 lanes than at 128 on
# the cpu backend, and every lane already has alpha^2 independent values to work on.
BLOCK = 32

# (B^T, G, A^T) per output tile size m.
F2 = (((1.0, 0.0, -1.0, 0.0), (0.0, 1.0, 1.0, 0.0), (0.0, -1.0, 1.0, 0.0), (0.0, 1.0, 0.0, -1.0)),
      ((1.0, 0.0, 0.0), (0.5, 0.5, 0.5), (0.5, -0.5, 0.5), (0.0, 0.0, 1.0)),
      ((1.0, 1.0, 1.0, 0.0), (0.0, 1.0, -1.0, -1.0)))
F4 = (((4.0, 0.0, -5.0, 0.0, 1.0, 0.0), (0.0, -4.0, -4.0, 1.0, 1.0, 0.0),
       (0.0, 4.0, -4.0, -1.0, 1.0, 0.0), (0.0, -2.0, -1.0, 2.0, 1.0, 0.0),
       (0.0, 2.0, -1.0, -2.0, 1.0, 0.0), (0.0, 4.0, 0.0, -5.0, 0.0, 1.0)),
      ((1 / 4, 0.0, 0.0), (-1 / 6, -1 / 6, -1 / 6), (-1 / 6, 1 / 6, -1 / 6),
       (1 / 24, 1 / 12, 1 / 6), (1 / 24, -1 / 12, 1 / 6), (0.0, 0.0, 1.0)),
      ((1.0, 1.0, 1.0, 1.0, 1.0, 0.0), (0.0, 1.0, -1.0, 2.0, -2.0, 0.0),
       (0.0, 1.0, 1.0, 4.0, 4.0, 0.0), (0.0, 1.0, -1.0, 8.0, -8.0, 1.0)))


@tiled.jit
def _combine(acc, coef: tl.constexpr, v):
    """``acc + coef * v`` with the multiply left out for +-1 (and everything for 0)."""
    if coef == 1.0:
        acc += v
    elif coef == -1.0:
        acc -= v
    elif coef != 0.0:
        acc += coef * v
    return acc


@tiled.jit
def transform_2d(vals, T: tl.constexpr, NOUT: tl.constexpr, NIN: tl.constexpr):
    """``T @ D @ T^T`` of a NIN x NIN matrix of vectors given row-major as a tuple; returns
    the NOUT x NOUT result row-major. Rows first, then columns (separable, 2 * NOUT * NIN^2
    instead of NOUT^2 * NIN^2 terms)."""
    rows = ()
    for i in tl.static_range(NOUT):
        for b in tl.static_range(NIN):
            acc = vals[0] * 0.0
            for a in tl.static_range(NIN):
                acc = _combine(acc, T[i][a], vals[a * NIN + b])
            rows = rows + (acc,)
    out = ()
    for i in tl.static_range(NOUT):
        for j in tl.static_range(NOUT):
            acc = vals[0] * 0.0
            for b in tl.static_range(NIN):
                acc = _combine(acc, T[j][b], rows[i * NIN + b])
            out = out + (acc,)
    return out


@tiled.jit
def filter_transform_kernel(Wt, U, NUM, CG, KG, swk, swc, swr, sws,
                            GM: tl.constexpr, ALPHA: tl.constexpr, BLOCK: tl.constexpr):
    """U[ab, g, c, kk] = (G w[g*KG + kk, c] G^T)[a, b], over the flattened (k, c) pairs."""
    i = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    ok = i < NUM
    k = i // CG
    c = i % CG
    src = Wt + k.to(tl.int64) * swk + c * swc
    vals = ()
    for r in tl.static_range(3):
        for s in tl.static_range(3):
            vals = vals + (tl.load(src + r * swr + s * sws, mask=ok, other=0.0).to(tl.float32),)
    u = transform_2d(vals, GM, ALPHA, 3)
    # (g, c, kk) inside one transform point: g*CG*KG + c*KG + kk
    dst = U + (k // KG) * (CG * KG) + c * KG + k % KG
    for ab in tl.static_range(ALPHA * ALPHA):
        tl.store(dst + ab * NUM, u[ab], mask=ok)


@tiled.jit
def input_transform_kernel(X, V, NB, C, H_in, W_in, TH, TW, CG, PH, PW,
                           sxn, sxc, sxh, sxw,
                           BT: tl.constexpr, M_OUT: tl.constexpr, ALPHA: tl.constexpr,
                           C_FAST: tl.constexpr, BLOCK: tl.constexpr):
    """V[ab, g, t, cc] = (B^T d B)[a, b] for the input tile t of channel g*CG + cc."""
    i = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    T = NB * TH * TW
    ok = i < T * C
    if C_FAST:  # NHWC: neighbouring lanes read neighbouring channels
        c = i % C
        t = i // C
    else:       # NCHW: neighbouring lanes read neighbouring tiles of a row
        t = i % T
        c = i // T
    tw = t % TW
    th = (t // TW) % TH
    n = t // (TW * TH)
    h0 = th * M_OUT - PH
    w0 = tw * M_OUT - PW
    base = X + n.to(tl.int64) * sxn + c.to(tl.int64) * sxc
    vals = ()
    for a in tl.static_range(ALPHA):
        h = h0 + a
        h_ok = ok & (h >= 0) & (h < H_in)
        for b in tl.static_range(ALPHA):
            w = w0 + b
            m = h_ok & (w >= 0) & (w < W_in)
            vals = vals + (tl.load(base + h * sxh + w * sxw, mask=m, other=0.0).to(tl.float32),)
    v = transform_2d(vals, BT, ALPHA, ALPHA)
    dst = V + ((c // CG) * T + t).to(tl.int64) * CG + c % CG
    for ab in tl.static_range(ALPHA * ALPHA):
        tl.store(dst + ab * T * C, v[ab], mask=ok)


@tiled.jit
def output_transform_kernel(Mw, Y, Bias, NB, K, OH, OW, TH, TW, KG, syn, syc, syh, syw,
                            AT: tl.constexpr, M_OUT: tl.constexpr, ALPHA: tl.constexpr,
                            K_FAST: tl.constexpr, HAS_BIAS: tl.constexpr, BLOCK: tl.constexpr):
    """y[n, k, th*m + i, tw*m + j] = (A^T M A)[i, j] (+ bias[k])."""
    i = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    T = NB * TH * TW
    ok = i < T * K
    if K_FAST:
        k = i % K
        t = i // K
    else:
        t = i % T
        k = i // T
    tw = t % TW
    th = (t // TW) % TH
    n = t // (TW * TH)
    src = Mw + ((k // KG) * T + t).to(tl.int64) * KG + k % KG
    vals = ()
    for ab in tl.static_range(ALPHA * ALPHA):
        vals = vals + (tl.load(src + ab * T * K, mask=ok, other=0.0),)
    y = transform_2d(vals, AT, M_OUT, ALPHA)
    if HAS_BIAS:
        bias = tl.load(Bias + k, mask=ok, other=0.0).to(tl.float32)
    dst = Y + n.to(tl.int64) * syn + k.to(tl.int64) * syc
    for a in tl.static_range(M_OUT):
        oh = th * M_OUT + a
        for b in tl.static_range(M_OUT):
            ow = tw * M_OUT + b
            val = y[a * M_OUT + b]
            if HAS_BIAS:
                val += bias
            tl.store(dst + oh * syh + ow * syw, val.to(Y.dtype.element_ty),
                     mask=ok & (oh < OH) & (ow < OW))


def _tiles(cs: ConvShape, m: int) -> tuple[int, int]:
    return -(-cs.oh // m), -(-cs.ow // m)


def run_variant(x, w, bias, y, cs: ConvShape, m: int, coeffs: tuple) -> None:
    bt, gm, at = coeffs
    alpha = m + 2
    g, cg, kg = cs.groups, cs.c_per_group, cs.k_per_group
    th, tw = _tiles(cs, m)
    t = cs.n * th * tw
    f32 = dt.float32
    u = H.empty(x, (alpha * alpha, g, cg, kg), f32)
    v = H.empty(x, (alpha * alpha, g, t, cg), f32)
    filter_transform_kernel[(tiled.cdiv(cs.k * cg, BLOCK),)](
        w, u, cs.k * cg, cg, kg, *H.strides(w), GM=gm, ALPHA=alpha, BLOCK=BLOCK)
    input_transform_kernel[(tiled.cdiv(t * cs.c, BLOCK),)](
        x, v, cs.n, cs.c, cs.h, cs.w, th, tw, cg, *cs.padding, *nchw_strides(x, cs.layout),
        BT=bt, M_OUT=m, ALPHA=alpha, C_FAST=cs.layout == "NHWC", BLOCK=BLOCK)
    # an explicit tile: a nested FastRun choice would be profiled inside this algorithm's
    # own timing when FastRun profiles conv2d
    cfg = config_for(H.backend_of(x), f32, t, kg, cg)
    prod = matmul(v.reshape((alpha * alpha * g, t, cg)), u.reshape((alpha * alpha * g, cg, kg)),
                  config=cfg)
    output_transform_kernel[(tiled.cdiv(t * cs.k, BLOCK),)](
        prod, y, bias if bias is not None else y, cs.n, cs.k, cs.oh, cs.ow, th, tw, kg,
        *nchw_strides(y, cs.layout), AT=at, M_OUT=m, ALPHA=alpha, K_FAST=cs.layout == "NHWC",
        HAS_BIAS=bias is not None, BLOCK=BLOCK)


def check(cs: ConvShape, dtype: str) -> str | None:
    if dtype not in ("fp16", "bf16", "fp32"):
        return f"supports fp16/bf16/fp32, got {dtype}"
    if (cs.r, cs.s) != (3, 3) or cs.stride != (1, 1) or cs.dilation != (1, 1):
        return (f"needs a 3x3 kernel with stride 1 and dilation 1, got {cs.r}x{cs.s} "
                f"stride {cs.stride} dilation {cs.dilation}")
    return None


@dataclass(frozen=True)
class Variant:
    """What conv.py registers for one Winograd tile size."""
    m: int
    coeffs: tuple
    bound: float

    @property
    def run(self) -> Callable:
        return lambda x, w, b, y, cs: run_variant(x, w, b, y, cs, self.m, self.coeffs)

    @property
    def check(self) -> Callable:
        return check

    def workspace(self, cs: ConvShape, itemsize: int) -> int:
        th, tw = _tiles(cs, self.m)
        t = cs.n * th * tw
        return 4 * (self.m + 2) ** 2 * (cs.k * cs.c_per_group + t * cs.c + t * cs.k)

    # what FastRun hashes into the algorithm's version (host code included)
    kernels = (filter_transform_kernel, input_transform_kernel, output_transform_kernel,
               transform_2d, run_variant)


VARIANTS = {"winograd_f2x2_3x3": Variant(2, F2, 1e-5), "winograd_f4x4_3x3": Variant(4, F4, 5e-5)}
