"""Hypothesis fuzzing of elementwise / broadcast / reduction / scan expressions.

Each example draws 1-3 input tiles (shapes that broadcast against a 1-3 D output shape,
dtypes fp32 or int32) and an expression tree over them. The tree is rendered twice: as the
body of a kernel, written to a temporary ``.py`` file and imported (so ``inspect.getsource``
sees real source), and as a numpy evaluation that follows Triton's rules (int32 op fp32 ->
fp32, ``/`` -> fp32, ``//`` and ``%`` truncate toward zero, ``%`` on floats is fmod, integer
arithmetic wraps at 32 bits).

A second test draws inputs of every signed integer and float width and compares each
compiled backend with the interpreter directly (differential testing).

Generated programs avoid undefined behaviour rather than testing it: divisors are
``|d| + 1``, shift amounts are ``s & 7``, and float->int casts clamp first. Operations whose
result is discontinuous in their input (float->int casts, float ``%``) only take exactly
computed operands, so summation order or FMA contraction cannot flip a result.
"""
import importlib.util
import itertools
import os
import sys
import tempfile

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import tiledsl as tiled

from helpers import c_div, c_mod, np_dtype, poisoned

F32, I32 = "float32", "int32"
_COUNTER = itertools.count()
_TMP = tempfile.mkdtemp(prefix="tiledsl_fuzz_")


class Node:
    """An expression node with its inferred dtype and shape (``()`` for constants)."""

    def __init__(self, kind, args, dtype, shape, exact):
        self.kind, self.args, self.dtype, self.shape, self.exact = kind, args, dtype, shape, exact

    def __repr__(self):
        return render(self)


def _bshape(a, b):
    """numpy / Triton broadcasting (missing leading axes are prepended)."""
    n = max(len(a), len(b))
    a = (1,) * (n - len(a)) + tuple(a)
    b = (1,) * (n - len(b)) + tuple(b)
    return tuple(max(x, y) for x, y in zip(a, b))


def _kind(dt):
    """Expression nodes track only the kind of their dtype: float (F32) or integer (I32)."""
    return F32 if dt.startswith("float") else I32


def _promote(*nodes):
    return F32 if any(n.dtype == F32 for n in nodes) else I32


BIN_ANY = ["add", "sub", "mul", "div", "min", "max"]
BIN_INT = ["floordiv", "mod", "and", "or", "xor", "shl", "shr"]


def _gen(draw, inputs, depth):
    """Draw a node; leaves are inputs or constants, inner nodes ops on drawn children."""
    leaf = depth == 0 or draw(st.integers(0, 3)) == 0
    if leaf:
        if draw(st.integers(0, 4)) == 0:
            if draw(st.booleans()):
                return Node("const", (draw(st.integers(-5, 5)),), I32, (), True)
            return Node("const", (draw(st.sampled_from([0.5, 1.5, -2.25, 3.0])),), F32, (), True)
        i = draw(st.integers(0, len(inputs) - 1))
        shape, dtype = inputs[i]
        return Node("in", (i,), _kind(dtype), shape, True)
    kind = draw(st.sampled_from(["bin", "bin", "bin", "un", "where", "red", "scan", "cast"]))
    a = _gen(draw, inputs, depth - 1)
    if kind == "bin":
        b = _gen(draw, inputs, depth - 1)
        if a.kind == "const" and b.kind == "const":
            b = _gen(draw, inputs, 0) if inputs else b
            if b.kind == "const":
                i = 0
                b = Node("in", (i,), _kind(inputs[i][1]), inputs[i][0], True)
        both_int = a.dtype == I32 and b.dtype == I32
        ops = BIN_ANY + (BIN_INT if both_int else (["fmod"] if a.exact and b.exact else []))
        op = draw(st.sampled_from(ops))
        dtype = F32 if op in ("div", "fmod") else _promote(a, b)
        exact = dtype == I32 or op in ("min", "max") and a.exact and b.exact
        return Node("bin", (op, a, b), dtype, _bshape(a.shape, b.shape), exact)
    if a.kind == "const":  # unary ops, reductions and casts take a tile operand
        i = draw(st.integers(0, len(inputs) - 1))
        a = Node("in", (i,), _kind(inputs[i][1]), inputs[i][0], True)
    if kind == "un":
        ops = ["neg", "abs"] + (["sqrt_abs"] if a.dtype == F32 else [])
        op = draw(st.sampled_from(ops))
        return Node("un", (op, a), a.dtype, a.shape, a.exact and op != "sqrt_abs")
    if kind == "where":
        b = _gen(draw, inputs, depth - 1)
        c = _gen(draw, inputs, depth - 1)
        d = _gen(draw, inputs, depth - 1)
        if a.kind == "const" and b.kind == "const":  # keep the condition a tile
            b = Node("in", (0,), _kind(inputs[0][1]), inputs[0][0], True)
        cmp = draw(st.sampled_from(["<", "<=", ">", ">=", "==", "!="]))
        shape = _bshape(_bshape(a.shape, b.shape), _bshape(c.shape, d.shape))
        return Node("where", (cmp, a, b, c, d), _promote(c, d), shape,
                    c.exact and d.exact and _promote(c, d) == I32)
    if kind == "red":
        op = draw(st.sampled_from(["sum", "max", "min"]))
        axis = draw(st.integers(0, len(a.shape) - 1))
        shape = tuple(1 if k == axis else s for k, s in enumerate(a.shape))
        return Node("red", (op, axis, a), a.dtype, shape, a.dtype == I32)
    if kind == "scan":
        op = draw(st.sampled_from(["cumsum", "cumprod"]))
        axis = draw(st.integers(0, len(a.shape) - 1))
        return Node("scan", (op, axis, draw(st.booleans()), a), a.dtype, a.shape,
                    a.dtype == I32)
    # cast: int -> float always; float -> int only from exactly computed values
    if a.dtype == I32:
        return Node("cast", (F32, a), F32, a.shape, True)
    if a.exact:
        return Node("cast", (I32, a), I32, a.shape, True)
    return Node("un", ("neg", a), a.dtype, a.shape, False)


