"""The ptx backend: tile IR -> NVPTX LLVM IR (``lower.py``) -> PTX (``toolchain.py``), loaded
and launched through cupy (``runtime.py``). One program instance is one CTA of
``32 * num_warps`` threads (see ``layout.py``).

Compiling needs no GPU: the arch is the current GPU's, else ``TILEDSL_PTX_ARCH``, else
sm_90a. Host arrays (numpy, CPU torch tensors) passed to a launch are copied to the GPU and
back around it (the test suite and the tutorials pass numpy arrays); CUDA tensors and cupy
arrays are used in place.
"""
from __future__ import annotations

from numpy import ndarray as _NDARRAY

from tiledsl import knobs
from tiledsl.runtime.compiled import CompiledKernel

#: CI without a GPU: compile every launch to PTX, assemble it with ptxas for sm_80 and
#: sm_90a, then run the kernel on the interpreter, so the whole backend-parametrised suite
#: exercises the ptx lowering (tests/test_ptx_lowering.py runs the suite this way).
DRYRUN = knobs.PTX_DRYRUN


def _compiler_version() -> str:
    """A hash of this backend's and the shared LLVM lowering's sources (cache keys)."""
    import hashlib
    from pathlib import Path
    here = Path(__file__).resolve().parent
    h = hashlib.sha256()
    for f in sorted(here.glob("*.py")) + sorted((here.parent / "llvm").glob("*.py")):
        h.update(f.name.encode())
        h.update(f.read_bytes())
    return "ptx-lower-" + h.hexdigest()[:16]


#: part of every cache key of this backend
COMPILER_VERSION = _compiler_version()


def _loc_to_json(loc):
    import dataclasses
    from tiledsl.errors import SourceLoc
    return dataclasses.asdict(loc) if isinstance(loc, SourceLoc) else None


def _loc_from_json(d):
    from tiledsl.errors import SourceLoc
    return SourceLoc(**d) if d else None


class PtxBackend:
    name = "ptx"

    def is_available(self) -> bool:
        if DRYRUN.as_bool():
            from . import toolchain
            return toolchain.ptxas_available()
        try:
            from . import runtime
            return bool(runtime.is_available())
        except Exception:  # noqa: BLE001 - no cupy / driver / GPU: the backend is absent
            return False

    def target(self) -> str:
        """The arch, plus the codegen knobs of this backend (the JIT keys compiled kernels
        on it)."""
        from . import toolchain
        from .mma import FRAGMENTS
        return toolchain.arch_of_device() + ("" if FRAGMENTS.as_bool() else "+smem-acc")

    def compile(self, fn, options) -> CompiledKernel:
        """Lower and compile to PTX; the result is cached on disk under a key of the tile IR,
        this compiler's sources, the arch, the options and the codegen knobs."""
        import json
        from tiledsl.ir import print_function
        from tiledsl.runtime.cache import cache_key, default_cache
        from . import toolchain
        from .layout import choose_num_warps
        arch = toolchain.normalize_arch(options.get("arch") or toolchain.arch_of_device())
        num_warps = choose_num_warps(fn, options.get("num_warps"))
        debug = bool(options.get("debug")) or knobs.DEBUG.as_bool()
        from .mma import FRAGMENTS
        key = cache_key("ptx-kernel", COMPILER_VERSION, print_function(fn), arch, num_warps,
                        debug, knobs.codegen_fingerprint(), toolchain.compiler_fingerprint(),
                        FRAGMENTS.raw())
        cache = default_cache()
        hit = cache.get(key, "kernel.json")
        if hit is not None:
            data = json.loads(hit)
            llir, ptx, meta = data["llir"], data["ptx"], data["meta"]
            meta["checks"] = [{**c, "loc": _loc_from_json(c["loc"])} for c in meta["checks"]]
        else:
            from .lower import lower
            llir, meta = lower(fn, arch, num_warps, debug=debug)
            ptx = toolchain.llir_to_ptx(llir, arch)
            meta["arch"] = arch
            stored = {**meta, "checks": [{**c, "loc": _loc_to_json(c["loc"])}
                                         for c in meta["checks"]]}
            cache.put(key, "kernel.json", json.dumps({"llir": llir, "ptx": ptx,
                                                      "meta": stored}).encode())
        meta["num_stages"] = options.get("num_stages", 3)
        meta["dryrun"] = DRYRUN.as_bool()  # decided per compile, never stored in the cache
        specs = [(a.name, a.type.elem) for a in fn.args]
        return CompiledKernel(fn.name, self.name, {"llir": llir, "ptx": ptx}, specs, meta, ir=fn)

    def launch(self, compiled, grid, args) -> None:
        """Hot path: device arrays and scalars go straight to the loaded launcher (one type
        check per argument on top of it); host arrays take the staging path."""
        handle = compiled.handle
        if handle is not None:
            for a in args:
                t = type(a)
                if t is _NDARRAY or (t.__module__ == "torch" and not a.is_cuda):
                    break
            else:
                return handle.run(grid, args)
        if compiled.meta.get("dryrun"):
            return self._dry_launch(compiled, grid, args)
        from . import runtime
        from .staging import staged
        if handle is None:
            runtime.load_compiled(compiled)
        with staged(compiled, args) as dev_args:
            runtime.launch_compiled(compiled, grid, dev_args)

    def _dry_launch(self, compiled, grid, args) -> None:
        from tiledsl.backends import get_backend
        from . import toolchain
        if not compiled.meta.get("validated"):
            compiled.meta["ptxas"] = toolchain.validate(compiled.asm["ptx"], ("sm_80", "sm_90a"))
            compiled.meta["validated"] = True
        interp = get_backend("interp")
        interp.launch(interp.compile(compiled.ir, dict(compiled.meta)), grid, args)

    def synchronize(self) -> None:
        if DRYRUN.as_bool():
            return
        from . import runtime
        runtime.synchronize()


BACKEND = PtxBackend()
