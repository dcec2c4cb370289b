"""FastRun search-cost suite: what the first call of a new shape costs, and what it buys.

For one problem, three rows of ours:

``search``  ``fastrun.mode("force")`` with the in-process memo cleared before every sample:
            the call profiles every candidate and then runs the winner (the price of a
            cache miss in ``profile`` mode);
``cached``  ``fastrun.mode("cache")`` against the store the search just wrote, memo cleared:
            an SQLite lookup plus the call (a fresh process with a warm cache);
``memo``    the steady state: the choice is memoised in the process.

Read ``search`` against ``memo`` (the table's ratio column is against the fastest reference):
that multiple is how many ordinary calls one search costs. Each search writes into a
temporary store, never the user's cache.

Entries: conv2d shapes through ``tiledsl.kernels.conv2d(algo=None)`` (the library decides
with FastRun), and FastRun's own ``test.matmul`` op with its dummy numpy algorithms, which
exercises the search machinery before the kernel library exists.
"""
from __future__ import annotations

import importlib

from .context import scratch
from .registry import Case, Unavailable, entry


def _fastrun():
    try:
        return importlib.import_module("tiledsl.fastrun")
    except Exception as exc:  # noqa: BLE001
        raise Unavailable(f"tiledsl.fastrun: {type(exc).__name__}: {exc}") from None


def _store_path() -> str:
    return scratch("tiledsl-perf-fastrun-", ".sqlite")


def add_search_rows(case: Case, call) -> None:
    """Add ``search`` / ``cached`` / ``memo`` rows for ``call()`` (an op run through FastRun)."""
    fr = _fastrun()
    store = _store_path()
    opts = {"cache": store}

    def search():
        with fr.mode("force", **opts):
            return call()

    def cached():
        with fr.mode("cache", **opts):
            return call()

    def forget():
        fr.reset_stats(clear_memo=True)

    case.ours("search", search, setup=forget, check=False)
    case.ours("cached", cached, setup=forget, check=False)
    case.ours("memo", cached)


@entry("fastrun", "test_matmul", params=[dict(n=n) for n in (64, 256, 1024)],
       quick=[dict(n=256)], devices=("cpu",))
def test_matmul(p, ctx):
    """FastRun's dummy test.matmul algorithms (numpy): search vs cached vs memoised call."""
    import numpy as np

    fr = _fastrun()
    from tiledsl.fastrun import testing

    testing.install()
    n = p["n"]
    rng = np.random.default_rng(0)
    a = rng.standard_normal((n, n), dtype=np.float32)
    b = rng.standard_normal((n, n), dtype=np.float32)
    case = Case(flops=2.0 * n ** 3, bytes=3 * n * n * 4, rtol=1e-3, atol=1e-3 * n ** 0.5)
    add_search_rows(case, lambda: fr.run(testing.OP, a, b))
    for impl in case.impls:
        impl.backend = None                  # numpy algorithms: no tiledsl backend involved
    case.ref("numpy", lambda: a @ b)
    return case


@entry("fastrun", "conv2d", params=[dict(N=1, C=64, K=64, H=56, k=3),
                                    dict(N=1, C=256, K=256, H=14, k=3),
                                    dict(N=1, C=64, K=64, H=64, k=13)],
       quick=[dict(N=1, C=64, K=64, H=56, k=3)])
def conv2d(p, ctx):
    """Search cost of conv2d(algo=None) on a new shape, vs the memoised call and torch."""
    torch = ctx.torch
    gpu = ctx.device == "gpu"
    n = p["N"] * (8 if gpu else 1)
    dt = "float16" if gpu else "float32"
    x = ctx.randn(n, p["C"], p["H"], p["H"], dtype=dt)
    w = ctx.randn(p["K"], p["C"], p["k"], p["k"], dtype=dt, scale=(p["C"] * p["k"] ** 2) ** -0.5)
    pad = p["k"] // 2
    flops = 2.0 * n * p["K"] * p["H"] ** 2 * p["C"] * p["k"] ** 2
    tol = 2e-2 if gpu else 1e-3
    case = Case(flops=flops, bytes=2 * ctx.nbytes(x) + ctx.nbytes(w), dtype=dt, rtol=tol,
                atol=tol)
    try:
        conv = ctx.kernel("conv2d")
        add_search_rows(case, lambda: conv(x, w, None, stride=1, padding=pad, algo=None))
    except Unavailable as exc:
        case.unavailable("search", str(exc))
    case.ref("torch", lambda: torch.nn.functional.conv2d(x, w, None, 1, pad))
    return case
