"""The PTX runtime (backends/ptx/runtime.py).

Two halves:

* **CI, no GPU**: a fake CUDA driver stands in for cupy. Modules are real (PTX from
  llvmlite, cubins from ptxas, the on-disk cache); the fake records every launch, and the
  tests decode the parameter block the launcher handed to ``cuLaunchKernel`` to check the
  packing of pointers and scalars, the argument errors, shared-memory opt-in, the status ->
  exception mapping, the cubin cache and the driver-JIT fallback.
* **GPU** (``test_gpu_*``; skipped unless cupy sees a CUDA device; run by
  scripts/gpu_check.sh): the hand-written kernels of test_ptx_toolchain.py launched for real
  through cupy and torch and compared with numpy, the status mapping on a real kernel, and
  a printed launch-overhead comparison with cupy's own raw launch.
"""
from __future__ import annotations

import ctypes
import math
import statistics
import struct
import sys
import time
import types

import numpy as np
import pytest

from test_ptx_toolchain import BLOCK_REVERSE, CHECKED, SCALARS, VADD, need_ptxas, tc

from tiledsl.backends.ptx import runtime as rt
from tiledsl.errors import (BackendUnavailableError, CompilationError, DeviceAssertionError,
                            KernelRuntimeError, LaunchError, OutOfBoundsError, SourceLoc)
from tiledsl.runtime.cache import DiskCache

VADD_SPECS = [("x", "*fp32"), ("y", "*fp32"), ("z", "*fp32"), ("n", "int32")]
SCALAR_SPECS = [("out", "*fp64"), ("b", "int1"), ("i8", "int8"), ("i16", "int16"),
                ("i32", "int32"), ("i64", "int64"), ("u32", "uint32"), ("f16", "fp16"),
                ("bf16", "bf16"), ("f32", "fp32"), ("f64", "fp64")]
LOC0 = SourceLoc("kern.py", 12, 4, "k", "    tl.device_assert(x >= 0)")
LOC1 = SourceLoc("kern.py", 14, 8, "k", "    v = tl.load(X + offs)")
CHECKS = [{"kind": "assert", "message": "x >= 0 failed", "loc": LOC0},
          {"kind": "bounds", "loc": LOC1}]


def _ptx(llir: str, arch: str = "sm_90a") -> str:
    return tc.llir_to_ptx(llir, arch)


# -- the fake driver ------------------------------------------------------------------------

class FakeArray:
    """Stands in for ``cupy.ndarray``: what the fast path reads is ``a.data.ptr/.device_id``."""

    def __init__(self, ptr: int, device_id: int = 0):
        self.data = types.SimpleNamespace(ptr=ptr, device_id=device_id)


class FakeDriverError(Exception):
    pass


class FakeDriver:
    """The :class:`runtime.CudaDriver` interface, recording instead of touching a GPU."""

    ndarray_type = FakeArray
    driver_error = FakeDriverError

    def __init__(self, cc=(9, 0), device_count=2):
        self.cc = cc
        self.device = 0
        self.device_count = device_count  # 2: the general form of the hot path
        self.launches: list[dict] = []
        self.loaded: list[bytes] = []
        self.smem_attr: list[tuple[int, int]] = []
        self.syncs: list[int] = []
        self.status_value = 0
        self.status_clears = 0
        self.reject_cubin = False
        self.reject_ptx = False
        self.launch_errors: list[Exception] = []
        self.contexts = 0

    def get_device(self):
        return self.device

    def current_stream(self):
        return 0x5

    def torch_stream_fn(self):
        return lambda dev: 0x77

    def versions(self):
        return 13000, 13000

    def capability(self, dev):
        return self.cc

    def smem_optin(self, dev):
        return 227 * 1024

    def load(self, dev, image):
        is_cubin = image[:4] == b"\x7fELF"
        if (is_cubin and self.reject_cubin) or (not is_cubin and self.reject_ptx):
            raise FakeDriverError("CUDA_ERROR_UNSUPPORTED_PTX_VERSION")
        self.loaded.append(image)
        return image

    def function(self, module, name):
        if name.encode() not in module:
            raise FakeDriverError("CUDA_ERROR_NOT_FOUND")
        return None, 0x1000 + len(name)

    def set_max_dynamic_smem(self, fptr, nbytes):
        self.smem_attr.append((fptr, nbytes))

    def new_status(self, dev):
        return ["status"], 0xDEAD00

    def synchronize(self, stream):
        self.syncs.append(stream)

    def read_status(self, keep):
        return self.status_value

    def clear_status(self, keep):
        self.status_value = 0
        self.status_clears += 1

    def ensure_context(self):
        self.contexts += 1

    def launch_kernel(self, fptr, gx, gy, gz, bx, by, bz, smem, stream, params, extra):
        if self.launch_errors:
            raise self.launch_errors.pop(0)
        self.launches.append(dict(fptr=fptr, grid=(gx, gy, gz), block=(bx, by, bz), smem=smem,
                                  stream=stream, params=params, extra=extra))


