"""Launch arguments: what each Python value is (pointer, scalar, constexpr), its dtype and
device, and the specialisation facts the compiler keys on.

Integer arguments equal to 1 are compiled as the constant 1, and integers and pointers
divisible by 16 are marked so (``divisibility=16``), as Triton does; ``do_not_specialize``
turns both off for a parameter.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from tiledsl import dtypes as dt
from tiledsl.errors import LaunchError


@dataclass(frozen=True)
class ArgKind:
    kind: str          # "ptr" | "scalar" | "const"
    dtype: dt.dtype | None = None
    device: str = "cpu"  # for pointers: "cpu", "cuda", "opencl"
    divisibility: int = 1
    value: Any = None    # for "const"


def _module(value) -> str:
    return type(value).__module__.split(".")[0]


def array_device(value) -> str | None:
    """The device an array-like lives on, or ``None`` if ``value`` is not an array."""
    if isinstance(value, np.ndarray):
        return "cpu"
    mod = _module(value)
    if mod == "torch" and hasattr(value, "data_ptr"):
        return "cuda" if value.is_cuda else ("cpu" if value.device.type == "cpu" else value.device.type)
    if mod == "cupy" and hasattr(value, "data"):
        return "cuda"
    if mod == "pyopencl" and hasattr(value, "base_data"):
        return "opencl"
    return None


def array_dtype(value) -> dt.dtype:
    if _module(value) == "torch":
        return dt.from_torch(value.dtype)
    return dt.from_numpy(value.dtype)


def data_address(value) -> int:
    """Host or device address of an array's first element (0 for OpenCL buffers)."""
    if isinstance(value, np.ndarray):
        return value.__array_interface__["data"][0]
    mod = _module(value)
    if mod == "torch":
        return value.data_ptr()
    if mod == "cupy":
        return value.data.ptr
    return 0


def classify(name: str, value, specialize: bool = True) -> ArgKind:
    """What the argument ``name`` is; a ``LaunchError`` (a ``TypeError``) if unsupported."""
    device = array_device(value)
    if device is not None:
        try:
            elem = array_dtype(value)
        except TypeError as e:
            raise LaunchError(f"argument '{name}': {e}") from None
        if device not in ("cpu", "cuda", "opencl"):
            raise LaunchError(f"argument '{name}' lives on unsupported device '{device}'")
        div = 16 if specialize and data_address(value) % 16 == 0 else 1
        return ArgKind("ptr", dt.pointer_type(elem), device, div)
    if value is None:
        return ArgKind("const", value=None)
    if isinstance(value, (bool, np.bool_)):
        return ArgKind("scalar", dt.int1)
    if isinstance(value, (int, np.integer)):
        v = int(value)
        d = dt.from_numpy(value.dtype) if isinstance(value, np.integer) else _int_dtype(name, v)
        if specialize and v == 1 and not isinstance(value, np.integer):
            return ArgKind("const", value=1)
        return ArgKind("scalar", d, divisibility=16 if specialize and v % 16 == 0 else 1)
    if isinstance(value, (float, np.floating)):
        d = dt.from_numpy(value.dtype) if isinstance(value, np.floating) else dt.float32
        return ArgKind("scalar", d)
    if isinstance(value, dt.dtype):
        return ArgKind("const", value=value)
    kind = type(value).__name__
    hint = " (complex numbers are not supported)" if isinstance(value, complex) else ""
    raise LaunchError(f"argument '{name}' has unsupported type {kind}{hint}: expected a numpy "
                      "array, a torch tensor, a cupy array, a pyopencl array, or a Python/numpy scalar")


def _int_dtype(name: str, v: int) -> dt.dtype:
    if -2**31 <= v < 2**31:
        return dt.int32
    if -2**63 <= v < 2**63:
        return dt.int64
    if v < 2**64:
        return dt.uint64
    raise LaunchError(f"argument '{name}' = {v} does not fit in 64 bits")


def normalise_grid(grid, meta: dict) -> tuple[int, int, int]:
    """A launch grid as three positive ints; ``grid`` may be a tuple or ``callable(meta)``."""
    if callable(grid):
        grid = grid(meta)
    if isinstance(grid, (int, np.integer)):
        grid = (grid,)
    if not isinstance(grid, (tuple, list)) or not 1 <= len(grid) <= 3:
        raise LaunchError(f"grid must be a tuple of 1 to 3 integers, got {grid!r}")
    out = []
    for g in grid:
        if isinstance(g, (bool, np.bool_)) or not isinstance(g, (int, np.integer)):
            raise LaunchError(f"grid entries must be integers, got {g!r} ({type(g).__name__})")
        if g < 0:
            raise LaunchError(f"grid entries must be non-negative, got {g}")
        out.append(int(g))
    return tuple(out + [1] * (3 - len(out)))
