"""tiledsl.torch custom ops: torch.library.opcheck on every op (forward and backward),
gradcheck of every differentiable op in float64, and agreement with torch on CPU.

Shapes are tiny and reused across tests: the cpu backend compiles each new shape
specialisation of a kernel once (then it comes from the disk cache).
"""
import pytest
import torch

from torch.autograd.gradcheck import GradcheckError

import tiledsl.torch as tt
from tiledsl.torch import norms, ops

torch.manual_seed(0)


def rnd(*shape, dtype=torch.float32, grad=False):
    return torch.randn(*shape, dtype=dtype).requires_grad_(grad)


def pos(*shape, dtype=torch.float32):
    return torch.rand(*shape, dtype=dtype) + 0.5


# (op, args) pairs; float32, requires_grad where the op is differentiable so opcheck also
# exercises the autograd registration
def _opcheck_cases():
    x3 = rnd(2, 3, 8, grad=True)
    w = rnd(5, 8, grad=True)
    img = rnd(2, 4, 5, 5, grad=True)
    cw = rnd(6, 2, 3, 3, grad=True)
    cl = rnd(2, 4, 5, 5).contiguous(memory_format=torch.channels_last).requires_grad_()
    c4 = rnd(4, grad=True)
    cases = {
        "matmul": (ops.matmul_op, (x3, rnd(8, 5, grad=True))),
        "matmul_backward": (ops.matmul_backward_op, (rnd(2, 3, 5), rnd(2, 3, 8), rnd(8, 5))),
        "linear": (ops.linear_op, (x3, w, rnd(5, grad=True))),
        "linear_nobias": (ops.linear_op, (x3, w, None)),
        "linear_backward": (ops.linear_backward_op, (rnd(2, 3, 5), rnd(2, 3, 8), rnd(5, 8), True)),
        "softmax": (ops.softmax_op, (x3, 1)),
        "softmax_backward": (ops.softmax_backward_op, (rnd(2, 3, 8), rnd(2, 3, 8), 1)),
        "log_softmax": (ops.log_softmax_op, (x3, -1)),
        "log_softmax_backward": (ops.log_softmax_backward_op, (rnd(2, 3, 8), rnd(2, 3, 8), -1)),
        "layer_norm": (norms.layer_norm_op, (x3, [8], rnd(8, grad=True), rnd(8, grad=True), 1e-5)),
        "layer_norm_noaffine": (norms.layer_norm_op, (x3, [3, 8], None, None, 1e-5)),
        "rms_norm": (norms.rms_norm_op, (x3, [8], rnd(8, grad=True), None)),
        "batch_norm_train": (norms.batch_norm_op, (img, c4, rnd(4, grad=True), None, None,
                                                   True, 1e-5)),
        "batch_norm_eval": (norms.batch_norm_op, (img, c4, rnd(4, grad=True), rnd(4), pos(4),
                                                  False, 1e-5)),
        "batch_norm_update_stats": (norms.batch_norm_update_stats_op,
                                    (rnd(6), pos(6), rnd(6), pos(6), 10, 0.1, 1e-5)),
        "group_norm": (norms.group_norm_op, (img, 2, c4, rnd(4, grad=True), 1e-5)),
        "conv2d": (ops.conv2d_op, (img, rnd(6, 4, 3, 3, grad=True), rnd(6, grad=True),
                                   [1, 1], [1, 1], [1, 1], 1)),
        "conv2d_grouped": (ops.conv2d_op, (img, cw, None, [2, 1], [0, 1], [1, 1], 2)),
        # channels-last in, channels-last out: the fake strides must follow
        "conv2d_channels_last": (ops.conv2d_op, (cl, rnd(6, 4, 3, 3, grad=True), None, [1, 1],
                                                 [1, 1], [1, 1], 1)),
        "group_norm_channels_last": (norms.group_norm_op, (cl, 2, None, None, 1e-5)),
        "batch_norm_channels_last": (norms.batch_norm_op, (cl, None, None, None, None, True,
                                                           1e-5)),
    }
    return cases


CASES = _opcheck_cases()


def _backward_cases():
    """The norm backward ops need the statistics their forward produced."""
    x3 = rnd(2, 3, 8)
    img = rnd(2, 4, 5, 5)
    w8, w4 = rnd(8), rnd(4)
    _, mean, rstd = norms.layer_norm_op(x3, [8], w8, None, 1e-5)
    _, rrstd = norms.rms_norm_op(x3, [8], w8, None)
    _, bmean, brstd = norms.batch_norm_op(img, w4, None, None, None, True, 1e-5)
    _, gmean, grstd = norms.group_norm_op(img, 2, w4, None, 1e-5)
    return {
        "layer_norm_backward": (norms.layer_norm_backward_op,
                                (rnd(2, 3, 8), x3, [8], w8, mean, rstd, True)),
        "rms_norm_backward": (norms.rms_norm_backward_op, (rnd(2, 3, 8), x3, [8], w8, rrstd)),
        "batch_norm_backward": (norms.batch_norm_backward_op,
                                (rnd(2, 4, 5, 5), img, w4, bmean, brstd, True, 1e-5)),
        "batch_norm_backward_eval": (norms.batch_norm_backward_op,
                                     (rnd(2, 4, 5, 5), img, w4, rnd(4), pos(4), False, 1e-5)),
        "group_norm_backward": (norms.group_norm_backward_op,
                                (rnd(2, 4, 5, 5), img, 2, w4, gmean, grstd)),
        "conv2d_backward": (ops.conv2d_backward_op,
                            (rnd(2, 6, 5, 5), img, rnd(6, 4, 3, 3), [1, 1], [1, 1], [1, 1], 1,
                             True)),
    }


