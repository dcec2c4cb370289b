"""Shared conv2d plumbing: argument checking (torch's messages), output shapes, and viewing
NCHW / NHWC tensors through element strides so no algorithm needs a layout copy."""
from __future__ import annotations

from dataclasses import dataclass

import tiledsl as tiled
import tiledsl.language as tl
from tiledsl.errors import UnsupportedError
from . import _host as H

_FLOATS = ("fp16", "bf16", "fp32", "fp64")


def _pair(v, name):
    if isinstance(v, int):
        return (v, v)
    v = tuple(v)
    if len(v) != 2 or not all(isinstance(i, int) for i in v):
        raise ValueError(f"{name} must be an int or a pair of ints, got {v!r}")
    return v


@dataclass(frozen=True)
class ConvShape:
    """Everything about a conv2d call that the algorithms need, in one place."""
    n: int
    c: int
    h: int
    w: int
    k: int
    r: int
    s: int
    oh: int
    ow: int
    stride: tuple
    padding: tuple
    dilation: tuple
    groups: int
    layout: str  # "NCHW" or "NHWC": how x and y are indexed (memory strides are read anyway)

    @property
    def c_per_group(self) -> int:
        return self.c // self.groups

    @property
    def k_per_group(self) -> int:
        return self.k // self.groups

    @property
    def flops(self) -> int:
        return 2 * self.n * self.k * self.oh * self.ow * self.c_per_group * self.r * self.s


def conv_shape(x, weight, stride=1, padding=0, dilation=1, groups=1, layout="NCHW") -> ConvShape:
    """Validate a conv2d call and compute its output size, as torch.nn.functional.conv2d."""
    H.check_array("input", x, dtypes=_FLOATS)
    H.check_array("weight", weight, dtypes=_FLOATS)
    if layout not in ("NCHW", "NHWC"):
        raise ValueError(f"layout must be 'NCHW' or 'NHWC', got {layout!r}")
    if x.ndim != 4:
        raise ValueError(f"Expected 4D input for conv2d, but got input of size {list(x.shape)}")
    if weight.ndim != 4:
        raise ValueError(f"Expected 4D weight for conv2d, but got weight of size {list(weight.shape)}")
    if H.dtype_of(x) != H.dtype_of(weight):
        raise TypeError(f"Input type ({H.dtype_of(x)}) and weight type ({H.dtype_of(weight)}) "
                        "should be the same")
    n, c, h, w = x.shape if layout == "NCHW" else (x.shape[0], x.shape[3], x.shape[1], x.shape[2])
    k, cg, r, s = weight.shape
    stride, padding, dilation = _pair(stride, "stride"), _pair(padding, "padding"), _pair(dilation, "dilation")
    if min(stride) < 1 or min(dilation) < 1 or min(padding) < 0:
        raise ValueError("stride and dilation must be positive and padding non-negative")
    if groups < 1 or c % groups or k % groups:
        raise ValueError(f"groups={groups} must divide in_channels={c} and out_channels={k}")
    if cg * groups != c:
        raise ValueError(f"Given groups={groups}, weight of size {list(weight.shape)}, expected "
                         f"input{list(x.shape)} to have {cg * groups} channels, but got {c} "
                         "channels instead")
    oh = (h + 2 * padding[0] - dilation[0] * (r - 1) - 1) // stride[0] + 1
    ow = (w + 2 * padding[1] - dilation[1] * (s - 1) - 1) // stride[1] + 1
    if oh <= 0 or ow <= 0:
        raise ValueError(f"Calculated output size ({oh}x{ow}) is too small for input "
                         f"{h}x{w} with kernel {r}x{s}")
    return ConvShape(n, c, h, w, k, r, s, oh, ow, stride, padding, dilation, groups, layout)


def nchw_strides(t, layout: str) -> tuple[int, int, int, int]:
    """Element strides of a 4-D activation in (n, c, h, w) order, whatever its layout."""
    st = H.strides(t)
    return st if layout == "NCHW" else (st[0], st[3], st[1], st[2])


def new_output(x, cs: ConvShape, dtype=None):
    shape = (cs.n, cs.k, cs.oh, cs.ow) if cs.layout == "NCHW" else (cs.n, cs.oh, cs.ow, cs.k)
    y = H.empty(x, shape, dtype)
    if H.kind(x) == "torch" and cs.layout == "NCHW":
        import torch
        if x.is_contiguous(memory_format=torch.channels_last) and not x.is_contiguous():
            y = y.contiguous(memory_format=torch.channels_last)
    return y