@st.composite
def fuzz_cases(draw, dtypes=(F32, I32)):
    ndim = draw(st.integers(1, 3))
    out_shape = tuple(draw(st.sampled_from([2, 4, 8])) for _ in range(ndim))
    inputs = []
    for _ in range(draw(st.integers(1, 3))):
        rank = draw(st.integers(1, ndim))
        dims = out_shape[ndim - rank:]
        shape = tuple(d if draw(st.integers(0, 2)) else 1 for d in dims)
        inputs.append((shape, draw(st.sampled_from(list(dtypes)))))
    expr = _gen(draw, inputs, draw(st.integers(1, 4)))
    if expr.kind == "const":
        expr = Node("in", (0,), _kind(inputs[0][1]), inputs[0][0], True)
    seed = draw(st.integers(0, 2**32 - 1))
    return out_shape, inputs, expr, seed


# ---- rendering as kernel source -----------------------------------------------------------

_PY_OP = {"add": "+", "sub": "-", "mul": "*", "and": "&", "or": "|", "xor": "^"}


def render(n: Node) -> str:
    k = n.kind
    if k == "const":
        return repr(n.args[0])
    if k == "in":
        return f"x{n.args[0]}"
    if k == "bin":
        op, a, b = n.args
        ra, rb = render(a), render(b)
        if op in _PY_OP:
            return f"({ra} {_PY_OP[op]} {rb})"
        den = (repr(abs(b.args[0]) + 1) if b.kind == "const"
               else f"(tl.abs({rb}) + 1)")
        if op == "div":
            return f"({ra} / {den})"
        if op == "floordiv":
            return f"({ra} // {den})"
        if op in ("mod", "fmod"):
            return f"({ra} % {den})"
        if op in ("shl", "shr"):
            amount = repr(b.args[0] & 7) if b.kind == "const" else f"({rb} & 7)"
            return f"({ra} {'<<' if op == 'shl' else '>>'} {amount})"
        return f"tl.{'minimum' if op == 'min' else 'maximum'}({ra}, {rb})"
    if k == "un":
        op, a = n.args
        ra = render(a)
        return {"neg": f"(-{ra})", "abs": f"tl.abs({ra})",
                "sqrt_abs": f"tl.sqrt(tl.abs({ra}))"}[op]
    if k == "where":
        cmp, a, b, c, d = n.args
        return f"tl.where({render(a)} {cmp} {render(b)}, {render(c)}, {render(d)})"
    if k == "red":
        op, axis, a = n.args
        return f"tl.{op}({render(a)}, axis={axis}, keep_dims=True)"
    if k == "scan":
        op, axis, reverse, a = n.args
        return f"tl.{op}({render(a)}, axis={axis}, reverse={reverse})"
    dst, a = n.args
    if dst == F32:
        return f"{render(a)}.to(tl.float32)"
    return f"tl.minimum(tl.maximum({render(a)}, -1000.0), 1000.0).to(tl.int32)"


