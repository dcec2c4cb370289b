"""User-facing errors.

* Compile errors name this file with the offending ``line:col``, quote the line with a
  caret, and never mention compiler-internal files.
* Launch errors (bad argument count or types, missing constexprs, bad grids, unsupported
  dtypes) are ``TypeError``s raised before anything runs.
* The interpreter's checks: out-of-bounds access, reads of never-written ``tiled.empty``
  memory, and int32 index arithmetic that wrapped before being used as an address.
"""
import os
import re

import numpy as np
import pytest

import tiledsl as tiled
import tiledsl.language as tl
from tiledsl.errors import (CompilationError, IndexOverflowError, LaunchError,
                            OutOfBoundsError, TypeMismatchError, UninitializedReadError,
                            UnsupportedError)

from helpers import marker_line, poisoned, random_array

HERE = os.path.abspath(__file__)
NAME = os.path.basename(HERE)
INTERNAL = ("frontend/", "tiledsl/", "ir/", "backends/", "runtime/", "language/")


def _check_message(exc, tag, token, cols=None):
    """The error names ``NAME:line:col`` of ``token`` on the line marked ``tag``, shows the
    line and a caret, and leaks no compiler file names."""
    msg = str(exc)
    line, text = marker_line(HERE, tag)
    col = text.index(token) + 1 if cols is None else None
    wanted = [f"{NAME}:{line}:{c}" for c in (cols or [col])]
    assert any(w in msg for w in wanted), f"expected one of {wanted} in:\n{msg}"
    assert text.strip().split("  #")[0] in msg, f"source line not quoted in:\n{msg}"
    assert re.search(r"^\s*\^\s*$", msg, re.M), f"no caret line in:\n{msg}"
    rest = msg.replace(HERE, "<user file>")
    for internal in INTERNAL:
        assert internal not in rest, f"compiler path {internal!r} leaked into:\n{msg}"
    assert "Traceback" not in msg
    # no chained compiler exception is printed under the user's error
    assert exc.__cause__ is None
    assert exc.__context__ is None or exc.__suppress_context__
    loc = getattr(exc, "loc", None)
    if loc is not None:
        assert loc.line == line
        assert os.path.basename(loc.file) == NAME


def _no_internal_paths(msg):
    rest = msg.replace(HERE, "<user file>")
    for internal in INTERNAL:
        assert internal not in rest, f"compiler path {internal!r} leaked into:\n{msg}"


def _compile(kernel, *args, **kw):
    """Compile (without running) through warmup; launch errors would surface as well."""
    return kernel.warmup(*args, grid=(1,), **kw)


# ---- compile errors --------------------------------------------------------------------

@tiled.jit
def _undefined_name(X):
    tl.store(X, undefined_thing + 1)  # <undefined>


def test_undefined_name():
    x = np.zeros(4, np.float32)
    with pytest.raises(CompilationError) as info:
        _compile(_undefined_name, x)
    assert "undefined_thing" in str(info.value)
    _check_message(info.value, "undefined", "undefined_thing")


@tiled.jit
def _wrong_arg_count(X):
    offs = tl.arange(0, 16, 32)  # <argcount>
    tl.store(X + offs, offs)


def test_wrong_arg_count_to_tl_function():
    with pytest.raises(CompilationError) as info:
        _compile(_wrong_arg_count, np.zeros(16, np.int32))
    assert "arange" in str(info.value)
    _check_message(info.value, "argcount", "tl.arange")


@tiled.jit
def _dot_mismatch(X, Out):
    a = tl.load(X + tl.arange(0, 16)[:, None] * 32 + tl.arange(0, 32)[None, :])
    b = tl.load(X + tl.arange(0, 16)[:, None] * 16 + tl.arange(0, 16)[None, :])
    c = tl.dot(a, b)  # <dot>
    tl.store(Out + tl.arange(0, 16)[:, None] * 16 + tl.arange(0, 16)[None, :], c)


