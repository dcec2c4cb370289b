"""The cpu backend's toolchain and runtime on hand-written LLVM IR kernels.

The kernels below follow the kernel ABI of ``backends/README.md`` (``<name>_grid(args, grid,
start, end, ranges, nranges)``) and are written by hand, so these tests exercise the runtime
without the compiler: compile + run vs numpy with poisoned outputs, grids spread over the
thread pool, argument marshalling, check codes mapped to errors, debug ranges, the MCJIT
fallback and the disk cache across processes. ``test_aot.py`` and ``test_disk_cache.py``
import the IR builders from here.

``python tests/test_cpu_runtime.py`` prints the measured cold compile, warm load and launch
overhead (benchmarks, not assertions).
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time

import numpy as np
import pytest

from tiledsl import dtypes as d
from tiledsl.errors import (BackendUnavailableError, CompilationError, DeviceAssertionError,
                            KernelRuntimeError, LaunchError, OutOfBoundsError, SourceLoc)
from tiledsl.backends.cpu import runtime as rt
from tiledsl.backends.cpu import toolchain as tc
from tiledsl.runtime.cache import DiskCache

F32P = d.pointer_type(d.float32)
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# -- hand-written kernels ----------------------------------------------------------------------

_PROLOGUE = "define i32 @{name}_grid(ptr %args, ptr %grid, i64 %start, i64 %end, " \
            "ptr %ranges, i64 %nranges) {{\nentry:\n"


def _arg(i: int, ty: str, dest: str, ptr: bool) -> str:
    """IR loading runtime argument ``i`` (a pointer's slot holds the data address)."""
    return (f"  %slotp{i} = getelementptr ptr, ptr %args, i64 {i}\n"
            f"  %slot{i} = load ptr, ptr %slotp{i}\n"
            f"  %{dest} = load {ty}, ptr %slot{i}\n")


def vadd_ll(name: str = "vadd", block: int = 64) -> str:
    """``out[i] = x[i] + y[i]`` for ``i < n``: ``block`` elements per program, masked."""
    lanes = ", ".join(f"i64 {j}" for j in range(block))
    v = f"<{block} x float>"
    vi = f"<{block} x i64>"
    return (
        f"declare {v} @llvm.masked.load.v{block}f32.p0(ptr, i32, <{block} x i1>, {v})\n"
        f"declare void @llvm.masked.store.v{block}f32.p0({v}, ptr, i32, <{block} x i1>)\n"
        + _PROLOGUE.format(name=name)
        + _arg(0, "ptr", "x", True) + _arg(1, "ptr", "y", True) + _arg(2, "ptr", "out", True)
        + _arg(3, "i32", "n", False) +
        f"""  %n64 = sext i32 %n to i64
  %ni = insertelement {vi} poison, i64 %n64, i64 0
  %ns = shufflevector {vi} %ni, {vi} poison, <{block} x i32> zeroinitializer
  %empty = icmp sge i64 %start, %end
  br i1 %empty, label %done, label %loop
loop:
  %pid = phi i64 [ %start, %entry ], [ %next, %loop ]
  %base = mul i64 %pid, {block}
  %bi = insertelement {vi} poison, i64 %base, i64 0
  %bs = shufflevector {vi} %bi, {vi} poison, <{block} x i32> zeroinitializer
  %offs = add {vi} %bs, <{lanes}>
  %mask = icmp slt {vi} %offs, %ns
  %xp = getelementptr float, ptr %x, i64 %base
  %yp = getelementptr float, ptr %y, i64 %base
  %op = getelementptr float, ptr %out, i64 %base
  %xv = call {v} @llvm.masked.load.v{block}f32.p0(ptr %xp, i32 4, <{block} x i1> %mask,
                                                 {v} zeroinitializer)
  %yv = call {v} @llvm.masked.load.v{block}f32.p0(ptr %yp, i32 4, <{block} x i1> %mask,
                                                 {v} zeroinitializer)
  %sum = fadd {v} %xv, %yv
  call void @llvm.masked.store.v{block}f32.p0({v} %sum, ptr %op, i32 4, <{block} x i1> %mask)
  %next = add i64 %pid, 1
  %more = icmp slt i64 %next, %end
  br i1 %more, label %loop, label %done
done:
  ret i32 0
}}
""")


VADD_SPECS = [("x", F32P), ("y", F32P), ("out", F32P), ("n", d.int32)]


def grid_ids_ll(name: str = "gridids") -> str:
    """``out[pid] = px + 1000 * py + 1000000 * pz`` (int64) with ``pid`` linear, x fastest."""
    return (_PROLOGUE.format(name=name) + _arg(0, "ptr", "out", True) + """\
  %gx = load i64, ptr %grid
  %gyp = getelementptr i64, ptr %grid, i64 1
  %gy = load i64, ptr %gyp
  %gxy = mul i64 %gx, %gy
  %empty = icmp sge i64 %start, %end
  br i1 %empty, label %done, label %loop
loop:
  %pid = phi i64 [ %start, %entry ], [ %next, %loop ]
  %px = urem i64 %pid, %gx
  %q = udiv i64 %pid, %gx
  %py = urem i64 %q, %gy
  %pz = udiv i64 %pid, %gxy
  %y1 = mul i64 %py, 1000
  %z1 = mul i64 %pz, 1000000
  %s1 = add i64 %px, %y1
  %v = add i64 %s1, %z1
  %p = getelementptr i64, ptr %out, i64 %pid
  store i64 %v, ptr %p
  %next = add i64 %pid, 1
  %more = icmp slt i64 %next, %end
  br i1 %more, label %loop, label %done
done:
  ret i32 0
}
""")


def checked_ll(name: str = "checked") -> str:
    """``out[pid] = 2 * x[pid]``; status 1 (check 0, an assert) when ``x[pid] < 0``; status 2
    (check 1, bounds) in debug builds when ``x + pid`` lies outside ``ranges[0..1]``."""
    return (_PROLOGUE.format(name=name) + _arg(0, "ptr", "x", True)
            + _arg(1, "ptr", "out", True) + """\
  %debug = icmp sgt i64 %nranges, 0
  %empty = icmp sge i64 %start, %end
  br i1 %empty, label %done, label %loop
loop:
  %pid = phi i64 [ %start, %entry ], [ %next, %cont ]
  %xp = getelementptr float, ptr %x, i64 %pid
  br i1 %debug, label %bounds, label %body
bounds:
  %lo = load i64, ptr %ranges
  %szp = getelementptr i64, ptr %ranges, i64 1
  %sz = load i64, ptr %szp
  %addr = ptrtoint ptr %xp to i64
  %rel = sub i64 %addr, %lo
  %last = add i64 %rel, 4
  %below = icmp slt i64 %rel, 0
  %above = icmp sgt i64 %last, %sz
  %oob = or i1 %below, %above
  br i1 %oob, label %fail_bounds, label %body
body:
  %v = load float, ptr %xp
  %neg = fcmp olt float %v, 0.0
  br i1 %neg, label %fail_assert, label %cont
cont:
  %w = fmul float %v, 2.0
  %op = getelementptr float, ptr %out, i64 %pid
  store float %w, ptr %op
  %next = add i64 %pid, 1
  %more = icmp slt i64 %next, %end
  br i1 %more, label %loop, label %done
fail_assert:
  ret i32 1
fail_bounds:
  ret i32 2
done:
  ret i32 0
}
""")


CHECKED_SPECS = [("x", F32P), ("out", F32P)]
CHECKS = [
    {"kind": "assert", "message": "x must be non-negative",
     "loc": SourceLoc("user_kernel.py", 12, 4, "checked", "tl.device_assert(x >= 0)")},
    {"kind": "bounds", "message": "load out of bounds",
     "loc": SourceLoc("user_kernel.py", 11, 8, "checked", "x = tl.load(X + pid)")},
]

# (dtype, LLVM type, conversion of a loaded value to double)
_SCALARS = [
    (d.int1, "i8", "uitofp i8 {v} to double"),
    (d.int8, "i8", "sitofp i8 {v} to double"),
    (d.uint8, "i8", "uitofp i8 {v} to double"),
    (d.int16, "i16", "sitofp i16 {v} to double"),
    (d.uint16, "i16", "uitofp i16 {v} to double"),
    (d.int32, "i32", "sitofp i32 {v} to double"),
    (d.uint32, "i32", "uitofp i32 {v} to double"),
    (d.int64, "i64", "sitofp i64 {v} to double"),
    (d.uint64, "i64", "uitofp i64 {v} to double"),
    (d.float16, "half", "fpext half {v} to double"),
    (d.bfloat16, "bfloat", "fpext bfloat {v} to double"),
    (d.float32, "float", "fpext float {v} to double"),
    (d.float64, "double", "fadd double {v}, 0.0"),
]
SCALARS_SPECS = [("out", d.pointer_type(d.float64))] + [(f"s{i}", dt) for i, (dt, _, _)
                                                        in enumerate(_SCALARS)]


def scalars_ll(name: str = "scalars") -> str:
    """``out[i] = (double)scalar_i`` for one scalar argument of every dtype."""
    body = _PROLOGUE.format(name=name) + _arg(0, "ptr", "out", True)
    for i, (_, ty, conv) in enumerate(_SCALARS, start=1):
        body += _arg(i, ty, f"raw{i}", False)
        body += f"  %c{i} = {conv.format(v=f'%raw{i}')}\n"
        body += f"  %o{i} = getelementptr double, ptr %out, i64 {i - 1}\n"
        body += f"  store double %c{i}, ptr %o{i}\n"
    return body + "  ret i32 0\n}\n"


def matmul_ll(name: str = "matmul", bm: int = 16, bn: int = 16) -> str:
    """``C = A @ B`` (fp32, row-major) with one ``bm x bn`` tile of C per program; grid
    ``(N / bn, M / bm)``; M, N multiples of the tile; K any."""
    v = f"<{bn} x float>"
    return (f"declare {v} @llvm.fmuladd.v{bn}f32({v}, {v}, {v})\n"
            + _PROLOGUE.format(name=name)
            + _arg(0, "ptr", "a", True) + _arg(1, "ptr", "b", True) + _arg(2, "ptr", "c", True)
            + _arg(3, "i32", "m32", False) + _arg(4, "i32", "n32", False)
            + _arg(5, "i32", "k32", False) + f"""\
  %n = sext i32 %n32 to i64
  %k = sext i32 %k32 to i64
  %gx = load i64, ptr %grid
  %empty = icmp sge i64 %start, %end
  br i1 %empty, label %done, label %prog
prog:
  %pid = phi i64 [ %start, %entry ], [ %pid.next, %prog.end ]
  %px = urem i64 %pid, %gx
  %py = udiv i64 %pid, %gx
  %col0 = mul i64 %px, {bn}
  %row0 = mul i64 %py, {bm}
  br label %rows
rows:
  %i = phi i64 [ 0, %prog ], [ %i.next, %rowend ]
  %row = add i64 %row0, %i
  %arow = mul i64 %row, %k
  %kpos = icmp sgt i64 %k, 0
  br i1 %kpos, label %kloop, label %rowend
kloop:
  %kk = phi i64 [ 0, %rows ], [ %kk.next, %kloop ]
  %acc = phi {v} [ zeroinitializer, %rows ], [ %acc.next, %kloop ]
  %aidx = add i64 %arow, %kk
  %ap = getelementptr float, ptr %a, i64 %aidx
  %av = load float, ptr %ap
  %ai = insertelement {v} poison, float %av, i64 0
  %as = shufflevector {v} %ai, {v} poison, <{bn} x i32> zeroinitializer
  %brow = mul i64 %kk, %n
  %bidx = add i64 %brow, %col0
  %bp = getelementptr float, ptr %b, i64 %bidx
  %bv = load {v}, ptr %bp, align 4
  %acc.next = call {v} @llvm.fmuladd.v{bn}f32({v} %as, {v} %bv, {v} %acc)
  %kk.next = add i64 %kk, 1
  %kmore = icmp slt i64 %kk.next, %k
  br i1 %kmore, label %kloop, label %rowend
rowend:
  %res = phi {v} [ zeroinitializer, %rows ], [ %acc.next, %kloop ]
  %crow = mul i64 %row, %n
  %cidx = add i64 %crow, %col0
  %cp = getelementptr float, ptr %c, i64 %cidx
  store {v} %res, ptr %cp, align 4
  %i.next = add i64 %i, 1
  %imore = icmp slt i64 %i.next, {bm}
  br i1 %imore, label %rows, label %prog.end
prog.end:
  %pid.next = add i64 %pid, 1
  %pmore = icmp slt i64 %pid.next, %end
  br i1 %pmore, label %prog, label %done
done:
  ret i32 0
}}
""")


MATMUL_SPECS = [("a", F32P), ("b", F32P), ("c", F32P), ("M", d.int32), ("N", d.int32),
                ("K", d.int32)]


def to_bf16_ll(name: str = "tobf16") -> str:
    """``o32[pid] = (bf16)x32[pid]``, ``o64[pid] = (bf16)x64[pid]`` (one element per program)."""
    return (_PROLOGUE.format(name=name) + _arg(0, "ptr", "x32", True)
            + _arg(1, "ptr", "x64", True) + _arg(2, "ptr", "o32", True)
            + _arg(3, "ptr", "o64", True) + """\
  %empty = icmp sge i64 %start, %end
  br i1 %empty, label %done, label %loop
loop:
  %pid = phi i64 [ %start, %entry ], [ %next, %loop ]
  %p32 = getelementptr float, ptr %x32, i64 %pid
  %v32 = load float, ptr %p32
  %b32 = fptrunc float %v32 to bfloat
  %q32 = getelementptr bfloat, ptr %o32, i64 %pid
  store bfloat %b32, ptr %q32
  %p64 = getelementptr double, ptr %x64, i64 %pid
  %v64 = load double, ptr %p64
  %b64 = fptrunc double %v64 to bfloat
  %q64 = getelementptr bfloat, ptr %o64, i64 %pid
  store bfloat %b64, ptr %q64
  %next = add i64 %pid, 1
  %more = icmp slt i64 %next, %end
  br i1 %more, label %loop, label %done
done:
  ret i32 0
}
""")


def thread_ids_ll(name: str = "threadids") -> str:
    """``out[pid] = pthread_self()`` after sleeping ``usec`` microseconds (an int32 argument),
    so that a grid takes long enough for every pool thread to claim chunks."""
    return ("declare i64 @pthread_self()\ndeclare i32 @usleep(i32)\n"
            + _PROLOGUE.format(name=name) + _arg(0, "ptr", "out", True)
            + _arg(1, "i32", "usec", False) + """\
  %empty = icmp sge i64 %start, %end
  br i1 %empty, label %done, label %loop
loop:
  %pid = phi i64 [ %start, %entry ], [ %next, %loop ]
  %ignored = call i32 @usleep(i32 %usec)
  %me = call i64 @pthread_self()
  %p = getelementptr i64, ptr %out, i64 %pid
  store i64 %me, ptr %p
  %next = add i64 %pid, 1
  %more = icmp slt i64 %next, %end
  br i1 %more, label %loop, label %done
done:
  ret i32 0
}
""")


# -- fixtures ----------------------------------------------------------------------------------

@pytest.fixture
def cache(tmp_path):
    return DiskCache(tmp_path / "cache")


def poisoned(shape, dtype=np.float32):
    out = np.empty(shape, dtype)
    out[...] = np.nan if np.dtype(dtype).kind == "f" else np.iinfo(dtype).min + 7
    return out


# -- tests -------------------------------------------------------------------------------------

@pytest.mark.parametrize("n", [1, 63, 64, 1000, 64 * 517 + 5])
def test_vadd_matches_numpy(cache, rng, n):
    m = rt.load_module("vadd", VADD_SPECS, {}, llir=vadd_ll(), cache=cache)
    x = rng.standard_normal(n).astype(np.float32)
    y = rng.standard_normal(n).astype(np.float32)
    out = poisoned(n + 70)  # elements past n must stay untouched (masked stores)
    m[(-(-n // 64),)](x, y, out, n)
    np.testing.assert_array_equal(out[:n], x + y)
    assert np.isnan(out[n:]).all()


def test_load_compiles_once_then_hits(cache):
    src = vadd_ll()
    builds = rt.STATS.builds
    m1 = rt.load_module("vadd", VADD_SPECS, {}, llir=src, cache=cache)
    assert not m1.from_cache and rt.STATS.builds == builds + 1
    compiles = tc.STATS.compiles
    # The IR callable must not even be called on a hit.
    m2 = rt.load_module("vadd", VADD_SPECS, {}, key=m1.key, cache=cache,
                        llir=lambda: pytest.fail("llir built on a cache hit"))
    assert m2.from_cache and tc.STATS.compiles == compiles
    assert m2.path == m1.path


def test_big_3d_grid_runs_on_the_pool(cache):
    m = rt.load_module("gridids", [("out", d.pointer_type(d.int64))], {}, llir=grid_ids_ll(),
                       cache=cache)
    gx, gy, gz = 257, 33, 5
    out = poisoned(gx * gy * gz + 3, np.int64)
    before = rt.STATS.pool_launches
    m[(gx, gy, gz)](out)
    pz, py, px = np.meshgrid(np.arange(gz), np.arange(gy), np.arange(gx), indexing="ij")
    np.testing.assert_array_equal(out[:-3], (px + 1000 * py + 1000000 * pz).ravel())
    assert (out[-3:] == np.iinfo(np.int64).min + 7).all()
    if rt.num_threads() > 1:
        assert rt.STATS.pool_launches == before + 1


def test_pool_size_knob_and_a_wider_pool(cache, monkeypatch):
    monkeypatch.setenv("TILEDSL_NUM_THREADS", "1")
    assert rt.num_threads() == 1
    monkeypatch.setenv("TILEDSL_NUM_THREADS", "5")
    assert rt.num_threads() == 5
    # A pool wider than the machine still covers every program exactly once.
    monkeypatch.setattr(rt, "_POOL", rt._Pool(5))
    m = rt.load_module("gridids", [("out", d.pointer_type(d.int64))], {}, llir=grid_ids_ll(),
                       cache=cache)
    out = poisoned(3 * 7 * 11, np.int64)
    m[(3, 7, 11)](out)
    pz, py, px = np.meshgrid(np.arange(11), np.arange(7), np.arange(3), indexing="ij")
    np.testing.assert_array_equal(out, (px + 1000 * py + 1000000 * pz).ravel())
    names = {t.name for t in threading.enumerate()}
    assert {f"tiledsl-cpu-{i}" for i in range(4)} <= names


def test_pool_threads_share_the_grid(cache, monkeypatch):
    # Every pool thread runs some programs at the same time: ctypes released the GIL.
    monkeypatch.setattr(rt, "_POOL", rt._Pool(3))
    m = rt.load_module("threadids", [("out", d.pointer_type(d.int64)), ("usec", d.int32)], {},
                       llir=thread_ids_ll(), cache=cache)
    out = np.zeros(48, np.int64)
    m[(48,)](out, 2000)
    assert (out != 0).all() and len(set(out.tolist())) == 3


def test_trivial_grids_run_inline_after_measurement(cache, rng):
    m = rt.load_module("vadd", VADD_SPECS, {}, llir=vadd_ll(), cache=cache)
    x = rng.standard_normal(256).astype(np.float32)
    out = poisoned(256)
    before = rt.STATS.inline_launches
    for _ in range(6):  # the first runs have no (or a cold) cost estimate and use the pool
        m[(4,)](x, x, out, 256)
    # A few hundred nanoseconds of work never justify waking the pool; allow for runs that
    # a loaded machine preempted in the middle.
    assert rt.STATS.inline_launches >= before + 2
    np.testing.assert_array_equal(out, 2 * x)


def test_concurrent_launches_from_python_threads(cache, rng):
    m = rt.load_module("vadd", VADD_SPECS, {}, llir=vadd_ll(), cache=cache)
    n = 64 * 300 + 1
    jobs = [(rng.standard_normal(n).astype(np.float32),
             rng.standard_normal(n).astype(np.float32), poisoned(n)) for _ in range(6)]
    errors = []

    def work(x, y, out):
        try:
            for _ in range(20):
                m[(-(-n // 64),)](x, y, out, n)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=job) for job in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    for x, y, out in jobs:
        np.testing.assert_array_equal(out, x + y)


def test_scalar_marshalling_every_dtype(cache):
    m = rt.load_module("scalars", SCALARS_SPECS, {}, llir=scalars_ll(), cache=cache)
    values = [True, -7, 250, -30000, 65000, -2**31 + 3, 2**32 - 5, -2**62, 2**64 - 9,
              np.float16(1.5), 3.25, np.float32(0.1), 2.0 / 3.0]
    out = poisoned(len(values), np.float64)
    m[(1,)](out, *values)
    expect = [float(np.asarray(v, dtype=dt.np).astype(np.float64))
              for v, (dt, _, _) in zip(values, _SCALARS)]
    np.testing.assert_array_equal(out, expect)


def test_torch_tensors_and_views(cache, rng):
    if os.environ.get("CI", "").strip().lower() in ("1", "true", "yes"):
        import torch  # CI installs torch: a missing one is a failure, not a skip
    else:
        torch = pytest.importorskip("torch")
    m = rt.load_module("vadd", VADD_SPECS, {}, llir=vadd_ll(), cache=cache)
    base = torch.from_numpy(rng.standard_normal(1000).astype(np.float32))
    x, y = base[10:510], base[500:1000]  # views: the kernel gets their data pointers
    out = torch.full((500,), float("nan"))
    m[(8,)](x, y, out, 500)
    assert torch.equal(out, x + y)
    with pytest.raises(LaunchError, match=r"argument 2 \('out'\).*fp32.*torch.float64"):
        m[(8,)](x, y, out.double(), 500)
    xn = base.numpy()[3:403]  # numpy view with an offset
    outn = poisoned(400)
    m[(7,)](xn, xn, outn, 400)
    np.testing.assert_array_equal(outn, 2 * xn)


def test_launch_argument_errors(cache):
    m = rt.load_module("vadd", VADD_SPECS, {}, llir=vadd_ll(), cache=cache)
    x = np.ones(64, np.float32)
    with pytest.raises(LaunchError, match="takes 4 runtime arguments"):
        m[(1,)](x, x, x)
    with pytest.raises(LaunchError, match=r"argument 1 \('y'\).*fp32.*float64"):
        m[(1,)](x, np.ones(64), x, 64)
    with pytest.raises(TypeError, match=r"argument 0 \('x'\).*list"):
        m[(1,)]([1.0] * 64, x, x, 64)
    with pytest.raises(LaunchError, match="does not fit in int32"):
        m[(1,)](x, x, x, 2**31)
    with pytest.raises(LaunchError, match="expected an integer"):
        m[(1,)](x, x, x, 1.5)
    with pytest.raises(LaunchError, match="grid"):
        m[(1, 1, 1, 1)](x, x, x, 64)
    with pytest.raises(LaunchError, match="grid"):
        m[(-1,)](x, x, x, 64)
    m[(0, 5)](x, x, x, 64)  # an empty grid is a no-op


def test_device_assert_maps_to_error_with_location(cache, rng):
    m = rt.load_module("checked", CHECKED_SPECS, {"checks": CHECKS}, llir=checked_ll(),
                       cache=cache)
    x = rng.random(5000).astype(np.float32) + 0.5
    out = poisoned(5000)
    m[(5000,)](x, out)
    np.testing.assert_array_equal(out, 2 * x)
    x[4321] = -1.0
    with pytest.raises(DeviceAssertionError) as info:
        m[(5000,)](x, out)
    assert info.value.loc == CHECKS[0]["loc"]
    assert "user_kernel.py:12:5" in str(info.value) and "x must be non-negative" in str(info.value)
    assert "tl.device_assert(x >= 0)" in str(info.value)


def test_debug_ranges_catch_out_of_bounds(cache, rng):
    m = rt.load_module("checked", CHECKED_SPECS, {"checks": CHECKS, "debug": True},
                       llir=checked_ll(), cache=cache)
    x = rng.random(200).astype(np.float32)
    out = poisoned(400)
    m[(200,)](x, out)  # in bounds: ranges say x spans 800 bytes
    np.testing.assert_array_equal(out[:200], 2 * x)
    with pytest.raises(OutOfBoundsError) as info:
        m[(201,)](x, out)
    assert info.value.loc.line == 11
    # Non-debug modules pass no ranges, so the same kernel does not check.
    assert rt.CpuModule.from_library(m.path, "checked", CHECKED_SPECS, {}).debug is False


def test_unknown_status_is_a_runtime_error(cache, rng):
    m = rt.load_module("checked", CHECKED_SPECS, {"checks": []}, llir=checked_ll(), cache=cache)
    x = -np.ones(4, np.float32)
    with pytest.raises(KernelRuntimeError, match="unknown status 1"):
        m[(4,)](x, poisoned(4))


def test_mcjit_fallback_without_c_compiler(cache, rng, monkeypatch):
    monkeypatch.setattr(tc, "find_cc", lambda target: None)
    m = rt.load_module("vadd", VADD_SPECS, {}, llir=vadd_ll(), cache=cache)
    assert m.path.name == "vadd.o" and not m.from_cache
    x = rng.standard_normal(300).astype(np.float32)
    out = poisoned(300)
    m[(5,)](x, x, out, 300)
    np.testing.assert_array_equal(out, 2 * x)
    again = rt.load_module("vadd", VADD_SPECS, {}, llir=vadd_ll(), cache=cache)
    assert again.from_cache


def test_matmul_kernel(cache, rng):
    m = rt.load_module("matmul", MATMUL_SPECS, {}, llir=matmul_ll(), cache=cache)
    M, N, K = 64, 48, 37
    a = rng.standard_normal((M, K)).astype(np.float32)
    b = rng.standard_normal((K, N)).astype(np.float32)
    c = poisoned((M, N))
    m[(N // 16, M // 16)](a, b, c, M, N, K)
    np.testing.assert_allclose(c, a @ b, rtol=1e-5, atol=1e-5)


def test_launch_compiled_loads_once(tmp_path, monkeypatch, rng):
    from types import SimpleNamespace
    monkeypatch.setenv("TILEDSL_CACHE_DIR", str(tmp_path / "cache"))
    compiled = SimpleNamespace(name="vadd", asm={"llir": vadd_ll()}, arg_specs=VADD_SPECS,
                               meta={"checks": []}, handle=None)
    x = rng.standard_normal(130).astype(np.float32)
    out = poisoned(130)
    rt.launch_compiled(compiled, (3,), [x, x, out, 130])
    module = compiled.handle
    assert isinstance(module, rt.CpuModule) and compiled.asm["obj"][:4] == b"\x7fELF"
    assert str(module.path).startswith(str(tmp_path / "cache"))
    rt.launch_compiled(compiled, (3,), [x, x, out, 130])
    assert compiled.handle is module
    np.testing.assert_array_equal(out, 2 * x)


def test_bf16_conversions_on_a_cpu_without_bf16_instructions(cache, rng):
    # Generic x86-64 code calls __truncsfbf2/__truncdfbf2, which GCC 12's libgcc lacks; the
    # library must still load (tiledsl_rt.c) and round to nearest even like ml_dtypes.
    target = tc.host_target()
    if target.arch == "x86_64":
        target = tc.target_from_triple(target.triple)  # cpu "generic": no AVX512-BF16
    assert "__truncsfbf2" in tc.emit_assembly(to_bf16_ll(), target) or target.arch != "x86_64"
    bf = d.bfloat16.np
    m = rt.load_module("tobf16", [("x32", F32P), ("x64", d.pointer_type(d.float64)),
                                  ("o32", d.pointer_type(d.bfloat16)),
                                  ("o64", d.pointer_type(d.bfloat16))], {},
                       llir=to_bf16_ll(), target=target, cache=cache)
    k = np.arange(0, 127)
    above_ties = 1.0 + (2 * k + 1) * 2.0 ** -8 + 2.0 ** -40
    x64 = np.concatenate([rng.standard_normal(3000) * 10.0 ** rng.integers(-40, 39, 3000),
                          [0.0, -0.0, np.inf, -np.inf, 3.3961e38, 1e-45, -2.5e-41],
                          1.0 + (2 * k + 1) * 2.0 ** -8,  # exact ties: to even
                          above_ties])
    with np.errstate(over="ignore"):
        x32 = x64.astype(np.float32)
    o32 = np.full(x64.size, np.nan, bf)
    o64 = np.full(x64.size, np.nan, bf)
    m[(x64.size,)](x32, x64, o32, o64)
    np.testing.assert_array_equal(o32.view(np.uint16), x32.astype(bf).view(np.uint16))
    # double -> bf16 rounds once, like LLVM's compiler-rt and PTX's cvt.rn.bf16.f64.
    # ml_dtypes rounds through float32 (twice), which differs only when float32 rounding
    # lands on a bf16 tie: the values just above a tie, which must round up.
    head = x64.size - k.size
    with np.errstate(over="ignore"):
        want = x64[:head].astype(bf)
    np.testing.assert_array_equal(o64[:head].view(np.uint16), want.view(np.uint16))
    np.testing.assert_array_equal(o64[head:].astype(np.float64), 1.0 + (k + 1) * 2.0 ** -7)
    nan_in = np.array([np.nan], np.float32)
    out = np.zeros(1, bf)
    m[(1,)](nan_in, nan_in.astype(np.float64), out, out)
    assert np.isnan(out.astype(np.float32)).all()


def test_invalid_ir_is_a_compilation_error(cache):
    with pytest.raises(CompilationError, match="generated LLVM IR is invalid"):
        rt.load_module("bad", [], {}, llir="define i32 @bad_grid( {", cache=cache)


def test_assembly_for_host_and_aarch64():
    host = tc.emit_assembly(vadd_ll(), tc.host_target())
    assert "vadd_grid:" in host
    arm = tc.emit_assembly(vadd_ll(), tc.aarch64_target())
    assert "vadd_grid:" in arm and ".4s" in arm  # NEON vector registers
    res = tc.compile_llir(matmul_ll(), tc.aarch64_target(), want_asm=True)
    assert res.obj[:4] == b"\x7fELF" and "fmla" in res.asm


def test_target_override_knob(monkeypatch, cache):
    monkeypatch.setenv("TILEDSL_CPU_TARGET", "aarch64-unknown-linux-gnu")
    t = tc.host_target()
    assert t == tc.aarch64_target()
    if not t.is_host:
        with pytest.raises(BackendUnavailableError, match="aarch64"):
            rt.load_module("vadd", VADD_SPECS, {}, llir=vadd_ll(), target=t, cache=cache)
    monkeypatch.delenv("TILEDSL_CPU_TARGET")
    assert tc.host_target().is_host


_SECOND_PROCESS = r"""
import json, sys, time
t0 = time.perf_counter()
import numpy as np
from tiledsl.backends.cpu import runtime as rt, toolchain as tc
from tiledsl.runtime.cache import DiskCache
sys.path.insert(0, sys.argv[2])
import test_cpu_runtime as k
llvm_before = "llvmlite.binding" in sys.modules
t1 = time.perf_counter()
m = rt.load_module("vadd", k.VADD_SPECS, {}, llir=k.vadd_ll(), cache=DiskCache(sys.argv[1]))
t2 = time.perf_counter()
llvm_loaded = not llvm_before and "llvmlite.binding" in sys.modules
x = np.arange(1000, dtype=np.float32)
out = np.full(1000, np.nan, np.float32)
m[(16,)](x, x, out, 1000)
print(json.dumps({"from_cache": m.from_cache, "compiles": tc.STATS.compiles,
                  "builds": rt.STATS.builds, "ok": bool((out == 2 * x).all()),
                  "llvm_loaded": llvm_loaded,
                  "load_ms": (t2 - t1) * 1e3}))
"""


def test_second_process_loads_from_disk_without_compiling(tmp_path):
    cache = DiskCache(tmp_path / "c")
    first = rt.load_module("vadd", VADD_SPECS, {}, llir=vadd_ll(), cache=cache)
    assert not first.from_cache
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([ROOT] + sys.path))
    proc = subprocess.run([sys.executable, "-c", _SECOND_PROCESS, str(tmp_path / "c"),
                           os.path.dirname(os.path.abspath(__file__))],
                          capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    # A warm process does not even load LLVM: the host CPU's description is cached too.
    assert report == {**report, "from_cache": True, "compiles": 0, "builds": 0, "ok": True,
                      "llvm_loaded": False}


# -- measurements (python tests/test_cpu_runtime.py) ------------------------------------------

def _bench() -> None:
    import statistics
    import tempfile
    target = tc.host_target()
    print(f"target {target.triple} cpu={target.cpu} threads={rt.num_threads()}")
    for level in (2, 3):
        for label, src in (("vadd", vadd_ll()), ("matmul", matmul_ll())):
            times = []
            for _ in range(5):
                t0 = time.perf_counter()
                obj = tc.optimize_and_emit(src, target, level)
                t1 = time.perf_counter()
                tc.link_shared(obj, target)
                times.append((t1 - t0, time.perf_counter() - t1))
            opt = statistics.median(t[0] for t in times) * 1e3
            link = statistics.median(t[1] for t in times) * 1e3
            print(f"O{level} {label}: compile {opt:.1f} ms + link {link:.1f} ms")
    with tempfile.TemporaryDirectory() as tmp:
        cache = DiskCache(tmp)
        t0 = time.perf_counter()
        m = rt.load_module("matmul", MATMUL_SPECS, {}, llir=matmul_ll(), cache=cache)
        print(f"cold load_module(matmul): {(time.perf_counter() - t0) * 1e3:.1f} ms")
        rt.load_module("vadd", VADD_SPECS, {}, llir=vadd_ll(), cache=cache)
        env = dict(os.environ, PYTHONPATH=os.pathsep.join([ROOT] + sys.path))
        loads = []
        for _ in range(5):
            proc = subprocess.run([sys.executable, "-c", _SECOND_PROCESS, tmp,
                                   os.path.dirname(os.path.abspath(__file__))],
                                  capture_output=True, text=True, env=env, check=True)
            loads.append(json.loads(proc.stdout.strip().splitlines()[-1])["load_ms"])
        print(f"warm load_module in a fresh process: median {statistics.median(loads):.2f} ms")
        m = rt.load_module("vadd", VADD_SPECS, {}, llir=vadd_ll(), cache=cache)
        x = np.ones(64, np.float32)
        out = np.empty(64, np.float32)
        for label, call in (("m.launch((1,), args)", lambda: m.launch((1,), (x, x, out, 64))),
                            ("m[(1,)](*args)", lambda: m[(1,)](x, x, out, 64))):
            per = []
            for _ in range(7):
                n = 20000
                t0 = time.perf_counter()
                for _ in range(n):
                    call()
                per.append((time.perf_counter() - t0) / n * 1e6)
            print(f"launch overhead {label}: median {statistics.median(per):.2f} us/call")


if __name__ == "__main__":
    _bench()
