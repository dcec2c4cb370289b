"""Every environment knob tiledsl reads, with typed accessors.

Nothing else in the code base calls ``os.environ`` for configuration: add a knob here, and it
is documented, typed and (where it changes generated code) part of the cache key.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


# On POSIX, os.environ keeps its bytes in a plain dict that os.environ's setters update in
# place; reading it directly costs a dict lookup instead of ~1 us of Mapping machinery, which
# matters because knobs that pick the backend are read on every kernel launch.
_RAW_ENV = getattr(os.environ, "_data", None) if os.name == "posix" else None


def _getenv(name: str) -> str | None:
    if _RAW_ENV is not None:
        value = _RAW_ENV.get(name.encode())
        return None if value is None else value.decode()
    return os.environ.get(name)


@dataclass(frozen=True)
class Knob:
    name: str
    default: str | None
    doc: str
    affects_codegen: bool = False

    def raw(self) -> str | None:
        value = _getenv(self.name)
        return self.default if value is None or value == "" else value

    def as_bool(self) -> bool:
        return (self.raw() or "0").strip().lower() in ("1", "true", "yes", "on")

    def as_int(self) -> int:
        raw = self.raw()
        try:
            return int(raw) if raw is not None else 0
        except ValueError:
            raise ValueError(f"{self.name}={raw!r} is not an integer") from None


BACKEND = Knob("TILEDSL_BACKEND", None, "interp|cpu|opencl|ptx: force a backend")
INTERPRET = Knob("TILEDSL_INTERPRET", None, "1: alias for TILEDSL_BACKEND=interp")
CACHE_DIR = Knob("TILEDSL_CACHE_DIR", None, "on-disk compilation cache (default ~/.cache/tiledsl)")
DEBUG = Knob("TILEDSL_DEBUG", None, "1: bounds-check every access on compiled backends",
             affects_codegen=True)
DUMP_IR = Knob("TILEDSL_DUMP_IR", None,
               "comma-separated pass names (or 'all'): print the IR after those passes")
INTERP_CHECKS = Knob("TILEDSL_INTERP_CHECKS", "1",
                     "0: switch off the interpreter's out-of-bounds/uninitialised/overflow checks")
OPENCL_DEVICE = Knob("TILEDSL_OPENCL_DEVICE", None,
                     "'platform:device' indices or a substring of the device name")
NUM_THREADS = Knob("TILEDSL_NUM_THREADS", None, "threads of the cpu backend's pool (default: cores)")
CPU_TARGET = Knob("TILEDSL_CPU_TARGET", None, "LLVM triple for the cpu backend (default: host)",
                  affects_codegen=True)
CPU_OPT_LEVEL = Knob("TILEDSL_CPU_OPT_LEVEL", "2",
                     "LLVM -O level of the cpu backend, 0-3 (default 2: O3 compiled a tiled "
                     "matmul 6x slower for no speed-up)", affects_codegen=True)
PTX_ARCH = Knob("TILEDSL_PTX_ARCH", None, "sm_XX to compile for when no GPU is present",
                affects_codegen=True)
PTX_VERSION = Knob("TILEDSL_PTX_VERSION", None,
                   "PTX ISA version to emit, e.g. 85 or 8.5 (default: 8.5, or the arch's minimum)",
                   affects_codegen=True)
PTX_ISOLATE = Knob("TILEDSL_PTX_ISOLATE", None,
                   "1: run LLVM's NVPTX code generation in a subprocess, so an LLVM abort "
                   "becomes a CompilationError")
PTXAS = Knob("TILEDSL_PTXAS", None,
             "path of the ptxas binary (default: PATH, /usr/local/cuda, triton's bundled one)")
FASTRUN = Knob("TILEDSL_FASTRUN", None,
               "heuristic|cache|profile|force|record, then any of reproducible, record, "
               "workspace=<bytes[K|M|G]>, budget=<s>, workload=<name>, system=<ro caches>")
FASTRUN_CACHE = Knob("TILEDSL_FASTRUN_CACHE", None,
                     "path of the FastRun SQLite cache (default <cache dir>/fastrun.sqlite3)")
VERIFY_IR = Knob("TILEDSL_VERIFY_IR", None, "1: run the IR verifier after every pass (tests)")
PTX_DRYRUN = Knob("TILEDSL_PTX_DRYRUN", None,
                  "1: ptx launches compile and ptxas-assemble, then run on the interpreter")
PTX_MMA_FRAGMENTS = Knob("TILEDSL_PTX_MMA_FRAGMENTS", "1",
                         "0: GEMM accumulators go through shared memory at every ptx dot",
                         affects_codegen=True)
LIBDEVICE = Knob("TILEDSL_LIBDEVICE", None,
                 "path of libdevice.10.bc for the ptx backend's math functions",
                 affects_codegen=True)
ALWAYS_COMPILE = Knob("TILEDSL_ALWAYS_COMPILE", None, "1: ignore the on-disk cache")

ALL = [v for v in list(globals().values()) if isinstance(v, Knob)]


def cache_dir() -> Path:
    raw = CACHE_DIR.raw()
    return Path(raw) if raw else Path.home() / ".cache" / "tiledsl"


def backend_override() -> str | None:
    if INTERPRET.as_bool():
        return "interp"
    return BACKEND.raw()


def dump_ir_after() -> set[str]:
    raw = DUMP_IR.raw()
    return {s.strip() for s in raw.split(",")} if raw else set()


_CODEGEN = [k for k in ALL if k.affects_codegen]
_LAUNCH_NAMES = [k.name for k in [BACKEND, INTERPRET] + _CODEGEN]
_LAUNCH_KEYS = [n.encode() for n in _LAUNCH_NAMES]


def codegen_fingerprint() -> tuple:
    """Knobs that change generated code, for cache keys."""
    return tuple((k.name, k.raw()) for k in _CODEGEN)


def launch_state() -> tuple:
    """Raw values of every knob that can change which compiled kernel a launch uses."""
    if _RAW_ENV is not None:
        get = _RAW_ENV.get
        return tuple([get(k) for k in _LAUNCH_KEYS])
    return tuple(_getenv(n) for n in _LAUNCH_NAMES)
