"""Entry point of the frontend: a ``@jit`` function plus a specialisation -> an IR Function."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tiledsl.errors import CompilationError
from tiledsl.ir import ArgInfo, Block, Builder, Function, TileType
from . import context
from .codegen import CodeGen, _CallerFrame
from .scopes import Scope, lift_early_returns
from .semantic import Semantic
from .tensor import tensor


@dataclass(frozen=True)
class ParamSpec:
    """How one kernel parameter is compiled: as a run-time argument of ``type`` (with its
    divisibility), or as the compile-time ``value`` (constexprs and ints equal to 1)."""
    name: str
    type: TileType | None = None
    divisibility: int = 1
    value: Any = None


def build_kernel(jitfn, params: list[ParamSpec]) -> tuple[Function, list]:
    """Compile ``jitfn``'s body for ``params``; returns the IR and the inlined callees."""
    source = jitfn.source()
    runtime = [p for p in params if p.type is not None]
    body = Block([p.type for p in runtime], [p.name for p in runtime])
    fn = Function(jitfn.__name__, [ArgInfo(p.name, p.type, p.divisibility) for p in runtime], body,
                  source.loc(source.tree))
    builder = Builder(body)
    builder.loc = source.loc(source.tree)
    sem = Semantic(builder)
    callees: list = []
    sem.note_callee = callees.append
    values = {}
    args = iter(body.args)
    for p in params:
        values[p.name] = tensor(next(args)) if p.type is not None else p.value
    codegen = CodeGen(sem, source, Scope(source, values))
    with context.active(sem), _CallerFrame(sem, codegen):
        codegen.visit_statements(lift_early_returns(source.tree.body))
    ret = codegen.scope.vars.get("__return__")
    if ret is not None:
        raise CompilationError("a kernel cannot return a value; store results with tl.store",
                               source.loc(source.tree))
    fn.attrs["used_globals"] = sem.used_globals
    return fn, callees
