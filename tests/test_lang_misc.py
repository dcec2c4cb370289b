"""Smaller pieces of the language contract: constexpr globals, implicit conversion on store,
special float values, load/store/atomic keyword hints, persistent (grid-stride) kernels,
boolean operators, helper defaults, one-element tiles and power-of-two division."""
import numpy as np
import pytest

import tiledsl as tiled
import tiledsl.language as tl

from helpers import (assert_close, c_div, c_mod, is_poison, np_dtype, poisoned,
                     random_array)

SCALE = tl.constexpr(3)
WIDTH = tl.constexpr(16)


@tiled.jit
def _uses_globals(Out):
    offs = tl.arange(0, WIDTH)
    tl.store(Out + offs, offs * SCALE)


def test_constexpr_globals(backend):
    out = poisoned(16, "int32")
    _uses_globals[(1,)](out)
    assert_close(out, np.arange(16, dtype=np.int32) * 3)


@tiled.jit
def _store_converts(X, F16, I8, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    x = tl.load(X + offs)          # float32
    tl.store(F16 + offs, x)        # implicit fp32 -> fp16 (round to nearest)
    tl.store(I8 + offs, x)         # implicit fp32 -> int8 (truncation)


def test_store_converts_to_pointer_dtype(backend, rng):
    x = random_array(rng, 32, "float32", low=-100, high=100)
    x[:2] = [0.0, -0.75]
    f16, i8 = poisoned(32, "float16"), poisoned(32, "int8")
    _store_converts[(1,)](x, f16, i8, BLOCK=32)
    assert_close(f16, x.astype(np.float16), rtol=0, atol=0)
    assert_close(i8, np.trunc(x).astype(np.int8))


@tiled.jit
def _store_scalar(Out, v, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    tl.store(Out + offs, v)        # a scalar value broadcast over a pointer tile
    tl.store(Out + BLOCK + offs, 7, mask=offs < 3)


def test_store_scalar_broadcast(backend):
    out = poisoned(32, "float32")
    _store_scalar[(1,)](out, 2.5, BLOCK=16)
    assert_close(out[:16], np.full(16, 2.5, np.float32))
    assert_close(out[16:19], np.full(3, 7, np.float32))
    assert is_poison(out[19:]).all()


@tiled.jit
def _copy_bits(X, Y, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    tl.store(Y + offs, tl.load(X + offs))


@pytest.mark.parametrize("dt", ["float16", "bfloat16", "float32", "float64"])
def test_special_float_values_roundtrip(backend, dt):
    vals = np.array([0.0, -0.0, np.inf, -np.inf, 1e-45, -1.5, 65504.0, np.nan], np.float64)
    x = np.resize(vals, 16).astype(np_dtype(dt))
    y = poisoned(16, dt)
    _copy_bits[(1,)](x, y, BLOCK=16)
    finite = ~np.isnan(x.astype(np.float64))
    np.testing.assert_array_equal(x.view(np.uint8).reshape(16, -1)[finite],
                                  y.view(np.uint8).reshape(16, -1)[finite])
    assert np.isnan(y.astype(np.float64)[~finite]).all()


@tiled.jit
def _hinted(X, Y, C, n, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    m = offs < n
    x = tl.load(X + offs, mask=m, other=0.0, cache_modifier=".cg",
                eviction_policy="evict_last", volatile=False)
    tl.store(Y + offs, x, mask=m, cache_modifier=".wb", eviction_policy="evict_first")
    tl.atomic_add(C, 1, sem="relaxed", scope="gpu")
    tl.atomic_max(C + 1, n, sem="acq_rel")


def test_load_store_atomic_hints_accepted(backend, rng):
    x = random_array(rng, 16, "float32")
    y = poisoned(16, "float32")
    c = np.zeros(2, np.int32)
    _hinted[(3,)](x, y, c, 10, BLOCK=16)
    assert_close(y[:10], x[:10])
    assert list(c) == [3, 10]


@tiled.jit
def _persistent(X, Y, n_tiles, BLOCK: tl.constexpr):
    """Grid-stride loop: each program handles tiles pid, pid + P, pid + 2P, ..."""
    pid = tl.program_id(0)
    for t in range(pid, n_tiles, tl.num_programs(0)):
        offs = t * BLOCK + tl.arange(0, BLOCK)
        tl.store(Y + offs, tl.load(X + offs) + t)


def test_persistent_grid_stride_loop(backend, rng):
    B, tiles = 16, 11
    x = random_array(rng, tiles * B, "int32")
    y = poisoned(tiles * B, "int32")
    _persistent[(4,)](x, y, tiles, BLOCK=B)
    assert_close(y, x + np.repeat(np.arange(tiles), B).astype(np.int32))


def test_zero_sized_grid_runs_nothing(backend, rng):
    x = random_array(rng, 16, "int32")
    y = poisoned(16, "int32")
    _persistent[(0,)](x, y, 1, BLOCK=16)
    assert is_poison(y).all()


@tiled.jit
def _bool_ops(Out, a, b, FLAG: tl.constexpr, OTHER: tl.constexpr):
    r = a * 0                      # a runtime int32 scalar
    if a > 0 and b > 0:            # runtime scalars
        r += 1
    if a > 0 or b > 0:
        r += 10
    if not (a > 0):
        r += 100
    if FLAG and not OTHER:         # constexprs
        r += 1000
    tl.store(Out, r)


@pytest.mark.parametrize("a,b", [(1, 2), (2, -1), (-3, -2), (-1, 5)])
@pytest.mark.parametrize("flag,other", [(True, False), (True, True)])
def test_boolean_operators(backend, a, b, flag, other):
    out = poisoned(1, "int32")
    _bool_ops[(1,)](out, a, b, FLAG=flag, OTHER=other)
    ref = (a > 0 and b > 0) + 10 * (a > 0 or b > 0) + 100 * (not a > 0) \
        + 1000 * (flag and not other)
    assert out[0] == ref


@tiled.jit
def _helper_defaults(x, scale=2, BIAS: tl.constexpr = 1):
    return x * scale + BIAS


@tiled.jit
def _store_helper(ptr, value):
    tl.store(ptr, value)                      # a helper without a return value


@tiled.jit
def _uses_defaults(X, Out, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    x = tl.load(X + offs)
    _store_helper(Out + offs, _helper_defaults(x))
    _store_helper(Out + BLOCK + offs, _helper_defaults(x, 5))
    _store_helper(Out + 2 * BLOCK + offs, _helper_defaults(x, BIAS=-4, scale=3))


def test_helper_default_and_keyword_args(backend, rng):
    x = random_array(rng, 16, "int32")
    out = poisoned(48, "int32")
    _uses_defaults[(1,)](x, out, BLOCK=16)
    assert_close(out[:16], x * 2 + 1)
    assert_close(out[16:32], x * 5 + 1)
    assert_close(out[32:], x * 3 - 4)


@tiled.jit
def _one_element(X, Out):
    offs = tl.arange(0, 1)
    x = tl.load(X + offs)                      # a (1,) tile
    s = tl.sum(x, axis=0)
    c = tl.cumsum(x, axis=0)
    m = tl.reshape(x, (1, 1))
    tl.store(Out + offs, c + s + tl.max(tl.max(m, axis=1), axis=0))


def test_one_element_tiles(backend):
    out = poisoned(1, "int32")
    _one_element[(1,)](np.array([7], np.int32), out)
    assert out[0] == 21


@tiled.jit
def _pow2_div(X, Out, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    x = tl.load(X + offs)
    # a compiler must not turn these into plain shifts/masks for signed values
    tl.store(Out + offs, x // 4)
    tl.store(Out + BLOCK + offs, x % 8)
    tl.store(Out + 2 * BLOCK + offs, x // -2)
    tl.store(Out + 3 * BLOCK + offs, x >> 2)


@pytest.mark.parametrize("dt", ["int32", "int8", "int64"])
def test_power_of_two_division_signed(backend, rng, dt):
    x = random_array(rng, 32, dt, low=-100, high=100)
    x[:4] = [-1, -4, -5, -9]
    out = poisoned(4 * 32, dt)
    _pow2_div[(1,)](x, out, BLOCK=32)
    assert_close(out[:32], c_div(x, 4).astype(x.dtype))
    assert_close(out[32:64], c_mod(x, 8).astype(x.dtype))
    assert_close(out[64:96], c_div(x, -2).astype(x.dtype))
    assert_close(out[96:], (x >> 2).astype(x.dtype))


@tiled.jit
def _tuple_swap(Out, n, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    a = offs
    b = offs * 0 + 100
    for _ in range(n):
        a, b = b, a + b                        # tuple assignment of loop-carried tiles
    tl.store(Out + offs, a)
    tl.store(Out + BLOCK + offs, b)


@pytest.mark.parametrize("n", [0, 1, 5])
def test_tuple_assignment_in_loop(backend, n):
    out = poisoned(32, "int32")
    _tuple_swap[(1,)](out, n, BLOCK=16)
    a, b = np.arange(16), np.full(16, 100)
    for _ in range(n):
        a, b = b, a + b
    assert_close(out[:16], a.astype(np.int32))
    assert_close(out[16:], b.astype(np.int32))


@tiled.jit
def _bool_arg(Out, flag, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    if flag:
        tl.store(Out + offs, offs)
    else:
        tl.store(Out + offs, -offs)


@pytest.mark.parametrize("flag", [True, False])
def test_python_bool_argument(backend, flag):
    out = poisoned(8, "int32")
    _bool_arg[(1,)](out, flag, BLOCK=8)
    assert_close(out, np.arange(8, dtype=np.int32) * (1 if flag else -1))


@tiled.jit
def _full_int64(Out, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    big = tl.full([BLOCK], 2**40, tl.int64)
    tl.store(Out + offs, big + offs)


def test_full_int64_constant(backend):
    out = poisoned(8, "int64")
    _full_int64[(1,)](out, BLOCK=8)
    assert_close(out, np.arange(8, dtype=np.int64) + 2**40)
