"""The autotuner's access to the one "which variant is fastest here" store.

When ``tiledsl.fastrun`` provides its variant store, timings go there (SQLite, shared by
processes); until then they stay in this process.
"""
from __future__ import annotations

_memory: dict[tuple[str, str], dict[str, float]] = {}


def _store():
    try:
        from tiledsl.fastrun import variants
    except ImportError:
        return None
    return variants


def lookup(namespace: str, key: str) -> dict[str, float]:
    store = _store()
    if store is not None:
        return store.lookup(namespace, key)
    return dict(_memory.get((namespace, key), {}))


def record(namespace: str, key: str, timings: dict[str, float]) -> None:
    store = _store()
    if store is not None:
        store.record(namespace, key, timings)
        return
    _memory.setdefault((namespace, key), {}).update(timings)
