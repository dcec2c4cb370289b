"""The PTX toolchain (backends/ptx/toolchain.py) on hand-written NVPTX LLVM IR kernels.

No GPU needed: every kernel is lowered with llvmlite's NVPTX target and assembled with
``ptxas`` for sm_80 and sm_90a. The kernels follow the kernel ABI of backends/README.md
(runtime arguments, then a ``tiledsl_status`` pointer) and are reused by test_ptx_runtime.py,
which launches them on a GPU. With ``CI=true`` a missing ptxas fails instead of skipping.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tiledsl.backends.ptx import toolchain as tc
from tiledsl.errors import BackendUnavailableError, CompilationError

REPO = Path(__file__).resolve().parents[1]
_CI = os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")
ARCHS = ("sm_80", "sm_90a")

# -- the kernels (LLVM IR as the lowering will emit it) ---------------------------------------

_SREG = """
declare i32 @llvm.nvvm.read.ptx.sreg.tid.x()
declare i32 @llvm.nvvm.read.ptx.sreg.ntid.x()
declare i32 @llvm.nvvm.read.ptx.sreg.ctaid.x()
"""

# z[i] = x[i] + y[i] for i < n; one element per thread, program instance = CTA.
VADD = _SREG + """
define ptx_kernel void @vadd(ptr addrspace(1) %x, ptr addrspace(1) %y, ptr addrspace(1) %z,
                             i32 %n, ptr addrspace(1) %tiledsl_status) {
entry:
  %tid = call i32 @llvm.nvvm.read.ptx.sreg.tid.x()
  %ntid = call i32 @llvm.nvvm.read.ptx.sreg.ntid.x()
  %cta = call i32 @llvm.nvvm.read.ptx.sreg.ctaid.x()
  %base = mul i32 %cta, %ntid
  %i = add i32 %base, %tid
  %mask = icmp slt i32 %i, %n
  br i1 %mask, label %body, label %exit
body:
  %px = getelementptr float, ptr addrspace(1) %x, i32 %i
  %py = getelementptr float, ptr addrspace(1) %y, i32 %i
  %pz = getelementptr float, ptr addrspace(1) %z, i32 %i
  %a = load float, ptr addrspace(1) %px
  %b = load float, ptr addrspace(1) %py
  %c = fadd float %a, %b
  store float %c, ptr addrspace(1) %pz
  br label %exit
exit:
  ret void
}
"""

# y = x with every CTA's block of elements reversed, through dynamic shared memory.
BLOCK_REVERSE = _SREG + """
@smem = external addrspace(3) global [0 x float], align 16
declare void @llvm.nvvm.barrier0()

