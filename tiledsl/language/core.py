"""The builtins of ``tiledsl.language``, named and shaped as in ``triton.language``.

Each builtin runs at compile time inside a ``@jit`` function: it takes frontend values
(tensors and constexprs) and emits IR through the active ``Semantic``.
"""
from __future__ import annotations

import builtins
import functools
import math as _pymath

from tiledsl import dtypes as dt
from tiledsl.errors import CompilationError, StaticAssertionError, TypeMismatchError
from tiledsl.frontend import context
from tiledsl.frontend.tensor import constexpr, tensor, unwrap
from tiledsl.frontend.typing import broadcast_shapes
from tiledsl.ir import Block, TileType, scalar


def builtin(fn):
    """Mark ``fn`` as a language builtin; calling it outside a kernel is a clear error."""
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        context.current()
        return fn(*args, **kwargs)
    wrapper.__tiled_builtin__ = True
    return wrapper


def _sem():
    return context.current()


def _b():
    return context.current().builder


def _shape(shape) -> list[int]:
    shape = unwrap(shape)
    if isinstance(shape, (int, tensor)):
        shape = [shape]
    out = []
    for s in shape:
        s = unwrap(s)
        if not isinstance(s, int):
            raise TypeMismatchError(f"shape entries must be constexpr integers, got {s!r}")
        out.append(s)
    return out


def _dtype(d) -> dt.dtype:
    d = unwrap(d)
    if d is None:
        raise TypeMismatchError("this dtype is not supported by tiledsl")
    return dt.parse(d)


# -- grid and constructors -----------------------------------------------------------------
@builtin
def program_id(axis) -> tensor:
    axis = unwrap(axis)
    if axis not in (0, 1, 2):
        raise CompilationError(f"program_id axis must be 0, 1 or 2, got {axis}")
    return tensor(_b().value("program_id", [], axis=axis))


@builtin
def num_programs(axis) -> tensor:
    axis = unwrap(axis)
    if axis not in (0, 1, 2):
        raise CompilationError(f"num_programs axis must be 0, 1 or 2, got {axis}")
    return tensor(_b().value("num_programs", [], axis=axis))


@builtin
def arange(start, end) -> tensor:
    start, end = unwrap(start), unwrap(end)
    if not isinstance(start, int) or not isinstance(end, int):
        raise CompilationError("arange bounds must be constexpr integers")
    n = end - start
    if n <= 0 or n & (n - 1):
        raise CompilationError(f"arange's range must be a power of 2, got {n}")
    return tensor(_b().value("arange", [], start=start, end=end))


@builtin
def full(shape, value, dtype) -> tensor:
    d = _dtype(dtype)
    value = unwrap(value)
    if isinstance(value, tensor):
        return _sem().broadcast_to(_sem().cast(value, d), _shape(shape))
    return _sem().constant(value, d, _shape(shape))


@builtin
def zeros(shape, dtype) -> tensor:
    return full(shape, 0, dtype)


@builtin
def zeros_like(input) -> tensor:
    return full(input.shape, 0, input.dtype)


@builtin
def full_like(input, value) -> tensor:
    return full(input.shape, value, input.dtype)


def cdiv(x, div):
    """Ceiling division; works on Python ints (host and constexpr) and on tensors."""
    x, div = unwrap(x), unwrap(div)
    return (x + div - 1) // div


cdiv.__tiled_builtin__ = True  # callable both inside kernels and on the host


# -- memory -------------------------------------------------------------------------------
@builtin
def load(pointer, mask=None, other=None, boundary_check=(), padding_option="", cache_modifier="",
         eviction_policy="", volatile=False):
    from . import block_ptr
    pointer = unwrap(pointer)
    if isinstance(pointer, block_ptr.BlockPointer):
        return block_ptr.load(pointer, boundary_check, padding_option)
    return _memory_op("load", pointer, None, mask, other)


