#!/usr/bin/env bash
# GPU perf run: all suites on one H100/H200 against torch (cuBLAS/cuDNN) and Triton, within
# 8 minutes, writing results.json, results.md and PNG plots to OUTDIR.
#
#   perf/gpu_run.sh OUTDIR [extra arguments for python -m tiledsl.perf]
#
#   perf/gpu_run.sh "$OUT/perf"                      # the quick GPU sets (about 3-5 min)
#   FULL=1 perf/gpu_run.sh "$OUT/perf" gemm norms    # full sweeps of some suites
#
# It runs from the checkout without installing anything: a temporary folder of symlinks gives
# Python the `tiledsl.*` layout that pyproject.toml's package-dir mapping describes (tiledsl/
# plus frontend/, ir/, backends/, kernels/, fastrun/, perf/ as subpackages). Measuring stops
# at BUDGET_S seconds (remaining parameter sets print "skipped"), and a hard `timeout` sends
# SIGINT at HARD_S, on which the harness still writes what it measured.
set -euo pipefail

OUT=${1:?usage: perf/gpu_run.sh OUTDIR [extra args]}
shift
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PY=${PYTHON:-python3}
BUDGET_S=${BUDGET_S:-330}
HARD_S=${HARD_S:-450}

SHIM=$(mktemp -d /tmp/tiledsl-shim.XXXXXX)
trap 'rm -rf "$SHIM"' EXIT
mkdir "$SHIM/tiledsl"
for f in "$ROOT"/tiledsl/*; do
    ln -s "$f" "$SHIM/tiledsl/$(basename "$f")"
done
for d in frontend ir backends kernels fastrun perf; do
    [ -d "$ROOT/$d" ] && ln -sfn "$ROOT/$d" "$SHIM/tiledsl/$d"
done
export PYTHONPATH="$SHIM${PYTHONPATH:+:$PYTHONPATH}"
# Compiled kernels and Triton's cache go to fresh folders: a run measures this checkout.
export TILEDSL_CACHE_DIR=${TILEDSL_CACHE_DIR:-$(mktemp -d /tmp/tiledsl-cache.XXXXXX)}
export TRITON_CACHE_DIR=${TRITON_CACHE_DIR:-$(mktemp -d /tmp/triton-cache.XXXXXX)}

mkdir -p "$OUT"
nvidia-smi --query-gpu=name,driver_version,clocks.sm,clocks.max.sm,temperature.gpu,power.draw \
    --format=csv > "$OUT/nvidia-smi.csv" 2>/dev/null || true

QUICK=--quick
[ "${FULL:-0}" = 1 ] && QUICK=
cd "$ROOT"
set +e
timeout --signal=INT --kill-after=30 "$HARD_S" \
    "$PY" -m tiledsl.perf --device gpu $QUICK --budget "$BUDGET_S" --out "$OUT" "$@" \
    2>&1 | tee "$OUT/console.txt"
rc=${PIPESTATUS[0]}
set -e
echo "gpu_run.sh: exit $rc; outputs in $OUT:"
ls "$OUT"
if ! ls "$OUT"/*.png >/dev/null 2>&1; then
    echo "no plots here (matplotlib missing?): run 'python -m tiledsl.perf --replot $OUT'" \
         "on a machine with matplotlib"
fi
exit "$rc"
