"""The code generator that is active on this thread, so ``tl.*`` builtins can reach it."""
from __future__ import annotations

import threading
from contextlib import contextmanager

from tiledsl.errors import CompilationError

_state = threading.local()


def current():
    """The active ``Semantic``; a clear error outside a ``@jit`` function."""
    sem = getattr(_state, "semantic", None)
    if sem is None:
        raise CompilationError(
            "tiledsl.language functions can only be called inside a @tiled.jit function")
    return sem


@contextmanager
def active(semantic):
    previous = getattr(_state, "semantic", None)
    _state.semantic = semantic
    try:
        yield semantic
    finally:
        _state.semantic = previous
