"""Builds typed IR for the language's operations: the frontend's semantic layer.

Every ``tl.*`` builtin and every Python operator on a tensor ends up here. This is where
implicit conversions (promotion, broadcasting, Python scalars) are made explicit, so the IR
only ever sees operands whose types match exactly.
"""
from __future__ import annotations

from tiledsl import dtypes as dt
from tiledsl.errors import TypeMismatchError, CompilationError
from tiledsl.ir import Builder, TileType, Value
from .tensor import tensor, unwrap
from .typing import broadcast_shapes, computation_type, python_scalar_dtype

_PY_SCALARS = (bool, int, float)


class Semantic:
    """Operations on frontend values, emitting IR through ``builder``."""

    def __init__(self, builder: Builder):
        self.builder = builder
        self.used_globals: list = []  # (namespace, name, value) the code depends on

    # -- constructors ---------------------------------------------------------------------
    def wrap(self, v: Value) -> tensor:
        return tensor(v)

    def constant(self, value, dtype: dt.dtype, shape=()) -> tensor:
        if dtype.is_floating():
            value = float(value)
        elif dtype.is_bool():
            value = bool(value)
        else:
            value = int(value)
            bits = dtype.primitive_bitwidth
            value &= (1 << bits) - 1
            if dtype.is_int_signed() and value >= 1 << (bits - 1):
                value -= 1 << bits
        t = TileType(tuple(shape), dtype)
        return tensor(self.builder.value("constant", [], value=value, type=t))

    def to_tensor(self, x, dtype: dt.dtype | None = None) -> tensor:
        x = unwrap(x)
        if isinstance(x, tensor):
            return x
        if isinstance(x, _PY_SCALARS):
            return self.constant(x, dtype or python_scalar_dtype(x))
        if hasattr(x, "dtype") and hasattr(x, "item") and getattr(x, "ndim", 1) == 0:
            return self.constant(x.item(), dt.from_numpy(x.dtype))
        raise TypeMismatchError(f"{x!r} of type {type(x).__name__} cannot be used as a tensor")

    # -- conversions ----------------------------------------------------------------------
    def cast(self, x, dtype: dt.dtype, bitcast: bool = False) -> tensor:
        x = self.to_tensor(x)
        if x.dtype == dtype:
            return x
        if bitcast:
            if x.dtype.is_ptr() or dtype.is_ptr():
                raise TypeMismatchError("bitcast between pointers and values is not supported")
            if x.dtype.primitive_bitwidth != dtype.primitive_bitwidth:
                raise TypeMismatchError(
                    f"cannot bitcast {x.dtype} to {dtype}: they differ in bit width")
            return tensor(self.builder.value("bitcast", [x.handle], dtype=dtype))
        if x.dtype.is_ptr() and dtype.is_ptr():
            return tensor(self.builder.value("bitcast", [x.handle], dtype=dtype))
        if x.dtype.is_ptr() or dtype.is_ptr():
            raise TypeMismatchError(f"cannot convert {x.dtype} to {dtype}")
        return tensor(self.builder.value("cast", [x.handle], dtype=dtype))

    def broadcast_to(self, x: tensor, shape) -> tensor:
        shape = tuple(shape)
        if x.shape == shape:
            return x
        if not x.shape:
            return tensor(self.builder.value("splat", [x.handle], shape=list(shape)))
        if len(x.shape) > len(shape):
            raise TypeMismatchError(f"cannot broadcast shape {x.shape} to {shape}")
        v = x
        while len(v.shape) < len(shape):
            v = tensor(self.builder.value("expand_dims", [v.handle], axis=0))
        for a, b in zip(v.shape, shape):
            if a != b and a != 1:
                raise TypeMismatchError(f"cannot broadcast shape {x.shape} to {shape}")
        return tensor(self.builder.value("broadcast", [v.handle], shape=list(shape)))

    def binary_operands(self, a, b, op: str, *, convert: bool = True):
        """Both operands as tensors of one dtype (unless ``convert`` is off) and one shape."""
        a, b = unwrap(a), unwrap(b)
        a_weak, b_weak = not isinstance(a, tensor), not isinstance(b, tensor)
        ta = self.to_tensor(a) if a_weak else a
        tb = self.to_tensor(b) if b_weak else b
        if convert and not (ta.dtype.is_ptr() or tb.dtype.is_ptr()):
            target = computation_type(ta.dtype, a_weak, tb.dtype, b_weak, op)
            if a_weak:
                ta = self.constant(a, target) if ta.dtype != target else ta
            if b_weak:
                tb = self.constant(b, target) if tb.dtype != target else tb
            ta, tb = self.cast(ta, target), self.cast(tb, target)
        shape = broadcast_shapes(ta.shape, tb.shape)
        return self.broadcast_to(ta, shape), self.broadcast_to(tb, shape)

    def _emit(self, name: str, *operands: tensor, **attrs) -> tensor:
        return tensor(self.builder.value(name, [o.handle for o in operands], **attrs))

    # -- arithmetic -----------------------------------------------------------------------
    def add(self, a, b) -> tensor:
        a, b = unwrap(a), unwrap(b)
        if _is_ptr(b) and not _is_ptr(a):
            a, b = b, a
        if _is_ptr(a):
            return self.addptr(a, b)
        x, y = self.binary_operands(a, b, "add")
        return self._emit("add", x, y)

    def addptr(self, ptr, offset) -> tensor:
        ptr = self.to_tensor(ptr)
        offset = self.to_tensor(offset)
        if _is_ptr(offset):
            raise TypeMismatchError("cannot add two pointers")
        if not offset.dtype.is_int():
            raise TypeMismatchError(f"pointer offsets must be integers, got {offset.dtype}")
        shape = broadcast_shapes(ptr.shape, offset.shape)
        return self._emit("addptr", self.broadcast_to(ptr, shape), self.broadcast_to(offset, shape))

    def sub(self, a, b) -> tensor:
        a, b = unwrap(a), unwrap(b)
        if _is_ptr(a) and not _is_ptr(b):
            return self.addptr(a, self.neg(self.to_tensor(b)))
        if _is_ptr(a) or _is_ptr(b):
            raise TypeMismatchError("pointer subtraction is not supported")
        x, y = self.binary_operands(a, b, "sub")
        return self._emit("sub", x, y)

    def mul(self, a, b) -> tensor:
        x, y = self._arith(a, b, "mul")
        return self._emit("mul", x, y)

    def truediv(self, a, b) -> tensor:
        x, y = self._arith(a, b, "truediv")
        return self._emit("div", x, y)

    def floordiv(self, a, b) -> tensor:
        x, y = self._arith(a, b, "floordiv")
        if not x.dtype.is_int():
            raise TypeMismatchError(f"// is only defined for integers, got {x.dtype}")
        return self._emit("div", x, y)  # truncates toward zero, as in Triton

    def mod(self, a, b) -> tensor:
        x, y = self._arith(a, b, "mod")
        return self._emit("rem", x, y)

    def _arith(self, a, b, op):
        if _is_ptr(unwrap(a)) or _is_ptr(unwrap(b)):
            raise TypeMismatchError(f"operator {op} is not defined on pointers")
        return self.binary_operands(a, b, op)

    def bitwise(self, name: str, a, b) -> tensor:
        x, y = self._arith(a, b, name)
        if not x.dtype.is_int():
            raise TypeMismatchError(f"bitwise {name} needs integer operands, got {x.dtype}")
        return self._emit(name, x, y)

    def shift(self, name: str, a, b) -> tensor:
        return self.bitwise(name, a, b)

    def neg(self, x) -> tensor:
        x = self.to_tensor(x)
        if x.dtype.is_ptr():
            raise TypeMismatchError("cannot negate a pointer")
        if x.dtype.is_bool():
            x = self.cast(x, dt.int32)
        return self._emit("neg", x)

    def invert(self, x) -> tensor:
        x = self.to_tensor(x)
        if not x.dtype.is_int():
            raise TypeMismatchError(f"~ needs an integer, got {x.dtype}")
        return self._emit("not", x)

    def abs(self, x) -> tensor:
        x = self.to_tensor(x)
        if x.dtype.is_int_unsigned():
            return x
        return self._emit("abs", x)

    def compare(self, pred: str, a, b) -> tensor:
        x, y = self.binary_operands(a, b, "cmp")
        if x.dtype != y.dtype:
            raise TypeMismatchError(f"cannot compare {x.dtype} with {y.dtype}")
        return self._emit(pred, x, y)

    def logical(self, name: str, a, b) -> tensor:
        a = self.cast(self.to_tensor(a), dt.int1) if not _is_bool(a) else self.to_tensor(a)
        b = self.cast(self.to_tensor(b), dt.int1) if not _is_bool(b) else self.to_tensor(b)
        x, y = self.binary_operands(a, b, name)
        return self._emit(name, x, y)

    def logical_not(self, x) -> tensor:
        x = self.to_tensor(x)
        return self.compare("eq", x, 0 if not x.dtype.is_floating() else 0.0)

    def minmax(self, name: str, a, b) -> tensor:
        x, y = self._arith(a, b, name)
        return self._emit(name, x, y)

    def unary_math(self, name: str, x) -> tensor:
        x = self.to_tensor(x)
        if not x.dtype.is_floating():
            raise TypeMismatchError(f"{name} expects a floating-point tensor, got {x.dtype}")
        return self._emit(name, x)

    def where(self, cond, a, b) -> tensor:
        cond = self.to_tensor(cond)
        if not cond.dtype.is_bool():
            cond = self.cast(cond, dt.int1)
        x, y = self.binary_operands(a, b, "where")
        shape = broadcast_shapes(cond.shape, x.shape)
        cond, x, y = (self.broadcast_to(v, shape) for v in (cond, x, y))
        return self._emit("select", cond, x, y)

    # -- indexing and shapes --------------------------------------------------------------
    def subscript(self, x: tensor, index) -> tensor:
        index = unwrap(index)
        items = index if isinstance(index, tuple) else (index,)
        v = x
        axis = 0
        for item in items:
            item = unwrap(item)
            if item is None:
                v = self._emit("expand_dims", v, axis=axis)
                axis += 1
            elif isinstance(item, slice) and item == slice(None):
                axis += 1
            else:
                raise TypeMismatchError(
                    "tensors can only be indexed with None and ':' (e.g. x[:, None])")
        return v

    def reshape(self, x: tensor, shape) -> tensor:
        shape = [int(unwrap(s)) for s in shape]
        return self._emit("reshape", self.to_tensor(x), shape=shape)

    def expand_dims(self, x: tensor, axis: int) -> tensor:
        x = self.to_tensor(x)
        if axis < 0:
            axis += x.ndim + 1
        return self._emit("expand_dims", x, axis=axis)

    def permute(self, x: tensor, order) -> tensor:
        return self._emit("permute", x, order=[int(unwrap(o)) for o in order])

    def splat_like(self, value, like: tensor) -> tensor:
        return self.broadcast_to(self.to_tensor(value, like.dtype), like.shape)


def _is_ptr(x) -> bool:
    return isinstance(x, tensor) and x.dtype.is_ptr()


def _is_bool(x) -> bool:
    return isinstance(x, tensor) and x.dtype.is_bool()


def fail(message: str):
    raise CompilationError(message)
