"""The interpreter: runs a kernel's IR over the launch grid with numpy.

Each program instance evaluates the IR once, on whole tiles (numpy arrays), so the cost per
program is a few hundred numpy calls regardless of tile size.
"""
from __future__ import annotations

import numpy as np

from tiledsl import knobs
from tiledsl.errors import LaunchError
from tiledsl.ir import Block, Function
from tiledsl.runtime import args as argmod
from . import emitters
from .memory import AddressSpace, Region, host_extent
from .uniformity import can_batch, largest_tile

_REDUCE_FAST = {"add": np.add, "mul": np.multiply, "max": np.fmax, "min": np.fmin,
                "xor": np.bitwise_xor, "and": np.bitwise_and, "or": np.bitwise_or}


class Frame:
    """State of a batch of program instances (linear ids ``[start, end)``, x fastest)."""

    def __init__(self, memory: AddressSpace, grid, checks: bool):
        self.memory = memory
        self.grid = grid
        self.checks = checks
        self.overflowed: dict[int, object] = {}
        self.start, self.size = 0, 1
        self.pids = ()

    def select(self, start: int, end: int) -> None:
        linear = np.arange(start, end, dtype=np.int64)
        gx, gy = self.grid[0], self.grid[1]
        self.start, self.size = start, end - start
        self.pids = tuple(p.astype(np.int32) for p in (linear % gx, (linear // gx) % gy,
                                                      linear // (gx * gy)))
        self.overflowed = {}

    def pid_of(self, index: int) -> tuple[int, int, int]:
        return tuple(int(p[index]) for p in self.pids)


def _single_op_body(block: Block):
    """The op name when a combine region is ``yield(op(lhs, rhs))`` on one operand pair."""
    if len(block.args) != 2 or len(block.ops) != 2:
        return None
    op, term = block.ops
    if term.name != "yield" or term.operands != op.results or len(op.operands) != 2:
        return None
    if {v.id for v in op.operands} != {a.id for a in block.args}:
        return None
    return op.name if op.name in _REDUCE_FAST else None


class Evaluator:
    def __init__(self, frame: Frame):
        self.frame = frame

    def run_block(self, block: Block, env: dict, args) -> list:
        for a, v in zip(block.args, args):
            env[a.id] = v
        for op in block.ops:
            if op.name == "yield":
                return [env[v.id] for v in op.operands]
            vals = [env[v.id] for v in op.operands]
            handler = emitters.HANDLERS.get(op.name)
            if handler is not None:
                results = handler(self.frame, op, vals)
            elif op.name in ("add", "sub", "mul") or op.name in _ELEMENTWISE:
                results = emitters.elementwise(self.frame, op, vals)
                if self.frame.overflowed and op.name in _CARRY_OVERFLOW:
                    for v in op.operands:
                        if v.id in self.frame.overflowed:
                            self.frame.overflowed.setdefault(op.results[0].id, self.frame.overflowed[v.id])
            else:
                results = getattr(self, "_" + op.name)(op, vals, env)
            for r, v in zip(op.results, results):
                env[r.id] = v
            if self.frame.overflowed and op.name in _PROPAGATE:
                src = next((self.frame.overflowed[v.id] for v in op.operands
                            if v.id in self.frame.overflowed), None)
                if src is not None:
                    for r in op.results:
                        self.frame.overflowed.setdefault(r.id, src)
        return []

    # -- structured ops -------------------------------------------------------------------
    def _for(self, op, vals, env):
        lb, ub, step = (_uniform(v) for v in vals[:3])
        carried = list(vals[3:])
        body = op.regions[0]
        for i in range(lb, ub, step):
            iv = np.array([i], dtype=op.operands[0].type.elem.np)
            carried = self.run_block(body, env, [iv] + carried)
        return carried

    def _while(self, op, vals, env):
        before, after = op.regions
        carried = list(vals)
        while True:
            out = self.run_block(before, env, carried)
            if not _uniform(out[0]):
                return out[1:]
            carried = self.run_block(after, env, out[1:])

    def _if(self, op, vals, env):
        return self.run_block(op.regions[0] if _uniform(vals[0]) else op.regions[1], env, [])

    def _reduce(self, op, vals, env):
        axis = op.attrs["axis"] + 1  # past the program axis
        body = op.regions[0]
        fast = _single_op_body(body) if len(vals) == 1 else None
        if fast is not None:
            elem = op.results[0].type.elem
            with np.errstate(all="ignore"):
                return [np.asarray(_REDUCE_FAST[fast].reduce(vals[0], axis=axis)).astype(elem.np)]
        # generic: pairwise tree over the axis, the combine region evaluated on whole halves
        xs = [np.moveaxis(v, axis, 0) for v in vals]
        while xs[0].shape[0] > 1:
            n = xs[0].shape[0]
            half = n // 2
            lhs = [x[:half] for x in xs]
            rhs = [x[half:2 * half] for x in xs]
            combined = self.run_block(body, env, lhs + rhs)
            combined = [np.broadcast_to(c, lhs[0].shape) for c in combined]
            if n % 2:
                combined = [np.concatenate([c, x[2 * half:]]) for c, x in zip(combined, xs)]
            xs = combined
        return [np.asarray(x[0]).astype(r.type.elem.np) for x, r in zip(xs, op.results)]

    def _scan(self, op, vals, env):
        axis, reverse = op.attrs["axis"] + 1, op.attrs["reverse"]
        body = op.regions[0]
        xs = [np.moveaxis(v, axis, 0) for v in vals]
        if reverse:
            xs = [x[::-1] for x in xs]
        fast = _single_op_body(body) if len(vals) == 1 else None
        if fast is not None:
            elem = op.results[0].type.elem
            with np.errstate(all="ignore"):
                out = [_REDUCE_FAST[fast].accumulate(xs[0], axis=0).astype(elem.np)]
        else:
            out = [np.array(x) for x in xs]  # Hillis-Steele: log2(n) combine steps
            shift = 1
            n = xs[0].shape[0]
            while shift < n:
                lhs = [o[:n - shift] for o in out]
                rhs = [o[shift:] for o in out]
                combined = self.run_block(body, env, lhs + rhs)
                out = [np.concatenate([o[:shift], np.broadcast_to(c, o[shift:].shape)])
                       for o, c in zip(out, combined)]
                shift *= 2
        if reverse:
            out = [o[::-1] for o in out]
        return [np.ascontiguousarray(np.moveaxis(o, 0, axis)).astype(r.type.elem.np)
                for o, r in zip(out, op.results)]


def _uniform(v) -> int | bool:
    """The one value a control-flow operand has across the batch (uniformity guarantees it)."""
    return v.reshape(-1)[0].item()


_BATCH_ELEMENTS = 1 << 20


def batch_size(fn: Function, total: int) -> int:
    """Programs per batch: all of them (bounded by memory) when batching is exact, else 1."""
    per = fn.attrs.get("interp_batch")
    if per is None:
        per = max(1, _BATCH_ELEMENTS // largest_tile(fn)) if can_batch(fn) else 1
        fn.attrs["interp_batch"] = per
    return max(1, min(per, total))


_ELEMENTWISE = {n for n, row in __import__("tiledsl.ir.ops", fromlist=["OPS"]).OPS.items()
                if row.numpy is not None}
# a wrapped value stays wrong through further arithmetic, but masking, shifting, division
# and clamping are how hashing code deliberately brings wrapped values back into range
_CARRY_OVERFLOW = {"add", "sub", "mul", "neg", "abs"}
_PROPAGATE = {"splat", "broadcast", "expand_dims", "reshape", "permute", "hint", "cast"}


def _host_array(value):
    """A host numpy view of an array argument (copies from devices, written back later)."""
    if isinstance(value, np.ndarray):
        return value, None
    mod = type(value).__module__.split(".")[0]
    if mod == "torch":
        if value.device.type == "cpu":
            import torch
            value = value.detach()  # same memory; a kernel writes outside autograd, as Triton
            if value.dtype == torch.bfloat16:
                return value.view(torch.int16).numpy().view(argmod.array_dtype(value).np), None
            return value.numpy(), None
        host = value.detach().cpu()
        return _host_array(host)[0], lambda h, v=value: v.copy_(_to_torch(h, v))
    if mod == "cupy":
        host = value.get()
        return host, lambda h, v=value: v.set(h)
    if mod == "pyopencl":
        host = value.get()
        return host, lambda h, v=value: v.set(h)
    raise LaunchError(f"cannot map {type(value).__name__} into the interpreter")


def _to_torch(host, like):
    import torch
    return torch.from_numpy(np.ascontiguousarray(host)).to(like.device)


def launch(fn: Function, grid, values: list, arg_types) -> None:
    checks = knobs.INTERP_CHECKS.as_bool()
    regions, writebacks, args = [], [], []
    for value, ty in zip(values, arg_types):
        if ty.elem.is_ptr():
            host, writeback = _host_array(value)
            lo, nbytes = host_extent(host)
            regions.append(Region(lo, nbytes, host))
            if writeback is not None:
                writebacks.append((writeback, host))
            args.append(np.array([host.__array_interface__["data"][0]], dtype=np.int64))
        else:
            args.append(np.array([value], dtype=ty.elem.np) if not ty.elem.is_bool()
                        else np.array([bool(value)]))
    memory = AddressSpace(regions, checks)
    frame = Frame(memory, grid, checks)
    evaluator = Evaluator(frame)
    total = grid[0] * grid[1] * grid[2]
    batch = batch_size(fn, total)
    with np.errstate(all="ignore"):
        for start in range(0, total, batch):
            frame.select(start, min(start + batch, total))
            evaluator.run_block(fn.body, {}, args)
    for writeback, host in writebacks:
        writeback(host)
