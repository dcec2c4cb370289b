"""Device fingerprints: the machine a timing is valid for.

A timing measured on one device says little about another, so every cache entry lives under
the fingerprint of the device it was measured on:

- CPU: model name, the ISA features that change code speed (AVX2, AVX-512 parts, AMX, NEON,
  SVE ...), core count, architecture;
- GPU (when the arguments live on one, via torch or cupy): name, compute capability, SM
  count, driver and runtime versions;
- plus the tiledsl backend that runs the algorithms.

``Fingerprint.id`` hashes all of it; ``Fingerprint.type_id`` hashes only the hardware type
(no driver/runtime versions, no core count for GPUs), which ``tiledsl fastrun import
--retarget`` uses to move timings between machines of the same device type.

The library version is *not* part of the fingerprint: each algorithm carries its own version
hash, so an upgrade invalidates only the algorithms that changed.
"""
from __future__ import annotations

import functools
import hashlib
import json
import os
import platform
from dataclasses import dataclass, field
from typing import Any, Iterable

from tiledsl import knobs

# ISA features that change which algorithm is fastest. A fixed list (not all of /proc/cpuinfo)
# so a kernel update that adds a security flag does not invalidate every cache.
_X86_FEATURES = ("sse4_2", "avx", "avx2", "fma", "f16c", "avx512f", "avx512bw", "avx512vl",
                 "avx512dq", "avx512_vnni", "avx512_bf16", "avx512_fp16", "avx512ifma",
                 "avx512vbmi", "amx_tile", "amx_bf16", "amx_int8", "avx_vnni")
_ARM_FEATURES = ("asimd", "asimdhp", "fphp", "asimddp", "sve", "sve2", "bf16", "i8mm", "sme")

# Fields that describe the hardware type (for --retarget); the others are software versions.
_TYPE_FIELDS = ("kind", "backend", "arch", "model", "features", "cores", "name",
                "capability", "sm_count")


def library_version() -> str:
    """The installed tiledsl version (recorded with every row, shown by ``show``)."""
    try:
        from importlib.metadata import version
        return version("tiledsl")
    except Exception:
        import tiledsl
        return str(getattr(tiledsl, "__version__", "0+src"))


@dataclass(frozen=True)
class Fingerprint:
    """A device description; ``id`` is the key used in the store."""
    fields: tuple[tuple[str, Any], ...]
    label: str = field(default="", compare=False)

    @classmethod
    def from_dict(cls, d: dict, label: str = "") -> "Fingerprint":
        items = tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in d.items()))
        return cls(items, label or _label(d))

    def as_dict(self) -> dict:
        return {k: (list(v) if isinstance(v, tuple) else v) for k, v in self.fields}

    @functools.cached_property
    def id(self) -> str:
        return _digest(self.as_dict())

    @functools.cached_property
    def type_id(self) -> str:
        d = self.as_dict()
        return _digest({k: d[k] for k in _TYPE_FIELDS if k in d})

    def __str__(self) -> str:
        return f"{self.label} [{self.id}]"


