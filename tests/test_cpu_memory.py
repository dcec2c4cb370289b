"""The cpu backend's memory access, loops, reductions, dot and atomics against the
interpreter, plus what only compiled code can get wrong: masked-off lanes must never touch
memory, contiguous tiles must become vector loads (not gathers), big loop-carried tiles go
through stack buffers, debug builds bounds-check every access and name the line, and
compiled kernels come back from the disk cache without recompiling."""
from __future__ import annotations

import ctypes
import mmap
import os
import re

import numpy as np
import pytest

import tiledsl as tiled
import tiledsl.language as tl
from tiledsl.errors import DeviceAssertionError, OutOfBoundsError

from helpers import marker_line

HERE = os.path.abspath(__file__)


def _run(kernel, backend, grid, *args, **kw):
    with tiled.backend(backend):
        return kernel[grid](*args, **kw)


# -- masks and memory --------------------------------------------------------------------------

@tiled.jit
def _copy(X, Y, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    m = offs < n
    tl.store(Y + offs, tl.load(X + offs, mask=m, other=-1.0) + 1.0, mask=m)


def _array_before_guard_page(n: int):
    """A float32 array whose last element ends exactly where a PROT_NONE page begins."""
    page = mmap.PAGESIZE
    buf = mmap.mmap(-1, 2 * page, prot=mmap.PROT_READ | mmap.PROT_WRITE)
    base = ctypes.addressof(ctypes.c_char.from_buffer(buf))
    libc = ctypes.CDLL(None, use_errno=True)
    assert libc.mprotect(ctypes.c_void_p(base + page), page, 0) == 0  # PROT_NONE
    arr = np.frombuffer(buf, dtype=np.float32, count=page // 4)[page // 4 - n:]
    return arr, buf


def test_masked_off_lanes_never_touch_memory(rng):
    """The 1-element tail of a 64-wide tile reads/writes 4 bytes before a guard page: any
    access by a masked-off lane would fault."""
    n = 65
    src, keep1 = _array_before_guard_page(n)
    dst, keep2 = _array_before_guard_page(n)
    src[:] = rng.standard_normal(n).astype(np.float32)
    dst[:] = np.nan
    _run(_copy, "cpu", (2,), src, dst, n, BLOCK=64)
    np.testing.assert_array_equal(dst, src + 1)
    del src, dst


@tiled.jit
def _strided(X, Y, stride, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    tl.store(Y + offs, tl.load(X + offs * stride))


def test_contiguous_tiles_become_vector_loads():
    x = np.arange(64, dtype=np.float32)
    with tiled.backend("cpu"):
        llir = _copy.warmup(x, x, 64, BLOCK=64, grid=(1,)).asm["llir"]
    assert "llvm.masked.load" in llir and "llvm.masked.store" in llir
    assert "gather" not in llir and "scatter" not in llir
    y = np.zeros(16, np.float32)
    with tiled.backend("cpu"):
        k = _strided[(1,)](x, y, 3, BLOCK=16)
    assert "llvm.masked.gather" in k.asm["llir"]
    np.testing.assert_array_equal(y, x[::3][:16])


@tiled.jit
def _blocked_2d(X, Y, M, N, sx, sy, BM: tl.constexpr, BN: tl.constexpr):
    rm = tl.program_id(0) * BM + tl.arange(0, BM)
    rn = tl.program_id(1) * BN + tl.arange(0, BN)
    m = (rm[:, None] < M) & (rn[None, :] < N)
    x = tl.load(X + rm[:, None] * sx + rn[None, :], mask=m, other=0.0)
    tl.store(Y + rn[:, None] * sy + rm[None, :], tl.trans(x), mask=tl.trans(m))


def test_2d_masks_and_transpose(rng):
    """Row-contiguous 2-D tiles with masks on both axes, and a transposed store."""
    M, N = 37, 45
    x = rng.standard_normal((M, N)).astype(np.float32)
    y = np.full((N, M), np.nan, np.float32)
    k = _run(_blocked_2d, "cpu", (tiled.cdiv(M, 16), tiled.cdiv(N, 32)), x, y, M, N, N, M,
             BM=16, BN=32)
    np.testing.assert_array_equal(y, x.T)
    assert "llvm.masked.load" in k.asm["llir"]


# -- loops -------------------------------------------------------------------------------------

@tiled.jit
def _row_sums(X, Out, N, BLOCK: tl.constexpr):
    """A 1024-wide loop-carried accumulator: carried through a stack buffer, not phis."""
    row = tl.program_id(0)
    acc = tl.zeros((BLOCK,), dtype=tl.float32)
    sq = tl.zeros((BLOCK,), dtype=tl.float32)
    for start in range(0, N, BLOCK):
        cols = start + tl.arange(0, BLOCK)
        x = tl.load(X + row * N + cols, mask=cols < N, other=0.0)
        acc += x
        sq += x * x
    tl.store(Out + row * 2, tl.sum(acc, axis=0))
    tl.store(Out + row * 2 + 1, tl.sum(sq, axis=0))


def test_big_loop_carried_tiles(rng):
    x = rng.standard_normal((3, 3000)).astype(np.float32)
    outs = []
    for be in ("interp", "cpu"):
        out = np.full(6, np.nan, np.float32)
        k = _run(_row_sums, be, (3,), x, out, 3000, BLOCK=1024)
        outs.append(out)
    np.testing.assert_allclose(outs[1], outs[0], rtol=1e-5)
    # the accumulators live in stack buffers hidden from SROA by an empty asm
    assert re.search(r'call ptr asm\s+""', k.asm["llir"])


@tiled.jit
def _while_if(X, Out, n):
    i = 0
    total = 0
    while i < n:
        v = tl.load(X + i)
        if v % 2 == 0:
            total += v
        else:
            total -= v
        i += 1
    tl.store(Out, total)


def test_while_and_if(rng):
    x = rng.integers(-100, 100, 57).astype(np.int32)
    out = np.zeros(1, np.int32)
    _run(_while_if, "cpu", (1,), x, out, 57)
    assert out[0] == np.where(x % 2 == 0, x, -x).sum()


# -- reductions and scans ----------------------------------------------------------------------

@tiled.jit
def _combine_argmax(a, ia, b, ib):
    take_a = (a > b) | ((a == b) & (ia < ib))
    return tl.where(take_a, a, b), tl.where(take_a, ia, ib)


@tiled.jit
def _reductions(X, S0, S1, A1, C0, C1, R1, M: tl.constexpr, N: tl.constexpr):
    rm = tl.arange(0, M)
    rn = tl.arange(0, N)
    x = tl.load(X + rm[:, None] * N + rn[None, :])
    tl.store(S0 + rn, tl.sum(x, axis=0))
    tl.store(S1 + rm, tl.max(x, axis=1))
    idx = tl.broadcast_to(rn[None, :], (M, N))
    _, am = tl.reduce((x, idx), 1, _combine_argmax)
    tl.store(A1 + rm, am)
    tl.store(C0 + rm[:, None] * N + rn[None, :], tl.cumsum(x, axis=0))
    tl.store(C1 + rm[:, None] * N + rn[None, :], tl.cumsum(x, axis=1))
    tl.store(R1 + rm[:, None] * N + rn[None, :], tl.associative_scan(x, 1, _add, reverse=True))


@tiled.jit
def _add(a, b):
    return a + b


@pytest.mark.parametrize("M,N", [(8, 32), (4, 64), (16, 4), (2, 2)])
def test_reductions_and_scans_match_interpreter(rng, M, N):
    """Both axes, a tuple reduce with a custom combine, inclusive scans both ways, on
    shapes where rows hold several, one or a fraction of a vector chunk."""
    x = rng.integers(-50, 50, (M, N)).astype(np.int32)
    res = {}
    for be in ("interp", "cpu"):
        outs = [np.full(N, -7, np.int32), np.full(M, -7, np.int32), np.full(M, -7, np.int32),
                np.full((M, N), -7, np.int32), np.full((M, N), -7, np.int32),
                np.full((M, N), -7, np.int32)]
        _run(_reductions, be, (1,), x, *outs, M=M, N=N)
        res[be] = outs
    for i, (r, c) in enumerate(zip(res["interp"], res["cpu"])):
        np.testing.assert_array_equal(c, r, err_msg=f"output {i}")
    np.testing.assert_array_equal(res["cpu"][2], np.argmax(x, axis=1))
    np.testing.assert_array_equal(res["cpu"][5], np.cumsum(x[:, ::-1], axis=1)[:, ::-1])


# -- dot -----------------------------------------------------------------------------------------

@tiled.jit
def _dot_loop(A, B, C, K, BM: tl.constexpr, BN: tl.constexpr, BK: tl.constexpr):
    rm = tl.arange(0, BM)
    rn = tl.arange(0, BN)
    rk = tl.arange(0, BK)
    acc = tl.zeros((BM, BN), dtype=tl.float32)
    for k0 in range(0, K, BK):
        a = tl.load(A + rm[:, None] * K + (k0 + rk)[None, :], mask=(k0 + rk)[None, :] < K,
                    other=0.0)
        b = tl.load(B + (k0 + rk)[:, None] * BN + rn[None, :], mask=(k0 + rk)[:, None] < K,
                    other=0.0)
        acc += tl.dot(a, b)
    tl.store(C + rm[:, None] * BN + rn[None, :], acc)


@pytest.mark.parametrize("BM,BN,BK", [(16, 16, 16), (8, 64, 8), (32, 32, 4), (4, 16, 32)])
def test_dot_micro_kernel_blockings(rng, BM, BN, BK):
    """Accumulator blocks of several shapes, accumulating in place across the K loop."""
    K = 3 * BK + 1
    a = rng.standard_normal((BM, K)).astype(np.float32)
    b = rng.standard_normal((K, BN)).astype(np.float32)
    c = np.full((BM, BN), np.nan, np.float32)
    _run(_dot_loop, "cpu", (1,), a, b, c, K, BM=BM, BN=BN, BK=BK)
    np.testing.assert_allclose(c, a.astype(np.float64) @ b, rtol=1e-4, atol=1e-4)


# -- atomics ---------------------------------------------------------------------------------

@tiled.jit
def _atomics(Counter, Hist, Maxv, X, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    m = offs < n
    x = tl.load(X + offs, mask=m, other=0)
    tl.atomic_add(Counter, 1)
    tl.atomic_add(Hist + (x % 8), 1, mask=m)
    tl.atomic_max(Maxv, x, mask=m)


def test_atomics_under_contention(rng):
    """Programs run concurrently on the thread pool; every update must land."""
    n = 64 * 500 - 3
    x = rng.integers(0, 10**6, n).astype(np.int32)
    counter, hist, maxv = np.zeros(1, np.int32), np.zeros(8, np.int32), np.zeros(1, np.int32)
    _run(_atomics, "cpu", (500,), counter, hist, maxv, x, n, BLOCK=64)
    assert counter[0] == 500
    np.testing.assert_array_equal(hist, np.bincount(x % 8, minlength=8))
    assert maxv[0] == x.max()


# -- random numbers --------------------------------------------------------------------------

@tiled.jit
def _random(Out, OutI, seed, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    m = offs < n
    tl.store(Out + offs, tl.rand(seed, offs), mask=m)
    tl.store(OutI + offs, tl.randint(seed, offs), mask=m)


def test_philox_bit_identical_to_interpreter():
    res = []
    for be in ("interp", "cpu"):
        f, i = np.full(300, np.nan, np.float32), np.zeros(300, np.uint32)
        _run(_random, be, (3,), f, i, 1234, 300, BLOCK=128)
        res.append((f, i))
    np.testing.assert_array_equal(res[1][1], res[0][1])
    np.testing.assert_array_equal(res[1][0], res[0][0])


# -- debug mode and asserts --------------------------------------------------------------------

@tiled.jit
def _oob(X, Y, n, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    x = tl.load(X + offs, mask=offs < n)
    tl.store(Y + offs + 1, x, mask=offs < n)  # <oob-store>


def test_debug_bounds_check_names_the_line():
    x, y = np.ones(16, np.float32), np.zeros(16, np.float32)
    _run(_oob, "cpu", (1,), x, y, 15, BLOCK=16, debug=True)  # in bounds: fine
    with pytest.raises(OutOfBoundsError) as info:
        _run(_oob, "cpu", (1,), x, y, 16, BLOCK=16, debug=True)
    line, _ = marker_line(HERE, "oob-store")
    assert f"{os.path.basename(HERE)}:{line}:" in str(info.value)
    assert "backends" not in str(info.value).split("\n")[0]


@tiled.jit
def _checked(X, n, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    x = tl.load(X + offs, mask=offs < n, other=0)
    tl.device_assert(x >= 0, "negative input")  # <assert>


def test_device_assert_always_checked_on_cpu():
    x = np.arange(16, dtype=np.int32)
    _run(_checked, "cpu", (4,), x, 16, BLOCK=16)
    x[7] = -1
    with pytest.raises(DeviceAssertionError) as info:
        _run(_checked, "cpu", (4,), x, 16, BLOCK=16)
    line, _ = marker_line(HERE, "assert")
    assert "negative input" in str(info.value) and f":{line}:" in str(info.value)


# -- the disk cache ----------------------------------------------------------------------------

def test_warm_compile_comes_from_disk(tmp_path, monkeypatch):
    """A second compile of the same IR (a new process has no in-memory cache) neither
    lowers nor runs LLVM: both the LLVM IR and the shared library come from disk."""
    from tiledsl.backends.cpu import BACKEND, lower as cpu_lower, toolchain
    monkeypatch.setenv("TILEDSL_CACHE_DIR", str(tmp_path))
    x = np.zeros(8, np.float32)
    with tiled.backend("cpu"):
        fn = _copy.warmup(x, x, 8, BLOCK=8, grid=(1,)).ir
    first = BACKEND.compile(fn, {"num_warps": 4})
    before = toolchain.STATS.compiles
    calls = []
    monkeypatch.setattr(cpu_lower, "lower", lambda *a, **k: calls.append(a) or (_ for _ in ()).throw(
        AssertionError("lowered again")))
    second = BACKEND.compile(fn, {"num_warps": 4})
    assert toolchain.STATS.compiles == before and not calls
    assert second.asm["llir"] == first.asm["llir"] and second.handle.from_cache
    y = np.full(8, np.nan, np.float32)
    BACKEND.launch(second, (1, 1, 1), [np.arange(8, dtype=np.float32), y, 8])
    np.testing.assert_array_equal(y, np.arange(8) + 1)
