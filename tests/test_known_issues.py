"""Known bugs, kept as strict xfails: each documents a reproducer, and turns into a failure
(prompting the xfail's removal) the day the bug is fixed."""
import numpy as np
import pytest

import tiledsl as tiled
import tiledsl.language as tl
from tiledsl.errors import CompilationError


@tiled.jit
def _if_in_loop_with_big_carried_tile(Out, X, m, n, ROWS: tl.constexpr, BLOCK: tl.constexpr):
    cols = tl.arange(0, BLOCK)
    acc = tl.zeros([BLOCK], dtype=tl.float32)
    for r in range(0, ROWS):
        if r < m:
            acc += tl.load(X + r * n + cols, mask=cols < n, other=0.0)
    tl.store(Out + cols, acc, mask=cols < n)


@pytest.mark.xfail(raises=CompilationError, strict=True,
                   reason="cpu backend: an if inside a loop whose carried tile lives in stack "
                          "buffers (>= 256 fp32 lanes) emits a phi that does not dominate")
def test_cpu_if_inside_loop_with_stack_resident_tile():
    x = np.random.default_rng(0).standard_normal((8, 256)).astype(np.float32)
    out = np.zeros(256, np.float32)
    with tiled.backend("cpu"):
        _if_in_loop_with_big_carried_tile[(1,)](out, x, 5, 256, ROWS=8, BLOCK=256)
    np.testing.assert_allclose(out, x[:5].sum(0), rtol=1e-5, atol=1e-5)


def test_same_kernel_with_a_small_tile_works():
    x = np.random.default_rng(1).standard_normal((8, 64)).astype(np.float32)
    out = np.zeros(64, np.float32)
    with tiled.backend("cpu"):
        _if_in_loop_with_big_carried_tile[(1,)](out, x, 5, 64, ROWS=8, BLOCK=64)
    np.testing.assert_allclose(out, x[:5].sum(0), rtol=1e-5, atol=1e-5)
