"""Tutorial 3: matrix multiplication ``C = act(A @ B)``.

Each program computes one ``BLOCK_SIZE_M x BLOCK_SIZE_N`` tile of C by walking K in steps of
``BLOCK_SIZE_K`` and accumulating ``tl.dot`` products in float32. Two ideas from Triton's
tutorial carry over:

* **Grouped ordering.** Programs are numbered so that ``GROUP_SIZE_M`` consecutive programs
  sweep down a column of C tiles before moving right. Neighbouring programs then share rows
  of A and columns of B, which keeps them in cache (L2 on a GPU, L2/L3 on a CPU).
* **Autotuning.** ``@tiled.autotune`` times a few block shapes the first time it sees a new
  ``(M, N, K)`` and reuses the winner afterwards.

The optional activation is a separate ``@tiled.jit`` function, called from the kernel and
inlined by the compiler.
"""
from __future__ import annotations

import numpy as np

import tiledsl as tiled
import tiledsl.language as tl

from ._common import assert_close, backend_scope, empty_like, poison, to_numpy


# Few and small configs: the interpreter and the 2-core CPU must tune in seconds, while the
# shapes are still ones a GPU runs well (num_warps/num_stages are hints CPU backends ignore).
CONFIGS = [
    tiled.Config({"BLOCK_SIZE_M": 32, "BLOCK_SIZE_N": 32, "BLOCK_SIZE_K": 32, "GROUP_SIZE_M": 4},
                 num_warps=4, num_stages=2),
    tiled.Config({"BLOCK_SIZE_M": 64, "BLOCK_SIZE_N": 32, "BLOCK_SIZE_K": 32, "GROUP_SIZE_M": 8},
                 num_warps=4, num_stages=3),
    tiled.Config({"BLOCK_SIZE_M": 64, "BLOCK_SIZE_N": 64, "BLOCK_SIZE_K": 16, "GROUP_SIZE_M": 8},
                 num_warps=8, num_stages=3),
]


@tiled.jit
def leaky_relu(x):
    """``x`` where positive, ``0.01 * x`` elsewhere."""
    return tl.where(x >= 0, x, 0.01 * x)


@tiled.autotune(configs=CONFIGS, key=["M", "N", "K"])
@tiled.jit
def matmul_kernel(a_ptr, b_ptr, c_ptr, M, N, K,
                  stride_am, stride_ak, stride_bk, stride_bn, stride_cm, stride_cn,
                  BLOCK_SIZE_M: tl.constexpr, BLOCK_SIZE_N: tl.constexpr,
                  BLOCK_SIZE_K: tl.constexpr, GROUP_SIZE_M: tl.constexpr,
                  ACTIVATION: tl.constexpr):
    """One ``BLOCK_SIZE_M x BLOCK_SIZE_N`` tile of ``C = ACTIVATION(A @ B)``."""
    pid = tl.program_id(axis=0)
    tiles_m = tl.cdiv(M, BLOCK_SIZE_M)
    tiles_n = tl.cdiv(N, BLOCK_SIZE_N)

    # Grouped ordering: a group is GROUP_SIZE_M tile-rows by all tile-columns; inside it
    # the program id runs down the rows first. The last group may have fewer rows.
    programs_per_group = GROUP_SIZE_M * tiles_n
    group = pid // programs_per_group
    group_row0 = group * GROUP_SIZE_M
    rows_in_group = tl.minimum(tiles_m - group_row0, GROUP_SIZE_M)
    index_in_group = pid % programs_per_group
    tile_m = group_row0 + index_in_group % rows_in_group
    tile_n = index_in_group // rows_in_group

    offs_m = tile_m * BLOCK_SIZE_M + tl.arange(0, BLOCK_SIZE_M)
    offs_n = tile_n * BLOCK_SIZE_N + tl.arange(0, BLOCK_SIZE_N)
    offs_k = tl.arange(0, BLOCK_SIZE_K)
    mask_m = offs_m < M
    mask_n = offs_n < N
    a_ptrs = a_ptr + offs_m[:, None] * stride_am + offs_k[None, :] * stride_ak
    b_ptrs = b_ptr + offs_k[:, None] * stride_bk + offs_n[None, :] * stride_bn

    acc = tl.zeros((BLOCK_SIZE_M, BLOCK_SIZE_N), dtype=tl.float32)
    for k0 in range(0, K, BLOCK_SIZE_K):
        # The K tail is masked to 0 on both sides so it adds nothing to the dot product;
        # rows/columns past M/N are masked too and simply never stored.
        k_left = K - k0
        a = tl.load(a_ptrs, mask=mask_m[:, None] & (offs_k[None, :] < k_left), other=0.0)
        b = tl.load(b_ptrs, mask=(offs_k[:, None] < k_left) & mask_n[None, :], other=0.0)
        acc = tl.dot(a, b, acc)
        a_ptrs += BLOCK_SIZE_K * stride_ak
        b_ptrs += BLOCK_SIZE_K * stride_bk

    if ACTIVATION == "leaky_relu":
        acc = leaky_relu(acc)
    c = acc.to(c_ptr.dtype.element_ty)
    c_ptrs = c_ptr + offs_m[:, None] * stride_cm + offs_n[None, :] * stride_cn
    tl.store(c_ptrs, c, mask=mask_m[:, None] & mask_n[None, :])