define ptx_kernel void @block_reverse(ptr addrspace(1) %x, ptr addrspace(1) %y,
                                      ptr addrspace(1) %tiledsl_status) {
entry:
  %tid = call i32 @llvm.nvvm.read.ptx.sreg.tid.x()
  %ntid = call i32 @llvm.nvvm.read.ptx.sreg.ntid.x()
  %cta = call i32 @llvm.nvvm.read.ptx.sreg.ctaid.x()
  %base = mul i32 %cta, %ntid
  %i = add i32 %base, %tid
  %px = getelementptr float, ptr addrspace(1) %x, i32 %i
  %v = load float, ptr addrspace(1) %px
  %ps = getelementptr float, ptr addrspace(3) @smem, i32 %tid
  store float %v, ptr addrspace(3) %ps
  call void @llvm.nvvm.barrier0()
  %last = sub i32 %ntid, 1
  %rt = sub i32 %last, %tid
  %pr = getelementptr float, ptr addrspace(3) @smem, i32 %rt
  %w = load float, ptr addrspace(3) %pr
  %py = getelementptr float, ptr addrspace(1) %y, i32 %i
  store float %w, ptr addrspace(1) %py
  ret void
}
"""

# Two checks, as compiled device_asserts would report them: status = 1 when some x[i] < 0
# (check 0), 2 when some x[i] > 100 (check 1); first writer wins (cmpxchg from 0).
CHECKED = _SREG + """
define ptx_kernel void @checked(ptr addrspace(1) %x, i32 %n, ptr addrspace(1) %tiledsl_status) {
entry:
  %tid = call i32 @llvm.nvvm.read.ptx.sreg.tid.x()
  %ntid = call i32 @llvm.nvvm.read.ptx.sreg.ntid.x()
  %cta = call i32 @llvm.nvvm.read.ptx.sreg.ctaid.x()
  %base = mul i32 %cta, %ntid
  %i = add i32 %base, %tid
  %in = icmp slt i32 %i, %n
  br i1 %in, label %load, label %exit
load:
  %px = getelementptr float, ptr addrspace(1) %x, i32 %i
  %v = load float, ptr addrspace(1) %px
  %neg = fcmp olt float %v, 0.0
  br i1 %neg, label %fail0, label %next
fail0:
  %r0 = cmpxchg ptr addrspace(1) %tiledsl_status, i32 0, i32 1 monotonic monotonic
  br label %exit
next:
  %big = fcmp ogt float %v, 100.0
  br i1 %big, label %fail1, label %exit
fail1:
  %r1 = cmpxchg ptr addrspace(1) %tiledsl_status, i32 0, i32 2 monotonic monotonic
  br label %exit
exit:
  ret void
}
"""

# Every scalar parameter type the ABI passes, written back as doubles: checks that the
# runtime's argument packing matches the PTX parameter layout LLVM chose.
SCALARS = """
define ptx_kernel void @scalars(ptr addrspace(1) %out, i1 %b, i8 %i8, i16 %i16, i32 %i32,
                                i64 %i64, i32 %u32, half %f16, bfloat %bf16, float %f32,
                                double %f64, ptr addrspace(1) %tiledsl_status) {
entry:
  %vb = uitofp i1 %b to double
  %v8 = sitofp i8 %i8 to double
  %v16 = sitofp i16 %i16 to double
  %v32 = sitofp i32 %i32 to double
  %v64 = sitofp i64 %i64 to double
  %vu = uitofp i32 %u32 to double
  %vh = fpext half %f16 to double
  %vbf = fpext bfloat %bf16 to double
  %vf = fpext float %f32 to double
  %p1 = getelementptr double, ptr addrspace(1) %out, i32 1
  %p2 = getelementptr double, ptr addrspace(1) %out, i32 2
  %p3 = getelementptr double, ptr addrspace(1) %out, i32 3
  %p4 = getelementptr double, ptr addrspace(1) %out, i32 4
  %p5 = getelementptr double, ptr addrspace(1) %out, i32 5
  %p6 = getelementptr double, ptr addrspace(1) %out, i32 6
  %p7 = getelementptr double, ptr addrspace(1) %out, i32 7
  %p8 = getelementptr double, ptr addrspace(1) %out, i32 8
  %p9 = getelementptr double, ptr addrspace(1) %out, i32 9
  store double %vb, ptr addrspace(1) %out
  store double %v8, ptr addrspace(1) %p1
  store double %v16, ptr addrspace(1) %p2
  store double %v32, ptr addrspace(1) %p3
  store double %v64, ptr addrspace(1) %p4
  store double %vu, ptr addrspace(1) %p5
  store double %vh, ptr addrspace(1) %p6
  store double %vbf, ptr addrspace(1) %p7
  store double %vf, ptr addrspace(1) %p8
  store double %f64, ptr addrspace(1) %p9
  ret void
}
"""

KERNELS = {"vadd": VADD, "block_reverse": BLOCK_REVERSE, "checked": CHECKED,
           "scalars": SCALARS}

# The ABI-level signature each kernel must have in PTX (pointers are .u64).
SIGNATURES = {
    "vadd": [".u64", ".u64", ".u64", ".u32", ".u64"],
    "block_reverse": [".u64", ".u64", ".u64"],
    "checked": [".u64", ".u32", ".u64"],
}


def need_ptxas():
    """Skip without ptxas, except on CI, where PTX must be assembled."""
    if not tc.ptxas_available():
        if _CI:
            pytest.fail("ptxas not found (CI=true: the PTX toolchain tests must run)",
                        pytrace=False)
        pytest.skip("ptxas not found")


# -- lowering ----------------------------------------------------------------------------------

@pytest.mark.parametrize("arch", ARCHS)
@pytest.mark.parametrize("name", sorted(KERNELS))
def test_lower_and_assemble(name, arch):
    need_ptxas()
    ptx = tc.llir_to_ptx(KERNELS[name], arch)
    assert tc.ptx_target(ptx) == arch
    assert tc.ptx_isa_version(ptx) == 85  # what the toolchain promises for these archs
    assert list(tc.parse_entries(ptx)) == [name]
    result = tc.assemble(ptx, arch)
    assert result.cubin[:4] == b"\x7fELF"  # a cubin is an ELF file
    assert f"Compiling entry function '{name}' for '{arch}'" in result.log


@pytest.mark.parametrize("arch", ARCHS)
def test_entry_signatures_golden(arch):
    for name, params in SIGNATURES.items():
        ptx = tc.llir_to_ptx(KERNELS[name], arch)
        assert tc.parse_entries(ptx) == {name: params}
        # The exact spelling of the first lines of the entry, as the driver sees them.
        assert f".visible .entry {name}(\n\t.param .u64 .ptr .global .align 1 {name}_param_0," \
            in ptx


def test_vadd_reads_special_registers_and_masks():
    ptx = tc.llir_to_ptx(VADD, "sm_90a")
    for reg in ("%tid.x", "%ntid.x", "%ctaid.x"):
        assert re.search(rf"mov\.u32\s+%r\d+, {re.escape(reg)};", ptx), reg
    assert re.search(r"setp\.\w+\.s32", ptx)  # the mask compare
    assert re.search(r"@%p\d+ bra", ptx)  # ... guards the loads and the store
    assert "ld.global" in ptx and "st.global" in ptx


def test_shared_memory_kernel_uses_barrier_and_dynamic_smem():
    ptx = tc.llir_to_ptx(BLOCK_REVERSE, "sm_80")
    assert ".extern .shared .align 16 .b8 smem[];" in ptx
    assert "bar.sync" in ptx
    assert "st.shared" in ptx and "ld.shared" in ptx


def test_scalar_parameter_types():
    ptx = tc.llir_to_ptx(SCALARS, "sm_90a")
    # i1 and i8 travel as bytes, half and bfloat as 2-byte arrays: the runtime's 8-byte,
    # zero-padded little-endian slots satisfy every one of these.
    assert tc.parse_entries(ptx)["scalars"] == [
        ".u64", ".u8", ".u8", ".u16", ".u32", ".u64", ".u32", ".b8[2]", ".b8[2]", ".f32",
        ".f64", ".u64"]


def test_opt_level_zero_still_assembles():
    need_ptxas()
    ptx = tc.llir_to_ptx(VADD, "sm_80", opt_level=0)
    assert tc.assemble(ptx).cubin


def test_datalayout_constant_matches_llvm():
    tm = tc._target_machine("sm_90a", 85, 3)
    assert str(tm.target_data) == tc.NVPTX_DATALAYOUT
    assert tm.triple == tc.NVPTX_TRIPLE


def test_missing_triple_is_filled_in_and_foreign_triple_rejected():
    assert "target triple" not in VADD
    assert ".entry vadd" in tc.llir_to_ptx(VADD, "sm_80")
    foreign = 'target triple = "x86_64-unknown-linux-gnu"\n' + VADD
    with pytest.raises(CompilationError, match="x86_64"):
        tc.llir_to_ptx(foreign, "sm_80")


_MMA_DECL = ("declare { float, float, float, float } @llvm.nvvm.mma.m16n8k16.row.col.{sig}("
             + ", ".join(["<2 x half>"] * 6 + ["float"] * 4) + ")\n")
_MMA_BODY = """
define ptx_kernel void @mma(ptr addrspace(1) %a, ptr addrspace(1) %c,
                            ptr addrspace(1) %tiledsl_status) {
  %tid = call i32 @llvm.nvvm.read.ptx.sreg.tid.x()
  %pa = getelementptr <2 x half>, ptr addrspace(1) %a, i32 %tid
  %v = load <2 x half>, ptr addrspace(1) %pa
  %r = call { float, float, float, float } @llvm.nvvm.mma.m16n8k16.row.col.{sig}(
      <2 x half> %v, <2 x half> %v, <2 x half> %v, <2 x half> %v, <2 x half> %v,
      <2 x half> %v, float 0.0, float 0.0, float 0.0, float 0.0)
  %r0 = extractvalue { float, float, float, float } %r, 0
  %pc = getelementptr float, ptr addrspace(1) %c, i32 %tid
  store float %r0, ptr addrspace(1) %pc
  ret void
}
"""


def _mma(sig: str) -> str:
    return _SREG + _MMA_DECL.replace("{sig}", sig) + _MMA_BODY.replace("{sig}", sig)


def test_tensor_core_mma_intrinsic_lowers_to_mma_sync():
    need_ptxas()
    ptx = tc.llir_to_ptx(_mma("f32.f32"), "sm_80")
    assert re.search(r"mma\.sync\.aligned\.m16n8k16\.row\.col\.f32\.f16\.f16\.f32", ptx)
    assert set(tc.validate(_mma("f32.f32"))) == set(ARCHS)


def test_misspelt_intrinsic_is_named():
    # "f32.f16" is not an mma signature: LLVM would emit a call to an extern function.
    with pytest.raises(CompilationError, match=r"llvm\.nvvm\.mma\.m16n8k16\.row\.col\.f32\.f16"):
        tc.llir_to_ptx(_mma("f32.f16"), "sm_80")


def test_inline_ptx_asm_is_checked_per_arch():
    need_ptxas()
    fence = """