@builtin
def store(pointer, value, mask=None, boundary_check=(), cache_modifier="", eviction_policy=""):
    from . import block_ptr
    pointer = unwrap(pointer)
    if isinstance(pointer, block_ptr.BlockPointer):
        return block_ptr.store(pointer, value, boundary_check)
    _memory_op("store", pointer, value, mask, None)


def _memory_op(kind, pointer, value, mask, other):
    sem = _sem()
    ptr = sem.to_tensor(pointer)
    if not ptr.dtype.is_ptr():
        raise TypeMismatchError(f"tl.{kind} expects a pointer (or a tile of pointers), got {ptr.dtype}")
    elem = ptr.dtype.element_ty
    shape = ptr.shape
    operands = []
    mask, other = unwrap(mask), unwrap(other)
    if value is not None:
        value = sem.to_tensor(unwrap(value), elem if not isinstance(unwrap(value), tensor) else None)
        if value.dtype.is_ptr():
            raise TypeMismatchError(f"cannot store a pointer into {ptr.dtype}")
        shape = broadcast_shapes(shape, value.shape)
    if mask is not None:
        mask = sem.to_tensor(mask)
        shape = broadcast_shapes(shape, mask.shape)
    ptr = sem.broadcast_to(ptr, shape)
    operands.append(ptr.handle)
    attrs = {}
    if value is not None:
        operands.append(sem.broadcast_to(sem.cast(value, elem), shape).handle)
    if mask is not None:
        if not mask.dtype.is_bool():
            mask = sem.cast(mask, dt.int1)
        operands.append(sem.broadcast_to(mask, shape).handle)
        attrs["has_mask"] = True
    if other is not None and kind == "load":
        if mask is None:
            other = None
        else:
            o = sem.to_tensor(other, elem if not isinstance(other, tensor) else None)
            operands.append(sem.broadcast_to(sem.cast(o, elem), shape).handle)
            attrs["has_other"] = True
    op = _b().create(kind, operands, attrs)
    return tensor(op.result) if kind == "load" else None


def _atomic(kind, pointer, val, mask, sem_, scope, cmp=None):
    s = _sem()
    ptr = s.to_tensor(unwrap(pointer))
    if not ptr.dtype.is_ptr():
        raise TypeMismatchError(f"atomic_{kind} expects a pointer, got {ptr.dtype}")
    elem = ptr.dtype.element_ty
    vals = [s.to_tensor(unwrap(v), elem if not isinstance(unwrap(v), tensor) else None)
            for v in ([cmp, val] if kind == "cas" else [val])]
    shape = ptr.shape
    for v in vals:
        shape = broadcast_shapes(shape, v.shape)
    mask = unwrap(mask)
    if mask is not None:
        mask = s.to_tensor(mask)
        shape = broadcast_shapes(shape, mask.shape)
    operands = [s.broadcast_to(ptr, shape).handle]
    operands += [s.broadcast_to(s.cast(v, elem), shape).handle for v in vals]
    attrs = {"kind": kind, "sem": unwrap(sem_) or "acq_rel", "scope": unwrap(scope) or "gpu"}
    if mask is not None:
        operands.append(s.broadcast_to(s.cast(mask, dt.int1), shape).handle)
        attrs["has_mask"] = True
    if kind in ("and", "or", "xor") and not elem.is_int():
        raise TypeMismatchError(f"atomic_{kind} needs an integer pointer, got {ptr.dtype}")
    return tensor(_b().create("atomic", operands, attrs).result)


def _atomic_builtin(kind):
    @builtin
    def fn(pointer, val, mask=None, sem=None, scope=None):
        return _atomic(kind, pointer, val, mask, sem, scope)
    fn.__name__ = f"atomic_{kind}"
    fn.__doc__ = f"Atomically apply `{kind}` to `*pointer` and return the old values."
    return fn


atomic_add = _atomic_builtin("add")
atomic_max = _atomic_builtin("max")
atomic_min = _atomic_builtin("min")
atomic_xchg = _atomic_builtin("xchg")
atomic_and = _atomic_builtin("and")
atomic_or = _atomic_builtin("or")
atomic_xor = _atomic_builtin("xor")