def _strides(a) -> tuple[int, int]:
    """Element strides of a 2-D numpy array or torch tensor."""
    if hasattr(a, "stride") and callable(a.stride):
        return tuple(int(s) for s in a.stride())
    return tuple(int(s) // a.itemsize for s in a.strides)


def matmul(a, b, out=None, *, activation: str = ""):
    """``activation(a @ b)`` for 2-D arrays (numpy or torch); ``activation`` is
    ``""`` or ``"leaky_relu"``. The result has ``a``'s dtype; accumulation is float32."""
    if len(a.shape) != 2 or len(b.shape) != 2 or a.shape[1] != b.shape[0]:
        raise ValueError(f"incompatible shapes {tuple(a.shape)} @ {tuple(b.shape)}")
    if activation not in ("", "leaky_relu"):
        raise ValueError(f"unknown activation {activation!r}")
    M, K = a.shape
    N = b.shape[1]
    if out is None:
        out = empty_like(a, shape=(M, N))
    grid = lambda meta: (  # noqa: E731
        tiled.cdiv(M, meta["BLOCK_SIZE_M"]) * tiled.cdiv(N, meta["BLOCK_SIZE_N"]),)
    matmul_kernel[grid](a, b, out, M, N, K, *_strides(a), *_strides(b), *_strides(out),
                        ACTIVATION=activation)
    return out


def reference(a, b, activation: str = "") -> np.ndarray:
    """``a @ b`` in float64, with the same activation."""
    c = to_numpy(a).astype(np.float64) @ to_numpy(b).astype(np.float64)
    if activation == "leaky_relu":
        c = np.where(c >= 0, c, 0.01 * c)
    return c


def check(backend=None, seed: int = 0, M: int = 150, N: int = 97, K: int = 133,
          dtype: str = "float32", activation: str = "leaky_relu") -> dict:
    """Random ``(M, K) @ (K, N)`` with sizes that are no multiple of any block."""
    rng = np.random.default_rng(seed)
    a = rng.standard_normal((M, K)).astype(dtype)
    b = rng.standard_normal((K, N)).astype(dtype)
    out = poison(np.empty((M, N), dtype))
    with backend_scope(backend):
        matmul(a, b, out, activation=activation)
    want = reference(a, b, activation)
    if np.dtype(dtype) == np.float16:
        # fp16 inputs are exact in fp32 products; the error is the final rounding to fp16.
        atol, rtol = 2e-2, 2e-3
    elif backend == "ptx":
        # Like Triton, tl.dot on fp32 may use TF32 tensor cores on a GPU (10-bit mantissa).
        atol, rtol = 5e-2, 1e-2
    else:
        atol, rtol = 1e-3, 1e-4
    err = assert_close(out, want, atol=atol, rtol=rtol, what=f"matmul[{dtype}]")
    return {"name": f"matmul[{dtype},{activation or 'none'}]", "shape": (M, N, K),
            "max_abs_err": err}
