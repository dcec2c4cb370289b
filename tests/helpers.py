"""Test helpers: poisoned outputs, random inputs and dtype-aware comparison.

Outputs are *poisoned* before a kernel runs (NaN for floats, an unlikely bit pattern for
integers) so that an element the kernel forgot to write shows up as a mismatch instead of
happening to equal a zero-initialised reference. Inputs are random and never all zeros.
"""
from __future__ import annotations

import numpy as np
import ml_dtypes

BF16 = np.dtype(ml_dtypes.bfloat16)

# Names as ``tl`` spells them -> numpy dtypes; tests parametrise over these strings so the
# test ids read like the language.
NP_DTYPES = {
    "int1": np.dtype(np.bool_),
    "int8": np.dtype(np.int8), "int16": np.dtype(np.int16),
    "int32": np.dtype(np.int32), "int64": np.dtype(np.int64),
    "uint8": np.dtype(np.uint8), "uint16": np.dtype(np.uint16),
    "uint32": np.dtype(np.uint32), "uint64": np.dtype(np.uint64),
    "float16": np.dtype(np.float16), "bfloat16": BF16,
    "float32": np.dtype(np.float32), "float64": np.dtype(np.float64),
}
INT_DTYPES = ["int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64"]
FLOAT_DTYPES = ["float16", "bfloat16", "float32", "float64"]
ALL_DTYPES = ["int1"] + INT_DTYPES + FLOAT_DTYPES

# (rtol, atol) per dtype for results of a few arithmetic ops; reductions and transcendental
# functions pass their own looser numbers.
_TOL = {
    np.dtype(np.float16): (1e-3, 1e-3),
    BF16: (8e-3, 8e-3),
    np.dtype(np.float32): (1e-5, 1e-6),
    np.dtype(np.float64): (1e-12, 1e-14),
}


def np_dtype(dt) -> np.dtype:
    """A numpy dtype from a name ("float16"), a ``tl`` dtype, or anything numpy accepts."""
    if isinstance(dt, str) and dt in NP_DTYPES:
        return NP_DTYPES[dt]
    name = getattr(dt, "name", None)
    if isinstance(name, str) and not isinstance(dt, np.dtype):
        aliases = {"fp16": "float16", "bf16": "bfloat16", "fp32": "float32", "fp64": "float64"}
        return NP_DTYPES[aliases.get(name, name)]
    return np.dtype(dt)


def tl_dtype(dt):
    """The ``tl`` dtype object for a name or numpy dtype (imports the language lazily)."""
    import tiledsl.language as tl
    np_dt = np_dtype(dt)
    for name, cand in NP_DTYPES.items():
        if cand == np_dt:
            return getattr(tl, name)
    raise TypeError(f"no tl dtype for {dt!r}")


def is_float(dt) -> bool:
    dt = np_dtype(dt)
    return dt == BF16 or np.issubdtype(dt, np.floating)


def poison_value(dt):
    """The value written into outputs before a run: NaN for floats, a recognisable pattern
    for integers (0x5A repeated; for signed types with the sign bit set so it is not a small
    positive number any test would produce)."""
    dt = np_dtype(dt)
    if dt == np.bool_:
        return True
    if is_float(dt):
        return np.nan
    info = np.iinfo(dt)
    pattern = int("A5" * dt.itemsize, 16)  # sign bit set, alternating bits
    if info.min < 0:
        pattern -= 1 << (8 * dt.itemsize)
    return dt.type(pattern)


def poison(arr: np.ndarray) -> np.ndarray:
    """Fill ``arr`` in place with the poison value of its dtype; returns it."""
    if hasattr(arr, "fill_"):  # torch tensor: reuse the numpy rule through its dtype name
        import torch
        if arr.dtype == torch.bfloat16 or arr.is_floating_point():
            arr.fill_(float("nan"))
        elif arr.dtype == torch.bool:
            arr.fill_(True)
        else:
            name = str(arr.dtype).replace("torch.", "")
            arr.fill_(int(poison_value(name)))
        return arr
    arr[...] = poison_value(arr.dtype)
    return arr


def poisoned(shape, dt) -> np.ndarray:
    """A new array of ``shape`` and ``dt``, every element poisoned."""
    return poison(np.empty(shape, dtype=np_dtype(dt)))


def is_poison(arr: np.ndarray) -> np.ndarray:
    """Elementwise: is this element still the poison value?"""
    arr = np.asarray(arr)
    if is_float(arr.dtype):
        return np.isnan(arr.astype(np.float64))
    return arr == poison_value(arr.dtype)


