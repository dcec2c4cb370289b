"""Numpy definitions of the elementwise ops: the reference semantics.

The interpreter runs these, constant folding evaluates them, and every compiled backend is
tested against them. Integer arithmetic wraps; integer ``div``/``rem`` truncate toward zero as
in C (and Triton); float math on fp16/bf16 is computed in fp32 and rounded back, as the
compiled backends do.
"""
from __future__ import annotations

import math

import numpy as np

from tiledsl.dtypes import dtype

def _erf(x):
    # imported on first use: scipy costs ~0.4 s at import time and erf is rare
    try:
        from scipy.special import erf
    except ImportError:  # pragma: no cover - exercised only without scipy
        erf = np.vectorize(math.erf, otypes=[np.float64])
    return erf(x)


def _wide(x: np.ndarray) -> np.ndarray:
    """fp16/bf16 -> fp32 for math functions; other dtypes unchanged."""
    return x.astype(np.float32) if x.dtype.itemsize == 2 and x.dtype.kind in "fV" else x


def _math(fn):
    def apply(x, *, out_dtype: dtype):
        return np.asarray(fn(_wide(x))).astype(out_dtype.np, copy=False)
    return apply


def _div(a, b, *, out_dtype: dtype):
    if out_dtype.is_floating():
        return np.asarray(np.true_divide(a, b)).astype(out_dtype.np, copy=False)
    safe = np.where(b == 0, 1, b).astype(a.dtype)
    q = np.floor_divide(a, safe)
    if out_dtype.is_int_signed():
        # floor -> truncation: bump the quotient where the remainder is non-zero and the
        # operand signs differ
        fix = (a - q * safe != 0) & ((a < 0) != (safe < 0))
        q = q + fix.astype(q.dtype)
    return np.where(b == 0, 0, q).astype(out_dtype.np, copy=False)


def _rem(a, b, *, out_dtype: dtype):
    if out_dtype.is_floating():
        return np.asarray(np.fmod(a, b)).astype(out_dtype.np, copy=False)
    q = _div(a, b, out_dtype=out_dtype)
    return np.where(b == 0, 0, a - q * b).astype(out_dtype.np, copy=False)


def _shift_amount(b, bits: int):
    # Shifting by >= the bit width is undefined in LLVM; define it as shifting by (b mod bits)
    # so every backend can agree by masking the amount.
    return (b.astype(np.int64) & (bits - 1)).astype(b.dtype)


def _shl(a, b, *, out_dtype: dtype):
    return np.left_shift(a, _shift_amount(b, out_dtype.primitive_bitwidth)).astype(out_dtype.np)


def _shr(a, b, *, out_dtype: dtype):
    # numpy shifts signed ints arithmetically and unsigned ints logically, as Triton does
    return np.right_shift(a, _shift_amount(b, out_dtype.primitive_bitwidth)).astype(out_dtype.np)


def _umulhi(a, b, *, out_dtype: dtype):
    bits = out_dtype.primitive_bitwidth
    if bits <= 32:
        wide = np.int64 if out_dtype.is_int_signed() else np.uint64
        prod = a.astype(wide) * b.astype(wide)
        return (prod >> np.array(bits, dtype=wide)).astype(out_dtype.np)
    # 64-bit: split into 32-bit halves
    ua, ub = a.astype(np.uint64), b.astype(np.uint64)
    m32 = np.uint64(0xFFFFFFFF)
    s = np.uint64(32)
    a_lo, a_hi, b_lo, b_hi = ua & m32, ua >> s, ub & m32, ub >> s
    lo_lo = a_lo * b_lo
    mid1 = a_hi * b_lo + (lo_lo >> s)
    mid2 = a_lo * b_hi + (mid1 & m32)
    hi = a_hi * b_hi + (mid1 >> s) + (mid2 >> s)
    if out_dtype.is_int_signed():
        hi = hi - np.where(a < 0, ub, 0).astype(np.uint64) - np.where(b < 0, ua, 0).astype(np.uint64)
    return hi.astype(out_dtype.np)


