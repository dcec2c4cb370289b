"""The five Triton-tutorial algorithms (``tiledsl.kernels.tutorials``) on every backend.

Each tutorial's ``check`` draws fresh random inputs from the seed it is given, poisons the
outputs, runs the kernels on the active backend and asserts a match with its numpy
reference; the seed comes from the ``rng`` fixture, so a failure can be replayed with
``TILEDSL_TEST_SEED``.
"""
from __future__ import annotations

import numpy as np
import pytest

from tiledsl.kernels import tutorials


def _seed(rng) -> int:
    return int(rng.integers(0, 2**31 - 1))


def test_vector_add(backend, rng):
    tutorials.load("vector_add").check(backend=backend, seed=_seed(rng))


def test_vector_add_block_sizes(backend, rng):
    # One element, one exact block, and a block that is larger than the whole input.
    mod = tutorials.load("vector_add")
    for n, block in ((1, 16), (256, 256), (300, 1024)):
        mod.check(backend=backend, seed=_seed(rng), n=n, BLOCK_SIZE=block)


def test_fused_softmax(backend, rng):
    tutorials.load("fused_softmax").check(backend=backend, seed=_seed(rng))


@pytest.mark.parametrize("n_rows,n_cols", [(1, 1), (5, 64), (40, 1000)])
def test_fused_softmax_shapes(backend, rng, n_rows, n_cols):
    tutorials.load("fused_softmax").check(backend=backend, seed=_seed(rng), n_rows=n_rows,
                                          n_cols=n_cols, num_warps=2)


@pytest.mark.parametrize("dtype", ["float32", "float16"])
def test_matmul(backend, rng, dtype):
    tutorials.load("matmul").check(backend=backend, seed=_seed(rng), dtype=dtype)


def test_matmul_no_activation_small(backend, rng):
    # Smaller than every block in every config: all of M, N and K are masked tails.
    tutorials.load("matmul").check(backend=backend, seed=_seed(rng), M=7, N=5, K=3,
                                   activation="")


def test_dropout(backend, rng):
    result = tutorials.load("dropout").check(backend=backend, seed=_seed(rng))
    assert abs(result["drop_fraction"] - result["p"]) < 0.05


def test_dropout_matches_triton_philox(backend, rng):
    """``tl.rand`` follows Triton's definition bit for bit, so ported kernels keep their
    masks (and a model trained with Triton's dropout reproduces under tiledsl)."""
    result = tutorials.load("dropout").check(backend=backend, seed=_seed(rng), n=4099)
    assert result["philox_exact"], "tl.rand(seed, offsets) differs from Triton's Philox stream"


def test_layer_norm(backend, rng):
    tutorials.load("layer_norm").check(backend=backend, seed=_seed(rng))


def test_layer_norm_single_block(backend, rng):
    # N fits one forward block; fewer rows than lock slots (each slot written once).
    tutorials.load("layer_norm").check(backend=backend, seed=_seed(rng), M=5, N=64,
                                       block_size=64, group_size_m=8)


def test_philox_model_known_answers():
    """The numpy Philox model in the dropout tutorial matches Random123's known answers."""
    philox = tutorials.load("dropout").philox4x32

    def run(ctr, key):
        out = philox([np.array([c], np.uint32) for c in ctr],
                     [np.array([k], np.uint32) for k in key])
        return [int(w[0]) for w in out]

    assert run([0, 0, 0, 0], [0, 0]) == [0x6627E8D5, 0xE169C58D, 0xBC57AC4C, 0x9B00DBD8]
    assert run([0xFFFFFFFF] * 4, [0xFFFFFFFF] * 2) == [
        0x408F276D, 0x41C83B0E, 0xA20BC7C6, 0x6D5451FD]
    assert run([0x243F6A88, 0x85A308D3, 0x13198A2E, 0x03707344], [0xA4093822, 0x299F31D0]) \
        == [0xD16CFE09, 0x94FDCCEB, 0x5001E420, 0x24126EA1]


def test_wrappers_accept_torch(rng):
    """Host wrappers take CPU torch tensors and hand back torch tensors."""
    torch = pytest.importorskip("torch")
    va = tutorials.load("vector_add")
    x = torch.from_numpy(rng.standard_normal(1000).astype(np.float32))
    y = torch.from_numpy(rng.standard_normal(1000).astype(np.float32))
    z = va.add(x, y)
    assert isinstance(z, torch.Tensor)
    np.testing.assert_allclose(z.numpy(), va.reference(x, y), rtol=1e-6, atol=1e-6)
    sm = tutorials.load("fused_softmax")
    s = torch.from_numpy(rng.standard_normal((9, 33)).astype(np.float32))
    out = sm.softmax(s)
    assert isinstance(out, torch.Tensor)
    np.testing.assert_allclose(out.numpy(), sm.reference(s), rtol=1e-4, atol=1e-6)


def test_layer_norm_matches_torch_autograd(rng):
    """Forward and backward agree with torch's layer_norm and its autograd gradients."""
    torch = pytest.importorskip("torch")
    ln = tutorials.load("layer_norm")
    M, N = 23, 77
    x = torch.from_numpy(rng.standard_normal((M, N)).astype(np.float32))
    w = torch.from_numpy(rng.uniform(0.5, 1.5, N).astype(np.float32))
    b = torch.from_numpy(rng.standard_normal(N).astype(np.float32))
    dy = torch.from_numpy(rng.standard_normal((M, N)).astype(np.float32))
    y, mean, rstd = ln.layer_norm_fwd(x, w, b)
    dx, dw, db = ln.layer_norm_bwd(dy, x, w, mean, rstd)
    xg, wg, bg = (t.clone().requires_grad_() for t in (x, w, b))
    want = torch.nn.functional.layer_norm(xg, (N,), wg, bg, 1e-5)
    want.backward(dy)
    for got, ref in ((y, want.detach()), (dx, xg.grad), (dw, wg.grad), (db, bg.grad)):
        assert isinstance(got, torch.Tensor)
        np.testing.assert_allclose(got.numpy(), ref.numpy(), rtol=1e-4, atol=1e-4)
