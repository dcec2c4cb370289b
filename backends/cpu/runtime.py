"""Loading CPU kernels and launching grids on a persistent thread pool.

A :class:`CpuModule` wraps ``<name>_grid`` (see the ABI in ``backends/README.md``) loaded
from a shared library that lives in the on-disk cache, so a second process loads it without
recompiling. Calls go through ``ctypes``, which releases the GIL, so the pool's threads run
chunks of the grid truly in parallel.

The launch path is built for small overhead: argument slots, the ``void*`` argument array and
the grid array are allocated once per module and refilled per call; numpy data pointers are
read straight from the array object (checked at import against ``ndarray.ctypes``); and a
grid whose measured cost is small runs inline on the calling thread instead of waking the
pool. A concurrent launch of a module that is busy gets private slots, so modules are safe to
launch from several Python threads.
"""
from __future__ import annotations

import ctypes
import itertools
import os
import sys
import threading
import time
from pathlib import Path

import numpy as np

from tiledsl import dtypes as tdt
from tiledsl import knobs
from tiledsl.errors import (BackendUnavailableError, DeviceAssertionError, KernelRuntimeError,
                            LaunchError, OutOfBoundsError)
from tiledsl.runtime.cache import DiskCache, cache_key, default_cache

__all__ = ["CpuModule", "load_module", "load_compiled", "launch_compiled", "library_key",
           "num_threads",
           "normalize_arg_specs", "buffer_span", "STATS"]

_GRID_FN = ctypes.CFUNCTYPE(ctypes.c_int32, ctypes.c_void_p, ctypes.c_void_p,
                            ctypes.c_int64, ctypes.c_int64, ctypes.c_void_p, ctypes.c_int64)
_GRID_ARGTYPES = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int64, ctypes.c_int64,
                  ctypes.c_void_p, ctypes.c_int64]

# Grids whose last measured run took less than this run inline: waking the pool costs tens
# of microseconds, more than such a kernel gains from a second core.
_INLINE_NS = 60_000


class _Stats:
    """Counters for tests: did a load compile or hit the cache, how did launches run."""

    def __init__(self):
        self.loads_from_cache = 0
        self.builds = 0
        self.inline_launches = 0
        self.pool_launches = 0


STATS = _Stats()


# -- argument marshalling --------------------------------------------------------------------

def _probe_ndarray_data_offset() -> int | None:
    """Byte offset of ``PyArrayObject.data`` from ``id(arr)``, or None if it cannot be trusted.

    ``arr.ctypes.data`` costs about 1 us; reading the field costs about 0.1 us. The offset is
    verified on several arrays (views, slices, read-only) before it is used at all.
    """
    if sys.implementation.name != "cpython":
        return None
    offset = 2 * ctypes.sizeof(ctypes.c_void_p)  # after PyObject_HEAD (refcnt, type)
    base = np.arange(64, dtype=np.float32)
    probes = [base, base[3:], base[::-2], base.reshape(8, 8).T, np.zeros(0), np.ones(3)]
    probes[-1].flags.writeable = False
    for arr in probes:
        if ctypes.c_void_p.from_address(id(arr) + offset).value != arr.ctypes.data:
            return None
    return offset


_NP_OFFSET = _probe_ndarray_data_offset()
_read_ptr = ctypes.c_void_p.from_address


def _np_address(arr: np.ndarray) -> int:
    if _NP_OFFSET is not None:
        return _read_ptr(id(arr) + _NP_OFFSET).value or 0
    return arr.ctypes.data


def _byte_span(addr: int, shape, strides, itemsize: int) -> tuple[int, int]:
    """(lowest address, bytes) touched by a strided view; (addr, 0) when empty."""
    lo = hi = 0
    for n, st in zip(shape, strides):
        if n == 0:
            return addr, 0
        if st < 0:
            lo += (n - 1) * st
        else:
            hi += (n - 1) * st
    return addr + lo, hi - lo + itemsize


def _is_torch(obj) -> bool:
    return type(obj).__module__.startswith("torch") and hasattr(obj, "data_ptr")


