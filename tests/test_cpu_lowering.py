"""The cpu backend's lowering, differentially against the interpreter (the reference).

Every kernel runs on both backends on fresh random inputs with edge values mixed in, outputs
poisoned first; integer results must match bit for bit, floats too except for transcendental
functions (a few ulp). Also covered here: what only compiled code can get wrong (masked-off
lanes touching memory, vector loads vs gathers, loop-carried tiles that live in stack
buffers, the dot micro-kernel's blocking, concurrent atomics, debug-mode bounds checks and
the disk cache).
"""
from __future__ import annotations

import ctypes
import mmap
import os

import numpy as np
import pytest

import tiledsl as tiled
import tiledsl.language as tl
from tiledsl.errors import OutOfBoundsError

from helpers import marker_line, poisoned

HERE = os.path.abspath(__file__)
INT_DTYPES = ["int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64"]
FLOAT_DTYPES = ["float16", "bfloat16", "float32", "float64"]


def _np(dt: str):
    if dt == "bfloat16":
        import ml_dtypes
        return np.dtype(ml_dtypes.bfloat16)
    return np.dtype(dt)


def _edge_values(dt: str, rng, n: int) -> np.ndarray:
    """Random values with the interesting ones (0, -1, extremes, NaN/inf) mixed in."""
    npdt = _np(dt)
    if npdt.kind in "iu":
        info = np.iinfo(npdt)
        x = rng.integers(info.min, info.max, size=n, dtype=npdt, endpoint=True)
        edges = [0, 1, info.max, info.min, info.max - 1] + ([-1, -2] if npdt.kind == "i" else [])
    else:
        x = (rng.standard_normal(n) * 50).astype(npdt)
        edges = [0.0, -0.0, 1.0, -1.0, np.inf, -np.inf, np.nan, 65000.0, 1e-3]
    idx = rng.choice(n, size=len(edges), replace=False)
    x[idx] = np.array(edges, dtype=np.float64 if npdt.kind == "f" or dt == "bfloat16"
                      else npdt).astype(npdt)
    return x


def _run(kernel, backend, grid, *args, **kw):
    with tiled.backend(backend):
        return kernel[grid](*args, **kw)


_EPS = {"float16": 2.0**-10, "bfloat16": 2.0**-7, "float32": 2.0**-23, "float64": 2.0**-52}


def _assert_same(ref, got, what, ulps: float = 0):
    """Integers bit for bit; floats equal (NaN == NaN) or within ``ulps`` relative ulps."""
    ref, got = np.asarray(ref), np.asarray(got)
    assert ref.dtype == got.dtype
    if ref.dtype.kind in "iub":
        bad = np.nonzero(ref != got)[0]
    else:
        r, g = ref.astype(np.float64), got.astype(np.float64)
        ok = (r == g) | (np.isnan(r) & np.isnan(g))
        if ulps:
            with np.errstate(invalid="ignore"):
                ok |= np.abs(r - g) <= ulps * _EPS[str(ref.dtype)] * np.abs(r)
        bad = np.nonzero(~ok)[0]
    assert bad.size == 0, (f"{what}: {bad.size} elements differ, e.g. at {bad[:4]}: cpu "
                           f"{got[bad[:4]]} vs interp {ref[bad[:4]]}")


# -- elementwise ops ---------------------------------------------------------------------------

