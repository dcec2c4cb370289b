"""Small numpy algorithms for tests, demos and the benchmark helper, until the kernel library
registers the real conv2d/matmul algorithms.

``install()`` declares the op ``"test.matmul"`` (``a @ b``) with algorithms of known
character:

========== ===========================================================================
numpy      ``a @ b``: fast, reproducible
nondet     ``a @ b`` too, but declared non-reproducible: ties with ``numpy`` and must lose
triple     the product computed three times: about 3x slower
rowloop    one row at a time: slow for many rows
wrong      half of the K dimension, doubled: faster and wrong; the numeric check rejects it
hungry     asks for an absurd workspace: skipped by any workspace limit or by free memory
square     applicable to square matrices only (says why otherwise)
========== ===========================================================================

The heuristic deliberately picks ``triple`` so a profiled choice is visibly better.
"""
from __future__ import annotations

import numpy as np

from . import registry
from .registry import Algorithm, Problem

OP = "test.matmul"


def _reference(a, b):
    return a.astype(np.float64) @ b.astype(np.float64)


def _numpy(a, b):
    return a @ b


def _nondet(a, b):
    return np.matmul(a, b)


def _triple(a, b):
    c = a @ b
    c = a @ b
    return a @ b + 0 * c


def _rowloop(a, b):
    out = np.empty((a.shape[0], b.shape[1]), dtype=np.result_type(a, b))
    for i in range(a.shape[0]):
        out[i] = a[i] @ b
    return out


def _wrong(a, b):
    half = a.shape[1] // 2
    return 2 * (a[:, :half] @ b[:half])


def _hungry(a, b):
    return a @ b


def _square(a, b):
    return a @ b


def _square_only(p: Problem):
    (m, k), (_, n) = p.shapes[0], p.shapes[1]
    return True if m == n == k else "square matrices only"


def _heuristic(problem: Problem, cands: list[Algorithm]) -> Algorithm:
    return next((c for c in cands if c.name == "triple"), cands[0])


def _make_inputs(problem: Problem, rng: np.random.Generator) -> tuple:
    (m, k), (_, n) = problem.shapes[0], problem.shapes[1]
    dt = problem.dtypes[0]
    return (rng.standard_normal((m, k), dtype=np.float32).astype(dt),
            rng.standard_normal((k, n), dtype=np.float32).astype(dt))


def install(op: str = OP, *, wrong: bool = True, hungry: bool = True) -> list[Algorithm]:
    """(Re)register the dummy matmul algorithms under ``op``; returns them."""
    registry.unregister(op)
    registry.define_op(op, reference=_reference, heuristic=_heuristic,
                       make_inputs=_make_inputs)
    algs = [
        Algorithm(op, "numpy", _numpy, priority=1),
        Algorithm(op, "nondet", _nondet, reproducible=False),
        Algorithm(op, "triple", _triple),
        Algorithm(op, "rowloop", _rowloop, applicable=lambda p: p.shapes[0][0] <= 512
                  or "too many rows"),
        Algorithm(op, "square", _square, applicable=_square_only),
    ]
    if wrong:
        algs.append(Algorithm(op, "wrong", _wrong))
    if hungry:
        algs.append(Algorithm(op, "hungry", _hungry, workspace=lambda p: 1 << 60))
    for a in algs:
        registry.register(a, replace=True)
    return algs


def problem(m: int, k: int, n: int, dtype: str = "float32", op: str = OP) -> Problem:
    """The problem of ``a (m x k) @ b (k x n)`` without allocating anything."""
    a = np.empty((m, k), dtype=dtype)
    b = np.empty((k, n), dtype=dtype)
    return Problem.from_args(op, (a, b))


def record_worker(cache: str, worker: int, count: int) -> dict:
    """Profile ``count`` shapes no other worker uses into ``cache`` (concurrency tests)."""
    from . import policy
    from .profiler import ProfileOptions
    install()
    quick = ProfileOptions(warmup=0, min_samples=1, max_samples=2, sample_time=0.0,
                           candidate_budget=0.05, rotate_bytes=1)
    rng = np.random.default_rng(worker)
    with policy.mode("profile", cache=cache, options=quick):
        for i in range(count):
            a = rng.standard_normal((2 + i, 3 + worker), dtype=np.float32)
            b = rng.standard_normal((3 + worker, 4), dtype=np.float32)
            policy.run(OP, a, b)
    return policy.stats()


