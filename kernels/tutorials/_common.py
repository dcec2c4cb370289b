"""Helpers the tutorial modules share: array plumbing, poisoning, backend scoping, timing.

The tutorials take numpy arrays or torch tensors. Outputs are allocated with the same kind as
the first input, so a torch caller gets torch tensors back and a numpy caller numpy arrays.
"""
from __future__ import annotations

import contextlib
import time

import numpy as np


def is_torch(x) -> bool:
    """True for a torch tensor, without importing torch when the caller never used it."""
    return type(x).__module__.split(".")[0] == "torch"


def to_numpy(x) -> np.ndarray:
    """A host numpy view (or copy) of a numpy array or a torch tensor."""
    if is_torch(x):
        import torch
        t = x.detach().cpu()
        if t.dtype == torch.bfloat16:      # numpy has no bfloat16: go through the bits
            import ml_dtypes
            return t.view(torch.int16).numpy().view(ml_dtypes.bfloat16)
        return t.numpy()
    return np.asarray(x)


def _torch_dtype(np_dtype: np.dtype):
    """The torch dtype of a numpy dtype (bfloat16 from ml_dtypes included)."""
    import torch
    if np_dtype.name == "bfloat16":
        return torch.bfloat16
    return torch.from_numpy(np.empty(0, dtype=np_dtype)).dtype


def empty_like(x, shape=None, dtype=None):
    """A new uninitialised array of the same kind (numpy / torch, same device) as ``x``.

    ``dtype`` is a numpy dtype (or name); for torch it is mapped to the torch dtype.
    """
    shape = tuple(x.shape) if shape is None else tuple(shape)
    if is_torch(x):
        import torch
        tdtype = x.dtype if dtype is None else _torch_dtype(np.dtype(dtype))
        return torch.empty(shape, dtype=tdtype, device=x.device)
    return np.empty(shape, dtype=np.asarray(x).dtype if dtype is None else np.dtype(dtype))


def to_numpy_dtype(x) -> np.dtype:
    """The numpy dtype of a numpy array or torch tensor."""
    if is_torch(x):
        return to_numpy(x.detach()[:0] if x.dim() else x.detach().reshape(1)[:0]).dtype
    return np.asarray(x).dtype


def poison(x):
    """Fill ``x`` in place with a pattern no correct kernel produces, and return it.

    Floats get NaN, integers all-ones bytes (0xFF...): an element the kernel forgot to write
    then shows up as a mismatch instead of passing by luck against a zero-filled buffer.
    """
    arr = to_numpy(x)
    if np.issubdtype(arr.dtype, np.floating) or arr.dtype.kind == "V" or arr.dtype.name in (
            "bfloat16",):
        if is_torch(x):
            x.fill_(float("nan"))
        else:
            x[...] = np.nan
    else:
        if is_torch(x):
            x.fill_(-1 if arr.dtype.kind == "i" else np.iinfo(arr.dtype).max)
        else:
            arr.view(np.uint8)[...] = 0xFF
    return x


def poisoned_like(x, shape=None, dtype=None):
    """``empty_like`` followed by ``poison``: the allocator ``check`` functions hand to the
    wrappers so that every output a kernel is meant to write starts out as garbage."""
    return poison(empty_like(x, shape=shape, dtype=dtype))


def backend_scope(backend):
    """``with tiled.backend(name)`` when a name is given, else a no-op context."""
    if backend is None:
        return contextlib.nullcontext()
    import tiledsl as tiled
    return tiled.backend(backend)


def max_abs_err(got, want) -> float:
    """Largest absolute difference, in float64; NaN anywhere in ``got`` gives inf."""
    g = to_numpy(got).astype(np.float64)
    w = np.asarray(want, dtype=np.float64)
    if g.shape != w.shape:
        raise AssertionError(f"shape mismatch: got {g.shape}, want {w.shape}")
    if not np.all(np.isfinite(g) | ~np.isfinite(w)):
        return float("inf")
    return float(np.max(np.abs(g - w))) if g.size else 0.0


def assert_close(got, want, *, atol: float, rtol: float, what: str) -> float:
    """Assert ``|got - want| <= atol + rtol*|want|`` elementwise; return the max abs error."""
    g = to_numpy(got).astype(np.float64)
    w = np.asarray(want, dtype=np.float64)
    err = max_abs_err(g, w)
    bad = ~(np.abs(g - w) <= atol + rtol * np.abs(w))
    if bad.any():
        idx = tuple(int(i) for i in np.argwhere(bad)[0])
        raise AssertionError(
            f"{what}: {int(bad.sum())} of {bad.size} elements differ (max abs err {err:.3g}, "
            f"atol {atol}, rtol {rtol}); first at {idx}: got {g[idx]!r}, want {w[idx]!r}")
    return err


def time_call(fn, *, warmup: int = 1, reps: int = 5) -> float:
    """Median wall time of ``fn()`` in seconds, after ``warmup`` untimed calls."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return float(np.median(times))
