"""``matmul``: C = act(A @ B + bias) for fp32, tf32, fp16 and bf16, batched, with any
strides (so transposed operands cost no copy), in one kernel with a fused epilogue.

Tiles are chosen per backend (``CONFIGS``); on a GPU the K loop is software-pipelined
(``num_stages``) and the dot runs on tensor cores, on the CPU the dot is the backend's FMA
micro-kernel. Accumulation is fp32 (fp64 for fp64 inputs).
"""
from __future__ import annotations

import numpy as np

import tiledsl as tiled
import tiledsl.language as tl
from tiledsl import dtypes as dt, fastrun
from . import _host as H

ACTIVATIONS = ("none", "relu", "gelu", "silu", "sigmoid", "tanh", "leaky_relu")


@tiled.jit
def apply_activation(x, ACTIVATION: tl.constexpr):
    """The epilogue activation, on a float32 tile."""
    if ACTIVATION == "relu":
        x = tl.maximum(x, 0.0)
    elif ACTIVATION == "gelu":
        x = 0.5 * x * (1.0 + tl.erf(x * 0.7071067811865476))
    elif ACTIVATION == "silu":
        x = x * tl.sigmoid(x)
    elif ACTIVATION == "sigmoid":
        x = tl.sigmoid(x)
    elif ACTIVATION == "tanh":
        x = tl.tanh(x)
    elif ACTIVATION == "leaky_relu":
        x = tl.where(x >= 0, x, 0.01 * x)
    return x


@tiled.jit
def matmul_kernel(A, B, C, Bias, M, N, K,
                  stride_ab, stride_am, stride_ak, stride_bb, stride_bk, stride_bn,
                  stride_cb, stride_cm, stride_cn,
                  BLOCK_M: tl.constexpr, BLOCK_N: tl.constexpr, BLOCK_K: tl.constexpr,
                  GROUP_M: tl.constexpr, HAS_BIAS: tl.constexpr, ACTIVATION: tl.constexpr,
                  PRECISION: tl.constexpr, EVEN_K: tl.constexpr):
    """One BLOCK_M x BLOCK_N tile of one batch entry (program axis 1) of C."""
    pid = tl.program_id(0)
    batch = tl.program_id(1)
    grid_m = tl.cdiv(M, BLOCK_M)
    grid_n = tl.cdiv(N, BLOCK_N)
    # grouped ordering: GROUP_M tile-rows share their B columns while they are in cache
    width = GROUP_M * grid_n
    group = pid // width
    first_m = group * GROUP_M
    group_m = tl.minimum(grid_m - first_m, GROUP_M)
    pid_m = first_m + (pid % width) % group_m
    pid_n = (pid % width) // group_m

    rm = pid_m * BLOCK_M + tl.arange(0, BLOCK_M)
    rn = pid_n * BLOCK_N + tl.arange(0, BLOCK_N)
    rk = tl.arange(0, BLOCK_K)
    a_ptrs = A + batch.to(tl.int64) * stride_ab + rm[:, None] * stride_am + rk[None, :] * stride_ak
    b_ptrs = B + batch.to(tl.int64) * stride_bb + rk[:, None] * stride_bk + rn[None, :] * stride_bn
    acc = tl.zeros((BLOCK_M, BLOCK_N), dtype=tl.float32 if C.dtype.element_ty != tl.float64
                   else tl.float64)
    for k in range(0, tl.cdiv(K, BLOCK_K)):
        if EVEN_K:
            a = tl.load(a_ptrs, mask=rm[:, None] < M, other=0.0)
            b = tl.load(b_ptrs, mask=rn[None, :] < N, other=0.0)
        else:
            k_left = K - k * BLOCK_K
            a = tl.load(a_ptrs, mask=(rm[:, None] < M) & (rk[None, :] < k_left), other=0.0)
            b = tl.load(b_ptrs, mask=(rk[:, None] < k_left) & (rn[None, :] < N), other=0.0)
        acc = tl.dot(a, b, acc, input_precision=PRECISION)
        a_ptrs += BLOCK_K * stride_ak
        b_ptrs += BLOCK_K * stride_bk
    if HAS_BIAS:
        acc += tl.load(Bias + rn, mask=rn < N, other=0.0).to(acc.dtype)[None, :]
    acc = apply_activation(acc, ACTIVATION)
    c_ptrs = C + batch.to(tl.int64) * stride_cb + rm[:, None] * stride_cm + rn[None, :] * stride_cn
    tl.store(c_ptrs, acc.to(C.dtype.element_ty), mask=(rm[:, None] < M) & (rn[None, :] < N))


