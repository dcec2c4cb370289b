"""tl.dot: shapes, acc=, input_precision="ieee", out_dtype, fp16/bf16/int8 inputs, and a
blocked matmul with a K loop and masks (the tutorial shape of a GEMM)."""
import numpy as np
import pytest

import tiledsl as tiled
import tiledsl.language as tl

from helpers import assert_close, poisoned, random_array, tl_dtype


@tiled.jit
def _dot(A, Bm, C, Acc, M: tl.constexpr, N: tl.constexpr, K: tl.constexpr,
         USE_ACC: tl.constexpr, PREC: tl.constexpr, OUT_DT: tl.constexpr):
    rm = tl.arange(0, M)
    rn = tl.arange(0, N)
    rk = tl.arange(0, K)
    a = tl.load(A + rm[:, None] * K + rk[None, :])
    b = tl.load(Bm + rk[:, None] * N + rn[None, :])
    if USE_ACC:
        acc = tl.load(Acc + rm[:, None] * N + rn[None, :])
        c = tl.dot(a, b, acc, input_precision=PREC, out_dtype=OUT_DT)
    else:
        c = tl.dot(a, b, input_precision=PREC, out_dtype=OUT_DT)
    tl.static_assert(c.dtype == OUT_DT)
    tl.static_assert(c.shape[0] == M)
    tl.static_assert(c.shape[1] == N)
    tl.store(C + rm[:, None] * N + rn[None, :], c)


def _ref(a, b, acc=None):
    c = a.astype(np.float64) @ b.astype(np.float64)
    return c if acc is None else c + acc


@pytest.mark.parametrize("M,N,K", [(16, 16, 16), (32, 16, 64), (16, 64, 32), (64, 32, 16)])
def test_dot_fp32_ieee(backend, rng, M, N, K):
    a = random_array(rng, (M, K), "float32")
    b = random_array(rng, (K, N), "float32")
    c = poisoned((M, N), "float32")
    _dot[(1,)](a, b, c, c, M=M, N=N, K=K, USE_ACC=False, PREC="ieee", OUT_DT=tl.float32)
    assert_close(c, _ref(a, b), rtol=1e-5, atol=1e-4)


def test_dot_with_acc(backend, rng):
    M = N = K = 32
    a = random_array(rng, (M, K), "float32")
    b = random_array(rng, (K, N), "float32")
    acc = random_array(rng, (M, N), "float32", low=-10, high=10)
    c = poisoned((M, N), "float32")
    _dot[(1,)](a, b, c, acc, M=M, N=N, K=K, USE_ACC=True, PREC="ieee", OUT_DT=tl.float32)
    assert_close(c, _ref(a, b, acc), rtol=1e-5, atol=1e-4)


def test_dot_default_precision(backend, rng):
    """Without input_precision the backend may use tf32-like inputs: loose tolerance."""
    M = N = K = 32
    a = random_array(rng, (M, K), "float32")
    b = random_array(rng, (K, N), "float32")
    c = poisoned((M, N), "float32")
    _dot[(1,)](a, b, c, c, M=M, N=N, K=K, USE_ACC=False, PREC=None, OUT_DT=tl.float32)
    assert_close(c, _ref(a, b), rtol=2e-2, atol=5e-2)


@pytest.mark.parametrize("dt", ["float16", "bfloat16"])
def test_dot_half_inputs_fp32_out(backend, rng, dt):
    M, N, K = 32, 32, 64
    a = random_array(rng, (M, K), dt)
    b = random_array(rng, (K, N), dt)
    c = poisoned((M, N), "float32")
    _dot[(1,)](a, b, c, c, M=M, N=N, K=K, USE_ACC=False, PREC=None, OUT_DT=tl.float32)
    # half products are exact in fp32; only the summation order differs
    assert_close(c, _ref(a, b), rtol=1e-4, atol=1e-4)


def test_dot_fp16_out_dtype_fp16(backend, rng):
    M, N, K = 16, 16, 32
    a = random_array(rng, (M, K), "float16", low=-1, high=1)
    b = random_array(rng, (K, N), "float16", low=-1, high=1)
    c = poisoned((M, N), "float16")
    _dot[(1,)](a, b, c, c, M=M, N=N, K=K, USE_ACC=False, PREC=None, OUT_DT=tl.float16)
    assert_close(c, _ref(a, b), rtol=1e-2, atol=2e-2)


def test_dot_int8_int32(backend, rng):
    M, N, K = 16, 32, 64
    a = random_array(rng, (M, K), "int8", low=-128, high=127)
    b = random_array(rng, (K, N), "int8", low=-128, high=127)
    c = poisoned((M, N), "int32")
    _dot[(1,)](a, b, c, c, M=M, N=N, K=K, USE_ACC=False, PREC=None, OUT_DT=tl.int32)
    assert_close(c, (a.astype(np.int64) @ b.astype(np.int64)).astype(np.int32))


