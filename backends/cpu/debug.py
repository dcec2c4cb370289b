"""Debug-mode bounds checks and ``device_print`` for the CPU lowering.

With ``TILEDSL_DEBUG=1`` the runtime passes ``(base, bytes)`` of every pointer argument; each
load, store and atomic then checks that every *active* lane's element lies inside one of
those buffers before touching memory, and returns the status code of a ``bounds`` check that
names the source line. Masked-off lanes are never checked (they are never accessed).
"""
from __future__ import annotations

import llvmlite.ir as ir

from tiledsl.backends.llvm import types as T
from tiledsl.backends.llvm.tile import Tile, splat_value


def load_ranges(b: ir.IRBuilder, ranges_p, fn) -> list[tuple]:
    """``[(base, bytes)]`` as i64 values, one pair per pointer argument in ABI order."""
    out = []
    j = 0
    for a in fn.args:
        if a.type.elem.is_ptr():
            base = b.load(b.gep(ranges_p, [T.const(T.I64, 2 * j)], source_etype=T.I64), typ=T.I64)
            size = b.load(b.gep(ranges_p, [T.const(T.I64, 2 * j + 1)], source_etype=T.I64),
                          typ=T.I64)
            out.append((base, b.add(base, size)))
            j += 1
    return out


def check_bounds(lw, op, ptr: Tile, mask: Tile | None, what: str) -> None:
    b = lw.builder
    elem = op.operands[0].type.elem.element_ty
    size = max(elem.itemsize, 1)
    code = lw.add_check("bounds", f"out-of-bounds {what}: an active lane's address lies outside "
                                  f"every array argument", op.loc)
    seen = set()
    ptr = lw.materialize(ptr)
    for i, p in enumerate(ptr.chunks):
        m = mask.chunks[i] if mask is not None else None
        key = (id(p), id(m))
        if key in seen:
            continue
        seen.add(key)
        w = T.width_of(p)
        it = T.vec(T.I64, w)
        addr = b.ptrtoint(p, it)
        last = b.add(addr, T.const(it, size))
        ok = T.const(T.vec(T.I1, w), 0)
        for lo, hi in lw.ranges:
            lo_v = lo if w is None else splat_value(b, lo, w)
            hi_v = hi if w is None else splat_value(b, hi, w)
            inside = b.and_(b.icmp_unsigned(">=", addr, lo_v), b.icmp_unsigned("<=", last, hi_v))
            ok = b.or_(ok, inside)
        bad = b.xor(ok, T.const(ok.type, 1))
        if m is not None:
            bad = b.and_(bad, m)
        any_bad = bad if w is None else T.intrinsic(b, "vector.reduce.or", [bad], ret=T.I1)
        lw.fail_unless(b.xor(any_bad, T.const(T.I1, 1)), code)


def _format(elem, hex_: bool) -> str:
    if elem.is_ptr():
        return "%p"
    if elem.is_floating():
        return "%.8g" if not elem.is_fp64() else "%.17g"
    if hex_:
        return "0x%llx"
    return "%lld" if elem.is_int_signed() else "%llu"


def _printable(b, v, elem):
    from tiledsl.backends.llvm.elementwise import widen
    if elem.is_ptr():
        return v
    if elem.is_floating():
        f = widen(b, v, elem)
        return f if f.type == T.F64 else b.fpext(f, T.F64)
    if elem.primitive_bitwidth == 64:
        return v
    return b.sext(v, T.I64) if elem.is_int_signed() and not elem.is_bool() else b.zext(v, T.I64)


def _cstring(lw, text: str):
    mod = lw.module
    data = bytearray(text.encode("utf-8")) + b"\0"
    name = f".str.{len(mod.globals)}"
    g = ir.GlobalVariable(mod, ir.ArrayType(T.I8, len(data)), name=name)
    g.global_constant = True
    g.linkage = "private"
    g.initializer = ir.Constant(ir.ArrayType(T.I8, len(data)), data)
    return g


def emit_print(lw, target, op, tiles) -> None:
    """One line per element: ``pid (x, y, z) idx (i) <prefix> <value> ...``, then fflush."""
    b = lw.builder
    printf = T.declare(lw.module, "printf", T.I32, [T.PTR], var_arg=True)
    fflush = T.declare(lw.module, "fflush", T.I32, [T.PTR])
    prefix = op.attrs.get("prefix", "").replace("%", "%%")
    hex_ = bool(op.attrs.get("hex"))
    pids = [target.program_id(lw, a) for a in range(3)]
    n = max([t.type.numel if t.type.shape else 1 for t in tiles] or [1])
    elems = [op.operands[i].type.elem for i in range(len(tiles))]
    fmt_vals = " ".join(_format(e, hex_) for e in elems)
    fmt = _cstring(lw, f"pid (%d, %d, %d) idx (%lld) {prefix} {fmt_vals}\n")
    from tiledsl.backends.llvm.tile import extract
    for i in range(n):
        vals = []
        for t, e in zip(tiles, elems):
            v = t.scalar if t.is_scalar else extract(b, t, i % t.type.numel)
            vals.append(_printable(b, v, e))
        b.call(printf, [fmt] + pids + [T.const(T.I64, i)] + vals)
    b.call(fflush, [ir.Constant(T.PTR, None)])
