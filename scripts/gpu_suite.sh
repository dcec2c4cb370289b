#!/usr/bin/env bash
# The test suite on the ptx backend, run on the GPU machine (the device tool's machine):
#
#   OUT=/some/dir bash scripts/gpu_suite.sh                 # facts, smoke+overhead, suite, tutorials
#   TESTS="tests/test_lang_dot.py" bash scripts/gpu_suite.sh -k bf16   # extra args go to pytest
#
# Environment: OUT (logs; default ./gpu-suite-out), BACKENDS (TILEDSL_TEST_BACKENDS, default
# interp,ptx), TESTS (pytest paths, default tests), SUITE_TIMEOUT (seconds, default 420),
# XDIST (pytest-xdist workers when installed, default 8; 0: serial),
# PYTHON (default python3), WHEELS (default .whl).
#
# Installs nothing but tiledsl itself (`pip install --no-deps -e .`, or a PYTHONPATH shim
# when pip cannot) and, only when this Python lacks them, the carried wheels the tests need
# (ml_dtypes, pytest and its dependencies, hypothesis) into a temporary folder on
# PYTHONPATH. The machine has no network: carry `.whl/` (see scripts/README.md).
#
# Writes under $OUT: facts.txt, smoke.log (a vector add checked on the GPU and the launch
# overhead per call), suite.log + suite.xml (junit), tutorials.log, summary.txt. The last
# lines printed are the summary: step exit codes, pass/fail counts and the failing tests.
set -uo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"
PY="${PYTHON:-python3}"
OUT="${OUT:-$REPO/gpu-suite-out}"
WHEELS="${WHEELS:-$REPO/.whl}"
DEPS="${TMPDIR:-/tmp}/tiledsl-suite-deps"
RUN_DIR="$DEPS/run"   # run outside the repo: its bare tiledsl/ folder would shadow the package
mkdir -p "$OUT" "$RUN_DIR"
SUMMARY="$OUT/summary.txt"
: > "$SUMMARY"
export TILEDSL_CACHE_DIR="$(mktemp -d /tmp/tiledsl-suite-cache.XXXXXX)"
export PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1

note() { echo "== gpu_suite: $*" >&2; }
step() {  # step NAME TIMEOUT CMD...: log to $OUT/NAME.log, record the exit status
    local name=$1 limit=$2
    shift 2
    note "$name ($(date -u +%H:%M:%S))"
    (cd "$RUN_DIR" && timeout "$limit" "$@") > "$OUT/$name.log" 2>&1
    local rc=$?
    tail -n 5 "$OUT/$name.log"
    echo "$name: rc=$rc" >> "$SUMMARY"
}

# -- facts -----------------------------------------------------------------------------------
{ nvidia-smi -L; "$PY" --version; "$PY" -c "import numpy, llvmlite, cupy; print('numpy', numpy.__version__, 'llvmlite', llvmlite.__version__, 'cupy', cupy.__version__)"; } > "$OUT/facts.txt" 2>&1
cat "$OUT/facts.txt"

# -- missing test dependencies from carried wheels -----------------------------------------------
missing=$("$PY" - "$WHEELS" <<'EOF'
import glob, importlib.util, os, sys
need = {"ml_dtypes", "pytest", "iniconfig", "packaging", "pluggy", "pygments", "hypothesis",
        "sortedcontainers", "_pytest"}
for wheel in sorted(glob.glob(os.path.join(sys.argv[1], "*.whl"))):
    module = os.path.basename(wheel).split("-")[0].lower()
    if module in need and importlib.util.find_spec(module) is None:
        print(wheel)
EOF
)
if [ -n "$missing" ]; then
    note "installing into $DEPS: $(for w in $missing; do basename "$w"; done | tr '\n' ' ')"
    # shellcheck disable=SC2086  # one wheel per word
    "$PY" -m pip install -q --no-index --no-deps --target "$DEPS/site" $missing \
        || note "pip could not install the carried wheels"
    export PYTHONPATH="$DEPS/site${PYTHONPATH:+:$PYTHONPATH}"
fi

