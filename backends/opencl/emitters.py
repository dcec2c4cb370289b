"""OpenCL C for each op: type names, literals, and a table from op to C expression template.

fp16 and bf16 values live in ``float`` registers and are rounded after every op that produces
them, so results match the interpreter bit for bit; memory holds real ``half`` (through the
core ``vload_half``/``vstore_half_rte`` built-ins, so no ``cl_khr_fp16`` is needed) and bf16 as
``ushort``. Signed add/sub/mul/neg go through unsigned types, since signed overflow is
undefined in C and tiledsl integers wrap.
"""
from __future__ import annotations

import math

import numpy as np

from tiledsl import dtypes as dt
from tiledsl.errors import UnsupportedError

_REG = {"int1": "uchar", "int8": "char", "int16": "short", "int32": "int", "int64": "long",
        "uint8": "uchar", "uint16": "ushort", "uint32": "uint", "uint64": "ulong",
        "fp16": "float", "bf16": "float", "fp32": "float", "fp64": "double"}
_UNSIGNED = {"char": "uchar", "short": "ushort", "int": "uint", "long": "ulong"}


def reg(d: dt.dtype) -> str:
    """C type of a value in registers."""
    if d.is_ptr():
        return f"__global {mem(d.element_ty)}*"
    return _REG[d.name]


def mem(d: dt.dtype) -> str:
    """C type of an element in global memory."""
    return {"fp16": "half", "bf16": "ushort"}.get(d.name, _REG.get(d.name, "uchar"))


def literal(value, d: dt.dtype) -> str:
    if d.is_floating():
        v = float(value)
        if math.isnan(v):
            text = "NAN"
        elif math.isinf(v):
            text = "INFINITY" if v > 0 else "(-INFINITY)"
        elif d.is_fp64():
            return f"({v.hex()})"
        else:
            text = f"{float(np.float32(v)).hex()}f"
        return f"(({reg(d)}){text})"
    if d.is_bool():
        return "((uchar)1)" if value else "((uchar)0)"
    v = int(value)
    if d.primitive_bitwidth == 64:
        if d.is_int_unsigned():
            return f"((ulong){v & (2**64 - 1)}UL)"
        if v == -2**63:
            return "((long)(-9223372036854775807L - 1L))"
        return f"((long){v}L)"
    if d.is_int_unsigned():
        return f"(({reg(d)}){v & (2**32 - 1)}U)"
    if v == -2**31:
        return f"(({reg(d)})(-2147483647 - 1))"
    return f"(({reg(d)}){v})"


def rounded(expr: str, d: dt.dtype) -> str:
    """Round a float expression to the precision of ``d`` (fp16/bf16); others unchanged."""
    if d.is_fp16():
        return f"fp16_round({expr})"
    if d.is_bf16():
        return f"bf16_round({expr})"
    return expr


def _wrap_signed(op: str):
    def emit(a, b, d):
        t = reg(d)
        if d.is_int_signed():
            u = _UNSIGNED[t]
            return f"(({t})(({u}){a} {op} ({u}){b}))"
        return rounded(f"(({t})({a} {op} {b}))", d)
    return emit


def _div(a, b, d):
    t = reg(d)
    if d.is_floating():
        return rounded(f"({a} / {b})", d)
    return f"(({b}) == 0 ? ({t})0 : ({t})({a} / {b}))"


def _rem(a, b, d):
    t = reg(d)
    if d.is_floating():
        return rounded(f"fmod({a}, {b})", d)
    return f"(({b}) == 0 ? ({t})0 : ({t})({a} % {b}))"


def _bitwise(op):
    return lambda a, b, d: f"(({reg(d)})({a} {op} {b}))"


def _shift(op):
    def emit(a, b, d):
        bits = d.primitive_bitwidth
        return f"(({reg(d)})({a} {op} (({b}) & {bits - 1})))"
    return emit


def _minmax(kind):
    def emit(a, b, d):
        if d.is_floating():
            return rounded(f"f{kind}({a}, {b})", d)
        return f"(({reg(d)}){kind}({a}, {b}))"
    return emit


def _compare(op):
    return lambda a, b, d: f"((uchar)({a} {op} {b}))"


def _umulhi(a, b, d):
    return f"(({reg(d)})mul_hi({a}, {b}))"


