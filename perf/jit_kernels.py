"""Small tiledsl kernels owned by the perf suites (launch overhead and compile time).

Imported lazily by ``overhead.py``: until the compiler core lands, importing this module fails
and those entries print ``unavailable``. The undecorated functions are kept (``RAW``) because
a cold-compile measurement needs a fresh ``tiled.jit`` object per sample, with no in-memory
cache behind it.
"""
from __future__ import annotations

import tiledsl as tiled
import tiledsl.language as tl


def _noop(X, BLOCK: tl.constexpr):
    # The least a launch can do and still touch memory: one tile, read-modify-write.
    offs = tl.arange(0, BLOCK)
    tl.store(X + offs, tl.load(X + offs) + 1.0)


def _noop_args(X0, X1, X2, X3, X4, X5, X6, X7, a, b, c, d, BLOCK: tl.constexpr):
    # Eight pointers and four scalars: measures argument marshalling, not the kernel.
    offs = tl.arange(0, BLOCK)
    tl.store(X0 + offs, tl.load(X7 + offs) + (a + b + c + d))


def _add(X, Y, Z, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    tl.store(Z + offs, tl.load(X + offs, mask=mask) + tl.load(Y + offs, mask=mask), mask=mask)


def _softmax_row(X, Y, stride, n_cols, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    cols = tl.arange(0, BLOCK)
    mask = cols < n_cols
    x = tl.load(X + row * stride + cols, mask=mask, other=-float("inf"))
    e = tl.exp(x - tl.max(x, axis=0))
    tl.store(Y + row * stride + cols, e / tl.sum(e, axis=0), mask=mask)


def _tile_dot(A, B, C, M, N, K, BM: tl.constexpr, BN: tl.constexpr, BK: tl.constexpr):
    # A plain tiled matmul (row-major, K a multiple of BK): the compile-time heavyweight.
    rm = tl.program_id(0) * BM + tl.arange(0, BM)
    rn = tl.program_id(1) * BN + tl.arange(0, BN)
    rk = tl.arange(0, BK)
    acc = tl.zeros((BM, BN), dtype=tl.float32)
    for k in range(0, K, BK):
        a = tl.load(A + rm[:, None] * K + (k + rk)[None, :], mask=rm[:, None] < M, other=0.0)
        b = tl.load(B + (k + rk)[:, None] * N + rn[None, :], mask=rn[None, :] < N, other=0.0)
        acc += tl.dot(a, b)
    tl.store(C + rm[:, None] * N + rn[None, :], acc, mask=(rm[:, None] < M) & (rn[None, :] < N))


RAW = {"noop": _noop, "noop_args": _noop_args, "add": _add, "softmax_row": _softmax_row,
       "tile_dot": _tile_dot}

noop = tiled.jit(_noop)
noop_args = tiled.jit(_noop_args)

