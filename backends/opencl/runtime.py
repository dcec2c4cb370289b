"""Building OpenCL C programs (with a per-device binary cache) and launching kernels.

``build(source, kernel_name, options)`` compiles once per (source, device, driver, options):
first from the process's memory, then from the on-disk cache (``tiledsl.runtime.cache``) as a
device binary, and only then from source, storing the binary for the next process.
``build_stats()`` counts which of the three happened, so tests can tell a binary load from a
source build.

``launch(kernel, grid, local_size, args, arg_specs, meta)`` follows the kernel ABI in
``backends/README.md``: one program instance is one work-group, the NDRange is
``(grid[0] * local_size, grid[1], grid[2])`` with local size ``(local_size, 1, 1)``, and a
trailing ``__global int *tiledsl_status`` is appended; a nonzero status ``k + 1`` raises the
error described by ``meta["checks"][k]``.

Arguments: pyopencl arrays and buffers are used in place (launched asynchronously, ordered
after the array's pending events). numpy arrays and CPU torch tensors: on devices whose memory
is host memory (PoCL and other CPU devices) the kernel gets a ``USE_HOST_PTR`` buffer over the
array itself, no copies; elsewhere they are copied into pooled device buffers, the kernel runs,
and the pointer arguments it may write are copied back. Either way ``launch`` returns after
the kernel's writes are in host memory.

Scalars are converted to the declared dtype, with three exceptions that the lowering's
parameter types must match: ``int1`` is passed as ``uchar`` (0/1), and ``fp16`` and ``bf16``
as ``float`` holding the value rounded to that dtype (``half`` parameters would need
cl_khr_fp16; OpenCL C has no bf16 at all).
"""
from __future__ import annotations

import ctypes
import logging
import re
import sys
import threading
import time
from dataclasses import dataclass, field

import numpy as np

from tiledsl import dtypes as _dt
from tiledsl.errors import (CompilationError, DeviceAssertionError, IndexOverflowError,
                            KernelRuntimeError, LaunchError, OutOfBoundsError,
                            UninitializedReadError, UnsupportedError)

from .device import (describe, device_info, get_context, get_queue, is_available, reset,
                     selection)

__all__ = ["Kernel", "build", "launch", "load_compiled", "launch_compiled", "build_stats",
           "clear_memory_cache", "synchronize", "check_error",
           "get_context", "get_queue", "device_info", "is_available", "describe", "reset"]

log = logging.getLogger("tiledsl.opencl")

# Bumped when what this module passes to the compiler changes in a way the cache key's other
# parts do not capture.
_CACHE_FORMAT = 1
_BINARY_NAME = "program.clbin"


# -- building ----------------------------------------------------------------------------------

@dataclass
class BuildStats:
    """How ``build`` obtained each program: counters, for tests and reports."""
    source_builds: int = 0     # compiled from OpenCL C
    binary_loads: int = 0      # loaded a device binary from the disk cache
    memory_hits: int = 0       # already built in this process
    binaries_rejected: int = 0  # a cached binary the driver refused (rebuilt from source)


_stats = BuildStats()
_programs: dict[str, tuple[object, str, float]] = {}  # key -> (program, origin, seconds)
_kernels: dict[tuple[str, str], "Kernel"] = {}
_build_lock = threading.Lock()


def build_stats() -> dict[str, int]:
    """A snapshot of the build counters of this process."""
    return dict(vars(_stats))


def clear_memory_cache() -> None:
    """Forget the programs built in this process (the disk cache stays); for tests."""
    with _build_lock:
        _programs.clear()
        _kernels.clear()


@dataclass(eq=False)
class Kernel:
    """One ``__kernel`` of a built program, ready for ``launch``."""
    name: str
    source: str
    options: tuple[str, ...]
    key: str
    origin: str            # "source", "binary" (disk cache) or "memory" (for this object: how
    build_seconds: float   # its program was first obtained) and the seconds that took
    cl_kernel: object = field(repr=False)
    program: object = field(repr=False)
    max_work_group_size: int = 0  # for this kernel on this device (registers may limit it)
    num_args: int = 0             # C parameters, tiledsl_status included
    context_id: int = 0           # int_ptr of the context it was built in
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    spec_cache: tuple | None = field(default=None, repr=False)

    @property
    def binary(self) -> bytes:
        """The device binary of the program (what the disk cache stores)."""
        import pyopencl as cl
        return bytes(self.program.get_info(cl.program_info.BINARIES)[0])


