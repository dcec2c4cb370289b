"""Type and shape inference for the frontend: Triton's promotion and broadcasting rules.

Python scalars are *weakly typed*: next to a tensor they take the tensor's kind (an int
literal added to an fp16 tile stays fp16; a float literal added to an int tile gives fp32).
"""
from __future__ import annotations

from tiledsl import dtypes as dt
from tiledsl.errors import TypeMismatchError


def python_scalar_dtype(value) -> dt.dtype:
    """The dtype a bare Python scalar gets when it becomes a tensor."""
    if isinstance(value, bool):
        return dt.int1
    if isinstance(value, int):
        if -2**31 <= value < 2**31:
            return dt.int32
        if 2**31 <= value < 2**32:
            return dt.uint32
        if -2**63 <= value < 2**63:
            return dt.int64
        if 0 <= value < 2**64:
            return dt.uint64
        raise TypeMismatchError(f"integer constant {value} does not fit in 64 bits")
    if isinstance(value, float):
        return dt.float32
    raise TypeMismatchError(f"{value!r} of type {type(value).__name__} cannot be used as a tensor")


def integer_promote(a: dt.dtype, b: dt.dtype) -> dt.dtype:
    if a.is_bool():
        return b if not b.is_bool() else a
    if b.is_bool():
        return a
    wa, wb = a.primitive_bitwidth, b.primitive_bitwidth
    if a.is_int_signed() == b.is_int_signed():
        return a if wa >= wb else b
    unsigned, signed = (a, b) if a.is_int_unsigned() else (b, a)
    return unsigned if unsigned.primitive_bitwidth >= signed.primitive_bitwidth else signed


def _kind(d: dt.dtype) -> int:
    """bool < uint < int < float: a Python scalar of a lower-or-equal kind than the tensor it
    meets does not take part in promotion (Triton follows PyTorch here)."""
    if d.is_bool():
        return 0
    if d.is_int_unsigned():
        return 1
    if d.is_int():
        return 2
    return 3


def computation_type(a: dt.dtype, a_weak: bool, b: dt.dtype, b_weak: bool, op: str) -> dt.dtype:
    """The dtype both operands of ``op`` are converted to (Triton's rules)."""
    div_or_mod = op in ("truediv", "floordiv", "mod")
    if op == "truediv" and a.is_int() and b.is_int():
        return dt.float32
    if a_weak != b_weak:
        scalar, tensor = (a, b) if a_weak else (b, a)
        if _kind(scalar) <= _kind(tensor):
            if div_or_mod and (tensor.is_fp16() or tensor.is_bf16()):
                return dt.float32  # PTX has no fp16 division: Triton computes it in fp32
            return tensor
    if a.is_fp64() or b.is_fp64():
        return dt.float64
    if a.is_fp32() or b.is_fp32():
        return dt.float32
    if a.is_fp16() or b.is_fp16():
        return dt.float32 if div_or_mod else dt.float16
    if a.is_bf16() or b.is_bf16():
        if div_or_mod or not (a.is_bf16() and b.is_bf16()):
            return dt.float32
        return dt.bfloat16
    if div_or_mod and a.is_int_signed() != b.is_int_signed() and not (a.is_bool() or b.is_bool()):
        raise TypeMismatchError(f"cannot use /, // or % with {a} and {b}: they differ in "
                                "signedness; cast one of them first")
    return integer_promote(a, b)


def broadcast_shapes(a: tuple[int, ...], b: tuple[int, ...]) -> tuple[int, ...]:
    """Numpy-style broadcasting (lower rank is padded on the left with 1s)."""
    ra, rb = len(a), len(b)
    a = (1,) * (rb - ra) + a
    b = (1,) * (ra - rb) + b
    out = []
    for x, y in zip(a, b):
        if x != y and 1 not in (x, y):
            raise TypeMismatchError(f"shapes {tuple(a)} and {tuple(b)} cannot be broadcast together")
        out.append(max(x, y))
    return tuple(out)
