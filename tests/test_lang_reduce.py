"""Reductions (sum/max/min/argmax/argmin/xor_sum, tl.reduce with a jit combine function)
and scans (cumsum/cumprod/associative_scan, with reverse=)."""
import numpy as np
import pytest

import tiledsl as tiled
import tiledsl.language as tl

from helpers import assert_close, np_dtype, poisoned, random_array

M, N = 8, 32


@tiled.jit
def _reduce2d(X, Out, OP: tl.constexpr, AXIS: tl.constexpr, KEEP: tl.constexpr,
              M: tl.constexpr, N: tl.constexpr):
    rm = tl.arange(0, M)[:, None]
    rn = tl.arange(0, N)[None, :]
    x = tl.load(X + rm * N + rn)
    if OP == "sum":
        r = tl.sum(x, axis=AXIS, keep_dims=KEEP)
    elif OP == "max":
        r = tl.max(x, axis=AXIS, keep_dims=KEEP)
    elif OP == "min":
        r = tl.min(x, axis=AXIS, keep_dims=KEEP)
    elif OP == "argmax":
        r = tl.argmax(x, axis=AXIS, keep_dims=KEEP)
    elif OP == "argmin":
        r = tl.argmin(x, axis=AXIS, keep_dims=KEEP)
    else:
        tl.static_assert(OP == "xor_sum")
        r = tl.xor_sum(x, axis=AXIS, keep_dims=KEEP)
    # Store through offsets built for the result's rank (keep_dims keeps a size-1 axis).
    if AXIS == 0:
        if KEEP:
            tl.static_assert(r.shape[0] == 1)
            tl.store(Out + rn, r)
        else:
            tl.store(Out + tl.arange(0, N), r)
    else:
        if KEEP:
            tl.static_assert(r.shape[1] == 1)
            tl.store(Out + rm, r)
        else:
            tl.store(Out + tl.arange(0, M), r)


_NP_RED = {"sum": np.sum, "max": np.max, "min": np.min, "argmax": np.argmax,
           "argmin": np.argmin, "xor_sum": np.bitwise_xor.reduce}


def _inputs(rng, dt, op):
    if op in ("argmax", "argmin", "max", "min") and dt[0] == "i":
        # few distinct values, so ties occur: argmax/argmin return the first index
        return random_array(rng, (M, N), dt, low=-3, high=3)
    if op in ("argmax", "argmin", "max", "min"):
        return np.round(random_array(rng, (M, N), dt, low=-3, high=3))
    return random_array(rng, (M, N), dt)


@pytest.mark.parametrize("keep", [False, True])
@pytest.mark.parametrize("axis", [0, 1])
@pytest.mark.parametrize("op,dt", [("sum", "float32"), ("sum", "int32"), ("max", "float32"),
                                   ("max", "int32"), ("min", "float32"), ("min", "uint32"),
                                   ("argmax", "int32"), ("argmax", "float32"),
                                   ("argmin", "float32"), ("argmin", "int32"),
                                   ("xor_sum", "int32"), ("sum", "float64")])
def test_reduce_axis(backend, rng, op, dt, axis, keep):
    x = _inputs(rng, dt, op)
    ref = _NP_RED[op](x, axis=axis)
    out_dt = "int32" if op.startswith("arg") else dt
    out = poisoned(ref.shape, out_dt)
    _reduce2d[(1,)](x, out, OP=op, AXIS=axis, KEEP=keep, M=M, N=N)
    assert_close(out, ref.astype(np_dtype(out_dt)), rtol=1e-5, atol=1e-5)


@tiled.jit
def _reduce_all(X, Out, M: tl.constexpr, N: tl.constexpr):
    x = tl.load(X + tl.arange(0, M)[:, None] * N + tl.arange(0, N)[None, :])
    tl.store(Out + 0, tl.sum(x))                 # axis=None reduces everything to a scalar
    tl.store(Out + 1, tl.max(x, axis=None))
    tl.store(Out + 2, tl.min(tl.min(x, 1), 0))
    tl.store(Out + 3, x.sum(axis=1).sum(0))      # tensor-method spelling


