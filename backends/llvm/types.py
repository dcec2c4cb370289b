"""tiledsl dtypes -> LLVM types, intrinsic declarations and small constant helpers.

Register and memory types agree for every dtype but two:

* ``bf16`` lives as ``i16`` bits: llvmlite's IR builder has no ``bfloat`` type, and bf16 math is
  defined as fp32 math anyway (``ir/semantics.py``), so values are widened to ``float`` for
  arithmetic and rounded back to nearest-even by hand (:mod:`.elementwise`);
* ``int1`` is ``i1`` in registers but one byte in memory (numpy's ``bool``).

Pointers are LLVM's opaque ``ptr``.
"""
from __future__ import annotations

import llvmlite.ir as ir

from tiledsl import dtypes as dt

I1, I8, I16, I32, I64, I128 = (ir.IntType(n) for n in (1, 8, 16, 32, 64, 128))
F16, F32, F64 = ir.HalfType(), ir.FloatType(), ir.DoubleType()
PTR = ir.PointerType()
VOID = ir.VoidType()


def scalar_type(elem: dt.dtype) -> ir.Type:
    """The register type of one element."""
    if elem.is_ptr():
        return PTR
    if elem.is_bool():
        return I1
    if elem.is_int():
        return ir.IntType(elem.primitive_bitwidth)
    if elem.is_bf16():
        return I16
    return {16: F16, 32: F32, 64: F64}[elem.primitive_bitwidth]


def memory_type(elem: dt.dtype) -> ir.Type:
    """The type of one element in memory (``int1`` is a byte)."""
    return I8 if elem.is_bool() else scalar_type(elem)


def math_type(elem: dt.dtype) -> ir.Type:
    """The type arithmetic runs in: fp16/bf16 compute in fp32."""
    if elem.is_floating() and elem.primitive_bitwidth == 16:
        return F32
    return scalar_type(elem)


def vec(t: ir.Type, n: int | None) -> ir.Type:
    """``<n x t>``, or ``t`` itself for a scalar (``n is None``)."""
    return t if n is None else ir.VectorType(t, n)


def width_of(value) -> int | None:
    """The lane count of an LLVM value, None for a scalar."""
    t = value.type
    return t.count if isinstance(t, ir.VectorType) else None


def element_of(t: ir.Type) -> ir.Type:
    return t.element if isinstance(t, ir.VectorType) else t


def mangle(t: ir.Type) -> str:
    """Intrinsic overload suffix: ``f32``, ``v16f32``, ``i64``, ``p0`` ..."""
    if isinstance(t, ir.VectorType):
        return f"v{t.count}{mangle(t.element)}"
    if isinstance(t, ir.PointerType):
        return "p0"
    if isinstance(t, ir.IntType):
        return f"i{t.width}"
    return {F16: "f16", F32: "f32", F64: "f64"}[t] if t in (F16, F32, F64) else str(t)


def const(t: ir.Type, value) -> ir.Constant:
    """A constant of scalar or vector type ``t`` (vectors get ``value`` in every lane)."""
    if isinstance(t, ir.VectorType):
        return ir.Constant(t, [const(t.element, value)] * t.count)
    if isinstance(t, ir.IntType):
        value = int(value) & ((1 << t.width) - 1)
        return ir.Constant(t, value)
    return ir.Constant(t, float(value))


def poison(t: ir.Type) -> ir.Constant:
    return ir.Constant(t, ir.Undefined)


def declare(module: ir.Module, name: str, ret: ir.Type, args: list[ir.Type],
            var_arg: bool = False) -> ir.Function:
    """Get or declare the function ``name`` in ``module`` (intrinsics and libc/libm)."""
    fn = module.globals.get(name)
    if fn is None:
        fn = ir.Function(module, ir.FunctionType(ret, args, var_arg=var_arg), name=name)
    return fn


def intrinsic(builder: ir.IRBuilder, base: str, args, ret: ir.Type | None = None,
              overloads: list[ir.Type] | None = None, name: str = ""):
    """Call ``llvm.<base>.<mangled overloads>`` (default overload: the first arg's type)."""
    overloads = overloads if overloads is not None else [args[0].type]
    full = "llvm." + base + "".join("." + mangle(t) for t in overloads)
    ret = ret if ret is not None else args[0].type
    fn = declare(builder.module, full, ret, [a.type for a in args])
    return builder.call(fn, list(args), name=name)
