"""conv2d / conv2d_backward: every algorithm against torch (float64 references on the CPU).

* Randomised parity on the interpreter (fresh shapes per run: odd sizes, padding, strides,
  dilation, groups and depthwise, NCHW and NHWC, bias) at each algorithm's stated bound.
* One fixed case per algorithm through the ``backend`` fixture, so the compiled backends run
  every kernel too (small shapes: compilation dominates there).
* Outputs are allocated NaN-poisoned (``poisoned`` fixture), so an element an algorithm forgets
  to write fails the comparison.
* Dispatch: forced algorithms, clear errors, the heuristic's picks, FastRun registration.
"""
from __future__ import annotations

import os

import numpy as np
import pytest

torch = pytest.importorskip("torch")
F = torch.nn.functional

import tiledsl as tiled  # noqa: E402
from tiledsl import fastrun  # noqa: E402
from tiledsl.errors import UnsupportedError  # noqa: E402
from tiledsl.kernels import _host, conv, conv2d, conv2d_algorithms, conv2d_backward  # noqa: E402
from tiledsl.kernels import conv_backward as cb  # noqa: E402
from tiledsl.kernels.conv_common import AlgorithmNotApplicable  # noqa: E402

ALGOS = conv2d_algorithms()
HALF_TOL = {torch.float16: 3e-3, torch.bfloat16: 2e-2}


@pytest.fixture
def poisoned(monkeypatch):
    """Every output buffer conv2d / conv2d_backward allocate starts as NaN."""
    real_new, real_empty_like, real_empty = conv.new_output, cb.H.empty_like, cb.H.empty

    def fill(t):
        if _host.kind(t) == "torch":
            t.fill_(float("nan"))
        else:
            t[...] = np.nan
        return t

    monkeypatch.setattr(conv, "new_output", lambda *a, **k: fill(real_new(*a, **k)))
    monkeypatch.setattr(cb.H, "empty_like", lambda *a, **k: fill(real_empty_like(*a, **k)))
    monkeypatch.setattr(cb.H, "empty", lambda *a, **k: fill(real_empty(*a, **k)))


