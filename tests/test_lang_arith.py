"""Arithmetic, comparison, bitwise and shift operators with Triton's type promotion.

Rules checked (Triton's ``computation_type_impl`` / ``integer_promote_impl``):
* two integer tiles promote to the wider type; at equal width an unsigned operand wins;
  no C-style promotion of narrow ints to int32, so int8 + int8 wraps at 8 bits;
* floats: fp64 > fp32 > fp16 > bf16 in that order of checks, so fp16 + bf16 -> fp16 and
  bf16 stays bf16 only with another bf16 (int + bf16 -> fp32);
* a Python scalar of a lower or equal kind (bool < uint < int < float) does not change a
  tile's dtype (fp16 tile + 3 -> fp16, int8 tile + 100 -> int8), a higher kind does
  (int32 tile + 1.5 -> fp32);
* ``/`` on two ints is fp32 true division; ``/`` and ``%`` on fp16/bf16 compute in fp32;
* ``//`` and ``%`` on ints truncate toward zero (C), ``%`` on floats is C's ``fmod``;
* ``>>`` is arithmetic on signed and logical on unsigned types; all integer arithmetic wraps.
"""
import numpy as np
import pytest

import tiledsl as tiled
import tiledsl.language as tl

from helpers import (INT_DTYPES, assert_close, c_div, c_mod, np_dtype, poisoned,
                     random_array, run_numpy_int, tl_dtype)

B = 64


