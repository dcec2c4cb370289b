"""The five algorithms of Triton's tutorials, written in tiledsl.

==================  ====================================================================
``vector_add``      ``z = x + y``, one masked block per program
``fused_softmax``   row-wise softmax in one pass, ``BLOCK = next_power_of_2(n_cols)``
``matmul``          grouped-ordering GEMM with ``tl.dot``, autotuned, leaky-ReLU epilogue
``dropout``         low-memory dropout: the mask is ``tl.rand(seed, offsets)``, never stored
``layer_norm``      forward (mean/rstd saved) and backward (dx, lock-guarded dW/dB partials)
==================  ====================================================================

Each module has its ``@tiled.jit`` kernels, a host wrapper for numpy arrays and torch
tensors, a numpy ``reference`` and ``check(backend=None, seed=0) -> dict``, which runs on
fresh random inputs with poisoned outputs and raises ``AssertionError`` on a mismatch.
``python -m tiledsl.kernels.tutorials.demo`` runs them all and prints errors and timings.
"""
from __future__ import annotations

import importlib

TUTORIALS = ("vector_add", "fused_softmax", "matmul", "dropout", "layer_norm")


def load(name: str):
    """The tutorial module called ``name`` (imported on first use: keeps this package cheap)."""
    if name not in TUTORIALS:
        raise KeyError(f"no tutorial {name!r}; have {', '.join(TUTORIALS)}")
    return importlib.import_module(f"{__name__}.{name}")


def check_all(backend: str | None = None, seed: int = 0) -> list[dict]:
    """Run every tutorial's ``check`` on ``backend`` (default: the ambient one)."""
    return [load(name).check(backend=backend, seed=seed) for name in TUTORIALS]