@tiled.jit
def _dot_trans(A, Bt, C, M: tl.constexpr, N: tl.constexpr, K: tl.constexpr):
    rm = tl.arange(0, M)
    rn = tl.arange(0, N)
    rk = tl.arange(0, K)
    a = tl.load(A + rm[:, None] * K + rk[None, :])
    bt = tl.load(Bt + rn[:, None] * K + rk[None, :])          # (N, K)
    c = tl.dot(a, tl.trans(bt), input_precision="ieee")      # A @ Bt^T
    c += tl.dot(a, bt.T, input_precision="ieee")             # accumulate a second time
    tl.store(C + rm[:, None] * N + rn[None, :], c)


def test_dot_transposed_operand(backend, rng):
    M, N, K = 16, 32, 16
    a = random_array(rng, (M, K), "float32")
    bt = random_array(rng, (N, K), "float32")
    c = poisoned((M, N), "float32")
    _dot_trans[(1,)](a, bt, c, M=M, N=N, K=K)
    assert_close(c, 2 * _ref(a, bt.T), rtol=1e-5, atol=1e-4)


@tiled.jit
def _matmul(A, Bm, C, M, N, K, sam, sak, sbk, sbn, scm, scn,
            BM: tl.constexpr, BN: tl.constexpr, BK: tl.constexpr, OUT_DT: tl.constexpr):
    pid_m = tl.program_id(0)
    pid_n = tl.program_id(1)
    rm = pid_m * BM + tl.arange(0, BM)
    rn = pid_n * BN + tl.arange(0, BN)
    rk = tl.arange(0, BK)
    a_ptrs = A + rm[:, None] * sam + rk[None, :] * sak
    b_ptrs = Bm + rk[:, None] * sbk + rn[None, :] * sbn
    acc = tl.zeros((BM, BN), dtype=tl.float32)
    for k in range(0, tl.cdiv(K, BK)):
        k_left = K - k * BK
        a = tl.load(a_ptrs, mask=(rm[:, None] < M) & (rk[None, :] < k_left), other=0.0)
        b = tl.load(b_ptrs, mask=(rk[:, None] < k_left) & (rn[None, :] < N), other=0.0)
        acc = tl.dot(a, b, acc, input_precision="ieee")
        a_ptrs += BK * sak
        b_ptrs += BK * sbk
    c = acc.to(OUT_DT)
    mask = (rm[:, None] < M) & (rn[None, :] < N)
    tl.store(C + rm[:, None] * scm + rn[None, :] * scn, c, mask=mask)


@pytest.mark.parametrize("M,N,K,dt", [(64, 64, 64, "float32"), (50, 37, 71, "float32"),
                                      (33, 65, 40, "float16"), (17, 16, 100, "bfloat16")])
def test_blocked_matmul(backend, rng, M, N, K, dt):
    a = random_array(rng, (M, K), dt)
    b = random_array(rng, (K, N), dt)
    c = poisoned((M, N), dt)
    BM, BN, BK = 32, 32, 16
    grid = (tiled.cdiv(M, BM), tiled.cdiv(N, BN))
    _matmul[grid](a, b, c, M, N, K, K, 1, N, 1, N, 1, BM=BM, BN=BN, BK=BK,
                  OUT_DT=tl_dtype(dt))
    tol = {"float32": 1e-4, "float16": 2e-3, "bfloat16": 1e-2}[dt]
    assert_close(c, _ref(a, b).astype(c.dtype), rtol=tol, atol=tol * 10)


def test_blocked_matmul_transposed_strides(backend, rng):
    """B given as the transpose of a row-major (N, K) array: strides (1, K)."""
    M, N, K = 40, 48, 32
    a = random_array(rng, (M, K), "float32")
    bt = random_array(rng, (N, K), "float32")
    c = poisoned((M, N), "float32")
    grid = (tiled.cdiv(M, 16), tiled.cdiv(N, 16))
    _matmul[grid](a, bt, c, M, N, K, K, 1, 1, K, N, 1, BM=16, BN=16, BK=16,
                  OUT_DT=tl.float32)
    assert_close(c, _ref(a, bt.T), rtol=1e-5, atol=1e-4)


@tiled.jit
def _batched_dot(A, Bm, C, NB: tl.constexpr, M: tl.constexpr, N: tl.constexpr,
                 K: tl.constexpr):
    b = tl.arange(0, NB)[:, None, None]
    rm = tl.arange(0, M)[None, :, None]
    rk_col = tl.arange(0, K)[None, None, :]
    rk_row = tl.arange(0, K)[None, :, None]
    rn = tl.arange(0, N)[None, None, :]
    a = tl.load(A + b * M * K + rm * K + rk_col)          # (NB, M, K)
    bb = tl.load(Bm + b * K * N + rk_row * N + rn)       # (NB, K, N)
    tl.store(C + b * M * N + rm * N + rn, tl.dot(a, bb, input_precision="ieee"))


def test_batched_3d_dot(backend, rng):
    NB, M, N, K = 2, 16, 32, 16
    a = random_array(rng, (NB, M, K), "float32")
    b = random_array(rng, (NB, K, N), "float32")
    c = poisoned((NB, M, N), "float32")
    _batched_dot[(1,)](a, b, c, NB=NB, M=M, N=N, K=K)
    assert_close(c, a.astype(np.float64) @ b, rtol=1e-5, atol=1e-4)