def random_case(rng, algo: str) -> dict:
    """A random conv2d call that ``algo`` can run (small: the interpreter runs it)."""
    while True:
        groups = int(rng.choice([1, 1, 2, 3]))
        cg, kg = int(rng.integers(1, 6)), int(rng.integers(1, 6))
        if rng.random() < 0.2:  # depthwise
            groups, cg, kg = int(rng.integers(2, 7)), 1, 1
        r, s = int(rng.integers(1, 5)), int(rng.integers(1, 5))
        stride = (int(rng.integers(1, 4)), int(rng.integers(1, 3)))
        dilation = (int(rng.integers(1, 3)), int(rng.integers(1, 3)))
        if algo.startswith("winograd"):
            r = s = 3
            stride = dilation = (1, 1)
        elif algo.startswith("fft"):
            r, s = int(rng.integers(5, 12)), int(rng.integers(3, 12))
            stride = dilation = (1, 1)
        padding = (int(rng.integers(0, r // 2 + 2)), int(rng.integers(0, s // 2 + 2)))
        h, w = int(rng.integers(r, 15)), int(rng.integers(s, 15))
        case = dict(n=int(rng.integers(1, 3)), c=cg * groups, h=h, w=w, k=kg * groups, r=r, s=s,
                    stride=stride, padding=padding, dilation=dilation, groups=groups)
        oh = (h + 2 * padding[0] - dilation[0] * (r - 1) - 1) // stride[0] + 1
        ow = (w + 2 * padding[1] - dilation[1] * (s - 1) - 1) // stride[1] + 1
        if oh > 0 and ow > 0:
            return case


def tensors(rng, case, bias=True):
    x = torch.from_numpy(rng.standard_normal((case["n"], case["c"], case["h"], case["w"])))
    wt = torch.from_numpy(rng.standard_normal(
        (case["k"], case["c"] // case["groups"], case["r"], case["s"])))
    b = torch.from_numpy(rng.standard_normal(case["k"])) if bias else None
    return x, wt, b


def conv_args(case):
    return dict(stride=case["stride"], padding=case["padding"], dilation=case["dilation"],
                groups=case["groups"])


def to_layout(t, layout):
    return t.permute(0, 2, 3, 1).contiguous() if layout == "NHWC" else t


def from_layout(t, layout):
    return t.permute(0, 3, 1, 2) if layout == "NHWC" else t


def rel_err(got, ref) -> float:
    got = torch.as_tensor(got).double()
    return float((got - ref).abs().max() / ref.abs().max().clamp_min(1e-30))


def run_forward(algo, case, layout, dtype, rng, numpy_io=False):
    x, wt, b = tensors(rng, case)
    xs, ws, bs = (to_layout(x, layout).to(dtype), wt.to(dtype), b.to(dtype))
    # the reference sees exactly the (rounded) values the kernel sees
    ref = F.conv2d(from_layout(xs, layout).double(), ws.double(), bs.double(), **conv_args(case))
    if numpy_io:
        xs, ws, bs = xs.numpy(), ws.numpy(), bs.numpy()
    y = conv2d(xs, ws, bs, layout=layout, algo=algo, **conv_args(case))
    assert tuple(y.shape) == tuple(to_layout(ref, layout).shape)
    assert type(y) is type(xs)
    return rel_err(from_layout(torch.as_tensor(y), layout), ref)


# -- randomised parity on the interpreter ---------------------------------------------------

@pytest.mark.parametrize("layout", ["NCHW", "NHWC"])
@pytest.mark.parametrize("algo", ALGOS)
def test_forward_random_fp32_interp(algo, layout, rng, poisoned):
    bound = conv.ALGORITHMS[algo].bound
    with tiled.backend("interp"):
        for i in range(3):
            case = random_case(rng, algo)
            err = run_forward(algo, case, layout, torch.float32, rng, numpy_io=i == 0)
            assert err <= bound, (case, err)


@pytest.mark.parametrize("dtype", [torch.float16, torch.bfloat16], ids=["fp16", "bf16"])
@pytest.mark.parametrize("algo", ALGOS)
def test_forward_random_half_interp(algo, dtype, rng, poisoned):
    layout = ["NCHW", "NHWC"][int(rng.integers(0, 2))]
    with tiled.backend("interp"):
        case = random_case(rng, algo)
        assert run_forward(algo, case, layout, dtype, rng) <= HALF_TOL[dtype], case


def test_fp64_goes_to_direct_and_stays_fp64(rng, poisoned):
    case = random_case(rng, "direct")
    with tiled.backend("interp"), fastrun.mode("heuristic"):
        assert run_forward(None, case, "NCHW", torch.float64, rng) <= 1e-12
        with pytest.raises(AlgorithmNotApplicable, match="supports fp16/bf16/fp32"):
            run_forward("implicit_gemm_32x32", case, "NCHW", torch.float64, rng)


def test_fft_large_kernel_bound(rng, poisoned):
    """A 17x17 kernel with 'same' padding (the regime FFT is for) at the stated bounds."""
    case = dict(n=1, c=3, h=24, w=21, k=2, r=17, s=17, stride=(1, 1), padding=(8, 8),
                dilation=(1, 1), groups=1)
    with tiled.backend("interp"):
        for algo in ("fft_t32", "fft_t64"):
            assert run_forward(algo, case, "NCHW", torch.float32, rng) <= \
                conv.ALGORITHMS[algo].bound


def test_winograd_many_channels_bound(rng, poisoned):
    """Long reductions (C=64) at Winograd's stated bounds, where F(4x4) loses most."""
    case = dict(n=1, c=64, h=10, w=9, k=8, r=3, s=3, stride=(1, 1), padding=(1, 1),
                dilation=(1, 1), groups=1)
    with tiled.backend("interp"):
        for algo in ("winograd_f2x2_3x3", "winograd_f4x4_3x3"):
            assert run_forward(algo, case, "NHWC", torch.float32, rng) <= \
                conv.ALGORITHMS[algo].bound


def run_backward(case, layout, dtype, rng, data_algo=None, weight_algo=None):
    x, wt, b = tensors(rng, case)
    xs, ws = to_layout(x, layout).to(dtype), wt.to(dtype)
    xr = from_layout(xs, layout).double().requires_grad_()
    wr = ws.double().requires_grad_()
    br = b.clone().requires_grad_()
    y = F.conv2d(xr, wr, br, **conv_args(case))
    dy = torch.from_numpy(rng.standard_normal(tuple(y.shape))).to(dtype)
    y.backward(dy.double())
    dx, dw, db = conv2d_backward(to_layout(dy, layout), xs, ws, layout=layout,
                                 data_algo=data_algo, weight_algo=weight_algo, **conv_args(case))
    assert tuple(dx.shape) == tuple(xs.shape) and tuple(dw.shape) == tuple(ws.shape)
    assert dx.dtype == dtype and dw.dtype == dtype and tuple(db.shape) == (case["k"],)
    return (rel_err(from_layout(dx, layout), xr.grad), rel_err(dw, wr.grad),
            rel_err(db, br.grad))


@pytest.mark.parametrize("layout", ["NCHW", "NHWC"])
@pytest.mark.parametrize("algos", [("implicit_gemm_32x32", "gemm_32x32"),
                                   ("implicit_gemm_64x64", "gemm_64x64")], ids=["32", "64"])
def test_backward_random_interp(algos, layout, rng, poisoned):
    with tiled.backend("interp"):
        for _ in range(3):
            case = random_case(rng, "direct")
            errs = run_backward(case, layout, torch.float32, rng, *algos)
            assert max(errs) <= 1e-5, (case, errs)


def test_backward_half_interp(rng, poisoned):
    case = random_case(rng, "direct")
    with tiled.backend("interp"):
        errs = run_backward(case, "NCHW", torch.bfloat16, rng)
    # dx/dw are rounded to bf16 once; db sums bf16 values of dy exactly in fp32
    assert max(errs) <= HALF_TOL[torch.bfloat16], (case, errs)


# -- every algorithm on every backend -------------------------------------------------------

FIXED = dict(n=2, c=4, h=9, w=11, k=6, r=3, s=3, stride=(1, 1), padding=(1, 2),
             dilation=(1, 1), groups=2)
FIXED_STRIDED = dict(FIXED, stride=(2, 1), dilation=(1, 2))
FIXED_FFT = dict(FIXED, r=7, s=5, padding=(3, 2))


@pytest.mark.parametrize("algo", ALGOS)
def test_forward_on_backend(backend, algo, rng, poisoned):
    slow_ok = os.environ.get("TILEDSL_SLOW_TESTS") or os.environ.get("CI") == "true"
    if algo == "fft_t64" and backend != "interp" and not slow_ok:
        # Its 64x64 transform kernels take 1-2 minutes to compile on the cpu/opencl backends
        # of a 2-core machine: CI runs it (nothing is skipped there); on a developer's
        # machine TILEDSL_SLOW_TESTS=1 opts in.
        pytest.skip("fft_t64 compiles for minutes here; TILEDSL_SLOW_TESTS=1 runs it")
    case = FIXED_FFT if algo.startswith("fft") else FIXED
    if not algo.startswith(("fft", "winograd")):
        case = FIXED_STRIDED
    layout = "NHWC" if algo in ("im2col", "implicit_gemm_64x64", "winograd_f4x4_3x3",
                                "fft_t32") else "NCHW"
    assert run_forward(algo, case, layout, torch.float32, rng) <= conv.ALGORITHMS[algo].bound


def test_backward_on_backend(backend, rng, poisoned):
    for layout in ("NCHW", "NHWC"):
        errs = run_backward(FIXED_STRIDED, layout, torch.float32, rng,
                            "implicit_gemm_32x32", "gemm_32x32")
        assert max(errs) <= 1e-5, (layout, errs)


# -- dispatch, errors, FastRun ----------------------------------------------------------------

def test_forced_algorithm_errors():
    x = torch.randn(1, 4, 8, 8)
    w5 = torch.randn(4, 4, 5, 5)
    with pytest.raises(AlgorithmNotApplicable, match="winograd_f4x4_3x3 needs a 3x3 kernel "
                                                      "with stride 1 and dilation 1, got 5x5"):
        conv2d(x, w5, padding=2, algo="winograd_f4x4_3x3")
    with pytest.raises(UnsupportedError, match="stride 1"):
        conv2d(x, torch.randn(4, 4, 7, 7), stride=2, padding=3, algo="fft_t32")
    with pytest.raises(NotImplementedError, match="at most 17x17"):
        conv2d(torch.randn(1, 1, 40, 40), torch.randn(1, 1, 21, 21), algo="fft_t32")
    with pytest.raises(ValueError, match="unknown conv2d algorithm 'fast'"):
        conv2d(x, w5, algo="fast")
    with pytest.raises(ValueError, match="groups=3 must divide"):
        conv2d(x, w5, groups=3)
    with pytest.raises(ValueError, match="bias has 3 entries, expected 4"):
        conv2d(x, w5, torch.randn(3))


def _pick(x_shape, w_shape, backend="cpu", **kw):
    problem = fastrun.Problem.from_shapes("conv2d", [x_shape, w_shape], **conv._params(
        conv.conv_shape(torch.empty(x_shape), torch.empty(w_shape), **kw), backend))
    return fastrun.choose("conv2d", problem=problem, backend="cpu").name


def test_heuristic_picks():
    with fastrun.mode("heuristic"):
        assert _pick((1, 64, 56, 56), (64, 64, 3, 3), "ptx", padding=1) == "winograd_f4x4_3x3"
        assert _pick((1, 64, 56, 56), (64, 64, 3, 3), padding=1) == "implicit_gemm_64x64"
        assert _pick((1, 32, 16, 16), (32, 1, 3, 3), padding=1, groups=32) == "direct"
        assert _pick((1, 16, 64, 64), (16, 16, 15, 15), padding=7) == "fft_t32"
        assert _pick((1, 16, 64, 64), (16, 16, 31, 31), padding=15) == "fft_t64"
        assert _pick((1, 16, 64, 64), (16, 16, 21, 21), padding=10) == "implicit_gemm_32x32"
        assert _pick((1, 3, 224, 224), (64, 3, 7, 7), stride=2, padding=3) == "im2col"
        assert _pick((1, 8, 6, 6), (8, 8, 3, 3), stride=2) == "im2col"
        assert _pick((1, 512, 7, 7), (512, 512, 3, 3), padding=1) == "im2col"


def test_fastrun_registration():
    algs = {a.name: a for a in fastrun.algorithms("conv2d")}
    assert set(algs) == set(ALGOS)
    assert algs["direct"].accuracy == "exact"
    assert algs["winograd_f2x2_3x3"].accuracy == "relaxed" and algs["fft_t64"].accuracy == "relaxed"
    assert algs["implicit_gemm_32x32"].accuracy == "standard"
    big = fastrun.Problem.from_shapes("conv2d", [(1, 64, 56, 56), (64, 64, 3, 3)],
                                      stride=(1, 1), padding=(1, 1), dilation=(1, 1), groups=1,
                                      layout="NCHW", backend="cpu")
    assert algs["im2col"].workspace_bytes(big) == 64 * 9 * 56 * 56 * 4
    assert algs["implicit_gemm_64x64"].workspace_bytes(big) == 64 * 64 * 9 * 4
    assert "needs a 3x3 kernel" in algs["winograd_f2x2_3x3"].why_not(
        fastrun.Problem.from_shapes("conv2d", [(1, 4, 9, 9), (4, 4, 5, 5)], stride=(1, 1),
                                    padding=(0, 0), dilation=(1, 1), groups=1, layout="NCHW"))
    assert {a.name for a in fastrun.algorithms("conv2d_backward_data")} == set(cb.DGRAD_TILES)
    assert {a.name for a in fastrun.algorithms("conv2d_backward_weight")} == set(cb.WGRAD_TILES)


def test_fastrun_problem_of_an_nhwc_call():
    """The problem FastRun builds from a real NHWC call describes the same convolution."""
    x, w = torch.empty(2, 9, 11, 4), torch.empty(6, 2, 3, 3)
    cs = conv.conv_shape(x, w, 1, 1, 1, 2, "NHWC")
    problem = fastrun.Problem.from_args("conv2d", (x, w, None), **conv._params(cs, "interp"))
    assert conv.shape_of(problem) == cs


def test_algo_none_uses_fastrun(rng, poisoned):
    case = dict(FIXED, groups=1)
    with tiled.backend("interp"), fastrun.mode("heuristic"):
        before = fastrun.stats().get("calls", 0)
        err = run_forward(None, case, "NCHW", torch.float32, rng)
        assert fastrun.stats().get("calls", 0) > before
    assert err <= 1e-5