def precision_of(x) -> str:
    """``input_precision`` for ``tl.dot`` on conv operands: full fp32 products ("ieee") for
    fp32/fp64 inputs; 16-bit inputs are exact in any case."""
    return "ieee" if H.dtype_of(x).primitive_bitwidth >= 32 else "tf32"


class AlgorithmNotApplicable(UnsupportedError, NotImplementedError):
    """A conv2d algorithm was forced (``algo=...``) on a call it cannot run. Also a
    ``NotImplementedError``, which is what the perf suite expects from a shape it skips."""

    def __init__(self, message: str):
        super().__init__(message)


@tiled.jit
def conv_bias_kernel(Y, Bias, K, P, OW, syn, syc, syh, syw, BLOCK: tl.constexpr):
    """``y[n, k, :, :] += bias[k]`` for algorithms whose last stage cannot fuse the bias."""
    nk = tl.program_id(0)
    n = nk // K
    k = nk % K
    rp = tl.program_id(1) * BLOCK + tl.arange(0, BLOCK)
    ptrs = Y + n.to(tl.int64) * syn + k.to(tl.int64) * syc + (rp // OW) * syh + (rp % OW) * syw
    y = tl.load(ptrs, mask=rp < P, other=0.0).to(tl.float32) + tl.load(Bias + k).to(tl.float32)
    tl.store(ptrs, y.to(Y.dtype.element_ty), mask=rp < P)


def add_bias(y, bias, cs: ConvShape) -> None:
    """Add the per-output-channel ``bias`` to ``y`` in place (any layout)."""
    p = cs.oh * cs.ow
    block = min(1024, max(16, H.next_power_of_2(p)))
    conv_bias_kernel[(cs.n * cs.k, tiled.cdiv(p, block))](
        y, bias, cs.k, p, cs.ow, *nchw_strides(y, cs.layout), BLOCK=block)


@tiled.jit
def repack_filter_kernel(Src, Dst, INNER, OUTER, S, si, so, sr, ss, di, do, dr, ds,
                         BLOCK: tl.constexpr):
    """Dst[i, o, r, s] = Src[i, o, r, s] for a block of the ``inner`` index (axis 0), one
    ``outer`` index (axis 1) and one tap (axis 2) of a (K, Cg, R, S) filter. The grid carries
    the decomposition: per-element integer division (the obvious flat loop) costs more than
    the copy itself on a CPU."""
    i = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    o = tl.program_id(1).to(tl.int64)
    tap = tl.program_id(2)
    r = tap // S
    s = tap % S
    ok = i < INNER
    v = tl.load(Src + i.to(tl.int64) * si + o * so + r * sr + s * ss, mask=ok)
    tl.store(Dst + i.to(tl.int64) * di + o * do + r * dr + s * ds, v, mask=ok)


def repack_filter(w, cs: ConvShape, inner: str = "k"):
    """The filter stored tap-major, ``(R, S, Cg, K)`` for ``inner="k"`` or ``(R, S, K, Cg)``
    for ``inner="c"``, so a GEMM tile of it (channels x output channels) is read with vector
    loads instead of gathers (measured 2-4x on the cpu backend's implicit GEMM). Returns the
    buffer and its element strides in (k, c, r, s) order."""
    k, cg, r, s = cs.k, cs.c_per_group, cs.r, cs.s
    sk, sc, sr, ss = H.strides(w)
    if inner == "k":
        out = H.empty(w, (r, s, cg, k))
        strides = (1, k, s * cg * k, cg * k)
        n_in, n_out, src, dst = k, cg, (sk, sc, sr, ss), (1, k, strides[2], strides[3])
    else:
        out = H.empty(w, (r, s, k, cg))
        strides = (cg, 1, s * k * cg, k * cg)
        n_in, n_out, src, dst = cg, k, (sc, sk, sr, ss), (1, cg, strides[2], strides[3])
    block = min(1024, max(16, H.next_power_of_2(n_in)))
    repack_filter_kernel[(tiled.cdiv(n_in, block), n_out, r * s)](
        w, out, n_in, n_out, s, *src, *dst, BLOCK=block)
    return out, strides
