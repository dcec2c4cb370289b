"""A stable textual form of the IR, for golden tests and ``TILEDSL_DUMP_IR``.

Values are numbered in program order, so the text depends only on the IR's structure.
"""
from __future__ import annotations

from .core import Block, Function, Op, Value


class _Names:
    def __init__(self):
        self.names: dict[int, str] = {}

    def define(self, v: Value) -> str:
        name = f"%{len(self.names)}"
        self.names[v.id] = name
        return name

    def __call__(self, v: Value) -> str:
        return self.names.get(v.id, f"%?{v.id}")


def _attr(v) -> str:
    if isinstance(v, float):
        return repr(v)
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(_attr(x) for x in v) + "]"
    if isinstance(v, str):
        return repr(v)
    return str(v)


def _attrs(op: Op) -> str:
    shown = {k: v for k, v in op.attrs.items() if k not in ("result_types",)}
    if not shown:
        return ""
    return " {" + ", ".join(f"{k}={_attr(v)}" for k, v in sorted(shown.items())) + "}"


def _print_block(block: Block, names: _Names, indent: int, out: list[str]) -> None:
    pad = "  " * indent
    for op in block.ops:
        results = ", ".join(names.define(r) for r in op.results)
        lhs = f"{results} = " if results else ""
        operands = ", ".join(names(v) for v in op.operands)
        types = ", ".join(str(r.type) for r in op.results)
        line = f"{pad}{lhs}{op.name}{(' ' + operands) if operands else ''}{_attrs(op)}"
        if types:
            line += f" : {types}"
        if op.regions:
            out.append(line + " {")
            for i, region in enumerate(op.regions):
                args = ", ".join(f"{names.define(a)}: {a.type}" for a in region.args)
                out.append(f"{pad}  ^bb{i}({args}):")
                _print_block(region, names, indent + 2, out)
            out.append(f"{pad}}}")
        else:
            out.append(line)


def print_function(fn: Function) -> str:
    names = _Names()
    args = []
    for info, v in zip(fn.args, fn.body.args):
        spec = f" {{divisibility={info.divisibility}}}" if info.divisibility > 1 else ""
        args.append(f"{names.define(v)} {info.name}: {v.type}{spec}")
    out = [f"func @{fn.name}(" + ", ".join(args) + ") {"]
    _print_block(fn.body, names, 1, out)
    out.append("}")
    return "\n".join(out) + "\n"