def slots(params: int, n: int) -> list[bytes]:
    """The 8-byte argument slots that the ``void*`` array at ``params`` points at."""
    ptrs = (ctypes.c_void_p * n).from_address(params)
    return [ctypes.string_at(p, 8) for p in ptrs]


@pytest.fixture
def fake():
    return FakeDriver()


@pytest.fixture
def cache(tmp_path):
    return DiskCache(tmp_path / "cache")


@pytest.fixture
def vadd(fake, cache):
    need_ptxas()
    return rt.PtxModule(_ptx(VADD), cache=cache, driver=fake)


# -- argument packing -----------------------------------------------------------------------

def test_launch_packs_pointers_scalars_and_status(vadd, fake):
    lau = vadd.launcher("vadd", VADD_SPECS, num_warps=4)
    x, y, z = FakeArray(0x1000), FakeArray(0x2000), FakeArray(0x3000)
    lau((3, 2, 1), (x, y, z, 1000))
    (call,) = fake.launches
    assert call["grid"] == (3, 2, 1) and call["block"] == (128, 1, 1)
    assert call["smem"] == 0 and call["stream"] == 0x5 and call["extra"] == 0
    s = slots(call["params"], 5)
    assert [struct.unpack("<Q", v)[0] for v in s[:3]] == [0x1000, 0x2000, 0x3000]
    assert struct.unpack("<i4x", s[3])[0] == 1000
    assert struct.unpack("<Q", s[4])[0] == 0xDEAD00  # the trailing tiledsl_status
    assert not fake.syncs  # no checks, no debug: asynchronous


def test_scalars_are_converted_to_declared_dtypes(fake, cache):
    need_ptxas()
    mod = rt.PtxModule(_ptx(SCALARS), cache=cache, driver=fake)
    lau = mod.launcher("scalars", SCALAR_SPECS, num_warps=1)
    args = (FakeArray(0x40), True, -5, np.int16(-300), np.int64(-7), 2**40 + 3,
            np.uint32(4000000000), 1.5, 3.140625, np.float32(2.5), math.pi)
    lau((1, 1, 1), args)
    s = slots(fake.launches[-1]["params"], 12)
    assert s[1] == b"\x01" + b"\0" * 7
    assert struct.unpack("<b7x", s[2])[0] == -5
    assert struct.unpack("<h6x", s[3])[0] == -300
    assert struct.unpack("<i4x", s[4])[0] == -7
    assert struct.unpack("<q", s[5])[0] == 2**40 + 3
    assert struct.unpack("<I4x", s[6])[0] == 4000000000
    assert struct.unpack("<e6x", s[7])[0] == 1.5
    assert struct.unpack("<H6x", s[8])[0] == 0x4049  # bf16 bits of 3.140625
    assert struct.unpack("<f4x", s[9])[0] == 2.5
    assert struct.unpack("<d", s[10])[0] == math.pi


def test_other_threads_use_the_locked_parameter_block(vadd, fake):
    import threading
    lau = vadd.launcher("vadd", VADD_SPECS)
    lau((1, 1, 1), (FakeArray(8), FakeArray(16), FakeArray(24), 7))
    errors, seen = [], []

    def worker():
        try:
            lau((2, 1, 1), (FakeArray(0x100), FakeArray(0x200), FakeArray(0x300), 9))
            seen.extend(slots(fake.launches[-1]["params"], 5))
            with pytest.raises(LaunchError, match=r"argument 3 \('n'\)"):
                lau((2, 1, 1), (FakeArray(0x100), FakeArray(0x200), FakeArray(0x300), 2**40))
        except BaseException as exc:  # noqa: BLE001 - reported in the main thread
            errors.append(exc)

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join()
    assert not errors, errors
    owner, other = fake.launches
    assert owner["params"] != other["params"]  # a different block, so no race with the owner
    assert [struct.unpack("<Q", v)[0] for v in seen[:3]] == [0x100, 0x200, 0x300]
    assert struct.unpack("<i4x", seen[3])[0] == 9 and other["grid"] == (2, 1, 1)
    assert struct.unpack("<i4x", slots(owner["params"], 5)[3])[0] == 7  # untouched


