"""``reduce`` and ``scan`` on a CTA: shared memory for the layout change, warp shuffles for
the combination across threads.

Most reductions take a path without staging (``_fast_reduce``): lines that lie in one
thread fold in registers; commutative single-op combines (``sum``, ``max`` ...) along the last
axis fold each thread's slots in registers, then a warp butterfly, then one partial per warp
through shared memory (issue 10: softmax and norm rows were 30-40x slower through the general
path below, whose one-warp serial segment loop also hits 32-way bank conflicts). The general
path keeps the exact left-to-right order for any associative combine (``argmax``, ``tl.reduce``
with a user's function) and serves the scans.

The general reduce and the scan stage their inputs in shared memory (row-major, in the combine region's dtypes), then
give each *line* (the elements that combine into one output, or one scan) a group of ``G``
consecutive lanes of a warp (``G`` a power of two <= 32 dividing the line length ``n``, as
large as the CTA allows: ``lines * G <= L``). Lane ``g`` of a group works on the contiguous
segment ``[g*n/G, (g+1)*n/G)`` of the line, in order:

* reduce: fold the segment, then a shuffle tree (``shfl.sync.down``) in which lane ``g``
  combines its partial (left) with lane ``g + s``'s (right); lane 0 writes the line's result;
* scan: scan the segment in place, then a Hillis-Steele scan of the segment totals over the
  group (``shfl.sync.up``), and every lane but the first combines its exclusive prefix
  (left) into its segment.

Earlier elements are always the left operand, so associative but non-commutative combine
functions are honoured; a reversed scan walks each line from its end. Lines beyond ``L / G``
take further rounds. Every thread then reads its slots of the result back from shared memory.
Lanes without a line (the CTA has more threads than ``lines * G``) still execute the shuffles
(they are ``.sync`` over the full warp) on a harmless line, and never write.
"""
from __future__ import annotations

import llvmlite.ir as ir

from tiledsl.backends.llvm import types as T
from tiledsl.backends.llvm.control import counted_loop
from tiledsl.backends.llvm.elementwise import cast
from tiledsl.backends.llvm.tile import Tile
from .layout import WARP

FULL = 0xFFFFFFFF
_UNROLL = 4  # segments up to this length are unrolled; longer ones become a loop


def _size(elem) -> int:
    return 8 if elem.is_ptr() else max(1, elem.itemsize)


def _align(n: int) -> int:
    return (n + 15) // 16 * 16


def shuffle(b: ir.IRBuilder, kind: str, v, delta: int):
    """``shfl.sync.<kind>`` (``down``/``up``/``bfly``) of a scalar of any register type."""
    t = v.type
    c = T.const(T.I32, 0 if kind == "up" else 0x1F)

    def sh32(x, suffix="i32"):
        fn = T.declare(b.module, f"llvm.nvvm.shfl.sync.{kind}.{suffix}", x.type,
                       [T.I32, x.type, T.I32, T.I32])
        return b.call(fn, [T.const(T.I32, FULL), x, T.const(T.I32, delta), c])
    if t == T.F32:
        return sh32(v, "f32")
    if t == T.I32:
        return sh32(v)
    if isinstance(t, ir.IntType) and t.width < 32:
        return b.trunc(sh32(b.zext(v, T.I32)), t)
    if t == T.F16:
        return b.bitcast(b.trunc(sh32(b.zext(b.bitcast(v, T.I16), T.I32)), T.I16), T.F16)
    # 64-bit values (i64, f64, pointers) travel as two halves
    if isinstance(t, ir.PointerType):
        x = b.ptrtoint(v, T.I64)
    elif t == T.F64:
        x = b.bitcast(v, T.I64)
    else:
        x = v
    lo = sh32(b.trunc(x, T.I32))
    hi = sh32(b.trunc(b.lshr(x, T.const(T.I64, 32)), T.I32))
    r = b.or_(b.zext(lo, T.I64), b.shl(b.zext(hi, T.I64), T.const(T.I64, 32)))
    if isinstance(t, ir.PointerType):
        return b.inttoptr(r, t)
    return b.bitcast(r, T.F64) if t == T.F64 else r


def _dims(shape, axis):
    outer = 1
    for s in shape[:axis]:
        outer *= s
    inner = 1
    for s in shape[axis + 1:]:
        inner *= s
    return outer, shape[axis], inner


