"""Tile IR -> NVPTX LLVM IR: the :class:`PtxTarget` hooks of the shared LLVM lowering.

One program instance is one CTA of ``L = 32 * num_warps`` threads. Every tile value is
spread over the threads cyclically (``layout.py``): a lowered ``Tile``'s ``chunks`` are this
thread's *slots*, one scalar LLVM value each, slot ``e`` holding flat element
``(tid + e*L) % numel``. Elementwise ops and structured control flow therefore come unchanged
from ``backends/llvm`` (they map over chunks); what differs from the CPU lives here and in
``emitters.py`` (layout-aware shape ops), ``collective.py`` (reductions and scans through
shared memory and warp shuffles) and ``dot.py``.

The emitted kernel follows the ABI of ``backends/README.md``: ``ptx_kernel void
@<name>(<runtime args>, ptr %tiledsl_status)``. Pointers are generic LLVM pointers (NVPTX
marks kernel pointer parameters global by itself); ``int1`` arrives as a byte, ``bf16`` as
its 16 bits. Shared memory is one dynamic ``extern`` array whose size the kernel's
``meta["shared"]`` reports. Every user of shared memory begins with ``bar.sync``, so the
previous user's reads are finished before it writes (the barrier is uniform: see layout.py).

Math functions NVPTX cannot select (``llvm.exp.f32`` ...) are renamed to libdevice's
``__nv_*`` functions and libdevice is linked in (``_link_libdevice``).
"""
from __future__ import annotations

import os
import re
from pathlib import Path

import llvmlite.ir as ir

from tiledsl import knobs
from tiledsl.backends.llvm import types as T
from tiledsl.backends.llvm.elementwise import binary, cast
from tiledsl.backends.llvm.lower import Lowering
from tiledsl.backends.llvm.target import Target
from tiledsl.backends.llvm.tile import Tile
from tiledsl.errors import CompilationError
from .layout import Layout, WARP, layout_of

_ORDER = {"relaxed": "monotonic", "acquire": "acquire", "release": "release",
          "acq_rel": "acq_rel", "seq_cst": "seq_cst"}
SMEM_NAME = "tiledsl_smem"


def param_type(elem) -> ir.Type:
    """The LLVM parameter type of a runtime argument (int1 is a byte)."""
    return T.I8 if elem.is_bool() else T.scalar_type(elem)


