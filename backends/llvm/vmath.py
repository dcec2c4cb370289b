"""Vectorised fp32 ``exp``/``exp2`` as small out-of-line LLVM functions.

``llvm.exp.v16f32`` is scalarised into sixteen ``expf`` calls on x86 and AArch64 (LLVM links
no vector math library here), which made softmax compute-bound and its IR huge. These
helpers compute ``2^n * e^r`` with ``n = round(x / ln 2)``, a two-constant (Cody-Waite)
reduction and a degree-7 Taylor polynomial on ``|r| <= ln(2)/2`` (error below 2 ulp, well
inside the ``rtol=2e-6`` the semantics tests allow). ``2^n`` is built from the exponent bits
in two halves so results underflow to denormals/zero and overflow to inf like ``expf``; NaN
passes through. One function per vector width is emitted and marked ``noinline``: a 4096-wide
tile calls it 256 times without 256 copies of the polynomial to compile.
"""
from __future__ import annotations

import llvmlite.ir as ir

from . import types as T

_LOG2E = 1.4426950408889634
_LN2_HI = 0.693145751953125
_LN2_LO = 1.428606765330187e-06
_TAYLOR = [1.0 / 5040, 1.0 / 720, 1.0 / 120, 1.0 / 24, 1.0 / 6, 0.5, 1.0, 1.0]


def _define(module: ir.Module, base: str, vt: ir.VectorType) -> ir.Function:
    name = f"tiledsl.{base}.{T.mangle(vt)}"
    fn = module.globals.get(name)
    if fn is not None:
        return fn
    fn = ir.Function(module, ir.FunctionType(vt, [vt]), name=name)
    fn.linkage = "internal"
    fn.attributes.add("noinline")
    fn.attributes.add("nounwind")
    b = ir.IRBuilder(fn.append_basic_block("entry"))
    x = fn.args[0]
    c = lambda v: T.const(vt, v)  # noqa: E731
    it = ir.VectorType(T.I32, vt.count)
    if base == "exp":
        xc = T.intrinsic(b, "maxnum", [T.intrinsic(b, "minnum", [x, c(89.0)]), c(-104.0)])
        n = T.intrinsic(b, "rint", [b.fmul(xc, c(_LOG2E))])
        r = T.intrinsic(b, "fma", [n, c(-_LN2_HI), xc])
        r = T.intrinsic(b, "fma", [n, c(-_LN2_LO), r])
    else:  # exp2
        xc = T.intrinsic(b, "maxnum", [T.intrinsic(b, "minnum", [x, c(129.0)]), c(-151.0)])
        n = T.intrinsic(b, "rint", [xc])
        r = b.fmul(b.fsub(xc, n), c(0.6931471805599453))
    p = c(_TAYLOR[0])
    for coef in _TAYLOR[1:]:
        p = T.intrinsic(b, "fma", [p, r, c(coef)])
    ni = b.fptosi(n, it)
    half = b.ashr(ni, T.const(it, 1))
    rest = b.sub(ni, half)
    s1 = b.bitcast(b.shl(b.add(half, T.const(it, 127)), T.const(it, 23)), vt)
    s2 = b.bitcast(b.shl(b.add(rest, T.const(it, 127)), T.const(it, 23)), vt)
    y = b.fmul(b.fmul(p, s1), s2)
    y = b.select(b.fcmp_unordered("uno", x, x), x, y)
    b.ret(y)
    return fn


def fast_exp(b: ir.IRBuilder, name: str, x):
    """``exp``/``exp2`` of an fp32 vector through the shared helper; None if not applicable."""
    if not isinstance(x.type, ir.VectorType) or x.type.element != T.F32 or x.type.count < 4:
        return None
    return b.call(_define(b.module, name, x.type), [x])
