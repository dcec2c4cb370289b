"""The cpu backend's op -> emitter table, checked against ``tiledsl.ir.ops.OPS`` by
``tests/test_op_table.py``.

It is the shared LLVM table (``backends/llvm/emitters.py``); the CPU-specific parts live in
the :class:`~tiledsl.backends.cpu.lower.CpuTarget` hooks those emitters call (memory, ``dot``,
grid, print, failure). An op this backend cannot lower is listed in :data:`UNSUPPORTED` with
the reason, and lowering it raises a ``CompilationError`` that names the user's line.
"""
from __future__ import annotations

from tiledsl.backends.llvm.emitters import EMITTERS as _SHARED
from tiledsl.errors import CompilationError


def _barrier(lowering, op, args):
    lowering.target.barrier(lowering)  # one thread per program: nothing to wait for
    return []


def _unsupported(reason: str):
    def emit(lowering, op, args):
        raise CompilationError(f"the cpu backend does not support {op.name!r}: {reason}", op.loc)
    emit.unsupported = reason
    return emit


#: op name -> why the cpu backend cannot lower it (empty: everything is supported)
UNSUPPORTED: dict[str, str] = {}

EMITTERS = dict(_SHARED)
EMITTERS["barrier"] = _barrier
EMITTERS.update({name: _unsupported(why) for name, why in UNSUPPORTED.items()})