def test_dot_shape_mismatch():
    x = np.zeros(16 * 32, np.float32)
    with pytest.raises(TypeMismatchError) as info:
        _compile(_dot_mismatch, x, x)
    _check_message(info.value, "dot", "tl.dot")


@tiled.jit
def _store_pointer_into_float(X, Y):
    tl.store(Y, X)  # <storeptr>


def test_store_pointer_into_float():
    x = np.zeros(4, np.float32)
    with pytest.raises(TypeMismatchError) as info:
        _compile(_store_pointer_into_float, x, x)
    _check_message(info.value, "storeptr", "tl.store")


@tiled.jit
def _bitwise_on_float(X):
    x = tl.load(X)
    tl.store(X, x & 1)  # <floatand>


def test_bitwise_on_float_is_type_error():
    with pytest.raises(TypeMismatchError) as info:
        _compile(_bitwise_on_float, np.zeros(1, np.float32))
    _check_message(info.value, "floatand", "x & 1")


@tiled.jit
def _shape_mismatch(X):
    a = tl.arange(0, 16)
    b = tl.arange(0, 32)
    tl.store(X + a, a + b)  # <broadcast>


def test_incompatible_shapes():
    with pytest.raises(TypeMismatchError) as info:
        _compile(_shape_mismatch, np.zeros(32, np.int32))
    _check_message(info.value, "broadcast", "a + b")


@tiled.jit
def _uses_break(X, n):
    for i in range(n):
        if i > 3:
            break  # <break>
        tl.store(X + i, i)


def test_break_unsupported():
    with pytest.raises(UnsupportedError) as info:
        _compile(_uses_break, np.zeros(8, np.int32), 8)
    _check_message(info.value, "break", "break")


@tiled.jit
def _uses_try(X):
    try:  # <try>
        tl.store(X, 1)
    except Exception:
        pass


def test_try_unsupported():
    with pytest.raises(UnsupportedError) as info:
        _compile(_uses_try, np.zeros(1, np.int32))
    _check_message(info.value, "try", "try")


@tiled.jit
def _uses_lambda(X):
    f = lambda v: v + 1  # <lambda>
    tl.store(X, f(1))


def test_lambda_unsupported():
    with pytest.raises(UnsupportedError) as info:
        _compile(_uses_lambda, np.zeros(1, np.int32))
    _check_message(info.value, "lambda", "lambda")


@tiled.jit
def _runtime_list(X):
    x = tl.load(X)
    xs = [x, x + 1]  # a compile-time list of tiles is fine (as in Triton) ...
    tl.store(X, xs[tl.program_id(0)])  # <list>


def test_list_indexed_at_runtime_unsupported():
    """... but a Python list cannot be indexed by a runtime value: it is not a tile."""
    with pytest.raises(CompilationError) as info:
        _compile(_runtime_list, np.zeros(1, np.int32))
    _check_message(info.value, "list", "xs[tl.program_id(0)]")


@tiled.jit
def _loop_type_change(X, n):
    acc = tl.zeros([16], dtype=tl.int32)
    for i in range(n):  # <loopfor>
        acc = acc + 1.5  # <loopassign>
    tl.store(X + tl.arange(0, 16), acc)


def test_loop_carried_type_change():
    with pytest.raises(TypeMismatchError) as info:
        _compile(_loop_type_change, np.zeros(16, np.float32), 4)
    msg = str(info.value)
    assert "acc" in msg
    for_line, for_text = marker_line(HERE, "loopfor")
    as_line, as_text = marker_line(HERE, "loopassign")
    ok = [f"{NAME}:{for_line}:{for_text.index('for') + 1}",
          f"{NAME}:{as_line}:{as_text.index('acc') + 1}",
          f"{NAME}:{as_line}:{as_text.index('acc + 1.5') + 1}"]
    assert any(o in msg for o in ok), msg
    rest = msg.replace(HERE, "<user file>")
    assert not any(i in rest for i in INTERNAL), msg


