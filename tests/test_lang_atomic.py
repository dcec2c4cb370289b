"""Atomics under contention (many programs on the same addresses): add/max/min/xchg/cas/
and/or/xor, with masks, and the returned old values.

Old values are checked for what any serialisation of the programs must produce (e.g. the
olds of ``atomic_add(counter, 1)`` are a permutation of 0..P-1), so the tests hold for the
sequential interpreter and for truly parallel backends alike.
"""
import functools

import numpy as np
import pytest

import tiledsl as tiled
import tiledsl.language as tl

from helpers import assert_close, poisoned, random_array

P = 24  # programs contending on the same addresses


@tiled.jit
def _counter(Counter, Olds):
    old = tl.atomic_add(Counter, 1)
    tl.store(Olds + tl.program_id(0), old)


@pytest.mark.parametrize("dt", ["int32", "int64", "uint32", "float32"])
def test_atomic_add_counter_olds_permutation(backend, dt):
    counter = np.zeros(1, dtype=dt)
    olds = poisoned(P, dt)
    _counter[(P,)](counter, olds)
    assert counter[0] == P
    assert sorted(olds.astype(np.int64).tolist()) == list(range(P))


@tiled.jit
def _tile_add(X, Out, Olds, n, BLOCK: tl.constexpr):
    pid = tl.program_id(0)
    offs = tl.arange(0, BLOCK)
    mask = offs < n
    x = tl.load(X + pid * BLOCK + offs)
    old = tl.atomic_add(Out + offs, x, mask=mask)
    tl.store(Olds + pid * BLOCK + offs, old, mask=mask)


def test_atomic_add_tile_masked_contention(backend, rng):
    B, n = 32, 27
    x = random_array(rng, (P, B), "int32", low=1, high=100)
    init = random_array(rng, B, "int32", low=0, high=10)
    out = init.copy()
    olds = poisoned((P, B), "int32")
    _tile_add[(P,)](x, out, olds, n, BLOCK=B)
    assert_close(out[:n], init[:n] + x[:, :n].sum(0))
    assert_close(out[n:], init[n:])            # masked lanes are not updated
    # per lane, the olds must chain: sorted olds step by the increment of their program
    for lane in range(n):
        order = np.argsort(olds[:, lane], kind="stable")
        chain = olds[order, lane]
        assert chain[0] == init[lane]
        np.testing.assert_array_equal(chain[1:], chain[:-1] + x[order[:-1], lane])