def buffer_span(obj) -> tuple[int, int]:
    """(base address, bytes) of a numpy array or CPU torch tensor, for debug range checks."""
    if isinstance(obj, np.ndarray):
        return _byte_span(_np_address(obj), obj.shape, obj.strides, obj.itemsize)
    if _is_torch(obj):
        item = obj.element_size()
        return _byte_span(obj.data_ptr(), obj.shape, [s * item for s in obj.stride()], item)
    raise TypeError(f"no buffer in {type(obj).__name__}")


def normalize_arg_specs(arg_specs) -> list[tuple[str, tdt.dtype]]:
    """Accept ``[(name, dtype)]``, ``[obj with .name/.dtype]`` or ``{name: dtype}``."""
    if isinstance(arg_specs, dict):
        arg_specs = list(arg_specs.items())
    out = []
    for spec in arg_specs:
        if isinstance(spec, (tuple, list)):
            name, dt = spec[0], spec[1]
        else:
            name, dt = spec.name, getattr(spec, "dtype", None) or spec.ty
        out.append((str(name), dt if isinstance(dt, tdt.dtype) else tdt.parse(dt)))
    return out


_CTYPE = {
    "int1": ctypes.c_uint8, "int8": ctypes.c_int8, "int16": ctypes.c_int16,
    "int32": ctypes.c_int32, "int64": ctypes.c_int64, "uint8": ctypes.c_uint8,
    "uint16": ctypes.c_uint16, "uint32": ctypes.c_uint32, "uint64": ctypes.c_uint64,
    "fp16": ctypes.c_uint16, "bf16": ctypes.c_uint16,  # passed as raw bits
    "fp32": ctypes.c_float, "fp64": ctypes.c_double,
}


def _make_setter(index: int, name: str, dt: tdt.dtype, slot):
    """A function that stores a Python argument into ``slot`` (the ABI's argument value)."""
    where = f"argument {index} ({name!r})"
    if dt.is_ptr():
        want_np = dt.element_ty.np
        want_name = dt.element_ty.name
        torch_ok: list = []  # torch dtypes seen to match: an identity test on later calls

        def set_ptr(a, slot=slot, ndarray=np.ndarray, address=_np_address):
            if isinstance(a, ndarray):
                if a.dtype is not want_np and a.dtype != want_np:
                    raise LaunchError(f"{where}: expected a {want_name} array, got {a.dtype}")
                slot.value = address(a)
                return
            if _is_torch(a):
                if not a.is_cpu:
                    raise LaunchError(f"{where}: the cpu backend needs a CPU tensor, got one "
                                      f"on {a.device}")
                if a.dtype not in torch_ok:
                    if tdt.from_torch(a.dtype) != dt.element_ty:
                        raise LaunchError(f"{where}: expected a {want_name} tensor, got "
                                          f"{a.dtype}")
                    torch_ok.append(a.dtype)
                slot.value = a.data_ptr()
                return
            raise LaunchError(f"{where}: expected a numpy array or CPU torch tensor of "
                              f"{want_name}, got {type(a).__name__}")
        return set_ptr

    if dt.is_bool():
        def set_bool(a, slot=slot):
            slot.value = 1 if a else 0
        return set_bool

    if dt.is_int():
        def set_int(a, slot=slot):
            try:
                slot.value = a
            except TypeError:
                raise LaunchError(f"{where}: expected an integer ({dt}), got "
                                  f"{type(a).__name__}") from None
            if slot.value != a:
                raise LaunchError(f"{where}: {a!r} does not fit in {dt}")
        return set_int

    if dt.is_fp16() or dt.is_bf16():
        np_t = dt.np

        def set_half(a, slot=slot):
            try:
                slot.value = int(np.asarray(a, dtype=np_t).view(np.uint16))
            except (TypeError, ValueError):
                raise LaunchError(f"{where}: expected a number ({dt}), got "
                                  f"{type(a).__name__}") from None
        return set_half

    def set_float(a, slot=slot):
        try:
            slot.value = a
        except TypeError:
            raise LaunchError(f"{where}: expected a number ({dt}), got "
                              f"{type(a).__name__}") from None
    return set_float