@tiled.jit
def _binary(X, Y, Z, n, OP: tl.constexpr, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    m = offs < n
    x = tl.load(X + offs, mask=m)
    y = tl.load(Y + offs, mask=m)
    if OP == "add":
        z = x + y
    elif OP == "sub":
        z = x - y
    elif OP == "mul":
        z = x * y
    elif OP == "div":
        z = x // y if x.dtype.is_int() else x / y
    elif OP == "rem":
        z = x % y
    elif OP == "min":
        z = tl.minimum(x, y)
    elif OP == "max":
        z = tl.maximum(x, y)
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
    elif OP == "umulhi":
        z = tl.umulhi(x, y)
    elif OP == "lt":
        z = (x < y).to(x.dtype)
    elif OP == "ne":
        z = (x != y).to(x.dtype)
    else:
        z = tl.where(x >= y, x, y)
    tl.store(Z + offs, z, mask=m)


_INT_CASES = [(dt, op) for dt in INT_DTYPES
              for op in ["add", "sub", "mul", "div", "rem", "min", "max", "and", "or", "xor",
                         "shl", "shr", "umulhi", "lt", "ne", "where"]
              if op != "umulhi" or dt in ("int32", "uint32", "int64", "uint64")]


@pytest.mark.parametrize("dt,op", _INT_CASES)
def test_integer_ops_match_interpreter(rng, dt, op):
    n = 203  # no multiple of the block: the tail is masked
    x, y = _edge_values(dt, rng, n), _edge_values(dt, rng, n)
    if op in ("shl", "shr"):  # amounts past the bit width are masked, both sides agree
        y = rng.integers(0, 2 * np.dtype(dt).itemsize * 8, size=n).astype(dt)
    ref, got = _both_binary(x, y, op)
    _assert_same(ref, got, f"{op}[{dt}]")


def _both_binary(x, y, op):
    n = len(x)
    res = []
    for be in ("interp", "cpu"):
        z = np.full_like(x, 0x5A) if x.dtype.kind in "iu" else np.full_like(x, np.nan)
        _run(_binary, be, (tiled.cdiv(n, 64),), x, y, z, n, OP=op, BLOCK=64)
        res.append(z)
    return res


@pytest.mark.parametrize("dt", FLOAT_DTYPES)
@pytest.mark.parametrize("op", ["add", "sub", "mul", "div", "rem", "min", "max", "lt", "ne",
                                "where"])
def test_float_ops_match_interpreter(rng, dt, op):
    x, y = _edge_values(dt, rng, 203), _edge_values(dt, rng, 203)
    ref, got = _both_binary(x, y, op)
    _assert_same(ref, got, f"{op}[{dt}]")


def test_c_division_corner_cases():
    """INT_MIN / -1 wraps (no trap), x / 0 == 0 and x % 0 == 0, truncation toward zero."""
    x = np.array([-2**31, -7, 7, -7, 5, 0, -2**31, 9], np.int32)
    y = np.array([-1, 2, -2, -2, 0, 0, 1, 0], np.int32)
    q, r = np.empty(8, np.int32), np.empty(8, np.int32)
    _run(_binary, "cpu", (1,), x, y, q, 8, OP="div", BLOCK=8)
    _run(_binary, "cpu", (1,), x, y, r, 8, OP="rem", BLOCK=8)
    assert q.tolist() == [-2**31, -3, -3, 3, 0, 0, -2**31, 0]
    assert r.tolist() == [0, -1, 1, -1, 0, 0, 0, 0]


@tiled.jit
def _unary(X, Z, n, OP: tl.constexpr, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    m = offs < n
    x = tl.load(X + offs, mask=m)
    if OP == "exp":
        z = tl.exp(x)
    elif OP == "exp2":
        z = tl.exp2(x)
    elif OP == "log":
        z = tl.log(x)
    elif OP == "sqrt":
        z = tl.sqrt(x)
    elif OP == "sin":
        z = tl.sin(x)
    elif OP == "tanh":
        z = tl.math.tanh(x) if hasattr(tl, "math") else tl.tanh(x)
    elif OP == "erf":
        z = tl.math.erf(x) if hasattr(tl, "math") else tl.erf(x)
    elif OP == "floor":
        z = tl.floor(x)
    elif OP == "abs":
        z = tl.abs(x)
    else:
        z = -x
    tl.store(Z + offs, z, mask=m)


@pytest.mark.parametrize("dt", ["float32", "float64", "float16", "bfloat16"])
@pytest.mark.parametrize("op", ["exp", "exp2", "log", "sqrt", "sin", "tanh", "erf", "floor",
                                "abs", "neg"])
def test_math_matches_interpreter(rng, dt, op):
    x = _edge_values(dt, rng, 333)
    if op in ("log", "sqrt"):
        x = np.abs(x)
    res = []
    for be in ("interp", "cpu"):
        z = np.full_like(x, np.nan)
        _run(_unary, be, (tiled.cdiv(333, 128),), x, z, 333, OP=op, BLOCK=128)
        res.append(z)
    exact = op in ("floor", "abs", "neg") or dt in ("float16", "bfloat16")
    # fp16/bf16 results are fp32 math rounded once: a 1-ulp fp32 difference rarely survives
    _assert_same(res[0], res[1], f"{op}[{dt}]", ulps=0 if op in ("floor", "abs", "neg") else
                 (1 if exact else 4))


@tiled.jit
def _cast(X, Z, n, DST: tl.constexpr, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    m = offs < n
    tl.store(Z + offs, tl.load(X + offs, mask=m).to(DST), mask=m)


_CAST_TL = {"int8": tl.int8, "int16": tl.int16, "int32": tl.int32, "int64": tl.int64,
            "uint8": tl.uint8, "uint32": tl.uint32, "float16": tl.float16,
            "bfloat16": tl.bfloat16, "float32": tl.float32, "float64": tl.float64}


@pytest.mark.parametrize("src", ["int8", "int32", "uint32", "int64", "float16", "bfloat16",
                                 "float32", "float64"])
@pytest.mark.parametrize("dst", list(_CAST_TL))
def test_casts_match_interpreter(rng, src, dst):
    """C conversion rules: float -> int saturates and sends NaN to 0; bf16 rounds to
    nearest-even; ints wrap on truncation."""
    x = _edge_values(src, rng, 150)
    res = []
    for be in ("interp", "cpu"):
        z = np.zeros(150, _np(dst))
        _run(_cast, be, (2,), x, z, 150, DST=_CAST_TL[dst], BLOCK=128)
        res.append(z)
    ref = res[0]
    if dst in ("int64", "uint64") and _np(src).kind != "i" and src != "uint32":
        # ir/semantics.cast clips to float(int64 max) == 2**63, which wraps to INT64_MIN;
        # compiled code saturates properly (llvm.fptosi.sat). Expect true saturation there.
        info = np.iinfo(np.dtype(dst))
        xf = x.astype(np.float64)
        big = np.abs(xf) >= 2.0**63
        ref = ref.copy()
        ref[big] = np.where(xf[big] > 0, info.max, info.min)
    _assert_same(ref, res[1], f"{src}->{dst}")
