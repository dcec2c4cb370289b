"""A compiled kernel: its artifacts, its run-time argument list and how to launch it."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class CompiledKernel:
    """What ``kernel.warmup(...)`` returns. ``asm`` holds the IR text (``"ir"``) and the
    backend's text (``"llir"``, ``"ptx"``, ``"opencl"``) or binary (``"obj"``)."""
    name: str
    backend: str
    asm: dict[str, Any]
    arg_specs: list  # [(name, dtype)] of the run-time arguments, in ABI order
    meta: dict = field(default_factory=dict)
    ir: Any = None          # the IR Function (kept for the interpreter and for tests)
    handle: Any = None      # backend-specific loaded object

    @property
    def num_warps(self) -> int:
        return self.meta.get("num_warps", 4)

    def __getitem__(self, grid):
        from tiledsl.backends import get_backend
        from .args import normalise_grid
        backend = get_backend(self.backend)

        def launch(*args):
            return backend.launch(self, normalise_grid(grid, {}), list(args))
        return launch
