"""LLVM IR text -> optimised object code -> shared library, for the host or AArch64.

The lowering (``backends/llvm``, ``backends/cpu/lower.py``) produces LLVM IR text that follows
the kernel ABI in ``backends/README.md``; this module turns it into machine code:

* :func:`optimize` parses, verifies and runs LLVM's new-pass-manager pipeline at ``-O2``/``-O3``
  (vectorisers on) for a :class:`TargetInfo`;
* :func:`optimize_and_emit` / :func:`emit_assembly` return the object bytes / assembly text;
* :func:`link_shared` links objects into a ``.so`` with the system C compiler (``cc`` for the
  host, ``aarch64-linux-gnu-gcc`` for AArch64), adding ``tiledsl_rt.c`` (bf16 truncations that
  LLVM calls on x86-64 and GCC 12's libgcc lacks). When no compiler is installed,
  :func:`find_cc` returns None and the runtime loads the object itself through llvmlite's
  MCJIT (``add_object_file``); that path resolves external symbols (``memcpy``, libgcc
  helpers) from the running process only, and caches the ``.o`` rather than a ``.so``.

Objects are position-independent so the same bytes serve a ``.so`` and an AOT export.
"""
from __future__ import annotations

import functools
import json
import os
import platform
import shutil
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import llvmlite

from tiledsl import knobs
from tiledsl.errors import CompilationError


class _LazyBinding:
    """``llvmlite.binding``, imported on first use.

    Importing it loads LLVM (20-60 ms); a process that only loads cached kernels never needs
    it, which keeps the warm path to a few milliseconds.
    """

    def __getattr__(self, name):
        import llvmlite.binding as binding
        globals()["llvm"] = binding
        return getattr(binding, name)


llvm = _LazyBinding()

__all__ = [
    "TargetInfo", "host_target", "default_opt_level", "aarch64_target", "target_from_triple",
    "optimize",
    "optimize_and_emit", "emit_assembly", "compile_llir", "CompileResult", "find_cc",
    "link_shared", "runtime_object", "toolchain_fingerprint", "STATS",
]

AARCH64_TRIPLE = "aarch64-unknown-linux-gnu"

# llvmlite's LLVM objects are not safe to build from several threads at once.
_LLVM_LOCK = threading.RLock()


@dataclass
class _Stats:
    """Process-wide counters; tests read ``compiles`` to prove a cache hit compiled nothing."""
    compiles: int = 0
    links: int = 0
    seconds_optimize: float = 0.0
    seconds_codegen: float = 0.0
    seconds_link: float = 0.0


STATS = _Stats()


@functools.lru_cache(maxsize=None)
def _init_llvm() -> None:
    llvm.initialize_all_targets()
    llvm.initialize_all_asmprinters()


@dataclass(frozen=True)
class TargetInfo:
    """What LLVM generates code for: a triple, a CPU name and a feature string."""
    triple: str
    cpu: str = "generic"
    features: str = ""

    @property
    def arch(self) -> str:
        return self.triple.split("-", 1)[0]

    @property
    def is_host(self) -> bool:
        """True when code for this target runs in this process."""
        return _same_arch(self.arch, host_machine())

    def key(self) -> tuple:
        """What a cache key needs to know about the target."""
        return ("target", self.triple, self.cpu, self.features)

    def target_machine(self, opt_level: int = 3) -> llvm.TargetMachine:
        """A PIC target machine (cached per target and level)."""
        return _target_machine(self, opt_level)

    def c_compiler(self) -> str | None:
        """The C compiler that links for this target, or None."""
        return find_cc(self)


def _same_arch(a: str, b: str) -> bool:
    alias = {"arm64": "aarch64", "amd64": "x86_64"}
    return alias.get(a, a) == alias.get(b, b)


@functools.lru_cache(maxsize=None)
def _host_features() -> str:
    try:
        return llvm.get_host_cpu_features().flatten()
    except RuntimeError:  # some platforms cannot report features: generic code still runs
        return ""