define ptx_kernel void @fence(ptr addrspace(1) %tiledsl_status) {
  call void asm sideeffect "wgmma.fence.sync.aligned;", ""()
  ret void
}
"""
    assert "wgmma.fence.sync.aligned;" in tc.llir_to_ptx(fence, "sm_90a")
    tc.validate(fence, archs=("sm_90a",))
    with pytest.raises(CompilationError, match="not supported on .target 'sm_80'"):
        tc.validate(fence, archs=("sm_80",))


def _math(fn: str, ty: str, flags: str = "") -> str:
    lt = {"f16": "half", "f32": "float", "f64": "double"}[ty]
    args = ", ".join([f"{lt} %v"] * (2 if fn in ("pow", "atan2") else 1))
    return f"""
define ptx_kernel void @k(ptr addrspace(1) %x, ptr addrspace(1) %tiledsl_status) {{
  %v = load {lt}, ptr addrspace(1) %x
  %e = tail call {flags} {lt} @llvm.{fn}.{ty}({args})
  store {lt} %e, ptr addrspace(1) %x
  ret void
}}
"""


@pytest.mark.parametrize("fn,ty,flags", [
    ("exp", "f32", "fast"), ("log", "f32", ""), ("log2", "f16", "afn"), ("pow", "f64", ""),
    ("sin", "f32", ""), ("cos", "f64", "afn"), ("tanh", "f32", "nnan"), ("exp2", "f64", ""),
    ("atan2", "f32", "afn"),
])
def test_math_intrinsics_that_would_abort_llvm_are_refused(fn, ty, flags):
    # Unchecked, each of these ends the Python process inside LLVM (abort or exit(1)).
    with pytest.raises(CompilationError, match=rf"cannot lower llvm\.{fn}\.{ty}"):
        tc.llir_to_ptx(_math(fn, ty, flags), "sm_80")


@pytest.mark.parametrize("fn,ty,flags,instr", [
    ("exp2", "f32", "", "ex2.approx"), ("sin", "f32", "afn", "sin.approx"),
    ("cos", "f16", "fast", "cos.approx"), ("tanh", "f32", "afn", "tanh.approx"),
    ("sqrt", "f64", "", "sqrt.rn.f64"),
])
def test_math_intrinsics_that_lower(fn, ty, flags, instr):
    need_ptxas()
    ptx = tc.llir_to_ptx(_math(fn, ty, flags), "sm_80")
    assert instr in ptx
    tc.assemble(ptx, "sm_80")


def test_isolated_codegen_turns_an_llvm_abort_into_an_error(monkeypatch):
    crash = """