@tiled.jit
def _return_in_loop(X, n):
    for i in range(n):
        if i > 2:
            return  # <return_loop>
        tl.store(X + i, i + 10)
    tl.store(X + 7, 99)


def test_return_inside_runtime_loop():
    """Triton rejects ``return`` inside a loop. Rejecting it (at the line) or honouring it
    (stop the program) are both acceptable; running on as if it were not there is not."""
    x = np.zeros(8, np.int32)
    try:
        with tiled.backend("interp"):
            _return_in_loop[(1,)](x, 6)
    except CompilationError as e:
        line, _ = marker_line(HERE, "return_loop")
        assert f"{NAME}:{line}:" in str(e), str(e)
    else:
        np.testing.assert_array_equal(x, [10, 11, 12, 0, 0, 0, 0, 0])


def _plain_python(x):
    return x + 1


@tiled.jit
def _calls_plain_python(X):
    tl.store(X, _plain_python(tl.load(X)))  # <plaincall>


@tiled.jit
def _two_args(a, b):
    return a + b


@tiled.jit
def _helper_arg_count(X):
    tl.store(X, _two_args(tl.load(X)))  # <helperargs>


@tiled.jit
def _assign_element(X):
    x = tl.load(X + tl.arange(0, 4))
    x[0] = 1  # <elemassign>
    tl.store(X + tl.arange(0, 4), x)


@tiled.jit
def _load_non_pointer(X, f):
    tl.store(X, tl.load(f))  # <loadfloat>


@tiled.jit
def _tile_condition(X):
    x = tl.load(X + tl.arange(0, 4))
    if x > 0:  # <tilecond>
        x = x + 1
    tl.store(X + tl.arange(0, 4), x)


@tiled.jit
def _arange_not_pow2(X):
    tl.store(X + tl.arange(0, 6), 1)  # <pow2>


@tiled.jit
def _where_shapes(X):
    a = tl.arange(0, 4)
    tl.store(X + a, tl.where(a > 1, a, tl.arange(0, 8)))  # <whereshape>


_MORE_ERRORS = [
    (_calls_plain_python, (), CompilationError, "plaincall", "_plain_python("),
    (_helper_arg_count, (), CompilationError, "helperargs", "_two_args("),
    (_assign_element, (), UnsupportedError, "elemassign", "x[0]"),
    (_load_non_pointer, (1.5,), TypeMismatchError, "loadfloat", "tl.load(f)"),
    (_tile_condition, (), CompilationError, "tilecond", "if"),
    (_arange_not_pow2, (), CompilationError, "pow2", "tl.arange"),
    (_where_shapes, (), TypeMismatchError, "whereshape", "tl.where"),
]


@pytest.mark.parametrize("kernel,extra,exc,tag,token", _MORE_ERRORS,
                         ids=[t for _, _, _, t, _ in _MORE_ERRORS])
def test_more_compile_errors(kernel, extra, exc, tag, token):
    with pytest.raises(exc) as info:
        _compile(kernel, np.zeros(8, np.float32), *extra)
    line, text = marker_line(HERE, tag)
    # the caret may sit on the call or on its callee expression; both start the token
    _check_message(info.value, tag, token, cols=[text.index(token) + 1,
                                                 text.index(token.split("(")[0]) + 1])


@tiled.jit
def _helper_with_error(x):
    return x + not_defined_in_helper  # <helper>


@tiled.jit
def _calls_bad_helper(X):
    tl.store(X, _helper_with_error(tl.load(X)))


def test_error_inside_called_jit_function():
    """The location is the helper's line, where the mistake is."""
    with pytest.raises(CompilationError) as info:
        _compile(_calls_bad_helper, np.zeros(1, np.float32))
    _check_message(info.value, "helper", "not_defined_in_helper")


