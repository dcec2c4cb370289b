"""The PTX toolchain: LLVM IR -> PTX through llvmlite's NVPTX target, PTX -> cubin via ``ptxas``.

Nothing here needs a GPU: CI lowers and assembles for several architectures on a machine
without one, and the runtime (``runtime.py``) reuses these functions on the GPU machine.

Choices worth knowing:

* **PTX ISA version.** LLVM picks the *lowest* version an arch allows unless told otherwise;
  we ask for 8.5 (or the arch's minimum when that is higher, e.g. 8.6 for sm_100). 8.5 is
  accepted by every ptxas since CUDA 12.5 and by the CUDA 13 driver's JIT, and it unlocks the
  instructions the lowering wants on sm_80/sm_90a. ``TILEDSL_PTX_VERSION`` overrides it.
* **LLVM aborts the process** (``LLVM ERROR: PTX version 8.0 does not support target
  'sm_100'``) instead of raising when an arch and a PTX version do not fit, and silently
  emits junk for an unknown ``cpu``. So arch names and versions are checked against
  :data:`MIN_PTX_VERSION` *before* a target machine is created.
* **ptxas** is found via ``TILEDSL_PTXAS``, then ``PATH``, ``/usr/local/cuda/bin`` and the copy
  bundled inside the ``triton`` wheel (the GPU machine has triton but maybe no CUDA toolkit).
  Its messages name a temporary file; we replace that path with ``<ptx>`` so errors are stable.
"""
from __future__ import annotations

import functools
import importlib.util
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import NamedTuple

from tiledsl import knobs
from tiledsl.errors import CompilationError

__all__ = [
    "NVPTX_TRIPLE", "NVPTX_DATALAYOUT", "DEFAULT_ARCH", "DEFAULT_PTX_VERSION", "MIN_PTX_VERSION",
    "MAX_PTX_VERSION", "normalize_arch", "arch_of_device", "default_ptx_version", "llir_to_ptx",
    "find_ptxas", "ptxas_available", "ptxas_version", "PtxasResult", "assemble", "ptxas",
    "validate", "ptx_target", "ptx_isa_version", "retarget", "parse_entries",
    "parse_ptxas_log", "compiler_fingerprint",
]

NVPTX_TRIPLE = "nvptx64-nvidia-cuda"
# What LLVM 22's NVPTX target machine reports (a test checks this against llvmlite); the
# lowering may put it in its module header, and llir_to_ptx fills it in when it is absent.
NVPTX_DATALAYOUT = "e-p6:32:32-i64:64-i128:128-i256:256-v16:16-v32:32-n16:32:64"
DEFAULT_ARCH = "sm_90a"
DEFAULT_PTX_VERSION = 85

# Lowest PTX ISA version (x10) LLVM's NVPTX backend accepts for each arch it knows; LLVM aborts
# on anything lower. Only archs listed here are accepted by normalize_arch.
MIN_PTX_VERSION = {
    "sm_75": 63, "sm_80": 70, "sm_86": 71, "sm_87": 74, "sm_89": 78,
    "sm_90": 78, "sm_90a": 80,
    "sm_100": 86, "sm_100a": 86, "sm_103": 88, "sm_103a": 88,
    "sm_120": 87, "sm_120a": 87, "sm_121": 88, "sm_121a": 88,
}
# The newest version LLVM 22 emits (it silently ignores unknown +ptxNN features) and that
# CUDA 13.0's ptxas and driver accept.
MAX_PTX_VERSION = 90

_LLVM_LOCK = threading.Lock()  # LLVM's global context is not thread-safe


# -- architectures ---------------------------------------------------------------------------

def normalize_arch(arch) -> str:
    """``"sm_90a"``, ``"sm90a"``, ``"90a"``, ``90`` or ``(9, 0)`` -> ``"sm_90a"`` / ``"sm_90"``.

    Raises ``ValueError`` for an arch the NVPTX backend does not know.
    """
    if isinstance(arch, tuple):
        arch = f"{arch[0]}{arch[1]}"
    text = str(arch).strip().lower()
    m = re.fullmatch(r"(?:sm_?)?(\d{2,3})([af]?)", text)
    name = f"sm_{m.group(1)}{m.group(2)}" if m else text
    if name not in MIN_PTX_VERSION:
        known = ", ".join(MIN_PTX_VERSION)
        raise ValueError(f"unknown or unsupported PTX arch {arch!r} (known: {known})")
    return name