define ptx_kernel void @k(ptr addrspace(1) %x, ptr addrspace(1) %tiledsl_status) {
  %v = load float, ptr addrspace(1) %x
  %e = call float @llvm.experimental.constrained.sin.f32(float %v, metadata !"round.dynamic",
                                                         metadata !"fpexcept.strict")
  store float %e, ptr addrspace(1) %x
  ret void
}
"""
    with pytest.raises(CompilationError, match=r"(?s)crashed.*Cannot select"):
        tc.llir_to_ptx(crash, "sm_80", isolate=True)
    monkeypatch.setenv("TILEDSL_PTX_ISOLATE", "1")  # the knob, and a normal kernel
    assert tc.llir_to_ptx(VADD, "sm_80") == tc.llir_to_ptx(VADD, "sm_80", isolate=False)
    with pytest.raises(CompilationError, match="invalid LLVM IR"):  # errors keep their text
        tc.llir_to_ptx("define void @f( {", "sm_80")


def test_bad_llvm_ir_is_a_compilation_error():
    with pytest.raises(CompilationError) as info:
        tc.llir_to_ptx("define ptx_kernel void @f(i32 %x) {\n  ret i32 %x\n}\n", "sm_80")
    assert "invalid LLVM IR" in str(info.value)
    assert "ret" in str(info.value)  # LLVM's own message is kept


# -- architectures and versions ------------------------------------------------------------

@pytest.mark.parametrize("spelling,expected", [
    ("sm_90a", "sm_90a"), ("sm90a", "sm_90a"), ("90a", "sm_90a"), (80, "sm_80"),
    ((8, 6), "sm_86"), (" SM_100A ", "sm_100a"),
])
def test_normalize_arch(spelling, expected):
    assert tc.normalize_arch(spelling) == expected


@pytest.mark.parametrize("bad", ["sm_999", "compute_90", "gfx90a", "sm_60"])
def test_unknown_arch_rejected(bad):
    with pytest.raises(ValueError, match="unknown or unsupported PTX arch"):
        tc.normalize_arch(bad)


def test_too_old_ptx_version_raises_instead_of_aborting():
    # LLVM itself would abort the interpreter ("LLVM ERROR: PTX version 8.0 does not support
    # target 'sm_100'"); run in a subprocess so a regression cannot take pytest down with it.
    code = textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {str(REPO)!r})
        from tiledsl.backends.ptx import toolchain as tc
        from tiledsl.errors import CompilationError
        try:
            tc.llir_to_ptx({VADD!r}, "sm_100", 80)
        except CompilationError as exc:
            print("raised:", exc)
    """)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "raised: PTX ISA 8.0 cannot target sm_100" in proc.stdout


