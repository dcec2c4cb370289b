"""Backend registry and selection.

Each backend package exposes ``BACKEND`` with ``name``, ``is_available()``, ``target()``,
``compile(fn, options)`` and ``launch(compiled, grid, args)`` (see README.md here).
"""
from __future__ import annotations

import importlib
import threading
from contextlib import contextmanager

from tiledsl import knobs
from tiledsl.errors import BackendUnavailableError

NAMES = ("interp", "cpu", "opencl", "ptx")
_loaded: dict[str, object] = {}
_local = threading.local()


def get_backend(name: str):
    """The backend object called ``name``; a clear error if unknown or not built yet."""
    if name not in NAMES:
        raise BackendUnavailableError(f"unknown backend {name!r}; choose one of {', '.join(NAMES)}")
    if name not in _loaded:
        try:
            module = importlib.import_module(f"tiledsl.backends.{name}")
        except ImportError as e:
            raise BackendUnavailableError(f"backend {name!r} cannot be imported: {e}") from None
        backend = getattr(module, "BACKEND", None)
        if backend is None:
            raise BackendUnavailableError(f"backend {name!r} is not built in this version")
        _loaded[name] = backend
    return _loaded[name]


def is_available(name: str) -> bool:
    try:
        return bool(get_backend(name).is_available())
    except BackendUnavailableError:
        return False


def available() -> list[str]:
    """Names of the backends that can compile and run on this machine."""
    return [n for n in NAMES if is_available(n)]


@contextmanager
def backend(name: str):
    """``with tiled.backend("opencl"):`` runs the launches inside on that backend."""
    if name == "interpret":
        name = "interp"
    get_backend(name)
    stack = getattr(_local, "stack", [])
    _local.stack = stack + [name]
    try:
        yield name
    finally:
        _local.stack = stack


def selection_state() -> tuple:
    """What backend selection depends on besides the arguments (for launch caches)."""
    stack = getattr(_local, "stack", None)
    return (stack[-1] if stack else None, knobs.launch_state())


def select(devices: set[str]) -> str:
    """The backend for a launch: ``with backend(...)``, then ``TILEDSL_BACKEND`` /
    ``TILEDSL_INTERPRET``, then the arguments (CUDA -> ptx, OpenCL arrays -> opencl, host
    arrays -> cpu when it is available, else the interpreter)."""
    stack = getattr(_local, "stack", None)
    if stack:
        return stack[-1]
    forced = knobs.backend_override()
    if forced:
        if forced == "interpret":
            forced = "interp"
        get_backend(forced)
        return forced
    if "cuda" in devices:
        return "ptx"
    if "opencl" in devices:
        return "opencl"
    return "cpu" if is_available("cpu") else "interp"
