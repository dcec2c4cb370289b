"""Shapes and launches that stress compiled backends more than the topic tests do: large
tiles (more than one vector chunk), wide 2-D reductions, many kernel arguments, high
atomic contention, concurrent launches from several threads, and debug bounds checks."""
import threading

import numpy as np
import pytest

import tiledsl as tiled
import tiledsl.language as tl

from helpers import assert_close, poisoned, random_array


@tiled.jit
def _big_elementwise(X, Y, Out, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    m = offs < n
    x = tl.load(X + offs, mask=m, other=1.0)
    y = tl.load(Y + offs, mask=m, other=1.0)
    z = tl.where(x > y, x * y, x - y) / (tl.abs(y) + 1.0)
    tl.store(Out + offs, tl.maximum(z, -0.5) + tl.sqrt(tl.abs(x)), mask=m)


@pytest.mark.parametrize("n,block", [(10000, 2048), (777, 1024)])
def test_large_1d_tiles(backend, rng, n, block):
    x = random_array(rng, n, "float32")
    y = random_array(rng, n, "float32")
    out = poisoned(n, "float32")
    _big_elementwise[(tiled.cdiv(n, block),)](x, y, out, n, BLOCK=block)
    z = np.where(x > y, x * y, x - y) / (np.abs(y) + np.float32(1))
    assert_close(out, np.maximum(z, np.float32(-0.5)) + np.sqrt(np.abs(x)), rtol=1e-6,
                 atol=1e-6)


@tiled.jit
def _wide_reduce(X, RowSum, ColMax, ArgMin, M, N, BM: tl.constexpr, BN: tl.constexpr):
    rm = tl.arange(0, BM)
    rn = tl.arange(0, BN)
    m = (rm[:, None] < M) & (rn[None, :] < N)
    x = tl.load(X + rm[:, None] * N + rn[None, :], mask=m, other=0.0)
    tl.store(RowSum + rm, tl.sum(x, axis=1), mask=rm < M)
    xm = tl.where(m, x, -float("inf"))
    tl.store(ColMax + rn, tl.max(xm, axis=0), mask=rn < N)
    xi = tl.where(m, x, float("inf"))
    tl.store(ArgMin + rm, tl.argmin(xi, axis=1), mask=rm < M)


@pytest.mark.parametrize("M,N", [(32, 128), (50, 20)])
def test_wide_2d_reductions(backend, rng, M, N):
    x = random_array(rng, (M, N), "float32")
    rs, cm, am = poisoned(M, "float32"), poisoned(N, "float32"), poisoned(M, "int32")
    BM, BN = tiled.next_power_of_2(M), tiled.next_power_of_2(N)
    _wide_reduce[(1,)](x, rs, cm, am, M, N, BM=BM, BN=BN)
    assert_close(rs, x.sum(1), rtol=1e-5, atol=1e-4)
    assert_close(cm, x.max(0))
    assert_close(am, x.argmin(1).astype(np.int32))


@tiled.jit
def _big_dot(A, Bm, C, M: tl.constexpr, N: tl.constexpr, K: tl.constexpr):
    rm = tl.arange(0, M)
    rn = tl.arange(0, N)
    rk = tl.arange(0, K)
    a = tl.load(A + rm[:, None] * K + rk[None, :])
    b = tl.load(Bm + rk[:, None] * N + rn[None, :])
    tl.store(C + rm[:, None] * N + rn[None, :], tl.dot(a, b, input_precision="ieee"))


@pytest.mark.parametrize("M,N,K", [(64, 32, 32), (16, 64, 64)])
def test_larger_dot_shapes(backend, rng, M, N, K):
    a = random_array(rng, (M, K), "float32")
    b = random_array(rng, (K, N), "float32")
    c = poisoned((M, N), "float32")
    _big_dot[(1,)](a, b, c, M=M, N=N, K=K)
    assert_close(c, a.astype(np.float64) @ b, rtol=1e-5, atol=2e-4)


@tiled.jit
def _many_args(P0, P1, P2, P3, P4, P5, P6, P7, Out, i32, i64, f32, flag, npf,
               BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    acc = tl.load(P0 + offs).to(tl.float64)
    acc += tl.load(P1 + offs).to(tl.float64)
    acc += tl.load(P2 + offs).to(tl.float64)
    acc += tl.load(P3 + offs).to(tl.float64)
    acc += tl.load(P4 + offs).to(tl.float64)
    acc += tl.load(P5 + offs).to(tl.float64)
    acc += tl.load(P6 + offs).to(tl.float64)
    acc += tl.load(P7 + offs).to(tl.float64)
    acc += i32 + i64.to(tl.float64) * 1e-9 + f32 + npf
    if flag:
        acc = -acc
    tl.store(Out + offs, acc)


def test_many_arguments_of_mixed_types(backend, rng):
    """Pointers of eight dtypes and scalars of five kinds, in one ABI."""
    B = 16
    dts = ["int8", "uint8", "int16", "int32", "int64", "float16", "float32", "float64"]
    ptrs = [random_array(rng, B, d, low=-50 if d[0] != "u" else 0, high=50) for d in dts]
    out = poisoned(B, "float64")
    big = 3 * 2**33
    _many_args[(1,)](*ptrs, out, -7, big, 0.25, True, np.float32(1.5), BLOCK=B)
    ref = sum(p.astype(np.float64) for p in ptrs) + (-7 + big * 1e-9 + 0.25 + 1.5)
    assert_close(out, -ref, rtol=1e-6, atol=1e-6)


@tiled.jit
def _contended(Counter, Olds):
    pid = tl.program_id(0) + tl.program_id(1) * tl.num_programs(0)
    tl.store(Olds + pid, tl.atomic_add(Counter, 1))


def test_high_contention_atomics(backend):
    gx, gy = 64, 8
    counter = np.zeros(1, np.int64)
    olds = poisoned(gx * gy, "int64")
    _contended[(gx, gy)](counter, olds)
    assert counter[0] == gx * gy
    assert sorted(olds.tolist()) == list(range(gx * gy))


@tiled.jit
def _threaded(X, Y, n, K: tl.constexpr, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    m = offs < n
    tl.store(Y + offs, tl.load(X + offs, mask=m) * K, mask=m)


def test_concurrent_launches_from_threads(backend, rng):
    """Threads compile (distinct constexprs) and launch at once; the caches must cope."""
    n = 1000
    x = random_array(rng, n, "float32")
    outs = {k: poisoned(n, "float32") for k in range(1, 7)}
    errors = []
    barrier = threading.Barrier(len(outs))

    def work(k):
        try:
            with tiled.backend(backend):
                barrier.wait()
                for _ in range(3):
                    _threaded[(tiled.cdiv(n, 128),)](x, outs[k], n, K=k, BLOCK=128)
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=work, args=(k,)) for k in outs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert not errors, errors
    for k, y in outs.items():
        assert_close(y, x * k)


@tiled.jit
def _oob(X, Y, n, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    tl.store(Y + offs, tl.load(X + offs + n))  # <debug_oob>


def test_debug_mode_bounds_check(backend, monkeypatch):
    """TILEDSL_DEBUG=1 makes compiled backends check every access (the interpreter always
    does): an access past the end raises OutOfBoundsError naming the line."""
    import os
    from tiledsl.errors import OutOfBoundsError
    from helpers import marker_line
    if backend not in ("interp", "cpu"):
        pytest.skip("backends/README.md documents debug bounds checks for the cpu ABI only")
    monkeypatch.setenv("TILEDSL_DEBUG", "1")
    x = np.ones(16, np.float32)
    y = poisoned(16, "float32")
    _oob[(1,)](x, y, 0, BLOCK=16)                  # in bounds: fine
    assert_close(y, x)
    with pytest.raises(OutOfBoundsError) as info:
        _oob[(1,)](x, y, 1000, BLOCK=16)
    line, _ = marker_line(__file__, "debug_oob")
    assert f"{os.path.basename(__file__)}:{line}" in str(info.value)


@tiled.jit
def _online_softmax(X, Out, n_cols, stride, BLOCK: tl.constexpr):
    """Flash-attention style: one pass keeps a running max and a rescaled running sum over
    column chunks (loop-carried scalars and tiles), a second pass writes the result."""
    row = tl.program_id(0)
    m_i = -float("inf")
    l_i = 0.0
    for start in range(0, n_cols, BLOCK):
        cols = start + tl.arange(0, BLOCK)
        x = tl.load(X + row * stride + cols, mask=cols < n_cols, other=-float("inf"))
        m_new = tl.maximum(m_i, tl.max(x, axis=0))
        l_i = l_i * tl.exp(m_i - m_new) + tl.sum(tl.exp(x - m_new), axis=0)
        m_i = m_new
    for start in range(0, n_cols, BLOCK):
        cols = start + tl.arange(0, BLOCK)
        mask = cols < n_cols
        x = tl.load(X + row * stride + cols, mask=mask, other=0.0)
        tl.store(Out + row * stride + cols, tl.exp(x - m_i) / l_i, mask=mask)


@pytest.mark.parametrize("n_cols", [7, 64, 300])
def test_online_softmax(backend, rng, n_cols):
    rows = 6
    x = random_array(rng, (rows, n_cols), "float32", low=-8, high=8)
    out = poisoned((rows, n_cols), "float32")
    _online_softmax[(rows,)](x, out, n_cols, n_cols, BLOCK=32)
    e = np.exp(x.astype(np.float64) - x.max(1, keepdims=True))
    assert_close(out, e / e.sum(1, keepdims=True), rtol=1e-5, atol=1e-6)