class _Args:
    """One set of argument slots plus the ``void*`` array pointing at them, and the grid."""

    __slots__ = ("slots", "argv", "argv_addr", "grid", "grid_addr", "setters", "ranges",
                 "ranges_addr")

    def __init__(self, specs, debug: bool):
        self.slots = [ctypes.c_void_p() if dt.is_ptr() else _CTYPE[dt.name]() for _, dt in specs]
        self.argv = (ctypes.c_void_p * max(len(specs), 1))(
            *[ctypes.addressof(s) for s in self.slots])
        self.argv_addr = ctypes.addressof(self.argv)
        self.grid = (ctypes.c_int64 * 3)(1, 1, 1)
        self.grid_addr = ctypes.addressof(self.grid)
        self.setters = [_make_setter(i, n, dt, s) for i, ((n, dt), s)
                        in enumerate(zip(specs, self.slots))]
        nptr = sum(1 for _, dt in specs if dt.is_ptr())
        self.ranges = (ctypes.c_int64 * max(2 * nptr, 1))() if debug else None
        self.ranges_addr = ctypes.addressof(self.ranges) if debug else 0


# -- the thread pool ---------------------------------------------------------------------------

def num_threads() -> int:
    """Threads the cpu backend uses: ``TILEDSL_NUM_THREADS`` or the usable cores."""
    n = knobs.NUM_THREADS.as_int()
    if n > 0:
        return n
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


class _Job:
    """One grid launch split into contiguous chunks that threads claim in order."""

    __slots__ = ("fn", "call", "total", "nchunks", "counter", "lock", "finished", "done",
                 "status", "status_chunk", "busy_ns")

    def __init__(self, fn, call, total: int, nchunks: int):
        self.fn, self.call, self.total, self.nchunks = fn, call, total, nchunks
        self.counter = itertools.count()  # next() is atomic under the GIL
        self.lock = threading.Lock()
        self.finished = 0
        self.done = threading.Event()
        self.status = 0
        self.status_chunk = nchunks
        self.busy_ns = 0  # summed chunk run times: the per-program cost without wake-ups

    def work(self) -> None:
        fn, (argv, grid, rng, nrng) = self.fn, self.call
        total, n = self.total, self.nchunks
        clock = time.perf_counter_ns
        while True:
            c = next(self.counter)
            if c >= n:
                return
            st = took = 0
            try:
                if not self.status:  # after a failure, the remaining chunks are skipped
                    t0 = clock()
                    st = fn(argv, grid, c * total // n, (c + 1) * total // n, rng, nrng)
                    took = clock() - t0
            finally:  # even if the call raised: the launcher waits for every chunk
                with self.lock:
                    self.busy_ns += took
                    self._finish_chunk(c, st)

    def _finish_chunk(self, c: int, st: int) -> None:
        if st and c < self.status_chunk:  # report the lowest failing chunk that ran
            self.status, self.status_chunk = st, c
        self.finished += 1
        if self.finished == self.nchunks:
            self.done.set()


class _Pool:
    """``nthreads - 1`` daemon workers; the launching thread is the last worker."""

    def __init__(self, nthreads: int):
        self.nthreads = nthreads
        self._busy = threading.Lock()
        self._cv = threading.Condition()
        self._job: _Job | None = None
        self._gen = 0
        self._threads = []
        for i in range(nthreads - 1):
            t = threading.Thread(target=self._worker, name=f"tiledsl-cpu-{i}", daemon=True)
            t.start()
            self._threads.append(t)

    def _worker(self) -> None:
        seen = 0
        while True:
            with self._cv:
                while self._gen == seen:
                    self._cv.wait()
                seen, job = self._gen, self._job
            try:
                job.work()
            except BaseException:  # noqa: BLE001 - the chunk is counted; the thread lives on
                pass

    def run(self, fn, call, total: int) -> tuple[int, int]:
        """Run programs ``[0, total)``; return (the first failing chunk's status or 0,
        nanoseconds spent inside the kernel summed over threads)."""
        if not self._busy.acquire(blocking=False):
            # Another Python thread is using the pool: run on this thread rather than queue.
            t0 = time.perf_counter_ns()
            st = fn(call[0], call[1], 0, total, call[2], call[3])
            return st, time.perf_counter_ns() - t0
        try:
            # Several chunks per thread balance uneven programs (masked tails, early exits).
            job = _Job(fn, call, total, min(total, self.nthreads * 4))
            with self._cv:
                self._job = job
                self._gen += 1
                self._cv.notify_all()
            try:
                job.work()
                job.done.wait()
            except BaseException:
                # KeyboardInterrupt and friends: the workers still write into the caller's
                # buffers, so they must finish before the caller may free them.
                job.status = job.status or -1
                job.done.wait()
                raise
            return job.status, job.busy_ns
        finally:
            self._busy.release()


_POOL: _Pool | None = None
_POOL_LOCK = threading.Lock()


def _pool() -> _Pool:
    global _POOL
    if _POOL is None:
        with _POOL_LOCK:
            if _POOL is None:
                _POOL = _Pool(num_threads())
    return _POOL


def _forget_pool_after_fork() -> None:
    # Threads do not survive fork(); the child builds a fresh pool on first use.
    global _POOL, _POOL_LOCK
    _POOL, _POOL_LOCK = None, threading.Lock()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_pool_after_fork)