@tiled.jit
def _binop(X, Y, Z, OP: tl.constexpr, OUT_DT: tl.constexpr, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    x = tl.load(X + offs)
    y = tl.load(Y + offs)
    if OP == "add":
        z = x + y
    elif OP == "sub":
        z = x - y
    elif OP == "mul":
        z = x * y
    elif OP == "truediv":
        z = x / y
    elif OP == "floordiv":
        z = x // y
    elif OP == "mod":
        z = x % y
    elif OP == "and":
        z = x & y
    elif OP == "or":
        z = x | y
    elif OP == "xor":
        z = x ^ y
    elif OP == "shl":
        z = x << y
    elif OP == "shr":
        z = x >> y
    elif OP == "lt":
        z = x < y
    elif OP == "le":
        z = x <= y
    elif OP == "gt":
        z = x > y
    elif OP == "ge":
        z = x >= y
    elif OP == "eq":
        z = x == y
    else:
        tl.static_assert(OP == "ne")
        z = x != y
    tl.static_assert(z.dtype == OUT_DT)
    tl.store(Z + offs, z)


def _run_binop(x, y, op, out_dt):
    z = poisoned(x.shape, out_dt)
    _binop[(1,)](x, y, z, OP=op, OUT_DT=tl_dtype(out_dt), BLOCK=x.size)
    return z


def _full_range(rng, dt):
    info = np.iinfo(np_dtype(dt))
    return random_array(rng, B, dt, low=info.min, high=info.max)


_NP_BIN = {
    "add": np.add, "sub": np.subtract, "mul": np.multiply,
    "and": np.bitwise_and, "or": np.bitwise_or, "xor": np.bitwise_xor,
}


@pytest.mark.parametrize("dt", INT_DTYPES)
@pytest.mark.parametrize("op", ["add", "sub", "mul", "and", "or", "xor"])
def test_int_binop_wraps(backend, rng, dt, op):
    """Full-range operands: add/sub/mul overflow and must wrap at the dtype's width."""
    x, y = _full_range(rng, dt), _full_range(rng, dt)
    z = _run_binop(x, y, op, dt)
    assert_close(z, run_numpy_int(_NP_BIN[op], x, y, dtype=dt))


@pytest.mark.parametrize("dt", INT_DTYPES)
@pytest.mark.parametrize("op", ["floordiv", "mod"])
def test_int_div_mod_truncate(backend, rng, dt, op):
    x = random_array(rng, B, dt, low=-1000 if dt[0] == "i" else 0, high=1000)
    y = random_array(rng, B, dt, low=-30 if dt[0] == "i" else 1, high=30, nonzero=True)
    if dt[0] == "i":  # make sure negative / positive mixes occur
        y[y == -1] = 2  # INT_MIN // -1 overflows (undefined in C)
        x[:4] = [-7, 7, -7, -8]
        y[:4] = [2, -2, -2, 3]
    z = _run_binop(x, y, op, dt)
    ref = c_div(x, y) if op == "floordiv" else c_mod(x, y)
    assert_close(z, ref.astype(np_dtype(dt)))


@pytest.mark.parametrize("dt", ["int32", "int64", "uint32"])
def test_int_div_full_range(backend, rng, dt):
    x = _full_range(rng, dt)
    y = _full_range(rng, dt)
    y[y == 0] = 3
    if dt[0] == "i":
        y[y == -1] = 5  # INT_MIN / -1 overflows (undefined in C); keep it out
    z = _run_binop(x, y, "floordiv", dt)
    r = _run_binop(x, y, "mod", dt)
    if dt == "uint32":
        assert_close(z, x // y)
        assert_close(r, x % y)
    else:
        xi = [int(v) for v in x]
        yi = [int(v) for v in y]
        q = [abs(a) // abs(b) * (1 if (a < 0) == (b < 0) else -1) for a, b in zip(xi, yi)]
        assert_close(z, np.array(q, dtype=np_dtype(dt)))
        assert_close(r, np.array([a - qq * b for a, b, qq in zip(xi, yi, q)],
                                 dtype=np_dtype(dt)))


@pytest.mark.parametrize("dt", ["int8", "int16", "int32", "int64", "uint8", "uint32", "uint64"])
def test_int_truediv_is_fp32(backend, rng, dt):
    x = random_array(rng, B, dt, low=-100 if dt[0] == "i" else 0, high=100)
    y = random_array(rng, B, dt, low=-9 if dt[0] == "i" else 1, high=9, nonzero=True)
    z = _run_binop(x, y, "truediv", "float32")
    assert_close(z, x.astype(np.float32) / y.astype(np.float32))


@pytest.mark.parametrize("dt", INT_DTYPES)
@pytest.mark.parametrize("op", ["shl", "shr"])
def test_shifts(backend, rng, dt, op):
    """Shift amounts stay below the bit width (larger ones are undefined, as in C)."""
    bits = np_dtype(dt).itemsize * 8
    x = _full_range(rng, dt)
    y = rng.integers(0, bits, size=B).astype(np_dtype(dt))
    if dt[0] == "i":
        x[:2] = [-1, np.iinfo(np_dtype(dt)).min]  # arithmetic shift keeps the sign bit
        y[:2] = [bits - 1, 1]
    z = _run_binop(x, y, op, dt)
    fn = np.left_shift if op == "shl" else np.right_shift
    assert_close(z, run_numpy_int(fn, x, y, dtype=dt))


@pytest.mark.parametrize("dt", ["float16", "bfloat16", "float32", "float64"])
@pytest.mark.parametrize("op", ["add", "sub", "mul"])
def test_float_binop_same_dtype(backend, rng, dt, op):
    x, y = random_array(rng, B, dt), random_array(rng, B, dt)
    z = _run_binop(x, y, op, dt)
    ref = {"add": x + y, "sub": x - y, "mul": x * y}[op]
    assert_close(z, ref, dtype=dt)


@pytest.mark.parametrize("dt,out", [("float16", "float32"), ("bfloat16", "float32"),
                                    ("float32", "float32"), ("float64", "float64")])
def test_float_truediv_and_fmod(backend, rng, dt, out):
    """fp16/bf16 ``/`` and ``%`` compute in fp32 (Triton's rule); ``%`` is C fmod."""
    x = random_array(rng, B, dt, low=-8, high=8)
    y = random_array(rng, B, dt, low=0.5, high=3)
    y[::2] = -y[::2]
    z = _run_binop(x, y, "truediv", out)
    xf, yf = x.astype(np_dtype(out)), y.astype(np_dtype(out))
    assert_close(z, xf / yf, rtol=1e-6 if out == "float32" else 1e-13)
    r = _run_binop(x, y, "mod", out)
    assert_close(r, np.fmod(xf, yf), rtol=1e-5, atol=1e-5)


_PROMOTIONS = [
    ("int32", "int64", "int64"), ("int8", "int16", "int16"), ("int8", "uint8", "uint8"),
    ("uint32", "int32", "uint32"), ("int64", "uint32", "int64"), ("uint8", "int16", "int16"),
    ("int1", "int32", "int32"), ("int1", "int8", "int8"),
    ("float16", "float32", "float32"), ("float16", "bfloat16", "float16"),
    ("bfloat16", "bfloat16", "bfloat16"), ("float32", "float64", "float64"),
    ("int32", "float16", "float16"), ("int64", "float32", "float32"),
    ("uint8", "bfloat16", "float32"), ("int16", "float64", "float64"),
]


@pytest.mark.parametrize("a,b,out", _PROMOTIONS, ids=[f"{a}+{b}" for a, b, _ in _PROMOTIONS])
def test_tile_tile_promotion(backend, rng, a, b, out):
    x = random_array(rng, B, a, low=None if a == "int1" else -100 if a[0] == "i" else 0,
                     high=None if a == "int1" else 100)
    y = random_array(rng, B, b, low=None if b == "int1" else -100 if b[0] == "i" else 0,
                     high=None if b == "int1" else 100)
    z = _run_binop(x, y, "add", out)
    od = np_dtype(out)
    with np.errstate(over="ignore"):
        ref = (x.astype(od) + y.astype(od)).astype(od)
    assert_close(z, ref, dtype=out, rtol=1e-2 if out in ("float16", "bfloat16") else None)
    lt = _run_binop(x, y, "lt", "int1")
    assert_close(lt, x.astype(od) < y.astype(od))


@tiled.jit
def _scalar_promo(X, Z, OP: tl.constexpr, OUT_DT: tl.constexpr, BLOCK: tl.constexpr):
    x = tl.load(X + tl.arange(0, BLOCK))
    if OP == "add3":
        z = x + 3
    elif OP == "mul2.5":
        z = x * 2.5
    elif OP == "add1.5":
        z = x + 1.5
    elif OP == "add100":
        z = 100 + x
    elif OP == "div2":
        z = x / 2
    elif OP == "floordiv3":
        z = x // 3
    elif OP == "mod3":
        z = x % 3
    elif OP == "rsub":
        z = 7 - x
    else:
        tl.static_assert(OP == "neg")
        z = -x
    tl.static_assert(z.dtype == OUT_DT)
    tl.store(Z + tl.arange(0, BLOCK), z)


_SCALAR_CASES = [
    ("float16", "add3", "float16", lambda x: x + np.float16(3)),
    ("float16", "mul2.5", "float16", lambda x: x * np.float16(2.5)),
    ("bfloat16", "add3", "bfloat16", lambda x: (x.astype(np.float32) + 3)),
    ("int32", "add1.5", "float32", lambda x: x.astype(np.float32) + np.float32(1.5)),
    ("int8", "add100", "int8", lambda x: x + np.int8(100)),
    ("int32", "div2", "float32", lambda x: x.astype(np.float32) / np.float32(2)),
    ("float16", "div2", "float32", lambda x: x.astype(np.float32) / np.float32(2)),
    ("int32", "floordiv3", "int32", lambda x: c_div(x, np.int32(3))),
    ("int32", "mod3", "int32", lambda x: c_mod(x, np.int32(3))),
    ("int64", "rsub", "int64", lambda x: np.int64(7) - x),
    ("uint32", "add3", "uint32", lambda x: x + np.uint32(3)),
    ("int16", "neg", "int16", lambda x: -x),
]


@pytest.mark.parametrize("dt,op,out,ref", _SCALAR_CASES,
                         ids=[f"{d}-{o}" for d, o, _, _ in _SCALAR_CASES])
def test_tile_python_scalar_promotion(backend, rng, dt, op, out, ref):
    if dt[0] == "u":
        x = random_array(rng, B, dt, low=0, high=1000)
    elif dt in ("int8", "int16"):
        x = _full_range(rng, dt)  # wraps on purpose
    else:
        x = random_array(rng, B, dt, low=-50, high=50)
    z = poisoned(B, out)
    _scalar_promo[(1,)](x, z, OP=op, OUT_DT=tl_dtype(out), BLOCK=B)
    expected = run_numpy_int(ref, x, dtype=out) if out[0] in "iu" else ref(x).astype(
        np_dtype(out))
    assert_close(z, expected, dtype=out, rtol=1e-2 if out in ("float16", "bfloat16") else None)


@tiled.jit
def _lcg(X, Z, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    x = tl.load(X + offs)
    for _ in tl.static_range(3):
        x = x * 1103515245 + 12345   # int32 wrap-around is defined behaviour here
    tl.store(Z + offs, x ^ (x >> 16))


def test_int32_wraparound_hash(backend, rng):
    """Data arithmetic that wraps is legal (no IndexOverflowError: it is never an address)."""
    x = _full_range(rng, "int32")
    z = poisoned(B, "int32")
    _lcg[(1,)](x, z, BLOCK=B)
    with np.errstate(over="ignore"):
        ref = x.copy()
        for _ in range(3):
            ref = ref * np.int32(1103515245) + np.int32(12345)
        ref = ref ^ (ref >> 16)
    assert_close(z, ref)


@tiled.jit
def _unary_int(X, Z, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    x = tl.load(X + offs)
    tl.store(Z + offs, ~x)
    tl.store(Z + BLOCK + offs, -x)
    tl.store(Z + 2 * BLOCK + offs, +x)


@pytest.mark.parametrize("dt", ["int8", "int32", "int64", "uint16"])
def test_unary_invert_neg(backend, rng, dt):
    x = _full_range(rng, dt)
    x[0] = np.iinfo(np_dtype(dt)).min  # -INT_MIN wraps to itself
    z = poisoned(3 * B, dt)
    _unary_int[(1,)](x, z, BLOCK=B)
    assert_close(z[:B], ~x)
    assert_close(z[B:2 * B], run_numpy_int(np.negative, x, dtype=dt))
    assert_close(z[2 * B:], x)


@pytest.mark.parametrize("dt", ["int32", "uint32", "float32", "float16"])
@pytest.mark.parametrize("op", ["lt", "le", "gt", "ge", "eq", "ne"])
def test_comparisons(backend, rng, dt, op):
    if dt[0] == "u":
        x = _full_range(rng, dt)  # values >= 2**31 compare unsigned
        y = _full_range(rng, dt)
    else:
        x = random_array(rng, B, dt, low=-4, high=4)
        y = random_array(rng, B, dt, low=-4, high=4)
        if dt[0] == "f":
            x, y = np.round(x), np.round(y)  # equal values must occur
    y[:8] = x[:8]
    z = _run_binop(x, y, op, "int1")
    ref = {"lt": x < y, "le": x <= y, "gt": x > y, "ge": x >= y, "eq": x == y,
           "ne": x != y}[op]
    assert_close(z, ref)


@tiled.jit
def _bool_logic(X, Y, Z, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    x = tl.load(X + offs) > 0
    y = tl.load(Y + offs) > 0
    tl.store(Z + offs, (x & y) | (~x & ~y))        # xnor through and/or/invert on int1
    tl.store(Z + BLOCK + offs, x ^ y)


def test_bool_tile_logic(backend, rng):
    x = random_array(rng, B, "int32", low=-5, high=5)
    y = random_array(rng, B, "int32", low=-5, high=5)
    z = poisoned(2 * B, "int1")
    _bool_logic[(1,)](x, y, z, BLOCK=B)
    assert_close(z[:B], (x > 0) == (y > 0))
    assert_close(z[B:], (x > 0) != (y > 0))


@tiled.jit
def _runtime_scalars(Out, a, b, fa, fb):
    tl.store(Out + 0, (a // b).to(tl.float32))
    tl.store(Out + 1, (a % b).to(tl.float32))
    tl.store(Out + 2, a / b)                  # int / int -> fp32
    tl.store(Out + 3, fa * fb + a)
    tl.store(Out + 4, (a < b).to(tl.float32))
    tl.store(Out + 5, (a << 2).to(tl.float32))
    tl.store(Out + 6, fa % fb)


def test_runtime_scalar_arith(backend):
    """Runtime scalars follow the same C-like rules: -7 // 2 == -3, -7 % 2 == -1."""
    out = poisoned(7, "float32")
    _runtime_scalars[(1,)](out, -7, 2, 2.5, -1.5)
    assert_close(out, np.array([-3, -1, -3.5, 2.5 * -1.5 - 7, 1, -28,
                                np.fmod(2.5, -1.5)], np.float32))


@tiled.jit
def _constexpr_arith(Out, A: tl.constexpr, B_: tl.constexpr):
    # constexpr operands fold with Python semantics (they are Python values), as in Triton
    tl.store(Out + 0, A // B_)
    tl.store(Out + 1, A % B_)
    tl.store(Out + 2, A * B_ + 1)


def test_constexpr_arith_is_python(backend):
    out = poisoned(3, "int32")
    _constexpr_arith[(1,)](out, A=-7, B_=2)
    assert_close(out, np.array([-7 // 2, -7 % 2, -13], np.int32))


@tiled.jit
def _int64_scalar_arg(Out, big, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    tl.store(Out + offs, big + offs)


def test_large_python_int_arg_is_int64(backend):
    """A Python int outside int32 range is passed as int64 (Triton's specialisation)."""
    out = poisoned(16, "int64")
    big = 3 * 2**33 + 5
    _int64_scalar_arg[(1,)](out, big, BLOCK=16)
    assert_close(out, np.arange(16, dtype=np.int64) + big)
