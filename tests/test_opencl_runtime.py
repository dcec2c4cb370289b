"""The OpenCL runtime on hand-written kernels that follow the kernel ABI (backends/README.md).

These run without the compiler: each kernel is OpenCL C written the way the lowering will
emit it (one program instance per work-group, a trailing ``__global int *tiledsl_status``),
launched through ``tiledsl.backends.opencl.runtime`` and compared with numpy on random inputs
and poisoned outputs. With ``CI=true`` a missing OpenCL device fails instead of skipping.
"""
from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from helpers import assert_close, assert_untouched, poisoned, random_array

from tiledsl import errors
from tiledsl.backends.opencl import runtime as ocl
from tiledsl.errors import SourceLoc

_CI = os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


@pytest.fixture(autouse=True)
def _device(tmp_path_factory, monkeypatch):
    """A private cache dir for this test session, and a device (skip; or fail on CI).

    ``TILEDSL_OPENCL_DEVICE`` from the environment is kept: it picks the device under test.
    """
    monkeypatch.setenv("TILEDSL_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "ocl-cache"))
    monkeypatch.delenv("TILEDSL_ALWAYS_COMPILE", raising=False)
    if not ocl.is_available():
        message = f"no usable OpenCL device: {ocl.describe()}"
        if _CI:
            pytest.fail(message + " (CI=true: a missing device is a failure)", pytrace=False)
        pytest.skip(message)


@pytest.fixture(params=["zero-copy", "staged"])
def host_path(request, monkeypatch):
    """How host arrays reach the kernel: buffers over their own memory (devices whose memory
    is host memory) or copies in pooled device buffers (every other device)."""
    sel = ocl.selection()
    if request.param == "staged":
        monkeypatch.setattr(sel, "info", dataclasses.replace(sel.info, host_unified_memory=False))
    elif not sel.info.host_unified_memory:
        pytest.skip(f"{sel.info.name}: device memory is not host memory, no zero-copy path")
    return request.param


LOCAL = 64

ADD = """
__kernel void add(__global const float *x, __global const float *y, __global float *z,
                  int n, __global int *tiledsl_status) {
    int offs = get_group_id(0) * 64 + get_local_id(0);
    if (offs < n)                        /* the mask */
        z[offs] = x[offs] + y[offs];
}
"""
ADD_SPECS = [("x", "*fp32"), ("y", "*fp32"), ("z", "*fp32"), ("n", "int32")]


def _add(n):
    return ocl.build(ADD, "add"), (-(-n // LOCAL),)


def test_device_info_and_describe():
    info = ocl.device_info()
    assert info.name and info.vendor and info.version.startswith("OpenCL")
    assert info.max_work_group_size >= 1 and info.local_mem_size > 0 and info.compute_units >= 1
    assert info.has_fp16 == ("cl_khr_fp16" in info.extensions)
    assert ocl.get_context().devices[0].name.strip() == info.name
    assert info.name in ocl.describe() and "chosen" in ocl.describe()


def test_vector_add_masked(rng, host_path):
    n = int(rng.integers(200, 1000))
    x, y = random_array(rng, n, "float32"), random_array(rng, n, "float32")
    z = poisoned(n + 37, "float32")  # past n: the mask must keep these untouched
    kernel, grid = _add(n)
    ocl.launch(kernel, grid, LOCAL, [x, y, z, n], ADD_SPECS, {"written_args": {2}})
    assert_close(z[:n], x + y)
    assert_untouched(z[n:], np.zeros(37, bool))


REDUCE = """
__kernel void block_sum(__global const float *x, __global float *out, int n,
                        __global int *tiledsl_status) {
    __local float part[128];
    int lid = get_local_id(0);
    int base = get_group_id(0) * 256;    /* each work-item folds 2 elements first */
    float a = base + lid < n ? x[base + lid] : 0.0f;
    float b = base + lid + 128 < n ? x[base + lid + 128] : 0.0f;
    part[lid] = a + b;
    barrier(CLK_LOCAL_MEM_FENCE);
    for (int s = 64; s > 0; s >>= 1) {
        if (lid < s) part[lid] += part[lid + s];
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    if (lid == 0) out[get_group_id(0)] = part[0];
}
"""


def test_reduction_in_local_memory(rng):
    n = int(rng.integers(1000, 5000))
    groups = -(-n // 256)
    x = random_array(rng, n, "float32")
    out = poisoned(groups, "float32")
    kernel = ocl.build(REDUCE, "block_sum")
    ocl.launch(kernel, (groups,), 128, [x, out, n],
               [("x", "*fp32"), ("out", "*fp32"), ("n", "int32")], {"written_args": {1}})
    padded = np.zeros(groups * 256, np.float32)
    padded[:n] = x
    assert_close(out, padded.reshape(groups, 256).sum(axis=1, dtype=np.float64),
                 rtol=1e-5, atol=1e-4)


STATUS = """
__kernel void guarded(__global const int *x, __global int *y, int n,
                      __global int *tiledsl_status) {
    int i = get_group_id(0) * 64 + get_local_id(0);
    if (i >= n) return;
    if (x[i] < 0) atomic_cmpxchg(tiledsl_status, 0, 2);       /* check 1: an assert */
    if (x[i] > 1000) atomic_cmpxchg(tiledsl_status, 0, 1);    /* check 0: out of bounds */
    y[i] = x[i] * 2;
}
"""
LOC_ASSERT = SourceLoc("user.py", 12, 4, "kern", "    tl.device_assert(x >= 0)")
LOC_BOUNDS = SourceLoc("user.py", 9, 8, "kern", "    v = tl.load(X + offs)")
CHECKS = [{"kind": "bounds", "message": "load out of bounds", "loc": LOC_BOUNDS},
          {"kind": "assert", "message": "x >= 0 failed", "loc": LOC_ASSERT}]


@pytest.mark.parametrize("bad, expected, loc", [
    (-5, errors.DeviceAssertionError, LOC_ASSERT),
    (5000, errors.OutOfBoundsError, LOC_BOUNDS),
])
def test_status_maps_to_check_error(rng, bad, expected, loc):
    n = 300
    kernel = ocl.build(STATUS, "guarded")
    specs = [("x", "*int32"), ("y", "*int32"), ("n", "int32")]
    x = random_array(rng, n, "int32", 0, 1000)
    y = poisoned(n, "int32")
    meta = {"checks": CHECKS, "written_args": {1}}
    ocl.launch(kernel, (5,), LOCAL, [x, y, n], specs, meta)  # all checks pass
    assert_close(y, x * 2)
    x[int(rng.integers(0, n))] = bad
    with pytest.raises(expected) as info:
        ocl.launch(kernel, (5,), LOCAL, [x, y, n], specs, meta)
    assert info.value.loc == loc and "user.py:" in str(info.value)
    x[x == bad] = 1  # the status word is reset per launch: a clean run raises nothing
    ocl.launch(kernel, (5,), LOCAL, [x, y, n], specs, meta)


def test_status_with_unknown_check_index(rng):
    kernel = ocl.build(STATUS, "guarded")
    x = np.full(64, -1, np.int32)
    with pytest.raises(errors.KernelRuntimeError, match="status 2"):
        ocl.launch(kernel, (1,), LOCAL, [x, np.empty_like(x), 64],
                   [("x", "*int32"), ("y", "*int32"), ("n", "int32")], {"checks": CHECKS[:1]})


HALF_MATH = """
#pragma OPENCL EXTENSION cl_khr_fp16 : enable
__kernel void hscale(__global const half *x, __global half *y, float a, int n,
                     __global int *tiledsl_status) {
    int i = get_group_id(0) * 64 + get_local_id(0);   /* fp16 scalars arrive as float */
    if (i < n) y[i] = x[i] * (half)a;
}
"""
HALF_STORAGE = """
__kernel void hscale_f32(__global const half *x, __global half *y, float a, int n,
                         __global int *tiledsl_status) {
    int i = get_group_id(0) * 64 + get_local_id(0);
    if (i < n) vstore_half(vload_half(i, x) * a, i, y);   /* no cl_khr_fp16 needed */
}
"""


def test_fp16_storage_without_extension(rng):
    n = 500
    x = random_array(rng, n, "float16")
    y = poisoned(n, "float16")
    kernel = ocl.build(HALF_STORAGE, "hscale_f32")
    ocl.launch(kernel, (8,), LOCAL, [x, y, 1.5, n],
               [("x", "*fp16"), ("y", "*fp16"), ("a", "fp32"), ("n", "int32")])
    assert_close(y, (x.astype(np.float32) * 1.5).astype(np.float16))


def test_fp16_arithmetic_needs_cl_khr_fp16(rng):
    info = ocl.device_info()
    if not info.has_fp16:
        with pytest.raises(errors.UnsupportedError) as exc:
            ocl.build(HALF_MATH, "hscale")
        assert "cl_khr_fp16" in str(exc.value) and info.name in str(exc.value)
        return
    n = 500
    x = random_array(rng, n, "float16")
    y = poisoned(n, "float16")
    ocl.launch(ocl.build(HALF_MATH, "hscale"), (8,), LOCAL, [x, y, 1.5, n],
               [("x", "*fp16"), ("y", "*fp16"), ("a", "fp16"), ("n", "int32")])
    assert_close(y, x * np.float16(1.5))


def test_build_error_carries_log_and_line():
    src = "__kernel void broken(__global float *x, __global int *tiledsl_status) {\n" \
          "    x[0] = undeclared_thing;\n}\n"
    with pytest.raises(errors.CompilationError) as exc:
        ocl.build(src, "broken")
    text = str(exc.value)
    assert "undeclared_thing" in text and "broken" in text
    assert "2 |     x[0] = undeclared_thing;" in text  # the offending line, numbered
    with pytest.raises(errors.CompilationError, match="no kernel 'nope'"):
        ocl.build(ADD, "nope")


def test_binary_cache_in_process():
    src = ADD.replace("add(", "add_cached(")
    before = ocl.build_stats()
    ocl.build(src, "add_cached")
    ocl.clear_memory_cache()
    kernel = ocl.build(src, "add_cached")
    after = ocl.build_stats()
    assert kernel.origin == "binary"
    assert after["source_builds"] - before["source_builds"] == 1
    assert after["binary_loads"] - before["binary_loads"] == 1
    assert ocl.build(src, "add_cached") is kernel  # and then from memory
    assert ocl.build_stats()["memory_hits"] == after["memory_hits"] + 1


def test_rejected_binary_is_rebuilt_from_source(rng):
    from tiledsl.runtime.cache import default_cache
    src = ADD.replace("add(", "add_rejected(")
    key = ocl._program_key(src, (), ocl.device_info())
    default_cache().put(key, ocl._BINARY_NAME, b"definitely not a device binary")
    before = ocl.build_stats()
    kernel = ocl.build(src, "add_rejected")
    after = ocl.build_stats()
    assert kernel.origin == "source"
    assert after["binaries_rejected"] == before["binaries_rejected"] + 1
    n = 100
    x, y, z = random_array(rng, n, "float32"), random_array(rng, n, "float32"), poisoned(n, "f4")
    ocl.launch(kernel, (2,), LOCAL, [x, y, z, n], ADD_SPECS)
    assert_close(z, x + y)


_CHILD = """
import json, sys
sys.path.insert(0, {tests!r})
import test_opencl_runtime as t
import numpy as np
kernel = t.ocl.build(t.ADD.replace("add(", "add_xproc("), "add_xproc")
x = np.arange(100, dtype=np.float32); z = np.zeros(100, np.float32)
t.ocl.launch(kernel, (2,), 64, [x, x, z, 100], t.ADD_SPECS)
print(json.dumps({{"stats": t.ocl.build_stats(), "origin": kernel.origin,
                  "ok": bool((z == 2 * x).all())}}))
"""


def test_binary_cache_across_processes(tmp_path):
    import tiledsl  # the child imports it from where this process did
    where = str(Path(tiledsl.__file__).parent.parent)
    env = dict(os.environ, TILEDSL_CACHE_DIR=str(tmp_path / "cache"),
               PYTHONPATH=os.pathsep.join([where] + sys.path))
    code = _CHILD.format(tests=str(Path(__file__).parent))
    runs = []
    for _ in range(2):
        proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                              text=True, timeout=120, cwd=tmp_path)
        assert proc.returncode == 0, proc.stderr
        runs.append(json.loads(proc.stdout.strip().splitlines()[-1]))
    first, second = runs
    assert first["ok"] and second["ok"]
    assert first["origin"] == "source" and first["stats"]["source_builds"] == 1
    assert second["origin"] == "binary"
    assert second["stats"]["binary_loads"] == 1 and second["stats"]["source_builds"] == 0


def test_device_knob_index_and_name(monkeypatch):
    original = os.environ.get("TILEDSL_OPENCL_DEVICE")
    info = ocl.device_info()
    default_context = ocl.get_context()
    monkeypatch.setenv("TILEDSL_OPENCL_DEVICE", info.index)
    assert ocl.device_info().index == info.index
    assert f"TILEDSL_OPENCL_DEVICE='{info.index}'" in ocl.describe()
    assert ocl.get_context() != default_context  # a choice of its own
    monkeypatch.setenv("TILEDSL_OPENCL_DEVICE", info.name[:6].upper())  # case-insensitive
    assert ocl.device_info().name == info.name
    if original is None:
        monkeypatch.delenv("TILEDSL_OPENCL_DEVICE")
    else:
        monkeypatch.setenv("TILEDSL_OPENCL_DEVICE", original)
    assert ocl.get_context() == default_context  # switching back keeps the first context


@pytest.mark.parametrize("spec, message", [
    ("97:3", "there is no platform 97 device 3"),
    ("no-such-device-xyz", "matches no device"),
])
def test_device_knob_bad_values(monkeypatch, spec, message):
    monkeypatch.setenv("TILEDSL_OPENCL_DEVICE", spec)
    with pytest.raises(errors.BackendUnavailableError, match=message) as exc:
        ocl.get_context()
    assert "[0:0]" in str(exc.value)  # the message lists the devices that do exist
    assert not ocl.is_available()


def test_device_that_cannot_build_is_skipped_with_reason(monkeypatch):
    from tiledsl.backends.opencl import device
    reason = "probe kernel failed: unknown target CPU 'generic'"
    monkeypatch.setattr(device, "_probe", lambda cl, dev, fingerprint=(): reason)
    spec = ocl.device_info().name  # a knob value of its own: the default choice stays intact
    monkeypatch.setenv("TILEDSL_OPENCL_DEVICE", spec)
    try:
        assert not ocl.is_available()
        assert "generic" in ocl.describe() and "[0:0]" in ocl.describe()
        with pytest.raises(errors.BackendUnavailableError, match="no matching OpenCL device"):
            ocl.build(ADD, "add")
    finally:
        ocl.reset(spec)  # the remembered failure must not outlive the fake probe


def test_pyopencl_arrays_in_place(rng):
    import pyopencl.array as cl_array
    n = 777
    queue = ocl.get_queue()
    x, y = random_array(rng, n, "float32"), random_array(rng, n, "float32")
    xd, yd = cl_array.to_device(queue, x), cl_array.to_device(queue, y)
    zd = cl_array.to_device(queue, poisoned(n, "float32"))
    kernel, grid = _add(n)
    pool = ocl._pool(ocl.get_context())
    allocations = pool.allocations
    event = ocl.launch(kernel, grid, LOCAL, [xd, yd, zd, n], ADD_SPECS)
    assert event is not None
    assert_close(zd.get(), x + y)  # .get() waits for the kernel through the array's events
    assert pool.allocations == allocations  # no staging buffers for device arrays
    # an array at an offset is passed as a sub-buffer when aligned, refused otherwise
    align = ocl.device_info().mem_base_addr_align // 4
    big = cl_array.to_device(queue, poisoned(n + align, "float32"))
    ocl.launch(kernel, grid, LOCAL, [xd, yd, big[align:], n], ADD_SPECS)
    host = big.get()
    assert_close(host[align:], x + y)
    assert_untouched(host[:align], np.zeros(align, bool))
    if align > 1:
        with pytest.raises(errors.LaunchError, match="'z'.*sub-buffers"):
            ocl.launch(kernel, grid, LOCAL, [xd, yd, big[1:], n], ADD_SPECS)


def test_numpy_copies_only_written_args(rng, host_path):
    src = """
    __kernel void both(__global float *x, __global float *y, int n, __global int *st) {
        int i = get_group_id(0) * 64 + get_local_id(0);
        if (i < n) { y[i] = x[i] + 1.0f; x[i] = -1.0f; }
    }"""
    n = 200
    kernel = ocl.build(src, "both")
    specs = [("x", "*fp32"), ("y", "*fp32"), ("n", "int32")]
    x = random_array(rng, n, "float32")
    x0, y = x.copy(), poisoned(n, "float32")
    ocl.launch(kernel, (4,), LOCAL, [x, y, n], specs, {"written_args": {1}})
    assert_close(y, x0 + 1)
    if host_path == "staged":  # written_args limits the copy-back (zero-copy has none)
        np.testing.assert_array_equal(x, x0)  # the kernel wrote x, but it was not copied back
    ocl.launch(kernel, (4,), LOCAL, [x, y, n], specs)  # unknown: everything comes back
    assert (x == -1).all()


STRIDED = """
__kernel void scale_strided(__global const float *x, __global float *y, int n, int sy,
                            __global int *tiledsl_status) {
    int i = get_group_id(0) * 64 + get_local_id(0);
    if (i < n) y[i * sy] = 3.0f * x[i];
}
"""
STRIDED_SPECS = [("x", "*fp32"), ("y", "*fp32"), ("n", "int32"), ("sy", "int32")]


def test_aliased_and_strided_numpy_arguments(rng, host_path):
    n = 256
    kernel, grid = _add(n)
    x = random_array(rng, n, "float32")
    x0 = x.copy()
    ocl.launch(kernel, grid, LOCAL, [x, x, x, n], ADD_SPECS)  # one buffer for one array
    assert_close(x, 2 * x0)
    z = poisoned(n, "float32")  # same start, the shorter view first: the buffer spans both
    ocl.launch(kernel, grid, LOCAL, [x0[:n // 2], x0, z, n], ADD_SPECS, {"written_args": {2}})
    assert_close(z, 2 * x0)
    base = poisoned((n, 3), "float32")
    column = base[:, 1]  # stride 3 elements: the other columns must survive the copy-back
    ocl.launch(ocl.build(STRIDED, "scale_strided"), grid, LOCAL, [x, column, n, 3],
               STRIDED_SPECS)
    assert_close(base[:, 1], 3 * x)
    assert_untouched(base[:, [0, 2]], np.zeros((n, 2), bool))
    with pytest.raises(errors.LaunchError, match="negative strides"):
        ocl.launch(kernel, grid, LOCAL, [x[::-1], x, x, n], ADD_SPECS)


def test_torch_cpu_tensors(rng, host_path):
    torch = pytest.importorskip("torch")
    n = 300
    kernel, grid = _add(n)
    x = torch.from_numpy(random_array(rng, n, "float32"))
    y = torch.from_numpy(random_array(rng, n, "float32")).requires_grad_()
    z = torch.full((n,), float("nan"))
    ocl.launch(kernel, grid, LOCAL, [x, y, z, n], ADD_SPECS)
    assert torch.equal(z, (x + y).detach())
    with pytest.raises(errors.LaunchError, match="'z' is a meta tensor"):
        ocl.launch(kernel, grid, LOCAL, [x, y, torch.empty(n, device="meta"), n], ADD_SPECS)
    src = """
    __kernel void scale_bf16(__global const ushort *x, __global ushort *y, int n, float a,
                             __global int *st) {
        int i = get_group_id(0) * 64 + get_local_id(0);
        if (i < n) {   /* bf16 memory as ushort bits; a * 2^k is exact, so no rounding */
            float v = as_float((uint)x[i] << 16) * a;
            y[i] = (ushort)(as_uint(v) >> 16);
        }
    }"""
    xb = torch.randn(n).to(torch.bfloat16)
    yb = torch.full((n,), float("nan"), dtype=torch.bfloat16)
    ocl.launch(ocl.build(src, "scale_bf16"), grid, LOCAL, [xb, yb, n, 4.0],
               [("x", "*bf16"), ("y", "*bf16"), ("n", "int32"), ("a", "bf16")])
    assert torch.equal(yb, xb * 4)
    base = torch.full((n, 4), float("nan"))
    ocl.launch(ocl.build(STRIDED, "scale_strided"), grid, LOCAL, [x, base[:, 2], n, 4],
               STRIDED_SPECS)  # a strided view of a bigger tensor, written in place
    assert torch.equal(base[:, 2], 3 * x)
    assert base[:, [0, 1, 3]].isnan().all()


def test_scalar_conversion_and_argument_errors(rng):
    src = """
    __kernel void scalars(__global long *out, uchar flag, long big, double d, float hb,
                          __global int *st) {
        if (get_global_id(0) == 0) {   /* bf16 scalars arrive as float, rounded to bf16 */
            out[0] = flag; out[1] = big; out[2] = (long)(d * 4.0); out[3] = (long)(hb * 256.0f);
        }
    }"""
    if not ocl.device_info().has_fp64:
        src = src.replace("double", "float")
    specs = [("out", "*int64"), ("flag", "int1"), ("big", "int64"),
             ("d", "fp64" if ocl.device_info().has_fp64 else "fp32"), ("hb", "bf16")]
    kernel = ocl.build(src, "scalars")
    out = poisoned(4, "int64")
    ocl.launch(kernel, (1,), 1, [out, True, 2**40 + 3, np.float32(2.5), 1.0 + 2**-9], specs)
    assert out.tolist() == [1, 2**40 + 3, 10, 256]  # 1 + 2**-9 rounds to 1.0 in bf16
    with pytest.raises(errors.LaunchError, match="'big'.*does not fit"):
        ocl.launch(kernel, (1,), 1, [out, True, 2**70, 1.0, 1.0], specs)
    with pytest.raises(errors.LaunchError, match="'big'.*not an integer"):
        ocl.launch(kernel, (1,), 1, [out, True, 2.5, 1.0, 1.0], specs)
    with pytest.raises(TypeError, match="'out'.*list"):  # LaunchError is a TypeError
        ocl.launch(kernel, (1,), 1, [[0] * 4, True, 1, 1.0, 1.0], specs)
    with pytest.raises(errors.LaunchError, match="'out' has dtype float32"):
        ocl.launch(kernel, (1,), 1, [np.zeros(4, np.float32), True, 1, 1.0, 1.0], specs)
    with pytest.raises(errors.LaunchError, match="takes 5 runtime arguments"):
        ocl.launch(kernel, (1,), 1, [out], specs)
    with pytest.raises(errors.LaunchError, match="has 6 parameters, but the ABI needs 5"):
        ocl.launch(kernel, (1,), 1, [out, True, 1, 1.0], specs[:4])
    wrong = specs[:2] + [("big", "int32")] + specs[3:]  # the C parameter is a long
    with pytest.raises(errors.LaunchError, match="refused the arguments"):
        ocl.launch(kernel, (1,), 1, [out, True, 1, 1.0, 1.0], wrong)


def test_launch_shape_errors_and_empty_grid(rng):
    n = 64
    kernel, _ = _add(n)
    x = random_array(rng, n, "float32")
    z = poisoned(n, "float32")
    assert ocl.launch(kernel, (0, 1, 1), LOCAL, [x, x, z, n], ADD_SPECS) is None
    assert_untouched(z, np.zeros(n, bool))
    with pytest.raises(errors.LaunchError, match="local size"):
        ocl.launch(kernel, (1,), kernel.max_work_group_size + 1, [x, x, z, n], ADD_SPECS)
    with pytest.raises(errors.LaunchError, match="grid"):
        ocl.launch(kernel, (1, 1, 1, 1), LOCAL, [x, x, z, n], ADD_SPECS)


def test_staging_buffers_are_reused(rng, host_path):
    n = 512
    kernel, grid = _add(n)
    x, y, z = (random_array(rng, n, "float32") for _ in range(3))
    ocl.launch(kernel, grid, LOCAL, [x, y, z, n], ADD_SPECS)
    pool = ocl._pool(ocl.get_context())
    allocations = pool.allocations
    for _ in range(5):
        ocl.launch(kernel, grid, LOCAL, [x, y, z, n], ADD_SPECS)
    assert pool.allocations == allocations  # (zero-copy: no staging buffers at all)
    assert_close(z, x + y)


def test_grid_axes_1_and_2(rng):
    src = """
    __kernel void ids(__global int *out, __global int *st) {
        int p0 = get_group_id(0), p1 = get_group_id(1), p2 = get_group_id(2);
        if (get_local_id(0) == 0)
            out[(p2 * get_num_groups(1) + p1) * get_num_groups(0) + p0] =
                p0 + 100 * p1 + 10000 * p2;
    }"""
    g = (3, 4, 5)
    out = poisoned(np.prod(g), "int32")
    ocl.launch(ocl.build(src, "ids"), g, 32, [out], [("out", "*int32")])
    p2, p1, p0 = np.meshgrid(*(np.arange(k) for k in g[::-1]), indexing="ij")
    assert_close(out, (p0 + 100 * p1 + 10000 * p2).ravel())


def test_launch_compiled_kernel(rng):
    from tiledsl import dtypes
    from tiledsl.runtime.compiled import CompiledKernel
    f32 = dtypes.float32
    compiled = CompiledKernel(
        name="add", backend="opencl", asm={"opencl": ADD},
        arg_specs=[("x", dtypes.pointer_type(f32)), ("y", dtypes.pointer_type(f32)),
                   ("z", dtypes.pointer_type(f32)), ("n", dtypes.int32)],
        meta={"local_size": LOCAL, "checks": [], "written_args": {2}})
    n = int(rng.integers(100, 400))
    x, y, z = random_array(rng, n, "float32"), random_array(rng, n, "float32"), poisoned(n, "f4")
    ocl.launch_compiled(compiled, (-(-n // LOCAL), 1, 1), [x, y, z, n])
    assert_close(z, x + y)
    assert isinstance(compiled.handle, ocl.Kernel)
    assert ocl.load_compiled(compiled) is compiled.handle  # built once
    compiled.meta.pop("local_size")
    with pytest.raises(errors.LaunchError, match="local_size"):
        ocl.launch_compiled(compiled, (1, 1, 1), [x, y, z, n])


def test_read_only_and_overlapping_host_arrays(rng, host_path):
    n = 128
    kernel, grid = _add(n)
    base = random_array(rng, 2 * n, "float32")
    base.setflags(write=False)
    lo, hi = base[:n], base[n // 2:n // 2 + n]  # two inputs overlapping by half
    z = poisoned(n, "float32")
    ocl.launch(kernel, grid, LOCAL, [lo, hi, z, n], ADD_SPECS, {"written_args": {2}})
    assert_close(z, lo + hi)
    z2 = poisoned(n, "float32")
    # written args unknown: everything writable is copied back, read-only inputs are skipped
    ocl.launch(kernel, grid, LOCAL, [lo, lo, z2, n], ADD_SPECS)
    assert_close(z2, 2 * lo)
    with pytest.raises(errors.LaunchError, match="'z' is read-only"):
        ocl.launch(kernel, grid, LOCAL, [lo, lo, lo, n], ADD_SPECS, {"written_args": {2}})
    scratch = random_array(rng, 2 * n, "float32")
    with pytest.raises(errors.LaunchError, match="overlap.*written_args"):
        ocl.launch(kernel, grid, LOCAL, [scratch[:n], scratch[n // 2:n // 2 + n], z, n],
                   ADD_SPECS)


def test_concurrent_launches_from_threads(rng, host_path):
    from concurrent.futures import ThreadPoolExecutor
    n = 300
    kernel, grid = _add(n)
    jobs = [(random_array(rng, n, "float32"), random_array(rng, n, "float32"),
             poisoned(n, "float32")) for _ in range(16)]

    def run(job):
        x, y, z = job
        ocl.launch(kernel, grid, LOCAL, [x, y, z, n], ADD_SPECS, {"written_args": {2}})

    with ThreadPoolExecutor(4) as pool:
        list(pool.map(run, jobs))
    for x, y, z in jobs:
        assert_close(z, x + y)


def test_kernel_of_another_device_choice_is_refused(rng, monkeypatch):
    kernel, grid = _add(64)
    monkeypatch.setenv("TILEDSL_OPENCL_DEVICE", ocl.device_info().index)  # another context
    x = random_array(rng, 64, "float32")
    with pytest.raises(errors.LaunchError, match="another OpenCL context"):
        ocl.launch(kernel, grid, LOCAL, [x, x, x, 64], ADD_SPECS)
    fresh = ocl.build(ADD, "add")
    assert fresh is not kernel and fresh.origin == "binary"  # the disk cache still serves it
    ocl.launch(fresh, grid, LOCAL, [x, x, x, 64], ADD_SPECS)


def test_staging_pool_evicts_least_recently_returned():
    pool = ocl._BufferPool(ocl.get_context(), max_buffers=2, max_bytes=4096)
    a, b, c = pool.acquire(256), pool.acquire(512), pool.acquire(1000)  # sizes 256, 512, 1024
    assert pool.allocations == 3
    for buf in (a, b, c):
        pool.release(buf)
    assert pool.acquire(1024) is c and pool.acquire(512) is b  # kept: the two newest
    assert pool.acquire(256) is not a and pool.allocations == 4  # evicted: the oldest
    pool.release(pool.acquire(8192))  # larger than the whole pool: not kept
    assert pool.bytes == 0 and not pool.free


def test_missing_pyopencl_is_backend_unavailable(monkeypatch):
    spec = "pyopencl-missing-test"
    monkeypatch.setitem(sys.modules, "pyopencl", None)  # what `import pyopencl` fails on
    monkeypatch.setenv("TILEDSL_OPENCL_DEVICE", spec)
    try:
        assert not ocl.is_available()
        with pytest.raises(errors.BackendUnavailableError, match="needs pyopencl"):
            ocl.build(ADD, "add")
    finally:
        ocl.reset(spec)
