"""Elementwise math: where/minimum/maximum/clamp/abs, transcendental functions, fma, floor,
ceil, umulhi, and ``.to`` conversions (value casts, float->int truncation, bitcasts)."""
import math

import numpy as np
import pytest

import tiledsl as tiled
import tiledsl.language as tl

from helpers import assert_close, np_dtype, poisoned, random_array, tl_dtype

B = 64


@tiled.jit
def _unary(X, Z, OP: tl.constexpr, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    x = tl.load(X + offs)
    if OP == "exp":
        z = tl.exp(x)
    elif OP == "exp2":
        z = tl.exp2(x)
    elif OP == "log":
        z = tl.log(x)
    elif OP == "log2":
        z = tl.log2(x)
    elif OP == "sqrt":
        z = tl.sqrt(x)
    elif OP == "rsqrt":
        z = tl.rsqrt(x)
    elif OP == "sin":
        z = tl.sin(x)
    elif OP == "cos":
        z = tl.cos(x)
    elif OP == "sigmoid":
        z = tl.sigmoid(x)
    elif OP == "erf":
        z = tl.erf(x)
    elif OP == "floor":
        z = tl.floor(x)
    elif OP == "ceil":
        z = tl.ceil(x)
    elif OP == "abs":
        z = tl.abs(x)
    else:
        tl.static_assert(OP == "exp_method")
        z = x.exp() + tl.math.exp(x) * 0   # tensor-method and tl.math spellings
    tl.static_assert(z.dtype == x.dtype)
    tl.store(Z + offs, z)


def _erf(x):
    return np.vectorize(math.erf)(x.astype(np.float64))


_UNARY = {
    # op: (numpy reference on float64, input range)
    "exp": (np.exp, (-5, 5)), "exp2": (np.exp2, (-5, 5)),
    "log": (np.log, (0.01, 10)), "log2": (np.log2, (0.01, 10)),
    "sqrt": (np.sqrt, (0, 10)), "rsqrt": (lambda v: 1 / np.sqrt(v), (0.01, 10)),
    "sin": (np.sin, (-6, 6)), "cos": (np.cos, (-6, 6)),
    "sigmoid": (lambda v: 1 / (1 + np.exp(-v)), (-8, 8)), "erf": (_erf, (-3, 3)),
    "floor": (np.floor, (-5, 5)), "ceil": (np.ceil, (-5, 5)), "abs": (np.abs, (-5, 5)),
    "exp_method": (np.exp, (-3, 3)),
}


@pytest.mark.parametrize("dt", ["float32", "float64"])
@pytest.mark.parametrize("op", list(_UNARY))
def test_unary_math(backend, rng, op, dt):
    ref, (lo, hi) = _UNARY[op]
    x = random_array(rng, B, dt, low=lo, high=hi)
    if op in ("floor", "ceil"):
        x[:4] = [-1.0, 1.0, -0.5, 2.5]  # integral values and halves
    z = poisoned(B, dt)
    _unary[(1,)](x, z, OP=op, BLOCK=B)
    expected = ref(x.astype(np.float64)).astype(np_dtype(dt))
    if dt == "float32":
        assert_close(z, expected, rtol=2e-6, atol=2e-6)
    else:
        assert_close(z, expected, rtol=1e-12, atol=1e-13)


@pytest.mark.parametrize("dt", ["int8", "int32", "int64", "float16", "bfloat16"])
def test_abs_other_dtypes(backend, rng, dt):
    if dt[0] == "i":
        info = np.iinfo(np_dtype(dt))
        x = random_array(rng, B, dt, low=info.min, high=info.max)
        x[0] = info.min  # |INT_MIN| wraps to INT_MIN
    else:
        x = random_array(rng, B, dt)
    z = poisoned(B, dt)
    _unary[(1,)](x, z, OP="abs", BLOCK=B)
    with np.errstate(over="ignore"):
        assert_close(z, np.abs(x))


@tiled.jit
def _where_minmax(X, Y, C, Out, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    x = tl.load(X + offs)
    y = tl.load(Y + offs)
    c = tl.load(C + offs)
    tl.store(Out + offs, tl.where(c > 0, x, y))
    tl.store(Out + BLOCK + offs, tl.minimum(x, y))
    tl.store(Out + 2 * BLOCK + offs, tl.maximum(x, y))
    tl.store(Out + 3 * BLOCK + offs, tl.where(c > 0, x, 0))      # scalar branch
    tl.store(Out + 4 * BLOCK + offs, tl.where(x > y, 1, y))      # scalar then-branch


@pytest.mark.parametrize("dt", ["int32", "uint32", "int8", "float32", "float16"])
def test_where_minimum_maximum(backend, rng, dt):
    if dt == "uint32":
        x = random_array(rng, B, dt, low=0, high=2**32 - 1)  # unsigned order matters
        y = random_array(rng, B, dt, low=0, high=2**32 - 1)
    elif dt == "int8":
        x = random_array(rng, B, dt, low=-128, high=127)
        y = random_array(rng, B, dt, low=-128, high=127)
    else:
        x = random_array(rng, B, dt, low=-50, high=50)
        y = random_array(rng, B, dt, low=-50, high=50)
    c = random_array(rng, B, "int32", low=-1, high=1)
    out = poisoned(5 * B, dt)
    _where_minmax[(1,)](x, y, c, out, BLOCK=B)
    assert_close(out[:B], np.where(c > 0, x, y))
    assert_close(out[B:2 * B], np.minimum(x, y))
    assert_close(out[2 * B:3 * B], np.maximum(x, y))
    assert_close(out[3 * B:4 * B], np.where(c > 0, x, 0).astype(x.dtype))
    assert_close(out[4 * B:], np.where(x > y, 1, y).astype(x.dtype))


@tiled.jit
def _where_broadcast(X, Out, M: tl.constexpr, N: tl.constexpr):
    r = tl.arange(0, M)[:, None]
    c = tl.arange(0, N)[None, :]
    x = tl.load(X + tl.arange(0, N))
    # condition (M, N), then-branch (1, N), else-branch scalar -> (M, N)
    w = tl.where(r >= c, x[None, :], -1.0)
    tl.store(Out + r * N + c, w)


def test_where_broadcasts(backend, rng):
    M, N = 8, 16
    x = random_array(rng, N, "float32")
    out = poisoned((M, N), "float32")
    _where_broadcast[(1,)](x, out, M=M, N=N)
    r, c = np.arange(M)[:, None], np.arange(N)[None, :]
    assert_close(out, np.where(r >= c, x[None, :], np.float32(-1.0)))


@tiled.jit
def _nan_minmax(X, Y, Out, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    x = tl.load(X + offs)
    y = tl.load(Y + offs)
    tl.store(Out + offs, tl.maximum(x, y, propagate_nan=tl.PropagateNan.ALL))
    tl.store(Out + BLOCK + offs, tl.minimum(x, y, propagate_nan=tl.PropagateNan.ALL))


def test_minmax_propagate_nan_all(backend, rng):
    x = random_array(rng, 16, "float32")
    y = random_array(rng, 16, "float32")
    x[::3] = np.nan
    out = poisoned(32, "float32")
    _nan_minmax[(1,)](x, y, out, BLOCK=16)
    assert_close(out[:16], np.maximum(x, y))   # numpy's maximum propagates NaN too
    assert_close(out[16:], np.minimum(x, y))


@tiled.jit
def _clamp(X, Out, lo, hi, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    x = tl.load(X + offs)
    tl.store(Out + offs, tl.clamp(x, lo, hi))
    tl.store(Out + BLOCK + offs, tl.clamp(x, -0.5, 0.25))


@pytest.mark.parametrize("dt", ["float32", "float16", "float64"])
def test_clamp(backend, rng, dt):
    x = random_array(rng, B, dt)
    out = poisoned(2 * B, dt)
    _clamp[(1,)](x, out, -1.0, 1.25, BLOCK=B)
    assert_close(out[:B], np.clip(x, -1.0, 1.25).astype(x.dtype))
    assert_close(out[B:], np.clip(x, -0.5, 0.25).astype(x.dtype))


@tiled.jit
def _fma(X, Y, W, Out, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    tl.store(Out + offs, tl.fma(tl.load(X + offs), tl.load(Y + offs), tl.load(W + offs)))


@pytest.mark.parametrize("dt", ["float32", "float64"])
def test_fma(backend, rng, dt):
    x, y, w = (random_array(rng, B, dt) for _ in range(3))
    out = poisoned(B, dt)
    _fma[(1,)](x, y, w, out, BLOCK=B)
    ref = (x.astype(np.float64) * y + w).astype(np_dtype(dt))
    assert_close(out, ref, rtol=1e-6 if dt == "float32" else 1e-14, atol=1e-7)


@tiled.jit
def _umulhi(X, Y, Out, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    tl.store(Out + offs, tl.umulhi(tl.load(X + offs), tl.load(Y + offs)))


@pytest.mark.parametrize("dt", ["uint32", "uint64"])
def test_umulhi(backend, rng, dt):
    bits = 32 if dt == "uint32" else 64
    x = random_array(rng, B, dt, low=0, high=2**bits - 1)
    y = random_array(rng, B, dt, low=0, high=2**bits - 1)
    out = poisoned(B, dt)
    _umulhi[(1,)](x, y, out, BLOCK=B)
    ref = np.array([(int(a) * int(b)) >> bits for a, b in zip(x, y)], dtype=np_dtype(dt))
    assert_close(out, ref)


@tiled.jit
def _convert(X, Out, DST: tl.constexpr, BITCAST: tl.constexpr, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    y = tl.load(X + offs).to(DST, bitcast=BITCAST)
    tl.static_assert(y.dtype == DST)
    tl.store(Out + offs, y)


_CASTS = [
    # (src, dst, input range); float->int truncates toward zero
    ("float32", "int32", (-1000, 1000)), ("float32", "int8", (-100, 100)),
    ("float64", "int64", (-1e6, 1e6)), ("float16", "int16", (-300, 300)),
    ("float32", "uint8", (0, 255)), ("float32", "uint32", (0, 4e9)),
    ("int32", "float32", None), ("int64", "float64", None), ("uint32", "float32", None),
    ("int8", "int32", None), ("uint8", "int32", None), ("int8", "uint32", None),
    ("int64", "int8", None), ("uint64", "int16", None), ("int32", "int64", None),
    ("float32", "float16", (-100, 100)), ("float32", "bfloat16", (-100, 100)),
    ("float16", "float32", None), ("bfloat16", "float32", None), ("float64", "float32", None),
    ("bfloat16", "float16", (-10, 10)), ("int32", "int1", (-2, 2)),
    ("float32", "int1", (-2, 2)), ("int1", "int32", None), ("int1", "float32", None),
]


@pytest.mark.parametrize("src,dst,rng_", _CASTS, ids=[f"{s}->{d}" for s, d, _ in _CASTS])
def test_value_cast(backend, rng, src, dst, rng_):
    if rng_ is None:
        if src[0] in "iu" and src != "int1":
            info = np.iinfo(np_dtype(src))
            x = random_array(rng, B, src, low=info.min, high=info.max)
        else:
            x = random_array(rng, B, src)
    else:
        x = random_array(rng, B, src, low=rng_[0], high=rng_[1])
    if src[0] == "f" and dst == "int1":
        x[:3] = [0.0, -0.0, 0.25]
    out = poisoned(B, dst)
    _convert[(1,)](x, out, DST=tl_dtype(dst), BITCAST=False, BLOCK=B)
    if dst == "int1":
        expected = x != 0
    elif src[0] == "f" and dst[0] in "iu":
        expected = np.trunc(x.astype(np.float64)).astype(np_dtype(dst))
    else:
        with np.errstate(over="ignore", invalid="ignore"):
            expected = x.astype(np_dtype(dst))
    assert_close(out, expected, rtol=0, atol=0)  # casts round exactly (to nearest even)


_BITCASTS = [("float32", "int32"), ("int32", "float32"), ("float16", "int16"),
             ("uint32", "int32"), ("int64", "float64"), ("bfloat16", "uint16"),
             ("int8", "uint8")]


@pytest.mark.parametrize("src,dst", _BITCASTS, ids=[f"{s}->{d}" for s, d in _BITCASTS])
def test_bitcast(backend, rng, src, dst):
    if src[0] == "f" or src == "bfloat16":
        x = random_array(rng, B, src, low=-1e3, high=1e3)
    elif dst[0] == "f" or dst == "bfloat16":
        # bit patterns of ordinary floats: NaN payloads need not survive bit-exactly
        x = random_array(rng, B, dst, low=-1e3, high=1e3).view(np_dtype(src))
    else:
        info = np.iinfo(np_dtype(src))
        x = random_array(rng, B, src, low=info.min, high=info.max)
    out = poisoned(B, dst)
    _convert[(1,)](x, out, DST=tl_dtype(dst), BITCAST=True, BLOCK=B)
    assert_close(out.view(np.uint8), x.view(np.uint8))


@tiled.jit
def _to_and_back(X, Out, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    x = tl.load(X + offs)
    tl.store(Out + offs, x.to(tl.float16).to(tl.float32) - x)   # fp16 rounding error


def test_fp16_rounding_nearest_even(backend, rng):
    x = random_array(rng, B, "float32", low=-100, high=100)
    x[0] = 1.0 + 2.0 ** -11          # exactly halfway between two fp16 values
    out = poisoned(B, "float32")
    _to_and_back[(1,)](x, out, BLOCK=B)
    assert_close(out, x.astype(np.float16).astype(np.float32) - x, rtol=0, atol=0)
