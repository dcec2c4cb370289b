"""Elementwise ops on raw LLVM values (a scalar or one vector chunk), with tiledsl semantics.

Every function here takes LLVM values of one shape (scalar or ``<w x T>``) and the tiledsl
dtypes involved, and returns an LLVM value of that shape, so the same code lowers a tile's
chunks, a 0-d scalar, and the vectorised combine regions of reductions. The rules follow
``ir/semantics.py`` exactly (it is what the interpreter runs):

* integers wrap; ``div``/``rem`` truncate like C, give 0 for a zero divisor, and never trap
  on ``INT_MIN / -1``; shift amounts are masked to ``bits - 1``;
* float ``min``/``max`` return the non-NaN operand (``llvm.minnum``/``maxnum``);
* fp16/bf16 math runs in fp32 and rounds back (bf16 to nearest-even by hand);
* float -> int casts saturate and send NaN to 0 (``llvm.fptosi.sat``).
"""
from __future__ import annotations

import llvmlite.ir as ir

from tiledsl import dtypes as dt
from . import types as T

_CMP_INT = {"eq": "==", "ne": "!=", "lt": "<", "le": "<=", "gt": ">", "ge": ">="}
_INTRINSIC_MATH = {"exp", "exp2", "log", "log2", "sqrt", "sin", "cos", "floor", "ceil", "tanh"}


def _like(v, scalar_t: ir.Type) -> ir.Type:
    w = T.width_of(v)
    return T.vec(scalar_t, w)


# -- fp16 / bf16 <-> fp32 ----------------------------------------------------------------------

def widen(b: ir.IRBuilder, v, elem: dt.dtype):
    """A value of ``elem`` in its math type (fp16/bf16 -> fp32; others unchanged)."""
    if elem.is_fp16():
        return b.fpext(v, _like(v, T.F32))
    if elem.is_bf16():
        bits = b.shl(b.zext(v, _like(v, T.I32)), T.const(_like(v, T.I32), 16))
        return b.bitcast(bits, _like(v, T.F32))
    return v


def narrow(b: ir.IRBuilder, v, elem: dt.dtype):
    """A math-type value back in ``elem``'s register type (rounding to nearest-even)."""
    if elem.is_fp16():
        return b.fptrunc(v, _like(v, T.F16))
    if elem.is_bf16():
        return f32_to_bf16(b, v)
    return v


def f32_to_bf16(b: ir.IRBuilder, v):
    """fp32 -> bf16 bits, round to nearest-even, NaN stays a (quiet) NaN."""
    i32 = _like(v, T.I32)
    bits = b.bitcast(v, i32)
    lsb = b.and_(b.lshr(bits, T.const(i32, 16)), T.const(i32, 1))
    rounded = b.add(b.add(bits, T.const(i32, 0x7FFF)), lsb)
    top = b.trunc(b.lshr(rounded, T.const(i32, 16)), _like(v, T.I16))
    nan_bits = b.trunc(b.or_(b.lshr(bits, T.const(i32, 16)), T.const(i32, 0x40)), _like(v, T.I16))
    is_nan = b.fcmp_unordered("uno", v, v)
    return b.select(is_nan, nan_bits, top)


# -- binary / unary ----------------------------------------------------------------------------

def binary(b: ir.IRBuilder, name: str, elem: dt.dtype, x, y):
    """``name`` applied to two values of dtype ``elem``."""
    if elem.is_floating():
        r = _float_binary(b, name, widen(b, x, elem), widen(b, y, elem))
        return narrow(b, r, elem)
    return _int_binary(b, name, elem, x, y)


def _float_binary(b, name, x, y):
    if name == "add":
        return b.fadd(x, y)
    if name == "sub":
        return b.fsub(x, y)
    if name == "mul":
        return b.fmul(x, y)
    if name == "div":
        return b.fdiv(x, y)
    if name == "rem":
        return b.frem(x, y)
    if name == "min":
        return T.intrinsic(b, "minnum", [x, y])
    if name == "max":
        return T.intrinsic(b, "maxnum", [x, y])
    raise NotImplementedError(f"float {name}")