_PRAGMA = re.compile(r"#\s*pragma\s+OPENCL\s+EXTENSION\s+(\w+)\s*:\s*enable")
_WHY_EXTENSION = {
    "cl_khr_fp16": "half-precision arithmetic; fp16 loads and stores through "
                   "vload_half/vstore_half need no extension",
    "cl_khr_fp64": "double-precision arithmetic",
}


def _check_extensions(source: str, kernel_name: str, info) -> None:
    """Fail early, and clearly, when the source enables an extension the device lacks."""
    for ext in _PRAGMA.findall(source):
        if ext != "all" and ext not in info.extensions:
            why = _WHY_EXTENSION.get(ext)
            raise UnsupportedError(
                f"OpenCL kernel {kernel_name!r} needs the extension {ext}"
                + (f" ({why})" if why else "")
                + f", which the device {info} does not support"
                + ("; use a device with cl_khr_fp16 (TILEDSL_OPENCL_DEVICE) or compute in fp32"
                   if ext == "cl_khr_fp16" else ""))


def _disk_cache():
    from tiledsl.runtime.cache import default_cache
    return default_cache()


def _program_key(source: str, options: tuple[str, ...], info) -> str:
    from tiledsl.runtime.cache import cache_key
    return cache_key("opencl-program", _CACHE_FORMAT, source, options, info.fingerprint())


# "file.cl:3:14:" (PoCL, clang), "<kernel>:3:14:" (NVIDIA), "1:3:14:" (Intel): line 3
_LOG_LOC = re.compile(r"(?:\.cl|>|(?<![\w.])\d+):(\d+):\d+:")


def _quote_source_lines(source: str, log_text: str, limit: int = 5) -> str:
    """The source lines a build log points at (``file:line:col``), numbered."""
    lines = source.splitlines()
    seen: list[int] = []
    for m in _LOG_LOC.finditer(log_text):
        n = int(m.group(1))
        if n not in seen and 1 <= n <= len(lines):
            seen.append(n)
    return "".join(f"\n  {n:4d} | {lines[n - 1]}" for n in seen[:limit])


def _build_failure(exc: Exception, source: str, kernel_name: str, options, info) -> Exception:
    text = str(exc)
    # pyopencl repeats the status line; the build log follows "Build on <device>:"
    _, _, rest = text.partition("Build on ")
    if rest:  # drop "<pyopencl.Device ...>:" (the device is named in our message)
        rest = rest.partition(">:")[2] if ">:" in rest else rest.partition(":")[2]
    build_log = rest.strip() if rest else text.strip()
    build_log = re.sub(r"\n\(options: .*\)\s*$", "", build_log)
    quoted = _quote_source_lines(source, build_log)
    err = CompilationError(
        f"OpenCL C build of kernel {kernel_name!r} failed on {info} "
        f"(options: {' '.join(options) or 'none'}):\n{build_log}"
        + (f"\nat:{quoted}" if quoted else ""))
    err.build_log = build_log
    err.source = source
    return err


def _from_source(cl, ctx, dev, source, options, kernel_name, info):
    # cache_dir=False: pyopencl's own binary cache would hide our counters and keep a second
    # copy of every binary elsewhere on disk.
    try:
        return cl.Program(ctx, source).build(list(options), devices=[dev], cache_dir=False)
    except cl.Error as exc:
        raise _build_failure(exc, source, kernel_name, options, info) from None