def _digest(d: dict) -> str:
    text = json.dumps(d, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _label(d: dict) -> str:
    if d.get("kind") == "gpu":
        return f"{d.get('backend')}:{d.get('name')} sm_{d.get('capability')} x{d.get('sm_count')}"
    return f"{d.get('backend')}:{d.get('model')} x{d.get('cores')}"


@functools.lru_cache(maxsize=1)
def _cpuinfo() -> dict:
    model, flags = "", set()
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as f:
            for line in f:
                key, _, value = line.partition(":")
                key = key.strip().lower()
                if key in ("model name", "hardware", "cpu model") and not model:
                    model = value.strip()
                elif key in ("flags", "features") and not flags:
                    flags = set(value.split())
    except OSError:
        pass
    return {"model": model or platform.processor() or platform.machine(), "flags": flags}


@functools.lru_cache(maxsize=16)
def cpu_fingerprint(backend: str = "cpu") -> Fingerprint:
    """The host CPU's fingerprint for algorithms run by ``backend``."""
    info = _cpuinfo()
    arch = platform.machine().lower()
    wanted = _ARM_FEATURES if arch in ("aarch64", "arm64") else _X86_FEATURES
    d = {"kind": "cpu", "backend": backend, "arch": arch, "model": info["model"],
         "features": sorted(f for f in wanted if f in info["flags"]),
         "cores": os.cpu_count() or 1}
    return Fingerprint.from_dict(d)


def _gpu_of(args: Iterable[Any]) -> Any:
    for a in args:
        mod = type(a).__module__.split(".")[0]
        if mod == "torch" and getattr(getattr(a, "device", None), "type", "") == "cuda":
            return a
        if mod == "cupy":
            return a
    return None


@functools.lru_cache(maxsize=16)
def _torch_gpu(index: int) -> dict:
    import torch
    props = torch.cuda.get_device_properties(index)
    try:
        import subprocess
        driver = subprocess.run(["nvidia-smi", "--query-gpu=driver_version", "--format=csv,noheader"],
                                capture_output=True, text=True, timeout=5).stdout.split()[0]
    except Exception:
        driver = "unknown"
    return {"name": props.name, "capability": f"{props.major}{props.minor}",
            "sm_count": props.multi_processor_count, "driver": driver,
            "runtime": str(torch.version.cuda)}


@functools.lru_cache(maxsize=16)
def _cupy_gpu(index: int) -> dict:
    import cupy
    props = cupy.cuda.runtime.getDeviceProperties(index)
    name = props["name"].decode() if isinstance(props["name"], bytes) else props["name"]
    return {"name": name, "capability": f"{props['major']}{props['minor']}",
            "sm_count": props["multiProcessorCount"],
            "driver": str(cupy.cuda.runtime.driverGetVersion()),
            "runtime": str(cupy.cuda.runtime.runtimeGetVersion())}


def gpu_fingerprint(tensor: Any, backend: str = "ptx") -> Fingerprint:
    """Fingerprint of the GPU holding ``tensor`` (torch CUDA tensor or cupy array)."""
    mod = type(tensor).__module__.split(".")[0]
    if mod == "torch":
        index = tensor.device.index or 0
        info = _torch_gpu(index)
    else:
        index = int(getattr(tensor.device, "id", 0))
        info = _cupy_gpu(index)
    return Fingerprint.from_dict({"kind": "gpu", "backend": backend, **info})


def device_fingerprint(args: Iterable[Any] = (), backend: str | None = None) -> Fingerprint:
    """The fingerprint for a call with ``args``: the GPU holding them, else the host CPU.

    ``backend`` defaults to the forced backend (``TILEDSL_BACKEND``), else ``ptx`` for GPU
    arguments and ``cpu`` otherwise, as tiledsl's own default does.
    """
    args = list(args)
    gpu = _gpu_of(args)
    chosen = backend or knobs.backend_override() or ("ptx" if gpu is not None else "cpu")
    if gpu is not None:
        try:
            return gpu_fingerprint(gpu, chosen)
        except Exception:  # broken CUDA install: fall back to a coarse but honest key
            return Fingerprint.from_dict({"kind": "gpu", "backend": chosen, "name": "unknown"})
    return cpu_fingerprint(chosen)


def machine_fingerprint() -> Fingerprint:
    """This machine as a whole: the CPU, plus the current GPU when torch or cupy is already
    loaded and sees one (never imports them: that costs seconds on CPU-only runs).

    For callers that do not know where their arguments live (the autotuner's bridge, whose
    key already names the backend).
    """
    import sys
    d = dict(cpu_fingerprint("any").as_dict(), kind="machine")
    d.pop("backend", None)
    gpu: dict = {}
    try:
        torch = sys.modules.get("torch")
        cupy = sys.modules.get("cupy")
        if torch is not None and torch.cuda.is_available():
            gpu = _torch_gpu(torch.cuda.current_device())
        elif cupy is not None and cupy.cuda.runtime.getDeviceCount() > 0:
            gpu = _cupy_gpu(cupy.cuda.runtime.getDevice())
    except Exception:  # no driver, no device: a CPU-only machine
        gpu = {}
    d.update({f"gpu_{k}": v for k, v in gpu.items()})
    label = f"{d['model']} x{d['cores']}" + (f" + {gpu['name']}" if gpu else "")
    return Fingerprint.from_dict(d, label)