def _group(lines: int, n: int, threads: int) -> int:
    g = 1
    while g * 2 <= WARP and lines * g * 2 <= threads and n % (g * 2) == 0:
        g *= 2
    return g


class _Lines:
    """Shared-memory staging and the line/lane bookkeeping both collectives share."""

    def __init__(self, lw, op, args):
        self.lw = lw
        self.b = lw.builder
        axis = op.attrs["axis"]
        shape = args[0].type.shape
        self.outer, self.n, self.inner = _dims(shape, axis)
        self.lines = self.outer * self.inner
        self.region = op.regions[0]
        self.k = len(args)
        # work dtypes: the combine region's argument types
        self.work = [a.type.elem for a in self.region.args[:self.k]]
        numel = max(args[0].type.numel, 1)
        self.offsets, pos = [], 0
        for w in self.work:
            self.offsets.append(pos)
            pos = _align(pos + numel * _size(w))
        self.end = pos
        self.G = _group(self.lines, self.n, lw.threads)
        self.seg = self.n // self.G
        lw.need_smem(self.end)
        lw.sync()
        for a, off, w in zip(args, self.offsets, self.work):
            lw.to_smem(a, off, w)
        lw.sync()

    def combine(self, x, y):
        return self.lw.emit_raw_region(self.region, list(x) + list(y))

    def rounds(self):
        """Yield ``(line, lane, valid)`` i32/i1 values for each round of work."""
        b, lw = self.b, self.lw
        tasks = self.lines * self.G
        shift = self.G.bit_length() - 1
        for r in range(-(-tasks // lw.threads)):
            task = lw.tid if r == 0 else b.add(lw.tid, T.const(T.I32, r * lw.threads))
            line = b.lshr(task, T.const(T.I32, shift)) if shift else task
            lane = b.and_(task, T.const(T.I32, self.G - 1)) if shift else T.const(T.I32, 0)
            valid = None
            if (r + 1) * lw.threads > tasks:
                valid = b.icmp_unsigned("<", line, T.const(T.I32, self.lines))
                line = b.select(valid, line, T.const(T.I32, 0))
            yield line, lane, valid

    def base(self, line):
        """Flat index of a line's first element."""
        b = self.b
        if self.inner == 1:
            return b.mul(line, T.const(T.I32, self.n))
        hi = b.udiv(line, T.const(T.I32, self.inner))
        lo = b.urem(line, T.const(T.I32, self.inner))
        return b.add(b.mul(hi, T.const(T.I32, self.n * self.inner)), lo)

    def position(self, base, p, reverse=False):
        """Flat index of element ``p`` (i32 value) of the line starting at ``base``."""
        b = self.b
        if reverse:
            p = b.sub(T.const(T.I32, self.n - 1), p)
        step = p if self.inner == 1 else b.mul(p, T.const(T.I32, self.inner))
        return b.add(base, step)

    def read(self, idx):
        return [self.lw.smem_load(off, idx, w) for off, w in zip(self.offsets, self.work)]

    def write(self, idx, vals):
        b = self.b
        for off, w, v in zip(self.offsets, self.work, vals):
            if w.is_bool():
                v = b.zext(v, T.I8)
            b.store(v, self.lw.smem_at(off, idx, T.memory_type(w)))

    def over_segment(self, first, body, carried):
        """``carried = body(p, carried)`` for p in first+1 .. first+seg-1 (i32 positions)."""
        b = self.b
        if self.seg <= _UNROLL:
            for j in range(1, self.seg):
                carried = body(b.add(first, T.const(T.I32, j)), carried)
            return carried
        return counted_loop(b, 1, self.seg, 1, lambda i, c: body(
            b.add(first, b.trunc(i, T.I32)), c), unroll=False, carried=carried)

    def results(self, op, offsets):
        """Every thread's slots of the results, read from shared memory (after a barrier)."""
        lw = self.lw
        lw.sync()
        out = []
        for r, off, w in zip(op.results, offsets, self.work):
            t = lw.from_smem(r.type.with_elem(w), off)
            if w != r.type.elem:
                t = Tile(r.type, [cast(self.b, c, w, r.type.elem) for c in t.chunks])
            out.append(Tile(r.type, t.chunks))
        return out


_COMMUTATIVE = frozenset({"add", "mul", "and", "or", "xor", "min", "max"})


def _commutative(region, k: int) -> bool:
    """Whether a one-operand combine region is a single commutative op of its two arguments
    (the builtin ``sum``/``max``/``min``/``xor_sum`` ...), so any fold order is allowed."""
    if k != 1 or len(region.args) != 2 or len(region.ops) != 2:
        return False
    op, ret = region.ops
    if ret.name != "yield" or op.name not in _COMMUTATIVE or len(op.operands) != 2:
        return False
    ids = sorted(v.id for v in op.operands)
    return ids == sorted(a.id for a in region.args) and ret.operands[0].id == op.results[0].id


def _fast_reduce(lw, op, args):
    """The reductions that need no staging of the input (the general path below stages the
    whole tile in shared memory and folds each line serially). Returns None where none of
    these applies:

    * lines inside one thread (``inner % L == 0``: a reduction over a leading axis whose
      trailing size is a multiple of the CTA): each thread folds its output slots' elements
      in order, in registers, with no communication; any combine, any number of operands;
    * a commutative single-op combine (``sum``/``max``/``min``/``xor_sum`` ...) over the last
      axis: each thread folds its own slots of a line in registers (a pairwise tree), a warp
      butterfly (``shfl.sync.bfly``) combines the lanes, one partial per warp (or per line
      of fewer than 32 lanes) goes to shared memory, and after one barrier every thread
      folds the partials of the lines it holds. Applies to one line (a whole-tile reduction:
      the row of a softmax or a norm), to lines of ``n`` elements with ``n % L == 0`` and to
      lines of ``n`` with ``L % n == 0`` (rows of a 2-D tile).
    """
    outer, n, inner = _dims(args[0].type.shape, op.attrs["axis"])
    threads = lw.threads
    if inner % threads == 0:
        return _in_thread_reduce(lw, op, args, outer, n, inner)
    region = op.regions[0]
    if not _commutative(region, len(args)) or inner != 1:
        return None
    lines = outer
    numel = lines * n
    if lines == 1 or n % threads == 0:
        return _register_reduce(lw, op, args, lines, n)
    if threads % n == 0 and (numel % threads == 0 or numel < threads):
        return _lane_group_reduce(lw, op, args, lines, n)
    return None


def _in_thread_reduce(lw, op, args, outer, n, inner):
    """Every line's elements sit in one thread's slots (``inner % L == 0``): output slot
    ``e'`` (element ``o*inner + c``) folds input slots ``e' + (o*(n-1) + p) * inner/L``,
    ``p = 0 .. n-1``, left to right."""
    b = lw.builder
    region = op.regions[0]
    k = len(args)
    work = [a.type.elem for a in region.args[:k]]
    threads = lw.threads
    per = inner // threads

    def val(i, e):
        v = args[i].chunks[e]
        elem = args[i].type.elem
        return cast(b, v, elem, work[i]) if elem != work[i] else v
    outs = [[] for _ in range(k)]
    for e_out in range(outer * inner // threads):
        o = e_out * threads // inner
        acc = None
        for p in range(n):
            e = e_out + (o * (n - 1) + p) * per
            vals = [val(i, e) for i in range(k)]
            acc = vals if acc is None else lw.emit_raw_region(region, list(acc) + vals)
        for i in range(k):
            outs[i].append(acc[i])
    tiles = []
    for r, w, chunks in zip(op.results, work, outs):
        if w != r.type.elem:
            chunks = [cast(b, c, w, r.type.elem) for c in chunks]
        tiles.append(Tile(r.type, chunks))
    return tiles


def _combiner(lw, op, args):
    b = lw.builder
    region = op.regions[0]
    src = args[0]
    elem = src.type.elem
    work = region.args[0].type.elem

    def comb(x, y):
        return lw.emit_raw_region(region, [x, y])[0]

    def val(e):
        v = src.chunks[e]
        return cast(b, v, elem, work) if work != elem else v
    return comb, val, work


def _tree(comb, vals):
    """Pairwise fold of a non-empty list (independent combines, commutative combine)."""
    while len(vals) > 1:
        vals = [comb(vals[i], vals[i + 1]) if i + 1 < len(vals) else vals[i]
                for i in range(0, len(vals), 2)]
    return vals[0]


def _register_reduce(lw, op, args, lines, n):
    """One line, or lines with ``n % L == 0``: fold in registers, butterfly, one partial per
    warp (``partials = W``, or fewer warps when a single line is shorter than the CTA)."""
    b = lw.builder
    comb, val, work = _combiner(lw, op, args)
    threads = lw.threads
    lay = lw.layout(args[0].type)
    if lines == 1:
        per_line = [[(e, lay.owner(b, lw.tid, e)) for e in range(lay.slots)]]
        warps = (min(threads, n) + WARP - 1) // WARP
    else:
        k = n // threads
        per_line = [[(e, None) for e in range(m * k, (m + 1) * k)] for m in range(lines)]
        warps = threads // WARP
    partial = []
    for slots in per_line:
        acc, has = None, None
        if all(own is None for _, own in slots):
            acc = _tree(comb, [val(e) for e, _ in slots])
            slots = []
        for e, own in slots:
            v = val(e)
            if acc is None:
                acc, has = v, own
            elif own is None:
                acc = comb(acc, v)
            else:  # ownership is a prefix of the slots: own implies has
                acc = b.select(own, comb(acc, v), acc)
        s = 1
        while s < WARP:
            other = shuffle(b, "bfly", acc, s)
            if has is None:
                acc = comb(acc, other)
            else:
                o_has = shuffle(b, "bfly", has, s)
                both = b.and_(has, o_has)
                acc = b.select(both, comb(acc, other), b.select(has, acc, other))
                has = b.or_(has, o_has)
            s *= 2
        partial.append(acc)
    rtype = op.results[0].type
    if lines == 1 and threads == WARP:
        v = partial[0]
        return [Tile(rtype, [cast(b, v, work, rtype.elem) if work != rtype.elem else v])]
    warp = b.lshr(lw.tid, T.const(T.I32, 5))
    lane = b.and_(lw.tid, T.const(T.I32, WARP - 1))
    cond = b.icmp_unsigned("==", lane, T.const(T.I32, 0))
    if warps * WARP < threads:
        cond = b.and_(cond, b.icmp_unsigned("<", warp, T.const(T.I32, warps)))
    writes = [(cond, warp if m == 0 else b.add(warp, T.const(T.I32, m * warps)), v)
              for m, v in enumerate(partial)]
    return _exchange(lw, op, work, writes, lines, warps, comb)


def _lane_group_reduce(lw, op, args, lines, n):
    """Lines of ``n`` elements with ``L % n == 0``: slot ``e`` of thread ``tid`` holds
    position ``tid % n`` of line ``(tid + e*L) / n``, so a line is spread over ``n``
    consecutive threads, one slot each. A butterfly over ``min(n, 32)`` lanes, one partial
    per such group to shared memory, then every thread folds the ``n / min(n, 32)``
    partials of the lines it holds."""
    b = lw.builder
    comb, val, work = _combiner(lw, op, args)
    threads = lw.threads
    lay = lw.layout(args[0].type)
    numel = lines * n
    gs = min(n, WARP)
    shift = gs.bit_length() - 1
    lane = b.and_(lw.tid, T.const(T.I32, gs - 1))
    lead = b.icmp_unsigned("==", lane, T.const(T.I32, 0))
    writes = []
    for e in range(lay.slots):
        acc = val(e)
        s = 1
        while s < gs:
            acc = comb(acc, shuffle(b, "bfly", acc, s))
            s *= 2
        cond = lead
        if numel < threads:  # replicated copies: only the owners write
            cond = b.and_(cond, b.icmp_unsigned("<", lw.tid, T.const(T.I32, numel)))
        flat = lw.tid if e == 0 else b.add(lw.tid, T.const(T.I32, e * threads))
        idx = b.lshr(flat, T.const(T.I32, shift)) if shift else flat
        writes.append((cond, idx, acc))
    return _exchange(lw, op, work, writes, lines, n // gs, comb)


def _exchange(lw, op, work, writes, lines, parts, comb):
    """Write ``(cond, index, value)`` partials to shared memory (line ``m``'s partials at
    ``m*parts ..``) between barriers; every thread folds the partials of its result slots."""
    b = lw.builder
    ety = T.memory_type(work)
    lw.need_smem(lines * parts * _size(work))
    lw.sync()
    for cond, idx, v in writes:
        def store(idx=idx, v=v):
            b.store(b.zext(v, T.I8) if work.is_bool() else v, lw.smem_at(0, idx, ety))
        lw.guarded(cond, store)
    lw.sync()
    rtype = op.results[0].type
    rlay = lw.layout(rtype)
    chunks = []
    for e in range(rlay.slots):
        base = T.const(T.I32, 0) if lines == 1 else b.mul(rlay.index(b, lw.tid, e),
                                                          T.const(T.I32, parts))
        acc = None
        for j in range(parts):
            idx = base if j == 0 else b.add(base, T.const(T.I32, j))
            v = lw.smem_load(0, idx, work)
            acc = v if acc is None else comb(acc, v)
        chunks.append(cast(b, acc, work, rtype.elem) if work != rtype.elem else acc)
    return [Tile(rtype, chunks)]


def emit_reduce(lw, op, args):
    fast = _fast_reduce(lw, op, args)
    if fast is not None:
        return fast
    st = _Lines(lw, op, args)
    b = lw.builder
    out_offsets, pos = [], st.end
    for w in st.work:
        out_offsets.append(pos)
        pos = _align(pos + max(st.lines, 1) * _size(w))
    lw.need_smem(pos)
    for line, lane, valid in st.rounds():
        base = st.base(line)
        first = b.mul(lane, T.const(T.I32, st.seg)) if st.G > 1 else T.const(T.I32, 0)
        acc = st.read(st.position(base, first))
        acc = st.over_segment(first, lambda p, c: st.combine(c, st.read(st.position(base, p))),
                              acc)
        s = 1
        while s < st.G:
            other = [shuffle(b, "down", v, s) for v in acc]
            comb = st.combine(acc, other)
            mine = b.icmp_unsigned("==", b.and_(lane, T.const(T.I32, 2 * s - 1)),
                                   T.const(T.I32, 0))
            acc = [b.select(mine, c, a) for c, a in zip(comb, acc)]
            s *= 2
        cond = valid
        if st.G > 1:
            lead = b.icmp_unsigned("==", lane, T.const(T.I32, 0))
            cond = lead if cond is None else b.and_(cond, lead)

        def store(acc=acc, line=line):
            for off, w, v in zip(out_offsets, st.work, acc):
                if w.is_bool():
                    v = b.zext(v, T.I8)
                b.store(v, lw.smem_at(off, line, T.memory_type(w)))
        lw.guarded(cond, store)
    return st.results(op, out_offsets)


def emit_scan(lw, op, args):
    st = _Lines(lw, op, args)
    b = lw.builder
    reverse = bool(op.attrs.get("reverse"))
    for line, lane, valid in st.rounds():
        base = st.base(line)
        first = b.mul(lane, T.const(T.I32, st.seg)) if st.G > 1 else T.const(T.I32, 0)

        def step(p, c, base=base, valid=valid):
            idx = st.position(base, p, reverse)
            c = st.combine(c, st.read(idx))
            lw.guarded(valid, lambda: st.write(idx, c))
            return c
        total = st.over_segment(first, step, st.read(st.position(base, first, reverse)))
        if st.G == 1:
            continue
        incl = total
        s = 1
        while s < st.G:
            other = [shuffle(b, "up", v, s) for v in incl]
            comb = st.combine(other, incl)
            has = b.icmp_unsigned(">=", lane, T.const(T.I32, s))
            incl = [b.select(has, c, a) for c, a in zip(comb, incl)]
            s *= 2
        prefix = [shuffle(b, "up", v, 1) for v in incl]
        cond = b.icmp_unsigned(">", lane, T.const(T.I32, 0))
        cond = cond if valid is None else b.and_(cond, valid)

        def apply(base=base, first=first, prefix=prefix):
            def upd(p, c):
                idx = st.position(base, p, reverse)
                st.write(idx, st.combine(prefix, st.read(idx)))
                return c
            upd(first, [])
            st.over_segment(first, upd, [])
        lw.guarded(cond, apply)
    return st.results(op, st.offsets)