class PtxLowering(Lowering):
    """The shared driver plus what a CTA needs: the thread id, layouts, shared memory."""

    def __init__(self, fn, target, emitters, *, debug=False):
        super().__init__(fn, target, emitters, debug=debug)
        self.threads = target.threads
        self.smem_bytes = 0
        self.tid = None
        self.smem = None

    def layout(self, tt) -> Layout:
        return layout_of(tt, self.threads)

    def materialize(self, t: Tile) -> Tile:
        """A tile in the cyclic layout: tensor-core fragments (a GEMM accumulator after its
        loop, see ``mma.py``) are converted back; other tiles come back unchanged."""
        if t.mem is not None and t.mem[0] == "mma-fragments":
            from .mma import from_fragments
            return from_fragments(self, t)
        return t

    # -- shared memory --------------------------------------------------------------------
    def need_smem(self, nbytes: int) -> None:
        self.smem_bytes = max(self.smem_bytes, int(nbytes))

    def smem_at(self, byte_offset, index, ety: ir.Type):
        """Pointer to element ``index`` (i32 value) of an ``ety`` array at ``byte_offset``."""
        b = self.builder
        base = self.smem if not byte_offset else b.gep(
            self.smem, [T.const(T.I32, byte_offset)], source_etype=T.I8)
        return b.gep(base, [index], source_etype=ety)

    def sync(self) -> None:
        self.target.barrier(self)

    def to_smem(self, tile: Tile, byte_offset: int, work=None) -> ir.Type:
        """Owners store ``tile``'s elements (converted to dtype ``work``, default its own)
        row-major at ``byte_offset``; returns the element type stored. No barrier."""
        b = self.builder
        elem = tile.type.elem
        work = work or elem
        ety = T.memory_type(work)
        lay = self.layout(tile.type)
        for e, v in enumerate(tile.chunks[:lay.slots]):
            if work != elem:
                v = cast(b, v, elem, work)
            if work.is_bool():
                v = b.zext(v, T.I8)
            own = lay.owner(b, self.tid, e)
            p_idx = lay.index(b, self.tid, e)
            self.guarded(own, lambda v=v, p_idx=p_idx: b.store(
                v, self.smem_at(byte_offset, p_idx, ety)))
        return ety

    def smem_load(self, byte_offset: int, index, elem):
        """Element ``index`` of a dtype-``elem`` array in shared memory, in register form."""
        b = self.builder
        ety = T.memory_type(elem)
        v = b.load(self.smem_at(byte_offset, index, ety), typ=ety)
        return b.icmp_unsigned("!=", v, T.const(T.I8, 0)) if elem.is_bool() else v

    def from_smem(self, tt, byte_offset: int, index_of=None, elem=None) -> Tile:
        """A tile of type ``tt`` whose element ``i`` is ``array[index_of(i)]`` (identity by
        default) of the shared array at ``byte_offset`` (dtype ``elem``, default tt's)."""
        b = self.builder
        elem = elem or tt.elem
        lay = self.layout(tt)
        chunks = []
        for e in range(lay.slots):
            i = lay.index(b, self.tid, e)
            v = self.smem_load(byte_offset, index_of(i) if index_of else i, elem)
            chunks.append(cast(b, v, elem, tt.elem) if elem != tt.elem else v)
        return Tile(tt, chunks)

    # -- small control-flow helpers -----------------------------------------------------------
    def guarded(self, cond, body, default=None):
        """Run ``body()`` only where the i1 ``cond`` holds (None: always). With ``default``
        (an LLVM value), returns a phi of body's result and ``default``."""
        b = self.builder
        if cond is None:
            return body()
        then = b.function.append_basic_block("g.then")
        cont = b.function.append_basic_block("g.cont")
        pre = b.block
        b.cbranch(cond, then, cont)
        b.position_at_end(then)
        r = body()
        then_end = b.block
        b.branch(cont)
        b.position_at_end(cont)
        if default is None:
            return None
        phi = b.phi(r.type)
        phi.add_incoming(r, then_end)
        phi.add_incoming(default, pre)
        return phi