BINARY = {
    "add": _wrap_signed("+"), "sub": _wrap_signed("-"), "mul": _wrap_signed("*"),
    "div": _div, "rem": _rem, "and": _bitwise("&"), "or": _bitwise("|"), "xor": _bitwise("^"),
    "shl": _shift("<<"), "shr": _shift(">>"), "min": _minmax("min"), "max": _minmax("max"),
    "umulhi": _umulhi,
    "eq": _compare("=="), "ne": _compare("!="), "lt": _compare("<"), "le": _compare("<="),
    "gt": _compare(">"), "ge": _compare(">="),
}

_MATH = {"exp": "exp", "exp2": "exp2", "log": "log", "log2": "log2", "sqrt": "sqrt",
         "rsqrt": "rsqrt", "sin": "sin", "cos": "cos", "tanh": "tanh", "erf": "erf",
         "floor": "floor", "ceil": "ceil"}


def unary(name: str, a: str, d: dt.dtype) -> str:
    t = reg(d)
    if name in _MATH:
        return rounded(f"{_MATH[name]}({a})", d)
    if name == "neg":
        if d.is_int_signed():
            return f"(({t})(-({_UNSIGNED[t]}){a}))"
        return f"(({t})(-{a}))"
    if name == "not":
        return f"((uchar)(({a}) ^ 1))" if d.is_bool() else f"(({t})(~{a}))"
    if name == "abs":
        if d.is_floating():
            return f"fabs({a})"
        return f"(({t})abs({a}))"
    raise UnsupportedError(f"op {name} has no OpenCL form")


def fma(a, b, c, d):
    return rounded(f"fma({a}, {b}, {c})", d)


def cast(a: str, src: dt.dtype, dst: dt.dtype) -> str:
    """``.to(dst)`` with the interpreter's rules (float->int truncates and saturates, NaN->0)."""
    t = reg(dst)
    if dst.is_bool():
        return f"((uchar)(({a}) != 0))"
    if src.is_floating() and dst.is_int():
        return f"convert_{t}_sat_rtz({a})"
    if dst.is_floating():
        return rounded(f"(({t})({a}))", dst)
    return f"(({t})({a}))"


def bitcast(a: str, src: dt.dtype, dst: dt.dtype) -> str:
    if src.is_ptr() or dst.is_ptr():
        return f"(({reg(dst)})({a}))"
    bits = src.primitive_bitwidth
    raw = {16: "ushort", 32: "uint", 64: "ulong", 8: "uchar"}[bits]
    if src.is_fp16():
        src_bits = f"fp16_bits({a})"
    elif src.is_bf16():
        src_bits = f"bf16_bits({a})"
    elif bits == 8 or bits == 16:
        src_bits = f"(({raw})({a}))"
    else:
        src_bits = f"as_{raw}({a})"
    if dst.is_fp16():
        return f"fp16_from_bits({src_bits})"
    if dst.is_bf16():
        return f"bf16_from_bits({src_bits})"
    if bits in (8, 16):
        return f"(({reg(dst)})({src_bits}))"
    return f"as_{reg(dst)}({src_bits})"


def load_expr(ptr: str, elem: dt.dtype) -> str:
    if elem.is_fp16():
        return f"vload_half(0, {ptr})"
    if elem.is_bf16():
        return f"bf16_from_bits(*({ptr}))"
    return f"(*({ptr}))"


def store_stmt(ptr: str, value: str, elem: dt.dtype) -> str:
    if elem.is_fp16():
        return f"vstore_half_rte({value}, 0, {ptr});"
    if elem.is_bf16():
        return f"*({ptr}) = bf16_bits({value});"
    return f"*({ptr}) = {value};"


ATOMIC_INT = {"add": "atomic_add", "max": "atomic_max", "min": "atomic_min",
              "and": "atomic_and", "or": "atomic_or", "xor": "atomic_xor", "xchg": "atomic_xchg"}
ATOMIC_INT64 = {k: v.replace("atomic_", "atom_") for k, v in ATOMIC_INT.items()}