def _offsets(shape, full_rank):
    """Row-major offsets of a contiguous tile of ``shape`` (its own rank)."""
    terms = []
    stride = 1
    for k in reversed(range(len(shape))):
        idx = ["None"] * len(shape)
        idx[k] = ":"
        ar = f"tl.arange(0, {shape[k]})"
        if len(shape) > 1:
            ar += "[" + ", ".join(idx) + "]"
        terms.append(f"{ar} * {stride}")
        stride *= shape[k]
    return " + ".join(reversed(terms))


def kernel_source(out_shape, inputs, expr):
    params = ", ".join([f"In{i}" for i in range(len(inputs))] + ["Out"])
    lines = ["import tiledsl as tiled", "import tiledsl.language as tl", "", "",
             "@tiled.jit", f"def fuzz_kernel({params}):"]
    for i, (shape, _) in enumerate(inputs):
        lines.append(f"    x{i} = tl.load(In{i} + {_offsets(shape, len(out_shape))})")
    dt = "tl.float32" if expr.dtype == F32 else "tl.int32"
    lines.append(f"    r = {render(expr)}")
    lines.append(f"    r = r + tl.zeros({list(out_shape)}, dtype={dt})")
    lines.append(f"    tl.store(Out + {_offsets(out_shape, len(out_shape))}, r)")
    return "\n".join(lines) + "\n"


def load_kernel(source):
    name = f"tiledsl_fuzz_{os.getpid()}_{next(_COUNTER)}"
    path = os.path.join(_TMP, name + ".py")
    with open(path, "w") as f:
        f.write(source)
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module.fuzz_kernel


# ---- numpy evaluation with Triton's semantics ---------------------------------------------

class Evaluator:
    def __init__(self, values):
        self.values = values
        self.max_abs = 1.0  # largest float magnitude seen, to scale the tolerance

    def _track(self, v):
        if v.dtype == np.float32 and v.size:
            self.max_abs = max(self.max_abs, float(np.max(np.abs(v))))
        return v

    def __call__(self, n: Node) -> np.ndarray:
        return self._track(self._eval(n))

    def _eval(self, n):
        k = n.kind
        if k == "const":
            return np.array(n.args[0], dtype=np.float32 if n.dtype == F32 else np.int32)
        if k == "in":
            return self.values[n.args[0]]
        if k == "bin":
            op, a, b = n.args
            va, vb = self(a), self(b)
            dt = np.float32 if n.dtype == F32 else np.int32
            if op in ("div", "floordiv", "mod", "fmod"):
                # |d| + 1 is computed in the divisor's own dtype, as the kernel does
                vb = (np.abs(vb) + vb.dtype.type(1)).astype(vb.dtype)
            if op in ("div", "fmod"):
                va, vb = va.astype(np.float32), vb.astype(np.float32)
            else:
                va, vb = va.astype(dt), vb.astype(dt)
            if op == "add":
                return va + vb
            if op == "sub":
                return va - vb
            if op == "mul":
                return va * vb
            if op == "div":
                return va / vb
            if op == "floordiv":
                return c_div(va, vb).astype(np.int32)
            if op == "mod":
                return c_mod(va, vb).astype(np.int32)
            if op == "fmod":
                return np.fmod(va, vb)
            if op == "min":
                return np.minimum(va, vb)
            if op == "max":
                return np.maximum(va, vb)
            if op in ("and", "or", "xor"):
                return {"and": np.bitwise_and, "or": np.bitwise_or,
                        "xor": np.bitwise_xor}[op](va, vb)
            amount = (vb & 7).astype(np.uint32)
            if op == "shl":  # shift as uint32 so the wrap is well defined in numpy too
                return (va.astype(np.uint32) << amount).astype(np.int32)
            return va >> amount.astype(np.int32)
        if k == "un":
            op, a = n.args
            va = self(a)
            if op == "neg":
                return -va
            if op == "abs":
                return np.abs(va)
            return np.sqrt(np.abs(va))
        if k == "where":
            cmp, a, b, c, d = n.args
            va, vb = self(a), self(b)
            ct = np.float32 if _promote(a, b) == F32 else np.int32
            va, vb = va.astype(ct), vb.astype(ct)
            cond = {"<": va < vb, "<=": va <= vb, ">": va > vb, ">=": va >= vb,
                    "==": va == vb, "!=": va != vb}[cmp]
            dt = np.float32 if n.dtype == F32 else np.int32
            return np.where(cond, self(c).astype(dt), self(d).astype(dt))
        if k == "red":
            op, axis, a = n.args
            va = self(a)
            if op == "sum":
                return np.sum(va, axis=axis, keepdims=True, dtype=va.dtype)
            return (np.max if op == "max" else np.min)(va, axis=axis, keepdims=True)
        if k == "scan":
            op, axis, reverse, a = n.args
            va = self(a)
            fn = np.cumsum if op == "cumsum" else np.cumprod
            if reverse:
                return np.flip(fn(np.flip(va, axis), axis=axis, dtype=va.dtype), axis)
            return fn(va, axis=axis, dtype=va.dtype)
        dst, a = n.args
        va = self(a)
        if dst == F32:
            return va.astype(np.float32)
        return np.trunc(np.clip(va, -1000.0, 1000.0)).astype(np.int32)