class PtxTarget(Target):
    """Target hooks for a CTA of ``32 * num_warps`` threads on NVPTX."""

    name = "ptx"

    def __init__(self, arch: str, num_warps: int):
        self.arch = arch
        self.num_warps = num_warps
        self.threads = WARP * num_warps

    def lanes(self) -> int:
        return 1  # a chunk is one scalar slot; see the module docstring

    def sm(self) -> int:
        return int(re.sub(r"\D", "", self.arch))

    # -- the kernel function ----------------------------------------------------------------
    def begin_kernel(self, lw: PtxLowering, fn):
        mod = lw.module
        from .toolchain import NVPTX_DATALAYOUT, NVPTX_TRIPLE
        mod.triple = NVPTX_TRIPLE
        mod.data_layout = NVPTX_DATALAYOUT
        ptypes = [param_type(a.type.elem) for a in fn.args] + [T.PTR]
        func = ir.Function(mod, ir.FunctionType(T.VOID, ptypes), name=fn.name)
        func.calling_convention = "ptx_kernel"
        for a, info in zip(func.args, fn.args):
            a.name = "arg_" + info.name
        func.args[-1].name = "tiledsl_status"
        lw.status = func.args[-1]
        entry = func.append_basic_block("entry")
        b = ir.IRBuilder(entry)
        lw.builder = b
        lw.entry_builder = ir.IRBuilder(entry)
        lw.entry_builder.position_at_start(entry)  # allocas stay first, before any branch
        lw.tid = self._sreg(b, "tid.x")
        self._ctaid = [self._sreg(b, f"ctaid.{c}") for c in "xyz"]
        self._nctaid = [self._sreg(b, f"nctaid.{c}") for c in "xyz"]
        smem = ir.GlobalVariable(mod, ir.ArrayType(T.I8, 0), SMEM_NAME, addrspace=3)
        smem.linkage = "external"
        smem.align = 16
        smem.type = ir.PointerType(addrspace=3)  # opaque, as the rest of the lowering
        lw.smem = smem
        values = []
        for a, info in zip(func.args[:-1], fn.args):
            v = a
            if info.type.elem.is_bool():
                v = b.icmp_unsigned("!=", a, T.const(T.I8, 0))
            values.append(v)
        return values

    def end_kernel(self, lw) -> None:
        lw.builder.ret_void()

    @staticmethod
    def _sreg(b, name):
        fn = T.declare(b.module, f"llvm.nvvm.read.ptx.sreg.{name}", T.I32, [])
        return b.call(fn, [], name=name.replace(".", "_"))

    def program_id(self, lw, axis: int):
        return self._ctaid[axis]

    def num_programs(self, lw, axis: int):
        return self._nctaid[axis]

    def barrier(self, lw) -> None:
        fn = T.declare(lw.builder.module, "llvm.nvvm.barrier0", T.VOID, [])
        lw.builder.call(fn, [])

    # -- memory ----------------------------------------------------------------------------
    def load(self, lw: PtxLowering, op, ptr: Tile, mask, other):
        """Per slot; a masked-off slot never issues its load (a branch LLVM turns into a
        predicated ``ld``) and reads ``other`` or zero."""
        b = lw.builder
        elem = op.results[0].type.elem
        ety = T.memory_type(elem)
        align = max(1, elem.itemsize) if not elem.is_bool() else 1
        out = []
        for e, p in enumerate(ptr.chunks):
            def do(p=p):
                v = b.load(p, typ=ety, align=align)
                return b.icmp_unsigned("!=", v, T.const(T.I8, 0)) if elem.is_bool() else v
            if mask is None:
                out.append(do())
                continue
            dflt = other.chunks[e] if other is not None else T.const(T.scalar_type(elem), 0)
            out.append(lw.guarded(mask.chunks[e], do, dflt))
        return Tile(op.results[0].type, out)

    def _active(self, lw, lay, e, mask):
        b = lw.builder
        own = lay.owner(b, lw.tid, e)
        m = mask.chunks[e] if mask is not None else None
        if own is None:
            return m
        return own if m is None else b.and_(own, m)

    def store(self, lw: PtxLowering, op, ptr: Tile, value: Tile, mask) -> None:
        b = lw.builder
        elem = op.operands[1].type.elem
        lay = lw.layout(op.operands[0].type)
        align = max(1, elem.itemsize) if not elem.is_bool() else 1
        for e, (p, v) in enumerate(zip(ptr.chunks, value.chunks)):
            if elem.is_bool():
                v = b.zext(v, T.I8)
            lw.guarded(self._active(lw, lay, e, mask),
                       lambda p=p, v=v: b.store(v, p, align=align))

    def atomic(self, lw: PtxLowering, op, ptr: Tile, values, mask):
        """Owners apply per-slot atomics after a CTA barrier (earlier memory operations of
        the program are ordered before them); replicated copies (scalars, small tiles) learn
        the old value from the owner through shared memory."""
        b = lw.builder
        kind = op.attrs["kind"]
        elem = op.results[0].type.elem
        order = _ORDER.get(op.attrs.get("sem") or "acq_rel", "acq_rel")
        tt = op.results[0].type
        lay = lw.layout(tt)
        lw.sync()
        out = []
        zero = T.const(T.scalar_type(elem), 0) if not elem.is_ptr() else ir.Constant(T.PTR, None)
        for e, p in enumerate(ptr.chunks):
            vals = [v.chunks[e] for v in values]
            out.append(lw.guarded(self._active(lw, lay, e, mask),
                                  lambda p=p, vals=vals: _rmw(b, kind, elem, p, vals, order),
                                  zero))
        old = Tile(tt, out)
        if lay.wraps:
            lw.sync()
            lw.need_smem(lay.numel * max(elem.itemsize, 1))
            lw.to_smem(old, 0)
            lw.sync()
            old = lw.from_smem(tt, 0)
        return old

    # -- checks and debugging --------------------------------------------------------------
    def record_failure(self, lw, code: int) -> None:
        """Write ``code`` into the status word unless an earlier failure is there."""
        b = lw.builder
        b.cmpxchg(lw.status, T.const(T.I32, 0), T.const(T.I32, code), "monotonic", "monotonic")

    def fail(self, lw, code: int) -> None:  # used by shared helpers; the CTA carries on
        raise CompilationError("internal error: ptx checks are lowered by emitters.py")

    def print(self, lw, op, tiles) -> None:
        from .emitters import emit_print
        emit_print(lw, op, tiles)

    def libm_call_ok(self) -> bool:
        return False

    def dot(self, lw, op, a, b, acc):
        from .dot import emit_dot
        return emit_dot(lw, op, a, b, acc)