CASES.update(_backward_cases())


def has_conv_backward() -> bool:
    import tiledsl.kernels
    return hasattr(tiledsl.kernels, "conv2d_backward")


@pytest.mark.parametrize("name", sorted(CASES))
def test_opcheck(name):
    op, args = CASES[name]
    if name.startswith("conv2d") and not has_conv_backward():
        if "backward" in name:
            pytest.skip("tiledsl.kernels.conv2d_backward has not landed")
        # forward only: without requires_grad opcheck does not run the backward
        args = tuple(a.detach() if isinstance(a, torch.Tensor) else a for a in args)
    torch.library.opcheck(op, args)


# -- gradcheck (float64) --------------------------------------------------------------------

# The norm and softmax kernels compute in fp32 even for fp64 inputs (documented in
# tiledsl.kernels), and conv2d's backward kernels have no fp64 (the op runs them in fp32),
# so those finite differences need a larger step and looser tolerances; matmul/linear
# accumulate in fp64 and pass gradcheck's defaults.
FP32_MATH = dict(eps=1e-3, atol=2e-3, rtol=2e-3)


def d(*shape, grad=True):
    return torch.randn(*shape, dtype=torch.float64, requires_grad=grad)


RUN_MEAN = torch.randn(4, dtype=torch.float64)
RUN_VAR = torch.rand(4, dtype=torch.float64) + 0.5
GRADCHECKS = {
    "linear": (tt.linear, (d(2, 3, 4), d(5, 4), d(5)), {}),
    "matmul": (tt.matmul, (d(2, 3, 4), d(4, 5)), {}),
    "layer_norm": (lambda x, w, b: tt.layer_norm(x, (4,), w, b), (d(2, 3, 4), d(4), d(4)),
                   FP32_MATH),
    "rms_norm": (lambda x, w: tt.rms_norm(x, (4,), w), (d(2, 3, 4), d(4)), FP32_MATH),
    "softmax": (lambda x: tt.softmax(x, 1), (d(2, 3, 4),), FP32_MATH),
    "log_softmax": (lambda x: tt.log_softmax(x, -1), (d(2, 3, 4),), FP32_MATH),
    "batch_norm_train": (lambda x, w, b: tt.batch_norm(x, None, None, w, b, training=True),
                         (d(2, 4, 3, 3), d(4), d(4)), FP32_MATH),
    "batch_norm_eval": (lambda x, w, b: tt.batch_norm(x, RUN_MEAN, RUN_VAR, w, b),
                        (d(2, 4, 3, 3), d(4), d(4)), FP32_MATH),
    "group_norm": (lambda x, w, b: tt.group_norm(x, 2, w, b), (d(2, 4, 3, 3), d(4), d(4)),
                   FP32_MATH),
    "conv2d": (lambda x, w, b: tt.conv2d(x, w, b, stride=1, padding=1),
               (d(1, 2, 4, 4), d(3, 2, 3, 3), d(3)), FP32_MATH),
}


@pytest.mark.parametrize("name", sorted(GRADCHECKS))
def test_gradcheck_float64(name):
    if name == "conv2d" and not has_conv_backward():
        pytest.skip("tiledsl.kernels.conv2d_backward has not landed")
    fn, args, tol = GRADCHECKS[name]
    assert torch.autograd.gradcheck(fn, args, **tol)


def test_gradcheck_catches_a_wrong_gradient():
    """The fp32-math tolerances above are still tight enough to notice a real bug: a
    softmax gradient scaled by 1.05 fails them."""
    def fwd(x: torch.Tensor) -> torch.Tensor:
        return ops.softmax_op(x, -1)

    bad = torch.library.custom_op("tiledsl_test::bad_softmax", fwd, mutates_args=())
    bad.register_fake(lambda x: x.new_empty(x.shape))

    def setup(ctx, inputs, output):
        ctx.save_for_backward(output)

    def bwd(ctx, g):
        return 1.05 * ops.softmax_backward_op(g, ctx.saved_tensors[0], -1)

    bad.register_autograd(bwd, setup_context=setup)
    x = d(2, 4)
    assert torch.autograd.gradcheck(lambda t: tt.softmax(t, -1), (x,), **FP32_MATH)
    with pytest.raises(GradcheckError):
        torch.autograd.gradcheck(bad, (x,), **FP32_MATH)