def host_target() -> TargetInfo:
    """The machine this process runs on, or ``TILEDSL_CPU_TARGET``'s triple when set.

    An override for another architecture gets a generic CPU (AArch64: ``+neon``), since the
    host's CPU name and features mean nothing there.
    """
    override = knobs.CPU_TARGET.raw()
    if override and not _same_arch(override.split("-", 1)[0], host_machine()):
        return target_from_triple(override)
    return _native_target(override)


def _cpu_fingerprint() -> str | None:
    """What identifies this CPU model to LLVM, read from /proc/cpuinfo (None elsewhere)."""
    try:
        with open("/proc/cpuinfo") as f:
            text = f.read(1 << 16)
    except OSError:
        return None
    first = text.split("\n\n", 1)[0]
    keep = ("vendor_id", "cpu family", "model", "model name", "flags", "features",
            "cpu implementer", "cpu architecture", "cpu variant", "cpu part", "isa")
    lines = [ln for ln in first.splitlines() if ln.split(":", 1)[0].strip().lower() in keep]
    return "\n".join(lines) if lines else None


@functools.lru_cache(maxsize=None)
def _native_target(override: str | None) -> TargetInfo:
    # LLVM's host CPU name and features are remembered on disk per CPU model, so a process
    # that finds its kernels in the cache does not have to load LLVM to compute its keys.
    from tiledsl.runtime.cache import cache_key, default_cache
    fingerprint = _cpu_fingerprint()
    cache = default_cache() if fingerprint else None
    key = cache_key("host-target", fingerprint, platform.machine(), llvmlite.__version__,
                    override)
    if cache is not None:
        raw = cache.get(key, "host-target.json")
        if raw is not None:
            try:
                info = json.loads(raw)
                return TargetInfo(info["triple"], info["cpu"], info["features"])
            except (ValueError, KeyError, TypeError):
                pass  # unreadable: recompute and rewrite below
    _init_llvm()
    target = TargetInfo(override or llvm.get_process_triple(), llvm.get_host_cpu_name(),
                        _host_features())
    if cache is not None:
        cache.put(key, "host-target.json", json.dumps(target.__dict__).encode())
    return target


def aarch64_target() -> TargetInfo:
    """Generic ARMv8-A Linux with NEON: runs on any 64-bit Arm Linux and under qemu."""
    return TargetInfo(AARCH64_TRIPLE, "generic", "+neon")


def target_from_triple(triple: str) -> TargetInfo:
    """A generic target for ``triple`` (AArch64 gets NEON, x86-64 the baseline ISA)."""
    if triple.startswith(("aarch64", "arm64")):
        return TargetInfo(triple, "generic", "+neon")
    return TargetInfo(triple, "generic", "")


@functools.lru_cache(maxsize=None)
def _target_machine(target: TargetInfo, opt_level: int) -> llvm.TargetMachine:
    _init_llvm()
    try:
        tgt = llvm.Target.from_triple(target.triple)
    except RuntimeError as exc:
        raise CompilationError(f"LLVM has no target for triple {target.triple!r}: {exc}")
    # 'pic' so the object links into a shared library and into AOT executables alike.
    return tgt.create_target_machine(cpu=target.cpu, features=target.features,
                                     opt=min(max(opt_level, 0), 3), reloc="pic",
                                     codemodel="small")


@functools.lru_cache(maxsize=None)
def toolchain_fingerprint() -> tuple:
    """Versions that change the machine code (llvmlite/LLVM, C compiler), for cache keys."""
    # Each llvmlite release pins one LLVM version, so its version names the code generator
    # without loading LLVM. The support routines are linked into every library too.
    import hashlib
    return ("llvmlite", llvmlite.__version__,
            hashlib.sha256(RUNTIME_SOURCE.read_bytes()).hexdigest()[:16])


