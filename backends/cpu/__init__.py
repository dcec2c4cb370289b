"""The cpu backend: tile IR -> LLVM IR (``lower.py``) -> native code for this machine
(``toolchain.py``), run over the grid on a thread pool (``runtime.py``).

Compiled kernels are cached on disk twice over: the lowered LLVM IR and its checks under a
key of the tile IR text, compiler version, target (triple, CPU, features), options and
codegen knobs, so a warm process skips lowering; and the linked shared library under a hash
of that LLVM IR, target, opt level and toolchain versions (``runtime.load_module``).
"""
from __future__ import annotations

import dataclasses
import json

from tiledsl import knobs
from tiledsl.errors import SourceLoc
from tiledsl.runtime.compiled import CompiledKernel



def _compiler_version() -> str:
    """A hash of the lowering's own source files: any edit to the compiler invalidates
    cached LLVM IR, with no version number to forget to bump."""
    import hashlib
    from pathlib import Path
    here = Path(__file__).resolve().parent
    files = sorted(here.glob("*.py")) + sorted((here.parent / "llvm").glob("*.py"))
    h = hashlib.sha256()
    for f in files:
        h.update(f.name.encode())
        h.update(f.read_bytes())
    return "cpu-lower-" + h.hexdigest()[:16]


#: part of every cache key of this backend
COMPILER_VERSION = _compiler_version()


def _loc_to_json(loc):
    return dataclasses.asdict(loc) if isinstance(loc, SourceLoc) else None


def _loc_from_json(d):
    return SourceLoc(**d) if d else None


_CHECKED_OPS = ("assert", "load", "store", "atomic")


class CpuBackend:
    name = "cpu"

    def is_available(self) -> bool:
        try:
            from . import toolchain
            toolchain.host_target()
            return True
        except Exception:  # noqa: BLE001 - no llvmlite / no target: the backend is absent
            return False

    def target(self) -> str:
        from . import toolchain
        t = toolchain.host_target()
        return f"{t.triple}:{t.cpu}:{t.features}"

    # -- compiling ---------------------------------------------------------------------------
    def lower(self, fn, options: dict | None = None, target_info=None):
        """``(llir, checks, debug)`` for ``fn`` on ``target_info`` (default: the host)."""
        from . import toolchain
        from .lower import lower
        options = options or {}
        info = target_info or toolchain.host_target()
        debug = bool(options.get("debug")) or knobs.DEBUG.as_bool()
        llir, checks = lower(fn, info, debug=debug)
        return llir, checks, debug

    def compile_for_target(self, fn, options: dict | None, target_info) -> CompiledKernel:
        """A ``CompiledKernel`` for another target (e.g. ``toolchain.aarch64_target()``),
        not loaded: hand it to ``aot.export``."""
        llir, checks, debug = self.lower(fn, options, target_info)
        return CompiledKernel(fn.name, self.name, {"llir": llir}, _arg_specs(fn),
                              {"checks": checks, "debug": debug, "num_warps": 1})

    def compile(self, fn, options) -> CompiledKernel:
        from tiledsl.ir import print_function
        from tiledsl.runtime.cache import cache_key, default_cache
        from . import runtime, toolchain
        info = toolchain.host_target()
        debug = bool(options.get("debug")) or knobs.DEBUG.as_bool()
        opts = {k: v for k, v in options.items() if k not in ("source_hash", "params")}
        # the IR text has no source positions, but the checks name them: key on those too
        locs = [str(op.loc) for op in fn.walk() if op.name in _CHECKED_OPS]
        key = cache_key("cpu-llir", COMPILER_VERSION, print_function(fn), locs, info.key(),
                        sorted((k, repr(v)) for k, v in opts.items()), debug,
                        knobs.codegen_fingerprint(), toolchain.toolchain_fingerprint())
        cache = default_cache()
        hit = cache.get(key, "kernel.json")
        if hit is not None:
            data = json.loads(hit)
            llir = data["llir"]
            checks = [{**c, "loc": _loc_from_json(c["loc"])} for c in data["checks"]]
        else:
            llir, checks, debug = self.lower(fn, options, info)
            blob = {"llir": llir, "checks": [{**c, "loc": _loc_to_json(c["loc"])} for c in checks]}
            cache.put(key, "kernel.json", json.dumps(blob).encode())
        meta = {"checks": checks, "debug": debug, "num_warps": options.get("num_warps", 4),
                "num_stages": options.get("num_stages", 3), "shared": 0}
        compiled = CompiledKernel(fn.name, self.name, {"llir": llir}, _arg_specs(fn), meta)
        compiled.handle = runtime.load_module(fn.name, compiled.arg_specs, meta, llir=llir,
                                              target=info, cache=cache, asm=compiled.asm)
        return compiled

    # -- launching ---------------------------------------------------------------------------
    def launch(self, compiled: CompiledKernel, grid, args) -> None:
        compiled.handle.launch(grid, args)


def _arg_specs(fn):
    return [(a.name, a.type.elem) for a in fn.args]


BACKEND = CpuBackend()