def _inputs(seed, inputs):
    rng = np.random.default_rng(seed)
    vals = []
    for shape, dt in inputs:
        if _kind(dt) == F32:
            vals.append(rng.uniform(-4, 4, size=shape).astype(np_dtype(dt)))
        else:
            vals.append(rng.integers(-10, 10, size=shape, endpoint=True).astype(np_dtype(dt)))
    return vals


def _check_case(case):
    out_shape, inputs, expr, seed = case
    source = kernel_source(out_shape, inputs, expr)
    values = _inputs(seed, inputs)
    ev = Evaluator(values)
    with np.errstate(all="ignore"):
        ref = ev(expr)
        ref = (ref + np.zeros(out_shape, ref.dtype)).astype(ref.dtype)
    kernel = load_kernel(source)
    out = poisoned(out_shape, expr.dtype)
    kernel[(1,)](*values, out)
    note = f"kernel source:\n{source}"
    if expr.dtype == I32:
        np.testing.assert_array_equal(out, ref, err_msg=note)
    else:
        np.testing.assert_allclose(out, ref, rtol=1e-4, atol=1e-5 * ev.max_abs,
                                   err_msg=note)


def test_fuzz_expressions(backend):
    """30 examples on the interpreter; compiled backends build every example from scratch
    (seconds each with PoCL), so they get fewer."""
    examples = 30 if backend == "interp" else 12

    @settings(max_examples=examples, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    @given(case=fuzz_cases())
    def run(case):
        _check_case(case)

    run()


NARROW = ("int8", "int16", "int32", "int64", "float16", "float32", "float64")


def _check_against_interpreter(case, backend):
    """Run the same generated kernel on ``backend`` and on the interpreter and compare.

    Results are stored into int64 / float64 buffers (exact widening of any integer or float
    result), so the harness needs no model of the promotion rules: the interpreter is it.
    """
    out_shape, inputs, expr, seed = case
    source = kernel_source(out_shape, inputs, expr)
    values = _inputs(seed, inputs)
    kernel = load_kernel(source)
    wide = "float64" if expr.dtype == F32 else "int64"
    got, ref = poisoned(out_shape, wide), poisoned(out_shape, wide)
    kernel[(1,)](*values, got)
    with tiled.backend("interp"):
        kernel[(1,)](*values, ref)
    note = f"kernel source:\n{source}\ninput dtypes: {[d for _, d in inputs]}"
    if expr.dtype == I32:
        np.testing.assert_array_equal(got, ref, err_msg=note)
    else:
        half = any(d == "float16" for _, d in inputs)
        scale = float(np.nanmax(np.abs(np.where(np.isfinite(ref), ref, 0)), initial=1.0))
        np.testing.assert_allclose(got, ref, rtol=2e-2 if half else 1e-4,
                                   atol=(2e-2 if half else 1e-5) * scale, equal_nan=True,
                                   err_msg=note)


def test_fuzz_differential_mixed_dtypes(backend):
    """Expressions over int8..int64 and fp16..fp64 inputs, compiled backends against the
    interpreter (which defines the promotion and wrap-around semantics)."""
    if backend == "interp":
        pytest.skip("the interpreter is the reference of this differential test")

    @settings(max_examples=12, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    @given(case=fuzz_cases(dtypes=NARROW))
    def run(case):
        _check_against_interpreter(case, backend)

    run()


def test_fuzz_machinery_selfcheck():
    """The renderer and evaluator agree on a hand-written case (guards the fuzzer itself)."""
    inputs = [((2, 4), I32), ((4,), F32)]
    x0 = Node("in", (0,), I32, (2, 4), True)
    x1 = Node("in", (1,), F32, (4,), True)
    expr = Node("bin", ("add", Node("bin", ("floordiv", x0, Node("const", (2,), I32, (), True)),
                                    I32, (2, 4), True), x1), F32, (2, 4), False)
    src = kernel_source((2, 4), inputs, expr)
    assert "(x0 // 3)" in src and "tl.store(Out +" in src
    vals = [np.array([[-7, 7, 0, 5], [1, 2, 3, -4]], np.int32), np.ones(4, np.float32)]
    ref = Evaluator(vals)(expr)
    np.testing.assert_array_equal(ref, c_div(vals[0], 3) + 1.0)
    assert ref.dtype == np.float32
