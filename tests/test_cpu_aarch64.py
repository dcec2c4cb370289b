"""The five tutorial kernels compiled for aarch64-unknown-linux-gnu (NEON) and run under
qemu through the AOT export, against numpy (and, for dropout, the host cpu backend, which
must agree bit for bit since philox is exact integer math).

Each case compiles the kernel's tile IR once on the host (``warmup``), lowers it again for
the AArch64 target (4 fp32 lanes, NEON micro-kernel blocking), exports an object plus C
launcher and runs it with ``aot.run_under_qemu``.
"""
from __future__ import annotations

import numpy as np
import pytest

import tiledsl as tiled
from tiledsl.backends.cpu import BACKEND, aot, toolchain
from tiledsl.kernels.tutorials import dropout, fused_softmax, layer_norm, matmul, vector_add

import os
import shutil


@pytest.fixture(autouse=True)
def _cross_toolchain():
    """CI installs the AArch64 cross compiler and qemu: there a missing one is a failure.
    Elsewhere (e.g. the GPU machine) the tests say what is missing and skip."""
    missing = [t for t in ("aarch64-linux-gnu-gcc", "qemu-aarch64") if shutil.which(t) is None]
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI image lacks {missing}")
        pytest.skip(f"needs {missing} (apt-get install gcc-aarch64-linux-gnu qemu-user)")


def _run_aarch64(kernel, grid, named: dict, constexprs: dict, tmp_path):
    """Compile ``kernel`` for AArch64, run it under qemu; returns {arg name: output}."""
    args = list(named.values())
    with tiled.backend("cpu"):
        host = kernel.warmup(*args, grid=grid, **constexprs)
    target = toolchain.aarch64_target()
    compiled = BACKEND.compile_for_target(host.ir, {}, target)
    assert "aarch64" in compiled.asm["llir"].split("\n", 3)[1]
    exported = aot.export(compiled, target=target, out_dir=tmp_path)
    runtime = [named[n] for n, _ in compiled.arg_specs]
    result = aot.run_under_qemu(exported, grid, runtime)
    assert result.status == 0
    return {n: out for (n, _), out in zip(compiled.arg_specs, result.outputs)}


def test_vector_add_on_aarch64(tmp_path, rng):
    n = 3001
    x, y = rng.standard_normal(n).astype(np.float32), rng.standard_normal(n).astype(np.float32)
    out = np.full(n, np.nan, np.float32)
    res = _run_aarch64(vector_add.add_kernel, (tiled.cdiv(n, 256),),
                       {"x_ptr": x, "y_ptr": y, "out_ptr": out, "n_elements": n},
                       {"BLOCK_SIZE": 256}, tmp_path)
    np.testing.assert_array_equal(res["out_ptr"], x + y)


def test_fused_softmax_on_aarch64(tmp_path, rng):
    rows, cols = 19, 300
    x = rng.standard_normal((rows, cols)).astype(np.float32)
    out = np.full((rows, cols), np.nan, np.float32)
    res = _run_aarch64(fused_softmax.softmax_kernel, (8,),
                       {"out_ptr": out, "in_ptr": x, "in_row_stride": cols,
                        "out_row_stride": cols, "n_rows": rows, "n_cols": cols},
                       {"BLOCK_SIZE": 512}, tmp_path)
    np.testing.assert_allclose(res["out_ptr"], fused_softmax.reference(x), rtol=1e-5, atol=1e-7)


def test_matmul_on_aarch64(tmp_path, rng):
    M, N, K = 70, 45, 50
    a = rng.standard_normal((M, K)).astype(np.float32)
    b = rng.standard_normal((K, N)).astype(np.float32)
    c = np.full((M, N), np.nan, np.float32)
    bm, bn = 32, 32
    res = _run_aarch64(matmul.matmul_kernel.fn, (tiled.cdiv(M, bm) * tiled.cdiv(N, bn),),
                       {"a_ptr": a, "b_ptr": b, "c_ptr": c, "M": M, "N": N, "K": K,
                        "stride_am": K, "stride_ak": 1, "stride_bk": N, "stride_bn": 1,
                        "stride_cm": N, "stride_cn": 1},
                       {"BLOCK_SIZE_M": bm, "BLOCK_SIZE_N": bn, "BLOCK_SIZE_K": 16,
                        "GROUP_SIZE_M": 4, "ACTIVATION": "leaky_relu"}, tmp_path)
    np.testing.assert_allclose(res["c_ptr"], matmul.reference(a, b, "leaky_relu"),
                               rtol=1e-4, atol=1e-4)


def test_dropout_on_aarch64(tmp_path, rng):
    n, p, seed = 5000, 0.25, 77
    x = rng.standard_normal(n).astype(np.float32)
    out = np.full(n, np.nan, np.float32)
    res = _run_aarch64(dropout.dropout_kernel, (tiled.cdiv(n, 512),),
                       {"x_ptr": x, "out_ptr": out, "n_elements": n, "p": p, "seed": seed},
                       {"BLOCK_SIZE": 512}, tmp_path)
    np.testing.assert_allclose(res["out_ptr"], dropout.reference(x, p, seed), rtol=1e-6)
    host = np.full(n, np.nan, np.float32)
    with tiled.backend("cpu"):
        dropout.dropout_kernel[(tiled.cdiv(n, 512),)](x, host, n, p, seed, BLOCK_SIZE=512)
    np.testing.assert_array_equal(res["out_ptr"], host)


def test_layer_norm_on_aarch64(tmp_path, rng):
    M, N = 7, 700
    x = rng.standard_normal((M, N)).astype(np.float32)
    w, b = rng.standard_normal(N).astype(np.float32), rng.standard_normal(N).astype(np.float32)
    y = np.full((M, N), np.nan, np.float32)
    mean, rstd = np.full(M, np.nan, np.float32), np.full(M, np.nan, np.float32)
    res = _run_aarch64(layer_norm.layer_norm_fwd_kernel, (M,),
                       {"X": x, "Y": y, "W": w, "B": b, "Mean": mean, "Rstd": rstd,
                        "row_stride": N, "N": N, "eps": 1e-5},
                       {"BLOCK_SIZE": 256}, tmp_path)
    mu = x.astype(np.float64).mean(1)
    sd = np.sqrt(x.astype(np.float64).var(1) + 1e-5)
    np.testing.assert_allclose(res["Mean"], mu, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(res["Rstd"], 1 / sd, rtol=1e-5)
    np.testing.assert_allclose(res["Y"], (x - mu[:, None]) / sd[:, None] * w + b,
                               rtol=1e-4, atol=1e-4)


def test_aarch64_code_uses_neon(rng):
    """The emitted AArch64 assembly of the matmul micro-kernel uses NEON FMAs."""
    a = np.zeros((32, 32), np.float32)
    with tiled.backend("cpu"):
        host = matmul.matmul_kernel.fn.warmup(
            a, a, a, 32, 32, 32, 32, 1, 32, 1, 32, 1, grid=(1,), BLOCK_SIZE_M=32,
            BLOCK_SIZE_N=32, BLOCK_SIZE_K=16, GROUP_SIZE_M=4, ACTIVATION="")
    target = toolchain.aarch64_target()
    compiled = BACKEND.compile_for_target(host.ir, {}, target)
    asm = toolchain.emit_assembly(compiled.asm["llir"], target)
    assert "fmla" in asm and ".4s" in asm