def test_bad_bf16_scalar_names_argument(fake, cache):
    need_ptxas()
    lau = rt.PtxModule(_ptx(SCALARS), cache=cache, driver=fake).launcher("scalars",
                                                                        SCALAR_SPECS)
    args = [FakeArray(0x40), True, -5, -300, -7, 3, 4, 1.5, "pi", 2.5, math.pi]
    with pytest.raises(LaunchError, match=r"argument 8 \('bf16'\) .*expects bf16.*str"):
        lau((1, 1, 1), args)
    args[8], args[7] = 1.0, 1e6  # 1e6 does not fit fp16
    with pytest.raises(LaunchError, match=r"argument 7 \('f16'\) .*expects fp16"):
        lau((1, 1, 1), args)
    assert not fake.launches


def test_single_gpu_hot_path(cache):
    need_ptxas()
    fake = FakeDriver(device_count=1)
    lau = rt.PtxModule(_ptx(VADD), cache=cache, driver=fake).launcher("vadd", VADD_SPECS)
    assert "dev = get_device()" not in lau.source and "device_id" not in lau.source
    for n in (10, 11):
        lau((1, 1, 1), (FakeArray(0x10), FakeArray(0x20), FakeArray(0x30), n))
        s = slots(fake.launches[-1]["params"], 5)
        assert struct.unpack("<Q", s[2])[0] == 0x30 and struct.unpack("<i4x", s[3])[0] == n
    assert fake.launches[0]["fptr"] == fake.launches[1]["fptr"]
    with pytest.raises(LaunchError, match="numpy"):
        lau((1, 1, 1), (np.ones(2), FakeArray(0x20), FakeArray(0x30), 1))


def test_cuda_array_interface_objects_are_pointers(vadd, fake):
    class Foreign:
        __cuda_array_interface__ = {"data": (0xABC0, False), "shape": (4,), "typestr": "<f4",
                                    "version": 3}

    vadd.launcher("vadd", VADD_SPECS)((1, 1, 1), (Foreign(), FakeArray(8), FakeArray(16), 4))
    assert struct.unpack("<Q", slots(fake.launches[-1]["params"], 1)[0])[0] == 0xABC0


def test_numpy_array_is_a_launch_error_naming_the_argument(vadd, fake):
    lau = vadd.launcher("vadd", VADD_SPECS)
    with pytest.raises(LaunchError) as info:
        lau((1, 1, 1), (FakeArray(8), np.zeros(4, np.float32), FakeArray(16), 4))
    assert "argument 1 ('y')" in str(info.value) and "numpy" in str(info.value)
    assert isinstance(info.value, TypeError)  # LaunchError is a TypeError, as users expect
    assert not fake.launches


def test_cpu_torch_tensor_is_a_launch_error(vadd, fake):
    torch = pytest.importorskip("torch")
    lau = vadd.launcher("vadd", VADD_SPECS)  # torch imported: the fast path knows Tensor
    with pytest.raises(LaunchError, match=r"argument 2 \('z'\).*CPU torch tensor"):
        lau((1, 1, 1), (FakeArray(8), FakeArray(8), torch.zeros(4), 4))
    param = torch.nn.Parameter(torch.zeros(4))  # a subclass: the slow path
    with pytest.raises(LaunchError, match=r"argument 0 \('x'\).*CPU torch tensor"):
        lau((1, 1, 1), (param, FakeArray(8), FakeArray(8), 4))
    assert not fake.launches


def test_array_on_another_device_is_rejected(vadd, fake):
    with pytest.raises(LaunchError, match="another device"):
        vadd.launcher("vadd", VADD_SPECS)((1, 1, 1), (FakeArray(8, device_id=1), FakeArray(8),
                                                      FakeArray(8), 4))


@pytest.mark.parametrize("bad,match", [
    (2**31, r"argument 3 \('n'\).*expects int32.*2147483648"),
    (2.5, r"argument 3 \('n'\).*expects int32.*float"),
    ("7", r"argument 3 \('n'\).*expects int32.*str"),
])
def test_scalar_that_does_not_fit_names_argument(vadd, fake, bad, match):
    with pytest.raises(LaunchError, match=match):
        vadd.launcher("vadd", VADD_SPECS)((1, 1, 1), (FakeArray(8), FakeArray(8),
                                                      FakeArray(8), bad))
    assert not fake.launches