def random_array(rng: np.random.Generator, shape, dt, low=None, high=None,
                 nonzero: bool = False) -> np.ndarray:
    """Random values of ``dt``, never all zeros.

    Floats are uniform in [low, high) (default [-2, 2)) and rounded to the dtype; integers
    uniform in [low, high] (default: the dtype's full range for widths <= 16, else
    [-1000, 1000] clipped to the dtype, so sums of a few hundred elements cannot overflow).
    ``nonzero`` replaces zeros by 1 (divisors).
    """
    dt = np_dtype(dt)
    shape = tuple(shape) if np.iterable(shape) else (shape,)
    if dt == np.bool_:
        out = rng.random(shape) < 0.5
        if out.size and not out.any():
            out.flat[0] = True
        return out
    if is_float(dt):
        lo = -2.0 if low is None else low
        hi = 2.0 if high is None else high
        out = rng.uniform(lo, hi, size=shape).astype(dt)
    else:
        info = np.iinfo(dt)
        if low is None:
            low = info.min if dt.itemsize <= 2 else max(info.min, -1000)
        if high is None:
            high = info.max if dt.itemsize <= 2 else min(info.max, 1000)
        out = rng.integers(low, high, size=shape, endpoint=True, dtype=np.int64
                           if info.max <= np.iinfo(np.int64).max else np.uint64).astype(dt)
    if nonzero:
        out[out == 0] = 1
    if out.size and not np.any(out != 0):
        out.flat[0] = 1
    return out


def tolerances(dt) -> tuple[float, float]:
    """Default (rtol, atol) for comparing results of dtype ``dt``; (0, 0) for integers."""
    return _TOL.get(np_dtype(dt), (0.0, 0.0))


def _as_numpy(x) -> np.ndarray:
    if hasattr(x, "detach"):  # torch tensor
        import torch
        x = x.detach().cpu()
        if x.dtype == torch.bfloat16:
            return x.float().numpy().astype(BF16)
        return x.numpy()
    return np.asarray(x)


def assert_close(actual, expected, dtype=None, rtol=None, atol=None, err_msg=""):
    """Compare a kernel's output with a reference, with tolerances chosen by dtype.

    Integers and booleans must match exactly (also in dtype kind). Floats compare with
    NaNs equal to NaNs (so poison surviving where the reference also has NaN is fine, but
    poison where a number was expected fails) and ``inf`` equal to ``inf``.
    """
    actual = _as_numpy(actual)
    expected = _as_numpy(expected)
    dt = np_dtype(dtype) if dtype is not None else actual.dtype
    assert actual.shape == expected.shape, (
        f"shape mismatch: got {actual.shape}, expected {expected.shape}. {err_msg}")
    if not is_float(dt):
        if dt == np.bool_:
            np.testing.assert_array_equal(actual.astype(bool), expected.astype(bool),
                                          err_msg=err_msg)
            return
        # Compare integers through Python ints so uint64 vs int64 cannot mislead.
        a = actual.astype(dt)
        e = np.asarray(expected).astype(dt) if np.asarray(expected).dtype != dt else expected
        bad = a != e
        if np.any(bad):
            idx = np.argwhere(bad)[:8]
            details = ", ".join(f"{tuple(i)}: got {a[tuple(i)]}, expected {e[tuple(i)]}"
                                for i in idx)
            raise AssertionError(f"{int(bad.sum())} of {a.size} integer elements differ "
                                 f"({details}). {err_msg}")
        return
    d_rtol, d_atol = tolerances(dt)
    rtol = d_rtol if rtol is None else rtol
    atol = d_atol if atol is None else atol
    np.testing.assert_allclose(actual.astype(np.float64), expected.astype(np.float64),
                               rtol=rtol, atol=atol, equal_nan=True, err_msg=err_msg)


def assert_untouched(arr, written_mask, err_msg=""):
    """Elements outside ``written_mask`` must still hold the poison value."""
    arr = _as_numpy(arr)
    keep = ~np.asarray(written_mask, dtype=bool)
    ok = is_poison(arr)[keep]
    assert ok.all(), (f"{int((~ok).sum())} elements that must not be written were "
                      f"overwritten. {err_msg}")


def run_numpy_int(fn, *arrays, dtype):
    """Evaluate ``fn`` on integer arrays with wrap-around at ``dtype``'s width.

    numpy already wraps fixed-width integer arithmetic; this only silences the overflow
    warnings that scalar numpy emits and casts the result back to ``dtype``.
    """
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        return np.asarray(fn(*arrays)).astype(np_dtype(dtype))


def c_div(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Integer division truncating toward zero (C, and Triton's ``//`` on integers)."""
    a = np.asarray(a)
    b = np.asarray(b)
    dt = np.result_type(a, b)
    with np.errstate(over="ignore"):
        q = np.abs(a.astype(np.int64)) // np.abs(b.astype(np.int64))
        sign = np.sign(a.astype(np.int64)) * np.sign(b.astype(np.int64))
        return (q * sign).astype(dt)


def c_mod(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Remainder with the sign of the dividend (C's ``%``, Triton's ``%`` on integers)."""
    a = np.asarray(a)
    b = np.asarray(b)
    dt = np.result_type(a, b)
    return np.fmod(a.astype(np.int64), b.astype(np.int64)).astype(dt)


def source_line(path: str, marker: str) -> tuple[int, str]:
    """(1-based line number, text) of the only line of ``path`` containing ``marker``."""
    with open(path) as f:
        hits = [(i + 1, line) for i, line in enumerate(f) if marker in line]
    assert len(hits) == 1, f"marker {marker!r} found {len(hits)} times in {path}"
    return hits[0]


def marker_line(path: str, tag: str) -> tuple[int, str]:
    """(line, text) of the line of ``path`` carrying the comment ``# <tag>``.

    Tests call this with the bare tag, so the searched-for text ``# <tag>`` appears only on
    the marked line itself and not in the test's own call.
    """
    return source_line(path, "# <" + tag + ">")