def arch_of_device(device: int | None = None) -> str:
    """The arch to compile for: the GPU's when one exists, else ``TILEDSL_PTX_ARCH`` or sm_90a.

    Compute capability 9.0 and newer get the arch-specific ``a`` variant (sm_90a), which
    wgmma/setmaxnreg need; such code runs only on exactly that compute capability, which is
    what a GPU present at compile time guarantees. cupy is asked first; torch only when the
    user has already imported it (importing torch just to probe costs a second or two).
    """
    cc = _device_capability(-1 if device is None else int(device))
    if cc is not None:
        major, minor = cc
        name = f"sm_{major}{minor}" + ("a" if major >= 9 else "")
        if name not in MIN_PTX_VERSION:  # a GPU newer than this LLVM knows: its base arch
            name = f"sm_{major}{minor}"
        return normalize_arch(name)
    return normalize_arch(knobs.PTX_ARCH.raw() or DEFAULT_ARCH)


@functools.lru_cache(maxsize=1)
def _cupy_runtime():
    """cupy's runtime module when cupy imports and sees a device, else None (asked once)."""
    try:
        import cupy
        rt = cupy.cuda.runtime
        return rt if rt.getDeviceCount() > 0 else None
    except Exception:  # noqa: BLE001 - no cupy, no driver, no device: all mean "no GPU here"
        return None


@functools.lru_cache(maxsize=None)
def _cupy_capability(dev: int) -> tuple[int, int]:
    props = _cupy_runtime().getDeviceProperties(dev)
    return int(props["major"]), int(props["minor"])


def _device_capability(device: int) -> tuple[int, int] | None:
    """(major, minor) of ``device`` (-1: the current one), or None without a GPU."""
    rt = _cupy_runtime()
    if rt is not None:
        return _cupy_capability(rt.getDevice() if device < 0 else device)
    torch = sys.modules.get("torch")
    if torch is not None:
        try:
            if torch.cuda.is_available():
                dev = torch.cuda.current_device() if device < 0 else device
                return tuple(torch.cuda.get_device_capability(dev))
        except Exception:  # noqa: BLE001
            pass
    return None


def default_ptx_version(arch: str) -> int:
    """The PTX ISA version (x10) to emit for ``arch``: the knob, else max(8.5, arch minimum)."""
    arch = normalize_arch(arch)
    raw = knobs.PTX_VERSION.raw()
    if raw:
        return _parse_ptx_version(raw)
    return max(DEFAULT_PTX_VERSION, MIN_PTX_VERSION[arch])


def _parse_ptx_version(value) -> int:
    """85, "85", "8.5", 8.5 -> 85."""
    text = str(value).strip()
    try:
        number = round(float(text) * 10) if "." in text else int(text)
    except ValueError:
        raise ValueError(f"PTX version {value!r} is not a number like 85 or 8.5") from None
    return number


def _check_version(arch: str, ptx_version: int) -> None:
    lo = MIN_PTX_VERSION[arch]
    if not lo <= ptx_version <= MAX_PTX_VERSION:
        raise CompilationError(
            f"PTX ISA {ptx_version / 10:.1f} cannot target {arch}: this toolchain supports "
            f"{lo / 10:.1f} to {MAX_PTX_VERSION / 10:.1f} for it (TILEDSL_PTX_VERSION)")


# -- LLVM IR -> PTX --------------------------------------------------------------------------

@functools.lru_cache(maxsize=1)
def _llvm():
    import llvmlite.binding as llvm
    llvm.initialize_all_targets()
    llvm.initialize_all_asmprinters()
    return llvm


@functools.lru_cache(maxsize=None)
def _target_machine(arch: str, ptx_version: int, opt_level: int):
    llvm = _llvm()
    target = llvm.Target.from_triple(NVPTX_TRIPLE)
    return target.create_target_machine(cpu=arch, features=f"+ptx{ptx_version}",
                                        opt=opt_level, reloc="default", codemodel="default")