def test_wrong_argument_count_and_types(vadd):
    lau = vadd.launcher("vadd", VADD_SPECS)
    with pytest.raises(LaunchError, match=r"takes 4 runtime arguments \(x, y, z, n\), got 3"):
        lau((1, 1, 1), (FakeArray(8), FakeArray(8), FakeArray(8)))
    with pytest.raises(LaunchError, match=r"argument 0 \('x'\).*must be a cupy array.*str"):
        lau((1, 1, 1), ("x", FakeArray(8), FakeArray(8), 4))


def test_empty_and_negative_grids(vadd, fake):
    lau = vadd.launcher("vadd", VADD_SPECS)
    lau((0, 1, 1), (FakeArray(8), FakeArray(8), FakeArray(8), 4))
    assert not fake.launches  # a zero extent launches nothing
    with pytest.raises(LaunchError, match="negative grid"):
        lau((-1, 1, 1), (FakeArray(8), FakeArray(8), FakeArray(8), 4))


def test_abi_mismatch_is_caught_before_launch(vadd):
    with pytest.raises(CompilationError, match=r"takes 5 parameters but its 3 runtime"):
        vadd.launcher("vadd", VADD_SPECS[:3])
    with pytest.raises(CompilationError, match=r"parameter 3 \('n', int64\) is \.u32"):
        vadd.launcher("vadd", VADD_SPECS[:3] + [("n", "int64")])


def test_block_size_limits(vadd):
    with pytest.raises(LaunchError, match="1024"):
        vadd.launcher("vadd", VADD_SPECS, num_warps=64)


# -- shared memory ----------------------------------------------------------------------------

def test_large_shared_memory_opts_in_once(fake, cache):
    need_ptxas()
    mod = rt.PtxModule(_ptx(BLOCK_REVERSE), cache=cache, driver=fake)
    lau = mod.launcher("block_reverse", [("x", "*fp32"), ("y", "*fp32")], num_warps=8,
                       shared_bytes=64 * 1024)
    for _ in range(3):
        lau((2, 1, 1), (FakeArray(8), FakeArray(16)))
    assert [n for _, n in fake.smem_attr] == [64 * 1024]
    assert fake.launches[-1]["smem"] == 64 * 1024 and fake.launches[-1]["block"][0] == 256
    small = mod.launcher("block_reverse", [("x", "*fp32"), ("y", "*fp32")], shared_bytes=1024)
    small((1, 1, 1), (FakeArray(8), FakeArray(16)))
    assert len(fake.smem_attr) == 1  # <= 48 KiB needs no attribute
    huge = mod.launcher("block_reverse", [("x", "*fp32"), ("y", "*fp32")],
                        shared_bytes=300 * 1024)
    with pytest.raises(LaunchError, match=r"307200 bytes of shared memory; device 0 allows"):
        huge((1, 1, 1), (FakeArray(8), FakeArray(16)))


# -- checks -------------------------------------------------------------------------------------

@pytest.fixture
def checked(fake, cache):
    need_ptxas()
    mod = rt.PtxModule(_ptx(CHECKED), cache=cache, driver=fake)
    return mod.launcher("checked", [("x", "*fp32"), ("n", "int32")], meta={"checks": CHECKS})


@pytest.mark.parametrize("status,cls,text", [
    (1, DeviceAssertionError, "x >= 0 failed"),
    (2, OutOfBoundsError, "out-of-bounds access"),
])
def test_status_maps_to_check_error_with_location(checked, fake, status, cls, text):
    fake.status_value = status
    with pytest.raises(cls) as info:
        checked((1, 1, 1), (FakeArray(8), 4))
    message = str(info.value)
    assert text in message and "'checked'" in message
    assert info.value.loc == CHECKS[status - 1]["loc"]
    assert f"kern.py:{info.value.loc.line}:" in message
    assert fake.syncs == [0x5] and fake.status_clears == 1
    checked((1, 1, 1), (FakeArray(8), 4))  # the status word was reset: next launch is clean


def test_unknown_status_is_a_kernel_runtime_error():
    err = rt.check_error(7, CHECKS, "k")
    assert type(err) is KernelRuntimeError and "status 7" in str(err)


