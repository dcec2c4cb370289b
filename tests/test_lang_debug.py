"""Debugging ops: static_assert, device_assert (and the ``assert`` statement), static_print
and device_print."""
import os

import numpy as np
import pytest

import tiledsl as tiled
import tiledsl.language as tl
from tiledsl.errors import DeviceAssertionError, StaticAssertionError

from helpers import assert_close, marker_line, poisoned, random_array

HERE = os.path.abspath(__file__)


@tiled.jit
def _static_assert(X, BLOCK: tl.constexpr):
    tl.static_assert(BLOCK % 16 == 0, "BLOCK must be a multiple of 16")  # <static_assert>
    tl.static_assert(BLOCK > 0)
    offs = tl.arange(0, BLOCK)
    tl.store(X + offs, offs)


def test_static_assert_passes(backend):
    out = poisoned(32, "int32")
    _static_assert[(1,)](out, BLOCK=32)
    assert_close(out, np.arange(32, dtype=np.int32))


def test_static_assert_fails_at_compile_time(backend):
    out = poisoned(8, "int32")
    with pytest.raises(StaticAssertionError) as info:
        _static_assert[(1,)](out, BLOCK=8)
    msg = str(info.value)
    assert "BLOCK must be a multiple of 16" in msg
    line, _ = marker_line(HERE, "static_assert")
    assert f"{os.path.basename(HERE)}:{line}:" in msg
    assert (out == poisoned(8, "int32")).all()  # nothing ran: the poison is intact


@tiled.jit
def _device_assert(X, n, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    x = tl.load(X + offs, mask=offs < n, other=0)
    tl.device_assert(x < 100, "x must stay below 100")  # <device_assert>
    tl.store(X + offs, x + 1, mask=offs < n)


def test_device_assert_passes(backend, rng):
    x = random_array(rng, 16, "int32", low=0, high=99)
    ref = x + 1
    _device_assert[(1,)](x, 16, BLOCK=16)
    assert_close(x, ref)


def test_device_assert_fails_names_line(backend, rng):
    x = random_array(rng, 16, "int32", low=0, high=99)
    x[5] = 500
    with pytest.raises(DeviceAssertionError) as info:
        _device_assert[(1,)](x, 16, BLOCK=16)
    msg = str(info.value)
    assert "x must stay below 100" in msg
    line, _ = marker_line(HERE, "device_assert")
    assert f"{os.path.basename(HERE)}:{line}" in msg
    rest = msg.replace(HERE, "<user file>")
    assert not any(p in rest for p in ("frontend/", "backends/", "tiledsl/", "ir/")), msg


def test_device_assert_masked_lanes_ignored(backend, rng):
    """Lanes the load masks off read ``other`` (0) and do not trip the assertion."""
    x = random_array(rng, 16, "int32", low=0, high=99)
    x[12:] = 1000
    _device_assert[(1,)](x, 12, BLOCK=16)
    assert (x[12:] == 1000).all()


@tiled.jit
def _assert_stmt(X, limit):
    v = tl.load(X + tl.program_id(0))
    assert v < limit, "value over limit"  # <assert_stmt>
    tl.store(X + tl.program_id(0), v * 2)


def test_assert_statement_is_device_assert(backend):
    x = np.array([1, 2, 3, 40], np.int32)
    _assert_stmt[(4,)](x, 50)
    assert_close(x, np.array([2, 4, 6, 80], np.int32))
    with pytest.raises(DeviceAssertionError) as info:
        _assert_stmt[(4,)](x, 50)
    line, _ = marker_line(HERE, "assert_stmt")
    assert f"{os.path.basename(HERE)}:{line}" in str(info.value)


@tiled.jit
def _static_print(X, TAG: tl.constexpr, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    tl.static_print("static tag", TAG, "block", BLOCK)
    tl.store(X + offs, offs * 0 + TAG)


def test_static_print_at_compile_time(backend, capfd):
    # a fresh constexpr value forces a compile even with a warm on-disk cache
    tag = int.from_bytes(os.urandom(3), "little") + 1000
    x = poisoned(8, "int32")
    _static_print[(1,)](x, TAG=tag, BLOCK=8)
    out, err = capfd.readouterr()
    assert "static tag" in out + err and str(tag) in out + err
    assert_close(x, np.full(8, tag, np.int32))


@tiled.jit
def _device_print(X, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    x = tl.load(X + offs)
    tl.device_print("dp value ", x)
    tl.store(X + offs, x + 1)


def test_device_print(backend, capfd):
    x = np.array([11, 22, 33, 4444], np.int32)
    _device_print[(1,)](x, BLOCK=4)
    out, err = capfd.readouterr()
    text = out + err
    assert "dp value" in text
    for v in (11, 22, 33, 4444):
        assert str(v) in text
    assert_close(x, np.array([12, 23, 34, 4445], np.int32))


@tiled.jit
def _print_builtin(X):
    # Python's print inside a kernel behaves like device_print (Triton's convention)
    print("builtin print", tl.load(X))


def test_builtin_print_in_kernel(backend, capfd):
    _print_builtin[(1,)](np.array([98765], np.int32))
    out, err = capfd.readouterr()
    assert "98765" in out + err
