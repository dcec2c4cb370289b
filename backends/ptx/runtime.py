"""Loading PTX kernels through cupy and launching them with a lean Python hot path.

:class:`PtxModule` holds the PTX text of a compiled kernel. On first use on a device it
assembles a cubin with ``ptxas`` for that device (kept in the on-disk cache, keyed by the
PTX, the arch, the driver and CUDA runtime versions and the compiler versions) and loads it
with ``cupy.cuda.function.Module.load``; without ptxas, when ptxas rejects the PTX (an old
ptxas) or when the driver refuses the cubin (a ptxas newer than the driver), it hands the
PTX to the driver's JIT instead.

:class:`KernelLauncher` launches one kernel; ``launch()`` is the convenience entry point that
keeps one launcher per (kernel, num_warps, shared bytes) on the module. Launch-overhead
budget: cupy's own raw launch costs ~4 us on the H200, we want at most ~1 us on top.
What the hot path does, and why it is cheap:

* **Generated per signature.** The launcher compiles (``exec``) a small Python function for
  its argument list: pointer arguments are checked with ``type(a) is cupy.ndarray`` /
  ``torch.Tensor`` inline (no per-argument function call, no dict lookup) and read with
  ``a.data.ptr`` / ``a.data_ptr()``; subclasses (``nn.Parameter``), objects with
  ``__cuda_array_interface__`` and every error go to a slow path. ``launcher.source`` shows it.
* **One ``struct.pack_into`` per call** writes every argument, converted to its declared
  dtype, into a preallocated parameter block with one 8-byte slot per argument; the
  ``void*`` array that ``cuLaunchKernel`` wants points into that block and never changes.
  Out-of-range or mistyped scalars make ``pack_into`` fail, and only then is each argument
  examined to name the culprit.
* **No cupy Function call**: ``cupy.cuda.driver.launchKernel`` (a thin Cython wrapper of
  ``cuLaunchKernel``) is called directly, so no per-argument ``CPointer`` objects are made.
* **No lock for the common case**: the thread that created the launcher owns a parameter
  block; other threads share a second block under a lock (on the dev machine a ``with
  lock`` costs ~0.3 us, ``get_ident()`` ~0.05 us). The driver copies the parameters before
  ``cuLaunchKernel`` returns, so a block is free again right after.
* **One GPU** (the common case): the device is 0, so no ``cudaGetDevice`` and no lookup.
* **Streams**: torch's current stream (``torch._C._cuda_getCurrentRawStream``) when any
  argument is a torch tensor, else cupy's current stream pointer.
* **Checks** (``TILEDSL_DEBUG``, ``meta["debug"]`` or any entry in ``meta["checks"]``): the
  launcher passes a 4-byte status buffer it owns (always zero between launches), syncs the
  stream after the launch and turns status ``k + 1`` into the error of ``meta["checks"][k]``
  (a dict with ``kind``, ``message``/``msg`` and ``loc``). Without checks the kernel never
  writes the buffer and nothing is synchronised.

A CPU numpy array or CPU torch tensor is never copied behind the user's back: it raises
:class:`LaunchError` naming the argument.
"""
from __future__ import annotations

import ctypes
import re
import struct
import sys
import threading

from tiledsl import dtypes as tdt
from tiledsl import knobs
from tiledsl.errors import (BackendUnavailableError, CompilationError, DeviceAssertionError,
                            IndexOverflowError, KernelRuntimeError, LaunchError,
                            OutOfBoundsError, UninitializedReadError)

from . import toolchain

__all__ = ["CudaDriver", "cuda_driver", "is_available", "PtxModule", "KernelLauncher", "launch",
           "load_compiled", "launch_compiled", "synchronize", "normalize_arg_specs",
           "check_error"]

_DEFAULT_SMEM_LIMIT = 48 * 1024  # above this a kernel must opt in (cuFuncSetAttribute)
_CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES = 8  # from cuda.h
_SLOT = 8  # bytes per argument slot in the parameter block
# Driver errors that mean "this launch configuration is wrong", not "a kernel crashed".
_CONFIG_ERRORS = ("INVALID_VALUE", "LAUNCH_OUT_OF_RESOURCES", "INVALID_HANDLE",
                  "NOT_FOUND", "SHARED_OBJECT")


# -- CUDA access: the only code that touches cupy ---------------------------------------------