# (BLOCK_M, BLOCK_N, BLOCK_K, GROUP_M, num_warps, num_stages) per backend and dtype class
CONFIGS = {
    "ptx": {"16bit": (128, 128, 32, 8, 4, 3), "32bit": (64, 64, 32, 8, 4, 3)},
    "opencl": {"16bit": (64, 64, 16, 8, 4, 1), "32bit": (64, 64, 16, 8, 4, 1)},
    "cpu": {"16bit": (64, 64, 32, 8, 1, 1), "32bit": (64, 64, 32, 8, 1, 1)},
    "interp": {"16bit": (64, 64, 64, 8, 1, 1), "32bit": (64, 64, 64, 8, 1, 1)},
}
_FLOAT_DTYPES = ("fp16", "bf16", "fp32", "fp64")


def config_for(backend: str, dtype: dt.dtype, m: int, n: int, k: int) -> tuple:
    bm, bn, bk, group, warps, stages = CONFIGS.get(backend, CONFIGS["interp"])[
        "16bit" if dtype.primitive_bitwidth == 16 else "32bit"]
    # small problems: do not launch mostly-masked tiles
    bm = min(bm, max(16, H.next_power_of_2(m)))
    bn = min(bn, max(16, H.next_power_of_2(n)))
    bk = min(bk, max(16, H.next_power_of_2(k)))
    return bm, bn, bk, group, warps, stages


def matmul(a, b, bias=None, activation: str = "none", *, precision: str | None = None,
           out=None, config: tuple | None = None, algo: str | None = None):
    """``act(a @ b + bias)``. ``a``: (..., M, K), ``b``: (..., K, N) with broadcastable batch
    dimensions (numpy rules); ``bias``: (N,). ``precision`` is "ieee" (default for fp32) or
    "tf32" (tensor cores on the GPU, allowed to round inputs to tf32). The tile configuration
    is ``config``, else the FastRun algorithm ``algo`` (see ``TILE_ALGORITHMS``), else what
    FastRun chooses for this problem (the heuristic ``config_for`` unless profiled)."""
    if config is None and out is None:
        if algo is not None and algo not in TILE_ALGORITHMS:
            raise ValueError(f"unknown matmul algorithm {algo!r}; choose one of "
                             f"{sorted(TILE_ALGORITHMS)}")
        _check_operands(a, b)
        params = {"activation": activation, "precision": precision or "ieee",
                  "backend": H.backend_of(a, b)}
        chosen = TILE_ALGORITHMS[algo] if algo else fastrun.choose(
            "matmul", args=(a, b, bias), params=params).fn
        return chosen(a, b, bias, **params)
    return _matmul(a, b, bias, activation, precision, out, config)


def _check_operands(a, b):
    H.check_array("a", a, dtypes=_FLOAT_DTYPES)
    H.check_array("b", b, dtypes=_FLOAT_DTYPES)
    if a.ndim < 2 or b.ndim < 2:
        raise ValueError(f"matmul needs operands with at least 2 dimensions, got {tuple(a.shape)} "
                         f"and {tuple(b.shape)}")
    if H.dtype_of(a) != H.dtype_of(b):
        raise TypeError(f"matmul operands differ in dtype: {H.dtype_of(a)} and {H.dtype_of(b)}")
    if a.shape[-1] != b.shape[-2]:
        raise ValueError(f"matmul: shapes {tuple(a.shape)} and {tuple(b.shape)} cannot be "
                         f"multiplied ({a.shape[-1]} != {b.shape[-2]})")


