"""Control flow and functions: static_range, runtime-bounded range / tl.range, while loops,
runtime and constexpr if/else, nested loops with loop-carried tiles, conditional
expressions, min/max builtins on constexprs, and jit functions calling jit functions."""
import numpy as np
import pytest

import tiledsl as tiled
import tiledsl.language as tl

from helpers import assert_close, c_div, c_mod, is_poison, poisoned, random_array


@tiled.jit
def _static_range(X, Out, BLOCK: tl.constexpr, STEPS: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    acc = tl.zeros([BLOCK], dtype=tl.int32)
    for i in tl.static_range(STEPS):
        acc += tl.load(X + i * BLOCK + offs) * (i + 1)   # i is a compile-time int
    for i in tl.static_range(1, 7, 2):
        acc += i
    tl.store(Out + offs, acc)


def test_static_range(backend, rng):
    B, S = 16, 4
    x = random_array(rng, (S, B), "int32")
    out = poisoned(B, "int32")
    _static_range[(1,)](x, out, BLOCK=B, STEPS=S)
    ref = sum(x[i] * (i + 1) for i in range(S)) + (1 + 3 + 5)
    assert_close(out, ref.astype(np.int32))


@tiled.jit
def _runtime_range(X, Out, start, stop, step, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    acc = tl.zeros([BLOCK], dtype=tl.float32)
    count = 0
    for i in range(start, stop, step):
        acc += tl.load(X + i * BLOCK + offs)
        count += 1
    tl.store(Out + offs, acc)
    tl.store(Out + BLOCK, count.to(tl.float32))


@pytest.mark.parametrize("start,stop,step", [(0, 5, 1), (1, 8, 3), (2, 2, 1), (7, 3, 1),
                                             (0, 8, 16)])
def test_range_runtime_bounds(backend, rng, start, stop, step):
    B, R = 16, 8
    x = random_array(rng, (R, B), "float32")
    out = poisoned(B + 1, "float32")
    _runtime_range[(1,)](x, out, start, stop, step, BLOCK=B)
    idx = list(range(start, stop, step))
    ref = x[idx].sum(0) if idx else np.zeros(B, np.float32)
    assert_close(out[:B], ref, rtol=1e-6, atol=1e-6)
    assert out[B] == len(idx)


@tiled.jit
def _negative_step(Out, start, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    acc = tl.zeros([BLOCK], dtype=tl.int32)
    k = 0
    for i in range(start, 0, -2):          # constant negative step, runtime start
        acc += (offs == k) * i
        k += 1
    tl.store(Out + offs, acc)


@pytest.mark.parametrize("start", [7, 6, 0])
def test_range_negative_constant_step(backend, start):
    out = poisoned(8, "int32")
    _negative_step[(1,)](out, start, BLOCK=8)
    ref = np.zeros(8, np.int32)
    for k, i in enumerate(range(start, 0, -2)):
        ref[k] = i
    assert_close(out, ref)


@tiled.jit
def _tl_range(Out, n, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    acc = tl.zeros([BLOCK], dtype=tl.int64)
    for i in tl.range(0, n, 2, num_stages=2):
        acc += offs.to(tl.int64) * i
    tl.store(Out + offs, acc)


def test_tl_range_with_options(backend):
    out = poisoned(16, "int64")
    _tl_range[(1,)](out, 9, BLOCK=16)
    assert_close(out, np.arange(16, dtype=np.int64) * sum(range(0, 9, 2)))


@tiled.jit
def _while_collatz(X, Out, n):
    """Scalar while loop with a runtime condition and a data-dependent trip count."""
    for i in range(n):
        v = tl.load(X + i)
        steps = 0
        while v != 1:
            if v % 2 == 0:
                v = v // 2
            else:
                v = 3 * v + 1
            steps += 1
        tl.store(Out + i, steps)


def test_while_loop_runtime_condition(backend):
    x = np.array([1, 2, 3, 6, 7, 27], np.int32)
    out = poisoned(len(x), "int32")
    _while_collatz[(1,)](x, out, len(x))

    def collatz(v):
        s = 0
        while v != 1:
            v = v // 2 if v % 2 == 0 else 3 * v + 1
            s += 1
        return s
    assert_close(out, np.array([collatz(int(v)) for v in x], np.int32))


@tiled.jit
def _if_runtime(X, Out, flag, thresh, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    x = tl.load(X + offs)
    if flag > 0:
        y = x * 2
    elif flag == 0:
        y = x - 1
    else:
        y = -x
    s = tl.sum(x, axis=0)
    if s > thresh:          # condition computed from data
        y = y + 1000
    tl.store(Out + offs, y)


@pytest.mark.parametrize("flag", [3, 0, -2])
def test_if_else_runtime_scalar(backend, rng, flag):
    B = 16
    x = random_array(rng, B, "int32", low=-10, high=10)
    for thresh in (int(x.sum()) - 1, int(x.sum())):
        out = poisoned(B, "int32")
        _if_runtime[(1,)](x, out, flag, thresh, BLOCK=B)
        y = x * 2 if flag > 0 else x - 1 if flag == 0 else -x
        if x.sum() > thresh:
            y = y + 1000
        assert_close(out, y.astype(np.int32))


@tiled.jit
def _constexpr_branches(X, Out, MODE: tl.constexpr, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    x = tl.load(X + offs)
    if MODE == "square":
        y = x * x
    elif MODE == "float":
        y = x.to(tl.float32) / 4      # a branch of a different dtype is fine: not taken
    else:
        y = x + 1
    if MODE != "float":
        y = y.to(tl.float32)
    scale = 2.0 if MODE == "square" else 1.0     # conditional expression on constexprs
    tl.store(Out + offs, y * scale)


@pytest.mark.parametrize("mode", ["square", "float", "other"])
def test_constexpr_branches(backend, rng, mode):
    B = 16
    x = random_array(rng, B, "int32", low=-100, high=100)
    out = poisoned(B, "float32")
    _constexpr_branches[(1,)](x, out, MODE=mode, BLOCK=B)
    ref = {"square": (x * x) * 2.0, "float": x / 4, "other": x + 1.0}[mode]
    assert_close(out, ref.astype(np.float32))


@tiled.jit
def _runtime_ternary(X, Out, flag, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    x = tl.load(X + offs)
    y = x if flag > 0 else -x        # runtime scalar condition in an expression
    tl.store(Out + offs, y)


@pytest.mark.parametrize("flag", [5, -5])
def test_conditional_expression_runtime(backend, rng, flag):
    x = random_array(rng, 16, "float32")
    out = poisoned(16, "float32")
    _runtime_ternary[(1,)](x, out, flag, BLOCK=16)
    assert_close(out, x if flag > 0 else -x)


@tiled.jit
def _builtin_minmax(Out, A: tl.constexpr, B: tl.constexpr):
    SMALL: tl.constexpr = min(A, B)
    BIG: tl.constexpr = max(A, B, 8)
    r = tl.arange(0, SMALL)
    tl.store(Out + r, r + BIG)


@pytest.mark.parametrize("a,b", [(16, 32), (64, 4)])
def test_min_max_builtins_on_constexpr(backend, a, b):
    out = poisoned(64, "int32")
    _builtin_minmax[(1,)](out, A=a, B=b)
    small, big = min(a, b), max(a, b, 8)
    assert_close(out[:small], np.arange(small, dtype=np.int32) + big)
    assert is_poison(out[small:]).all()


@tiled.jit
def _nested_loops(X, Out, n_outer, n_inner, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    acc = tl.zeros([BLOCK], dtype=tl.float32)
    prod = tl.full([BLOCK], 1.0, tl.float32)
    for i in range(n_outer):
        row = tl.zeros([BLOCK], dtype=tl.float32)
        for j in range(n_inner):
            row += tl.load(X + (i * n_inner + j) * BLOCK + offs)
        acc = acc + row                       # loop-carried tile through both loops
        prod = prod * tl.where(row > 0, 1.0, -1.0)
    tl.store(Out + offs, acc)
    tl.store(Out + BLOCK + offs, prod)


def test_nested_loops_loop_carried_tiles(backend, rng):
    B, O, I = 16, 3, 4
    x = random_array(rng, (O, I, B), "float32")
    out = poisoned(2 * B, "float32")
    _nested_loops[(1,)](x, out, O, I, BLOCK=B)
    rows = x.sum(1)
    assert_close(out[:B], rows.sum(0), rtol=1e-5, atol=1e-5)
    assert_close(out[B:], np.prod(np.where(rows > 0, 1.0, -1.0), axis=0).astype(np.float32))


@tiled.jit
def _loop_carried_pointer(X, Out, n, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    p = X + offs
    acc = tl.zeros([BLOCK], dtype=tl.int32)
    for _ in range(n):
        acc += tl.load(p)
        p += BLOCK                           # pointer tile carried through the loop
    tl.store(Out + offs, acc)


def test_loop_carried_pointer(backend, rng):
    B, n = 16, 5
    x = random_array(rng, (n, B), "int32")
    out = poisoned(B, "int32")
    _loop_carried_pointer[(1,)](x, out, n, BLOCK=B)
    assert_close(out, x.sum(0).astype(np.int32))


# ---- jit functions calling jit functions ---------------------------------------------------

@tiled.jit
def _axpy(a, x, y):
    return a * x + y


@tiled.jit
def _scaled(x, FACTOR: tl.constexpr):
    if FACTOR == 1:
        return x
    else:
        return x * FACTOR


@tiled.jit
def _divmod(x, d):
    return x // d, x % d


@tiled.jit
def _nested_helper(x):
    q, r = _divmod(x, 3)
    return _axpy(2, q, r)


@tiled.jit
def _caller(X, Out, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    x = tl.load(X + offs)
    tl.store(Out + offs, _axpy(3, x, 1))
    tl.store(Out + BLOCK + offs, _scaled(x, 1) + _scaled(x, FACTOR=4))
    q, r = _divmod(x, 5)
    tl.store(Out + 2 * BLOCK + offs, q * 100 + r)
    pair = _divmod(x, 7)                       # a returned tuple indexed by constants
    tl.store(Out + 3 * BLOCK + offs, pair[0] - pair[1])
    tl.store(Out + 4 * BLOCK + offs, _nested_helper(x))


def test_jit_calls_jit(backend, rng):
    B = 16
    x = random_array(rng, B, "int32", low=-100, high=100)
    out = poisoned(5 * B, "int32")
    _caller[(1,)](x, out, BLOCK=B)
    assert_close(out[:B], 3 * x + 1)
    assert_close(out[B:2 * B], x + 4 * x)
    assert_close(out[2 * B:3 * B], c_div(x, 5) * 100 + c_mod(x, 5))
    assert_close(out[3 * B:4 * B], c_div(x, 7) - c_mod(x, 7))
    assert_close(out[4 * B:], 2 * c_div(x, 3) + c_mod(x, 3))


@tiled.jit
def _helper_with_tile_and_loop(p, n, BLOCK: tl.constexpr):
    acc = tl.zeros([BLOCK], dtype=tl.float32)
    for i in range(n):
        acc += tl.load(p + i * BLOCK + tl.arange(0, BLOCK))
    return acc, tl.sum(acc, axis=0)


@tiled.jit
def _caller2(X, Out, n, BLOCK: tl.constexpr):
    acc, total = _helper_with_tile_and_loop(X, n, BLOCK)
    tl.store(Out + tl.arange(0, BLOCK), acc / total)


def test_jit_helper_takes_pointer_and_loops(backend, rng):
    B, n = 16, 3
    x = random_array(rng, (n, B), "float32", low=0.5, high=1.5)
    out = poisoned(B, "float32")
    _caller2[(1,)](x, out, n, BLOCK=B)
    acc = x.sum(0)
    assert_close(out, acc / acc.sum(), rtol=1e-5)


@tiled.jit
def _same_helper_two_dtypes(Xi, Xf, Oi, Of, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    # one helper specialised for int32 and for float32 arguments in one kernel
    tl.store(Oi + offs, _axpy(2, tl.load(Xi + offs), 1))
    tl.store(Of + offs, _axpy(2.0, tl.load(Xf + offs), 0.5))


def test_helper_specialised_per_dtype(backend, rng):
    xi = random_array(rng, 16, "int32")
    xf = random_array(rng, 16, "float32")
    oi, of = poisoned(16, "int32"), poisoned(16, "float32")
    _same_helper_two_dtypes[(1,)](xi, xf, oi, of, BLOCK=16)
    assert_close(oi, 2 * xi + 1)
    assert_close(of, 2 * xf + 0.5)


@tiled.jit
def _guarded(X, n):
    pid = tl.program_id(0)
    if pid >= n:
        return                                # the common Triton early-exit guard
    tl.store(X + pid, pid + 1)


def test_early_return_guard(backend):
    x = poisoned(8, "int32")
    _guarded[(8,)](x, 5)
    assert_close(x[:5], np.arange(1, 6, dtype=np.int32))
    assert is_poison(x[5:]).all()


@tiled.jit
def _sign_step(x):
    if x > 0:
        return x * 2
    return x - 1


@tiled.jit
def _uses_early_return_helper(X):
    pid = tl.program_id(0)
    tl.store(X + pid, _sign_step(tl.load(X + pid)))


def test_helper_with_early_return(backend):
    x = np.array([3, -3, 0, 5], np.int32)
    _uses_early_return_helper[(4,)](x)
    assert_close(x, np.array([6, -4, -1, 10], np.int32))


@tiled.jit
def _halve_until_small(X, Out, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    x = tl.load(X + offs)
    steps = 0
    while tl.max(x, axis=0) > 1:               # condition reduced from a loop-carried tile
        x = x // 2
        steps += 1
    tl.store(Out + offs, x)
    tl.store(Out + BLOCK, steps)


def test_while_condition_from_tile_reduction(backend, rng):
    x = random_array(rng, 16, "int32", low=0, high=5000)
    out = poisoned(17, "int32")
    _halve_until_small[(1,)](x, out, BLOCK=16)
    ref, steps = x.copy(), 0
    while ref.max() > 1:
        ref, steps = ref // 2, steps + 1
    assert_close(out[:16], ref)
    assert out[16] == steps
