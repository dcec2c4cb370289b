"""OpenCL lowering of the ops with regions (for, while, if, reduce, scan) and of ``dot``.

Control flow conditions are scalars, which every work-item holds (tiles smaller than the
work-group are replicated), so all work-items take the same path and barriers inside loops
and branches are legal.
"""
from __future__ import annotations

from tiledsl.ir import Block, Op, Value
from . import emitters as E


class RegionLowering:
    """Mixin of ``Lowering``: needs ``emit``, ``define``, ``n``, ``layout``, ``slot_loop``,
    ``block``, ``barrier``, ``to_smem``, ``need_smem`` and ``smem``."""

    def copy_into(self, targets: list[str], values: list[Value]) -> None:
        """targets[k][e] = values[k][e] for every slot, safe when they overlap."""
        temps = []
        for v in values:
            t = f"t{self.count}"
            self.count += 1
            lay = self.layout(v)
            self.emit(f"{E.reg(v.type.elem)} {t}[{lay.slots}];")
            self.slot_loop(lay, f"{t}[e] = {self.n(v)}[e];")
            temps.append((t, lay))
        for target, (t, lay) in zip(targets, temps):
            self.slot_loop(lay, f"{target}[e] = {t}[e];")

    def declare_like(self, values: list[Value], results: list[Value]) -> list[str]:
        return [self.define(r) for r in results]

    # -- structured control flow ---------------------------------------------------------
    def op_for(self, op: Op) -> None:
        lb, ub, step = (f"{self.n(v)}[0]" for v in op.operands[:3])
        body = op.regions[0]
        carried = self.declare_like(op.operands[3:], op.results)
        self.copy_into(carried, op.operands[3:])
        ivt = E.reg(op.operands[0].type.elem)
        iv = f"iv{self.count}"
        self.count += 1
        self.emit(f"for ({ivt} {iv} = {lb}; ({step} > 0) ? ({iv} < {ub}) : ({iv} > {ub}); "
                  f"{iv} += {step}) {{")
        self.depth += 1
        iv_name = self.define(body.args[0])
        self.emit(f"{iv_name}[0] = {iv};")
        for arg, name in zip(body.args[1:], carried):
            self.names[arg.id] = name
        yielded = self.block(body)
        self.copy_into(carried, yielded)
        self.depth -= 1
        self.emit("}")

    def op_while(self, op: Op) -> None:
        before, after = op.regions
        carried = [f"w{self.count}_{i}" for i in range(len(op.operands))]
        self.count += 1
        for name, v in zip(carried, op.operands):
            self.emit(f"{E.reg(v.type.elem)} {name}[{self.layout(v).slots}];")
        self.copy_into(carried, op.operands)
        results = [self.define(r) for r in op.results]
        self.emit("for (;;) {")
        self.depth += 1
        for arg, name in zip(before.args, carried):
            self.names[arg.id] = name
        yielded = self.block(before)
        cond, forwarded = yielded[0], yielded[1:]
        self.copy_into(results, forwarded)
        self.emit(f"if (!{self.n(cond)}[0]) break;")
        for arg, name in zip(after.args, results):
            self.names[arg.id] = name
        self.copy_into(carried, self.block(after))
        self.depth -= 1
        self.emit("}")

    def op_if(self, op: Op) -> None:
        results = [self.define(r) for r in op.results]
        self.emit(f"if ({self.n(op.operands[0])}[0]) {{")
        for i, region in enumerate(op.regions):
            if i == 1:
                self.emit("} else {")
            self.depth += 1
            self.copy_into(results, self.block(region))
            self.depth -= 1
        self.emit("}")

    # -- combine regions ------------------------------------------------------------------
    def combine(self, region: Block, lhs: list[str], rhs: list[str], out: list[str]) -> None:
        """Emit ``out = combine(lhs, rhs)`` for scalar C expressions, in a nested scope."""
        self.emit("{")
        self.depth += 1
        for arg, expr in zip(region.args, lhs + rhs):
            name = self.define(arg)
            self.emit(f"{name}[0] = {expr};")
        yielded = self.block(region)
        for target, v in zip(out, yielded):
            self.emit(f"{target} = {self.n(v)}[0];")
        self.depth -= 1
        self.emit("}")

    def op_reduce(self, op: Op) -> None:
        axis = op.attrs["axis"]
        region = op.regions[0]
        inputs = op.operands
        shape = inputs[0].type.shape
        n = shape[axis]
        lay_in = self.layout(inputs[0])
        total = inputs[0].type.numel
        if len(shape) == 1 and total & (total - 1) == 0 and not lay_in.wraps:
            return self._tree_reduce(op)
        # generic: stage the inputs in local memory, each output element folds its line
        offsets, pos = [], 0
        for v in inputs:
            offsets.append(pos)
            pos += total
        self.need_smem(pos * 8)
        self.barrier()
        arrays = [self.to_smem(v, off) for v, off in zip(inputs, offsets)]
        self.barrier()
        outs = [self.define(r) for r in op.results]
        lay = self.layout(op.results[0])
        out_shape = op.results[0].type.shape
        stride = 1
        for s in shape[axis + 1:]:
            stride *= s
        # flat input index of (output index i, axis position k)
        inner = stride
        base = f"((i / {inner}) * {n * inner} + (i % {inner}))" if inner > 1 else f"(i * {n})"
        if not out_shape:
            base = "0"
        accs = [f"acc{self.count}_{j}" for j in range(len(inputs))]
        self.count += 1
        self.emit(f"for (int e = 0; e < {lay.slots}; ++e) {{")
        self.depth += 1
        self.emit(f"const int i = {lay.index('e')};")
        for acc, arr, off, v in zip(accs, arrays, offsets, inputs):
            self.emit(f"{E.reg(v.type.elem)} {acc} = {arr}[{off} + {base}];")
        self.emit(f"for (int k = 1; k < {n}; ++k) {{")
        self.depth += 1
        rhs = [f"{arr}[{off} + {base} + k * {inner}]" for arr, off in zip(arrays, offsets)]
        self.combine(region, accs, rhs, accs)
        self.depth -= 1
        self.emit("}")
        for o, acc in zip(outs, accs):
            self.emit(f"{o}[e] = {acc};")
        self.depth -= 1
        self.emit("}")
        self.barrier()

    def _tree_reduce(self, op: Op) -> None:
        """A 1-D power-of-two tile to a scalar: fold each work-item's slots, then a tree in
        local memory (log2 steps)."""
        region = op.regions[0]
        inputs = op.operands
        lay = self.layout(inputs[0])
        width = min(inputs[0].type.numel, self.L)
        accs = [f"acc{self.count}_{j}" for j in range(len(inputs))]
        self.count += 1
        for acc, v in zip(accs, inputs):
            self.emit(f"{E.reg(v.type.elem)} {acc} = {self.n(v)}[0];")
        if lay.slots > 1:
            self.emit(f"for (int e = 1; e < {lay.slots}; ++e) {{")
            self.depth += 1
            self.combine(region, accs, [f"{self.n(v)}[e]" for v in inputs], accs)
            self.depth -= 1
            self.emit("}")
        if width > 1:
            self.need_smem(len(inputs) * width * 8)
            arrays = [f"(({E.reg(v.type.elem)} __local*)smem + {j * width})" for j, v in enumerate(inputs)]
            self.barrier()
            self.emit(f"if (lid < {width}) {{ " + " ".join(
                f"{a}[lid] = {acc};" for a, acc in zip(arrays, accs)) + " }")
            self.barrier()
            self.emit(f"for (int s = {width // 2}; s > 0; s >>= 1) {{")
            self.depth += 1
            self.emit("if (lid < s) {")
            self.depth += 1
            self.combine(region, [f"{a}[lid]" for a in arrays], [f"{a}[lid + s]" for a in arrays],
                         [f"{a}[lid]" for a in arrays])
            self.depth -= 1
            self.emit("}")
            self.barrier()
            self.depth -= 1
            self.emit("}")
            for acc, a in zip(accs, arrays):
                self.emit(f"{acc} = {a}[0];")
            self.barrier()
        for r, acc in zip(op.results, accs):
            name = self.define(r)
            self.emit(f"{name}[0] = {acc};")

    def op_scan(self, op: Op) -> None:
        axis, reverse = op.attrs["axis"], op.attrs["reverse"]
        region = op.regions[0]
        inputs = op.operands
        shape = inputs[0].type.shape
        total = inputs[0].type.numel
        n = shape[axis]
        inner = 1
        for s in shape[axis + 1:]:
            inner *= s
        lines = total // n
        offsets = [j * total for j in range(len(inputs))]
        self.need_smem(len(inputs) * total * 8)
        self.barrier()
        arrays = [self.to_smem(v, off) for v, off in zip(inputs, offsets)]
        self.barrier()
        # one work-item scans each line in place
        self.emit(f"for (int line = lid; line < {lines}; line += LS) {{")
        self.depth += 1
        self.emit(f"const int base = (line / {inner}) * {n * inner} + (line % {inner});")
        first, step, count = (f"base + {(n - 1) * inner}", f"-{inner}", n) if reverse \
            else ("base", f"{inner}", n)
        accs = [f"acc{self.count}_{j}" for j in range(len(inputs))]
        self.count += 1
        for acc, arr, off, v in zip(accs, arrays, offsets, inputs):
            self.emit(f"{E.reg(v.type.elem)} {acc} = {arr}[{off} + {first}];")
        self.emit(f"for (int k = 1; k < {count}; ++k) {{")
        self.depth += 1
        self.emit(f"const int at = {first} + k * ({step});")
        self.combine(region, accs, [f"{arr}[{off} + at]" for arr, off in zip(arrays, offsets)], accs)
        for acc, arr, off in zip(accs, arrays, offsets):
            self.emit(f"{arr}[{off} + at] = {acc};")
        self.depth -= 1
        self.emit("}")
        self.depth -= 1
        self.emit("}")
        self.barrier()
        lay = self.layout(op.results[0])
        for r, arr, off in zip(op.results, arrays, offsets):
            name = self.define(r)
            self.slot_loop(lay, f"{name}[e] = {arr}[{off} + {lay.index('e')}];")
        self.barrier()

    # -- dot ------------------------------------------------------------------------------
    def op_dot(self, op: Op) -> None:
        a, b, acc = op.operands
        out_elem = op.result.type.elem
        work = "double" if out_elem.is_fp64() or a.type.elem.is_fp64() else \
            ("long" if a.type.elem.is_int() and a.type.elem.primitive_bitwidth == 64 else
             ("int" if a.type.elem.is_int() else "float"))
        batched = a.type.rank == 3
        bsz = a.type.shape[0] if batched else 1
        m, k = a.type.shape[-2:]
        nn = b.type.shape[-1]
        a_elems, b_elems = bsz * m * k, bsz * k * nn
        self.need_smem((a_elems + b_elems) * 8)
        self.barrier()
        sa = self.to_smem(a, 0, work)
        sb = self.to_smem(b, a_elems, work)
        self.barrier()
        out = self.define(op.result)
        lay = self.layout(op.result)
        cvt = (lambda x: E.rounded(x, out_elem)) if out_elem.is_floating() else \
            (lambda x: f"({E.reg(out_elem)})({x})")
        if not batched and not lay.wraps and self.L % nn == 0:
            # every slot of a work-item lies in column lid % nn: load each B element once
            # and reuse it for all the work-item's rows (register blocking over rows)
            acc_name = f"dacc{self.count}"
            self.count += 1
            self.emit(f"{work} {acc_name}[{lay.slots}];")
            self.emit("{")
            self.depth += 1
            self.emit(f"const int c = lid % {nn};")
            self.slot_loop(lay, f"{acc_name}[e] = ({work}){self.n(acc)}[e];")
            self.emit(f"for (int kk = 0; kk < {k}; ++kk) {{")
            self.depth += 1
            self.emit(f"const {work} bv = {sb}[{a_elems} + kk * {nn} + c];")
            self.slot_loop(lay, f"{acc_name}[e] += {sa}[((lid + e * LS) / {nn}) * {k} + kk] * bv;")
            self.depth -= 1
            self.emit("}")
            self.slot_loop(lay, f"{out}[e] = {cvt(f'{acc_name}[e]')};")
            self.depth -= 1
            self.emit("}")
            self.barrier()
            return
        self.emit(f"for (int e = 0; e < {lay.slots}; ++e) {{")
        self.depth += 1
        self.emit(f"const int i = {lay.index('e')};")
        self.emit(f"const int bb = i / {m * nn}, r = (i / {nn}) % {m}, c = i % {nn};")
        self.emit(f"{work} s = ({work}){self.n(acc)}[e];")
        self.emit(f"for (int kk = 0; kk < {k}; ++kk) s += {sa}[bb * {m * k} + r * {k} + kk] * "
                  f"{sb}[{a_elems} + bb * {k * nn} + kk * {nn} + c];")
        self.emit(f"{out}[e] = {cvt('s')};")
        self.depth -= 1
        self.emit("}")
        self.barrier()
