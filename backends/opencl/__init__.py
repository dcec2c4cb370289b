"""The OpenCL backend: tile IR -> OpenCL C (``lower.py``), built and launched with pyopencl
(``runtime.py``) on the device ``TILEDSL_OPENCL_DEVICE`` names, or the first that works."""
from __future__ import annotations

from tiledsl.runtime.compiled import CompiledKernel


class OpenCLBackend:
    name = "opencl"

    def is_available(self) -> bool:
        try:
            from . import runtime
        except ImportError:
            return False
        return runtime.is_available()

    def target(self) -> str:
        from . import runtime
        info = runtime.device_info()
        return f"{info.vendor}:{info.name}:{info.driver_version}"

    def compile(self, fn, options) -> CompiledKernel:
        from .layout import choose_local_size
        from .lower import Lowering
        local = choose_local_size(fn, options.get("num_warps", 4), options.get("local_size"))
        lowering = Lowering(fn, local)
        source = lowering.run()
        written = None if -1 in lowering.written_args else set(lowering.written_args)
        meta = {"local_size": local, "checks": lowering.checks, "num_warps": options.get("num_warps", 4),
                "build_options": ["-cl-fp32-correctly-rounded-divide-sqrt"],
                "smem_bytes": lowering.smem_bytes}
        if written is not None:
            meta["written_args"] = written
        specs = [(a.name, a.type.elem) for a in fn.args]
        return CompiledKernel(fn.name, self.name, {"opencl": source}, specs, meta, ir=fn)

    def launch(self, compiled, grid, args) -> None:
        from . import runtime
        runtime.launch_compiled(compiled, grid, args)

    def synchronize(self) -> None:
        from . import runtime
        runtime.synchronize()


BACKEND = OpenCLBackend()