@pytest.mark.parametrize("arch,expected", [("sm_80", 85), ("sm_90a", 85), ("sm_100a", 86),
                                           ("sm_120", 87)])
def test_default_ptx_version(arch, expected, monkeypatch):
    monkeypatch.delenv("TILEDSL_PTX_VERSION", raising=False)
    assert tc.default_ptx_version(arch) == expected
    ptx = tc.llir_to_ptx(VADD, arch)
    assert tc.ptx_isa_version(ptx) == expected


def test_ptx_version_knob_and_argument(monkeypatch):
    monkeypatch.setenv("TILEDSL_PTX_VERSION", "8.7")
    assert tc.ptx_isa_version(tc.llir_to_ptx(VADD, "sm_80")) == 87
    assert tc.ptx_isa_version(tc.llir_to_ptx(VADD, "sm_80", ptx_version="8.0")) == 80
    with pytest.raises(CompilationError, match="9.0"):
        tc.llir_to_ptx(VADD, "sm_80", ptx_version=95)


def test_arch_of_device_without_gpu_uses_knob_then_default(monkeypatch):
    if tc._device_capability(-1) is not None:
        pytest.skip("a GPU is present; arch_of_device follows it")
    monkeypatch.setenv("TILEDSL_PTX_ARCH", "sm_80")
    assert tc.arch_of_device() == "sm_80"
    monkeypatch.delenv("TILEDSL_PTX_ARCH")
    assert tc.arch_of_device() == tc.DEFAULT_ARCH == "sm_90a"