# -- modules -----------------------------------------------------------------------------------

class CpuModule:
    """A loaded CPU kernel: call ``launch(grid, args)`` or ``module[grid](*args)``.

    ``name``: the kernel's symbol prefix (``<name>_grid``); ``arg_specs``: runtime arguments as
    ``[(name, dtype or pointer_type)]``; ``meta``: the compiled kernel's meta (``checks``,
    ``debug``). ``from_cache`` says whether the library came from the disk cache.
    """

    def __init__(self, name: str, arg_specs, meta: dict | None, fn, *, keepalive=None,
                 path: Path | None = None, from_cache: bool = False, key: str | None = None):
        self.name = name
        self.arg_specs = normalize_arg_specs(arg_specs)
        self.meta = dict(meta or {})
        self.path = path
        self.key = key
        self.from_cache = from_cache
        self.debug = bool(self.meta.get("debug"))
        self._checks = list(self.meta.get("checks") or [])
        self._fn = fn
        self._keepalive = keepalive  # the CDLL or MCJIT engine that owns the code
        self._nargs = len(self.arg_specs)
        self._ptr_index = [i for i, (_, dt) in enumerate(self.arg_specs) if dt.is_ptr()]
        self._args = _Args(self.arg_specs, self.debug)
        self._args_lock = threading.Lock()
        self._ns_per_program: float | None = None  # last measured cost, for inline-or-pool
        self._launched = False

    # -- loading -------------------------------------------------------------------------
    @classmethod
    def from_library(cls, path, name, arg_specs, meta=None, **kw) -> "CpuModule":
        """Load ``<name>_grid`` from the shared library at ``path``."""
        lib = ctypes.CDLL(str(path), mode=getattr(os, "RTLD_LOCAL", 0))
        try:
            fn = getattr(lib, f"{name}_grid")
        except AttributeError:
            raise KernelRuntimeError(f"{path} has no symbol {name}_grid") from None
        fn.argtypes, fn.restype = _GRID_ARGTYPES, ctypes.c_int32
        return cls(name, arg_specs, meta, fn, keepalive=lib, path=Path(path), **kw)

    @classmethod
    def from_object(cls, obj: bytes, name, arg_specs, meta=None, *, target=None,
                    **kw) -> "CpuModule":
        """Load an object file in-process through llvmlite's MCJIT (no C compiler needed).

        External symbols resolve against the running process only.
        """
        import llvmlite.binding as llvm
        from tiledsl.backends.cpu import toolchain
        target = target or toolchain.host_target()
        toolchain._init_llvm()
        with toolchain._LLVM_LOCK:
            empty = llvm.parse_assembly(f'target triple = "{target.triple}"')
            # The engine takes ownership of its target machine: never hand it a cached one.
            tm = llvm.Target.from_triple(target.triple).create_target_machine(
                cpu=target.cpu, features=target.features, reloc="pic", codemodel="small")
            engine = llvm.create_mcjit_compiler(empty, tm)
            engine.add_object_file(llvm.ObjectFileRef.from_data(bytes(obj)))
            engine.finalize_object()
            addr = engine.get_function_address(f"{name}_grid")
        if not addr:
            raise KernelRuntimeError(f"object has no symbol {name}_grid")
        return cls(name, arg_specs, meta, _GRID_FN(addr), keepalive=engine, **kw)

    # -- launching -----------------------------------------------------------------------
    def __getitem__(self, grid):
        return lambda *args: self.launch(grid, args)

    def launch(self, grid, args) -> None:
        """Run the kernel over ``grid`` (1 to 3 ints) with runtime ``args`` in ABI order."""
        if len(args) != self._nargs:
            raise LaunchError(f"kernel {self.name!r} takes {self._nargs} runtime arguments "
                              f"({', '.join(n for n, _ in self.arg_specs)}), got {len(args)}")
        if self._args_lock.acquire(blocking=False):
            try:
                self._launch_with(self._args, grid, args)
            finally:
                self._args_lock.release()
        else:  # another thread is launching this module: private slots, same code
            self._launch_with(_Args(self.arg_specs, self.debug), grid, args)

    def _launch_with(self, a: _Args, grid, args) -> None:
        for setter, value in zip(a.setters, args):
            setter(value)
        try:
            n = len(grid)
            g0 = grid[0].__index__()
            g1 = grid[1].__index__() if n > 1 else 1
            g2 = grid[2].__index__() if n > 2 else 1
        except (TypeError, AttributeError, IndexError):
            raise LaunchError(f"grid must be 1 to 3 integers, got {grid!r}") from None
        if n > 3 or g0 < 0 or g1 < 0 or g2 < 0:
            raise LaunchError(f"grid must be 1 to 3 non-negative integers, got {grid!r}")
        total = g0 * g1 * g2
        if total == 0:
            return
        a.grid[0], a.grid[1], a.grid[2] = g0, g1, g2
        nrng = 0
        if self.debug:
            nrng = self._fill_ranges(a, args)
        fn = self._fn
        est = self._ns_per_program
        if total == 1 or (est is not None and est * total < _INLINE_NS) or \
                (_POOL or _pool()).nthreads == 1:
            t0 = time.perf_counter_ns()
            status = fn(a.argv_addr, a.grid_addr, 0, total, a.ranges_addr, nrng)
            took = time.perf_counter_ns() - t0
            STATS.inline_launches += 1
        else:
            status, took = (_POOL or _pool()).run(
                fn, (a.argv_addr, a.grid_addr, a.ranges_addr, nrng), total)
            STATS.pool_launches += 1
        # The first run pays for page faults on fresh code and data: it says little about
        # the kernel's cost, so the estimate starts from the second run.
        if self._launched:
            self._ns_per_program = took / total
        self._launched = True
        if status:
            self._raise_check(status)

    def _fill_ranges(self, a: _Args, args) -> int:
        for j, i in enumerate(self._ptr_index):
            base, size = buffer_span(args[i])
            a.ranges[2 * j], a.ranges[2 * j + 1] = base, size
        return len(self._ptr_index)

    def _raise_check(self, status: int) -> None:
        k = status - 1
        if not 0 <= k < len(self._checks):
            raise KernelRuntimeError(f"kernel {self.name!r} returned unknown status {status}")
        check = self._checks[k]
        kind = check.get("kind") if isinstance(check, dict) else getattr(check, "kind", None)
        message = check.get("message") if isinstance(check, dict) else \
            getattr(check, "message", "")
        loc = check.get("loc") if isinstance(check, dict) else getattr(check, "loc", None)
        cls = {"assert": DeviceAssertionError, "bounds": OutOfBoundsError}.get(
            kind, KernelRuntimeError)
        raise cls(message or f"check {kind} failed in kernel {self.name!r}", loc)

    def __repr__(self) -> str:
        return f"CpuModule({self.name!r}, {len(self.arg_specs)} args, path={self.path})"


