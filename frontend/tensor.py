"""The frontend's value type: ``tl.tensor`` wraps an IR value and overloads Python's operators.

Constexprs are plain Python values inside the frontend; ``tl.constexpr`` exists for
annotations and for users who wrap values explicitly (``.value`` unwraps it).
"""
from __future__ import annotations

from tiledsl import dtypes as dt
from tiledsl.ir import Value
from . import context


class constexpr:
    """A compile-time constant. As an annotation, it marks a kernel parameter as constexpr."""

    def __init__(self, value):
        self.value = value.value if isinstance(value, constexpr) else value

    def __repr__(self) -> str:
        return f"constexpr[{self.value!r}]"

    def __index__(self):
        return self.value

    def __int__(self):
        return int(self.value)

    def __bool__(self):
        return bool(self.value)

    def __eq__(self, other):
        return self.value == unwrap(other)

    def __hash__(self):
        return hash(self.value)


def unwrap(x):
    return x.value if isinstance(x, constexpr) else x


def _sem():
    return context.current()


class tensor:
    """A tile (or 0-d scalar) value inside a kernel being compiled."""

    __slots__ = ("handle",)

    def __init__(self, handle: Value):
        self.handle = handle

    # -- type information ------------------------------------------------------------------
    @property
    def type(self):
        return self.handle.type

    @property
    def dtype(self) -> dt.dtype:
        return self.handle.type.elem

    @property
    def shape(self) -> tuple[int, ...]:
        return self.handle.type.shape

    @property
    def numel(self) -> int:
        return self.handle.type.numel

    @property
    def ndim(self) -> int:
        return len(self.shape)

    def __repr__(self) -> str:
        return f"tensor({self.handle.type})"

    def __bool__(self):
        raise TypeError("a tensor has no Python truth value; use tl.where, or an `if` on a scalar")

    def __iter__(self):
        raise TypeError("a tensor cannot be iterated in Python; use tl.static_range over indices")

    # -- operators ---------------------------------------------------------------------------
    def __add__(self, o): return _sem().add(self, o)
    def __radd__(self, o): return _sem().add(o, self)
    def __sub__(self, o): return _sem().sub(self, o)
    def __rsub__(self, o): return _sem().sub(o, self)
    def __mul__(self, o): return _sem().mul(self, o)
    def __rmul__(self, o): return _sem().mul(o, self)
    def __truediv__(self, o): return _sem().truediv(self, o)
    def __rtruediv__(self, o): return _sem().truediv(o, self)
    def __floordiv__(self, o): return _sem().floordiv(self, o)
    def __rfloordiv__(self, o): return _sem().floordiv(o, self)
    def __mod__(self, o): return _sem().mod(self, o)
    def __rmod__(self, o): return _sem().mod(o, self)
    def __and__(self, o): return _sem().bitwise("and", self, o)
    def __rand__(self, o): return _sem().bitwise("and", o, self)
    def __or__(self, o): return _sem().bitwise("or", self, o)
    def __ror__(self, o): return _sem().bitwise("or", o, self)
    def __xor__(self, o): return _sem().bitwise("xor", self, o)
    def __rxor__(self, o): return _sem().bitwise("xor", o, self)
    def __lshift__(self, o): return _sem().shift("shl", self, o)
    def __rlshift__(self, o): return _sem().shift("shl", o, self)
    def __rshift__(self, o): return _sem().shift("shr", self, o)
    def __rrshift__(self, o): return _sem().shift("shr", o, self)
    def __neg__(self): return _sem().neg(self)
    def __pos__(self): return self
    def __invert__(self): return _sem().invert(self)
    def __abs__(self): return _sem().abs(self)
    def __lt__(self, o): return _sem().compare("lt", self, o)
    def __le__(self, o): return _sem().compare("le", self, o)
    def __gt__(self, o): return _sem().compare("gt", self, o)
    def __ge__(self, o): return _sem().compare("ge", self, o)
    def __eq__(self, o): return _sem().compare("eq", self, o)  # type: ignore[override]
    def __ne__(self, o): return _sem().compare("ne", self, o)  # type: ignore[override]
    __hash__ = None  # type: ignore[assignment]

    def __getitem__(self, index):
        return _sem().subscript(self, index)

    # -- methods mirroring triton.language.tensor --------------------------------------------
    def to(self, dtype, bitcast: bool = False, fp_downcast_rounding=None):
        return _sem().cast(self, dt.parse(unwrap(dtype)), bitcast=unwrap(bitcast))

    def reshape(self, *shape, can_reorder=False):
        from tiledsl.language import core
        return core.reshape(self, *shape)

    view = reshape

    def trans(self, *dims):
        from tiledsl.language import core
        return core.trans(self, *dims)

    @property
    def T(self):
        return self.trans()

    def permute(self, *dims):
        from tiledsl.language import core
        return core.permute(self, *dims)

    def expand_dims(self, axis):
        from tiledsl.language import core
        return core.expand_dims(self, axis)

    def broadcast_to(self, *shape):
        from tiledsl.language import core
        return core.broadcast_to(self, *shape)

    def ravel(self):
        from tiledsl.language import core
        return core.ravel(self)


def _method(name):
    def call(self, *args, **kwargs):
        import tiledsl.language as tl
        return getattr(tl, name)(self, *args, **kwargs)
    call.__name__ = name
    return call


for _name in ("sum", "max", "min", "argmax", "argmin", "xor_sum", "cumsum", "cumprod", "reduce",
              "associative_scan", "exp", "exp2", "log", "log2", "sqrt", "rsqrt", "sin", "cos",
              "abs", "sigmoid", "erf", "floor", "ceil", "softmax"):
    setattr(tensor, _name, _method(_name))
