"""FastRun: profile every applicable algorithm per shape, keep the fastest in a file.

The kernel library registers several algorithms per op (``registry``); at a call FastRun
builds the call's ``Problem`` (op, shapes, strides, dtypes, layout, parameters), looks it up
in an SQLite cache under the device's fingerprint (``store``, ``fingerprint``), and, in
``profile`` mode on a miss, times every candidate with one profiler (``profiler``): numeric
check first, warm-up, rotated inputs, median and spread, budgets, deterministic tie-breaks.
The autotuner keeps its per-config timings in the same store (``variant_lookup`` /
``variant_record``) and times with the same profiler (``time_callable``).

Typical use::

    from tiledsl import fastrun
    y = fastrun.run("conv2d", x, w, stride=1, padding=1)       # mode from TILEDSL_FASTRUN
    with fastrun.mode("profile", reproducible=True):
        alg = fastrun.choose("matmul", args=(a, b))
    fastrun.stats()["profiles_run"]

Offline: run a workload with ``TILEDSL_FASTRUN=record``, then ``tiledsl fastrun search``;
later processes with the default ``cache`` mode find every problem and profile nothing.
"""
from __future__ import annotations

from .fingerprint import (Fingerprint, cpu_fingerprint, device_fingerprint, library_version,
                          machine_fingerprint)
from .policy import (MODES, Settings, cache_path, choose, configure, flush, mode, parse_spec,
                     reset_stats, run, settings, stats)
from .profiler import (EventTimer, ProfileOptions, Ranking, Timer, check_close, profile, rank,
                       register_timer, time_callable)
from .registry import (Algorithm, FastRunError, NoAlgorithmError, Problem, TensorSpec,
                       algorithms, candidates, define_op, register, set_heuristic, unregister)
from .store import (FastRunCacheWarning, Store, Timing, default_path, get_store,
                    variant_lookup, variant_record)

__all__ = [
    "Algorithm", "EventTimer", "FastRunCacheWarning", "FastRunError", "Fingerprint", "MODES",
    "NoAlgorithmError", "Problem", "ProfileOptions", "Ranking", "Settings", "Store",
    "TensorSpec", "Timer", "Timing", "algorithms", "cache_path", "candidates", "check_close",
    "choose", "configure", "cpu_fingerprint", "default_path", "define_op",
    "device_fingerprint", "flush", "get_store", "library_version", "machine_fingerprint", "mode",
    "parse_spec",
    "profile", "rank", "register", "register_timer", "reset_stats", "run", "set_heuristic",
    "settings", "stats", "time_callable", "unregister", "variant_lookup", "variant_record",
]