class CudaDriver:
    """The few CUDA calls the runtime needs, through cupy's bindings.

    Tests on machines without a GPU pass a fake with the same attributes to
    :class:`PtxModule`; nothing else in this file imports cupy.
    """

    def __init__(self):
        try:
            import cupy
        except ImportError as exc:
            raise BackendUnavailableError(
                "the ptx backend needs cupy to load kernels (pip install cupy-cuda13x)") from exc
        try:
            count = cupy.cuda.runtime.getDeviceCount()
        except Exception as exc:  # noqa: BLE001 - cupy raises its own CUDARuntimeError
            raise BackendUnavailableError(f"no usable CUDA driver: {exc}") from exc
        if count == 0:
            raise BackendUnavailableError("no CUDA device found")
        self.cupy = cupy
        self.device_count = int(count)
        rt, drv = cupy.cuda.runtime, cupy.cuda.driver
        self._rt, self._drv = rt, drv
        self.ndarray_type = cupy.ndarray
        self.get_device = rt.getDevice
        self.launch_kernel = drv.launchKernel
        self.driver_error = drv.CUDADriverError
        self.current_stream = lambda: cupy.cuda.get_current_stream().ptr
        # A Cython fast path exists in some cupy versions only; use it if it agrees.
        getptr = getattr(cupy.cuda.stream, "get_current_stream_ptr", None)
        try:
            if getptr is not None and getptr() == self.current_stream():
                self.current_stream = getptr
        except Exception:  # noqa: BLE001 - a different signature: keep the portable form
            pass

    def versions(self) -> tuple[int, int]:
        """(driver version, CUDA runtime version), e.g. (13000, 13000)."""
        return int(self._rt.driverGetVersion()), int(self._rt.runtimeGetVersion())

    def capability(self, dev: int) -> tuple[int, int]:
        cc = self.cupy.cuda.Device(dev).compute_capability  # "90"
        return int(cc[:-1]), int(cc[-1])

    def smem_optin(self, dev: int) -> int:
        """Most dynamic+static shared memory a block may opt in to on ``dev``."""
        attr = getattr(self._rt, "cudaDevAttrMaxSharedMemoryPerBlockOptin", 97)  # driver_types.h
        return int(self._rt.deviceGetAttribute(attr, dev))

    def load(self, dev: int, image: bytes):
        """A loaded module (cubin, or NUL-terminated PTX for the driver JIT) on ``dev``."""
        with self.cupy.cuda.Device(dev):
            module = self.cupy.cuda.function.Module()
            module.load(image)
        return module

    def function(self, module, name: str) -> tuple[object, int]:
        """(keep-alive object, CUfunction handle) of kernel ``name`` in ``module``."""
        fn = module.get_function(name)
        return fn, int(fn.ptr)

    def set_max_dynamic_smem(self, fptr: int, nbytes: int) -> None:
        attr = getattr(self._drv, "CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES",
                       _CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES)
        self._drv.funcSetAttribute(fptr, attr, int(nbytes))

    def new_status(self, dev: int) -> tuple[object, int]:
        """(keep-alive, device pointer) of a zeroed 4-byte status word on ``dev``."""
        with self.cupy.cuda.Device(dev):
            buf = self.cupy.zeros(1, dtype=self.cupy.int32)
            self.cupy.cuda.runtime.deviceSynchronize()
        return buf, int(buf.data.ptr)

    def synchronize(self, stream: int) -> None:
        self._rt.streamSynchronize(stream)

    def read_status(self, keepalive) -> int:
        return int(keepalive.get()[0])

    def clear_status(self, keepalive) -> None:
        keepalive.fill(0)
        self._rt.deviceSynchronize()  # the next launch may run on another stream

    def ensure_context(self) -> None:
        """Make the device's primary context current on this thread (new threads lack one)."""
        self._rt.free(0)

    def torch_stream_fn(self):
        """``dev -> raw cudaStream_t`` of torch's current stream (torch is imported by now)."""
        import torch
        raw = getattr(torch._C, "_cuda_getCurrentRawStream", None)
        return raw or (lambda dev: torch.cuda.current_stream(dev).cuda_stream)


_DRIVER: CudaDriver | None = None


def cuda_driver() -> CudaDriver:
    """The process-wide :class:`CudaDriver` (raises ``BackendUnavailableError`` without GPU)."""
    global _DRIVER
    if _DRIVER is None:
        _DRIVER = CudaDriver()
    return _DRIVER


def is_available() -> bool:
    """Whether kernels can be loaded and launched here (cupy and a CUDA device)."""
    try:
        return cuda_driver() is not None
    except BackendUnavailableError:
        return False


# -- argument specs ---------------------------------------------------------------------------

# struct format of each scalar dtype; fp16/bf16 travel as their bits, bf16 converted first.
_SCALAR_FMT = {
    "int1": "?", "int8": "b", "uint8": "B", "int16": "h", "uint16": "H", "int32": "i",
    "uint32": "I", "int64": "q", "uint64": "Q", "fp16": "e", "bf16": "H", "fp32": "f",
    "fp64": "d",
}