def default_opt_level() -> int:
    """``TILEDSL_CPU_OPT_LEVEL`` (default 2), clamped to 0..3.

    Why not 3: on a hand-written 16x16-tile matmul (tests/test_cpu_runtime.py), O2 compiles
    in ~15-20 ms and O3 in ~120 ms on an idle machine (600 ms on a loaded one): O3's unroller
    fully unrolls the row loop into 6x the code, and the kernel ran no faster (17 vs 16 and
    33 vs 34 GFLOP/s at 512^3). Tile IR lowered to explicit vectors leaves the vectorisers
    little to do at either level; both levels run them.
    """
    return min(max(knobs.CPU_OPT_LEVEL.as_int(), 0), 3)


def _level(opt_level: int | None) -> int:
    return default_opt_level() if opt_level is None else min(max(int(opt_level), 0), 3)


def optimize(llir: str, target: TargetInfo, opt_level: int | None = None) -> llvm.ModuleRef:
    """Parse and verify ``llir``, then run the ``-O<opt_level>`` pipeline for ``target``
    (``None``: :func:`default_opt_level`).

    Raises ``CompilationError`` (with LLVM's message) for IR that does not parse or verify:
    that is a bug in the lowering, not in the user's kernel, and the message says so.
    """
    _init_llvm()
    opt_level = _level(opt_level)
    tm = target.target_machine(opt_level)
    with _LLVM_LOCK:
        t0 = time.perf_counter()
        try:
            mod = llvm.parse_assembly(llir)
            mod.triple = target.triple
            mod.data_layout = str(tm.target_data)
            mod.verify()
        except RuntimeError as exc:
            raise CompilationError(f"internal error: generated LLVM IR is invalid:\n{exc}")
        if opt_level > 0:
            pto = llvm.PipelineTuningOptions(speed_level=min(opt_level, 3))
            pto.loop_vectorization = True
            pto.slp_vectorization = True
            pto.loop_unrolling = True
            pb = llvm.create_pass_builder(tm, pto)
            pb.getModulePassManager().run(mod, pb)
        STATS.seconds_optimize += time.perf_counter() - t0
    return mod


@dataclass
class CompileResult:
    """Object code (and optionally assembly) for one LLVM module, with timings."""
    obj: bytes
    asm: str | None
    seconds: float
    optimized_llir: str | None = None


def compile_llir(llir: str, target: TargetInfo, opt_level: int | None = None, *,
                 want_asm: bool = False, want_optimized_ir: bool = False) -> CompileResult:
    """Optimise once and emit an object (plus assembly / optimised IR when asked)."""
    t0 = time.perf_counter()
    opt_level = _level(opt_level)
    mod = optimize(llir, target, opt_level)
    tm = target.target_machine(opt_level)
    with _LLVM_LOCK:
        t1 = time.perf_counter()
        obj = tm.emit_object(mod)
        asm = tm.emit_assembly(mod) if want_asm else None
        STATS.seconds_codegen += time.perf_counter() - t1
        STATS.compiles += 1
    return CompileResult(obj, asm, time.perf_counter() - t0,
                         str(mod) if want_optimized_ir else None)


def optimize_and_emit(llir: str, target: TargetInfo, opt_level: int | None = None) -> bytes:
    """Object code (ELF ``.o`` bytes) for ``llir`` on ``target``."""
    return compile_llir(llir, target, opt_level).obj


def emit_assembly(llir: str, target: TargetInfo, opt_level: int | None = None) -> str:
    """Optimised assembly text for ``llir`` on ``target`` (the kernel's ``asm["asm"]``)."""
    opt_level = _level(opt_level)
    mod = optimize(llir, target, opt_level)
    with _LLVM_LOCK:
        return target.target_machine(opt_level).emit_assembly(mod)


# -- C compilers and linking -------------------------------------------------------------------

