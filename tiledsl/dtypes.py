"""Scalar and pointer dtypes, named as in ``triton.language``.

A dtype knows its bit width, kind and numpy equivalent (bfloat16 comes from ``ml_dtypes``).
Pointer types wrap an element dtype. Tiles of either are described by ``tiledsl.ir.types``.
"""
from __future__ import annotations

import numpy as np
import ml_dtypes


class dtype:
    """A scalar element type. Instances are interned: compare with ``==`` or ``is``."""

    _by_name: dict[str, "dtype"] = {}

    SINT = ("int8", "int16", "int32", "int64")
    UINT = ("int1", "uint8", "uint16", "uint32", "uint64")
    FP = ("fp16", "bf16", "fp32", "fp64")

    def __new__(cls, name: str):
        if cls is dtype and name in dtype._by_name:
            return dtype._by_name[name]
        return super().__new__(cls)

    def __init__(self, name: str):
        if getattr(self, "name", None) is not None:
            return
        if name not in self.SINT + self.UINT + self.FP and type(self) is dtype:
            raise ValueError(f"unknown dtype {name!r}")
        self.name = name
        if type(self) is dtype:
            dtype._by_name[name] = self

    # -- classification -------------------------------------------------------------------
    def is_ptr(self) -> bool:
        return False

    def is_floating(self) -> bool:
        return self.name in self.FP

    def is_int(self) -> bool:
        return self.name in self.SINT or self.name in self.UINT

    def is_bool(self) -> bool:
        return self.name == "int1"

    def is_int_signed(self) -> bool:
        return self.name in self.SINT

    def is_int_unsigned(self) -> bool:
        return self.name in self.UINT

    def is_fp16(self) -> bool:
        return self.name == "fp16"

    def is_bf16(self) -> bool:
        return self.name == "bf16"

    def is_fp32(self) -> bool:
        return self.name == "fp32"

    def is_fp64(self) -> bool:
        return self.name == "fp64"

    @property
    def primitive_bitwidth(self) -> int:
        if self.name == "int1":
            return 1
        return int("".join(ch for ch in self.name if ch.isdigit()))

    int_bitwidth = primitive_bitwidth

    @property
    def fp_mantissa_width(self) -> int:
        return {"fp16": 10, "bf16": 7, "fp32": 23, "fp64": 52}[self.name]

    @property
    def itemsize(self) -> int:
        return 1 if self.name == "int1" else self.primitive_bitwidth // 8

    @property
    def np(self) -> np.dtype:
        return _NP[self.name]

    @property
    def scalar(self) -> "dtype":
        return self

    def to_signed(self) -> "dtype":
        return dtype(f"int{self.primitive_bitwidth}") if self.is_int() and not self.is_bool() else self

    def to_unsigned(self) -> "dtype":
        return dtype(f"uint{self.primitive_bitwidth}") if self.is_int() and not self.is_bool() else self

    def __repr__(self) -> str:
        return self.name

    __str__ = __repr__

    def __reduce__(self):
        return (dtype, (self.name,))

    def __hash__(self) -> int:
        return hash(("dtype", self.name))

    def __eq__(self, other) -> bool:
        return type(other) is type(self) and other.name == self.name


class pointer_type(dtype):
    """A pointer to ``element_ty`` elements in global memory."""

    def __init__(self, element_ty: dtype, address_space: int = 1):
        if not isinstance(element_ty, dtype):
            raise TypeError(f"pointer_type needs a dtype, got {element_ty!r}")
        self.element_ty = element_ty
        self.address_space = address_space
        self.name = f"ptr<{element_ty.name}>"

    def is_ptr(self) -> bool:
        return True

    def is_floating(self) -> bool:
        return False

    def is_int(self) -> bool:
        return False

    def is_int_signed(self) -> bool:
        return False

    def is_int_unsigned(self) -> bool:
        return False

    @property
    def primitive_bitwidth(self) -> int:
        return 64

    @property
    def itemsize(self) -> int:
        return 8

    @property
    def np(self):
        return np.dtype(np.int64)

    def __reduce__(self):
        return (pointer_type, (self.element_ty, self.address_space))

    def __hash__(self) -> int:
        return hash(("ptr", self.element_ty))

    def __eq__(self, other) -> bool:
        return isinstance(other, pointer_type) and other.element_ty == self.element_ty


_NP = {
    "int1": np.dtype(np.bool_), "int8": np.dtype(np.int8), "int16": np.dtype(np.int16),
    "int32": np.dtype(np.int32), "int64": np.dtype(np.int64), "uint8": np.dtype(np.uint8),
    "uint16": np.dtype(np.uint16), "uint32": np.dtype(np.uint32), "uint64": np.dtype(np.uint64),
    "fp16": np.dtype(np.float16), "bf16": np.dtype(ml_dtypes.bfloat16),
    "fp32": np.dtype(np.float32), "fp64": np.dtype(np.float64),
}

int1 = dtype("int1")
int8, int16, int32, int64 = (dtype(n) for n in dtype.SINT)
uint8, uint16, uint32, uint64 = (dtype(n) for n in dtype.UINT[1:])
float16, bfloat16, float32, float64 = (dtype(n) for n in dtype.FP)
float8e4nv = None  # not supported: named so ported kernels fail with a clear message

ALL_SCALARS = [int1, int8, int16, int32, int64, uint8, uint16, uint32, uint64,
               float16, bfloat16, float32, float64]


def from_numpy(np_dtype) -> dtype:
    """The tiledsl dtype of a numpy dtype; ``TypeError`` if there is none."""
    np_dtype = np.dtype(np_dtype)
    for name, candidate in _NP.items():
        if candidate == np_dtype:
            return dtype(name)
    raise TypeError(f"numpy dtype {np_dtype} has no tiledsl equivalent")


_TORCH_NAMES = {
    "torch.bool": "int1", "torch.int8": "int8", "torch.int16": "int16", "torch.int32": "int32",
    "torch.int64": "int64", "torch.uint8": "uint8", "torch.uint16": "uint16",
    "torch.uint32": "uint32", "torch.uint64": "uint64", "torch.float16": "fp16",
    "torch.bfloat16": "bf16", "torch.float32": "fp32", "torch.float64": "fp64",
}


def from_torch(torch_dtype) -> dtype:
    """The tiledsl dtype of a torch dtype; ``TypeError`` if there is none."""
    name = _TORCH_NAMES.get(str(torch_dtype))
    if name is None:
        raise TypeError(f"torch dtype {torch_dtype} has no tiledsl equivalent")
    return dtype(name)


def to_torch(dt: dtype):
    import torch
    inverse = {v: k for k, v in _TORCH_NAMES.items()}
    return getattr(torch, inverse[dt.name].split(".")[1])


def parse(value) -> dtype:
    """Accept a dtype, its name, a numpy dtype or a torch dtype."""
    if isinstance(value, dtype):
        return value
    if isinstance(value, str):
        aliases = {"float16": "fp16", "bfloat16": "bf16", "float32": "fp32", "float64": "fp64",
                   "bool": "int1", "half": "fp16", "float": "fp32", "double": "fp64"}
        return dtype(aliases.get(value, value))
    if type(value).__module__.startswith("torch"):
        return from_torch(value)
    return from_numpy(value)