def llir_to_ptx(llir: str, arch: str | None = None, ptx_version: int | str | None = None, *,
                opt_level: int = 3, isolate: bool | None = None) -> str:
    """Compile LLVM IR text for ``nvptx64-nvidia-cuda`` to PTX text.

    ``arch`` defaults to :func:`arch_of_device`; ``ptx_version`` (85 or "8.5") to
    :func:`default_ptx_version`. With ``opt_level`` > 0 LLVM's standard pipeline (with the
    NVPTX target's own passes, e.g. address-space inference) runs before code generation.
    A missing triple or data layout is filled in; a different triple is an error. Parse and
    verifier failures raise :class:`CompilationError` with LLVM's message.

    ``isolate`` (default: ``TILEDSL_PTX_ISOLATE``) runs the whole thing in a fresh Python
    process (~0.5 s more), so that the LLVM aborts no pre-check catches ("Cannot select")
    become a CompilationError carrying LLVM's message instead of ending this process.
    """
    arch = normalize_arch(arch if arch is not None else arch_of_device())
    version = (_parse_ptx_version(ptx_version) if ptx_version is not None
               else default_ptx_version(arch))
    _check_version(arch, version)
    _check_math_intrinsics(llir)
    if isolate or (isolate is None and knobs.PTX_ISOLATE.as_bool()):
        return _llir_to_ptx_isolated(llir, arch, version, int(opt_level))
    llvm = _llvm()
    with _LLVM_LOCK:
        tm = _target_machine(arch, version, max(0, min(int(opt_level), 3)))
        try:
            mod = llvm.parse_assembly(llir)
            mod.verify()
        except RuntimeError as exc:
            raise CompilationError(f"invalid LLVM IR for the ptx backend:\n{exc}") from None
        if not mod.triple:
            mod.triple = NVPTX_TRIPLE
        elif not mod.triple.startswith("nvptx64"):
            raise CompilationError(f"LLVM module targets {mod.triple!r}, not {NVPTX_TRIPLE}")
        if not mod.data_layout:
            mod.data_layout = str(tm.target_data)
        if opt_level > 0:
            pto = llvm.create_pipeline_tuning_options(speed_level=min(int(opt_level), 3))
            pb = llvm.create_pass_builder(tm, pto)
            pb.getModulePassManager().run(mod, pb)
        ptx = tm.emit_assembly(mod)
    # A misspelt intrinsic is not an error to LLVM: it becomes a call to an external
    # function, and ptxas later fails with "Parsing error near '.nvvm'". Say what happened.
    unknown = sorted(set(_EXTERN_INTRINSIC_RE.findall(ptx)))
    if unknown:
        raise CompilationError(f"LLVM does not know the intrinsic(s) {', '.join(unknown)} for "
                               f"{arch} (check the name and signature in IntrinsicsNVVM.td)")
    return ptx


# Math intrinsics LLVM 22's NVPTX backend cannot select: instead of an error it aborts or
# exits the whole process ("LLVM ERROR: Cannot select: fsin", "no libcall available for
# fexp"). Measured on sm_80/sm_90a: these families fail for every type and flag ...
_NEVER_LOWERED = {"exp", "exp10", "log", "log2", "log10", "tan", "pow", "powi", "atan2",
                  "sinh", "cosh", "asin", "acos", "atan"}
# ... these lower to the .approx instructions for f16/f32 only with the afn (or fast) flag ...
_APPROX_ONLY = {"sin", "cos", "tanh"}
# ... and exp2 lowers to ex2.approx for f16/f32, never for f64.
_MATH_CALL_RE = re.compile(r"\bcall\s+((?:[a-z]+\s+)*)(?:<[^>]*>|\w+)\s+@llvm\.(\w+)\."
                           r"((?:v\d+)?(f16|bf16|f32|f64))\(")


def _check_math_intrinsics(llir: str) -> None:
    """Refuse, with a CompilationError, the math intrinsics that would kill the process."""
    for m in _MATH_CALL_RE.finditer(llir):
        flags, name, suffix, scalar = m.group(1).split(), m.group(2), m.group(3), m.group(4)
        approx_ok = scalar in ("f16", "f32") and ({"afn", "fast"} & set(flags))
        if (name in _NEVER_LOWERED or (name in _APPROX_ONLY and not approx_ok)
                or (name == "exp2" and scalar == "f64")):
            raise CompilationError(
                f"the NVPTX backend cannot lower llvm.{name}.{suffix}"
                f"{' without the afn flag' if name in _APPROX_ONLY else ''} (LLVM would abort "
                f"the process); build it from llvm.exp2 / llvm.nvvm.lg2.approx / afn sin, cos "
                f"and tanh, or call a libdevice function")


_EXTERN_INTRINSIC_RE = re.compile(r"\.extern\s+\.func\s*(?:\([^)]*\))?\s*(llvm\.[\w.]+)")


def _llir_to_ptx_isolated(llir: str, arch: str, version: int, opt_level: int) -> str:
    code = (f"import sys; sys.path[:0] = {sys.path!r}\n"
            "from tiledsl.backends.ptx import toolchain as t\n"
            "sys.stdout.write(t.llir_to_ptx(sys.stdin.read(), sys.argv[1], int(sys.argv[2]),"
            " opt_level=int(sys.argv[3]), isolate=False))\n")
    proc = subprocess.run([sys.executable, "-c", code, arch, str(version), str(opt_level)],
                          input=llir, capture_output=True, text=True, timeout=900)
    if proc.returncode == 0:
        return proc.stdout
    err = proc.stderr.strip()
    if "CompilationError: " in err:  # an ordinary error, raised in the child
        raise CompilationError(err.split("CompilationError: ", 1)[1])
    raise CompilationError(f"LLVM's NVPTX code generation crashed (exit status "
                           f"{proc.returncode}) for {arch}:\n{err[-4000:]}")


