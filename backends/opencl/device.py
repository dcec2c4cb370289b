"""Choosing the OpenCL platform/device that the opencl backend runs on.

An installed ICD is no promise that its device can compile anything: the PoCL bundled in some
pyopencl wheels enumerates fine and then fails every build with "unknown target CPU
'generic'". So a device is only taken after it has built and run a tiny probe kernel, and
every device passed over is recorded with the reason, for ``describe()`` and the log. The
probe's binary goes into the disk cache (keyed by device and driver), so later processes load
it instead of compiling again; a device whose compiler never worked never gets an entry.

``TILEDSL_OPENCL_DEVICE`` (``knobs.OPENCL_DEVICE``) narrows the choice: ``"p:d"`` picks
platform ``p``'s device ``d`` by index, anything else is a case-insensitive substring of the
device name, vendor or platform name. Without it, GPUs and accelerators are tried before CPUs,
each group in enumeration order.
"""
from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass, field

import numpy as np

from tiledsl import knobs
from tiledsl.errors import BackendUnavailableError

log = logging.getLogger("tiledsl.opencl")

_PROBE_SOURCE = """
__kernel void tiledsl_probe(__global int *out, int k) {
    out[get_global_id(0)] = (int)get_global_id(0) * k + 1;
}
"""
_PROBE_N = 8


@dataclass(frozen=True)
class DeviceInfo:
    """What the runtime and the lowering need to know about the chosen device."""
    platform_index: int
    device_index: int
    name: str
    vendor: str
    version: str           # the device's OpenCL version string
    driver_version: str
    platform_name: str
    platform_version: str
    device_type: str       # "GPU", "CPU", "ACCELERATOR", ...
    has_fp16: bool         # cl_khr_fp16: half arithmetic (vload_half/vstore_half need none)
    has_fp64: bool
    max_work_group_size: int
    local_mem_size: int
    compute_units: int
    mem_base_addr_align: int  # bytes; sub-buffer origins must be multiples of it
    host_unified_memory: bool  # device memory is host memory (CPU devices): zero-copy buffers
    extensions: frozenset[str] = field(default_factory=frozenset)

    @property
    def index(self) -> str:
        """The ``"platform:device"`` spelling ``TILEDSL_OPENCL_DEVICE`` accepts."""
        return f"{self.platform_index}:{self.device_index}"

    def fingerprint(self) -> tuple[str, ...]:
        """What a compiled binary depends on, for cache keys."""
        return (self.platform_name, self.platform_version, self.vendor, self.name,
                self.version, self.driver_version)

    def __str__(self) -> str:
        return (f"[{self.index}] {self.name} ({self.vendor}; {self.platform_name}; "
                f"{self.version}; driver {self.driver_version})")


@dataclass
class Selection:
    """The chosen device with its context and queue, and how it was chosen."""
    info: DeviceInfo
    context: object        # pyopencl.Context
    queue: object          # pyopencl.CommandQueue (in order)
    device: object         # pyopencl.Device
    requested: str | None  # the knob's value, if any
    skipped: list[tuple[str, str]]  # (device description, why it was not taken)

    def describe(self) -> str:
        how = f"TILEDSL_OPENCL_DEVICE={self.requested!r}" if self.requested else "first working"
        lines = [f"OpenCL device {self.info} (chosen: {how})"]
        lines += [f"  skipped {what}: {why}" for what, why in self.skipped]
        return "\n".join(lines)


_lock = threading.RLock()
# One choice per knob value: switching TILEDSL_OPENCL_DEVICE back returns the same context,
# so kernels built under it stay valid. Failures are remembered too (probing is slow).
_selections: dict[str | None, Selection] = {}
_failures: dict[str | None, BackendUnavailableError] = {}
_ALL = object()


def _cl():
    try:
        import pyopencl
    except ImportError as exc:
        raise BackendUnavailableError(
            f"the opencl backend needs pyopencl (pip install pyopencl): {exc}") from None
    return pyopencl


