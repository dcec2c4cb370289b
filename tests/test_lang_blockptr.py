"""Block pointers: make_block_ptr / advance / load and store with boundary_check and
padding_option, matching Triton's documented semantics."""
import numpy as np
import pytest

import tiledsl as tiled
import tiledsl.language as tl

from helpers import assert_close, assert_untouched, poisoned, random_array


@tiled.jit
def _bp_copy(X, Y, M, N, sxm, sxn, sym, syn, BM: tl.constexpr, BN: tl.constexpr,
             PAD: tl.constexpr):
    pm = tl.program_id(0)
    pn = tl.program_id(1)
    xb = tl.make_block_ptr(base=X, shape=(M, N), strides=(sxm, sxn),
                           offsets=(pm * BM, pn * BN), block_shape=(BM, BN), order=(1, 0))
    yb = tl.make_block_ptr(Y, (M + 2 * BM, N + 2 * BN), (sym, syn), (pm * BM, pn * BN),
                           (BM, BN), (1, 0))
    tile = tl.load(xb, boundary_check=(0, 1), padding_option=PAD)
    # Y is a padded-size buffer so the padding values themselves become visible.
    tl.store(yb, tile, boundary_check=(0, 1))


@pytest.mark.parametrize("pad", ["zero", "nan"])
def test_block_ptr_load_padding(backend, rng, pad):
    M, N, BM, BN = 20, 24, 16, 16
    gm, gn = tiled.cdiv(M, BM), tiled.cdiv(N, BN)
    x = random_array(rng, (M, N), "float32")
    ym, yn = M + 2 * BM, N + 2 * BN
    y = poisoned((ym, yn), "float32")
    _bp_copy[(gm, gn)](x, y, M, N, N, 1, yn, 1, BM=BM, BN=BN, PAD=pad)
    fill = 0.0 if pad == "zero" else np.nan
    expected = np.full((ym, yn), np.nan, np.float32)
    expected[:gm * BM, :gn * BN] = fill
    expected[:M, :N] = x
    assert_close(y, expected)
    if pad == "zero":
        assert not np.isnan(y[:gm * BM, :gn * BN]).any()


@tiled.jit
def _bp_store_clip(X, Y, M, N, BM: tl.constexpr, BN: tl.constexpr):
    offs = tl.arange(0, BM)[:, None] * BN + tl.arange(0, BN)[None, :]
    tile = tl.load(X + offs)
    yb = tl.make_block_ptr(Y, shape=(M, N), strides=(N, 1), offsets=(0, 0),
                           block_shape=(BM, BN), order=(1, 0))
    tl.store(yb, tile, boundary_check=(0, 1))


def test_block_ptr_store_boundary_check_drops_outside(backend, rng):
    """A BM x BN tile stored at (0, 0) into an M x N (< tile) matrix writes only the M x N
    corner; the buffer has slack after the matrix that must stay untouched."""
    M, N, BM, BN = 5, 6, 8, 8
    x = random_array(rng, (BM, BN), "int32")
    y = poisoned(M * N + 64, "int32")
    _bp_store_clip[(1,)](x, y, M, N, BM=BM, BN=BN)
    assert_close(y[:M * N].reshape(M, N), x[:M, :N])
    written = np.zeros(y.shape, bool)
    written[:M * N] = True
    assert_untouched(y, written)


@tiled.jit
def _bp_row_sums(X, Out, M, K, BM: tl.constexpr, BK: tl.constexpr):
    """Sum rows of an M x K matrix by walking a block pointer along K with tl.advance."""
    pm = tl.program_id(0)
    xb = tl.make_block_ptr(X, (M, K), (K, 1), (pm * BM, 0), (BM, BK), (1, 0))
    acc = tl.zeros((BM,), dtype=tl.float32)
    for _ in range(0, tl.cdiv(K, BK)):
        acc += tl.sum(tl.load(xb, boundary_check=(0, 1), padding_option="zero"), axis=1)
        xb = tl.advance(xb, (0, BK))
    ob = tl.make_block_ptr(Out, (M,), (1,), (pm * BM,), (BM,), (0,))
    tl.store(ob, acc, boundary_check=(0,))


@pytest.mark.parametrize("M,K", [(32, 64), (19, 50)])
def test_block_ptr_advance_loop(backend, rng, M, K):
    BM, BK = 16, 16
    x = random_array(rng, (M, K), "float32")
    out = poisoned(M, "float32")
    _bp_row_sums[(tiled.cdiv(M, BM),)](x, out, M, K, BM=BM, BK=BK)
    assert_close(out, x.sum(1), rtol=1e-5, atol=1e-5)


@tiled.jit
def _bp_transposed(X, Y, M, N, BM: tl.constexpr, BN: tl.constexpr):
    """Read an N x M matrix as its M x N transpose through strides (1, M) and order (0, 1)."""
    xb = tl.make_block_ptr(X, (M, N), (1, M), (0, 0), (BM, BN), (0, 1))
    t = tl.load(xb)
    offs = tl.arange(0, BM)[:, None] * BN + tl.arange(0, BN)[None, :]
    tl.store(Y + offs, t)


def test_block_ptr_strided_order(backend, rng):
    M, N = 16, 8
    base = random_array(rng, (N, M), "float32")
    y = poisoned((M, N), "float32")
    _bp_transposed[(1,)](base, y, M, N, BM=M, BN=N)
    assert_close(y, base.T.copy())


@tiled.jit
def _bp_int_padding(X, Y, n, B: tl.constexpr):
    xb = tl.make_block_ptr(X, (n,), (1,), (0,), (B,), (0,))
    v = tl.load(xb, boundary_check=(0,), padding_option="zero")
    tl.store(Y + tl.arange(0, B), v + 1)


def test_block_ptr_1d_int_zero_padding(backend, rng):
    x = random_array(rng, 10, "int32")
    y = poisoned(16, "int32")
    _bp_int_padding[(1,)](x, y, 10, B=16)
    assert_close(y, np.concatenate([x + 1, np.ones(6, np.int32)]).astype(np.int32))