# -- PTX text helpers -----------------------------------------------------------------------

_TARGET_RE = re.compile(r"^\s*\.target\s+([\w]+)", re.M)
_VERSION_RE = re.compile(r"^\s*\.version\s+(\d+)\.(\d+)", re.M)
_ENTRY_RE = re.compile(r"\.entry\s+([\w$]+)\s*\(([^)]*)\)", re.S)


def ptx_target(ptx: str) -> str:
    """The arch named by the PTX's ``.target`` directive (e.g. ``"sm_90a"``)."""
    m = _TARGET_RE.search(ptx)
    if not m:
        raise CompilationError("PTX has no .target directive")
    return m.group(1)


def ptx_isa_version(ptx: str) -> int:
    """The PTX ISA version (x10) of the ``.version`` directive, e.g. 85."""
    m = _VERSION_RE.search(ptx)
    if not m:
        raise CompilationError("PTX has no .version directive")
    return int(m.group(1)) * 10 + int(m.group(2))


def retarget(ptx: str, arch: str) -> str:
    """The same PTX with ``.target arch`` (and ``.version`` raised to the arch's minimum)."""
    arch = normalize_arch(arch)
    version = max(ptx_isa_version(ptx), MIN_PTX_VERSION[arch])
    ptx = _VERSION_RE.sub(f".version {version // 10}.{version % 10}", ptx, count=1)
    return _TARGET_RE.sub(f".target {arch}", ptx, count=1)


def parse_entries(ptx: str) -> dict[str, list[str]]:
    """Map each ``.entry`` kernel to its parameter types, e.g. ``{"add": [".u64", ".u32"]}``.

    Pointer parameters are reported as their storage type (``.u64``); LLVM's ``.ptr .global
    .align N`` qualifiers are dropped so golden tests check the ABI, not LLVM's decoration.
    Byte-array parameters (how LLVM passes ``half``/``bfloat``) read ``.b8[2]``.
    """
    out: dict[str, list[str]] = {}
    for m in _ENTRY_RE.finditer(ptx):
        params = [p.strip() for p in m.group(2).split(",") if p.strip()]
        out[m.group(1)] = [_param_type(p) for p in params]
    return out


def _param_type(decl: str) -> str:
    """``.param .align 2 .b8 k_p7[2]`` -> ``.b8[2]``; ``.param .u64 .ptr .global p`` -> ``.u64``."""
    tokens = decl.split()[1:]  # drop ".param"
    name = tokens.pop()
    kept, skip = [], False
    for tok in tokens:
        if skip:
            skip = False
        elif tok == ".align":
            skip = True  # and its number
        elif tok not in (".ptr", ".global", ".shared", ".const", ".local"):
            kept.append(tok)
    array = re.search(r"\[\d+\]$", name)
    return kept[0] + (array.group(0) if array else "")


# -- ptxas -----------------------------------------------------------------------------------

@functools.lru_cache(maxsize=None)
def _find_ptxas(knob_value: str | None) -> str | None:
    if knob_value:
        path = Path(knob_value)
        return str(path) if path.is_file() else None
    found = shutil.which("ptxas")
    if found:
        return found
    candidates = [Path("/usr/local/cuda/bin/ptxas")]
    spec = importlib.util.find_spec("triton")  # finds the wheel without importing it
    if spec is not None and spec.submodule_search_locations:
        for root in spec.submodule_search_locations:
            candidates.append(Path(root) / "backends" / "nvidia" / "bin" / "ptxas")
    for cand in candidates:
        if cand.is_file():
            return str(cand)
    return None


def find_ptxas() -> str | None:
    """Path of the ptxas binary to use, or None (see the module docstring for the order)."""
    return _find_ptxas(knobs.PTXAS.raw())


def ptxas_available() -> bool:
    """Whether a ptxas binary was found."""
    return find_ptxas() is not None


@functools.lru_cache(maxsize=None)
def _ptxas_version(path: str) -> str:
    proc = subprocess.run([path, "--version"], capture_output=True, text=True, timeout=60)
    m = re.search(r"release\s+([\d.]+),\s*(V[\d.]+)", proc.stdout)
    return f"{m.group(1)} {m.group(2)}" if m else proc.stdout.strip().splitlines()[-1]


