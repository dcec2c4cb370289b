"""Golden snapshots of the LLVM IR the cpu lowering emits for tiny kernels.

The kernels are the ones the tile-IR golden tests use (``ir_kernels.py``); the target is
fixed (x86-64 with AVX-512, 16 fp32 lanes) so the text does not depend on the machine.
``UPDATE_GOLDEN=1`` rewrites the snapshots under ``tests/golden/llir``; review the diff.
"""
import os
from pathlib import Path

import numpy as np
import pytest

import tiledsl as tiled
from tiledsl.backends.cpu.lower import lower
from tiledsl.backends.cpu.toolchain import TargetInfo, optimize

import ir_kernels as K

GOLDEN = Path(__file__).parent / "golden" / "llir"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"
TARGET = TargetInfo("x86_64-unknown-linux-gnu", "skylake-avx512", "+avx512f,+avx512vl")
f32 = np.float32


def _llir(kernel, *args, **constexprs) -> str:
    with tiled.backend("interp"):
        fn = kernel.warmup(*args, grid=(1,), **constexprs).ir
    text, _ = lower(fn, TARGET, debug=False)
    return text


CASES = {
    "vector_add": lambda: _llir(K.vector_add, np.zeros(4, f32), np.zeros(4, f32),
                                np.zeros(4, f32), 3, BLOCK=16),
    "row_softmax": lambda: _llir(K.row_softmax, np.zeros(4, f32), np.zeros(4, f32), 7, 3,
                                 BLOCK=32),
    "loop_sum": lambda: _llir(K.loop_sum, np.zeros(4, f32), np.zeros(4, f32), 5, BLOCK=16),
    "small_dot": lambda: _llir(K.small_dot, np.zeros(4, f32), np.zeros(4, f32),
                               np.zeros(4, f32), M=16, N=16, K=16),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden_llir(name):
    text = CASES[name]()
    path = GOLDEN / f"{name}.ll"
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    assert path.exists(), f"golden file {path} is missing (run with UPDATE_GOLDEN=1 and commit)"
    assert text == path.read_text(), f"LLVM IR of {name} changed; diff against {path}"


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden_llir_is_valid_and_optimises(name):
    """The snapshot parses, verifies and survives the -O3 pipeline for the fixed target."""
    optimize(CASES[name](), TARGET, 3)


def test_vector_add_snapshot_shape():
    """What the snapshot should show: one masked vector load per operand, no gathers."""
    text = CASES["vector_add"]()
    assert text.count("call <16 x float> @\"llvm.masked.load.v16f32.p0\"(") == 2
    assert "gather" not in text and "define i32 @\"vector_add_grid\"" in text