def test_debug_knob_synchronises_without_checks(vadd, fake, monkeypatch):
    monkeypatch.setenv("TILEDSL_DEBUG", "1")
    lau = rt.KernelLauncher(vadd, "vadd", VADD_SPECS)
    assert lau.synchronous
    lau((1, 1, 1), (FakeArray(8), FakeArray(8), FakeArray(8), 4))
    assert fake.syncs == [0x5]


# -- driver errors --------------------------------------------------------------------------

def test_launch_errors(vadd, fake):
    lau = vadd.launcher("vadd", VADD_SPECS)
    args = (FakeArray(8), FakeArray(8), FakeArray(8), 4)
    fake.launch_errors = [FakeDriverError("CUDA_ERROR_INVALID_CONTEXT: invalid context")]
    lau((1, 1, 1), args)  # a thread without a context gets one, and the launch is retried
    assert fake.contexts == 1 and len(fake.launches) == 1
    fake.launch_errors = [FakeDriverError("CUDA_ERROR_INVALID_VALUE: invalid argument")]
    with pytest.raises(LaunchError, match=r"grid \(1, 1, 1\), block \(128, 1, 1\)"):
        lau((1, 1, 1), args)
    fake.launch_errors = [FakeDriverError("CUDA_ERROR_ILLEGAL_ADDRESS")]
    with pytest.raises(KernelRuntimeError, match="earlier kernel"):
        lau((1, 1, 1), args)


def test_unknown_kernel_name(vadd):
    with pytest.raises(LaunchError, match=r"no kernel 'nope'.*entries: vadd"):
        vadd.launcher("nope", VADD_SPECS)((1, 1, 1), (FakeArray(8),) * 3 + (4,))


# -- loading and caching ------------------------------------------------------------------

def test_cubin_is_cached_on_disk(fake, cache):
    need_ptxas()
    ptx = _ptx(VADD)
    first = rt.PtxModule(ptx, cache=cache, driver=fake)
    first.function("vadd")
    assert first.loaded_from == {0: "ptxas"} and "Used" in first.log
    assert fake.loaded[-1][:4] == b"\x7fELF"
    second = rt.PtxModule(ptx, cache=cache, driver=fake)
    second.function("vadd")
    assert second.loaded_from == {0: "cache"} and fake.loaded[-1] == fake.loaded[0]
    assert cache.stats.hits >= 1


def test_driver_jit_fallback_and_total_failure(fake, cache):
    need_ptxas()
    fake.reject_cubin = True
    mod = rt.PtxModule(_ptx(VADD), cache=cache, driver=fake)
    mod.function("vadd")
    assert mod.loaded_from == {0: "jit"}
    assert fake.loaded[-1].endswith(b"\0") and b".entry vadd" in fake.loaded[-1]
    fake.reject_ptx = True
    with pytest.raises(CompilationError, match=r"(?s)cubin.*UNSUPPORTED.*PTX JIT"):
        rt.PtxModule(_ptx(VADD), cache=cache, driver=fake).function("vadd")


def test_ptxas_rejection_falls_back_to_jit_then_reports_ptxas(fake, cache):
    need_ptxas()
    ptx = _ptx(VADD).replace("add.rn.f32", "add.bogus.f32")  # ptxas rejects it ...
    mod = rt.PtxModule(ptx, cache=cache, driver=fake)
    mod.function("vadd")  # ... the (fake) driver JIT takes it
    assert mod.loaded_from == {0: "jit"}
    fake.reject_ptx = True
    with pytest.raises(CompilationError, match=r"(?s)ptxas rejected.*bogus.*PTX JIT"):
        rt.PtxModule(ptx, cache=cache, driver=fake).function("vadd")


def test_jit_without_ptxas(fake, cache, monkeypatch, tmp_path):
    monkeypatch.setenv("TILEDSL_PTXAS", str(tmp_path / "none"))
    mod = rt.PtxModule(_ptx(VADD), cache=cache, driver=fake)
    mod.function("vadd")
    assert mod.loaded_from == {0: "jit"}


@pytest.mark.parametrize("target,cc,expected", [
    ("sm_90a", (9, 0), "sm_90a"), ("sm_80", (9, 0), "sm_90"), ("sm_80", (8, 6), "sm_86"),
    ("sm_90a", (8, 0), None), ("sm_90a", (10, 0), None), ("sm_90", (8, 9), None),
])
def test_arch_for_device(fake, target, cc, expected):
    fake.cc = cc
    mod = rt.PtxModule(_ptx(VADD, target), cache=False, driver=fake)
    if expected is None:
        with pytest.raises(BackendUnavailableError, match=f"targets {target}"):
            mod.arch_for_device(0)
    else:
        assert mod.arch_for_device(0) == expected


