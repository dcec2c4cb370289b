"""program_id / num_programs over 1-3 D grids, tuple and callable grids, and cdiv helpers."""
import numpy as np
import pytest

import tiledsl as tiled
import tiledsl.language as tl

from helpers import assert_close, poisoned, random_array


@tiled.jit
def _write_ids(Out, stride0, stride1):
    """Each program writes (pid0, pid1, pid2, n0, n1, n2) into its own row of Out."""
    p0 = tl.program_id(0)
    p1 = tl.program_id(1)
    p2 = tl.program_id(axis=2)
    row = p0 + p1 * stride0 + p2 * stride1
    base = Out + row * 6
    tl.store(base + 0, p0)
    tl.store(base + 1, p1)
    tl.store(base + 2, p2)
    tl.store(base + 3, tl.num_programs(0))
    tl.store(base + 4, tl.num_programs(1))
    tl.store(base + 5, tl.num_programs(axis=2))


def _expected_ids(g0, g1, g2):
    rows = []
    for k in range(g2):
        for j in range(g1):
            for i in range(g0):
                rows.append((i, j, k, g0, g1, g2))
    # row index = i + j*g0 + k*g0*g1, which is exactly the order built above
    return np.array(rows, dtype=np.int32)


@pytest.mark.parametrize("grid", [(5,), (3, 4), (2, 3, 4), (1, 1, 1), (7, 1, 2)])
def test_program_id_and_num_programs(backend, grid):
    full = tuple(grid) + (1,) * (3 - len(grid))
    n = full[0] * full[1] * full[2]
    out = poisoned((n, 6), "int32")
    _write_ids[grid](out, full[0], full[0] * full[1])
    assert_close(out, _expected_ids(*full))


@pytest.mark.parametrize("grid", [[4], [2, 3]])
def test_grid_as_list(backend, grid):
    full = tuple(grid) + (1,) * (3 - len(grid))
    out = poisoned((full[0] * full[1], 6), "int32")
    _write_ids[grid](out, full[0], full[0] * full[1])
    assert_close(out, _expected_ids(*full))


@tiled.jit
def _copy(X, Y, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    tl.store(Y + offs, tl.load(X + offs, mask=mask), mask=mask)


@pytest.mark.parametrize("n", [1, 100, 257, 1024])
def test_callable_grid_sees_constexprs(backend, rng, n):
    x = random_array(rng, n, "float32")
    y = poisoned(n, "float32")
    seen = []

    def grid(meta):
        seen.append(dict(meta))
        return (tiled.cdiv(meta["n"], meta["BLOCK"]),)

    _copy[grid](x, y, n, BLOCK=64)
    assert_close(y, x)
    assert seen and seen[0]["BLOCK"] == 64
    assert seen[0]["n"] == n


def test_callable_grid_lambda(backend, rng):
    n = 300
    x = random_array(rng, n, "float32")
    y = poisoned(n, "float32")
    _copy[lambda meta: (tiled.cdiv(n, meta["BLOCK"]),)](x, y, n, BLOCK=32)
    assert_close(y, x)


@tiled.jit
def _copy_2d(X, Y, M, N, BM: tl.constexpr, BN: tl.constexpr):
    """2-D grid over a row-major M x N matrix, one BM x BN tile per program."""
    rm = tl.program_id(0) * BM + tl.arange(0, BM)
    rn = tl.program_id(1) * BN + tl.arange(0, BN)
    mask = (rm[:, None] < M) & (rn[None, :] < N)
    offs = rm[:, None] * N + rn[None, :]
    tl.store(Y + offs, tl.load(X + offs, mask=mask) * 2.0, mask=mask)


@pytest.mark.parametrize("shape", [(33, 17), (64, 64), (5, 70)])
def test_2d_grid_tiles(backend, rng, shape):
    M, N = shape
    x = random_array(rng, shape, "float32")
    y = poisoned(shape, "float32")
    grid = lambda meta: (tiled.cdiv(M, meta["BM"]), tiled.cdiv(N, meta["BN"]))
    _copy_2d[grid](x, y, M, N, BM=16, BN=32)
    assert_close(y, x * 2)


@tiled.jit
def _pid_arith(Out):
    """program_id is an int32 scalar: mixes with tiles and Python ints."""
    pid = tl.program_id(0)
    offs = tl.arange(0, 4)
    tl.store(Out + pid * 4 + offs, pid * 10 + offs - 1)


def test_program_id_scalar_arith(backend):
    out = poisoned(12, "int32")
    _pid_arith[(3,)](out)
    expected = np.array([p * 10 + i - 1 for p in range(3) for i in range(4)], dtype=np.int32)
    assert_close(out, expected)


def test_host_cdiv_next_power_of_2():
    assert tiled.cdiv(10, 3) == 4
    assert tiled.cdiv(9, 3) == 3
    assert tiled.cdiv(1, 1024) == 1
    assert tiled.cdiv(0, 16) == 0
    assert tiled.next_power_of_2(1) == 1
    assert tiled.next_power_of_2(5) == 8
    assert tiled.next_power_of_2(64) == 64
    assert tiled.next_power_of_2(65) == 128
    assert tiled.next_power_of_2(1000) == 1024


@tiled.jit
def _device_cdiv(Out, a, b):
    # tl.cdiv also works inside kernels on runtime scalars.
    tl.store(Out, tl.cdiv(a, b))


@pytest.mark.parametrize("a,b", [(10, 3), (9, 3), (1, 7), (100, 100)])
def test_device_cdiv(backend, a, b):
    out = poisoned(1, "int32")
    _device_cdiv[(1,)](out, a, b)
    assert out[0] == -(-a // b)
