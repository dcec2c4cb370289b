"""The ptx lowering without a GPU: tile IR -> NVPTX LLVM IR -> PTX -> ptxas (sm_80, sm_90a).

* golden checks on tiny kernels: the instructions each lowering decision must produce
  (predicated global loads, owner-only stores, ``bar.sync`` around shared-memory exchanges,
  warp shuffles in reductions and scans, ``mma.sync`` for fp16/bf16/tf32 dots, FMA for
  ``ieee``, PTX atomics, libdevice math, ``.maxntid``), and the kernel ABI of the entry;
* every tutorial kernel, compiled and assembled for both archs (dry-run mode: the kernels
  then run on the interpreter, so the tutorial's own check still has something to verify);
* every backend-parametrised test kernel of the suite, the same way, in a subprocess
  (``TILEDSL_TEST_BACKENDS=ptx TILEDSL_PTX_DRYRUN=1``). On a machine with a GPU that run is
  left to ``scripts/gpu_suite.sh``, which executes the kernels for real.

ptxas is required here (CI has it): these tests never skip for want of it.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import tiledsl as tiled
import tiledsl.language as tl
from tiledsl.backends.ptx import toolchain
from tiledsl.backends.ptx.emitters import EMITTERS, UNSUPPORTED
from tiledsl.ir.ops import OPS

ARCHS = ("sm_80", "sm_90a")
REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _no_gpu_needed(monkeypatch):
    monkeypatch.setenv("TILEDSL_PTX_ARCH", "sm_90a")
    monkeypatch.setenv("TILEDSL_PTX_DRYRUN", "1")


def compile_ptx(kernel, *args, grid=(1,), num_warps=4, **constexprs):
    """The compiled kernel for ptx, its PTX assembled by ptxas for every arch in ARCHS."""
    with tiled.backend("ptx"):
        ck = kernel.warmup(*args, grid=grid, num_warps=num_warps, **constexprs)
    logs = toolchain.validate(ck.asm["ptx"], ARCHS)
    assert set(logs) == set(ARCHS)
    return ck


def body(ck) -> str:
    """The PTX of the entry without comments."""
    return "\n".join(l.split("//")[0] for l in ck.asm["ptx"].splitlines())


# -- kernels ------------------------------------------------------------------------------------

@tiled.jit
def k_add(X, Y, Z, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    tl.store(Z + offs, tl.load(X + offs, mask=mask) + tl.load(Y + offs, mask=mask), mask=mask)


@tiled.jit
def k_rowsum(X, Out, N: tl.constexpr, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    x = tl.load(X + tl.program_id(0) * N + offs)
    tl.store(Out + tl.program_id(0), tl.sum(x, axis=0))


@tiled.jit
def k_cumsum(X, Out, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    tl.store(Out + offs, tl.cumsum(tl.load(X + offs), axis=0))


@tiled.jit
def k_dot(A, B, C, M: tl.constexpr, N: tl.constexpr, K: tl.constexpr, PREC: tl.constexpr):
    rm = tl.arange(0, M)
    rn = tl.arange(0, N)
    rk = tl.arange(0, K)
    a = tl.load(A + rm[:, None] * K + rk[None, :])
    b = tl.load(B + rk[:, None] * N + rn[None, :])
    tl.store(C + rm[:, None] * N + rn[None, :], tl.dot(a, b, input_precision=PREC))


@tiled.jit
def k_atomic(X, Counter, n, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    tl.atomic_add(X + offs, 1.0, mask=offs < n)
    tl.atomic_add(Counter, 1)


@tiled.jit
def k_math(X, Y, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    x = tl.load(X + offs)
    tl.store(Y + offs, tl.exp(x) + tl.log(x) + tl.sin(x) + tl.erf(x))


@tiled.jit
def k_trans(X, Y, M: tl.constexpr, N: tl.constexpr):
    rm = tl.arange(0, M)
    rn = tl.arange(0, N)
    x = tl.load(X + rm[:, None] * N + rn[None, :])
    tl.store(Y + rn[:, None] * M + rm[None, :], tl.trans(x))


@tiled.jit
def k_params(X, flag, h, n64):
    if flag:
        tl.store(X, h.to(tl.float32) + n64.to(tl.float32))


# -- golden instruction checks ---------------------------------------------------------------------

def test_vector_add_is_coalesced_predicated_and_sized():
    x = np.zeros(1000, np.float32)
    ck = compile_ptx(k_add, x, x, x, 1000, BLOCK=256, grid=(4,))
    ptx = body(ck)
    assert ".maxntid 128" in ptx
    assert "mov.u32" in ptx and "%ctaid.x" in ptx and "%tid.x" in ptx
    assert re.search(r"@%p\d+ ld\.global\.(f32|b32)", ptx) or re.search(r"@!?%p\d+ bra", ptx)
    assert re.search(r"st\.global\.(f32|b32)", ptx)
    assert "bar.sync" not in ptx  # no layout change: no shared memory, no barrier
    assert ck.meta["shared"] == 0 and ck.meta["num_warps"] == 4
    # a CTA of 128 threads covers a 256-element tile in two slots per thread
    assert len(re.findall(r"ld\.global(\.nc)?\.(f32|b32)", ptx)) == 4


def test_entry_abi_matches_runtime_arguments():
    x = np.zeros(4, np.float32)
    ck = compile_ptx(k_params, x, True, np.float16(1), 2**40)
    params = toolchain.parse_entries(ck.asm["ptx"])[ck.name]
    names = [n for n, _ in ck.arg_specs]
    assert names == ["X", "flag", "h", "n64"]
    # ptr, int1 as a byte, fp16 (LLVM spells it as two bytes), i64, the status pointer
    assert params == [".u64", ".u8", ".b8[2]", ".u64", ".u64"]


def test_reduction_uses_shuffles_and_barriers():
    x = np.zeros((2, 1024), np.float32)
    ck = compile_ptx(k_rowsum, x, x, N=1024, BLOCK=1024, grid=(2,))
    ptx = body(ck)
    # a commutative reduction folds each thread's slots in registers, then a warp butterfly
    # and one partial per warp through shared memory: the row itself is never staged
    assert "shfl.sync.bfly.b32" in ptx
    assert "bar.sync" in ptx and ".shared" in ptx
    assert ck.meta["shared"] < 1024 * 4


def test_scan_uses_upward_shuffles():
    x = np.zeros(512, np.int32)
    ck = compile_ptx(k_cumsum, x, x, BLOCK=512)
    assert "shfl.sync.up.b32" in body(ck)


@pytest.mark.parametrize("dtype,prec,instr", [
    (np.float16, "tf32", "mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32"),
    ("bfloat16", "tf32", "mma.sync.aligned.m16n8k16.row.col.f32.bf16.bf16.f32"),
    (np.float32, "tf32", "mma.sync.aligned.m16n8k8.row.col.f32.tf32.tf32.f32"),
    (np.float32, "ieee", "fma.rn.f32"),
])
def test_dot_instruction(dtype, prec, instr):
    import ml_dtypes
    dt = ml_dtypes.bfloat16 if dtype == "bfloat16" else dtype
    a = np.zeros((32, 32), dt)
    c = np.zeros((32, 32), np.float32)
    ck = compile_ptx(k_dot, a, a, c, M=32, N=32, K=32, PREC=prec)
    ptx = body(ck)
    assert instr in ptx
    if prec == "ieee":
        assert "mma.sync" not in ptx


@tiled.jit
def k_gemm_loop(A, B, C, K, BM: tl.constexpr, BN: tl.constexpr, BK: tl.constexpr):
    rm = tl.arange(0, BM)
    rn = tl.arange(0, BN)
    rk = tl.arange(0, BK)
    acc = tl.zeros((BM, BN), dtype=tl.float32)
    for k0 in range(0, K, BK):
        a = tl.load(A + rm[:, None] * K + (k0 + rk)[None, :])
        b = tl.load(B + (k0 + rk)[:, None] * BN + rn[None, :])
        acc = tl.dot(a, b, acc)
    tl.store(C + rm[:, None] * BN + rn[None, :], acc)


@pytest.mark.parametrize("fragments", ["1", "0"])
def test_gemm_accumulator_stays_in_fragments(monkeypatch, fragments):
    # 32x32 outputs = 8 tiles of 16x8 over 4 warps: two mma per warp and K step when the
    # accumulator lives in registers; one mma in a loop over tiles when it goes through
    # shared memory at every dot
    monkeypatch.setenv("TILEDSL_PTX_MMA_FRAGMENTS", fragments)
    a = np.zeros((32, 64), np.float16)
    c = np.zeros((32, 32), np.float32)
    ck = compile_ptx(k_gemm_loop, a, a, c, 64, BM=32, BN=32, BK=32)
    assert body(ck).count("mma.sync.aligned.m16n8k16") == (2 if fragments == "1" else 1)


def test_atomics_map_onto_ptx_atomics_with_one_scalar_owner():
    x = np.zeros(64, np.float32)
    cnt = np.zeros(1, np.int32)
    ck = compile_ptx(k_atomic, x, cnt, 50, BLOCK=64)
    ptx = body(ck)
    assert re.search(r"atom(\.[a-z_]+)*\.global(\.[a-z_]+)*\.add\.f32", ptx)
    assert re.search(r"atom(\.[a-z_]+)*\.global(\.[a-z_]+)*\.add\.[us]32", ptx)
    assert "bar.sync" in ptx  # the scalar's old value is broadcast through shared memory


def test_math_goes_through_libdevice():
    x = np.ones(128, np.float32)
    ck = compile_ptx(k_math, x, x, BLOCK=128)
    assert "__nv_" not in ck.asm["ptx"] or ".func" in ck.asm["ptx"]  # linked, not external
    assert ".extern .func" not in ck.asm["ptx"]


def test_transpose_exchanges_through_shared_memory():
    x = np.zeros((16, 32), np.float32)
    ck = compile_ptx(k_trans, x, x, M=16, N=32)
    ptx = body(ck)
    assert "st.shared" in ptx and "ld.shared" in ptx and "bar.sync" in ptx


@tiled.jit
def k_copy2d(X, Y, stride, M: tl.constexpr, N: tl.constexpr):
    rm = tl.program_id(0) * M + tl.arange(0, M)
    rn = tl.arange(0, N)
    offs = rm[:, None] * stride + rn[None, :]
    tl.store(Y + offs, tl.load(X + offs, mask=rn[None, :] < stride))


def test_index_arithmetic_is_recomputed_not_exchanged():
    # rm[:, None] * stride + rn[None, :] depends only on the element index: every thread
    # computes its own slots, with no shared memory and no barrier
    x = np.zeros((64, 32), np.float32)
    ck = compile_ptx(k_copy2d, x, x, 32, M=16, N=32, grid=(4,))
    assert ck.meta["shared"] == 0
    assert "bar.sync" not in body(ck)


@pytest.mark.parametrize("num_warps", [1, 2, 8])
def test_num_warps_sets_the_cta_size(num_warps):
    x = np.zeros(1000, np.float32)
    ck = compile_ptx(k_add, x, x, x, 1000, BLOCK=128, grid=(8,), num_warps=num_warps)
    assert f".maxntid {32 * num_warps}" in ck.asm["ptx"]
    assert ck.meta["num_warps"] == num_warps


def test_op_table_is_complete():
    missing = [name for name in OPS if name not in EMITTERS and name not in UNSUPPORTED]
    assert not missing, f"ptx backend lacks emitters for {missing}"


def test_dry_run_executes_on_the_interpreter():
    # the mode the suite-wide test below relies on: compiled, assembled, then interpreted
    n = 300
    x = np.arange(n, dtype=np.float32)
    z = np.full(n, np.nan, np.float32)
    with tiled.backend("ptx"):
        k_add[(2,)](x, x, z, n, BLOCK=256)
    np.testing.assert_array_equal(z, 2 * x)


# -- tutorials and the whole backend-parametrised suite -----------------------------------

@pytest.mark.parametrize("name", ["vector_add", "fused_softmax", "layer_norm", "matmul",
                                  "dropout"])
def test_tutorial_kernels_assemble(name):
    from tiledsl.kernels import tutorials
    tutorials.load(name).check(backend="ptx", seed=7)


def _gpu_present() -> bool:
    from tiledsl.backends.ptx import runtime
    try:
        return bool(runtime.is_available())
    except Exception:  # noqa: BLE001
        return False


def test_every_suite_kernel_lowers_and_assembles(tmp_path):
    """The language tests and tutorials with ptx as the only backend, in dry-run mode."""
    if _gpu_present():
        pytest.skip("a GPU is present: scripts/gpu_suite.sh runs these kernels for real")
    files = sorted(str(p) for p in (REPO / "tests").glob("test_lang_*.py"))
    files += [str(REPO / "tests" / f) for f in ("test_tutorials.py", "test_launch.py",
                                                 "test_fuzz.py")]
    env = dict(os.environ, TILEDSL_TEST_BACKENDS="ptx", TILEDSL_PTX_DRYRUN="1",
               TILEDSL_PTX_ARCH="sm_90a", TILEDSL_CACHE_DIR=str(tmp_path / "cache"))
    proc = subprocess.run([sys.executable, "-m", "pytest", "-x", "-p", "no:cacheprovider",
                           "--rootdir", str(REPO), *files], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=1500)
    tail = "\n".join((proc.stdout + proc.stderr).splitlines()[-40:])
    assert proc.returncode == 0, tail
    assert re.search(r"\d+ passed", tail), tail