def test_from_llir_caches_the_ptx(fake, cache, monkeypatch):
    first = rt.PtxModule.from_llir(VADD, "sm_80", cache=cache, driver=fake)
    monkeypatch.setattr(rt.toolchain, "llir_to_ptx", lambda *a, **k: pytest.fail("recompiled"))
    second = rt.PtxModule.from_llir(VADD, "sm_80", cache=cache, driver=fake)
    assert second.ptx == first.ptx and second.target == "sm_80"


def test_launch_convenience_reuses_launcher(vadd, fake):
    args = (FakeArray(8), FakeArray(8), FakeArray(8), 4)
    rt.launch(vadd, "vadd", (2, 1, 1), 4, 0, args, VADD_SPECS, {})
    lau = vadd._launchers[("vadd", 4, 0)]
    rt.launch(vadd, "vadd", (2, 1, 1), 4, 0, args, VADD_SPECS, {})
    assert vadd._launchers[("vadd", 4, 0)] is lau and len(fake.launches) == 2
    assert "def launch(grid, args):" in lau.source and "pack_into" in lau.source


def test_load_and_launch_compiled(fake, cache):
    need_ptxas()
    from tiledsl.runtime.compiled import CompiledKernel
    compiled = CompiledKernel("vadd", "ptx", {"ptx": _ptx(VADD)}, VADD_SPECS,
                              {"num_warps": 2, "shared": 4096, "checks": CHECKS})
    launcher = rt.load_compiled(compiled, cache=cache, driver=fake)
    assert compiled.handle is launcher and launcher.synchronous
    rt.launch_compiled(compiled, (5, 1, 1), [FakeArray(8), FakeArray(8), FakeArray(8), 3])
    (call,) = fake.launches
    assert call["block"] == (64, 1, 1) and call["smem"] == 4096 and call["grid"] == (5, 1, 1)
    assert fake.syncs  # checks present: synchronised and status read
    from_ir = CompiledKernel("vadd", "ptx", {"llir": VADD}, VADD_SPECS, {})
    assert rt.load_compiled(from_ir, cache=cache, driver=fake).num_warps == 4
    with pytest.raises(CompilationError, match="neither PTX nor LLVM IR"):
        rt.load_compiled(CompiledKernel("k", "ptx", {"ir": "..."}, [], {}), driver=fake)


def test_is_available_matches_cupy():
    assert rt.is_available() == _cuda_device()


def test_normalize_arg_specs_forms():
    from tiledsl import dtypes as tdt
    spec = types.SimpleNamespace(name="n", dtype=tdt.int64)
    got = rt.normalize_arg_specs([("x", "*fp16"), ("y", "ptr<bf16>"), spec])
    assert got[0][1] == tdt.pointer_type(tdt.float16)
    assert got[1][1] == tdt.pointer_type(tdt.bfloat16)
    assert got[2] == ("n", tdt.int64)
    assert rt.normalize_arg_specs({"a": "fp32"}) == [("a", tdt.float32)]


def test_python_side_launch_cost_is_printed(vadd, fake):
    """The hot path's own cost (the fake driver's launch is a no-op append); no threshold."""
    lau = vadd.launcher("vadd", VADD_SPECS)
    args = (FakeArray(8), FakeArray(16), FakeArray(24), 1000)
    fake.launch_kernel = lambda *a: None
    runs = []
    for _ in range(5):
        t0 = time.perf_counter()
        for _ in range(2000):
            lau.run((4, 1, 1), args)
        runs.append((time.perf_counter() - t0) / 2000 * 1e6)
    print(f"ptx launcher Python overhead (fake driver): {statistics.median(runs):.2f} us/call")
    assert runs  # the number is for reading, not for asserting


# -- GPU ----------------------------------------------------------------------------------------

def _cuda_device() -> bool:
    try:
        import cupy
        return cupy.cuda.runtime.getDeviceCount() > 0
    except Exception:  # noqa: BLE001
        return False


gpu = pytest.mark.skipif(not _cuda_device(), reason="needs a CUDA device (cupy)")


@pytest.fixture
def cp():
    import cupy
    return cupy


@pytest.fixture
def gpu_cache(tmp_path):
    return DiskCache(tmp_path / "gpu-cache")