def _parse_dtype(dt) -> tdt.dtype:
    """A tiledsl dtype from a dtype, ``"fp32"``, ``"*fp32"`` / ``"ptr<fp32>"``, numpy or torch."""
    if isinstance(dt, tdt.dtype):
        return dt
    if isinstance(dt, str):
        text = dt.strip()
        if text.startswith("*"):
            return tdt.pointer_type(tdt.parse(text[1:]))
        if text.startswith("ptr<") and text.endswith(">"):
            return tdt.pointer_type(tdt.parse(text[4:-1]))
    return tdt.parse(dt)


def normalize_arg_specs(arg_specs) -> list[tuple[str, tdt.dtype]]:
    """Accept ``[(name, dtype)]``, ``[obj with .name and .dtype]`` or ``{name: dtype}``."""
    if isinstance(arg_specs, dict):
        arg_specs = list(arg_specs.items())
    out = []
    for spec in arg_specs:
        if isinstance(spec, (tuple, list)):
            name, dt = spec[0], spec[1]
        else:
            name, dt = spec.name, getattr(spec, "dtype", None) or getattr(spec, "ty")
        out.append((str(name), _parse_dtype(dt)))
    return out


def _bf16_bits(value):
    """The bits of ``value`` as bfloat16; None (which ``pack_into`` rejects, sending the
    launch to the argument diagnosis) when it is not a number."""
    import numpy as np
    try:
        return int(np.asarray(value, dtype=tdt.bfloat16.np).view(np.uint16))
    except (TypeError, ValueError):
        return None


# -- check status -> exceptions ----------------------------------------------------------------

_CHECK_KINDS = {
    "assert": DeviceAssertionError, "device_assert": DeviceAssertionError,
    "bounds": OutOfBoundsError, "oob": OutOfBoundsError, "out_of_bounds": OutOfBoundsError,
    "overflow": IndexOverflowError, "uninitialized": UninitializedReadError,
}


def _field(check, *names):
    get = check.get if isinstance(check, dict) else (lambda n: getattr(check, n, None))
    return next((get(n) for n in names if get(n) is not None), None)


def check_error(status: int, checks, kernel_name: str) -> KernelRuntimeError:
    """The exception for a kernel that reported ``status`` (= failed check index + 1)."""
    k = status - 1
    if not 0 <= k < len(checks):
        return KernelRuntimeError(f"ptx kernel {kernel_name!r} reported status {status}, "
                                  f"which names none of its {len(checks)} checks")
    check = checks[k]
    kind = str(_field(check, "kind") or "assert").lower()
    cls = _CHECK_KINDS.get(kind, KernelRuntimeError)
    default = {"assert": "device assertion failed", "bounds": "out-of-bounds access"}.get(
        kind, f"{kind} check failed")
    message = _field(check, "message", "msg") or default
    return cls(f"{message} (in ptx kernel {kernel_name!r})", _field(check, "loc"))


# -- modules -----------------------------------------------------------------------------------

def _arch_number(arch: str) -> int:
    return int(arch[3:].rstrip("af"))