def _rmw(b, kind, elem, p, vals, order):
    """One atomic read-modify-write of a scalar; returns the old value."""
    if kind == "cas":
        if elem.is_floating():
            raise CompilationError("atomic_cas on floats is not supported by the ptx backend")
        pair = b.cmpxchg(p, vals[0], vals[1], order, "monotonic")
        return b.extract_value(pair, 0)
    v = vals[0]
    if elem.is_floating() and (elem.is_bf16() or kind not in ("add", "max", "min", "xchg")):
        return _cas_loop(b, kind, elem, p, v, order)
    if elem.is_floating():
        op = {"add": "fadd", "max": "fmax", "min": "fmin", "xchg": "xchg"}[kind]
    elif kind in ("max", "min"):
        op = kind if elem.is_int_signed() else "u" + kind
    else:
        op = kind
    if elem.is_bool():  # i1 in registers, a byte in memory
        r = b.atomic_rmw(op if op not in ("max", "min") else "u" + op, p, b.zext(v, T.I8), order)
        return b.icmp_unsigned("!=", r, T.const(T.I8, 0))
    return b.atomic_rmw(op, p, v, order)


def _cas_loop(b, kind, elem, p, v, order):
    """``kind`` through a compare-and-swap loop on the value's bits (bf16 in i16)."""
    bits_t = ir.IntType(elem.primitive_bitwidth)
    pre = b.block
    cur0 = b.load(p, typ=bits_t, align=elem.itemsize)
    loop = b.function.append_basic_block("cas.loop")
    done = b.function.append_basic_block("cas.done")
    b.branch(loop)
    b.position_at_end(loop)
    cur = b.phi(bits_t)
    cur.add_incoming(cur0, pre)
    cur_v = cur if T.scalar_type(elem) == bits_t else b.bitcast(cur, T.scalar_type(elem))
    name = {"add": "add", "max": "max", "min": "min"}.get(kind)
    if name is None:
        raise CompilationError(f"atomic {kind} on {elem} is not supported by the ptx backend")
    new = binary(b, name, elem, cur_v, v)
    new_bits = new if new.type == bits_t else b.bitcast(new, bits_t)
    pair = b.cmpxchg(p, cur, new_bits, order, "monotonic")
    seen = b.extract_value(pair, 0)
    ok = b.extract_value(pair, 1)
    cur.add_incoming(seen, b.block)
    b.cbranch(ok, done, loop)
    b.position_at_end(done)
    return seen if T.scalar_type(elem) == bits_t else b.bitcast(seen, T.scalar_type(elem))


# -- math through libdevice -------------------------------------------------------------------

_LIBDEVICE_NAMES = {"exp": "exp", "exp2": "exp2", "log": "log", "log2": "log2", "sin": "sin",
                    "cos": "cos", "tanh": "tanh"}
_MATH_RE = re.compile(r'@"?llvm\.(exp|exp2|log|log2|sin|cos|tanh)\.(f32|f64)\b"?')
_LIBM_RE = re.compile(r'@"?(erff|erf)\b"?')