@builtin
def atomic_cas(pointer, cmp, val, sem=None, scope=None):
    return _atomic("cas", pointer, val, None, sem, scope, cmp=cmp)


# -- shape manipulation ---------------------------------------------------------------------
def _dims(args):
    if len(args) == 1 and isinstance(unwrap(args[0]), (tuple, list)):
        return list(unwrap(args[0]))
    return list(args)


@builtin
def reshape(input, *shape, can_reorder=False):
    return _sem().reshape(input, _shape(_dims(shape)))


view = reshape


@builtin
def ravel(x, can_reorder=False):
    return _sem().reshape(x, [x.numel])


@builtin
def expand_dims(input, axis):
    axis = unwrap(axis)
    axes = axis if isinstance(axis, (tuple, list)) else [axis]
    out = input
    for a in sorted(unwrap(a) for a in axes):
        out = _sem().expand_dims(out, a)
    return out


@builtin
def broadcast_to(input, *shape):
    return _sem().broadcast_to(_sem().to_tensor(input), _shape(_dims(shape)))


@builtin
def broadcast(input, other):
    s = _sem()
    a, b = s.to_tensor(input), s.to_tensor(other)
    shape = broadcast_shapes(a.shape, b.shape)
    return s.broadcast_to(a, shape), s.broadcast_to(b, shape)


@builtin
def permute(input, *dims):
    return _sem().permute(input, _dims(dims))


@builtin
def trans(input, *dims):
    dims = _dims(dims)
    if not dims:
        dims = list(reversed(builtins.range(input.ndim)))
    return _sem().permute(input, dims)


# -- elementwise -----------------------------------------------------------------------------
@builtin
def where(condition, x, y):
    return _sem().where(condition, x, y)


def _minmax(kind, x, y, propagate_nan):
    s = _sem()
    out = s.minmax(kind, x, y)
    if unwrap(propagate_nan) and out.dtype.is_floating():
        # min/max return the non-NaN operand; PropagateNan.ALL asks for NaN instead
        a, b = s.binary_operands(x, y, kind)
        out = s.where(s.compare("ne", a, a), a, out)
        out = s.where(s.compare("ne", b, b), b, out)
    return out


@builtin
def minimum(x, y, propagate_nan=None):
    return _minmax("min", x, y, propagate_nan)


@builtin
def maximum(x, y, propagate_nan=None):
    return _minmax("max", x, y, propagate_nan)


@builtin
def clamp(x, min, max, propagate_nan=None):
    return _minmax("min", _minmax("max", x, min, propagate_nan), max, propagate_nan)


def _math(name, doc):
    @builtin
    def fn(x, _builder=None):
        return _sem().unary_math(name, x)
    fn.__name__ = name
    fn.__doc__ = doc
    return fn


exp = _math("exp", "e ** x")
exp2 = _math("exp2", "2 ** x")
log = _math("log", "natural logarithm")
log2 = _math("log2", "base-2 logarithm")
sqrt = _math("sqrt", "square root")
sqrt_rn = sqrt
rsqrt = _math("rsqrt", "1 / sqrt(x)")
sin = _math("sin", "sine")
cos = _math("cos", "cosine")
erf = _math("erf", "the error function")
floor = _math("floor", "round down")
ceil = _math("ceil", "round up")
tanh = _math("tanh", "hyperbolic tangent")


@builtin
def abs(x):
    return _sem().abs(x)


@builtin
def sigmoid(x):
    s = _sem()
    x = s.to_tensor(x)
    return s.truediv(1.0, s.add(1.0, s.unary_math("exp", s.neg(x))))


