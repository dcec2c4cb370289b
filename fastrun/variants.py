"""The autotuner's entry into the shared store and profiler.

``tiledsl.fastrun_bridge`` calls ``lookup(namespace, key)`` / ``record(namespace, key,
timings)``: plain ``variant -> median seconds`` dicts, one store row per variant.

``tiled.autotune`` picks among configs of one kernel for a key (the values of its ``key=``
arguments). It should call::

    best, timings = fastrun.variants.tune(
        namespace=kernel_name, key=key_values, device=fastrun.device_fingerprint(args),
        variants={str(cfg): (lambda cfg=cfg: launch(cfg)) for cfg in configs},
        version=source_hash_of_the_kernel)

Each config is stored as its own row (``namespace "autotune:<kernel>"``), keyed by the
config's text, so editing the config list keeps the timings of configs that stayed, and a
changed ``version`` (kernel source) re-times everything. Timing uses the same profiler
(warm-up, batched samples, median and spread) and the same deterministic tie rule as FastRun.
A variant that raises is stored as an error and never wins.
"""
from __future__ import annotations

import json
import math
from typing import Any, Callable

from .fingerprint import Fingerprint, machine_fingerprint
from .profiler import ProfileOptions, Timer, rank, time_callable
from .store import Store, Timing, get_store


def _device_id(device: Fingerprint | str | None) -> str:
    if device is None:
        return machine_fingerprint().id
    return device if isinstance(device, str) else device.id


def lookup(namespace: str, key: str, device: Fingerprint | str | None = None,
           version: str | None = None) -> dict[str, float]:
    """``variant -> median seconds`` stored for this key (``tiledsl.fastrun_bridge`` API).

    Variants that failed before come back as ``inf``, so a later process does not retry a
    config that cannot compile. ``device`` defaults to this machine (CPU plus the GPU when
    torch or cupy is loaded and sees one).
    """
    rows = get_store().timings(_namespace(namespace), _device_id(device), _key_text(key))
    return {v: (t.median if t.ok else math.inf) for v, t in rows.items()
            if version is None or t.version == version}


def record(namespace: str, key: str, timings: dict[str, float],
           device: Fingerprint | str | None = None, version: str = "") -> None:
    """Store ``variant -> median seconds`` (``inf``/NaN: the variant failed)."""
    fp = machine_fingerprint() if device is None else device
    get_store().variant_record(_namespace(namespace), _key_text(key), _device_id(fp),
                               timings, version)
    if isinstance(fp, Fingerprint):
        get_store().add_device(fp)


def _namespace(namespace: str) -> str:
    return namespace if namespace.startswith("autotune:") else f"autotune:{namespace}"


def _key_text(key: Any) -> str:
    return key if isinstance(key, str) else json.dumps(key, sort_keys=True, default=str)


def tune(namespace: str, key: Any, variants: dict[str, Callable[[], Any]], *,
         device: Fingerprint | str | None = None, version: str = "",
         options: ProfileOptions | None = None, timer: Timer | None = None,
         store: Store | None = None, force: bool = False) -> tuple[str, dict[str, Timing]]:
    """The fastest variant id and every variant's timing; measures only unknown variants.

    ``variants`` maps a stable id (e.g. ``str(config)``) to a zero-argument callable that
    runs the kernel once with that config (synchronising is the timer's job).
    """
    store = store or get_store()
    fp = device if device is not None else machine_fingerprint()
    device_id = _device_id(fp)
    ns = _namespace(namespace)
    key_text = _key_text(key)
    known = {} if force else {
        v: t for v, t in store.timings(ns, device_id, key_text).items()
        if v in variants and t.version == version}
    fresh = []
    for variant, fn in sorted(variants.items()):
        if variant in known:
            continue
        try:
            median, spread, n = time_callable(fn, options, timer)
            fresh.append(Timing(variant, median, spread, n, version))
        except Exception as e:  # a config that fails to compile or run simply cannot win
            fresh.append(Timing(variant, version=version, status="error",
                                reason=f"{type(e).__name__}: {e}"[:300]))
    if fresh:
        store.put_timings(ns, device_id, key_text, fresh,
                          fingerprint=fp if isinstance(fp, Fingerprint) else None)
    rows = {**known, **{t.variant: t for t in fresh}}
    ranked = rank(list(rows.values()))
    if not ranked or not ranked[0].ok:
        raise RuntimeError(f"autotune {namespace}: every config failed: " +
                           "; ".join(f"{t.variant}: {t.reason}" for t in ranked[:3]))
    return ranked[0].variant, rows