@tiled.jit
def _float_add(X, Out, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    tl.atomic_add(Out + offs, tl.load(X + tl.program_id(0) * BLOCK + offs))


def test_atomic_add_float(backend, rng):
    B = 16
    x = random_array(rng, (P, B), "float32")
    out = np.zeros(B, np.float32)
    _float_add[(P,)](x, out, BLOCK=B)
    assert_close(out, x.sum(0), rtol=1e-5, atol=1e-5)   # order of additions may differ


@tiled.jit
def _minmax(X, Out, Olds, OP: tl.constexpr, BLOCK: tl.constexpr):
    pid = tl.program_id(0)
    offs = tl.arange(0, BLOCK)
    x = tl.load(X + pid * BLOCK + offs)
    if OP == "max":
        old = tl.atomic_max(Out + offs, x)
    else:
        old = tl.atomic_min(Out + offs, x)
    tl.store(Olds + pid * BLOCK + offs, old)


@pytest.mark.parametrize("dt", ["int32", "uint32", "int64", "float32"])
@pytest.mark.parametrize("op", ["max", "min"])
def test_atomic_max_min(backend, rng, op, dt):
    B = 16
    if dt[0] == "u":
        x = random_array(rng, (P, B), dt, low=0, high=2**32 - 1)
    else:
        x = random_array(rng, (P, B), dt, low=-1000, high=1000)
    init = random_array(rng, B, dt, low=0 if dt[0] == "u" else -500, high=500)
    out = init.copy()
    olds = poisoned((P, B), dt)
    _minmax[(P,)](x, out, olds, OP=op, BLOCK=B)
    red = np.maximum if op == "max" else np.minimum
    expected = red(init, red.reduce(x, axis=0))
    assert_close(out, expected)
    # each old value is the running extreme of init and some programs' values
    for lane in range(B):
        allowed = set(x[:, lane].tolist()) | {init[lane].item()}
        assert set(olds[:, lane].tolist()) <= allowed
        if op == "max":
            assert (olds[:, lane] >= init[lane]).all()
        else:
            assert (olds[:, lane] <= init[lane]).all()


@tiled.jit
def _xchg(Cell, Olds):
    pid = tl.program_id(0)
    tl.store(Olds + pid, tl.atomic_xchg(Cell, pid + 100))


def test_atomic_xchg_chain(backend):
    cell = np.array([-1], np.int32)
    olds = poisoned(P, "int32")
    _xchg[(P,)](cell, olds)
    # every value written is read back exactly once, by the next writer or the host
    assert sorted(olds.tolist() + [int(cell[0])]) == sorted([-1] + [p + 100 for p in range(P)])


@tiled.jit
def _cas_once(Cell, Olds):
    pid = tl.program_id(0)
    old = tl.atomic_cas(Cell, 0, pid + 1)
    tl.store(Olds + pid, old)


def test_atomic_cas_single_winner(backend):
    cell = np.zeros(1, np.int32)
    olds = poisoned(P, "int32")
    _cas_once[(P,)](cell, olds)
    winners = np.flatnonzero(olds == 0)
    assert len(winners) == 1
    assert cell[0] == winners[0] + 1
    assert (olds[olds != 0] == cell[0]).all()


@tiled.jit
def _locked_increment(Lock, Count, Trace):
    """A spin lock built from atomic_cas / atomic_xchg guarding a plain load+store."""
    while tl.atomic_cas(Lock, 0, 1) == 1:
        pass
    c = tl.load(Count)
    tl.store(Trace + c, tl.program_id(0))
    tl.store(Count, c + 1)
    tl.atomic_xchg(Lock, 0)


def test_spin_lock_critical_section(backend):
    lock = np.zeros(1, np.int32)
    count = np.zeros(1, np.int32)
    trace = poisoned(P, "int32")
    _locked_increment[(P,)](lock, count, trace)
    assert count[0] == P and lock[0] == 0
    assert sorted(trace.tolist()) == list(range(P))


@tiled.jit
def _bitwise(Cell, Vals, Olds, OP: tl.constexpr):
    pid = tl.program_id(0)
    v = tl.load(Vals + pid)
    if OP == "and":
        old = tl.atomic_and(Cell, v)
    elif OP == "or":
        old = tl.atomic_or(Cell, v)
    else:
        old = tl.atomic_xor(Cell, v)
    tl.store(Olds + pid, old)


@pytest.mark.parametrize("dt", ["int32", "uint32", "int64"])
@pytest.mark.parametrize("op", ["and", "or", "xor"])
def test_atomic_bitwise(backend, rng, op, dt):
    info = np.iinfo(np.dtype(dt))
    if op == "and":
        # each program clears one distinct bit: olds shrink monotonically
        vals = np.array([~np.array(1 << p, dtype=dt) for p in range(P)], dtype=dt)
        init = np.array([-1 if info.min < 0 else info.max], dtype=dt)
    elif op == "or":
        vals = np.array([1 << p for p in range(P)], dtype=dt)
        init = np.zeros(1, dt)
    else:
        vals = random_array(rng, P, dt, low=max(info.min, -2**30), high=min(info.max, 2**30))
        init = random_array(rng, 1, dt, low=0, high=1000)
    cell = init.copy()
    olds = poisoned(P, dt)
    _bitwise[(P,)](cell, vals, olds, OP=op)
    fn = {"and": np.bitwise_and, "or": np.bitwise_or, "xor": np.bitwise_xor}[op]
    expected = functools.reduce(fn, vals.tolist(), init[0].item())
    assert cell[0] == np.array(expected).astype(dt)
    if op in ("and", "or"):
        # olds, sorted by how many bits changed, must form a chain ending in the result
        popc = [bin(int(o) & ((1 << (8 * cell.itemsize)) - 1)).count("1") for o in olds]
        assert len(set(popc)) == P   # each program saw a different prefix


@tiled.jit
def _masked_scalar_atomic(Cell, flag):
    tl.atomic_add(Cell, 5, mask=flag > 0)


def test_scalar_atomic_mask(backend):
    cell = np.array([1], np.int32)
    _masked_scalar_atomic[(4,)](cell, 0)
    assert cell[0] == 1
    _masked_scalar_atomic[(4,)](cell, 3)
    assert cell[0] == 21


@tiled.jit
def _histogram(X, Hist, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    bins = tl.load(X + offs, mask=mask, other=0)
    tl.atomic_add(Hist + bins, 1, mask=mask)   # duplicate addresses inside one tile


def test_atomic_histogram_duplicates_in_tile(backend, rng):
    n, nbins = 1000, 8
    x = random_array(rng, n, "int32", low=0, high=nbins - 1)
    hist = np.zeros(nbins, np.int32)
    _histogram[(tiled.cdiv(n, 128),)](x, hist, n, BLOCK=128)
    assert_close(hist, np.bincount(x, minlength=nbins).astype(np.int32))