def use_libdevice(text: str) -> str:
    """Rename the math intrinsics NVPTX cannot select (and libm's ``erf``) to libdevice."""
    def math(m):
        base = _LIBDEVICE_NAMES[m.group(1)]
        return f"@__nv_{base}{'f' if m.group(2) == 'f32' else ''}"
    text = _MATH_RE.sub(math, text)
    return _LIBM_RE.sub(lambda m: f"@__nv_{m.group(1)}", text)


LIBDEVICE = knobs.LIBDEVICE


def find_libdevice() -> str | None:
    """libdevice.10.bc: ``TILEDSL_LIBDEVICE``, the CUDA toolkit, or the triton wheel."""
    cands = [LIBDEVICE.raw()]
    for home in (os.environ.get("CUDA_HOME"), os.environ.get("CUDA_PATH"), "/usr/local/cuda"):
        if home:
            cands.append(os.path.join(home, "nvvm", "libdevice", "libdevice.10.bc"))
    cands += sorted(str(p) for p in Path("/usr/local").glob("cuda*/nvvm/libdevice/libdevice.10.bc"))
    try:
        import importlib.util
        spec = importlib.util.find_spec("triton")
        if spec and spec.submodule_search_locations:
            for loc in spec.submodule_search_locations:
                cands.append(os.path.join(loc, "backends", "nvidia", "lib", "libdevice.10.bc"))
    except Exception:  # noqa: BLE001 - a broken triton install only removes a candidate
        pass
    return next((c for c in cands if c and os.path.isfile(c)), None)


def link_libdevice(text: str) -> str:
    """Link the libdevice functions ``text`` calls into it (unused ones are dropped)."""
    if "@__nv_" not in text:
        return text
    path = find_libdevice()
    if path is None:
        raise CompilationError("the ptx backend needs libdevice.10.bc for math functions; "
                               "set TILEDSL_LIBDEVICE or CUDA_HOME")
    from . import toolchain
    llvm = toolchain._llvm()  # initialised NVPTX target
    with toolchain._LLVM_LOCK:
        mod = llvm.parse_assembly(text)
        lib = llvm.parse_bitcode(Path(path).read_bytes())
        lib.triple = mod.triple
        lib.data_layout = mod.data_layout
        mod.link_in(lib)
        for f in mod.functions:
            if not f.is_declaration and f.name.startswith("__nv"):
                f.linkage = "internal"
        pm = llvm.create_new_module_pass_manager()
        pm.add_global_dead_code_eliminate_pass()
        pb = llvm.create_pass_builder(llvm.Target.from_triple(mod.triple).create_target_machine(),
                                      llvm.create_pipeline_tuning_options())
        pm.run(mod, pb)
        out = str(mod)
    return out


def lower(fn, arch: str, num_warps: int, *, debug: bool = False):
    """``(llir, meta)`` for ``fn`` on a CTA of ``32 * num_warps`` threads."""
    from .emitters import EMITTERS
    target = PtxTarget(arch, num_warps)
    lw = PtxLowering(fn, target, EMITTERS, debug=debug)
    text = lw.run()
    text = use_libdevice(text)
    text = _annotate(text, fn.name, target.threads)
    text = link_libdevice(text)
    meta = {"num_warps": num_warps, "shared": lw.smem_bytes, "checks": lw.checks,
            "debug": debug}
    return text, meta


def _annotate(text: str, name: str, threads: int) -> str:
    """Tell LLVM (hence ptxas, via ``.maxntid``) the CTA size, and libdevice not to flush
    denormals; llvmlite's builder has no syntax for either."""
    head = f'define ptx_kernel void @"{name}"('
    if head not in text:
        head = f"define ptx_kernel void @{name}("
    start = text.index(head)
    brace = text.index("{", start)
    text = text[:brace] + "#77 " + text[brace:]
    text += (f'\nattributes #77 = {{ "nvvm.maxntid"="{threads}" }}\n'
             '!llvm.module.flags = !{!7701}\n!7701 = !{i32 4, !"nvvm-reflect-ftz", i32 0}\n')
    return text
