"""Tile IR -> OpenCL C. One program instance is one work-group; see ``layout.py`` for how a
tile is spread over its work-items and ``emitters.py`` for the per-op C templates."""
from __future__ import annotations

from tiledsl import dtypes as dt
from tiledsl.errors import UnsupportedError
from tiledsl.ir import Block, Function, Op, TileType, Value
from . import emitters as E
from .layout import Layout, choose_local_size, layout_of
from .lower_regions import RegionLowering

_ALIASES = ("reshape", "expand_dims", "hint")


def _strides(shape) -> list[int]:
    out, acc = [], 1
    for s in reversed(shape):
        out.append(acc)
        acc *= s
    return list(reversed(out))


def _coords(i: str, shape) -> list[str]:
    return [f"(({i} / {st}) % {n})" for st, n in zip(_strides(shape), shape)]


class Lowering(RegionLowering):
    def __init__(self, fn: Function, local_size: int):
        self.fn = fn
        self.L = local_size
        self.lines: list[str] = []
        self.depth = 1
        self.names: dict[int, str] = {}
        self.count = 0
        self.smem_bytes = 0
        self.checks: list[dict] = []
        self.uses_f64 = False
        self.uses_i64_atomics = False
        self.written_args: set[int] = set()
        self.arg_of: dict[int, int] = {}

    # -- helpers --------------------------------------------------------------------------
    def emit(self, line: str) -> None:
        self.lines.append("  " * self.depth + line)

    def layout(self, v: Value) -> Layout:
        return layout_of(v.type, self.L)

    def define(self, v: Value, prefix: str = "v") -> str:
        name = f"{prefix}{self.count}"
        self.count += 1
        self.names[v.id] = name
        if v.type.elem.is_fp64():
            self.uses_f64 = True
        self.emit(f"{E.reg(v.type.elem)} {name}[{self.layout(v).slots}];")
        return name

    def n(self, v: Value) -> str:
        return self.names[v.id]

    def slot_loop(self, lay: Layout, body: str) -> None:
        """Emit ``body`` (using ``e``) for every slot of ``lay``."""
        if lay.slots == 1:
            self.emit("{ const int e = 0; " + body + " }")
        else:
            self.emit(f"for (int e = 0; e < {lay.slots}; ++e) {{ {body} }}")

    def guarded(self, lay: Layout, cond: str | None, stmt: str) -> str:
        parts = [c for c in (lay.owner("e"), cond) if c]
        return f"if ({' && '.join(parts)}) {{ {stmt} }}" if parts else stmt

    def need_smem(self, nbytes: int) -> None:
        self.smem_bytes = max(self.smem_bytes, nbytes)

    def smem(self, ctype: str) -> str:
        return f"(({ctype} __local*)smem)"

    def barrier(self) -> None:
        self.emit("barrier(CLK_LOCAL_MEM_FENCE);")

    def to_smem(self, v: Value, offset_elems: int = 0, ctype: str | None = None) -> str:
        """Write every element of ``v`` to local memory at ``offset``; returns the array."""
        lay = self.layout(v)
        ct = ctype or E.reg(v.type.elem)
        arr = self.smem(ct)
        self.slot_loop(lay, self.guarded(
            lay, None, f"{arr}[{offset_elems} + {lay.index('e')}] = ({ct}){self.n(v)}[e];"))
        return arr

    # -- driver ---------------------------------------------------------------------------
    def run(self) -> str:
        params = []
        for i, (info, arg) in enumerate(zip(self.fn.args, self.fn.body.args)):
            elem = info.type.elem
            ctype = E.reg(elem) if not elem.is_floating() or elem.is_fp32() or elem.is_fp64() \
                else "float"
            params.append(f"{ctype} a{i}")
            name = self.define(arg, "arg")
            self.emit(f"{name}[0] = a{i};")
            if elem.is_ptr():
                self.arg_of[arg.id] = i
        params.append("__global int *tiledsl_status")
        self.block(self.fn.body)
        header = E.PRELUDE % {"local_size": self.L}
        if self.uses_f64:
            header = header + E.PRELUDE_F64
        if self.uses_i64_atomics:
            header = E.PRELUDE_INT64_ATOMICS + header
        smem_words = max(1, -(-self.smem_bytes // 8))
        body = [f"__kernel __attribute__((reqd_work_group_size({self.L}, 1, 1)))",
                f"void {self.fn.name}({', '.join(params)}) {{",
                "  const int lid = get_local_id(0);",
                f"  __local ulong smem[{smem_words}];",
                "  (void)smem; (void)lid;"]
        return header + "\n" + "\n".join(body + self.lines + ["}"]) + "\n"

    def block(self, block: Block) -> list[Value] | None:
        for op in block.ops:
            if op.name == "yield":
                return op.operands
            self.op(op)
        return None

    def op(self, op: Op) -> None:
        if op.name in _ALIASES:
            self.names[op.result.id] = self.n(op.operands[0])
            return
        handler = getattr(self, "op_" + op.name, None)
        if handler is not None:
            handler(op)
        elif op.name in E.BINARY:
            self.elementwise(op, lambda a, d: E.BINARY[op.name](a[0], a[1], d))
        elif op.name in ("neg", "not", "abs") or op.name in E._MATH:
            self.elementwise(op, lambda a, d: E.unary(op.name, a[0], d))
        else:
            raise UnsupportedError(f"op '{op.name}' is not supported by the OpenCL backend")

    def elementwise(self, op: Op, make) -> None:
        out = self.define(op.result)
        args = [f"{self.n(v)}[e]" for v in op.operands]
        self.slot_loop(self.layout(op.result),
                       f"{out}[e] = {make(args, op.operands[0].type.elem)};")

    # -- elementwise specials ---------------------------------------------------------------
    def op_select(self, op):
        out = self.define(op.result)
        c, a, b = (self.n(v) for v in op.operands)
        self.slot_loop(self.layout(op.result), f"{out}[e] = {c}[e] ? {a}[e] : {b}[e];")

    def op_fma(self, op):
        self.elementwise(op, lambda a, d: E.fma(a[0], a[1], a[2], d))

    def op_cast(self, op):
        src, dst = op.operands[0].type.elem, op.attrs["dtype"]
        self.elementwise(op, lambda a, d: E.cast(a[0], src, dst))

    def op_bitcast(self, op):
        src, dst = op.operands[0].type.elem, op.attrs["dtype"]
        self.elementwise(op, lambda a, d: E.bitcast(a[0], src, dst))

    def op_addptr(self, op):
        self.elementwise(op, lambda a, d: f"({a[0]} + {a[1]})")
        src = self.arg_of.get(op.operands[0].id)
        if src is not None:
            self.arg_of[op.result.id] = src

    def op_constant(self, op):
        out = self.define(op.result)
        t = op.attrs["type"]
        self.slot_loop(self.layout(op.result), f"{out}[e] = {E.literal(op.attrs['value'], t.elem)};")

    def op_arange(self, op):
        out = self.define(op.result)
        lay = self.layout(op.result)
        self.slot_loop(lay, f"{out}[e] = {op.attrs['start']} + (int){lay.index('e')};")

    def op_program_id(self, op):
        out = self.define(op.result)
        self.emit(f"{out}[0] = (int)get_group_id({op.attrs['axis']});")

    def op_num_programs(self, op):
        out = self.define(op.result)
        self.emit(f"{out}[0] = (int)get_num_groups({op.attrs['axis']});")

    # -- shape changes ------------------------------------------------------------------------
    def op_splat(self, op):
        out = self.define(op.result)
        self.slot_loop(self.layout(op.result), f"{out}[e] = {self.n(op.operands[0])}[0];")

    def op_broadcast(self, op):
        src = op.operands[0]
        dst_shape = op.result.type.shape
        src_shape = src.type.shape
        if src.type.numel == 1:
            return self.op_splat(op)
        lead = 0
        while lead < len(src_shape) and src_shape[lead] == 1 and dst_shape[lead] != 1:
            lead += 1
        if all(a == b for a, b in zip(src_shape[lead:], dst_shape[lead:])):
            # broadcasting over leading axes: element i needs source element i % N_src, which
            # the cyclic layout already puts on the same work-item
            out = self.define(op.result)
            lay = self.layout(op.result)
            ns = src.type.numel
            slot = "0" if ns <= self.L else f"(({lay.index('e')} % {ns}) / LS)"
            self.slot_loop(lay, f"{out}[e] = {self.n(src)}[{slot}];")
            return
        s_strides = _strides(src_shape)
        terms = [f"{c} * {st}" for c, st, n in zip(_coords("i", dst_shape), s_strides, src_shape) if n != 1]
        self.exchange(op, " + ".join(terms) or "0")

    def op_permute(self, op):
        src_shape = op.operands[0].type.shape
        strides = _strides(src_shape)
        coords = _coords("i", op.result.type.shape)
        terms = [f"{c} * {strides[o]}" for c, o in zip(coords, op.attrs["order"])]
        self.exchange(op, " + ".join(terms) or "0")

    def exchange(self, op, src_index: str) -> None:
        """result[i] = source[src_index(i)] through local memory."""
        src = op.operands[0]
        ct = E.reg(src.type.elem)
        self.need_smem(src.type.numel * 8)
        self.barrier()
        arr = self.to_smem(src, 0, ct)
        self.barrier()
        out = self.define(op.result)
        lay = self.layout(op.result)
        self.slot_loop(lay, f"const int i = {lay.index('e')}; {out}[e] = {arr}[{src_index}];")

    # -- memory ---------------------------------------------------------------------------------
    def op_load(self, op):
        elem = op.result.type.elem
        out = self.define(op.result)
        p = self.n(op.operands[0])
        rest = op.operands[1:]
        load = E.load_expr(f"{p}[e]", elem)
        if op.attrs.get("has_mask"):
            m = self.n(rest[0])
            other = f"{self.n(rest[1])}[e]" if op.attrs.get("has_other") else f"({E.reg(elem)})0"
            self.slot_loop(self.layout(op.result), f"{out}[e] = {m}[e] ? {load} : {other};")
        else:
            self.slot_loop(self.layout(op.result), f"{out}[e] = {load};")

    def op_store(self, op):
        elem = op.operands[1].type.elem
        p, v = self.n(op.operands[0]), self.n(op.operands[1])
        mask = f"{self.n(op.operands[2])}[e]" if op.attrs.get("has_mask") else None
        lay = self.layout(op.operands[0])
        self.slot_loop(lay, self.guarded(lay, mask, E.store_stmt(f"{p}[e]", f"{v}[e]", elem)))
        if op.operands[0].id in self.arg_of:
            self.written_args.add(self.arg_of[op.operands[0].id])
        else:
            self.written_args.add(-1)

    def op_atomic(self, op):
        kind = op.attrs["kind"]
        elem = op.result.type.elem
        if elem.primitive_bitwidth == 64 and elem.is_int():
            self.uses_i64_atomics = True
        n_vals = 2 if kind == "cas" else 1
        p = self.n(op.operands[0])
        vals = [f"{self.n(v)}[e]" for v in op.operands[1:1 + n_vals]]
        mask = f"{self.n(op.operands[1 + n_vals])}[e]" if op.attrs.get("has_mask") else None
        call = E.atomic_call(kind, f"{p}[e]", vals, elem)
        lay = self.layout(op.result)
        out = self.define(op.result)
        self.written_args.add(self.arg_of.get(op.operands[0].id, -1))
        # order every work-item's earlier memory operations before the atomic (Triton's
        # semantics for a program; needed by lock-based protocols)
        self.emit("barrier(CLK_LOCAL_MEM_FENCE | CLK_GLOBAL_MEM_FENCE);")
        cond = " && ".join(c for c in (lay.owner("e"), mask) if c)
        stmt = f"{out}[e] = {call}; mem_fence(CLK_GLOBAL_MEM_FENCE);"
        self.slot_loop(lay, f"if ({cond}) {{ {stmt} }}" if cond else stmt)
        if lay.wraps:  # replicated copies learn the old value from its owner
            ct = E.reg(elem)
            self.need_smem(lay.numel * 8)
            arr = self.smem(ct)
            self.slot_loop(lay, self.guarded(lay, None, f"{arr}[{lay.index('e')}] = {out}[e];"))
            self.emit("barrier(CLK_LOCAL_MEM_FENCE | CLK_GLOBAL_MEM_FENCE);")
            self.slot_loop(lay, f"{out}[e] = {arr}[{lay.index('e')}];")
            self.barrier()
        else:
            self.emit("barrier(CLK_LOCAL_MEM_FENCE | CLK_GLOBAL_MEM_FENCE);")

    def op_barrier(self, op):
        self.emit("barrier(CLK_LOCAL_MEM_FENCE | CLK_GLOBAL_MEM_FENCE);")

    # -- debug ------------------------------------------------------------------------------------
    def op_assert(self, op):
        k = len(self.checks)
        self.checks.append({"kind": "assert", "message": op.attrs.get("message") or
                            "device_assert failed", "loc": op.loc})
        c = self.n(op.operands[0])
        lay = self.layout(op.operands[0])
        self.slot_loop(lay, self.guarded(lay, f"!{c}[e]",
                                         f"atomic_cmpxchg(tiledsl_status, 0, {k + 1});"))

    def op_print(self, op):
        prefix = op.attrs.get("prefix", "").replace('"', '\\"').replace("%", "%%")
        if not op.operands:
            self.emit(f'if (lid == 0) printf("pid (%d, %d, %d) {prefix}\\n", '
                      '(int)get_group_id(0), (int)get_group_id(1), (int)get_group_id(2));')
            return
        lay = self.layout(op.operands[0])
        fmts, vals = [], []
        for v in op.operands:
            elem = v.type.elem
            fmt = E.PRINTF[elem.name]
            if op.attrs.get("hex") and elem.is_int():
                fmt = "0x%lx" if elem.primitive_bitwidth == 64 else "0x%x"
            fmts.append(fmt)
            vals.append(f"{self.n(v)}[e]" if not elem.is_floating() or elem.is_fp64()
                        else f"(double){self.n(v)}[e]" if self.uses_f64 else f"{self.n(v)}[e]")
        stmt = (f'printf("pid (%d, %d, %d) idx %d {prefix} {" ".join(fmts)}\\n", '
                f'(int)get_group_id(0), (int)get_group_id(1), (int)get_group_id(2), '
                f'(int){lay.index("e")}, {", ".join(vals)});')
        self.slot_loop(lay, self.guarded(lay, None, stmt))