def _gpu_module(llir: str, cache) -> "rt.PtxModule":
    return rt.PtxModule.from_llir(llir, tc.arch_of_device(), cache=cache)


@gpu
def test_gpu_vadd_cupy(cp, gpu_cache):
    rng = np.random.default_rng()
    n = 1000  # not a multiple of the block: the mask matters
    x, y = (rng.standard_normal(n).astype(np.float32) for _ in range(2))
    z = cp.full(n + 37, cp.nan, dtype=cp.float32)  # poisoned, with a tail nobody may write
    mod = _gpu_module(VADD, gpu_cache)
    lau = mod.launcher("vadd", VADD_SPECS, num_warps=4)
    lau((math.ceil(n / 128), 1, 1), (cp.asarray(x), cp.asarray(y), z, n))
    out = cp.asnumpy(z)
    np.testing.assert_array_equal(out[:n], x + y)
    assert np.isnan(out[n:]).all()
    assert mod.loaded_from[cp.cuda.runtime.getDevice()] in ("ptxas", "cache", "jit")


@gpu
def test_gpu_vadd_torch_on_side_stream(gpu_cache):
    torch = pytest.importorskip("torch")
    n = 4099
    x, y = torch.randn(n, device="cuda"), torch.randn(n, device="cuda")
    z = torch.full((n,), float("nan"), device="cuda")
    lau = _gpu_module(VADD, gpu_cache).launcher("vadd", VADD_SPECS, num_warps=2)
    stream = torch.cuda.Stream()
    stream.wait_stream(torch.cuda.current_stream())
    with torch.cuda.stream(stream):
        lau((math.ceil(n / 64), 1, 1), (x, y, z, n))
    stream.synchronize()
    torch.testing.assert_close(z, x + y, rtol=0, atol=0)
    with pytest.raises(LaunchError, match="CPU torch tensor"):
        lau((1, 1, 1), (x.cpu(), y, z, n))


@gpu
def test_gpu_block_reverse_with_64k_dynamic_shared_memory(cp, gpu_cache):
    block, blocks = 256, 5
    x = cp.random.standard_normal(block * blocks, dtype=cp.float32)
    y = cp.full_like(x, cp.nan)
    lau = _gpu_module(BLOCK_REVERSE, gpu_cache).launcher(
        "block_reverse", [("x", "*fp32"), ("y", "*fp32")], num_warps=block // 32,
        shared_bytes=64 * 1024)  # more than the kernel needs, to exercise the opt-in
    lau((blocks, 1, 1), (x, y))
    expected = cp.asnumpy(x).reshape(blocks, block)[:, ::-1].ravel()
    np.testing.assert_array_equal(cp.asnumpy(y), expected)


@gpu
def test_gpu_scalar_packing_matches_ptx_layout(cp, gpu_cache):
    out = cp.full(10, cp.nan, dtype=cp.float64)
    lau = _gpu_module(SCALARS, gpu_cache).launcher("scalars", SCALAR_SPECS, num_warps=1)
    lau((1, 1, 1), (out, True, -5, -300, -7, 2**40 + 3, 4000000000, 1.5, 3.140625,
                    np.float32(2.5), math.pi))
    assert cp.asnumpy(out).tolist() == [1.0, -5.0, -300.0, -7.0, float(2**40 + 3),
                                        4000000000.0, 1.5, 3.140625, 2.5, math.pi]


@gpu
def test_gpu_status_maps_to_errors(cp, gpu_cache):
    lau = _gpu_module(CHECKED, gpu_cache).launcher(
        "checked", [("x", "*fp32"), ("n", "int32")], meta={"checks": CHECKS})
    good = cp.linspace(0, 50, 300, dtype=cp.float32)
    lau((3, 1, 1), (good, 300))
    bad = good.copy()
    bad[17] = -1.0
    with pytest.raises(DeviceAssertionError) as info:
        lau((3, 1, 1), (bad, 300))
    assert info.value.loc == LOC0 and "x >= 0 failed" in str(info.value)
    big = good.copy()
    big[250] = 1000.0
    with pytest.raises(OutOfBoundsError) as info:
        lau((3, 1, 1), (big, 300))
    assert info.value.loc == LOC1
    lau((3, 1, 1), (good, 300))  # the status word was reset after each failure


