"""Reductions, scans and ``dot``. Reductions and scans carry their combine function as an IR
region, so ``tl.reduce`` with a user's ``@jit`` combine works like the builtin ones."""
from __future__ import annotations

from tiledsl import dtypes as dt
from tiledsl.errors import CompilationError, TypeMismatchError
from tiledsl.frontend.tensor import tensor, unwrap
from tiledsl.ir import Block, scalar
from .core import builtin, _sem, _b, _dtype


def _normalise_axis(x: tensor, axis):
    axis = unwrap(axis)
    if axis is None:
        return None
    if not isinstance(axis, int):
        raise CompilationError(f"reduction axis must be a constexpr integer, got {axis!r}")
    if not -x.ndim <= axis < x.ndim:
        raise CompilationError(f"axis {axis} is out of range for a {x.ndim}-d tensor")
    return axis % x.ndim


def _region(kind: str, inputs: list[tensor], combine_fn) -> Block:
    n = len(inputs)
    block = Block([scalar(x.dtype) for x in inputs] * 2)
    sem = _sem()
    with sem.builder.inside(block):
        args = [tensor(a) for a in block.args]
        out = sem.call_function(combine_fn, args)
        out = list(out) if isinstance(out, (tuple, list)) else [out]
        if len(out) != n:
            raise CompilationError(f"the {kind} combine function returned {len(out)} values, "
                                   f"expected {n}")
        handles = []
        for v, x in zip(out, inputs):
            v = sem.to_tensor(v, x.dtype)
            if v.shape:
                raise CompilationError(f"the {kind} combine function must return scalars")
            handles.append(sem.cast(v, x.dtype).handle)
        sem.builder.create("yield", handles)
    return block


@builtin
def reduce(input, axis, combine_fn, keep_dims=False):
    """Reduce ``input`` (a tensor or tuple of tensors) along ``axis`` with ``combine_fn``."""
    sem = _sem()
    single = not isinstance(unwrap(input), (tuple, list))
    inputs = [sem.to_tensor(x) for x in ([input] if single else unwrap(input))]
    axis = _normalise_axis(inputs[0], axis)
    if axis is None:
        inputs = [sem.reshape(x, [x.numel]) for x in inputs]
        axis = 0
    if not inputs[0].shape:
        return inputs[0] if single else tuple(inputs)
    block = _region("reduce", inputs, combine_fn)
    op = _b().create("reduce", [x.handle for x in inputs],
                     {"axis": axis, "elems": [x.dtype for x in inputs]}, regions=[block])
    outs = [tensor(r) for r in op.results]
    if unwrap(keep_dims):
        outs = [sem.expand_dims(o, axis) for o in outs]
    return outs[0] if single else tuple(outs)


@builtin
def associative_scan(input, axis, combine_fn, reverse=False):
    """Inclusive scan of ``input`` (a tensor or tuple) along ``axis`` with ``combine_fn``."""
    sem = _sem()
    single = not isinstance(unwrap(input), (tuple, list))
    inputs = [sem.to_tensor(x) for x in ([input] if single else unwrap(input))]
    axis = _normalise_axis(inputs[0], axis)
    if axis is None:
        raise CompilationError("associative_scan needs an axis")
    block = _region("scan", inputs, combine_fn)
    op = _b().create("scan", [x.handle for x in inputs],
                     {"axis": axis, "reverse": bool(unwrap(reverse))}, regions=[block])
    outs = [tensor(r) for r in op.results]
    return outs[0] if single else tuple(outs)


# combine functions of the builtin reductions: plain Python run at compile time
@builtin
def _add(a, b):
    return a + b


@builtin
def _mul(a, b):
    return a * b


@builtin
def _xor(a, b):
    return a ^ b


@builtin
def _max(a, b):
    return _sem().minmax("max", a, b)


@builtin
def _min(a, b):
    return _sem().minmax("min", a, b)


def _arg_combine(pred):
    @builtin
    def combine(v1, i1, v2, i2):
        sem = _sem()
        better = sem.compare(pred, v1, v2)
        tie = sem.logical("and", sem.compare("eq", v1, v2), sem.compare("lt", i1, i2))
        take1 = sem.logical("or", better, tie)
        return sem.where(take1, v1, v2), sem.where(take1, i1, i2)
    return combine


def _sum_dtype(x: tensor, dtype):
    if dtype is not None:
        return _dtype(dtype)
    d = x.dtype
    if d.is_bool() or (d.is_int() and d.primitive_bitwidth < 32):
        return dt.int32 if not d.is_int_unsigned() or d.is_bool() else dt.uint32
    return d


