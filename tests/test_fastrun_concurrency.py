"""8 processes profiling 50 distinct shapes each into one cache file lose nothing."""
from __future__ import annotations

import multiprocessing
from pathlib import Path

import tiledsl

REPO = Path(__file__).resolve().parents[1]
try:
    import tiledsl.fastrun  # noqa: F401
except ModuleNotFoundError:  # until tiledsl/__init__.py maps fastrun/ (pyproject does)
    tiledsl.__path__.append(str(REPO))

from tiledsl import fastrun  # noqa: E402
from tiledsl.fastrun import testing  # noqa: E402

WORKERS, SHAPES = 8, 50


def _worker(args: tuple[str, int]) -> dict:
    # Defined here (not only in fastrun.testing) so a spawned child imports this module,
    # and with it the import fallback above, before unpickling the call.
    cache, index = args
    return testing.record_worker(cache, index, SHAPES)


def test_concurrent_writers_lose_no_entries(tmp_path):
    cache = str(tmp_path / "shared.sqlite3")
    # Start from a damaged file: the racing processes must set it aside exactly once
    # (not once each, which would throw away each other's fresh files).
    Path(cache).write_bytes(b"not a database" * 1000)
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(WORKERS) as pool:
        results = pool.map(_worker, [(cache, i) for i in range(WORKERS)], chunksize=1)
    assert [r["profiles_run"] for r in results] == [SHAPES] * WORKERS
    aside = [p for p in tmp_path.iterdir() if ".bad-" in p.name and p.name[-4:] != "-wal"
             and p.name[-4:] != "-shm"]
    assert len(aside) == 1
    store = fastrun.Store(cache)
    assert store.count_entries("op:" + testing.OP) == WORKERS * SHAPES
    # Every entry is complete: all candidates that ran have rows, hungry's skip included.
    for ns, dev, key in store.entries()[:: 37]:
        rows = store.timings(ns, dev, key)
        assert {"numpy", "triple", "wrong", "hungry"} <= set(rows)
        assert rows["wrong"].status == "rejected"
