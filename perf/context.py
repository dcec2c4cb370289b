"""The run context handed to every entry: device, backend, input factories, lazy imports.

Entries never import ``tiledsl.kernels`` at module level: the harness must load (and the
references must run) before the kernel library exists. ``ctx.kernels()`` imports it on first
use and turns an ``ImportError`` into :class:`Unavailable` with the reason.
"""
from __future__ import annotations

import atexit
import contextlib
import importlib
import os
import shutil
import tempfile

import numpy as np

from .registry import Unavailable

_SCRATCH: list[str] = []


def scratch(prefix: str, suffix: str = "", folder: bool = False) -> str:
    """A fresh temporary folder, or a path for a file not created yet, removed at exit.

    Entries point cache knobs (``TILEDSL_CACHE_DIR``, ``TRITON_CACHE_DIR``, FastRun stores)
    here so that a run never reads or pollutes the user's caches.
    """
    if not _SCRATCH:
        atexit.register(_clean_scratch)
    if folder:
        path = tempfile.mkdtemp(prefix=prefix)
    else:
        fd, path = tempfile.mkstemp(prefix=prefix, suffix=suffix)
        os.close(fd)
        os.unlink(path)           # the owner (e.g. an SQLite store) creates it its own way
    _SCRATCH.append(path)
    return path


def _clean_scratch() -> None:
    for path in _SCRATCH:
        if os.path.isdir(path):
            shutil.rmtree(path, ignore_errors=True)
        else:
            for p in (path, path + "-wal", path + "-shm", path + "-journal", path + ".lock"):
                with contextlib.suppress(OSError):
                    os.unlink(p)

TORCH_DTYPES = ("float16", "bfloat16", "float32", "float64")


class Context:
    """Per-run state: ``device`` ("cpu"/"gpu"), ``backend`` (tiledsl backend for ours), ``quick``.

    Inputs are torch tensors on the run's device (CPU tensors share memory with numpy, so the
    numpy reference sees the same bytes through :meth:`np`). Random normal values, never
    zeros, from a fixed seed so reruns time the same data.
    """

    def __init__(self, device: str, backend: str, quick: bool, seed: int = 0):
        import torch

        self.device = device
        self.backend = backend
        self.quick = quick
        self.torch = torch
        self.dev = torch.device("cuda" if device == "gpu" else "cpu")
        # Inputs are generated where they live: 64M-element GPU inputs made on the host
        # would cost seconds per case.
        self.gen = torch.Generator(device=self.dev).manual_seed(seed)
        self._kernels = None

    # -- inputs -----------------------------------------------------------------------------
    def dtype(self, name: str):
        """torch dtype for a name such as ``"float16"``."""
        if name not in TORCH_DTYPES:
            raise Unavailable(f"dtype {name} not benchmarked")
        return getattr(self.torch, name)

    def randn(self, *shape, dtype: str = "float32", scale: float = 1.0):
        """A random normal tensor on the run's device, drawn in float32 and then cast."""
        t = self.torch.randn(*shape, generator=self.gen, dtype=self.torch.float32,
                             device=self.dev)
        return (t * scale).to(dtype=self.dtype(dtype)).contiguous()

    def np(self, t) -> np.ndarray:
        """A numpy view of a CPU tensor (no copy); numpy references use it."""
        if t.device.type != "cpu":
            raise Unavailable("numpy reference runs on the CPU only")
        if t.dtype == self.torch.bfloat16:
            raise Unavailable("numpy has no bfloat16")
        return t.numpy()

    @staticmethod
    def nbytes(*tensors) -> int:
        """Total bytes of tensors (compulsory traffic of reading or writing each once)."""
        return sum(t.numel() * t.element_size() for t in tensors)

    # -- lazy imports -----------------------------------------------------------------------
    def kernels(self):
        """``tiledsl.kernels``, or :class:`Unavailable` naming why it cannot be imported."""
        if self._kernels is None:
            try:
                self._kernels = importlib.import_module("tiledsl.kernels")
            except Exception as exc:  # noqa: BLE001 - any import failure means "not yet"
                raise Unavailable(f"tiledsl.kernels: {type(exc).__name__}: {exc}") from None
        return self._kernels

    def kernel(self, name: str):
        """``tiledsl.kernels.<name>`` or :class:`Unavailable`."""
        fn = getattr(self.kernels(), name, None)
        if fn is None:
            raise Unavailable(f"tiledsl.kernels.{name} does not exist yet")
        return fn

    @staticmethod
    def tiled():
        """The ``tiledsl`` package with ``jit``, or :class:`Unavailable`."""
        try:
            tiled = importlib.import_module("tiledsl")
        except Exception as exc:  # noqa: BLE001
            raise Unavailable(f"tiledsl: {type(exc).__name__}: {exc}") from None
        if not hasattr(tiled, "jit"):
            raise Unavailable("tiledsl.jit does not exist yet")
        return tiled

    def triton_refs(self):
        """``tiledsl.perf.triton_refs`` (GPU with Triton only) or :class:`Unavailable`."""
        if self.device != "gpu":
            raise Unavailable("Triton references run on the GPU only")
        try:
            from . import triton_refs
        except Exception as exc:  # noqa: BLE001
            raise Unavailable(f"triton: {type(exc).__name__}: {exc}") from None
        return triton_refs

    # -- execution --------------------------------------------------------------------------
    def backend_scope(self, backend: str | None):
        """``with tiled.backend(name):`` for ours; a no-op for references."""
        if backend is None:
            return contextlib.nullcontext()
        tiled = self.tiled()
        scope = getattr(tiled, "backend", None)
        if scope is None:
            raise Unavailable("tiledsl.backend(...) does not exist yet")
        return scope(backend)

    def sync(self) -> None:
        """Wait for queued device work (a no-op on the CPU)."""
        if self.device == "gpu":
            self.torch.cuda.synchronize()
