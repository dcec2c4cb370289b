"""The numpy interpreter: the reference semantics of tiledsl, with debug checks built in."""
from __future__ import annotations

from tiledsl.runtime.compiled import CompiledKernel
from . import runtime


class InterpBackend:
    name = "interp"

    def is_available(self) -> bool:
        return True

    def target(self) -> str:
        return "numpy"

    def compile(self, fn, options) -> CompiledKernel:
        specs = [(a.name, a.type.elem) for a in fn.args]
        return CompiledKernel(fn.name, self.name, {}, specs,
                              {"num_warps": options.get("num_warps", 4)}, ir=fn)

    def launch(self, compiled: CompiledKernel, grid, args) -> None:
        fn = compiled.ir
        if len(args) != len(fn.args):
            from tiledsl.errors import LaunchError
            raise LaunchError(f"{compiled.name} takes {len(fn.args)} run-time arguments, "
                              f"got {len(args)}")
        runtime.launch(fn, grid, args, [a.type for a in fn.args])


BACKEND = InterpBackend()