def library_key(llir: str, target, opt_level: int | None = None) -> str:
    """The cache key of the shared library built from ``llir`` for ``target``."""
    from tiledsl.backends.cpu import toolchain
    opt_level = toolchain._level(opt_level)
    return cache_key("cpu-so", llir, target.key(), opt_level, toolchain.toolchain_fingerprint())


def load_module(name: str, arg_specs, meta: dict | None = None, *, llir=None,
                key: str | None = None, target=None, opt_level: int | None = None,
                cache: DiskCache | None = None, asm: dict | None = None) -> CpuModule:
    """Load ``name`` from the disk cache, compiling ``llir`` on a miss.

    ``llir`` is LLVM IR text or a zero-argument callable returning it (called only on a miss,
    so a caller with its own ``key`` never builds IR for a cache hit). ``key`` defaults to a
    hash of the IR, target, opt level and toolchain versions. When ``asm`` is a dict, a fresh
    compile stores the object bytes in ``asm["obj"]``.
    """
    from tiledsl.backends.cpu import toolchain
    target = target or toolchain.host_target()
    opt_level = toolchain._level(opt_level)
    if not target.is_host:
        raise BackendUnavailableError(
            f"cannot run code for {target.triple} in this process; use "
            f"tiledsl.backends.cpu.aot.export / run_under_qemu for cross targets")
    cache = cache or default_cache()
    if key is None:
        if llir is None:
            raise ValueError("load_module needs llir or key")
        llir = llir() if callable(llir) else llir
        key = library_key(llir, target, opt_level)
    use_cc = toolchain.find_cc(target) is not None
    artifact = f"{name}.so" if use_cc else f"{name}.o"
    path = cache.path_for_loading(key, artifact)
    if path is not None:
        STATS.loads_from_cache += 1
        if use_cc:
            return CpuModule.from_library(path, name, arg_specs, meta, from_cache=True, key=key)
        return CpuModule.from_object(path.read_bytes(), name, arg_specs, meta, target=target,
                                     path=path, from_cache=True, key=key)
    if llir is None:
        raise KeyError(f"kernel {name!r} is not in the cache and no LLVM IR was given")
    llir = llir() if callable(llir) else llir
    obj = toolchain.optimize_and_emit(llir, target, opt_level)
    STATS.builds += 1
    if asm is not None:
        asm["obj"] = obj
    if not use_cc:
        path = cache.put(key, artifact, obj)
        return CpuModule.from_object(obj, name, arg_specs, meta, target=target, path=path,
                                     key=key)
    path = cache.put(key, artifact, toolchain.link_shared(obj, target))
    return CpuModule.from_library(path, name, arg_specs, meta, key=key)


def load_compiled(compiled, *, target=None, cache: DiskCache | None = None,
                  opt_level: int | None = None) -> CpuModule:
    """Load a ``CompiledKernel`` of the cpu backend (uses ``name``, ``arg_specs``, ``meta``
    and ``asm["llir"]``; stores ``asm["obj"]`` after a fresh compile)."""
    asm = compiled.asm
    return load_module(compiled.name, compiled.arg_specs, compiled.meta, llir=asm["llir"],
                       target=target, opt_level=opt_level, cache=cache, asm=asm)


def launch_compiled(compiled, grid, args) -> None:
    """``BACKEND.launch`` for the cpu backend: load ``compiled`` once (kept in
    ``compiled.handle``), then run ``grid`` with the runtime ``args`` in ABI order."""
    module = compiled.handle
    if not isinstance(module, CpuModule):
        module = compiled.handle = load_compiled(compiled)
    module.launch(grid, args)
