"""``conv2d`` and ``conv2d_backward``: the public API, the algorithm table, FastRun
registration and the no-profiling heuristic.

Algorithms (each its own implementation, all written in tiledsl; host code only allocates,
reshapes views and launches):

=========================  =================================  ==========  ============
name                       applies to                         accuracy    workspace
=========================  =================================  ==========  ============
direct                     everything (fp16/bf16/fp32/fp64)   exact       K*C/g*R*S
im2col                     everything (16/32-bit floats)      standard    N*C*R*S*OH*OW
implicit_gemm_<BMxBN>      everything (16/32-bit floats)      standard    K*C/g*R*S
winograd_f2x2_3x3          3x3, stride 1, dilation 1          relaxed     see module
winograd_f4x4_3x3          3x3, stride 1, dilation 1          relaxed     see module
fft_t32 / fft_t64          stride 1, dilation 1, 5x5 and up   relaxed     see module
=========================  =================================  ==========  ============

The stated error bounds (fp32 inputs, against a float64 reference, relative to
``max|y_ref|``) are in each module's docstring and ``ALGORITHMS[name].bound``; tests check
every algorithm at its bound. The GEMM-like algorithms (direct, im2col, implicit GEMM) sum
C/g*R*S products per output in fp32: 2e-5 covers reductions up to 31x31x64 = 61504 terms
(measured 9.6e-6 there, ~2e-6 for ResNet's 3x3x512). ``conv2d(..., algo=None)`` lets ``tiledsl.fastrun`` choose (mode from
``TILEDSL_FASTRUN``; the default heuristic mode calls :func:`heuristic`); ``algo="name"``
forces one and raises :class:`AlgorithmNotApplicable` (an ``UnsupportedError`` and a
``NotImplementedError``) with the reason when it cannot run the call.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from tiledsl import fastrun
from . import _host as H
from . import conv_direct, conv_fft, conv_im2col, conv_implicit_gemm, conv_winograd
from .conv_common import AlgorithmNotApplicable, ConvShape, conv_shape, new_output

_GEMM_DTYPES = ("fp16", "bf16", "fp32")


@dataclass(frozen=True)
class ConvAlgorithm:
    """One forward algorithm: how to run it, when it applies, what it costs."""
    name: str
    run: Callable  # (x, w, bias, y, cs) -> None, writes y
    check: Callable  # (cs, dtype_name) -> None when applicable, else the reason (a str)
    workspace: Callable  # (cs, itemsize) -> bytes
    accuracy: str
    bound: float  # max |err| / max |y_ref| against float64, for fp32 inputs
    reproducible: bool = True
    depends: tuple = ()


def _gemm_dtype(cs, dtype):
    return None if dtype in _GEMM_DTYPES else f"supports {'/'.join(_GEMM_DTYPES)}, got {dtype}"


def _any(cs, dtype):
    return None


def _no_ws(cs, itemsize):
    return 0


def _filter_ws(cs, itemsize):
    """The tap-major copy of the filter (``conv_common.repack_filter``)."""
    return cs.k * cs.c_per_group * cs.r * cs.s * itemsize


def _implicit(name, tile):
    return ConvAlgorithm(
        name, lambda x, w, b, y, cs: conv_implicit_gemm.run(x, w, b, y, cs, tile), _gemm_dtype,
        _filter_ws, "standard", 2e-5,
        depends=(conv_implicit_gemm.conv_fwd_igemm_kernel, conv_implicit_gemm.run))


ALGORITHMS: dict[str, ConvAlgorithm] = {a.name: a for a in [
    ConvAlgorithm("direct", conv_direct.run, _any, _filter_ws, "exact", 2e-5,
                  depends=(conv_direct.conv_direct_kernel,)),
    ConvAlgorithm("im2col", conv_im2col.run, _gemm_dtype,
                  lambda cs, isz: conv_im2col.workspace_elems(cs) * isz, "standard", 2e-5,
                  depends=(conv_im2col.im2col_kernel,)),
    *[_implicit(n, t) for n, t in conv_implicit_gemm.TILES.items()],
    *[ConvAlgorithm(n, v.run, v.check, v.workspace, "relaxed", v.bound, depends=v.kernels)
      for n, v in conv_winograd.VARIANTS.items()],
    *[ConvAlgorithm(n, v.run, v.check, v.workspace, "relaxed", v.bound, depends=v.kernels)
      for n, v in conv_fft.VARIANTS.items()],
]}


def conv2d_algorithms() -> list[str]:
    """Names of the forward algorithms, in table order."""
    return list(ALGORITHMS)


def why_not(name: str, cs: ConvShape, dtype: str) -> str | None:
    """``None`` when algorithm ``name`` can run this call, else the reason."""
    return ALGORITHMS[name].check(cs, dtype)


# -- the public op -------------------------------------------------------------------------

def conv2d(x, weight, bias=None, stride=1, padding=0, dilation=1, groups=1, layout="NCHW",
           algo: str | None = None):
    """2-D cross-correlation as ``torch.nn.functional.conv2d``; ``layout="NHWC"`` takes
    ``x`` as (N, H, W, C) and returns (N, OH, OW, K). ``weight`` is (K, C/groups, R, S)."""
    cs = conv_shape(x, weight, stride, padding, dilation, groups, layout)
    if bias is not None:
        H.check_array("bias", bias, ndim=1)
        if bias.shape[0] != cs.k:
            raise ValueError(f"bias has {bias.shape[0]} entries, expected {cs.k}")
    params = _params(cs, H.backend_of(x, weight))
    if algo is None:
        alg = fastrun.choose("conv2d", args=(x, weight, bias), params=params)
        return alg.fn(x, weight, bias, **params)
    if algo not in ALGORITHMS:
        raise ValueError(f"unknown conv2d algorithm {algo!r}; choose one of "
                         f"{conv2d_algorithms()}")
    reason = why_not(algo, cs, H.dtype_of(x).name)
    if reason is not None:
        raise AlgorithmNotApplicable(f"{algo} {reason}")
    return _forward(ALGORITHMS[algo], x, weight, bias, cs)


def _forward(alg: ConvAlgorithm, x, w, bias, cs: ConvShape):
    y = new_output(x, cs)
    if 0 in tuple(y.shape):
        return y
    alg.run(x, w, None if bias is None else H.contiguous(bias), y, cs)
    return y


def _params(cs: ConvShape, backend: str) -> dict:
    return dict(stride=cs.stride, padding=cs.padding, dilation=cs.dilation, groups=cs.groups,
                layout=cs.layout, backend=backend)


# -- FastRun --------------------------------------------------------------------------------

def shape_of(problem: fastrun.Problem) -> ConvShape:
    """The ConvShape of a FastRun problem of op conv2d (x, weight[, bias])."""
    xs, ws = problem.shapes[0], problem.shapes[1]
    # Problem.from_args keeps the layout out of the parameters (problem.layout)
    layout = problem.layout or problem.param("layout", "NCHW")
    n, c, h, w = xs if layout == "NCHW" else (xs[0], xs[3], xs[1], xs[2])
    k, _, r, s = ws
    st = tuple(problem.param("stride", (1, 1)))
    pd = tuple(problem.param("padding", (0, 0)))
    dl = tuple(problem.param("dilation", (1, 1)))
    oh = (h + 2 * pd[0] - dl[0] * (r - 1) - 1) // st[0] + 1
    ow = (w + 2 * pd[1] - dl[1] * (s - 1) - 1) // st[1] + 1
    return ConvShape(n, c, h, w, k, r, s, oh, ow, st, pd, dl, problem.param("groups", 1), layout)


_SHORT = {"float16": "fp16", "bfloat16": "bf16", "float32": "fp32", "float64": "fp64"}


def _fastrun_fn(alg: ConvAlgorithm):
    def fn(x, w, bias=None, *, stride, padding, dilation, groups, layout, backend=None):
        cs = conv_shape(x, w, stride, padding, dilation, groups, layout)
        return _forward(alg, x, w, bias, cs)
    fn.__name__ = f"conv2d_{alg.name}"
    return fn


def _applicable(alg: ConvAlgorithm):
    def applicable(p):
        reason = alg.check(shape_of(p), _SHORT.get(p.dtypes[0], p.dtypes[0]))
        return True if reason is None else reason
    return applicable


def _workspace(alg: ConvAlgorithm):
    def workspace(p):
        return alg.workspace(shape_of(p), 2 if p.dtypes[0] in ("float16", "bfloat16") else 4)
    return workspace


def heuristic(problem: fastrun.Problem, cands: list) -> fastrun.Algorithm | None:
    """Pick without profiling. Thresholds come from the cpu-backend ResNet-50 (N=1) and
    large-kernel (C=K=64, 64x64) runs in the issue report:

    * depthwise-like grouped convs (C/g * K/g <= 16): direct;
    * few input channels (conv1, C/g < 16): im2col (a dense GEMM over C*R*S);
    * stride 1: FFT for 11x11..17x17 (fft_t32) and 25x25 and up (fft_t64); implicit GEMM
      was faster between (21x21) and below;
    * 3x3/s1 with >= 64 channels and >= 400 output pixels: Winograd F(4x4) - except on the cpu
      backend, where the implicit GEMM measured faster on every ResNet layer;
    * implicit GEMM for large outputs (>= 3000 pixels, or >= 700 with a spatial kernel);
    * im2col + GEMM otherwise (a contiguous GEMM wins when there are few pixels).
    """
    cs = shape_of(problem)
    backend = problem.param("backend", "")
    by = {a.name: a for a in cands}
    order = []
    m = cs.n * cs.oh * cs.ow
    spatial = cs.r * cs.s > 1
    if cs.groups > 1 and cs.c_per_group * cs.k_per_group <= 16:
        order.append("direct")
    if cs.c_per_group < 16 and cs.groups == 1:
        order.append("im2col")
    big = max(cs.r, cs.s)
    if cs.groups == 1 and min(cs.r, cs.s) >= 11:
        order += ["fft_t32"] if big <= 17 else ["fft_t64"] if big >= 25 else []
    if (cs.groups == 1 and (cs.r, cs.s) == (3, 3) and cs.c >= 64 and cs.k >= 64 and m >= 400
            and backend != "cpu"):
        order.append("winograd_f4x4_3x3")
    if m >= 3000 or (spatial and m >= 700) or cs.groups > 1:
        order.append("implicit_gemm_64x64" if cs.k_per_group >= 32 else "implicit_gemm_32x32")
    order += ["im2col", "implicit_gemm_64x64", "implicit_gemm_32x32", "direct"]
    return next((by[n] for n in order if n in by), cands[0] if cands else None)


def _reference(x, w, bias=None, *, stride, padding, dilation, groups, layout, backend=None):
    return _forward(ALGORITHMS["direct"], x, w, bias,
                    conv_shape(x, w, stride, padding, dilation, groups, layout))


def _register() -> None:
    fastrun.define_op("conv2d", reference=_reference, heuristic=heuristic)
    for alg in ALGORITHMS.values():
        fastrun.register(fastrun.Algorithm(
            op="conv2d", name=alg.name, fn=_fastrun_fn(alg), applicable=_applicable(alg),
            workspace=_workspace(alg), reproducible=alg.reproducible, accuracy=alg.accuracy,
            depends=(alg.run, alg.check) + tuple(alg.depends)), replace=True)


_register()