@tiled.jit
def _arange_not_constexpr(X, n):
    tl.store(X + tl.arange(0, n), 0)  # <arange_rt>


def test_arange_needs_constexpr():
    with pytest.raises(CompilationError) as info:
        _compile(_arange_not_constexpr, np.zeros(16, np.int32), 16)
    _check_message(info.value, "arange_rt", "tl.arange")


def test_compile_error_is_raised_at_launch_too():
    x = poisoned(1, "float32")
    with pytest.raises(CompilationError):
        _undefined_name[(1,)](x)
    assert np.isnan(x).all()


# ---- launch errors ---------------------------------------------------------------------

@tiled.jit
def _copy(X, Y, n, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    tl.store(Y + offs, tl.load(X + offs, mask=offs < n), mask=offs < n)


@pytest.fixture
def bufs():
    return np.arange(16, dtype=np.float32), poisoned(16, "float32")


def _untouched(y):
    assert np.isnan(y).all(), "the kernel ran although the launch was rejected"


def test_too_few_args(bufs):
    x, y = bufs
    with pytest.raises(TypeError) as info:
        _copy[(1,)](x, y, BLOCK=16)
    assert isinstance(info.value, LaunchError)
    assert re.search(r"\bn\b", str(info.value)), str(info.value)   # names the parameter
    _untouched(y)


def test_too_many_args(bufs):
    x, y = bufs
    with pytest.raises(TypeError):
        _copy[(1,)](x, y, 16, 16, 5, BLOCK=16)
    _untouched(y)


@pytest.mark.parametrize("bad", [{"a": 1}, "a string", [1, 2, 3], object()],
                         ids=["dict", "str", "list", "object"])
def test_unsupported_argument_type(bufs, bad):
    x, y = bufs
    with pytest.raises(TypeError) as info:
        _copy[(1,)](x, bad, 16, BLOCK=16)
    assert re.search(r"\bY\b", str(info.value)), str(info.value)   # names the parameter
    _untouched(y)


def test_missing_constexpr(bufs):
    x, y = bufs
    with pytest.raises(TypeError) as info:
        _copy[(1,)](x, y, 16)
    assert "BLOCK" in str(info.value)
    _untouched(y)


@pytest.mark.parametrize("grid", [(2.5,), ("1",), (1, 2, 3, 4), (None,)],
                         ids=["float", "str", "four-d", "none"])
def test_bad_grid(bufs, grid):
    x, y = bufs
    with pytest.raises(TypeError):
        _copy[grid](x, y, 16, BLOCK=16)
    _untouched(y)


def test_bad_grid_from_callable(bufs):
    x, y = bufs
    with pytest.raises(TypeError):
        _copy[lambda meta: (meta["n"] / 4,)](x, y, 16, BLOCK=16)
    _untouched(y)


def test_unsupported_dtype(bufs):
    x, y = bufs
    z = np.zeros(16, np.complex64)
    with pytest.raises(TypeError) as info:
        _copy[(1,)](z, y, 16, BLOCK=16)
    msg = str(info.value)
    assert "complex64" in msg and re.search(r"\bX\b", msg), msg
    _untouched(y)


def test_unknown_keyword(bufs):
    x, y = bufs
    with pytest.raises(TypeError) as info:
        _copy[(1,)](x, y, 16, BLOCK=16, BLOK=3)
    assert "BLOK" in str(info.value)
    _untouched(y)


# ---- interpreter runtime checks ----------------------------------------------------------

@tiled.jit
def _oob_load(X, Y, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    v = tl.load(X + offs)  # <oobload>
    tl.store(Y + offs, v)


@tiled.jit
def _oob_store(X, Y, n, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK) + n
    tl.store(Y + offs, tl.load(X + offs - n))  # <oobstore>


@tiled.jit
def _far_load(X, Y, off):
    tl.store(Y, tl.load(X + off))  # <farload>


def test_out_of_bounds_load():
    with tiled.backend("interp"):
        x = np.ones(10, np.float32)
        y = poisoned(16, "float32")
        with pytest.raises(OutOfBoundsError) as info:
            _oob_load[(1,)](x, y, BLOCK=16)
        line, _ = marker_line(HERE, "oobload")
        assert f"{NAME}:{line}" in str(info.value)
        assert isinstance(info.value, IndexError)
        _no_internal_paths(str(info.value))


def test_out_of_bounds_store():
    with tiled.backend("interp"):
        x = np.ones(16, np.float32)
        y = poisoned(20, "float32")
        with pytest.raises(OutOfBoundsError) as info:
            _oob_store[(1,)](x, y, 10, BLOCK=16)
        line, _ = marker_line(HERE, "oobstore")
        assert f"{NAME}:{line}" in str(info.value)


@pytest.mark.parametrize("off", [-1, 10**6, -(10**6)])
def test_out_of_bounds_far_and_negative(off):
    with tiled.backend("interp"):
        x = np.ones(10, np.float32)
        y = poisoned(1, "float32")
        with pytest.raises(OutOfBoundsError) as info:
            _far_load[(1,)](x, y, off)
        line, _ = marker_line(HERE, "farload")
        assert f"{NAME}:{line}" in str(info.value)


def test_masked_lanes_are_not_checked():
    with tiled.backend("interp"):
        x = np.arange(10, dtype=np.float32)
        y = poisoned(16, "float32")
        _copy[(1,)](x, y, 10, BLOCK=16)
        np.testing.assert_array_equal(y[:10], x)
        assert np.isnan(y[10:]).all()


@tiled.jit
def _write_half(Buf, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    tl.store(Buf + offs, offs.to(tl.float32))


@tiled.jit
def _read(Buf, Out, n, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    v = tl.load(Buf + offs, mask=offs < n)  # <uninit>
    tl.store(Out + offs, v, mask=offs < n)


def test_uninitialized_read():
    with tiled.backend("interp"):
        buf = tiled.empty((64,), tl.float32)
        assert isinstance(buf, np.ndarray) and buf.shape == (64,)
        out = poisoned(64, "float32")
        with pytest.raises(UninitializedReadError) as info:
            _read[(1,)](buf, out, 64, BLOCK=64)
        line, _ = marker_line(HERE, "uninit")
        assert f"{NAME}:{line}" in str(info.value)
        _no_internal_paths(str(info.value))


def test_partially_initialized_buffer():
    with tiled.backend("interp"):
        buf = tiled.empty((64,), tl.float32)
        _write_half[(1,)](buf, BLOCK=32)            # writes elements 0..31
        out = poisoned(64, "float32")
        _read[(1,)](buf, out, 32, BLOCK=64)          # reading only those is fine
        np.testing.assert_array_equal(out[:32], np.arange(32, dtype=np.float32))
        with pytest.raises(UninitializedReadError):
            _read[(1,)](buf, out, 33, BLOCK=64)      # element 32 was never written


@tiled.jit
def _overflowing_index(X, Y):
    off = tl.program_id(0) * 1073741824 * 4  # <overflow_arith> wraps to 0 for program 1
    v = tl.load(X + off)  # <overflow>
    tl.store(Y + tl.program_id(0), v)


def test_int32_index_overflow():
    """Program 1 computes 2**32, which wraps to the in-bounds offset 0: the address is
    valid but only by accident, which is exactly what the check is for."""
    with tiled.backend("interp"):
        x = np.ones(16, np.float32)
        y = poisoned(2, "float32")
        with pytest.raises(IndexOverflowError) as info:
            _overflowing_index[(2,)](x, y)
        # either the arithmetic that wrapped or the access that used it is a fair place
        arith, _ = marker_line(HERE, "overflow_arith")
        access, _ = marker_line(HERE, "overflow")
        assert f"{NAME}:{arith}:" in str(info.value) or f"{NAME}:{access}:" in str(info.value)
        _no_internal_paths(str(info.value))


@tiled.jit
def _int64_index_ok(X, Y):
    off = tl.program_id(0).to(tl.int64) * 1073741824 * 4 - tl.program_id(0).to(tl.int64) * (
        2**32)
    tl.store(Y + tl.program_id(0), tl.load(X + off))


def test_int64_index_arithmetic_is_fine():
    with tiled.backend("interp"):
        x = random_array(np.random.default_rng(0), 16, "float32")
        y = poisoned(2, "float32")
        _int64_index_ok[(2,)](x, y)
        np.testing.assert_array_equal(y, [x[0], x[0]])


def test_checks_can_be_switched_off(monkeypatch):
    """TILEDSL_INTERP_CHECKS=0 disables the uninitialised-read check (values are garbage)."""
    monkeypatch.setenv("TILEDSL_INTERP_CHECKS", "0")
    with tiled.backend("interp"):
        buf = tiled.empty((16,), tl.float32)
        out = poisoned(16, "float32")
        _read[(1,)](buf, out, 16, BLOCK=16)


@tiled.jit
def _hash_buckets(X, T, Out, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    x = tl.load(X + offs)
    h = (x * 1103515245 + 12345) & 63      # wraps on purpose, then masked into range
    tl.store(Out + offs, tl.load(T + h))


def test_masked_hash_index_is_not_overflow():
    """Wrap-around that a mask (``& 63``) brings back into range is hashing, not an
    overflowed address: the overflow check must not reject it."""
    with tiled.backend("interp"):
        x = np.arange(1000, 1064, dtype=np.int32)
        t = np.arange(64, dtype=np.float32)
        out = poisoned(64, "float32")
        _hash_buckets[(1,)](x, t, out, BLOCK=64)
        with np.errstate(over="ignore"):
            h = (x * np.int32(1103515245) + np.int32(12345)) & 63
        np.testing.assert_array_equal(out, t[h])


@tiled.jit
def _fill_iota(Buf, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    tl.store(Buf + offs, offs.to(tl.float32))


def test_empty_written_through_views():
    """Writes through slices of a tiled.empty buffer initialise the parent's elements:
    after both halves are written (each through a view), the whole buffer is readable,
    while before the first half is written a full read is still refused."""
    with tiled.backend("interp"):
        buf = tiled.empty((16,), tl.float32)
        _fill_iota[(1,)](buf[8:], BLOCK=8)
        out = poisoned(16, "float32")
        with pytest.raises(UninitializedReadError) as info:
            _read[(1,)](buf, out, 16, BLOCK=16)
        _fill_iota[(1,)](buf[:8], BLOCK=8)
        _read[(1,)](buf, out, 16, BLOCK=16)
        np.testing.assert_array_equal(out, np.tile(np.arange(8, dtype=np.float32), 2))


def test_empty_view_reads_are_checked():
    """Reading unwritten elements through a slice is caught like reading the whole buffer."""
    with tiled.backend("interp"):
        buf = tiled.empty((16,), tl.float32)
        _fill_iota[(1,)](buf, BLOCK=8)               # elements 0..7 only
        out = poisoned(8, "float32")
        with pytest.raises(UninitializedReadError):
            _read[(1,)](buf[4:12], out, 8, BLOCK=8)   # 8..11 were never written


def test_empty_initialised_by_host_write():
    """``buf[:] = 0`` on the host initialises the buffer (the common accumulator idiom);
    only elements still holding the untouched allocation count as unwritten."""
    with tiled.backend("interp"):
        buf = tiled.empty((16,), tl.float32)
        buf[:] = 3.0
        out = poisoned(16, "float32")
        _read[(1,)](buf, out, 16, BLOCK=16)
        np.testing.assert_array_equal(out, np.full(16, 3.0, np.float32))
