#!/usr/bin/env bash
# Run the OpenCL backend on the NVIDIA GPU machine (or, with `bench`, anywhere).
#
#   scripts/gpu_opencl.sh [all|setup|test|suite|bench|perf] [extra pytest args...]
#
#   setup  install the carried pyopencl wheel and register NVIDIA's OpenCL library
#   test   tests/test_opencl_runtime.py on the NVIDIA device (hand-written ABI kernels)
#   suite  the whole pytest suite with TILEDSL_BACKEND=opencl, TILEDSL_OPENCL_DEVICE=NVIDIA
#   bench  runtime numbers: build time cold vs cached, launch overhead, vector-add bandwidth
#   perf   python -m tiledsl.perf $PERF_SUITES --quick --backend opencl --device gpu
#   all    (default) setup, test, bench, suite, perf; a failing step does not stop the rest,
#          the exit status is that of the first failure
#
# The GPU machine has python3.12 and NVIDIA's libnvidia-opencl.so.1 but no pyopencl and no
# ICD file. Download the wheels on a machine with network access, into the repo's ignored
# `.whl/` folder (`/.whl/` is in .git/info/exclude), and carry that folder to the GPU machine:
#
#   python3 -m pip download --no-deps --only-binary=:all: --python-version 3.12 \
#       --implementation cp --platform manylinux_2_28_x86_64 --platform manylinux_2_27_x86_64 \
#       --platform manylinux_2_17_x86_64 --platform manylinux2014_x86_64 -d .whl \
#       pyopencl==2026.1.4 pytools==2026.1.1 platformdirs==4.14.5 siphash24==1.9 \
#       typing_extensions ml_dtypes==0.6.0 pytest==9.0.3 iniconfig packaging pluggy pygments \
#       hypothesis sortedcontainers
#
# Setup installs each carried wheel whose module the GPU machine's Python lacks. (pyopencl
# 2026.1.4 requires numpy, platformdirs>=2.2, pytools>=2025.1.6 and typing_extensions>=4.6;
# pytools requires siphash24>=1.6; tiledsl needs ml_dtypes; the tests pytest (iniconfig,
# packaging, pluggy, pygments) and hypothesis (sortedcontainers). numpy is there. The
# pyopencl wheel bundles the ocl-icd loader; setup points its OCL_ICD_VENDORS at a private
# folder holding nvidia.icd. Setting OCL_ICD_FILENAMES as well as having the same library in
# the vendors folder makes that loader report no platform at all, so only one is used.)
#
# Environment: OUT (results folder; default ./gpu_opencl_out), NVIDIA_OPENCL_LIB (default:
# found under /usr/local/nvidia/lib64 or by ldconfig), PYTHON (default python3),
# PERF_SUITES (default "launch norms"), STEP_TIMEOUT (seconds per step, default 280).
set -uo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"
PYTHON="${PYTHON:-python3}"
OUT="${OUT:-$REPO/gpu_opencl_out}"
STEP_TIMEOUT="${STEP_TIMEOUT:-280}"
DEPS="${TMPDIR:-/tmp}/tiledsl-opencl-deps"
RUN_DIR="$DEPS/run"
mkdir -p "$OUT" "$RUN_DIR"
MODE="${1:-all}"
[ $# -gt 0 ] && shift
STATUS=0

note() { echo "== gpu_opencl: $*" >&2; }

setup() {
    # Install each carried wheel whose module this Python lacks (never shadow one it has).
    local missing
    missing=$("$PYTHON" - .whl/*.whl <<'EOF'
import importlib.util, os, sys
for wheel in sys.argv[1:]:
    module = os.path.basename(wheel).split("-")[0].lower()
    if os.path.isfile(wheel) and importlib.util.find_spec(module) is None:
        print(wheel)
EOF
)
    if [ -n "$missing" ]; then
        note "installing into $DEPS: $(echo $missing | xargs -n1 basename | tr '\n' ' ')"
        mkdir -p "$DEPS"
        # Wheels are zip files; extracting them is an install as far as imports go, and
        # works where pip is missing or the system Python refuses to install.
        # shellcheck disable=SC2086  # one wheel path per word
        "$PYTHON" -m pip install --quiet --no-index --no-deps --target "$DEPS" $missing \
            2>/dev/null || "$PYTHON" - "$DEPS" $missing <<'EOF'
import sys, zipfile
for wheel in sys.argv[2:]:
    zipfile.ZipFile(wheel).extractall(sys.argv[1])
EOF
        export PYTHONPATH="$DEPS${PYTHONPATH:+:$PYTHONPATH}"
    fi
    if ! "$PYTHON" -c "import pyopencl" 2>/dev/null; then
        note "pyopencl does not import; carry a cp312 pyopencl wheel and its dependencies in" \
             ".whl/ (see the download command at the top of this script)"
        "$PYTHON" -c "import pyopencl"
        return 1
    fi
    local lib="${NVIDIA_OPENCL_LIB:-}"
    if [ -z "$lib" ]; then
        for cand in /usr/local/nvidia/lib64/libnvidia-opencl.so.1 \
                    /usr/lib/x86_64-linux-gnu/libnvidia-opencl.so.1; do
            [ -e "$cand" ] && lib="$cand" && break
        done
    fi
    [ -z "$lib" ] && lib=$(ldconfig -p 2>/dev/null | awk '/libnvidia-opencl.so.1/{print $NF; exit}')
    if [ -z "$lib" ]; then
        note "libnvidia-opencl.so.1 not found; set NVIDIA_OPENCL_LIB"
        return 1
    fi
    # An ICD file in a private vendors folder: no root needed, and it replaces (rather than
    # adds to) /etc/OpenCL/vendors, so no ICD is loaded twice (ocl-icd then finds nothing).
    mkdir -p "$DEPS/vendors"
    echo "$lib" > "$DEPS/vendors/nvidia.icd"
    export OCL_ICD_VENDORS="$DEPS/vendors"
    # libnvidia-opencl loads libcuda.so.1 from the same folder. Never add a system folder:
    # LD_LIBRARY_PATH beats RUNPATH, so a distro libpython there would replace pyenv's.
    local libdir
    libdir="$(dirname "$lib")"
    case "$libdir" in
        /lib|/lib64|/usr/lib|/usr/lib64|/lib/x86_64-linux-gnu|/usr/lib/x86_64-linux-gnu) ;;
        *) export LD_LIBRARY_PATH="$libdir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" ;;
    esac
    tiledsl_importable || return 1
    export TILEDSL_OPENCL_DEVICE="${TILEDSL_OPENCL_DEVICE:-NVIDIA}"
    export TILEDSL_CACHE_DIR="${TILEDSL_CACHE_DIR:-${TMPDIR:-/tmp}/tiledsl-cache-$$}"
    note "OpenCL platforms:"
    "$PYTHON" - <<'EOF' 2>&1 | tee "$OUT/platforms.txt"
import pyopencl as cl
for pi, p in enumerate(cl.get_platforms()):
    print(f"[{pi}] {p.name} | {p.version}")
    for di, d in enumerate(p.get_devices()):
        print(f"  [{pi}:{di}] {d.name} | {d.version} | driver {d.driver_version} | "
              f"fp16={'cl_khr_fp16' in d.extensions} fp64={'cl_khr_fp64' in d.extensions}")
EOF
}

tiledsl_importable() {
    # The repo's folders install under the tiledsl namespace (pyproject's package-dir); without
    # an (editable) install, a folder of symlinks in that shape on PYTHONPATH does the same.
    if [ -z "${TILEDSL_FORCE_SHIM:-}" ] && (cd "$RUN_DIR" && "$PYTHON" -c \
            "import tiledsl.backends.opencl" 2>/dev/null); then
        return 0  # installed (editable or not)
    fi
    local shim="$DEPS/shim"
    "$PYTHON" - "$REPO" "$shim" <<'EOF' || return 1
import os, sys, tomllib
repo, shim = sys.argv[1], sys.argv[2]
with open(os.path.join(repo, "pyproject.toml"), "rb") as f:
    dirs = tomllib.load(f)["tool"]["setuptools"]["package-dir"]
top = os.path.join(shim, "tiledsl")
os.makedirs(top, exist_ok=True)
links = {n: os.path.join(repo, "tiledsl", n) for n in os.listdir(os.path.join(repo, "tiledsl"))}
for package, folder in dirs.items():  # tiledsl.X kept somewhere else than tiledsl/X
    parts = package.split(".")
    if len(parts) == 2 and os.path.normpath(folder) != os.path.join("tiledsl", parts[1]):
        links[parts[1]] = os.path.join(repo, folder)
for name, target in links.items():
    link = os.path.join(top, name)
    if os.path.lexists(link):
        os.unlink(link)
    os.symlink(target, link)
EOF
    export PYTHONPATH="$shim${PYTHONPATH:+:$PYTHONPATH}"
    (cd "$RUN_DIR" && "$PYTHON" -c "import tiledsl.frontend, tiledsl.backends.opencl") \
        || { note "tiledsl does not import through $shim"; return 1; }
}

step() {  # step NAME CMD...: run with a time limit, log to $OUT/NAME.log, remember failures
    local name="$1"; shift
    note "$name: $*"
    # Run outside the repo: Python puts the working directory first on sys.path, and the repo's
    # bare tiledsl/ folder would shadow the namespace-mapped package.
    (cd "$RUN_DIR" && timeout "$STEP_TIMEOUT" "$@") 2>&1 | tee "$OUT/$name.log"
    local rc=${PIPESTATUS[0]}
    [ "$rc" -ne 0 ] && note "$name failed (exit $rc)" && [ "$STATUS" -eq 0 ] && STATUS=$rc
    return 0
}

bench() {
    tiledsl_importable || return 1
    step bench "$PYTHON" - <<'EOF'
"""Runtime numbers for the OpenCL backend; medians of several runs."""
import os, statistics, tempfile, time, uuid
import numpy as np
from tiledsl.backends.opencl import runtime as ocl
import pyopencl as cl, pyopencl.array as cla

os.environ["TILEDSL_CACHE_DIR"] = tempfile.mkdtemp(prefix="tiledsl-bench-")
import tiledsl.frontend
print(f"tiledsl from {os.path.dirname(tiledsl.frontend.__file__)}")
print(ocl.describe())
SRC = """__kernel void nonce_{nonce}(void) {{}}  /* a new program each time for the driver too */
__kernel void add(__global const float *x, __global const float *y, __global float *z,
                  int n, __global int *tiledsl_status) {{
    int i = get_group_id(0) * 256 + get_local_id(0);
    if (i < n) z[i] = x[i] + y[i];
}}"""
SPECS = [("x", "*fp32"), ("y", "*fp32"), ("z", "*fp32"), ("n", "int32")]
q = ocl.get_queue()
one = cla.zeros(q, 256, np.float32)

def first_launch(k):
    ocl.launch(k, (1,), 256, [one, one, one, 256], SPECS); q.finish()

cold, warm = [], []
for _ in range(5):
    src = SRC.format(nonce=uuid.uuid4().hex)  # defeats the driver's own source caches
    t = time.perf_counter(); k = ocl.build(src, "add"); first_launch(k)
    cold.append(time.perf_counter() - t)
    ocl.clear_memory_cache()
    t = time.perf_counter(); k2 = ocl.build(src, "add"); first_launch(k2)
    warm.append(time.perf_counter() - t)
    assert k.origin == "source" and k2.origin == "binary"
print(f"build+first launch: from source {statistics.median(cold)*1e3:.1f} ms, "
      f"from cached binary {statistics.median(warm)*1e3:.1f} ms (median of 5)")

def per_call(fn, n):
    runs = []
    for _ in range(5):
        t = time.perf_counter()
        for _ in range(n):
            fn()
        q.finish()
        runs.append((time.perf_counter() - t) / n * 1e6)
    return statistics.median(runs)

host = np.ones(256, np.float32)
dev_args, host_args = [one, one, one, 256], [host, host, host, 256]
checks = {"checks": [{"kind": "assert", "message": "never"}]}
rows = {
    "pyopencl arrays, async": lambda: ocl.launch(k, (1,), 256, dev_args, SPECS),
    "pyopencl arrays, wait": lambda: ocl.launch(k, (1,), 256, dev_args, SPECS).wait(),
    "pyopencl arrays + status readback": lambda: ocl.launch(k, (1,), 256, dev_args, SPECS,
                                                            checks),
    "numpy args (zero-copy or staged)": lambda: ocl.launch(k, (1,), 256, host_args, SPECS,
                                                           {"written_args": {2}}),
    "raw pyopencl enqueue, async": lambda: cl.enqueue_nd_range_kernel(q, k.cl_kernel, (256,),
                                                                      (256,)),
    "raw pyopencl set_args + enqueue, async": lambda: (
        k.cl_kernel.set_args(one.data, one.data, one.data, np.int32(256), one.data),
        cl.enqueue_nd_range_kernel(q, k.cl_kernel, (256,), (256,))),
}
k.cl_kernel.set_args(one.data, one.data, one.data, np.int32(256), one.data)
for name, fn in rows.items():
    fn(); q.finish()
    print(f"launch overhead, {name}: {per_call(fn, 300):.1f} us/call")

n = (1 << 26) if ocl.device_info().device_type == "GPU" else (1 << 22)
x, y, z = (cla.to_device(q, np.random.rand(n).astype(np.float32)) for _ in range(3))
def timed(fn):
    fn(); q.finish()
    ts = []
    for _ in range(7):
        t = time.perf_counter(); fn(); q.finish(); ts.append(time.perf_counter() - t)
    return statistics.median(ts)
t_add = timed(lambda: ocl.launch(k, (n // 256,), 256, [x, y, z, n], SPECS))
t_copy = timed(lambda: cl.enqueue_copy(q, z.data, x.data))
assert np.allclose(z.get()[:1000], x.get()[:1000])
ocl.launch(k, (n // 256,), 256, [x, y, z, n], SPECS)
assert np.allclose(z.get(), x.get() + y.get())
print(f"vector add n={n}: {3*4*n/t_add/1e9:.1f} GB/s; buffer copy {2*4*n/t_copy/1e9:.1f} GB/s "
      f"(same run); ratio {3*4*n/t_add/(2*4*n/t_copy):.2f}")
EOF
}

case "$MODE" in
    setup) setup || STATUS=$? ;;
    bench) bench || STATUS=1 ;;
    test|suite|perf|all)
        setup || { note "setup failed"; exit 1; }
        if [ "$MODE" = test ] || [ "$MODE" = all ]; then
            step test env CI=true "$PYTHON" -m pytest -q -p no:cacheprovider \
                --rootdir "$REPO" "$REPO/tests/test_opencl_runtime.py" "$@"
        fi
        [ "$MODE" = all ] && bench
        if [ "$MODE" = suite ] || [ "$MODE" = all ]; then
            # the backend-parametrised tests and the tutorials, on the NVIDIA device only
            # (the rest of the suite tests CPU-side tooling this machine does not carry)
            # shellcheck disable=SC2086  # SUITE_TESTS is a word list on purpose
            step suite env TILEDSL_BACKEND=opencl TILEDSL_TEST_BACKENDS=opencl \
                "$PYTHON" -m pytest -q -p no:cacheprovider --rootdir "$REPO" \
                ${SUITE_TESTS:-$REPO/tests/test_lang_*.py $REPO/tests/test_tutorials.py $REPO/tests/test_fuzz.py} "$@"
        fi
        if [ "$MODE" = perf ] || [ "$MODE" = all ]; then
            # shellcheck disable=SC2086  # PERF_SUITES is a word list on purpose
            step perf "$PYTHON" -m tiledsl.perf ${PERF_SUITES:-launch norms} --quick \
                --backend opencl --device gpu --no-plots --out "$OUT/perf-opencl"
        fi
        ;;
    *) echo "usage: $0 [all|setup|test|suite|bench|perf] [pytest args...]" >&2; exit 2 ;;
esac
note "results in $OUT"
exit "$STATUS"