@gpu
def test_gpu_driver_jit_path(cp, gpu_cache, monkeypatch, tmp_path):
    monkeypatch.setenv("TILEDSL_PTXAS", str(tmp_path / "no-ptxas"))
    mod = rt.PtxModule(tc.llir_to_ptx(VADD, tc.arch_of_device()), cache=False)
    x = cp.arange(64, dtype=cp.float32)
    z = cp.zeros(64, dtype=cp.float32)
    mod.launcher("vadd", VADD_SPECS, num_warps=2)((1, 1, 1), (x, x, z, 64))
    assert mod.loaded_from[cp.cuda.runtime.getDevice()] == "jit"
    np.testing.assert_array_equal(cp.asnumpy(z), 2 * cp.asnumpy(x))


@gpu
def test_gpu_launch_from_another_thread(cp, gpu_cache):
    import threading
    lau = _gpu_module(VADD, gpu_cache).launcher("vadd", VADD_SPECS, num_warps=4)
    x = cp.arange(512, dtype=cp.float32)
    z = cp.zeros(512, dtype=cp.float32)
    cp.cuda.Device().synchronize()
    errors = []

    def worker():  # a fresh thread: no current CUDA context until the runtime makes one
        try:
            lau((4, 1, 1), (x, x, z, 512))
            cp.cuda.Device().synchronize()
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join()
    assert not errors, errors
    np.testing.assert_array_equal(cp.asnumpy(z), 2 * np.arange(512, dtype=np.float32))


def _per_call_us(fn, calls: int = 5000, repeats: int = 7) -> float:
    import cupy
    fn()
    cupy.cuda.Device().synchronize()
    runs = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        for _ in range(calls):
            fn()
        runs.append((time.perf_counter() - t0) / calls * 1e6)
        cupy.cuda.Device().synchronize()
    return statistics.median(runs)


def _triton_launch_us(tx, tz) -> str:
    """Triton's launch cost on the same work, as a third reference (when triton imports)."""
    try:
        import triton
        import triton.language as tl_

        @triton.jit
        def triton_vadd(X, Y, Z, n, BLOCK: tl_.constexpr):
            offs = tl_.program_id(0) * BLOCK + tl_.arange(0, BLOCK)
            tl_.store(Z + offs, tl_.load(X + offs, mask=offs < n) + tl_.load(Y + offs,
                                                                             mask=offs < n),
                      mask=offs < n)

        return (f"triton {_per_call_us(lambda: triton_vadd[(1,)](tx, tx, tz, 32, BLOCK=32)):.2f}"
                f" us")
    except Exception as exc:  # noqa: BLE001 - a reference only
        return f"triton unavailable ({type(exc).__name__}: {str(exc)[:80]})"


@gpu
def test_gpu_launch_overhead_vs_cupy_raw(cp, gpu_cache, tmp_path):
    """Prints per-call launch cost: tiledsl's launcher against cupy's RawKernel; no threshold."""
    ptx = tc.llir_to_ptx(VADD, tc.arch_of_device())
    mod = rt.PtxModule(ptx, cache=gpu_cache)
    lau = mod.launcher("vadd", VADD_SPECS, num_warps=1)
    x = cp.ones(32, dtype=cp.float32)
    z = cp.zeros(32, dtype=cp.float32)
    status = cp.zeros(1, dtype=cp.int32)
    args = (x, x, z, 32)
    (tmp_path / "vadd.ptx").write_text(ptx)
    raw = cp.RawModule(path=str(tmp_path / "vadd.ptx")).get_function("vadd")
    raw_args = (x, x, z, np.int32(32), status)
    run = lau.run
    ours = _per_call_us(lambda: run((1, 1, 1), args))
    theirs = _per_call_us(lambda: raw((1,), (32,), raw_args))
    line = (f"launch overhead per call: tiledsl {ours:.2f} us, cupy RawKernel {theirs:.2f} us, "
            f"difference {ours - theirs:+.2f} us")
    torch = sys.modules.get("torch")
    if torch is not None and torch.cuda.is_available():
        tx = torch.ones(32, device="cuda")
        tz = torch.zeros(32, device="cuda")
        line += f"; torch tensors {_per_call_us(lambda: run((1, 1, 1), (tx, tx, tz, 32))):.2f} us"
        line += f"; torch.add {_per_call_us(lambda: torch.add(tx, tx, out=tz)):.2f} us"
        line += f"; {_triton_launch_us(tx, tz)}"
    print(line)
    np.testing.assert_array_equal(cp.asnumpy(z), 2 * np.ones(32, np.float32))