def test_reduce_all_axes(backend, rng):
    x = random_array(rng, (M, N), "int32")
    out = poisoned(4, "int32")
    _reduce_all[(1,)](x, out, M=M, N=N)
    assert_close(out, np.array([x.sum(), x.max(), x.min(), x.sum()], np.int32))


@tiled.jit
def _sum_small_int(X, Out, BLOCK: tl.constexpr):
    s = tl.sum(tl.load(X + tl.arange(0, BLOCK)), axis=0)
    tl.static_assert(s.dtype == tl.int32)   # Triton accumulates int8/int16 sums in int32
    tl.store(Out, s)


def test_sum_int8_accumulates_in_int32(backend, rng):
    x = random_array(rng, 256, "int8", low=-128, high=127)
    out = poisoned(1, "int32")
    _sum_small_int[(1,)](x, out, BLOCK=256)
    assert out[0] == x.astype(np.int64).sum()


@tiled.jit
def _max_with_indices(X, V, I, BLOCK: tl.constexpr):
    x = tl.load(X + tl.arange(0, BLOCK))
    v, i = tl.max(x, axis=0, return_indices=True)
    tl.store(V, v)
    tl.store(I, i)


def test_max_return_indices(backend, rng):
    x = random_array(rng, 64, "float32")
    v, i = poisoned(1, "float32"), poisoned(1, "int32")
    _max_with_indices[(1,)](x, v, i, BLOCK=64)
    assert v[0] == x.max() and i[0] == x.argmax()


@tiled.jit
def _reduce3d(X, Out, A: tl.constexpr, B: tl.constexpr, C: tl.constexpr):
    ia = tl.arange(0, A)[:, None, None]
    ib = tl.arange(0, B)[None, :, None]
    ic = tl.arange(0, C)[None, None, :]
    x = tl.load(X + ia * B * C + ib * C + ic)
    s = tl.sum(x, axis=1)                             # (A, C)
    tl.store(Out + tl.arange(0, A)[:, None] * C + tl.arange(0, C)[None, :], s)


def test_reduce_middle_axis_3d(backend, rng):
    x = random_array(rng, (2, 8, 4), "int32")
    out = poisoned((2, 4), "int32")
    _reduce3d[(1,)](x, out, A=2, B=8, C=4)
    assert_close(out, x.sum(1).astype(np.int32))


@tiled.jit
def _mul_combine(a, b):
    return a * b


@tiled.jit
def _argmax_combine(v1, i1, v2, i2):
    """Tuple combine: keep the larger value, ties to the smaller index."""
    take1 = (v1 > v2) | ((v1 == v2) & (i1 < i2))
    return tl.where(take1, v1, v2), tl.where(take1, i1, i2)


@tiled.jit
def _custom_reduce(X, Prod, Val, Idx, M: tl.constexpr, N: tl.constexpr):
    rm = tl.arange(0, M)[:, None]
    rn = tl.arange(0, N)[None, :]
    x = tl.load(X + rm * N + rn)
    tl.store(Prod + tl.arange(0, M), tl.reduce(x, 1, _mul_combine))
    idx = tl.broadcast_to(rn, (M, N))
    v, i = tl.reduce((x, idx), axis=1, combine_fn=_argmax_combine)
    tl.store(Val + tl.arange(0, M), v)
    tl.store(Idx + tl.arange(0, M), i)


def test_tl_reduce_with_jit_combine(backend, rng):
    x = np.round(random_array(rng, (M, N), "float32", low=-3, high=3)) / 2  # ties occur
    x[x == 0] = 1.5
    prod, val, idx = poisoned(M, "float32"), poisoned(M, "float32"), poisoned(M, "int32")
    _custom_reduce[(1,)](x, prod, val, idx, M=M, N=N)
    assert_close(prod, np.prod(x.astype(np.float64), axis=1).astype(np.float32), rtol=1e-5)
    assert_close(val, x.max(1))
    assert_close(idx, x.argmax(1).astype(np.int32))