def _int_binary(b, name, elem, x, y):
    signed = elem.is_int_signed()
    t = x.type
    if name == "add":
        return b.add(x, y)
    if name == "sub":
        return b.sub(x, y)
    if name == "mul":
        return b.mul(x, y)
    if name in ("and", "or", "xor"):
        return {"and": b.and_, "or": b.or_, "xor": b.xor}[name](x, y)
    if name in ("div", "rem"):
        return _int_divrem(b, name, elem, x, y)
    if name in ("shl", "shr"):
        bits = T.element_of(t).width
        amount = b.and_(y, T.const(t, bits - 1))
        if name == "shl":
            return b.shl(x, amount)
        return b.ashr(x, amount) if signed else b.lshr(x, amount)
    if name in ("min", "max"):
        op = "<" if name == "min" else ">"
        cmp = b.icmp_signed(op, x, y) if signed else b.icmp_unsigned(op, x, y)
        return b.select(cmp, x, y)
    if name == "umulhi":
        bits = T.element_of(t).width
        wide = _like(x, ir.IntType(2 * bits))
        ext = b.sext if signed else b.zext
        prod = b.mul(ext(x, wide), ext(y, wide))
        hi = b.ashr(prod, T.const(wide, bits)) if signed else b.lshr(prod, T.const(wide, bits))
        return b.trunc(hi, t)
    raise NotImplementedError(f"integer {name}")


def _int_divrem(b, name, elem, x, y):
    t = x.type
    zero = b.icmp_unsigned("==", y, T.const(t, 0))
    bad = zero
    if elem.is_int_signed():
        # INT_MIN / -1 traps on x86; its wrapped quotient is INT_MIN itself, which is what
        # dividing by 1 gives, and the remainder is 0 either way.
        bits = T.element_of(t).width
        is_min = b.icmp_unsigned("==", x, T.const(t, 1 << (bits - 1)))
        is_m1 = b.icmp_unsigned("==", y, T.const(t, -1))
        bad = b.or_(zero, b.and_(is_min, is_m1))
    safe = b.select(bad, T.const(t, 1), y)
    if name == "div":
        r = b.sdiv(x, safe) if elem.is_int_signed() else b.udiv(x, safe)
    else:
        r = b.srem(x, safe) if elem.is_int_signed() else b.urem(x, safe)
    return b.select(zero, T.const(t, 0), r)


def compare(b: ir.IRBuilder, name: str, elem: dt.dtype, x, y):
    """i1 result of comparing two values of ``elem`` (NaN compares unequal/unordered)."""
    if elem.is_floating():
        x, y = widen(b, x, elem), widen(b, y, elem)
        if name == "ne":
            return b.fcmp_unordered("!=", x, y)
        return b.fcmp_ordered(_CMP_INT[name], x, y)
    if elem.is_ptr():
        i64 = _like(x, T.I64)
        x, y = b.ptrtoint(x, i64), b.ptrtoint(y, i64)
        return b.icmp_unsigned(_CMP_INT[name], x, y)
    if elem.is_int_signed():
        return b.icmp_signed(_CMP_INT[name], x, y)
    return b.icmp_unsigned(_CMP_INT[name], x, y)


def unary(b: ir.IRBuilder, name: str, elem: dt.dtype, x):
    """``neg``/``abs``/``not`` and the float math functions."""
    if name == "not":
        return b.xor(x, T.const(x.type, -1))
    if elem.is_int():
        if name == "neg":
            return b.sub(T.const(x.type, 0), x)
        if name == "abs":
            if not elem.is_int_signed():
                return x
            neg = b.icmp_signed("<", x, T.const(x.type, 0))
            return b.select(neg, b.sub(T.const(x.type, 0), x), x)
        raise NotImplementedError(f"integer {name}")
    w = widen(b, x, elem)
    r = float_math(b, name, w)
    return narrow(b, r, elem)


def float_math(b: ir.IRBuilder, name: str, x):
    """A math function on fp32/fp64 values (scalar or vector)."""
    if name == "neg":
        return b.fneg(x)
    if name == "abs":
        return T.intrinsic(b, "fabs", [x])
    if name == "rsqrt":
        return b.fdiv(T.const(x.type, 1.0), T.intrinsic(b, "sqrt", [x]))
    if name in ("exp", "exp2"):
        from .vmath import fast_exp
        fast = fast_exp(b, name, x)
        if fast is not None:
            return fast
    if name in _INTRINSIC_MATH:
        return T.intrinsic(b, name, [x])
    if name == "erf":
        return _libm_per_lane(b, "erf", x)
    raise NotImplementedError(f"math {name}")


def _libm_per_lane(b, fname, x):
    """Call a scalar libm function on every lane (no vector variant exists)."""
    st = T.element_of(x.type)
    fn = T.declare(b.module, fname + ("f" if st == T.F32 else ""), st, [st])
    w = T.width_of(x)
    if w is None:
        return b.call(fn, [x])
    out = T.poison(x.type)
    for i in range(w):
        lane = b.extract_element(x, ir.Constant(T.I32, i))
        out = b.insert_element(out, b.call(fn, [lane]), ir.Constant(T.I32, i))
    return out


