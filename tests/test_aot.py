"""Ahead-of-time export: object + header + C launcher, for the host and for AArch64 (qemu).

These tests need gcc, gcc-aarch64-linux-gnu (with libc6-dev-arm64-cross) and qemu-user; they
are installed in CI (``.ci/run``), and a missing one fails there instead of skipping.
"""
from __future__ import annotations

import ctypes
import os
import shutil
import subprocess

import numpy as np
import pytest

import test_cpu_runtime as k
from tiledsl import dtypes as d
from tiledsl.backends.cpu import aot
from tiledsl.backends.cpu import toolchain as tc
from tiledsl.errors import CompilationError

_CI = os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def _need(*tools):
    missing = [t for t in tools if shutil.which(t) is None]
    if missing:
        if _CI:
            pytest.fail(f"CI image lacks {missing}")
        pytest.skip(f"needs {missing}")


def _need_target(target):
    _need("cc" if target.is_host else "aarch64-linux-gnu-gcc")
    if not target.is_host:
        _need("qemu-aarch64")


TARGETS = [pytest.param(tc.host_target, id="host"), pytest.param(tc.aarch64_target, id="aarch64")]


@pytest.mark.parametrize("make_target", TARGETS)
def test_vadd_export_runs_and_matches_numpy(tmp_path, rng, make_target):
    target = make_target()
    _need_target(target)
    exp = aot.export(k.vadd_ll(), "vadd", k.VADD_SPECS, target, tmp_path)
    assert {"o", "h", "c"} <= set(exp.paths) and exp["o"].read_bytes()[:4] == b"\x7fELF"
    machine = {"x86_64": 62, "aarch64": 183}.get(target.arch)
    if machine is not None:  # ELF e_machine: the object really is for the target
        assert int.from_bytes(exp["o"].read_bytes()[18:20], "little") == machine
    header = exp["h"].read_text()
    assert ("int32_t vadd_launch(const int64_t grid[3], float *x, float *y, float *out, "
            "int32_t n);") in header
    n = 64 * 9 + 13
    x = rng.standard_normal(n).astype(np.float32)
    y = rng.standard_normal(n).astype(np.float32)
    out = np.full(n + 50, np.nan, np.float32)
    res = aot.run_under_qemu(exp, (-(-n // 64),), [x, y, out, n])
    assert res.status == 0
    np.testing.assert_array_equal(res.outputs[2][:n], x + y)
    assert np.isnan(res.outputs[2][n:]).all()
    np.testing.assert_array_equal(res.outputs[0], x)  # inputs came back unchanged
    assert res.outputs[3] is None


@pytest.mark.parametrize("make_target", TARGETS)
def test_matmul_export_matches_numpy(tmp_path, rng, make_target):
    target = make_target()
    _need_target(target)
    exp = aot.export(k.matmul_ll(), "matmul", k.MATMUL_SPECS, target, tmp_path)
    M, N, K = 32, 48, 29
    a = rng.standard_normal((M, K)).astype(np.float32)
    b = rng.standard_normal((K, N)).astype(np.float32)
    c = np.full((M, N), np.nan, np.float32)
    res = aot.run_under_qemu(exp, (N // 16, M // 16), [a, b, c, M, N, K])
    assert res.status == 0
    np.testing.assert_allclose(res.outputs[2], a @ b, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("make_target", TARGETS)
def test_parallel_launcher_covers_the_grid(tmp_path, make_target):
    target = make_target()
    _need_target(target)
    exp = aot.export(k.grid_ids_ll(), "gridids", [("out", d.pointer_type(d.int64))], target,
                     tmp_path)
    gx, gy, gz = 13, 5, 3
    out = np.full(gx * gy * gz + 2, -5, np.int64)
    res = aot.run_under_qemu(exp, (gx, gy, gz), [out], threads=4)
    assert res.status == 0
    pz, py, px = np.meshgrid(np.arange(gz), np.arange(gy), np.arange(gx), indexing="ij")
    np.testing.assert_array_equal(res.outputs[0][:-2], (px + 1000 * py + 1000000 * pz).ravel())
    assert (res.outputs[0][-2:] == -5).all()


@pytest.mark.parametrize("make_target", TARGETS)
def test_scalar_abi_across_targets(tmp_path, make_target):
    target = make_target()
    _need_target(target)
    exp = aot.export(k.scalars_ll(), "scalars", k.SCALARS_SPECS, target, tmp_path)
    values = [True, -7, 250, -30000, 65000, -2**31 + 3, 2**32 - 5, -2**62, 2**64 - 9,
              1.5, 3.25, 0.1, 2.0 / 3.0]
    out = np.full(len(values), np.nan)
    res = aot.run_under_qemu(exp, (1,), [out] + values)
    expect = [float(np.asarray(v, dtype=dt.np).astype(np.float64))
              for v, (dt, _, _) in zip(values, k._SCALARS)]
    np.testing.assert_array_equal(res.outputs[0], expect)


def test_check_status_and_message_on_aarch64(tmp_path):
    target = tc.aarch64_target()
    _need_target(target)
    exp = aot.export(k.checked_ll(), "checked", k.CHECKED_SPECS, target, tmp_path,
                     meta={"checks": k.CHECKS})
    assert "user_kernel.py:12:5: x must be non-negative" in exp["c"].read_text()
    x = np.abs(np.arange(1, 101, dtype=np.float32))
    x[77] = -3.0
    res = aot.run_under_qemu(exp, (100,), [x, np.zeros(100, np.float32)])
    assert res.status == 1  # check 0 failed


_MAIN = r"""
#include <stdio.h>
#include <math.h>
#include "vadd.h"
#include "checked.h"

int main(void) {
    enum { N = 1000 };
    static float x[N], y[N], out[N + 16], twice[N];
    for (int i = 0; i < N; i++) { x[i] = 0.5f * i; y[i] = 1000.0f - i; }
    for (int i = 0; i < N + 16; i++) out[i] = NAN;
    int64_t grid[3] = {(N + 63) / 64, 1, 1};
    /* Two halves through the range entry point, as a caller with its own threads would. */
    if (vadd_launch_range(grid, 0, 7, x, y, out, N)) return 10;
    if (vadd_launch_range(grid, 7, grid[0], x, y, out, N)) return 11;
    for (int i = 0; i < N; i++) if (out[i] != x[i] + y[i]) { printf("bad %d\n", i); return 1; }
    for (int i = N; i < N + 16; i++) if (!isnan(out[i])) return 2;
    int64_t g2[3] = {N, 1, 1};
    x[500] = -1.0f;
    int32_t st = checked_launch_parallel(g2, 3, x, twice);
    const char *msg = checked_check_message(st);
    printf("status %d: %s\n", st, msg ? msg : "(none)");
    if (checked_check_message(0) != NULL || checked_check_message(99) != NULL) return 3;
    return st == 1 ? 0 : 4;
}
"""


def test_host_export_links_into_a_c_program(tmp_path):
    target = tc.host_target()
    _need("cc")
    aot.export(k.vadd_ll(), "vadd", k.VADD_SPECS, target, tmp_path)
    aot.export(k.checked_ll(), "checked", k.CHECKED_SPECS, target, tmp_path,
               meta={"checks": k.CHECKS})
    (tmp_path / "main.c").write_text(_MAIN)
    exe = tmp_path / "main"
    subprocess.run(["cc", "-O1", "-Wall", "-Werror", "-I", str(tmp_path), "-o", str(exe),
                    str(tmp_path / "main.c"), str(tmp_path / "vadd.o"),
                    str(tmp_path / "checked.o"), "-lm", "-pthread"], check=True,
                   capture_output=True)
    proc = subprocess.run([str(exe)], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "status 1: user_kernel.py:12:5: x must be non-negative" in proc.stdout


def test_host_shared_library_export(tmp_path, rng):
    _need("cc")
    exp = aot.export(k.vadd_ll(), "vadd", k.VADD_SPECS, None, tmp_path, shared=True)
    lib = ctypes.CDLL(str(exp["so"]))
    fn = lib.vadd_launch
    fn.restype = ctypes.c_int32
    x = rng.standard_normal(100).astype(np.float32)
    out = np.full(100, np.nan, np.float32)
    grid = (ctypes.c_int64 * 3)(2, 1, 1)
    ptr = ctypes.c_void_p
    status = fn(grid, ptr(x.ctypes.data), ptr(x.ctypes.data), ptr(out.ctypes.data),
                ctypes.c_int32(100))
    assert status == 0
    np.testing.assert_array_equal(out, 2 * x)


def test_header_types_for_every_dtype(tmp_path):
    specs = [(f"p_{dt.name}", d.pointer_type(dt)) for dt in d.ALL_SCALARS] + \
            [(f"s_{dt.name}", dt) for dt in d.ALL_SCALARS]
    header = aot._header("allk", aot.normalize_arg_specs(specs), tc.host_target())
    for needle in ("uint8_t *p_int1", "tiledsl_bf16_t *p_bf16", "tiledsl_fp16_t s_fp16",
                   "double *p_fp64", "uint64_t s_uint64", "int8_t s_int8"):
        assert needle in header
    # The header compiles as C for the host and for AArch64.
    (tmp_path / "allk.h").write_text(header)
    (tmp_path / "use.c").write_text('#include "allk.h"\nint main(void) { return 0; }\n')
    for cc in ("cc", "aarch64-linux-gnu-gcc"):
        if shutil.which(cc):
            subprocess.run([cc, "-fsyntax-only", "-Wall", "-Werror", "-I", str(tmp_path),
                            str(tmp_path / "use.c")], check=True, capture_output=True)


def test_export_takes_a_compiled_kernel(tmp_path, rng):
    from types import SimpleNamespace
    _need("cc")
    compiled = SimpleNamespace(name="vadd", asm={"llir": k.vadd_ll()}, arg_specs=k.VADD_SPECS,
                               meta={"checks": k.CHECKS})
    exp = aot.export(compiled, out_dir=tmp_path)
    assert exp.name == "vadd" and exp["o"].exists()
    assert "x must be non-negative" in exp["c"].read_text()
    x = rng.standard_normal(70).astype(np.float32)
    res = aot.run_under_qemu(exp, (2,), [x, x, np.full(70, np.nan, np.float32), 70])
    np.testing.assert_array_equal(res.outputs[2], 2 * x)


def test_export_refuses_debug_builds_and_bad_names(tmp_path):
    with pytest.raises(CompilationError, match="debug mode"):
        aot.export(k.vadd_ll(), "vadd", k.VADD_SPECS, None, tmp_path, meta={"debug": True})
    with pytest.raises(ValueError, match="C identifier"):
        aot.export(k.vadd_ll(), "vadd-1", k.VADD_SPECS, None, tmp_path)
    with pytest.raises(ValueError, match="C parameter"):
        aot.export(k.vadd_ll(), "vadd", [("grid", d.int32)], None, tmp_path)
    with pytest.raises(ValueError, match="C parameter"):
        aot.export(k.vadd_ll(), "vadd", [("tiledsl_args", d.int32)], None, tmp_path)
