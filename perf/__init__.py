"""tiledsl perf suites: tiledsl kernels timed side by side with numpy, torch, cuBLAS/cuDNN, Triton.

Run ``python -m tiledsl.perf --help``. Suites register entries with :func:`entry`; see
``registry.py`` for the API and ``docs/perf/README.md`` for how to read the results.
"""
from .registry import REGISTRY, Case, Impl, Unavailable, entry

__all__ = ["REGISTRY", "Case", "Impl", "Unavailable", "entry"]