@builtin
def sum(input, axis=None, keep_dims=False, dtype=None):
    x = _sem().to_tensor(input)
    x = _sem().cast(x, _sum_dtype(x, unwrap(dtype)))
    return reduce(x, axis, _add, keep_dims)


@builtin
def xor_sum(input, axis=None, keep_dims=False):
    x = _sem().to_tensor(input)
    if not x.dtype.is_int():
        raise TypeMismatchError(f"xor_sum needs integers, got {x.dtype}")
    return reduce(x, axis, _xor, keep_dims)


def _minmax_reduce(kind, pred):
    @builtin
    def fn(input, axis=None, return_indices=False, return_indices_tie_break_left=True,
           keep_dims=False):
        x = _sem().to_tensor(input)
        if x.dtype.is_bool():
            x = _sem().cast(x, dt.int32)
        if unwrap(return_indices):
            return _arg_reduce(x, axis, pred, keep_dims)
        return reduce(x, axis, _max if kind == "max" else _min, keep_dims)
    fn.__name__ = kind
    return fn


def _arg_reduce(x, axis, pred, keep_dims):
    sem = _sem()
    ax = _normalise_axis(x, axis)
    if ax is None:
        x = sem.reshape(x, [x.numel])
        ax = 0
    idx = tensor(_b().value("arange", [], start=0, end=x.shape[ax]))
    shape = [1] * x.ndim
    shape[ax] = x.shape[ax]
    idx = sem.broadcast_to(sem.reshape(idx, shape), x.shape)
    return reduce((x, idx), ax, _arg_combine(pred), keep_dims)


max = _minmax_reduce("max", "gt")
min = _minmax_reduce("min", "lt")


@builtin
def argmax(input, axis, tie_break_left=True, keep_dims=False):
    return _arg_reduce(_sem().to_tensor(input), axis, "gt", keep_dims)[1]


@builtin
def argmin(input, axis, tie_break_left=True, keep_dims=False):
    return _arg_reduce(_sem().to_tensor(input), axis, "lt", keep_dims)[1]


@builtin
def cumsum(input, axis=0, reverse=False, dtype=None):
    x = _sem().to_tensor(input)
    x = _sem().cast(x, _sum_dtype(x, unwrap(dtype)))
    return associative_scan(x, axis, _add, reverse)


@builtin
def cumprod(input, axis=0, reverse=False):
    return associative_scan(_sem().to_tensor(input), axis, _mul, reverse)


@builtin
def dot(input, other, acc=None, input_precision=None, allow_tf32=None, max_num_imprecise_acc=None,
        out_dtype=dt.float32):
    """Matrix product of 2-D (or batched 3-D) tiles, accumulated in ``out_dtype``."""
    sem = _sem()
    a, b = sem.to_tensor(input), sem.to_tensor(other)
    if a.ndim not in (2, 3) or a.ndim != b.ndim:
        raise TypeMismatchError(f"dot needs two 2-D (or two 3-D) tiles, got {a.shape} and {b.shape}")
    if a.shape[-1] != b.shape[-2]:
        raise TypeMismatchError(f"dot: inner dimensions differ: {a.shape} @ {b.shape}")
    if a.dtype != b.dtype:
        common = dt.float32 if (a.dtype.is_floating() or b.dtype.is_floating()) else dt.int32
        a, b = sem.cast(a, common), sem.cast(b, common)
    precision = unwrap(input_precision)
    if precision is None:
        allow = unwrap(allow_tf32)
        precision = "ieee" if allow is False else "tf32"
    if precision not in ("tf32", "tf32x3", "ieee"):
        raise CompilationError(f"input_precision must be 'tf32', 'tf32x3' or 'ieee', got {precision!r}")
    out = _dtype(out_dtype)
    if a.dtype.is_int():
        out = dt.int32
    shape = list(a.shape[:-1]) + [b.shape[-1]]
    if unwrap(acc) is None:
        acc_t = sem.constant(0, out, shape)
    else:
        acc_t = sem.to_tensor(acc)
        if list(acc_t.shape) != shape:
            raise TypeMismatchError(f"dot accumulator has shape {acc_t.shape}, expected {tuple(shape)}")
        out = acc_t.dtype
    return tensor(_b().value("dot", [a.handle, b.handle, acc_t.handle],
                             input_precision=precision, out_dtype=out))