def _info(cl, pi: int, di: int, platform, device) -> DeviceInfo:
    extensions = frozenset(device.extensions.split())
    return DeviceInfo(
        platform_index=pi, device_index=di, name=device.name.strip(),
        vendor=device.vendor.strip(), version=device.version.strip(),
        driver_version=device.driver_version.strip(), platform_name=platform.name.strip(),
        platform_version=platform.version.strip(),
        device_type=cl.device_type.to_string(device.type),
        has_fp16="cl_khr_fp16" in extensions,
        # OpenCL 1.2+ devices may report fp64 only through double_fp_config
        has_fp64="cl_khr_fp64" in extensions or bool(_safe(lambda: device.double_fp_config, 0)),
        max_work_group_size=int(device.max_work_group_size),
        local_mem_size=int(device.local_mem_size),
        compute_units=int(device.max_compute_units),
        mem_base_addr_align=max(int(_safe(lambda: device.mem_base_addr_align, 8)) // 8, 1),
        host_unified_memory=bool(_safe(lambda: device.host_unified_memory, False)),
        extensions=extensions)


def _safe(getter, default):
    try:
        return getter()
    except Exception:  # an ICD that does not implement a query: use the default
        return default


def _enumerate(cl) -> tuple[list[tuple[int, int, object, object]], list[tuple[str, str]]]:
    """Every (platform index, device index, platform, device); platforms that fail to list
    their devices come back as skip reasons instead."""
    found, broken = [], []
    try:
        platforms = cl.get_platforms()
    except cl.Error as exc:  # the ICD loader found no platform at all
        return [], [("all platforms", f"clGetPlatformIDs failed: {exc}")]
    for pi, platform in enumerate(platforms):
        try:
            devices = platform.get_devices()
        except cl.Error as exc:
            broken.append((f"platform {pi} ({platform.name.strip()})", f"no devices: {exc}"))
            continue
        found += [(pi, di, platform, device) for di, device in enumerate(devices)]
    return found, broken


def _probe_program(cl, context, device, fingerprint):
    """The probe program: from a cached binary when this exact device and driver built it
    before (a source build costs PoCL ~0.5 s per process), else from source."""
    from tiledsl.runtime.cache import cache_key, default_cache
    cache = default_cache()
    key = cache_key("opencl-probe", _PROBE_SOURCE, fingerprint)
    blob = cache.get(key, "probe.clbin")
    if blob is not None:
        try:
            return cl.Program(context, [device], [blob]).build([], devices=[device])
        except cl.Error:
            pass  # unloadable binary: the source build below decides
    program = cl.Program(context, _PROBE_SOURCE).build([], devices=[device], cache_dir=False)
    binary = program.get_info(cl.program_info.BINARIES)[0]
    if binary:
        cache.put(key, "probe.clbin", bytes(binary))
    return program


def _probe(cl, device, fingerprint=()) -> tuple[object, object] | str:
    """(context, queue) if the device builds and runs the probe kernel, else the reason."""
    try:
        context = cl.Context([device])
        queue = cl.CommandQueue(context, device)
        program = _probe_program(cl, context, device, fingerprint)
        out = np.zeros(_PROBE_N, np.int32)
        buf = cl.Buffer(context, cl.mem_flags.READ_WRITE, out.nbytes)
        kernel = cl.Kernel(program, "tiledsl_probe")
        kernel.set_args(buf, np.int32(3))
        cl.enqueue_nd_range_kernel(queue, kernel, (_PROBE_N,), (1,))
        cl.enqueue_copy(queue, out, buf, is_blocking=True)
    except Exception as exc:  # any failure means "not usable"; keep the first line as reason
        text = str(exc).strip()
        first = next((ln for ln in text.splitlines() if "error" in ln.lower()), "")
        head = text.splitlines()[0] if text else type(exc).__name__
        return f"probe kernel failed: {head}" + (f" ({first.strip()})" if first else "")
    expected = np.arange(_PROBE_N, dtype=np.int32) * 3 + 1
    if not np.array_equal(out, expected):
        return f"probe kernel ran but computed {out.tolist()} instead of {expected.tolist()}"
    return context, queue


def _describe_raw(pi: int, di: int, platform, device) -> str:
    return f"[{pi}:{di}] {device.name.strip()} ({platform.name.strip()})"


def _matches(spec: str, platform, device) -> bool:
    needle = spec.lower()
    return any(needle in s.lower() for s in (device.name, device.vendor, platform.name))


def _type_rank(cl, device) -> int:
    # GPUs/accelerators first: a machine with both wants the fast device by default
    return 0 if device.type & (cl.device_type.GPU | cl.device_type.ACCELERATOR) else 1


def _select(spec: str | None) -> Selection:
    cl = _cl()
    candidates, skipped = _enumerate(cl)
    if not candidates:
        raise BackendUnavailableError(
            "no OpenCL device found" + "".join(f"\n  {w}: {r}" for w, r in skipped)
            + "\n(install an ICD such as Debian's pocl-opencl-icd, or point OCL_ICD_FILENAMES "
              "at a vendor library)")
    listing = "\n".join("  " + _describe_raw(*c) for c in candidates)
    if spec and re.fullmatch(r"\s*\d+\s*:\s*\d+\s*", spec):
        pi, di = (int(x) for x in spec.split(":"))
        chosen = [c for c in candidates if c[0] == pi and c[1] == di]
        if not chosen:
            raise BackendUnavailableError(
                f"TILEDSL_OPENCL_DEVICE={spec!r}: there is no platform {pi} device {di}; "
                f"the devices are:\n{listing}")
    elif spec:
        chosen = [c for c in candidates if _matches(spec, c[2], c[3])]
        if not chosen:
            raise BackendUnavailableError(
                f"TILEDSL_OPENCL_DEVICE={spec!r} matches no device name, vendor or platform; "
                f"the devices are:\n{listing}")
    else:
        chosen = sorted(candidates, key=lambda c: _type_rank(cl, c[3]))
    for pi, di, platform, device in chosen:
        what = _describe_raw(pi, di, platform, device)
        try:
            info = _info(cl, pi, di, platform, device)
        except cl.Error as exc:  # a device that cannot even answer queries
            skipped.append((what, f"device queries failed: {exc}"))
            continue
        probed = _probe(cl, device, info.fingerprint())
        if isinstance(probed, str):
            log.info("tiledsl opencl: skipping %s: %s", what, probed)
            skipped.append((what, probed))
            continue
        context, queue = probed
        selection = Selection(info, context, queue, device, spec, skipped)
        later = chosen[chosen.index((pi, di, platform, device)) + 1:]
        for other in candidates:
            if other not in chosen:
                skipped.append((_describe_raw(*other), "not selected by TILEDSL_OPENCL_DEVICE"))
            elif other in later:
                skipped.append((_describe_raw(*other), "not tried: an earlier device works"))
        log.info("tiledsl %s", selection.describe())
        return selection
    reasons = "\n".join(f"  {w}: {r}" for w, r in skipped)
    where = f"TILEDSL_OPENCL_DEVICE={spec!r}: no matching" if spec else "No"
    raise BackendUnavailableError(f"{where} OpenCL device can build and run a kernel:\n{reasons}")


def selection() -> Selection:
    """The chosen device (chosen once per process and per knob value; thread-safe)."""
    spec = knobs.OPENCL_DEVICE.raw()
    found = _selections.get(spec)  # lock-free fast path: dict reads are atomic
    if found is not None:
        return found
    with _lock:
        if spec in _selections:
            return _selections[spec]
        if spec in _failures:
            raise _failures[spec]
        try:
            chosen = _selections[spec] = _select(spec)
        except BackendUnavailableError as exc:
            _failures[spec] = exc
            raise
        return chosen


def reset(spec=_ALL) -> None:
    """Forget the device chosen for knob value ``spec`` (default: for every value), so the
    next call chooses again with a new context; kernels built before must be rebuilt."""
    with _lock:
        if spec is _ALL:
            _selections.clear()
            _failures.clear()
        else:
            _selections.pop(spec, None)
            _failures.pop(spec, None)


def get_context():
    """The ``pyopencl.Context`` of the chosen device; raises ``BackendUnavailableError``."""
    return selection().context


def get_queue():
    """The in-order ``pyopencl.CommandQueue`` kernels are launched on by default."""
    return selection().queue


def device_info() -> DeviceInfo:
    """Name, vendor, versions, fp16/fp64 support and limits of the chosen device."""
    return selection().info


def is_available() -> bool:
    """Whether some OpenCL device (as narrowed by the knob) builds and runs kernels."""
    try:
        selection()
    except BackendUnavailableError:
        return False
    return True


def describe() -> str:
    """Which device was taken and why every other one was skipped (or why none works)."""
    try:
        return selection().describe()
    except BackendUnavailableError as exc:
        return f"opencl backend unavailable: {exc}"