def ptxas_version() -> str | None:
    """ptxas' release, e.g. ``"13.0 V13.0.88"``; None without ptxas."""
    path = find_ptxas()
    return _ptxas_version(path) if path else None


class PtxasResult(NamedTuple):
    """A cubin and ptxas' ``-v`` report (registers, spills, shared memory per kernel)."""
    cubin: bytes
    log: str


def assemble(ptx: str, arch: str | None = None, *, opt_level: int = 3,
             options: tuple[str, ...] = (), timeout: float = 600.0) -> PtxasResult:
    """Run ptxas on ``ptx`` for ``arch`` (default: the PTX's own ``.target``).

    Raises :class:`CompilationError` with ptxas' message when it rejects the PTX, and
    ``BackendUnavailableError`` when there is no ptxas.
    """
    path = find_ptxas()
    if path is None:
        from tiledsl.errors import BackendUnavailableError
        raise BackendUnavailableError(
            "ptxas not found: install the CUDA toolkit, put ptxas on PATH or set TILEDSL_PTXAS")
    arch = normalize_arch(arch if arch is not None else ptx_target(ptx))
    with tempfile.TemporaryDirectory(prefix="tiledsl-ptxas-") as tmp:
        src, dst = Path(tmp) / "kernel.ptx", Path(tmp) / "kernel.cubin"
        src.write_text(ptx)
        cmd = [path, f"-arch={arch}", f"-O{int(opt_level)}", "-v", *options,
               "-o", str(dst), str(src)]
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            raise CompilationError(f"ptxas ({arch}) took longer than {timeout:.0f} s") from None
        log = (proc.stdout + proc.stderr).replace(str(src), "<ptx>").replace(tmp, "<tmp>")
        if proc.returncode != 0 or not dst.is_file():
            raise CompilationError(f"ptxas rejected the PTX for {arch}:\n{log.strip()}")
        return PtxasResult(dst.read_bytes(), log)


_INFO_FN_RE = re.compile(r"(?:Compiling entry function|Function properties for) '?([\w$]+)'?")
_INFO_NUM_RE = re.compile(r"(\d+) bytes (stack frame|spill stores|spill loads)"
                          r"|Used (\d+) registers|(\d+) bytes smem")


def parse_ptxas_log(log: str) -> dict[str, dict[str, int]]:
    """Per kernel: ``registers``, ``stack``, ``spill_stores``, ``spill_loads``, ``smem`` bytes.

    Read from ptxas' ``-v`` report (:attr:`PtxasResult.log`), for perf reports and for tests
    that want to see that a kernel does not spill.
    """
    out: dict[str, dict[str, int]] = {}
    current = None
    for line in log.splitlines():
        m = _INFO_FN_RE.search(line)
        if m:
            current = out.setdefault(m.group(1), {})
            continue
        if current is None:
            continue
        for num, what, regs, smem in _INFO_NUM_RE.findall(line):
            if regs:
                current["registers"] = int(regs)
            elif smem:
                current["smem"] = int(smem)
            else:
                current[{"stack frame": "stack"}.get(what, what.replace(" ", "_"))] = int(num)
    return out


def ptxas(ptx: str, arch: str | None = None, **kwargs) -> bytes:
    """The cubin ptxas makes of ``ptx`` for ``arch``; see :func:`assemble` for errors."""
    return assemble(ptx, arch, **kwargs).cubin


def validate(code: str, archs=("sm_80", "sm_90a")) -> dict[str, str]:
    """Check that ``code`` assembles for every arch in ``archs``; return ptxas' log per arch.

    ``code`` is LLVM IR (lowered for each arch in turn) or PTX. PTX is assembled for each
    arch after :func:`retarget`, so the check asks "is this instruction stream legal on
    sm_80 as well as on sm_90a", which is what CI wants from a lowering that claims to work
    on both. The first failure raises :class:`CompilationError` naming the arch.
    """
    is_ptx = _TARGET_RE.search(code) is not None and _VERSION_RE.search(code) is not None
    logs = {}
    for arch in archs:
        arch = normalize_arch(arch)
        ptx = retarget(code, arch) if is_ptx else llir_to_ptx(code, arch)
        logs[arch] = assemble(ptx, arch).log
    return logs


def compiler_fingerprint() -> tuple:
    """Versions that change the PTX or cubin we produce, for cache keys."""
    import llvmlite
    llvm = _llvm()
    return ("llvmlite", llvmlite.__version__, "llvm", tuple(llvm.llvm_version_info),
            "ptxas", ptxas_version())
