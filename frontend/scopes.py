"""Name resolution and constexpr evaluation for the code generator.

A kernel body has one flat Python scope (as Python functions do). Names resolve to local
values first, then the function's closure, then its module globals, then Python's builtins.
Anything that is not a ``tensor`` is a compile-time (constexpr) value.
"""
from __future__ import annotations

import ast
import builtins
import inspect
import textwrap
from dataclasses import dataclass, field
from typing import Any

from tiledsl.errors import CompilationError, SourceLoc
from .tensor import constexpr, tensor, unwrap


@dataclass
class FunctionSource:
    """A ``@jit`` function's parsed source, with what is needed to map AST nodes back to the
    user's file and line."""
    fn: Any
    tree: ast.FunctionDef
    file: str
    first_line: int
    indent: int
    lines: list[str]
    globals: dict
    closure: dict = field(default_factory=dict)

    @classmethod
    def parse(cls, fn) -> "FunctionSource":
        try:
            lines, first_line = inspect.getsourcelines(fn)
        except (OSError, TypeError) as e:
            raise CompilationError(f"cannot read the source of {fn.__qualname__}: {e}") from None
        raw = "".join(lines)
        dedented = textwrap.dedent(raw)
        indent = len(lines[0]) - len(lines[0].lstrip()) if lines else 0
        module = ast.parse(dedented)
        tree = next(n for n in module.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)))
        closure = {}
        if fn.__closure__:
            for name, cell in zip(fn.__code__.co_freevars, fn.__closure__):
                try:
                    closure[name] = cell.cell_contents
                except ValueError:
                    pass
        return cls(fn, tree, inspect.getsourcefile(fn) or fn.__code__.co_filename, first_line,
                   indent, [ln.rstrip("\n") for ln in lines], fn.__globals__, closure)

    def loc(self, node: ast.AST) -> SourceLoc:
        lineno = getattr(node, "lineno", self.tree.lineno)
        col = getattr(node, "col_offset", 0) + self.indent
        text = self.lines[lineno - 1] if 0 < lineno <= len(self.lines) else ""
        return SourceLoc(self.file, self.first_line + lineno - 1, col, self.fn.__name__, text)


class Scope:
    """Local names of one function being compiled."""

    def __init__(self, source: FunctionSource, values: dict[str, Any] | None = None):
        self.source = source
        self.vars: dict[str, Any] = dict(values or {})

    def lookup(self, name: str):
        if name in self.vars:
            return self.vars[name]
        if name in self.source.closure:
            return unwrap(self.source.closure[name])
        if name in self.source.globals:
            value = self.source.globals[name]
            _record_global(self.source.globals, name, value)
            return unwrap(value)
        if hasattr(builtins, name):
            return getattr(builtins, name)
        raise CompilationError(f"name '{name}' is not defined")

    def copy(self) -> "Scope":
        return Scope(self.source, self.vars)


_PLAIN = (int, float, bool, str, tuple, type(None))


def _record_global(namespace: dict, name: str, value) -> None:
    """Remember a plain global the kernel's code depends on, so a launch after the user
    rebinds it recompiles instead of reusing stale code."""
    from . import context
    from .tensor import constexpr
    sem = getattr(context._state, "semantic", None)
    if sem is not None and isinstance(value, _PLAIN + (constexpr,)):
        sem.used_globals.append((namespace, name, value))


def globals_unchanged(used) -> bool:
    for namespace, name, value in used:
        current = namespace.get(name, _MISSING)
        if current is not value and not (type(current) is type(value) and _equal(current, value)):
            return False
    return True


def _equal(a, b) -> bool:
    from .tensor import unwrap
    try:
        return bool(unwrap(a) == unwrap(b))
    except Exception:  # noqa: BLE001 - incomparable values count as changed
        return False


_MISSING = object()


def is_constexpr(value) -> bool:
    return not isinstance(value, tensor)


def assigned_names(stmts: list[ast.stmt]) -> list[str]:
    """Names a statement list assigns to (in first-assignment order), nested blocks included."""
    seen: dict[str, None] = {}

    class Visitor(ast.NodeVisitor):
        def visit_Name(self, node):
            if isinstance(node.ctx, ast.Store):
                seen.setdefault(node.id, None)

        def visit_FunctionDef(self, node):
            pass

    for s in stmts:
        Visitor().visit(s)
    return list(seen)


def ends_with_return(stmts: list[ast.stmt]) -> bool:
    if not stmts:
        return False
    last = stmts[-1]
    if isinstance(last, ast.Return):
        return True
    if isinstance(last, ast.If):
        return ends_with_return(last.body) and ends_with_return(last.orelse)
    return False


def lift_early_returns(stmts: list[ast.stmt]) -> list[ast.stmt]:
    """Rewrite ``if c: ...; return`` followed by more code into ``if c: ... else: <rest>``,
    so every return ends its block and the code generator only needs structured ifs."""
    out: list[ast.stmt] = []
    for i, stmt in enumerate(stmts):
        if isinstance(stmt, ast.If):
            body = lift_early_returns(stmt.body)
            orelse = lift_early_returns(stmt.orelse)
            rest = stmts[i + 1:]
            if rest and (ends_with_return(body) or ends_with_return(orelse)):
                if ends_with_return(body) and not ends_with_return(orelse):
                    orelse = lift_early_returns(orelse + rest)
                elif ends_with_return(orelse) and not ends_with_return(body):
                    body = lift_early_returns(body + rest)
                new = ast.If(test=stmt.test, body=body, orelse=orelse)
                out.append(ast.copy_location(new, stmt))
                return out
            out.append(ast.copy_location(ast.If(test=stmt.test, body=body, orelse=orelse), stmt))
            continue
        out.append(stmt)
    return out