# -- ptxas -------------------------------------------------------------------------------------

def test_bad_ptx_reports_ptxas_message():
    need_ptxas()
    ptx = tc.llir_to_ptx(VADD, "sm_80").replace("add.rn.f32", "add.bogus.f32")
    with pytest.raises(CompilationError) as info:
        tc.ptxas(ptx, "sm_80")
    text = str(info.value)
    assert "ptxas rejected the PTX for sm_80" in text
    assert "bogus" in text  # ptxas' own diagnostic, naming the bad modifier
    assert "<ptx>, line" in text and "tiledsl-ptxas-" not in text  # no temp paths


def test_arch_specific_ptx_does_not_assemble_for_older_arch():
    need_ptxas()
    ptx = tc.llir_to_ptx(VADD, "sm_90a")
    with pytest.raises(CompilationError, match="sm_80"):
        tc.ptxas(ptx, "sm_80")


def test_ptxas_report_is_parsed():
    need_ptxas()
    static_smem = _SREG + """
@tile = internal addrspace(3) global [256 x float] undef, align 4
define ptx_kernel void @stage(ptr addrspace(1) %x, ptr addrspace(1) %tiledsl_status) {
  %tid = call i32 @llvm.nvvm.read.ptx.sreg.tid.x()
  %p = getelementptr float, ptr addrspace(1) %x, i32 %tid
  %v = load float, ptr addrspace(1) %p
  %s = getelementptr [256 x float], ptr addrspace(3) @tile, i32 0, i32 %tid
  store volatile float %v, ptr addrspace(3) %s
  ret void
}
"""
    for arch in ARCHS:
        info = tc.parse_ptxas_log(tc.assemble(tc.llir_to_ptx(static_smem, arch), arch).log)
        assert info["stage"]["smem"] == 1024
        assert info["stage"]["registers"] > 0 and info["stage"]["spill_stores"] == 0
        vadd = tc.parse_ptxas_log(tc.assemble(tc.llir_to_ptx(VADD, arch), arch).log)["vadd"]
        assert vadd["stack"] == vadd["spill_loads"] == 0 and "smem" not in vadd


def test_validate_llir_and_ptx():
    need_ptxas()
    logs = tc.validate(VADD)
    assert set(logs) == set(ARCHS)
    assert all("Used" in log and "registers" in log for log in logs.values())
    # PTX made for sm_90a is retargeted to each arch; a plain kernel is legal on both.
    assert set(tc.validate(tc.llir_to_ptx(VADD, "sm_90a"))) == set(ARCHS)


def test_validate_catches_instruction_missing_on_an_arch():
    need_ptxas()
    # setmaxnreg exists only on sm_90a: fine there, rejected on sm_80.
    ptx = tc.llir_to_ptx(VADD, "sm_90a").replace("\tret;", "\tsetmaxnreg.inc.sync.aligned.u32 "
                                                              "232;\n\tret;", 1)
    tc.validate(ptx, archs=("sm_90a",))
    with pytest.raises(CompilationError, match="sm_80"):
        tc.validate(ptx, archs=("sm_80",))


def test_retarget_raises_version_to_arch_minimum():
    ptx = tc.llir_to_ptx(VADD, "sm_80", ptx_version=80)
    moved = tc.retarget(ptx, "sm_120a")
    assert tc.ptx_target(moved) == "sm_120a" and tc.ptx_isa_version(moved) == 87


def test_missing_ptxas_is_backend_unavailable(monkeypatch, tmp_path):
    monkeypatch.setenv("TILEDSL_PTXAS", str(tmp_path / "no-such-ptxas"))
    assert not tc.ptxas_available()
    assert tc.ptxas_version() is None
    with pytest.raises(BackendUnavailableError, match="TILEDSL_PTXAS"):
        tc.ptxas(tc.llir_to_ptx(VADD, "sm_80"), "sm_80")


def test_compiler_fingerprint_names_versions():
    fp = tc.compiler_fingerprint()
    assert fp[0] == "llvmlite" and fp[2] == "llvm" and fp[4] == "ptxas"
    if tc.ptxas_available():
        assert re.match(r"\d+\.\d+ V\d+", fp[5])