def fma(b: ir.IRBuilder, elem: dt.dtype, x, y, z):
    """``x * y + z`` rounded once (fp16/bf16: in fp32, then rounded to ``elem``)."""
    r = T.intrinsic(b, "fma", [widen(b, x, elem), widen(b, y, elem), widen(b, z, elem)])
    return narrow(b, r, elem)


# -- conversions -------------------------------------------------------------------------------

def cast(b: ir.IRBuilder, x, src: dt.dtype, dst: dt.dtype):
    """``x.to(dst)`` with the C rules of ``semantics.cast``."""
    if src == dst:
        return x
    dst_t = _like(x, T.scalar_type(dst))
    if dst.is_bool():
        if src.is_floating():
            return b.fcmp_unordered("!=", widen(b, x, src), T.const(_like(x, T.math_type(src)), 0))
        if src.is_ptr():
            return b.icmp_unsigned("!=", b.ptrtoint(x, _like(x, T.I64)), T.const(_like(x, T.I64), 0))
        return b.icmp_unsigned("!=", x, T.const(x.type, 0))
    if src.is_ptr() or dst.is_ptr():
        if src.is_ptr() and dst.is_ptr():
            return x
        if src.is_ptr():
            return b.ptrtoint(x, dst_t)
        return b.inttoptr(x, dst_t)
    if src.is_int() and dst.is_int():
        sw, dw = src.primitive_bitwidth, dst.primitive_bitwidth
        if dw < sw:
            return b.trunc(x, dst_t)
        if dw == sw:
            return x
        return b.sext(x, dst_t) if src.is_int_signed() and not src.is_bool() else b.zext(x, dst_t)
    if src.is_int() and dst.is_floating():
        mt = _like(x, T.math_type(dst)) if dst.is_bf16() else dst_t
        conv = b.sitofp if src.is_int_signed() and not src.is_bool() else b.uitofp
        return narrow(b, conv(x, mt), dst) if dst.is_bf16() else conv(x, mt)
    if src.is_floating() and dst.is_int():
        f = widen(b, x, src)
        base = "fptosi.sat" if dst.is_int_signed() else "fptoui.sat"
        return T.intrinsic(b, base, [f], ret=dst_t, overloads=[dst_t, f.type])
    # float -> float
    if src.is_bf16() or dst.is_bf16():
        f = widen(b, x, src)
        if dst.is_bf16():
            if f.type != _like(x, T.F32):
                f = b.fptrunc(f, _like(x, T.F32))
            return f32_to_bf16(b, f)
        return _fp_resize(b, f, dst_t)
    return _fp_resize(b, x, dst_t)


def _fp_resize(b, x, dst_t):
    sw = _bits(T.element_of(x.type))
    dw = _bits(T.element_of(dst_t))
    if sw == dw:
        return x
    return b.fpext(x, dst_t) if dw > sw else b.fptrunc(x, dst_t)


def _bits(t) -> int:
    return {T.F16: 16, T.F32: 32, T.F64: 64}[t]


def bitcast(b: ir.IRBuilder, x, src: dt.dtype, dst: dt.dtype):
    """Reinterpret the bits (same width); pointer <-> pointer is the identity."""
    if src.is_ptr() or dst.is_ptr():
        return cast(b, x, src, dst)
    dst_t = _like(x, T.scalar_type(dst))
    return x if x.type == dst_t else b.bitcast(x, dst_t)


# -- dispatch ----------------------------------------------------------------------------------

BINARY = ("add", "sub", "mul", "div", "rem", "min", "max", "and", "or", "xor", "shl", "shr",
          "umulhi")
COMPARE = tuple(_CMP_INT)
UNARY = ("neg", "abs", "not", "exp", "exp2", "log", "log2", "sqrt", "rsqrt", "sin", "cos",
         "tanh", "erf", "floor", "ceil")


def lane_op(b: ir.IRBuilder, op, args):
    """Lower one elementwise IR op on raw LLVM values (chunks or scalars)."""
    name = op.name
    elem = op.operands[0].type.elem if op.operands else None
    if name in BINARY:
        return binary(b, name, elem, *args)
    if name in COMPARE:
        return compare(b, name, elem, *args)
    if name in UNARY:
        return unary(b, name, elem, *args)
    if name == "fma":
        return fma(b, elem, *args)
    if name == "select":
        return b.select(*args)
    if name == "cast":
        return cast(b, args[0], elem, op.attrs["dtype"])
    if name == "bitcast":
        return bitcast(b, args[0], elem, op.attrs["dtype"])
    raise NotImplementedError(name)


LANE_OPS = frozenset(BINARY + COMPARE + UNARY + ("fma", "select", "cast", "bitcast"))
