#!/usr/bin/env bash
# GPU check for the ptx backend, run by hand on the GPU machine (the device tool's machine):
#
#   OUT=/some/dir bash scripts/gpu_check.sh          # everything (stays under ~9 minutes)
#   OUT=/some/dir bash scripts/gpu_check.sh quick    # machine facts + the ptx runtime tests
#   bash scripts/gpu_check.sh full -k vadd           # extra arguments go to the suite's pytest
#   TB=line WORKERS=4 RUNTIME_TIMEOUT=120 SUITE_TIMEOUT=400 ...  # tracebacks, xdist workers,
#                                                   # step time limits
#
# It prints and saves under $OUT (default ./gpu-check-out):
#   nvidia-smi.txt     the GPU, driver and CUDA version as nvidia-smi reports them
#   versions.txt       python, numpy, llvmlite/LLVM, cupy, torch, triton, ptxas, driver/runtime
#   toolchain.txt      LLVM IR -> PTX -> cubin for this GPU's arch, and ptxas' -v report
#   ptx_runtime.log    tests/test_ptx_runtime.py + test_ptx_toolchain.py (GPU tests included,
#                      -s so the launch-overhead line is printed), junit XML beside it
#   suite_ptx.log      `pytest -q tests` with TILEDSL_BACKEND=ptx (full mode), junit XML beside
#   summary.txt        one line per step with its exit status
#
# Nothing is downloaded: the machine has no network. It already has python3.12, numpy,
# llvmlite, cupy-cuda13x and torch; tiledsl runs from this checkout through PYTHONPATH (no
# install). If pytest or ml_dtypes is missing, wheels found in $WHEELS (default: ./wheels or
# shared/wheels) are installed with `pip install --no-deps --no-index`; carry them if needed.
# ptxas is taken from TILEDSL_PTXAS, PATH, /usr/local/cuda/bin or triton's bundled copy; with
# none, kernels load through the driver's PTX JIT (the runtime reports "jit").
set -uo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
MODE=${1:-full}
[ $# -gt 0 ] && shift
OUT=${OUT:-$ROOT/gpu-check-out}
mkdir -p "$OUT"
PY=${PYTHON:-python3}
export PYTHONPATH="$ROOT${PYTHONPATH:+:$PYTHONPATH}"
# A private compilation cache per run: results must not depend on an earlier run's cubins.
CACHE_DIR=$(mktemp -d /tmp/tiledsl-gpu-check-cache.XXXXXX)
export TILEDSL_CACHE_DIR=$CACHE_DIR
export PYTHONDONTWRITEBYTECODE=1
# Step time limits (seconds); the device tool stops a command after 600 s.
RUNTIME_TIMEOUT=${RUNTIME_TIMEOUT:-150}
SUITE_TIMEOUT=${SUITE_TIMEOUT:-330}
SUMMARY=$OUT/summary.txt
: > "$SUMMARY"
FAILED=0

step() {  # step NAME LOGFILE CMD... : run, tee into the log, record the exit status
    local name=$1 log=$2
    shift 2
    echo
    echo "=== $name ($(date -u +%H:%M:%S)) ==="
    "$@" 2>&1 | tee "$log"
    local rc=${PIPESTATUS[0]}
    echo "$name: rc=$rc" | tee -a "$SUMMARY"
    [ "$rc" -ne 0 ] && FAILED=1
    return 0
}

# -- machine facts -------------------------------------------------------------------------
step nvidia-smi "$OUT/nvidia-smi.txt" nvidia-smi

# -- prerequisites (offline) -----------------------------------------------------------------
missing=$("$PY" - <<'EOF'
import importlib.util
print(" ".join(m for m in ("pytest", "ml_dtypes", "numpy", "llvmlite", "cupy")
               if importlib.util.find_spec(m) is None))
EOF
)
if [ -n "$missing" ]; then
    WHEELS=${WHEELS:-}
    for cand in "$ROOT/wheels" "$ROOT/shared/wheels"; do
        [ -z "$WHEELS" ] && [ -d "$cand" ] && WHEELS=$cand
    done
    echo "missing python modules: $missing"
    if [ -n "$WHEELS" ]; then
        for mod in $missing; do
            "$PY" -m pip install --quiet --no-deps --no-index --find-links "$WHEELS" \
                "${mod//_/-}" || echo "could not install $mod from $WHEELS"
        done
    else
        echo "no wheel folder (set WHEELS=...); steps needing $missing will fail"
    fi
fi

step versions "$OUT/versions.txt" "$PY" - <<'EOF'
import importlib, platform, shutil, subprocess, sys
print("python", sys.version.split()[0], platform.platform())
for name in ("numpy", "llvmlite", "ml_dtypes", "cupy", "torch", "triton", "pytest"):
    try:
        mod = importlib.import_module(name)
        print(f"{name:10s}", getattr(mod, "__version__", "?"))
    except Exception as exc:  # noqa: BLE001
        print(f"{name:10s} MISSING ({exc.__class__.__name__}: {exc})")
try:
    import llvmlite.binding as llvm
    print("LLVM      ", ".".join(map(str, llvm.llvm_version_info)))
except Exception as exc:  # noqa: BLE001
    print("LLVM       ?", exc)
try:
    import torch
    print("torch CUDA", torch.version.cuda, "available:", torch.cuda.is_available())
except Exception:  # noqa: BLE001
    pass
try:
    import cupy
    rt = cupy.cuda.runtime
    print("driver    ", rt.driverGetVersion(), "runtime", rt.runtimeGetVersion(),
          "devices", rt.getDeviceCount())
    for d in range(rt.getDeviceCount()):
        p = rt.getDeviceProperties(d)
        name = p["name"].decode() if isinstance(p["name"], bytes) else p["name"]
        print(f"device {d}: {name} cc {p['major']}.{p['minor']} "
              f"SMs {p['multiProcessorCount']} smem/block optin "
              f"{cupy.cuda.Device(d).attributes.get('MaxSharedMemoryPerBlockOptin')}")
except Exception as exc:  # noqa: BLE001
    print("cupy/CUDA ?", exc)
from tiledsl.backends.ptx import toolchain as tc
print("ptxas     ", tc.find_ptxas(), tc.ptxas_version())
print("arch      ", tc.arch_of_device(), "ptx version", tc.default_ptx_version(tc.arch_of_device()))
EOF

step toolchain "$OUT/toolchain.txt" "$PY" - <<'EOF'
import sys
sys.path.insert(0, "tests")
from test_ptx_toolchain import VADD
from tiledsl.backends.ptx import toolchain as tc
arch = tc.arch_of_device()
ptx = tc.llir_to_ptx(VADD, arch)
print(ptx)
if tc.ptxas_available():
    print(tc.assemble(ptx, arch).log)
else:
    print("no ptxas: the runtime will load PTX through the driver JIT")
EOF

# -- tests -----------------------------------------------------------------------------------
step ptx-runtime-tests "$OUT/ptx_runtime.log" timeout "$RUNTIME_TIMEOUT" \
    "$PY" -m pytest -q -rA -s -p no:cacheprovider --junitxml="$OUT/ptx_runtime.xml" \
    tests/test_ptx_runtime.py tests/test_ptx_toolchain.py

grep -ho "\(ptx launcher Python overhead\|launch overhead per call\).*" "$OUT/ptx_runtime.log" \
    | tee -a "$SUMMARY"

if [ "$MODE" = "full" ]; then
    # pytest-xdist, when installed, spreads the suite over WORKERS processes (one GPU, shared).
    PARALLEL=()
    if "$PY" -c "import xdist" 2>/dev/null; then
        PARALLEL=(-n "${WORKERS:-8}")
    fi
    step suite-ptx "$OUT/suite_ptx.log" env TILEDSL_BACKEND=ptx timeout "$SUITE_TIMEOUT" \
        "$PY" -m pytest -q -rfE --tb="${TB:-short}" -p no:cacheprovider "${PARALLEL[@]}" \
        --junitxml="$OUT/suite_ptx.xml" tests "$@"
fi

rm -rf "$CACHE_DIR"
echo
echo "=== summary (logs in $OUT) ==="
cat "$SUMMARY"
exit $FAILED