@builtin
def fma(x, y, z):
    s = _sem()
    a, b = s.binary_operands(x, y, "fma")
    a, c = s.binary_operands(a, z, "fma")
    b, c = s.binary_operands(b, c, "fma")
    a, b = s.binary_operands(a, b, "fma")
    if not a.dtype.is_floating():
        raise TypeMismatchError(f"fma needs floating-point operands, got {a.dtype}")
    return s._emit("fma", a, b, c)


@builtin
def fdiv(x, y, ieee_rounding=False):
    return _sem().truediv(x, y)


div_rn = fdiv


@builtin
def umulhi(x, y):
    s = _sem()
    a, b = s.binary_operands(x, y, "umulhi")
    if not a.dtype.is_int():
        raise TypeMismatchError(f"umulhi needs integers, got {a.dtype}")
    return s._emit("umulhi", a, b)


@builtin
def cast(input, dtype, fp_downcast_rounding=None, bitcast=False):
    return _sem().cast(_sem().to_tensor(input), _dtype(dtype), bitcast=unwrap(bitcast))


# -- hints and debugging ---------------------------------------------------------------------
def _hint(kind):
    @builtin
    def fn(input, values):
        values = unwrap(values)
        values = [unwrap(v) for v in (values if isinstance(values, (list, tuple)) else [values])]
        x = _sem().to_tensor(input)
        return tensor(_b().value("hint", [x.handle], **{kind: values}))
    fn.__name__ = kind
    return fn


multiple_of = _hint("multiple_of")
max_contiguous = _hint("max_contiguous")
max_constancy = _hint("max_constancy")


@builtin
def static_assert(cond, msg=""):
    cond = unwrap(cond)
    if isinstance(cond, tensor):
        raise CompilationError("static_assert needs a constexpr condition; use device_assert")
    if not cond:
        raise StaticAssertionError(f"static_assert failed: {unwrap(msg)}" if msg else
                                   "static_assert failed")


@builtin
def static_print(*values, sep=" ", end="\n", file=None, flush=False):
    print(*[unwrap(v) for v in values], sep=sep, end=end, flush=True)


@builtin
def device_assert(cond, msg="", mask=None):
    s = _sem()
    c = s.to_tensor(unwrap(cond))
    if not c.dtype.is_bool():
        c = s.cast(c, dt.int1)
    if mask is not None:
        c = s.logical("or", c, s.logical_not(s.to_tensor(unwrap(mask))))
    _b().create("assert", [c.handle], {"message": str(unwrap(msg))})


@builtin
def device_print(prefix, *args, hex=False):
    s = _sem()
    handles = [s.to_tensor(unwrap(a)).handle for a in args]
    _b().create("print", handles, {"prefix": str(unwrap(prefix)), "hex": bool(unwrap(hex))})


@builtin
def debug_barrier():
    """Synchronise the threads of one program instance (a no-op where a program is one
    thread: the interpreter and the cpu backend)."""
    _b().create("barrier", [])


# -- iteration helpers (recognised by the code generator in `for` loops) -----------------------
class PropagateNan:
    """Accepted for Triton compatibility: ``minimum``/``maximum`` return the non-NaN operand."""
    NONE = 0
    ALL = 0xFFFF


class range:
    """``for i in tl.range(lo, hi, step, num_stages=...)``: a loop the compiler keeps rolled."""

    def __init__(self, arg1, arg2=None, step=None, num_stages=None, loop_unroll_factor=None,
                 disallow_acc_multi_buffer=False, flatten=False, warp_specialize=False):
        if arg2 is None:
            self.start, self.end = 0, arg1
        else:
            self.start, self.end = arg1, arg2
        self.step = 1 if step is None else step
        self.num_stages = unwrap(num_stages)


class static_range:
    """``for i in tl.static_range(lo, hi, step)``: unrolled at compile time (constexpr bounds)."""

    def __init__(self, arg1, arg2=None, step=None):
        if arg2 is None:
            self.start, self.end = 0, arg1
        else:
            self.start, self.end = arg1, arg2
        self.step = 1 if step is None else step


def _log2_constexpr(n: int) -> int:
    return int(_pymath.log2(n))