def _obtain_program(source: str, options: tuple[str, ...], kernel_name: str):
    import pyopencl as cl
    sel = selection()
    info, ctx, dev = sel.info, sel.context, sel.device
    key = _program_key(source, options, info)
    # programs belong to a context: a re-chosen device (reset, knob) must not reuse them
    mkey = f"{key}@{ctx.int_ptr:x}"
    hit = _programs.get(mkey)
    if hit is not None:
        _stats.memory_hits += 1
        return mkey, hit
    t0 = time.perf_counter()
    cache = _disk_cache()
    blob = cache.get(key, _BINARY_NAME)
    program = None
    origin = "binary"
    if blob is not None:
        try:
            program = cl.Program(ctx, [dev], [blob]).build(list(options), devices=[dev])
            _stats.binary_loads += 1
        except cl.Error as exc:  # a driver update can make old binaries unloadable
            log.warning("tiledsl opencl: cached binary for %r rejected by %s (%s); "
                        "rebuilding from source", kernel_name, info.name,
                        str(exc).splitlines()[0])
            _stats.binaries_rejected += 1
            program = None
    if program is None:
        origin = "source"
        program = _from_source(cl, ctx, dev, source, options, kernel_name, info)
        _stats.source_builds += 1
        binary = program.get_info(cl.program_info.BINARIES)[0]
        if binary:
            cache.put(key, _BINARY_NAME, bytes(binary))
    seconds = time.perf_counter() - t0
    log.debug("tiledsl opencl: %r from %s in %.1f ms", kernel_name, origin, seconds * 1e3)
    _programs[mkey] = (program, origin, seconds)
    return mkey, (program, origin, seconds)


def build(source: str, kernel_name: str, options=()) -> Kernel:
    """Compile ``source`` for the chosen device and return its ``__kernel kernel_name``.

    Raises ``CompilationError`` with the build log (and the source lines it points at) when
    the driver rejects the program, ``UnsupportedError`` when the source enables an extension
    the device lacks, ``BackendUnavailableError`` when there is no usable device.
    """
    info = device_info()  # first: no device (or no pyopencl) is a BackendUnavailableError
    import pyopencl as cl
    options = tuple(str(o) for o in options)
    _check_extensions(source, kernel_name, info)
    with _build_lock:
        key, (program, origin, seconds) = _obtain_program(source, options, kernel_name)
        cached = _kernels.get((key, kernel_name))
        if cached is not None:
            return cached
        try:
            cl_kernel = cl.Kernel(program, kernel_name)
        except cl.Error:
            names = program.get_info(cl.program_info.KERNEL_NAMES)
            raise CompilationError(
                f"the OpenCL program has no kernel {kernel_name!r} (it has: {names})") from None
        wg = cl_kernel.get_work_group_info(cl.kernel_work_group_info.WORK_GROUP_SIZE,
                                           selection().device)
        kernel = Kernel(kernel_name, source, options, key, origin, seconds, cl_kernel, program,
                        int(wg), int(cl_kernel.num_args), selection().context.int_ptr)
        _kernels[(key, kernel_name)] = kernel
        return kernel


# -- device buffers ----------------------------------------------------------------------------