# -- tiledsl itself --------------------------------------------------------------------------
if ! (cd "$RUN_DIR" && "$PY" -c "import tiledsl.backends.ptx.lower") 2>/dev/null; then
    "$PY" -m pip install -q --no-deps --no-build-isolation -e "$REPO" > "$OUT/install.log" 2>&1
fi
if ! (cd "$RUN_DIR" && "$PY" -c "import tiledsl.backends.ptx.lower") 2>/dev/null; then
    note "pip install -e failed (see install.log); using a PYTHONPATH shim"
    "$PY" - "$REPO" "$DEPS/shim" <<'EOF'
import os, sys, tomllib
repo, shim = sys.argv[1], sys.argv[2]
dirs = tomllib.load(open(os.path.join(repo, "pyproject.toml"), "rb"))["tool"]["setuptools"]["package-dir"]
top = os.path.join(shim, "tiledsl")
os.makedirs(top, exist_ok=True)
links = {n: os.path.join(repo, "tiledsl", n) for n in os.listdir(os.path.join(repo, "tiledsl"))}
for package, folder in dirs.items():
    parts = package.split(".")
    if len(parts) == 2:
        links[parts[1]] = os.path.join(repo, folder)
for name, target in links.items():
    link = os.path.join(top, name)
    if os.path.lexists(link):
        os.unlink(link)
    os.symlink(target, link)
EOF
    export PYTHONPATH="$DEPS/shim${PYTHONPATH:+:$PYTHONPATH}"
fi

# -- smoke test and launch overhead ------------------------------------------------------------
# (a file, not stdin: @tiled.jit reads the kernel's source)
cat > "$RUN_DIR/smoke.py" <<'EOF'
import statistics, time
import cupy as cp, numpy as np
import tiledsl as tiled, tiledsl.language as tl