@tiled.jit
def _scan(X, Out, OP: tl.constexpr, AXIS: tl.constexpr, REV: tl.constexpr,
          M: tl.constexpr, N: tl.constexpr):
    offs = tl.arange(0, M)[:, None] * N + tl.arange(0, N)[None, :]
    x = tl.load(X + offs)
    if OP == "cumsum":
        y = tl.cumsum(x, axis=AXIS, reverse=REV)
    elif OP == "cumprod":
        y = tl.cumprod(x, AXIS, reverse=REV)
    else:
        tl.static_assert(OP == "cummax")
        y = tl.associative_scan(x, AXIS, _max_combine, reverse=REV)
    tl.store(Out + offs, y)


@tiled.jit
def _max_combine(a, b):
    return tl.maximum(a, b)


def _np_scan(op, x, axis, reverse):
    if reverse:
        x = np.flip(x, axis)
    if op == "cumsum":
        y = np.cumsum(x, axis=axis, dtype=x.dtype)
    elif op == "cumprod":
        y = np.cumprod(x.astype(np.float64), axis=axis).astype(x.dtype)
    else:
        y = np.maximum.accumulate(x, axis=axis)
    return np.flip(y, axis) if reverse else y


@pytest.mark.parametrize("reverse", [False, True])
@pytest.mark.parametrize("axis", [0, 1])
@pytest.mark.parametrize("op,dt", [("cumsum", "float32"), ("cumsum", "int32"),
                                   ("cumprod", "float32"), ("cummax", "int32"),
                                   ("cummax", "float32")])
def test_scans(backend, rng, op, dt, axis, reverse):
    if op == "cumprod":
        # factors near 1 keep the products in range; signs still alternate
        x = random_array(rng, (M, N), dt, low=0.8, high=1.2)
        x[:, ::5] *= -1
    else:
        x = random_array(rng, (M, N), dt)
    out = poisoned((M, N), dt)
    _scan[(1,)](x, out, OP=op, AXIS=axis, REV=reverse, M=M, N=N)
    assert_close(out, _np_scan(op, x, axis, reverse), rtol=1e-5, atol=1e-5)


@tiled.jit
def _cumsum_1d(X, Out, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    tl.store(Out + offs, tl.cumsum(tl.load(X + offs), 0))


def test_cumsum_1d_long(backend, rng):
    x = random_array(rng, 1024, "int32", low=-50, high=50)
    out = poisoned(1024, "int32")
    _cumsum_1d[(1,)](x, out, BLOCK=1024)
    assert_close(out, np.cumsum(x).astype(np.int32))


@tiled.jit
def _masked_row_sum(X, Out, n_cols, stride, BLOCK: tl.constexpr):
    """A typical softmax-style row reduction: masked lanes load a neutral element."""
    row = tl.program_id(0)
    cols = tl.arange(0, BLOCK)
    mask = cols < n_cols
    x = tl.load(X + row * stride + cols, mask=mask, other=-float("inf"))
    m = tl.max(x, axis=0)
    e = tl.exp(x - m)
    tl.store(Out + row * stride + cols, e / tl.sum(e, axis=0), mask=mask)


@pytest.mark.parametrize("n_cols", [1, 37, 128])
def test_masked_softmax_rows(backend, rng, n_cols):
    rows = 5
    x = random_array(rng, (rows, n_cols), "float32", low=-5, high=5)
    out = poisoned((rows, n_cols), "float32")
    _masked_row_sum[(rows,)](x, out, n_cols, n_cols, BLOCK=128)
    e = np.exp(x - x.max(1, keepdims=True))
    assert_close(out, e / e.sum(1, keepdims=True), rtol=1e-5, atol=1e-6)