def _matmul(a, b, bias, activation, precision, out, config):
    _check_operands(a, b)
    activation = activation or "none"
    if activation not in ACTIVATIONS:
        raise ValueError(f"unknown activation {activation!r}; choose one of {ACTIVATIONS}")
    precision = precision or "ieee"
    if precision not in ("ieee", "tf32"):
        raise ValueError(f"precision must be 'ieee' or 'tf32', got {precision!r}")
    dtype = H.dtype_of(a)
    m, k = a.shape[-2:]
    n = b.shape[-1]
    batch_shape = _broadcast_batch(a.shape[:-2], b.shape[:-2])
    a3 = _as_batched(a, batch_shape)
    b3 = _as_batched(b, batch_shape)
    nb = a3.shape[0] if a3.ndim == 3 else 1
    c = out if out is not None else H.empty(a, tuple(batch_shape) + (m, n), dtype)
    c3 = c.reshape((nb, m, n))
    if bias is not None:
        H.check_array("bias", bias, ndim=1)
        if bias.shape[0] != n:
            raise ValueError(f"bias has {bias.shape[0]} entries, expected {n}")
        bias = H.contiguous(bias)
    backend = H.backend_of(a, b)
    bm, bn, bk, group, warps, stages = config or config_for(backend, dtype, m, n, k)
    sa, sb, sc = _strides3(a3), _strides3(b3), _strides3(c3)
    grid = (-(-m // bm) * -(-n // bn), nb)
    if m == 0 or n == 0 or nb == 0:
        return c
    matmul_kernel[grid](a3, b3, c3, bias if bias is not None else c3, m, n, k,
                        *sa, *sb, *sc, BLOCK_M=bm, BLOCK_N=bn, BLOCK_K=bk, GROUP_M=group,
                        HAS_BIAS=bias is not None, ACTIVATION=activation,
                        PRECISION=precision if dtype.is_fp32() else "ieee" if dtype.is_fp64()
                        else "tf32", EVEN_K=k % bk == 0, num_warps=warps, num_stages=stages)
    return c


def _broadcast_batch(sa, sb) -> tuple:
    return tuple(np.broadcast_shapes(tuple(sa), tuple(sb)))


def _as_batched(x, batch_shape):
    """An (nb, rows, cols) array; reshape keeps a view where strides allow (a broadcast
    operand keeps stride 0) and copies otherwise."""
    if not batch_shape:
        return x
    target = tuple(batch_shape) + tuple(x.shape[-2:])
    if tuple(x.shape) != target:
        if H.kind(x) == "torch":
            x = x.expand(target)
        else:
            xp = __import__(H.kind(x))
            x = xp.broadcast_to(x, target)
    nb = 1
    for s in batch_shape:
        nb *= s
    return x.reshape((nb,) + tuple(x.shape[-2:]))


def _strides3(x) -> tuple[int, int, int]:
    s = H.strides(x)
    return (s[0], s[1], s[2]) if len(s) == 3 else (0, s[0], s[1])


# -- FastRun: each tile shape is an algorithm of op "matmul" ---------------------------------

_TILES = {"tile_32x32x32": (32, 32, 32, 4), "tile_64x64x32": (64, 64, 32, 8),
          "tile_128x64x32": (128, 64, 32, 8), "tile_64x128x32": (64, 128, 32, 8),
          "tile_128x128x32": (128, 128, 32, 8)}


def _tile_fn(name, tile):
    def run(a, b, bias=None, *, activation="none", precision="ieee", backend=None):
        dtype = H.dtype_of(a)
        *_, warps, stages = config_for(backend or H.backend_of(a, b), dtype, 1 << 30, 1 << 30,
                                       1 << 30)
        return _matmul(a, b, bias, activation, precision, None, tile + (warps, stages))
    run.__name__ = f"matmul_{name}"
    return run


TILE_ALGORITHMS = {name: _tile_fn(name, tile) for name, tile in _TILES.items()}


def _heuristic_fn(a, b, bias=None, *, activation="none", precision="ieee", backend=None):
    return _matmul(a, b, bias, activation, precision, None, None)


def _heuristic(problem, cands):
    """The per-backend default tile (``config_for``) when it is a candidate, else the first."""
    (m, k), n = problem.shapes[0][-2:], problem.shapes[1][-1]
    backend = problem.param("backend", "cpu")
    dtype = dt.parse(problem.dtypes[0])
    bm, bn, bk, *_ = config_for(backend, dtype, m, n, k)
    want = f"tile_{bm}x{bn}x{bk}"
    return next((c for c in cands if c.name == want), cands[0] if cands else None)


def _register() -> None:
    fastrun.define_op("matmul", reference=_heuristic_fn, heuristic=_heuristic)
    for name, fn in TILE_ALGORITHMS.items():
        fastrun.register(fastrun.Algorithm(
            op="matmul", name=name, fn=fn, applicable=lambda p: True,
            workspace=lambda p: 0, reproducible=True, accuracy="standard",
            depends=(matmul_kernel, _matmul)), replace=True)


_register()