class PtxModule:
    """The PTX of one compilation unit, loaded lazily on each device it is launched on.

    ``cache``: a :class:`tiledsl.runtime.cache.DiskCache`, None for the default cache, or
    False for none. ``driver``: a :class:`CudaDriver` (default: the process-wide one).
    """

    def __init__(self, ptx: str, *, cache=None, driver=None):
        self.ptx = ptx
        self.target = toolchain.ptx_target(ptx)
        self._cache_arg = cache
        self._driver = driver
        self._loaded: dict[int, tuple[object, dict[str, tuple[object, int]]]] = {}
        self._launchers: dict[tuple, KernelLauncher] = {}
        self.lock = threading.RLock()
        self.log = ""  # ptxas' -v report of the last assembly (registers, spills)
        self.loaded_from = {}  # dev -> "cache" | "ptxas" | "jit", for tests and reports
        self._source = ""

    @classmethod
    def from_llir(cls, llir: str, arch: str | None = None, ptx_version=None, *, cache=None,
                  driver=None) -> "PtxModule":
        """Lower LLVM IR to PTX (cached on disk) and wrap it; no GPU needed until launch."""
        arch = toolchain.normalize_arch(arch or toolchain.arch_of_device())
        disk = _resolve_cache(cache)
        key = None
        if disk is not None:
            from tiledsl.runtime.cache import cache_key
            key = cache_key("ptx-from-llir", llir, arch, ptx_version,
                            toolchain.compiler_fingerprint()[:4], knobs.codegen_fingerprint())
            hit = disk.get(key, "kernel.ptx")
            if hit is not None:
                return cls(hit.decode(), cache=cache, driver=driver)
        ptx = toolchain.llir_to_ptx(llir, arch, ptx_version)
        if disk is not None:
            disk.put(key, "kernel.ptx", ptx.encode())
        return cls(ptx, cache=cache, driver=driver)

    @property
    def driver(self):
        if self._driver is None:
            self._driver = cuda_driver()
        return self._driver

    def entries(self) -> dict[str, list[str]]:
        """Kernel name -> PTX parameter types, parsed from the text."""
        return toolchain.parse_entries(self.ptx)

    # -- assembling and loading ----------------------------------------------------------
    def arch_for_device(self, dev: int) -> str:
        """The arch to assemble this PTX for on device ``dev`` (raises if it cannot run)."""
        major, minor = self.driver.capability(dev)
        device_num = major * 10 + minor
        target_num = _arch_number(self.target)
        if self.target.endswith("a"):  # arch-specific code runs only on that exact chip
            ok = device_num == target_num
            arch = self.target
        else:
            ok = device_num >= target_num
            arch = f"sm_{device_num}" if f"sm_{device_num}" in toolchain.MIN_PTX_VERSION \
                else self.target
        if not ok:
            raise BackendUnavailableError(
                f"this PTX targets {self.target} but device {dev} is sm_{device_num}; compile "
                f"on this machine or set TILEDSL_PTX_ARCH=sm_{device_num}")
        return arch

    def cubin(self, arch: str) -> bytes:
        """The cubin for ``arch``, from the disk cache or ptxas (which must be available)."""
        disk = _resolve_cache(self._cache_arg)
        key = None
        if disk is not None:
            from tiledsl.runtime.cache import cache_key
            key = cache_key("ptx-cubin", self.ptx, arch, self._driver_versions(),
                            toolchain.compiler_fingerprint())
            hit = disk.get(key, "kernel.cubin")
            if hit is not None:
                self._source = "cache"
                return hit
        result = toolchain.assemble(self.ptx, arch)
        self.log = result.log
        self._source = "ptxas"
        if disk is not None:
            disk.put(key, "kernel.ptx", self.ptx.encode())
            disk.put(key, "kernel.cubin", result.cubin)
        return result.cubin

    def _driver_versions(self):
        """(driver, runtime) versions for cache keys; None where there is no GPU (CI)."""
        try:
            return self.driver.versions()
        except BackendUnavailableError:
            return None

    def _module_on(self, dev: int):
        entry = self._loaded.get(dev)
        if entry is not None:
            return entry
        with self.lock:
            if dev in self._loaded:
                return self._loaded[dev]
            arch = self.arch_for_device(dev)
            errors = []
            module = None
            if toolchain.ptxas_available():
                try:
                    image = self.cubin(arch)
                except CompilationError as exc:
                    # e.g. an older ptxas (triton's) that does not know this PTX version;
                    # the driver's JIT may still take it. If not, ptxas' message leads.
                    errors.append(str(exc))
                    image = None
                try:
                    if image is not None:
                        module = self.driver.load(dev, image)
                        self.loaded_from[dev] = self._source
                except Exception as exc:  # noqa: BLE001 - e.g. a ptxas newer than the driver
                    errors.append(f"cubin ({arch}): {exc}")
            if module is None:
                try:
                    module = self.driver.load(dev, self.ptx.encode() + b"\0")
                    self.loaded_from[dev] = "jit"
                except Exception as exc:  # noqa: BLE001
                    errors.append(f"PTX JIT: {exc}")
                    raise CompilationError("the CUDA driver could not load the kernel:\n"
                                           + "\n".join(errors)) from None
            entry = self._loaded[dev] = (module, {})
            return entry

    def function(self, name: str, dev: int | None = None) -> int:
        """The ``CUfunction`` handle of kernel ``name`` on device ``dev`` (default: current)."""
        dev = self.driver.get_device() if dev is None else dev
        module, fns = self._module_on(dev)
        hit = fns.get(name)
        if hit is None:
            try:
                hit = fns[name] = self.driver.function(module, name)
            except Exception as exc:  # noqa: BLE001
                names = ", ".join(self.entries()) or "none"
                raise LaunchError(f"no kernel {name!r} in this PTX (entries: {names}): "
                                  f"{exc}") from None
        return hit[1]

    def launcher(self, name: str, arg_specs, num_warps: int = 4, shared_bytes: int = 0,
                 meta: dict | None = None) -> "KernelLauncher":
        """The (cached) launcher of kernel ``name``; hold on to it for the fastest launches."""
        key = (name, int(num_warps), int(shared_bytes))
        lau = self._launchers.get(key)
        if lau is None:
            lau = self._launchers[key] = KernelLauncher(self, name, arg_specs, num_warps,
                                                        shared_bytes, meta)
        return lau

    def __repr__(self) -> str:
        return f"PtxModule(target={self.target}, entries={list(self.entries())})"