# -- a numpy conv2d with three algorithms of different character ---------------------------

CONV = "test.conv2d"


def _pad(x, p):
    return np.pad(x, ((0, 0), (0, 0), (p, p), (p, p))) if p else x


def _conv_im2col(x, w, *, stride=1, padding=0, layout="NCHW"):
    k, c, r, s = w.shape
    win = np.lib.stride_tricks.sliding_window_view(_pad(x, padding), (r, s), axis=(2, 3))
    win = win[:, :, ::stride, ::stride]  # (N, C, OH, OW, R, S)
    out = np.tensordot(win, w, axes=([1, 4, 5], [1, 2, 3]))  # (N, OH, OW, K)
    return np.ascontiguousarray(out.transpose(0, 3, 1, 2))


def _conv_shift_gemm(x, w, *, stride=1, padding=0, layout="NCHW"):
    n, _, h, wd = x.shape
    k, c, r, s = w.shape
    xp = _pad(x, padding)
    oh, ow = (h + 2 * padding - r) // stride + 1, (wd + 2 * padding - s) // stride + 1
    out = np.zeros((n, k, oh, ow), dtype=np.result_type(x, w))
    for i in range(r):  # one GEMM per filter tap over shifted views of the input
        for j in range(s):
            view = xp[:, :, i:i + stride * oh:stride, j:j + stride * ow:stride]
            out += np.einsum("nchw,kc->nkhw", view, w[:, :, i, j], optimize=True)
    return out


def _fft_size(p: Problem) -> tuple[int, int]:
    (n, c, h, wd), (k, _, r, s) = p.shapes[0], p.shapes[1]
    pad = p.param("padding", 0)
    return h + 2 * pad, wd + 2 * pad


def _conv_fft(x, w, *, stride=1, padding=0, layout="NCHW"):
    k, c, r, s = w.shape
    xp = _pad(x, padding).astype(np.float64)
    fh, fw = xp.shape[2], xp.shape[3]
    fx = np.fft.rfft2(xp, s=(fh, fw))
    fk = np.fft.rfft2(w[:, :, ::-1, ::-1].astype(np.float64), s=(fh, fw))
    full = np.fft.irfft2(np.einsum("ncij,kcij->nkij", fx, fk, optimize=True), s=(fh, fw))
    return full[:, :, r - 1::stride, s - 1::stride].astype(x.dtype)


def _conv_reference(x, w, *, stride=1, padding=0, layout="NCHW"):
    return _conv_im2col(x.astype(np.float64), w.astype(np.float64), stride=stride,
                        padding=padding)


def _conv_heuristic(problem: Problem, cands: list[Algorithm]) -> Algorithm:
    # A plausible rule of thumb: 1x1 filters are a GEMM; otherwise shift-and-GEMM.
    r = problem.shapes[1][2]
    want = "im2col" if r == 1 else "shift_gemm"
    return next((c for c in cands if c.name == want), cands[0])


def install_conv(op: str = CONV) -> list[Algorithm]:
    """(Re)register the dummy conv2d algorithms (NCHW, ``stride``/``padding`` keywords)."""
    registry.unregister(op)
    registry.define_op(op, reference=_conv_reference, heuristic=_conv_heuristic)
    algs = [
        Algorithm(op, "im2col", _conv_im2col,
                  workspace=lambda p: 0),  # a strided view: no copy until tensordot
        Algorithm(op, "shift_gemm", _conv_shift_gemm),
        Algorithm(op, "fft", _conv_fft, accuracy="relaxed",
                  applicable=lambda p: p.param("stride", 1) == 1 or "stride 1 only",
                  workspace=lambda p: 16 * (p.shapes[0][0] + p.shapes[1][0]) *
                  p.shapes[0][1] * _fft_size(p)[0] * _fft_size(p)[1]),
    ]
    for a in algs:
        registry.register(a, replace=True)
    return algs


def conv_problem(n: int, c: int, h: int, k: int, r: int, stride: int = 1, padding: int = 0,
                 dtype: str = "float32", op: str = CONV) -> Problem:
    """The problem of ``conv2d(x[n,c,h,h], w[k,c,r,r], stride=, padding=)``."""
    return Problem.from_shapes(op, [(n, c, h, h), (k, c, r, r)], dtype, "NCHW",
                               stride=stride, padding=padding)
