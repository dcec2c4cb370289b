"""Launch-overhead and compile-time suites.

launch: the host cost of ``kernel[grid](...)`` for a trivial kernel (``jit_kernels.noop``),
timed as wall time over many back-to-back calls with one sync at the end. References are the
cheapest calls the same process can make: a ctypes call into libc (the floor of any
Python-to-native call), an in-place torch op and numpy ufunc on 16 elements, and on a GPU a
cupy raw kernel and the same trivial kernel in Triton.

compile: ``kernel.warmup(...)`` of a fresh ``tiled.jit`` object, *cold* (empty on-disk cache,
a new temporary ``TILEDSL_CACHE_DIR`` per sample) and *warm* (the on-disk cache already holds
the kernel; a fresh jit object must find and load it). References: on a CPU, llvmlite
compiling a small hand-written LLVM IR function to machine code (the floor below which an
LLVM-based backend cannot go); on a GPU, Triton cold and warm compiles of the same kernel.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import os

from .context import scratch
from .registry import Case, Unavailable, entry


def _jk():
    try:
        from . import jit_kernels
    except Exception as exc:  # noqa: BLE001 - the compiler core is not there yet
        raise Unavailable(f"perf.jit_kernels: {type(exc).__name__}: {exc}") from None
    return jit_kernels


def _why(exc: Exception) -> str:
    return str(exc) if isinstance(exc, Unavailable) else f"{type(exc).__name__}: {exc}"


def _buffer_factory(ctx, kind: str):
    torch = ctx.torch

    def make(n):
        t = torch.randn(n, generator=ctx.gen, device=ctx.dev)
        if kind == "numpy":
            return t.numpy()
        if kind == "cupy":
            import cupy

            return cupy.asarray(t)
        return t

    return make


def launch_args(name: str, make):
    """(args, constexprs, grid) for kernel ``name``; ``make(n)`` allocates an n-float buffer."""
    if name == "noop":
        return (make(16),), {"BLOCK": 16}, (1,)
    if name == "noop_args":
        bufs = tuple(make(16) for _ in range(8))
        return bufs + (1.0, 2.0, 3, 4), {"BLOCK": 16}, (1,)
    if name == "add":
        return (make(4096), make(4096), make(4096), 4096), {"BLOCK": 1024}, (4,)
    if name == "softmax_row":
        return (make(64 * 256), make(64 * 256), 256, 256), {"BLOCK": 256}, (64,)
    if name == "tile_dot":
        return ((make(128 * 128), make(128 * 128), make(128 * 128), 128, 128, 128),
                {"BM": 64, "BN": 64, "BK": 32}, (2, 2))
    raise KeyError(name)


@entry("launch", "trivial", params=[
    dict(kernel="noop", args="torch"), dict(kernel="noop", args="numpy", device="cpu"),
    dict(kernel="noop", args="cupy", device="gpu"), dict(kernel="noop_args", args="torch")],
    quick=[dict(kernel="noop", args="torch"), dict(kernel="noop", args="numpy", device="cpu"),
           dict(kernel="noop_args", args="torch")])
def trivial(p, ctx):
    """Per-call cost of launching a trivial kernel (wall clock, microseconds)."""
    torch = ctx.torch
    case = Case(timer="wall", unit="us")
    try:
        jk = _jk()
        args, constexprs, grid = launch_args(p["kernel"], _buffer_factory(ctx, p["args"]))
        kern = getattr(jk, p["kernel"])
        launcher = kern[grid]
        case.ours("tiledsl", lambda: launcher(*args, **constexprs), check=False)
    except Exception as exc:  # noqa: BLE001
        case.unavailable("tiledsl", _why(exc))
    x = torch.randn(16, generator=ctx.gen, device=ctx.dev)
    case.ref("torch.add_", lambda: x.add_(1.0), check=False)
    if ctx.device == "cpu":
        xn = x.numpy()
        case.ref("numpy.add", lambda: __import__("numpy").add(xn, 1.0, out=xn), check=False)
        libc = ctypes.CDLL(ctypes.util.find_library("c"))
        labs = libc.labs
        case.ref("ctypes(floor)", lambda: labs(-3), check=False, compare=False)
    else:
        try:
            import cupy

            raw = cupy.RawKernel(r'extern "C" __global__ void noop(float* x) '
                                 r'{ if (threadIdx.x < 16) x[threadIdx.x] += 1.0f; }', "noop")
            xc = cupy.asarray(x)
            case.ref("cupy.RawKernel", lambda: raw((1,), (32,), (xc,)), check=False)
        except Exception as exc:  # noqa: BLE001
            case.unavailable("cupy.RawKernel", str(exc), role="ref")
        try:
            tri = ctx.triton_refs()
            case.ref("triton", lambda: tri.noop(x), check=False)
        except Exception as exc:  # noqa: BLE001
            case.unavailable("triton", str(exc), role="ref")
    return case


# -- compile time ---------------------------------------------------------------------------

class _CacheDirs:
    """Fresh cache folders for one knob; ``fresh`` points the knob at a new one."""

    @staticmethod
    def fresh(env: str) -> str:
        d = scratch("tiledsl-perf-cache-", folder=True)
        os.environ[env] = d
        return d


_DIRS = _CacheDirs()

_LLVM_IR = """
define void @axpy(float* noalias %x, float* noalias %y, float %a, i64 %n) {
entry:
  br label %loop
loop:
  %i = phi i64 [0, %entry], [%i1, %loop]
  %px = getelementptr float, float* %x, i64 %i
  %py = getelementptr float, float* %y, i64 %i
  %vx = load float, float* %px
  %vy = load float, float* %py
  %m = fmul float %a, %vx
  %s = fadd float %m, %vy
  store float %s, float* %py
  %i1 = add i64 %i, 1
  %c = icmp slt i64 %i1, %n
  br i1 %c, label %loop, label %done
done:
  ret void
}
"""


def _llvmlite_floor():
    """Parse, verify, O3-optimise and emit an object for a 1-loop function (fresh module)."""
    import llvmlite.binding as llvm

    llvm.initialize_all_targets()
    llvm.initialize_all_asmprinters()
    tm = llvm.Target.from_default_triple().create_target_machine(opt=3)
    ir = _LLVM_IR.replace("float*", "ptr")      # LLVM >= 17 knows opaque pointers only

    def compile_once():
        mod = llvm.parse_assembly(ir)
        mod.verify()
        pto = llvm.create_pipeline_tuning_options(speed_level=3)
        pb = llvm.create_pass_builder(tm, pto)
        pb.getModulePassManager().run(mod, pb)
        return tm.emit_object(mod)

    compile_once()
    return compile_once


@entry("compile", "cold_warm", params=[
    dict(kernel=k, mode=m) for k in ("noop", "add", "softmax_row", "tile_dot")
    for m in ("cold", "warm")],
    quick=[dict(kernel=k, mode=m) for k in ("add", "tile_dot") for m in ("cold", "warm")])
def cold_warm(p, ctx):
    """Compile time of a fresh jit object: cold (empty disk cache) and warm (cache hit)."""
    case = Case(timer="wall", unit="ms")
    name, mode = p["kernel"], p["mode"]
    make = _buffer_factory(ctx, "torch")
    try:
        jk = _jk()
        tiled = ctx.tiled()
        args, constexprs, grid = launch_args(name, make)
        raw = jk.RAW[name]
        warm_dir = _DIRS.fresh("TILEDSL_CACHE_DIR")
        state = {}

        def setup():
            if mode == "cold":
                _DIRS.fresh("TILEDSL_CACHE_DIR")
            else:
                os.environ["TILEDSL_CACHE_DIR"] = warm_dir
            state["k"] = tiled.jit(raw)

        def compile_it():
            return state["k"].warmup(*args, grid=grid, **constexprs)

        case.ours("tiledsl", compile_it, setup=setup, check=False)
    except Exception as exc:  # noqa: BLE001
        case.unavailable("tiledsl", _why(exc))
    if ctx.device == "cpu":
        try:
            case.ref("llvmlite(floor)", _llvmlite_floor(), check=False, compare=False,
                     note="1-loop LLVM IR function, O3 + object emission")
        except Exception as exc:  # noqa: BLE001
            case.unavailable("llvmlite(floor)", _why(exc), role="ref")
    else:
        _triton_compile_ref(case, ctx, name, mode, make)
    return case


def _triton_compile_ref(case, ctx, name, mode, make):
    try:
        tri = ctx.triton_refs()
        if name not in tri.RAW:
            raise Unavailable(f"no Triton version of {name}")
        args, constexprs, grid = launch_args(name, make)
        warm_dir = _DIRS.fresh("TRITON_CACHE_DIR")
        state = {}

        def setup():
            if mode == "cold":
                _DIRS.fresh("TRITON_CACHE_DIR")
            else:
                os.environ["TRITON_CACHE_DIR"] = warm_dir
            state["k"] = tri.fresh_jit(name)

        def compile_it():
            return state["k"].warmup(*args, grid=grid, **constexprs)

        case.ref("triton", compile_it, setup=setup, check=False)
    except Exception as exc:  # noqa: BLE001
        case.unavailable("triton", _why(exc), role="ref")
