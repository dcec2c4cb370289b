"""The kernel library (matmul, softmax, norms) against torch on every backend: random odd
shapes, forward and backward, outputs checked in float64 against torch's float64 results.

Inputs are torch CPU tensors or numpy arrays, so each run exercises the backend the
``backend`` fixture selects (interp, cpu, opencl; ptx on the GPU machine).
"""
import numpy as np
import pytest
import torch
import torch.nn.functional as F

import tiledsl.kernels as K

torch.set_num_threads(1)  # the 2-core CI machine runs two test workers


def _t(rng, *shape, dtype=torch.float32):
    return torch.from_numpy(rng.standard_normal(shape)).to(dtype)


def _close(got, want, tol):
    got = torch.as_tensor(np.asarray(got)) if not isinstance(got, torch.Tensor) else got
    assert not torch.isnan(got).any(), "NaN in the output (an element was not written?)"
    torch.testing.assert_close(got.double(), want.double(), rtol=tol, atol=tol)


@pytest.mark.parametrize("dtype,tol", [(torch.float32, 2e-4), (torch.float16, 2e-2),
                                       (torch.bfloat16, 6e-2)])
def test_matmul_dtypes_and_odd_shapes(backend, rng, dtype, tol):
    m, k, n = (int(v) for v in rng.integers(5, 70, size=3))
    a, b = _t(rng, m, k, dtype=dtype), _t(rng, k, n, dtype=dtype)
    _close(K.matmul(a, b), a.double() @ b.double(), tol * max(1, k ** 0.5 / 4))


def test_matmul_batched_transposed_and_epilogue(backend, rng):
    a = _t(rng, 3, 33, 20)
    b = _t(rng, 17, 20).t()                      # a transposed view, no copy
    bias = _t(rng, 17)
    want = F.gelu(a.double() @ b.double() + bias.double())
    _close(K.matmul(a, b, bias, "gelu"), want, 2e-4)
    bb = _t(rng, 3, 20, 9)
    _close(K.matmul(a, bb, activation="relu"), torch.relu(a.double() @ bb.double()), 2e-4)


def test_matmul_tf32_precision_is_close(backend, rng):
    a, b = _t(rng, 40, 64), _t(rng, 64, 24)
    _close(K.matmul(a, b, precision="tf32"), a.double() @ b.double(), 2e-2)


def test_matmul_errors_name_the_problem():
    a = torch.zeros(4, 5)
    with pytest.raises(ValueError, match="cannot be multiplied"):
        K.matmul(a, torch.zeros(4, 5))
    with pytest.raises(TypeError, match="dtype"):
        K.matmul(a, torch.zeros(5, 4, dtype=torch.float16))
    with pytest.raises(ValueError, match="activation"):
        K.matmul(a, torch.zeros(5, 4), activation="swish")


@pytest.mark.parametrize("log", [False, True])
def test_softmax_forward_backward(backend, rng, log):
    shape = (3, int(rng.integers(5, 40)), 7)
    for dim in (-1, 1):
        x = _t(rng, *shape).double().requires_grad_()
        ref = (F.log_softmax if log else F.softmax)(x, dim)
        y = (K.log_softmax if log else K.softmax)(x.detach().float(), dim)
        _close(y, ref, 1e-5)
        dy = _t(rng, *shape).double()
        (gx,) = torch.autograd.grad(ref, x, dy)
        back = K.log_softmax_backward if log else K.softmax_backward
        _close(back(dy.float(), ref.detach().float(), dim), gx, 1e-5)


def test_softmax_long_rows_use_the_online_path(backend, rng):
    x = _t(rng, 2, 9000)
    _close(K.softmax(x), F.softmax(x.double(), -1), 1e-6)


