"""tiledsl: a Python-embedded, Triton-style tile language.

``import tiledsl as tiled``; ``import tiledsl.language as tl``; decorate kernels with
``@tiled.jit`` and launch them with ``kernel[grid](*args, **constexprs)``.
"""
__version__ = "0.1.0"

import os as _os

# In a source checkout the top-level folders (frontend/, ir/, backends/, ...) are tiledsl's
# subpackages, as pyproject's package-dir maps them on install; adding the checkout root to
# this package's path gives the same names with only PYTHONPATH set (the GPU machine runs
# the tree that way).
_root = _os.path.dirname(_os.path.dirname(_os.path.abspath(__file__)))
if _os.path.isfile(_os.path.join(_root, "ir", "ops.py")) and _root not in __path__:
    __path__.append(_root)

from .runtime.jit import jit, JITFunction
from .runtime.autotune import autotune, Config, heuristics, Autotuner
from .backends import backend, available as available_backends
from .backends.interp.memory import empty, empty_like
from . import errors, knobs, language
from .dtypes import dtype


def cdiv(x: int, y: int) -> int:
    """Ceiling division of integers."""
    return (x + y - 1) // y


def next_power_of_2(n: int) -> int:
    """The smallest power of two >= n (1 for n <= 1)."""
    n = int(n)
    return 1 if n <= 1 else 1 << (n - 1).bit_length()