def _resolve_cache(cache):
    if cache is False:
        return None
    if cache is None:
        from tiledsl.runtime.cache import default_cache
        return default_cache()
    return cache


# -- launching ---------------------------------------------------------------------------------

class _DeviceState:
    """What a launcher needs per device: the function handle and its status word."""
    __slots__ = ("fptr", "status", "status_keep")

    def __init__(self, fptr: int, status: int, status_keep):
        self.fptr, self.status, self.status_keep = fptr, status, status_keep


class KernelLauncher:
    """Launches kernel ``name`` of a :class:`PtxModule`: ``launcher(grid3, args)``.

    ``args`` are the runtime arguments in ABI order (no constexprs, no status buffer);
    ``grid3`` is three ints. See the module docstring for what a call costs and checks.
    """

    def __init__(self, module: PtxModule, name: str, arg_specs, num_warps: int = 4,
                 shared_bytes: int = 0, meta: dict | None = None):
        self.module, self.name = module, name
        self.arg_specs = normalize_arg_specs(arg_specs)
        self.meta = dict(meta or {})
        self.num_warps, self.shared_bytes = int(num_warps), int(shared_bytes)
        self.block = 32 * self.num_warps
        if not 1 <= self.block <= 1024:
            raise LaunchError(f"num_warps={num_warps} gives {self.block} threads per block; "
                              f"CUDA allows 32 to 1024")
        if self.shared_bytes < 0:
            raise LaunchError(f"negative shared memory size {shared_bytes}")
        self._check_abi()
        self.checks = list(self.meta.get("checks") or [])
        debug = self.meta.get("debug")
        self.debug = knobs.DEBUG.as_bool() if debug is None else bool(debug)
        self.synchronous = self.debug or bool(self.checks)
        self._struct = struct.Struct(
            "<" + "".join(self._slot_fmt(dt) for _, dt in self.arg_specs) + "Q")
        # Two parameter blocks: one for the thread that made the launcher (no lock: nobody
        # else touches it), one shared by all other threads under a lock.
        self._owner = threading.get_ident()
        self._buf, self._params = self._param_block()
        self._shared_buf, self._shared_params = self._param_block()
        self._states: dict[int, _DeviceState] = {}
        self._lock = threading.Lock()
        self.source = self._generate()
        self._ns = self._namespace()
        exec(compile(self.source, f"<tiledsl ptx launcher {name}>", "exec"), self._ns)
        # The generated function itself: calling ``launcher.run(grid, args)`` skips the
        # ``__call__`` frame (about 0.1 us); the backend's hot path uses it.
        self.run = self._launch = self._ns["launch"]

    def _check_abi(self) -> None:
        """The PTX entry must take the runtime arguments plus the status pointer, each of
        the size its dtype says: a lowering/runtime disagreement fails here, not on the GPU."""
        params = self.module.entries().get(self.name)
        if params is None:
            return  # reported by PtxModule.function with the list of entries
        expected = len(self.arg_specs) + 1
        where = f"ptx kernel {self.name!r}"
        if len(params) != expected:
            raise CompilationError(
                f"{where} takes {len(params)} parameters but its {len(self.arg_specs)} runtime "
                f"arguments plus tiledsl_status make {expected} (kernel ABI mismatch)")
        for i, ((arg, dt), ptx_type) in enumerate(zip(self.arg_specs, params)):
            size = _ptx_param_size(ptx_type)
            if size is not None and size != dt.itemsize:
                raise CompilationError(
                    f"{where}: parameter {i} ({arg!r}, {dt.name}) is {ptx_type} in the PTX, "
                    f"{size} bytes instead of {dt.itemsize} (kernel ABI mismatch)")

    def _param_block(self):
        """A zeroed block of 8-byte slots and the ``void*`` array pointing at each slot."""
        n = len(self.arg_specs) + 1
        buf = ctypes.create_string_buffer(_SLOT * n)
        base = ctypes.addressof(buf)
        return buf, (ctypes.c_void_p * n)(*[base + _SLOT * i for i in range(n)])

    @staticmethod
    def _slot_fmt(dt: tdt.dtype) -> str:
        fmt = "Q" if dt.is_ptr() else _SCALAR_FMT[dt.name]
        return fmt + "x" * (_SLOT - struct.calcsize("<" + fmt))

    def __call__(self, grid, args) -> None:
        self._launch(grid, args)

    # -- code generation -----------------------------------------------------------------
    def _generate(self) -> str:
        """Python source of the hot path, specialised to this argument list."""
        n = len(self.arg_specs)
        names = [f"a{i}" for i in range(n)]
        lines = ["def launch(grid, args):"]
        if n:
            lines += ["    try:", f"        {', '.join(names)}, = args",
                      "    except (TypeError, ValueError):", "        bad_count(args)"]
        else:
            lines += ["    if args:", "        bad_count(args)"]
        lines += ["    gx, gy, gz = grid",
                  "    if gx <= 0 or gy <= 0 or gz <= 0:",
                  "        return empty_grid(grid)"]
        # With one GPU the device is always 0: no get_device(), no dict, and a cupy array
        # cannot live elsewhere (a torch tensor still gets get_device(): -1 means CPU).
        single = getattr(self.module.driver, "device_count", 0) == 1
        if single:
            lines += ["    dev = 0", "    st = ONLY", "    if st is None:",
                      "        st = prepare(0)"]
        else:
            lines += ["    dev = get_device()", "    st = states.get(dev)", "    if st is None:",
                      "        st = prepare(dev)"]
        lines.append("    uses_torch = False")
        values = []
        for i, (_, dt) in enumerate(self.arg_specs):
            a = names[i]
            if dt.is_ptr():
                lines += [f"    t = type({a})", "    if t is CP:"]
                if single:
                    lines.append(f"        p{i} = {a}.data.ptr")
                else:
                    lines += [f"        m = {a}.data", "        if m.device_id != dev:",
                              f"            bad_device({i}, {a}, dev)", f"        p{i} = m.ptr"]
                lines += ["    elif t is TT:",
                          f"        if {a}.get_device() != dev:",
                          f"            bad_device({i}, {a}, dev)",
                          f"        p{i} = {a}.data_ptr()",
                          "        uses_torch = True",
                          "    else:",
                          f"        p{i}, torch_{i} = slow_pointer({i}, {a}, dev)",
                          f"        uses_torch = uses_torch or torch_{i}"]
                values.append(f"p{i}")
            elif dt.name == "bf16":
                values.append(f"bf16_bits({a})")
            else:
                values.append(a)
        values.append("st.status")
        lines += ["    stream = torch_stream(dev) if uses_torch else cupy_stream()",
                  "    if get_ident() != OWNER:",
                  f"        return shared_launch(st, grid, stream, args, {', '.join(values)})",
                  "    try:",
                  f"        pack_into(buf, 0, {', '.join(values)})",
                  "    except PACK_ERRORS:",
                  "        bad_scalar(args)",
                  "    try:",
                  "        launch_kernel(st.fptr, gx, gy, gz, BLOCK, 1, 1, SMEM, stream,"
                  " PARAMS, 0)",
                  "    except DRIVER_ERROR as exc:",
                  "        retry_launch(exc, st, grid, stream, PARAMS)"]
        if self.synchronous:
            lines.append("    after_launch(st, stream)")
        return "\n".join(lines) + "\n"

    def _namespace(self) -> dict:
        drv = self.module.driver
        torch = sys.modules.get("torch")
        ns = {
            "CP": drv.ndarray_type,
            "TT": torch.Tensor if torch is not None else _NoType,
            "get_device": drv.get_device, "launch_kernel": drv.launch_kernel,
            "cupy_stream": drv.current_stream, "DRIVER_ERROR": drv.driver_error,
            "torch_stream": self._lazy_torch_stream,
            "states": self._states, "prepare": self._prepare, "ONLY": None,
            "get_ident": threading.get_ident, "OWNER": self._owner,
            "shared_launch": self._shared_launch,
            "pack_into": self._struct.pack_into, "buf": self._buf,
            "PARAMS": ctypes.addressof(self._params), "BLOCK": self.block,
            "SMEM": self.shared_bytes, "PACK_ERRORS": (struct.error, OverflowError, TypeError),
            "bf16_bits": _bf16_bits, "bad_count": self._bad_count,
            "empty_grid": self._empty_grid, "bad_device": self._bad_device,
            "slow_pointer": self._slow_pointer, "bad_scalar": self._bad_scalar,
            "retry_launch": self._retry_launch, "after_launch": self._after_launch,
        }
        if torch is not None and hasattr(torch, "cuda"):
            try:
                ns["torch_stream"] = drv.torch_stream_fn()
            except Exception:  # noqa: BLE001 - fake drivers in tests, odd torch builds
                pass
        return ns

    def _lazy_torch_stream(self, dev: int) -> int:
        fn = self._ns["torch_stream"] = self.module.driver.torch_stream_fn()
        return fn(dev)

    # -- slow paths (first launch on a device, unusual arguments, errors) ----------------
    def _prepare(self, dev: int) -> _DeviceState:
        with self.module.lock:
            st = self._states.get(dev)
            if st is not None:
                return st
            drv = self.module.driver
            fptr = self.module.function(self.name, dev)
            if self.shared_bytes > _DEFAULT_SMEM_LIMIT:
                limit = drv.smem_optin(dev)
                if self.shared_bytes > limit:
                    raise LaunchError(f"kernel {self.name!r} needs {self.shared_bytes} bytes "
                                      f"of shared memory; device {dev} allows {limit}")
                drv.set_max_dynamic_smem(fptr, self.shared_bytes)
            keep, status = drv.new_status(dev)
            st = self._states[dev] = _DeviceState(fptr, status, keep)
            if dev == 0:
                self._ns["ONLY"] = st  # read by the single-GPU form of the hot path
            return st

    def _where(self, index: int) -> str:
        return f"argument {index} ({self.arg_specs[index][0]!r}) of ptx kernel {self.name!r}"

    def _bad_count(self, args):
        names = ", ".join(n for n, _ in self.arg_specs)
        got = len(args) if hasattr(args, "__len__") else type(args).__name__
        raise LaunchError(f"ptx kernel {self.name!r} takes {len(self.arg_specs)} runtime "
                          f"arguments ({names}), got {got}")

    @staticmethod
    def _empty_grid(grid) -> None:  # a zero extent launches nothing, as in Triton
        if any(int(g) < 0 for g in grid):
            raise LaunchError(f"negative grid {tuple(grid)}")

    def _bad_device(self, index: int, arg, dev: int):
        where = self._where(index)
        if type(arg).__module__.startswith("torch") and not getattr(arg, "is_cuda", True):
            raise LaunchError(f"{where} is a CPU torch tensor; the ptx backend needs CUDA "
                              f"memory (use tensor.cuda() or run on the cpu backend)")
        raise LaunchError(f"{where} lives on another device than the current CUDA device "
                          f"{dev}; switch devices (torch.cuda.device / cupy.cuda.Device) first")

    def _slow_pointer(self, index: int, arg, dev: int) -> tuple[int, bool]:
        """Data pointer of a pointer argument the fast path did not recognise."""
        where = self._where(index)
        torch = sys.modules.get("torch")
        if torch is not None and isinstance(arg, torch.Tensor):
            if self._ns["TT"] is _NoType:  # torch was imported after this launcher was made
                self._ns["TT"] = torch.Tensor
            if arg.get_device() != dev:
                self._bad_device(index, arg, dev)
            return arg.data_ptr(), True
        if isinstance(arg, self.module.driver.ndarray_type):
            if arg.data.device_id != dev:
                self._bad_device(index, arg, dev)
            return arg.data.ptr, False
        if type(arg).__module__ == "numpy" or hasattr(arg, "__array_interface__"):
            raise LaunchError(f"{where} is a CPU numpy array; the ptx backend needs device "
                              f"memory (cupy.asarray(x) or a CUDA torch tensor). tiledsl does "
                              f"not copy arrays between host and device behind your back")
        cai = getattr(arg, "__cuda_array_interface__", None)
        if cai is not None:
            return int(cai["data"][0]), False
        raise LaunchError(f"{where} must be a cupy array or a CUDA torch tensor, got "
                          f"{type(arg).__name__}")

    def _bad_scalar(self, args):
        """pack_into failed: find the argument that does not fit its dtype and name it."""
        for i, (_, dt) in enumerate(self.arg_specs):
            if dt.is_ptr():
                continue
            value = args[i]
            try:
                if dt.name == "bf16" and _bf16_bits(value) is None:
                    raise TypeError("not a number")
                struct.pack("<" + _SCALAR_FMT[dt.name], value if dt.name != "bf16" else 0)
            except (struct.error, OverflowError, TypeError, ValueError) as exc:
                raise LaunchError(f"{self._where(i)} expects {dt.name}, got "
                                  f"{type(value).__name__} {value!r} ({exc})") from None
        raise LaunchError(f"cannot pack the arguments of ptx kernel {self.name!r}")

    def _shared_launch(self, st: _DeviceState, grid, stream, args, *values) -> None:
        """The launch path of threads other than the owner: a locked second block."""
        with self._lock:
            try:
                self._struct.pack_into(self._shared_buf, 0, *values)
            except (struct.error, OverflowError, TypeError):
                self._bad_scalar(args)
            params = ctypes.addressof(self._shared_params)
            try:
                self.module.driver.launch_kernel(st.fptr, *grid, self.block, 1, 1,
                                                 self.shared_bytes, stream, params, 0)
            except self.module.driver.driver_error as exc:
                self._retry_launch(exc, st, grid, stream, params)
        if self.synchronous:
            self._after_launch(st, stream)

    def _retry_launch(self, exc, st: _DeviceState, grid, stream, params: int) -> None:
        """A launch failed: a thread without a CUDA context gets one and retries once."""
        drv = self.module.driver
        if "INVALID_CONTEXT" in str(exc):
            drv.ensure_context()
            try:
                drv.launch_kernel(st.fptr, *grid, self.block, 1, 1, self.shared_bytes, stream,
                                  params, 0)
                return
            except drv.driver_error as again:
                exc = again
        what = (f"launching ptx kernel {self.name!r} with grid {tuple(grid)}, block "
                f"({self.block}, 1, 1) and {self.shared_bytes} bytes of shared memory failed")
        text = str(exc)
        if any(code in text for code in _CONFIG_ERRORS):
            raise LaunchError(f"{what}: {text}") from None
        # Anything else (an illegal address, ...) is usually left over from an earlier
        # asynchronous kernel; TILEDSL_DEBUG=1 synchronises after every launch to find it.
        raise KernelRuntimeError(f"{what}: {text} (possibly from an earlier kernel; "
                                 f"TILEDSL_DEBUG=1 checks after every launch)") from None

    def _after_launch(self, st: _DeviceState, stream: int) -> None:
        """Debug/checks mode: wait for the kernel and turn its status into an exception."""
        drv = self.module.driver
        try:
            drv.synchronize(stream)
        except Exception as exc:  # noqa: BLE001 - e.g. an illegal address (context is lost)
            raise KernelRuntimeError(f"ptx kernel {self.name!r} failed: {exc}") from None
        status = drv.read_status(st.status_keep)
        if status:
            drv.clear_status(st.status_keep)
            raise check_error(status, self.checks, self.name)


