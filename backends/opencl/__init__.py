"""The OpenCL backend: tile IR -> OpenCL C (``lower.py``), built and launched with pyopencl
(``runtime.py``) on the device ``TILEDSL_OPENCL_DEVICE`` names, or the first that works."""
from __future__ import annotations

import sys
import warnings

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
        staged = _stage_foreign_arrays(args, runtime.get_context(), compiled)
        if staged is None:
            runtime.launch_compiled(compiled, grid, args)
            return
        host_args, writebacks = staged
        runtime.launch_compiled(compiled, grid, host_args)
        for array, host in writebacks:
            array.set(host)

    def synchronize(self) -> None:
        from . import runtime
        runtime.synchronize()


_warned_foreign = False


def _stage_foreign_arrays(args, context, compiled):
    """pyopencl arrays of a context other than tiledsl's (a user's own ``cl.Context``) run
    through host copies: correct, but with two transfers, so say so once. Returns ``None``
    when every argument can be used in place."""
    global _warned_foreign
    cl_array = sys.modules.get("pyopencl.array")
    if cl_array is None:
        return None
    foreign = [i for i, a in enumerate(args)
               if isinstance(a, cl_array.Array) and a.context != context]
    if not foreign:
        return None
    if not _warned_foreign:
        _warned_foreign = True
        warnings.warn("tiledsl opencl: pyopencl arrays of another context are copied through "
                      "host memory; create them with tiledsl.backends.opencl.runtime."
                      "get_queue() to use them in place", RuntimeWarning, stacklevel=4)
    written = compiled.meta.get("written_args")
    host_args, writebacks = list(args), []
    for i in foreign:
        host_args[i] = args[i].get()
        if written is None or i in written:
            writebacks.append((args[i], host_args[i]))
    return host_args, writebacks


BACKEND = OpenCLBackend()