class _BufferPool:
    """A few device buffers kept between launches, matched by size rounded up to 256 bytes.

    Launching on host arrays would otherwise allocate (and on some drivers zero) fresh device
    memory every call. The pool is bounded in count and bytes; when full, the least recently
    returned buffers are freed first, so a new working set replaces an old one.
    """

    def __init__(self, context, max_buffers: int = 16, max_bytes: int = 256 << 20):
        self.context = context
        self.max_buffers, self.max_bytes = max_buffers, max_bytes
        self.free: list = []  # oldest first
        self.bytes = 0
        self.allocations = 0  # how many buffers were created, for tests
        self.lock = threading.Lock()

    @staticmethod
    def _round(nbytes: int) -> int:
        return max(256, (nbytes + 255) // 256 * 256)

    def acquire(self, nbytes: int):
        size = self._round(nbytes)
        with self.lock:
            for i in range(len(self.free) - 1, -1, -1):  # newest first: likely still warm
                if self.free[i].size == size:
                    self.bytes -= size
                    return self.free.pop(i)
            self.allocations += 1
        import pyopencl as cl
        return cl.Buffer(self.context, cl.mem_flags.READ_WRITE, size)

    def release(self, buf) -> None:
        size = buf.size
        if size > self.max_bytes:
            return  # too big to keep: freed when the last reference goes
        with self.lock:
            self.free.append(buf)
            self.bytes += size
            while len(self.free) > self.max_buffers or self.bytes > self.max_bytes:
                self.bytes -= self.free.pop(0).size


_pools: dict[int, _BufferPool] = {}
_pools_lock = threading.Lock()


def _pool(context) -> _BufferPool:
    ident = context.int_ptr
    with _pools_lock:
        pool = _pools.get(ident)
        if pool is None or pool.context != context:
            pool = _pools[ident] = _BufferPool(context)
        return pool


# -- arguments ---------------------------------------------------------------------------------

def _spec(spec) -> tuple[str, object]:
    """(name, dtype) from an arg spec: a pair, a dict, or an object with name/dtype."""
    if isinstance(spec, dict):
        name, ty = spec.get("name"), spec.get("dtype", spec.get("ty"))
    elif isinstance(spec, (tuple, list)) and len(spec) == 2:
        name, ty = spec
    else:
        name, ty = getattr(spec, "name", None), getattr(spec, "dtype", getattr(spec, "ty", None))
    if isinstance(ty, str):
        text = ty.strip()
        if text.startswith("*") or text.startswith("ptr<"):
            ty = _dt.pointer_type(_dt.dtype(text.strip("*").removeprefix("ptr<").rstrip(">")))
        else:
            ty = _dt.dtype(text)
    if not isinstance(ty, _dt.dtype):
        raise LaunchError(f"bad argument spec {spec!r}: no dtype")
    return str(name), ty


_RANGES: dict[str, tuple[int, int]] = {}


def _int_range(ty) -> tuple[int, int]:
    found = _RANGES.get(ty.name)
    if found is None:
        info = np.iinfo(ty.np)
        found = _RANGES[ty.name] = (int(info.min), int(info.max))
    return found


def _scalar(value, ty, name: str):
    """``value`` as the numpy scalar the kernel's C parameter expects."""
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value[()]
    if not isinstance(value, (int, float, bool, np.number, np.bool_)):
        raise LaunchError(f"argument {name!r}: expected a scalar of type {ty}, got "
                          f"{type(value).__name__}")
    if ty.is_bool():
        return np.uint8(bool(value))
    if ty.is_int():
        if isinstance(value, (float, np.floating)):
            if not float(value).is_integer():
                raise LaunchError(f"argument {name!r}: {value!r} is not an integer ({ty})")
        iv = int(value)
        lo, hi = _int_range(ty)
        if not lo <= iv <= hi:
            raise LaunchError(f"argument {name!r}: {iv} does not fit in {ty}")
        return ty.np.type(iv)
    if ty.is_fp16() or ty.is_bf16():  # rounded to the dtype, passed as float (see top)
        return np.float32(ty.np.type(value))
    return ty.np.type(value)


def _torch_numpy(value, name: str):
    """A numpy view sharing memory with a CPU torch tensor (bf16 through its bits)."""
    import torch
    if value.device.type != "cpu":
        raise LaunchError(f"argument {name!r} is a {value.device.type} tensor; the opencl "
                          f"backend takes CPU tensors, numpy arrays or pyopencl arrays")
    t = value.detach()
    if t.dtype == torch.bfloat16:
        return t.view(torch.int16).numpy().view(_dt.bfloat16.np)
    try:
        return t.numpy()
    except (TypeError, RuntimeError) as exc:
        raise LaunchError(f"argument {name!r}: torch tensor of dtype {t.dtype} cannot be "
                          f"passed to the opencl backend ({exc})") from None


def _span(arr: np.ndarray, name: str) -> int:
    """Bytes from element 0 to the end of the last element (what the kernel may address)."""
    if arr.size == 0:
        return 0
    if any(s < 0 for s in arr.strides):
        raise LaunchError(f"argument {name!r} has negative strides {arr.strides}; pass a copy "
                          f"(np.ascontiguousarray)")
    return arr.itemsize + sum((n - 1) * s for n, s in zip(arr.shape, arr.strides))


def _contiguous(arr: np.ndarray) -> bool:
    return arr.flags.c_contiguous or arr.flags.f_contiguous


def _bytes_view(arr: np.ndarray, span: int) -> np.ndarray:
    """A uint8 view of the ``span`` bytes starting at ``arr``'s element 0."""
    if _contiguous(arr) and arr.nbytes == span:
        return arr.reshape(-1, order="A").view(np.uint8)
    raw = (ctypes.c_ubyte * span).from_address(arr.__array_interface__["data"][0])
    return np.ctypeslib.as_array(raw)  # the caller keeps ``arr`` alive while this is used


@dataclass
class _HostGroup:
    """Host arrays starting at one address share one device buffer."""
    address: int
    span: int
    members: list = field(default_factory=list)  # (arg index, array)
    widest: np.ndarray | None = None  # the member whose bytes cover the whole span
    buffer: object = None
    pooled: bool = True  # a staging buffer from the pool, else zero-copy over host memory


def _zero_copy_flags(cl, group: _HostGroup, written, written_known: bool):
    """mem_flags for a buffer over the group's host memory itself, or None to stage a copy.

    Read-only arrays are only lent to the kernel when it is known not to write them.
    """
    if all(arr.flags.writeable for _, arr in group.members):
        return cl.mem_flags.READ_WRITE
    if written_known and not any(i in written for i, _ in group.members):
        return cl.mem_flags.READ_ONLY
    return None


def _element_check(arr_dtype, ty, name: str) -> None:
    want = ty.element_ty.np
    if np.dtype(arr_dtype) != want:
        raise LaunchError(f"argument {name!r} has dtype {np.dtype(arr_dtype)}, but the kernel "
                          f"was compiled for {ty} ({want})")


def _classify(args, specs, written, written_known: bool, ctx):
    """Convert arguments; returns (cl_args, host array groups by address, pyopencl arrays)."""
    cl_mod = sys.modules["pyopencl"]
    cl_array = sys.modules.get("pyopencl.array")
    torch = sys.modules.get("torch")
    cl_args: list = [None] * len(args)
    groups: dict[int, _HostGroup] = {}
    device_arrays: list = []
    for i, (value, (name, ty)) in enumerate(zip(args, specs)):
        if not ty.is_ptr():
            cl_args[i] = _scalar(value, ty, name)
            continue
        if cl_array is not None and isinstance(value, cl_array.Array):
            if value.context != ctx:
                raise LaunchError(f"argument {name!r} is a pyopencl array of another context; "
                                  f"create it with tiledsl's get_queue() / get_context()")
            _element_check(value.dtype, ty, name)
            cl_args[i] = _offset_buffer(value, name)
            device_arrays.append(value)
            continue
        if isinstance(value, cl_mod.MemoryObjectHolder):
            if value.context != ctx:
                raise LaunchError(f"argument {name!r} is an OpenCL buffer of another context")
            cl_args[i] = value
            continue
        if torch is not None and isinstance(value, torch.Tensor):
            arr = _torch_numpy(value, name)
        elif isinstance(value, np.ndarray):
            arr = value
        else:
            raise LaunchError(f"argument {name!r}: the opencl backend cannot pass a "
                              f"{type(value).__module__}.{type(value).__qualname__} as {ty}; "
                              f"use a numpy array, a CPU torch tensor or a pyopencl array")
        _element_check(arr.dtype, ty, name)
        if written_known and i in written and not arr.flags.writeable:
            raise LaunchError(f"argument {name!r} is read-only but the kernel writes it")
        address, span = arr.__array_interface__["data"][0], _span(arr, name)
        group = groups.setdefault(address, _HostGroup(address, 0))
        if group.widest is None or span > group.span:
            group.span, group.widest = span, arr
        group.members.append((i, arr))
    _check_overlaps(list(groups.values()), written, written_known, specs)
    return cl_args, groups, device_arrays


def _check_overlaps(groups, written, written_known: bool, specs) -> None:
    # Arrays starting at one address share a buffer; partial overlaps would be copied to two
    # buffers, so a write through one would not be seen through the other (nor copied back
    # consistently).
    groups = sorted(groups, key=lambda g: g.address)
    for a, b in zip(groups, groups[1:]):
        if a.address + a.span > b.address:
            idx = [i for i, _ in a.members + b.members]
            if any(i in written for i in idx):
                names = ", ".join(repr(specs[i][0]) for i in idx)
                which = "one of them is written" if written_known else \
                    "the kernel's written arguments are not known (meta['written_args'])"
                raise LaunchError(f"arguments {names} overlap in host memory from different "
                                  f"start addresses and {which}; pass separate arrays or "
                                  f"pyopencl arrays")


def _offset_buffer(arr, name: str):
    if not arr.offset:
        return arr.base_data
    align = device_info().mem_base_addr_align
    if arr.offset % align:
        raise LaunchError(f"argument {name!r}: a pyopencl array starting {arr.offset} bytes "
                          f"into its buffer cannot be passed (OpenCL sub-buffers must start "
                          f"at a multiple of {align} bytes); pass a copy")
    # the rest of the buffer: a strided view may address beyond its own nbytes
    return arr.base_data.get_sub_region(arr.offset, arr.base_data.size - arr.offset)


# -- checks ------------------------------------------------------------------------------------

_CHECK_KINDS = {
    "assert": DeviceAssertionError, "device_assert": DeviceAssertionError,
    "bounds": OutOfBoundsError, "oob": OutOfBoundsError, "out_of_bounds": OutOfBoundsError,
    "overflow": IndexOverflowError, "uninitialized": UninitializedReadError,
}


def check_error(check, kernel_name: str = "") -> Exception:
    """The exception for a failed check: ``check`` is an exception instance or class, or a
    dict / object / tuple with ``kind`` ("assert", "bounds", "overflow", ...), ``message``
    (or ``msg``) and ``loc`` (a ``SourceLoc``)."""
    if isinstance(check, BaseException):
        return check
    if isinstance(check, type) and issubclass(check, BaseException):
        return check(f"check failed in OpenCL kernel {kernel_name!r}")
    if isinstance(check, dict):
        kind, msg, loc = check.get("kind"), check.get("message", check.get("msg")), \
            check.get("loc")
    elif isinstance(check, tuple):
        kind, msg, loc = (tuple(check) + (None, None, None))[:3]
    else:
        kind = getattr(check, "kind", None)
        msg = getattr(check, "message", getattr(check, "msg", None))
        loc = getattr(check, "loc", None)
    cls = _CHECK_KINDS.get(str(kind).lower(), KernelRuntimeError)
    return cls(msg or f"{kind or 'check'} failed in OpenCL kernel {kernel_name!r}", loc)


def _raise_status(status: int, checks, kernel_name: str) -> None:
    k = status - 1
    if not 0 <= k < len(checks):
        raise KernelRuntimeError(f"OpenCL kernel {kernel_name!r} reported status {status}, "
                                 f"which names none of its {len(checks)} checks")
    raise check_error(checks[k], kernel_name)


class _StatusBuffers:
    """4-byte status words, one per launch in flight, reused; plus a never-read dummy.

    A word is created zero and only a failing check writes it, so a word read back as 0 is
    still 0 and goes back to the pool without a reset write; a nonzero one is dropped.
    """

    def __init__(self, context):
        import pyopencl as cl
        self.context, self.free, self.lock = context, [], threading.Lock()
        self.dummy = cl.Buffer(context, cl.mem_flags.READ_WRITE, 4)

    def acquire(self):
        with self.lock:
            if self.free:
                return self.free.pop()
        import pyopencl as cl
        return cl.Buffer(self.context, cl.mem_flags.READ_WRITE | cl.mem_flags.COPY_HOST_PTR,
                         hostbuf=np.zeros(1, np.int32))

    def release(self, buf) -> None:
        with self.lock:
            if len(self.free) < 16:
                self.free.append(buf)


_status: dict[int, _StatusBuffers] = {}


def _status_buffers(context) -> _StatusBuffers:
    with _pools_lock:
        sb = _status.get(context.int_ptr)
        if sb is None or sb.context != context:
            sb = _status[context.int_ptr] = _StatusBuffers(context)
        return sb


# -- launching ---------------------------------------------------------------------------------

def _parsed_specs(kernel: Kernel, arg_specs) -> list[tuple[str, object]]:
    """``_spec`` of every argument, remembered per kernel for the last spec object seen (a
    compiled kernel passes the same list on every launch)."""
    cached = kernel.spec_cache
    if cached is not None and cached[0] is arg_specs:
        return cached[1]
    specs = [_spec(s) for s in arg_specs]
    kernel.spec_cache = (arg_specs, specs)
    return specs


def _grid3(grid) -> tuple[int, int, int]:
    try:
        g = tuple(int(x) for x in grid)
    except TypeError:
        g = (int(grid),)
    if not 1 <= len(g) <= 3 or any(x < 0 for x in g):
        raise LaunchError(f"grid must be 1 to 3 non-negative integers, got {grid!r}")
    return g + (1,) * (3 - len(g))


def launch(kernel: Kernel, grid, local_size: int, args, arg_specs, meta=None):
    """Run ``kernel`` over ``grid`` (program instances = work-groups of ``local_size``).

    ``arg_specs`` gives each runtime argument's name and dtype; ``meta["checks"]`` the checks
    whose failures the kernel reports through ``tiledsl_status``; ``meta["written_args"]`` (a
    set of argument indices, optional) the pointer arguments the kernel may write, so that
    only those are copied back to host arrays. Returns the kernel's ``pyopencl.Event`` (already
    complete when host arrays were involved or checks were read back), or None for an empty
    grid.
    """
    sel = selection()
    import pyopencl as cl
    meta = meta or {}
    ctx = sel.context
    if kernel.context_id != ctx.int_ptr:
        raise LaunchError(f"kernel {kernel.name!r} was built for another OpenCL context than "
                          f"the current device's ({sel.info}); build it again")
    specs = _parsed_specs(kernel, arg_specs)
    if kernel.num_args != len(specs) + 1:
        raise LaunchError(f"kernel {kernel.name!r} has {kernel.num_args} parameters, but the "
                          f"ABI needs {len(specs) + 1}: the runtime arguments "
                          f"({', '.join(n for n, _ in specs)}) and tiledsl_status")
    if len(args) != len(specs):
        raise LaunchError(f"kernel {kernel.name!r} takes {len(specs)} runtime arguments "
                          f"({', '.join(n for n, _ in specs)}), got {len(args)}")
    g = _grid3(grid)
    local_size = int(local_size)
    if not 1 <= local_size <= kernel.max_work_group_size:
        raise LaunchError(f"local size {local_size} of kernel {kernel.name!r} is outside 1.."
                          f"{kernel.max_work_group_size} (the limit for this kernel on "
                          f"{sel.info.name})")
    known = meta.get("written_args")
    written = set(range(len(args))) if known is None else set(known)
    cl_args, groups, device_arrays = _classify(args, specs, written, known is not None, ctx)
    if 0 in g:
        return None
    checks = list(meta.get("checks") or ())

    queue = sel.queue
    for arr in device_arrays:  # launch where the arrays' own work is queued, when we can
        if arr.queue is not None and arr.queue.device == sel.device:
            queue = arr.queue
            break
    # Work on the launch queue is ordered already (in-order queue); only arrays that live on
    # other queues need their pending events waited for, and our event recorded.
    foreign = [arr for arr in device_arrays if arr.queue is not None and arr.queue != queue]
    wait_for = [ev for arr in foreign for ev in arr.events] or None

    pool = _pool(ctx)
    sbufs = _status_buffers(ctx)
    status = sbufs.acquire() if checks else sbufs.dummy
    code = None  # the status word, once read
    try:
        for group in groups.values():
            flags = _zero_copy_flags(cl, group, written, known is not None) \
                if sel.info.host_unified_memory and group.span else None
            if flags is not None:
                group.buffer = cl.Buffer(ctx, flags | cl.mem_flags.USE_HOST_PTR,
                                         hostbuf=_bytes_view(group.widest, group.span))
                group.pooled = False
            else:
                group.buffer = pool.acquire(group.span)
                if group.span:
                    cl.enqueue_copy(queue, group.buffer, _bytes_view(group.widest, group.span),
                                    is_blocking=False)
            for i, _ in group.members:
                cl_args[i] = group.buffer
        with kernel.lock:  # set_args + enqueue must not interleave with another thread's
            try:
                kernel.cl_kernel.set_args(*cl_args, status)
            except (cl.Error, TypeError) as exc:  # e.g. a C parameter type the specs contradict
                declared = ", ".join(f"{n}: {t}" for n, t in specs)
                raise LaunchError(f"kernel {kernel.name!r}: the OpenCL driver refused the "
                                  f"arguments ({declared}): {exc}") from None
            if g[1] == g[2] == 1:  # a 1-D NDRange is cheaper to enqueue on some drivers
                gsize, lsize = (g[0] * local_size,), (local_size,)
            else:
                gsize, lsize = (g[0] * local_size, g[1], g[2]), (local_size, 1, 1)
            event = cl.enqueue_nd_range_kernel(queue, kernel.cl_kernel, gsize, lsize,
                                               wait_for=wait_for)
        for arr in foreign:
            arr.add_event(event)
        _copy_back(queue, groups, written)
        if checks:
            word = np.zeros(1, np.int32)
            cl.enqueue_copy(queue, word, status, is_blocking=True)
            code = int(word[0])
        elif groups:
            event.wait()  # host memory must outlive the non-blocking copies
    except BaseException:
        queue.finish()  # pending copies must not land in buffers handed back to the pool
        raise
    finally:
        for group in groups.values():
            if group.buffer is not None and group.pooled:
                pool.release(group.buffer)
        if checks and code == 0:  # known zero again; any other word is dropped
            sbufs.release(status)
    if code:
        _raise_status(code, checks, kernel.name)
    return event


def _copy_back(queue, groups, written) -> None:
    import pyopencl as cl
    for group in groups.values():
        targets = [(i, a) for i, a in group.members if i in written and a.flags.writeable]
        if not targets or not group.span:
            continue
        if not group.pooled:
            # zero-copy: the kernel wrote host memory itself; mapping is what makes those
            # writes visible to the host by the OpenCL memory model (and waits for them)
            mapped, _ = cl.enqueue_map_buffer(queue, group.buffer, cl.map_flags.READ, 0,
                                              (group.span,), np.uint8, is_blocking=True)
            mapped.base.release(queue)
            continue
        if len(group.members) == 1 and _contiguous(targets[0][1]):
            arr = targets[0][1]
            cl.enqueue_copy(queue, arr.reshape(-1, order="A").view(np.uint8), group.buffer,
                            is_blocking=True)
            continue
        # Strided or aliased views: fetch the span, then write back only the views' elements
        # (the bytes between them belong to other data the kernel never addressed).
        raw = np.empty(group.span, np.uint8)
        cl.enqueue_copy(queue, raw, group.buffer, is_blocking=True)
        for _, arr in targets:
            np.copyto(arr, np.ndarray(arr.shape, arr.dtype, buffer=raw, strides=arr.strides))


def load_compiled(compiled) -> Kernel:
    """The built kernel of a ``CompiledKernel`` whose ``asm["opencl"]`` holds the OpenCL C
    (build options from ``meta["build_options"]``); kept in ``compiled.handle``."""
    kernel = compiled.handle
    if isinstance(kernel, Kernel) and kernel.context_id == get_context().int_ptr:
        return kernel
    source = compiled.asm.get("opencl")
    if not source:
        raise CompilationError(f"compiled kernel {compiled.name!r} has no OpenCL C source")
    kernel = build(source, compiled.name, compiled.meta.get("build_options", ()))
    compiled.handle = kernel
    return kernel


def launch_compiled(compiled, grid, args):
    """``launch`` for a ``CompiledKernel``: its arg specs, ``meta["local_size"]`` and checks."""
    local_size = compiled.meta.get("local_size")
    if local_size is None:
        raise LaunchError(f"compiled kernel {compiled.name!r} has no meta['local_size']")
    return launch(load_compiled(compiled), grid, local_size, args, compiled.arg_specs,
                  compiled.meta)


def synchronize() -> None:
    """Wait for everything queued on the default queue."""
    get_queue().finish()