@tiled.jit
def add(X, Y, Z, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    m = offs < n
    tl.store(Z + offs, tl.load(X + offs, mask=m) + tl.load(Y + offs, mask=m), mask=m)

n = 1_000_003
x, y = cp.random.rand(n, dtype=cp.float32), cp.random.rand(n, dtype=cp.float32)
z = cp.full(n, cp.nan, cp.float32)
add[(tiled.cdiv(n, 1024),)](x, y, z, n, BLOCK=1024)
cp.cuda.Device().synchronize()
assert cp.allclose(z, x + y), "vector add is wrong on the GPU"
print("vector add on the GPU: ok")
small = cp.ones(256, cp.float32)
call = lambda: add[(1,)](small, small, small, 256, BLOCK=256)  # noqa: E731
comp = add.warmup(small, small, small, 256, BLOCK=256, grid=(1,))
from tiledsl.backends.ptx import runtime
lau = runtime.load_compiled(comp)
raw = lambda: lau.run((1, 1, 1), [small, small, small, 256])  # noqa: E731
ker = cp.ElementwiseKernel("float32 x", "float32 y", "y = x", "copy1")
cupy_call = lambda: ker(small, small)  # noqa: E731
for name, fn in (("kernel[grid](...)", call), ("launcher.run", raw), ("cupy ElementwiseKernel", cupy_call)):
    fn(); cp.cuda.Device().synchronize()
    runs = []
    for _ in range(5):
        t = time.perf_counter()
        for _ in range(2000):
            fn()
        cp.cuda.Device().synchronize()
        runs.append((time.perf_counter() - t) / 2000 * 1e6)
    print(f"launch overhead, {name}: {statistics.median(runs):.2f} us/call (median of 5 x 2000)")

# one GEMM number (not a sweep): the tutorial kernel, fp16, fixed 64x64x32 blocks, 4 warps
from tiledsl.kernels.tutorials import matmul as mm
M = N = K = 2048
a, b = (cp.random.standard_normal((M, K)).astype(cp.float16) for _ in range(2))
c = cp.full((M, N), cp.nan, cp.float16)
grid = (tiled.cdiv(M, 64) * tiled.cdiv(N, 64),)
gemm = lambda: mm.matmul_kernel.fn[grid](a, b, c, M, N, K, K, 1, N, 1, N, 1, BLOCK_SIZE_M=64,  # noqa: E731
                                         BLOCK_SIZE_N=64, BLOCK_SIZE_K=32, GROUP_SIZE_M=8,
                                         ACTIVATION="", num_warps=4)
gemm()
ref = a.astype(cp.float32) @ b.astype(cp.float32)
err = float(cp.linalg.norm(c.astype(cp.float32) - ref) / cp.linalg.norm(ref))
def per_call(fn, n=10):
    fn(); cp.cuda.Device().synchronize()
    e0, e1 = cp.cuda.Event(), cp.cuda.Event()
    e0.record(); [fn() for _ in range(n)]; e1.record(); e1.synchronize()
    return cp.cuda.get_elapsed_time(e0, e1) / n / 1e3
t_ours, t_cublas = per_call(gemm), per_call(lambda: a @ b)
print(f"matmul fp16 {M}^3 (tutorial kernel, 64x64x32): rel. error {err:.1e}, "
      f"{2 * M * N * K / t_ours / 1e12:.1f} TFLOP/s vs cuBLAS {2 * M * N * K / t_cublas / 1e12:.1f}")
EOF
step smoke 150 "$PY" "$RUN_DIR/smoke.py"
cat "$OUT/smoke.log"

# -- the suite ---------------------------------------------------------------------------------
read -r -a TEST_PATHS <<< "${TESTS:-tests}"
PARALLEL=()  # pytest-xdist when this Python has it (XDIST=0 turns it off)
if [ "${XDIST:-8}" != 0 ] && "$PY" -c "import xdist" 2>/dev/null; then
    PARALLEL=(-n "${XDIST:-8}")
fi
ABS_PATHS=()
for p in "${TEST_PATHS[@]}"; do ABS_PATHS+=("$REPO/$p"); done
step suite "${SUITE_TIMEOUT:-420}" env TILEDSL_TEST_BACKENDS="${BACKENDS:-interp,ptx}" \
    "$PY" -m pytest -v -o addopts= -p no:cacheprovider --rootdir "$REPO" --tb=short -rfE \
    --junitxml="$OUT/suite.xml" "${PARALLEL[@]}" "${ABS_PATHS[@]}" "$@"

# -- tutorials ---------------------------------------------------------------------------------
step tutorials 150 "$PY" - <<'EOF'
from tiledsl.kernels import tutorials
bad = 0
for name in ("vector_add", "fused_softmax", "layer_norm", "matmul", "dropout"):
    try:
        tutorials.load(name).check(backend="ptx", seed=1234)
        print(f"tutorial {name}: ok")
    except Exception as exc:  # noqa: BLE001 - report every tutorial
        bad += 1
        print(f"tutorial {name}: FAILED {type(exc).__name__}: {str(exc)[:300]}")
raise SystemExit(bad)
EOF

# -- summary -----------------------------------------------------------------------------------
"$PY" - "$OUT/suite.xml" >> "$SUMMARY" <<'EOF'
import sys, xml.etree.ElementTree as ET
try:
    root = ET.parse(sys.argv[1]).getroot()
except Exception as exc:  # noqa: BLE001
    print(f"no junit report ({exc}); the end of suite.log:")
    import os
    log = os.path.join(os.path.dirname(sys.argv[1]), "suite.log")
    print("".join(open(log, errors="replace").readlines()[-25:]) if os.path.exists(log) else "")
    raise SystemExit
cases = list(root.iter("testcase"))
failed = [c for c in cases if c.find("failure") is not None or c.find("error") is not None]
skipped = [c for c in cases if c.find("skipped") is not None]
print(f"suite: {len(cases)} tests, {len(failed)} failed, {len(skipped)} skipped")
for c in failed[:80]:
    node = c.find("failure") if c.find("failure") is not None else c.find("error")
    msg = (node.get("message") or "").splitlines()[0][:160] if node is not None else ""
    print(f"  FAIL {c.get('classname', '').split('.')[-1]}::{c.get('name')}: {msg}")
EOF
grep -h "ok\|FAILED" "$OUT/tutorials.log" >> "$SUMMARY" 2>/dev/null
grep -h "launch overhead\|vector add\|matmul fp16" "$OUT/smoke.log" >> "$SUMMARY" 2>/dev/null
echo "=================== summary ==================="
cat "$SUMMARY"