@functools.lru_cache(maxsize=None)
def find_cc(target: TargetInfo) -> str | None:
    """The C compiler driver for ``target``: ``cc``/``gcc``/``clang`` for the host,
    ``<arch>-linux-gnu-gcc`` for a cross target; None when none is installed."""
    if target.is_host:
        candidates = ["cc", "gcc", "clang"]
    else:
        arch = target.arch
        candidates = [f"{arch}-linux-gnu-gcc", f"{arch}-unknown-linux-gnu-gcc"]
        if shutil.which("clang"):
            candidates.append("clang")  # clang cross-compiles given --target, added below
    for name in candidates:
        path = shutil.which(name)
        if path:
            return path
    return None


def cc_command(target: TargetInfo) -> list[str]:
    """argv prefix that compiles/links for ``target``; ``CompilationError`` when missing."""
    cc = find_cc(target)
    if cc is None:
        hint = "install gcc" if target.is_host else \
            f"install gcc-{target.arch.replace('_', '-')}-linux-gnu"
        raise CompilationError(f"no C compiler for {target.triple}: {hint}")
    cmd = [cc]
    if os.path.basename(cc).startswith("clang") and not target.is_host:
        cmd.append(f"--target={target.triple}")
    return cmd


def run_tool(cmd: list[str], what: str) -> None:
    """Run a compiler/linker; raise ``CompilationError`` with its stderr on failure."""
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        raise CompilationError(f"{what} failed ({' '.join(cmd)}):\n{proc.stderr.strip()}")


RUNTIME_SOURCE = Path(__file__).with_name("tiledsl_rt.c")
_RUNTIME_OBJECTS: dict[TargetInfo, bytes] = {}


def runtime_object(target: TargetInfo) -> bytes:
    """``tiledsl_rt.c`` (helpers LLVM may call that old libgcc lacks) compiled for ``target``.

    Compiled once per target and C compiler, then kept in the disk cache.
    """
    obj = _RUNTIME_OBJECTS.get(target)
    if obj is not None:
        return obj
    from tiledsl.runtime.cache import cache_key, default_cache
    cc = cc_command(target)
    version = subprocess.run(cc + ["-dumpfullversion", "-dumpversion"], capture_output=True,
                             text=True).stdout.strip()
    source = RUNTIME_SOURCE.read_text()
    key = cache_key("cpu-rt", source, target.triple, cc, version)
    cache = default_cache()
    obj = cache.get(key, "tiledsl_rt.o")
    if obj is None:
        with tempfile.TemporaryDirectory(prefix="tiledsl-rt-") as tmp:
            out = Path(tmp) / "rt.o"
            run_tool(cc + ["-c", "-O2", "-fPIC", "-o", str(out), str(RUNTIME_SOURCE)],
                     "compiling tiledsl_rt.c")
            obj = out.read_bytes()
        cache.put(key, "tiledsl_rt.o", obj)
    _RUNTIME_OBJECTS[target] = obj
    return obj


def link_shared(objects: list[bytes] | bytes, target: TargetInfo) -> bytes:
    """Link object files (plus :func:`runtime_object`) into a shared library; its bytes.

    ``-Wl,-z,noexecstack`` keeps glibc from refusing to ``dlopen`` it; the default libraries
    stay on so libgcc helpers (half-float conversions) resolve from the toolchain.
    """
    if isinstance(objects, (bytes, bytearray)):
        objects = [bytes(objects)]
    objects = list(objects) + [runtime_object(target)]
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="tiledsl-link-") as tmp:
        inputs = []
        for i, obj in enumerate(objects):
            p = Path(tmp) / f"in{i}.o"
            p.write_bytes(obj)
            inputs.append(str(p))
        out = Path(tmp) / "out.so"
        run_tool(cc_command(target) + ["-shared", "-Wl,-z,noexecstack", "-o", str(out)]
                 + inputs, "linking the kernel")
        data = out.read_bytes()
    STATS.links += 1
    STATS.seconds_link += time.perf_counter() - t0
    return data


def host_machine() -> str:
    """``platform.machine()`` normalised to LLVM's arch names."""
    m = platform.machine().lower()
    return {"amd64": "x86_64", "arm64": "aarch64"}.get(m, m)
