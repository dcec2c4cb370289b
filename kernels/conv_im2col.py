"""im2col + GEMM conv2d: unfold the receptive fields into a workspace, then one batched
``kernels.matmul``.

The im2col kernel writes, for every (image, group), the matrix whose column ``p`` is the
flattened receptive field (c, r, s) of output pixel ``p`` (zeros where the field leaves the
padded image). The GEMM is then laid out so that it writes the conv output in place:

* NCHW: ``Y[n, g] (Kg x P) = W[g] (Kg x Kred) @ col[n, g] (Kred x P)``, batched over (n, g),
  into a (N, G, Kg, P) view of y.
* NHWC: ``Y[:, g] (N*P x Kg) = col[g] (N*P x Kred) @ W[g]^T``, one matmul per group (the
  output columns of a group are a strided slice of y), with the bias fused into the GEMM.

Workspace: ``N * C * R * S * OH * OW`` elements of the input dtype (what FastRun's workspace
estimate reports). Accuracy ("standard"): the products of a direct convolution, summed by
the blocked GEMM in fp32; same bound as implicit GEMM.
"""
from __future__ import annotations

import tiledsl as tiled
import tiledsl.language as tl
from . import _host as H
from .conv_common import ConvShape, add_bias, nchw_strides
from .matmul import matmul


@tiled.jit
def im2col_kernel(X, Col, H_in, W_in, OH, OW, G, CG, KRED,
                  sxn, sxc, sxh, sxw, scn, scg, sck, scp,
                  R, S, SH, SW, PH, PW, DH, DW,
                  BLOCK_K: tl.constexpr, BLOCK_P: tl.constexpr):
    """Col[n, g, kred, p] = x[n, g*CG + c, oh*SH - PH + r*DH, ow*SW - PW + s*DW]."""
    ng = tl.program_id(0)
    n = ng // G
    g = ng % G
    rk = tl.program_id(1) * BLOCK_K + tl.arange(0, BLOCK_K)
    rp = tl.program_id(2) * BLOCK_P + tl.arange(0, BLOCK_P)
    s = rk % S
    r = (rk // S) % R
    c = rk // (S * R)
    ow = rp % OW
    oh = rp // OW
    ih = oh[None, :] * SH - PH + r[:, None] * DH
    iw = ow[None, :] * SW - PW + s[:, None] * DW
    k_ok = rk < KRED
    p_ok = rp < OH * OW
    inside = (ih >= 0) & (ih < H_in) & (iw >= 0) & (iw < W_in)
    src = (X + n.to(tl.int64) * sxn + ((g * CG + c).to(tl.int64) * sxc)[:, None]
           + ih * sxh + iw * sxw)
    v = tl.load(src, mask=inside & k_ok[:, None] & p_ok[None, :], other=0.0)
    dst = (Col + n.to(tl.int64) * scn + g.to(tl.int64) * scg + rk[:, None].to(tl.int64) * sck
           + rp[None, :] * scp)
    tl.store(dst, v, mask=k_ok[:, None] & p_ok[None, :])


def workspace_elems(cs: ConvShape) -> int:
    return cs.n * cs.c * cs.r * cs.s * cs.oh * cs.ow


def run(x, w, bias, y, cs: ConvShape) -> None:
    g, kg, cg = cs.groups, cs.k_per_group, cs.c_per_group
    kred, p = cg * cs.r * cs.s, cs.oh * cs.ow
    if cs.layout == "NCHW":
        col = H.empty(x, (cs.n, g, kred, p))
        cst = H.strides(col)
    else:
        col = H.empty(x, (g, cs.n, p, kred))
        s = H.strides(col)
        cst = (s[1], s[0], s[3], s[2])  # (n, g, kred, p) order
    bk, bp = 16, min(128, max(16, H.next_power_of_2(p)))
    im2col_kernel[(cs.n * g, tiled.cdiv(kred, bk), tiled.cdiv(p, bp))](
        x, col, cs.h, cs.w, cs.oh, cs.ow, g, cg, kred, *nchw_strides(x, cs.layout), *cst,
        cs.r, cs.s, *cs.stride, *cs.padding, *cs.dilation, BLOCK_K=bk, BLOCK_P=bp)
    w2 = H.contiguous(w).reshape((g, kg, kred))
    if cs.layout == "NCHW":
        contiguous_y = H.strides(y) == _contiguous_strides(y.shape)
        target = y if contiguous_y else H.empty(x, y.shape)
        matmul(w2.reshape((1, g, kg, kred)), col, out=target.reshape((cs.n, g, kg, p)))
        if not contiguous_y:  # a channels-last torch output: same values, other memory order
            y.copy_(target)
        if bias is not None:
            add_bias(y, bias, cs)
    else:
        y2 = y.reshape((cs.n * p, cs.k))
        col2 = col.reshape((g, cs.n * p, kred))
        for gi in range(g):
            sl = slice(gi * kg, (gi + 1) * kg)
            matmul(col2[gi], H.moveaxis(w2[gi], 0, 1),
                   bias=None if bias is None else bias[sl], out=y2[:, sl])


def _contiguous_strides(shape) -> tuple:
    out, acc = [], 1
    for d in reversed(tuple(shape)):
        out.append(acc)
        acc *= d
    return tuple(reversed(out))