def atomic_call(kind: str, ptr: str, vals: list[str], elem: dt.dtype) -> str:
    """An expression that performs the atomic and yields the old value."""
    name = elem.name
    if kind == "cas":
        if elem.is_int() and elem.primitive_bitwidth == 32:
            return f"atomic_cmpxchg((volatile __global {mem(elem)}*)({ptr}), {vals[0]}, {vals[1]})"
        if elem.is_int() and elem.primitive_bitwidth == 64:
            return f"atom_cmpxchg((volatile __global {mem(elem)}*)({ptr}), {vals[0]}, {vals[1]})"
        if name == "fp32":
            return f"tiled_cas_f32({ptr}, {vals[0]}, {vals[1]})"
    elif elem.is_int() and not elem.is_bool() and elem.primitive_bitwidth == 32:
        return f"{ATOMIC_INT[kind]}((volatile __global {mem(elem)}*)({ptr}), {vals[0]})"
    elif elem.is_int() and elem.primitive_bitwidth == 64:
        return f"{ATOMIC_INT64[kind]}((volatile __global {mem(elem)}*)({ptr}), {vals[0]})"
    elif name == "fp32":
        if kind == "xchg":
            return f"atomic_xchg((volatile __global float*)({ptr}), {vals[0]})"
        if kind in ("add", "max", "min"):
            return f"tiled_atomic_{kind}_f32({ptr}, {vals[0]})"
    elif name == "fp64" and kind in ("add", "max", "min", "xchg"):
        return f"tiled_atomic_{kind}_f64({ptr}, {vals[0]})"
    raise UnsupportedError(f"atomic_{kind} on {elem} is not supported by the OpenCL backend")


PRINTF = {"int1": "%d", "int8": "%d", "int16": "%d", "int32": "%d", "int64": "%ld",
          "uint8": "%u", "uint16": "%u", "uint32": "%u", "uint64": "%lu", "fp16": "%f",
          "bf16": "%f", "fp32": "%f", "fp64": "%f"}

PRELUDE = r"""
#define LS %(local_size)d
inline float fp16_round(float x) { ushort h; vstore_half_rte(x, 0, (__private half*)&h); return vload_half(0, (__private half*)&h); }
inline ushort fp16_bits(float x) { ushort h; vstore_half_rte(x, 0, (__private half*)&h); return h; }
inline float fp16_from_bits(ushort h) { return vload_half(0, (__private half*)&h); }
inline float bf16_round(float x) {
  uint u = as_uint(x);
  if ((u & 0x7f800000u) == 0x7f800000u && (u & 0x007fffffu)) return as_float(u | 0x00400000u);
  u += 0x7fffu + ((u >> 16) & 1u);
  return as_float(u & 0xffff0000u);
}
inline ushort bf16_bits(float x) { return (ushort)(as_uint(bf16_round(x)) >> 16); }
inline float bf16_from_bits(ushort b) { return as_float(((uint)b) << 16); }
inline float tiled_cas_f32(__global float *p, float cmp, float val) {
  return as_float(atomic_cmpxchg((volatile __global uint*)p, as_uint(cmp), as_uint(val)));
}
#define TILED_ATOMIC_F32(NAME, OP) \
inline float tiled_atomic_##NAME##_f32(__global float *p, float v) { \
  uint old = *(volatile __global uint*)p, seen; \
  do { seen = old; old = atomic_cmpxchg((volatile __global uint*)p, seen, as_uint(OP(as_float(seen), v))); } \
  while (old != seen); \
  return as_float(old); }
#define TILED_ADD(a, b) ((a) + (b))
TILED_ATOMIC_F32(add, TILED_ADD)
TILED_ATOMIC_F32(max, fmax)
TILED_ATOMIC_F32(min, fmin)
"""

PRELUDE_F64 = r"""
#pragma OPENCL EXTENSION cl_khr_fp64 : enable
#pragma OPENCL EXTENSION cl_khr_int64_base_atomics : enable
#define TILED_ATOMIC_F64(NAME, OP) \
inline double tiled_atomic_##NAME##_f64(__global double *p, double v) { \
  ulong old = *(volatile __global ulong*)p, seen; \
  do { seen = old; old = atom_cmpxchg((volatile __global ulong*)p, seen, as_ulong(OP(as_double(seen), v))); } \
  while (old != seen); \
  return as_double(old); }
#define TILED_SECOND(a, b) (b)
TILED_ATOMIC_F64(add, TILED_ADD)
TILED_ATOMIC_F64(max, fmax)
TILED_ATOMIC_F64(min, fmin)
TILED_ATOMIC_F64(xchg, TILED_SECOND)
"""

PRELUDE_INT64_ATOMICS = "#pragma OPENCL EXTENSION cl_khr_int64_base_atomics : enable\n" \
                        "#pragma OPENCL EXTENSION cl_khr_int64_extended_atomics : enable\n"