def _ptx_param_size(ptx_type: str) -> int | None:
    """Bytes of a parameter type from :func:`toolchain.parse_entries` (None if unknown)."""
    m = re.fullmatch(r"\.[a-z]+(\d+)(?:\[(\d+)\])?", ptx_type)
    if not m:
        return None
    return int(m.group(2)) if m.group(2) else int(m.group(1)) // 8


class _NoType:
    """Stands in for ``torch.Tensor`` while torch is not imported (``type(x) is`` never hits)."""


def launch(module: PtxModule, name: str, grid3, num_warps: int, shared_bytes: int, args,
           arg_specs, meta: dict | None = None) -> None:
    """Launch kernel ``name`` of ``module`` over ``grid3`` with ``32 * num_warps`` threads.

    Convenience form: looks the launcher up on the module each call (one dict lookup). Code
    that launches the same kernel often should keep ``module.launcher(...)`` and call it.
    """
    lau = module._launchers.get((name, num_warps, shared_bytes))
    if lau is None:
        lau = module.launcher(name, arg_specs, num_warps, shared_bytes, meta)
    lau.run(grid3, args)


def load_compiled(compiled, *, cache=None, driver=None) -> KernelLauncher:
    """The launcher of a ``CompiledKernel`` of the ptx backend, kept in ``compiled.handle``.

    Uses ``asm["ptx"]`` (or lowers ``asm["llir"]``), ``name``, ``arg_specs`` and ``meta``
    (``num_warps``, ``shared``, ``checks``, ``debug``).
    """
    handle = compiled.handle
    if isinstance(handle, KernelLauncher):
        return handle
    ptx = compiled.asm.get("ptx")
    if ptx:
        module = PtxModule(ptx, cache=cache, driver=driver)
    elif compiled.asm.get("llir"):
        module = PtxModule.from_llir(compiled.asm["llir"], cache=cache, driver=driver)
    else:
        raise CompilationError(f"compiled kernel {compiled.name!r} has neither PTX nor LLVM IR")
    meta = compiled.meta or {}
    compiled.handle = module.launcher(compiled.name, compiled.arg_specs,
                                      meta.get("num_warps", 4), meta.get("shared", 0), meta)
    return compiled.handle


def launch_compiled(compiled, grid, args) -> None:
    """Launch a ``CompiledKernel`` over ``grid`` (three ints) with its runtime ``args``."""
    launcher = compiled.handle
    if not isinstance(launcher, KernelLauncher):
        launcher = load_compiled(compiled)
    launcher.run(grid, args)


def synchronize() -> None:
    """Wait for all work on the current CUDA device (cupy's and torch's streams alike)."""
    cuda_driver()._rt.deviceSynchronize()