@pytest.mark.parametrize("rms", [False, True])
def test_layer_and_rms_norm_forward_backward(backend, rng, rms):
    n = int(rng.integers(20, 90))
    x = _t(rng, 5, n).double().requires_grad_()
    w = _t(rng, n).double().requires_grad_()
    b = _t(rng, n).double().requires_grad_()
    if rms:
        ref = F.rms_norm(x, (n,), w, 1e-6)
        y, _, rstd = K.norm_forward(x.detach().float(), n, w.detach().float(), None, 1e-6,
                                    rms=True)
    else:
        ref = F.layer_norm(x, (n,), w, b, 1e-5)
        y, mean, rstd = K.norm_forward(x.detach().float(), n, w.detach().float(),
                                       b.detach().float(), 1e-5)
    _close(y, ref, 1e-4)
    dy = _t(rng, 5, n).double()
    if rms:
        gx, gw = torch.autograd.grad(ref, (x, w), dy)
        dx, dw = K.rms_norm_backward(dy.float(), x.detach().float(), n, w.detach().float(), rstd)
    else:
        gx, gw, gb = torch.autograd.grad(ref, (x, w, b), dy)
        dx, dw, db = K.layer_norm_backward(dy.float(), x.detach().float(), n,
                                           w.detach().float(), b.detach().float(), mean, rstd)
        _close(db, gb, 1e-4)
    _close(dx, gx, 1e-4)
    _close(dw, gw, 1e-4)


@pytest.mark.parametrize("channels_last", [False, True])
def test_batch_norm_training_and_inference(backend, rng, channels_last):
    x = _t(rng, 3, 5, 4, 6).double()
    if channels_last:
        x = x.contiguous(memory_format=torch.channels_last)
    x.requires_grad_()
    w, b = _t(rng, 5).double().requires_grad_(), _t(rng, 5).double().requires_grad_()
    rm, rv = _t(rng, 5).double(), torch.rand(5, dtype=torch.float64) + 0.5
    rm32, rv32 = rm.float().clone(), rv.float().clone()
    ref = F.batch_norm(x, rm, rv, w, b, True, 0.1, 1e-5)
    y, mean, rstd = K.batch_norm_forward(x.detach().float(), rm32, rv32, w.detach().float(),
                                         b.detach().float(), True, 0.1, 1e-5)
    _close(y, ref, 1e-4)
    _close(rm32, rm, 1e-5)
    _close(rv32, rv, 1e-5)
    dy = _t(rng, 3, 5, 4, 6).double()
    gx, gw, gb = torch.autograd.grad(ref, (x, w, b), dy)
    dx, dw, db = K.batch_norm_backward(dy.float(), x.detach().float(), w.detach().float(),
                                       mean, rstd)
    for got, want in ((dx, gx), (dw, gw), (db, gb)):
        _close(got, want, 1e-4)
    inf = K.batch_norm(x.detach().float(), rm32, rv32, w.detach().float(), b.detach().float())
    _close(inf, F.batch_norm(x.detach(), rm32.double(), rv32.double(), w.detach(), b.detach()),
           1e-4)


def test_group_norm_forward_backward(backend, rng):
    x = _t(rng, 2, 6, 5, 3).double().requires_grad_()
    w, b = _t(rng, 6).double().requires_grad_(), _t(rng, 6).double().requires_grad_()
    ref = F.group_norm(x, 3, w, b, 1e-5)
    y, mean, rstd = K.group_norm_forward(x.detach().float(), 3, w.detach().float(),
                                         b.detach().float(), 1e-5)
    _close(y, ref, 1e-4)
    dy = _t(rng, 2, 6, 5, 3).double()
    gx, gw, gb = torch.autograd.grad(ref, (x, w, b), dy)
    dx, dw, db = K.group_norm_backward(dy.float(), x.detach().float(), 3, w.detach().float(),
                                       mean, rstd)
    for got, want in ((dx, gx), (dw, gw), (db, gb)):
        _close(got, want, 1e-4)


def test_norm_errors_match_torch_wording():
    with pytest.raises(ValueError, match="normalized_shape"):
        K.layer_norm(torch.zeros(3, 4), (5,))
    with pytest.raises(ValueError, match="divisible by num_groups"):
        K.group_norm(torch.zeros(2, 6, 3, 3), 4)
    with pytest.raises(IndexError, match="Dimension out of range"):
        K.softmax(torch.zeros(3, 4), 2)