def _fma(a, b, c, *, out_dtype: dtype):
    if out_dtype.is_fp64():
        return a * b + c
    return (_wide(a).astype(np.float64) * b.astype(np.float64) + c.astype(np.float64)).astype(out_dtype.np)


def _binary(fn):
    def apply(a, b, *, out_dtype: dtype):
        return np.asarray(fn(a, b)).astype(out_dtype.np, copy=False)
    return apply


def _cmp(fn):
    def apply(a, b, *, out_dtype: dtype):
        return np.asarray(fn(a, b))
    return apply


def _abs(x, *, out_dtype: dtype):
    return np.asarray(np.abs(x)).astype(out_dtype.np, copy=False)


def _neg(x, *, out_dtype: dtype):
    return np.asarray(np.negative(x)).astype(out_dtype.np, copy=False)


def _not(x, *, out_dtype: dtype):
    return np.asarray(np.invert(x)).astype(out_dtype.np, copy=False)


def _select(c, a, b, *, out_dtype: dtype):
    return np.where(c, a, b).astype(out_dtype.np, copy=False)


def _minmax(fn):
    def apply(a, b, *, out_dtype: dtype):
        return np.asarray(fn(a, b)).astype(out_dtype.np, copy=False)
    return apply


ELEMENTWISE = {
    "add": _binary(np.add), "sub": _binary(np.subtract), "mul": _binary(np.multiply),
    "div": _div, "rem": _rem,
    "and": _binary(np.bitwise_and), "or": _binary(np.bitwise_or),
    "xor": _binary(np.bitwise_xor), "shl": _shl, "shr": _shr,
    # fmin/fmax return the non-NaN operand, like LLVM's minnum/maxnum
    "min": _minmax(np.fmin), "max": _minmax(np.fmax), "umulhi": _umulhi,
    "eq": _cmp(np.equal), "ne": _cmp(np.not_equal), "lt": _cmp(np.less),
    "le": _cmp(np.less_equal), "gt": _cmp(np.greater), "ge": _cmp(np.greater_equal),
    "neg": _neg, "not": _not, "abs": _abs,
    "exp": _math(np.exp), "exp2": _math(np.exp2), "log": _math(np.log), "log2": _math(np.log2),
    "sqrt": _math(np.sqrt), "rsqrt": _math(lambda x: 1 / np.sqrt(x)), "sin": _math(np.sin),
    "cos": _math(np.cos), "tanh": _math(np.tanh), "erf": _math(_erf),
    "floor": _math(np.floor), "ceil": _math(np.ceil),
    "fma": _fma, "select": _select,
}


def cast(x: np.ndarray, src: dtype, dst: dtype) -> np.ndarray:
    """``.to(dst)``: C conversion rules (float->int truncates, ->int1 tests != 0)."""
    if dst.is_bool():
        return np.asarray(x != 0)
    if src.is_floating() and dst.is_int():
        with np.errstate(invalid="ignore"):
            t = np.nan_to_num(np.trunc(x.astype(np.float64)), nan=0.0)
            info = np.iinfo(dst.np)
            # out-of-range is undefined in LLVM; saturate (llvm.fpto*i.sat) so every backend
            # agrees. The bounds are compared as floats: 2**63 - 1 rounds up to 2**63, which
            # would wrap if converted.
            too_big, too_small = t >= float(info.max), t <= float(info.min)
            inside = np.where(too_big | too_small, 0, t).astype(dst.np)
            return np.where(too_big, info.max, np.where(too_small, info.min, inside)).astype(dst.np)
    if src.is_bool():
        return x.astype(np.uint8).astype(dst.np)
    if src.is_bf16() or dst.is_bf16():
        return x.astype(np.float32).astype(dst.np) if src.is_int() else x.astype(dst.np)
    return np.asarray(x).astype(dst.np)


def bitcast(x: np.ndarray, dst: dtype) -> np.ndarray:
    return np.ascontiguousarray(x).view(dst.np)
