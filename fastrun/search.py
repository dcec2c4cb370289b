"""Offline search and cache maintenance: what ``tiledsl fastrun ...`` runs.

Workflow (MegEngine's "search offline, load later", cuDNN's Find done ahead of time)::

    TILEDSL_FASTRUN=record python train.py --steps 5     # records every problem it meets
    tiledsl fastrun search --budget 600                   # profiles them, resumable
    python train.py                                       # default "cache" mode: no profiling

``search()`` skips problems whose cached rows are already complete for the registered
algorithms, so an interrupted or budget-limited search resumes where it stopped.
``coverage()`` says how many of a workload's recorded calls the cache answers;
``prune()``, ``export_file()``, ``import_file()`` and ``merge()`` maintain and share caches.
"""
from __future__ import annotations

import json
import math
import sys
import time
import warnings
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TextIO

from . import registry
from .fingerprint import Fingerprint, cpu_fingerprint, device_fingerprint
from .policy import NAMESPACE, Settings, _candidates, known_rows, search_problem, settings
from .profiler import rank
from .registry import FastRunError, NoAlgorithmError, Problem
from .store import FastRunCacheWarning, Store, get_store, inspect_file


def problem_fingerprint(problem: Problem, backend: str = "cpu") -> Fingerprint:
    """The fingerprint of this machine's device for a problem's tensors (GPU if recorded so)."""
    for t in problem.tensors:
        if t.device.startswith("cuda"):
            if t.kind == "cupy":
                import cupy
                probe = cupy.empty(0)
            else:
                import torch
                probe = torch.empty(0, device=t.device)
            return device_fingerprint([probe], backend)
    return cpu_fingerprint(backend)


def is_cached(problem: Problem, device: str, store: Store, s: Settings | None = None) -> bool:
    """True when every current candidate has a valid (same-version) row and one is usable."""
    s = s or settings()
    try:
        cands = _candidates(problem.op, problem, s)
    except (NoAlgorithmError, FastRunError):  # nothing can run it, or the op is unknown here
        return False
    rows = known_rows(s, problem, device, cands, store)
    ranked = rank(list(rows.values()))
    return len(rows) == len(cands) and bool(ranked) and ranked[0].ok


def _recorded(store: Store, workload: str | None) -> list[tuple[Problem, str, int]]:
    """Distinct recorded problems: ``(problem, recorded device id, calls)``."""
    seen: dict[tuple[str, str], list] = {}
    for c in store.calls(workload):
        if not c["namespace"].startswith(NAMESPACE) or not isinstance(c["problem"], dict):
            continue
        try:
            problem = Problem.from_json(c["problem"])
        except (KeyError, TypeError, ValueError):
            continue
        k = (c["key"], c["device"])
        if k in seen:
            seen[k][2] += c["count"]
        else:
            seen[k] = [problem, c["device"], c["count"]]
    return [tuple(v) for v in seen.values()]


def _backend_of(store: Store, device: str) -> str:
    fp = store.devices().get(device)
    return str(fp.as_dict().get("backend", "cpu")) if fp else "cpu"


@dataclass
class SearchReport:
    """What ``search()`` did."""
    searched: list[str] = field(default_factory=list)
    cached: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    remaining: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def summary(self) -> str:
        return (f"searched {len(self.searched)}, already cached {len(self.cached)}, "
                f"failed {len(self.failed)}, left for later {len(self.remaining)} "
                f"({self.seconds:.1f} s)")


class Progress:
    """A one-line progress bar on a text stream (stderr by default)."""

    def __init__(self, total: int, stream: TextIO | None = None, enabled: bool = True):
        self.total, self.done, self.start = total, 0, time.monotonic()
        self.stream = stream or sys.stderr
        self.enabled = enabled

    def update(self, label: str) -> None:
        self.done += 1
        if not self.enabled:
            return
        width = 24
        filled = int(width * self.done / max(self.total, 1))
        elapsed = time.monotonic() - self.start
        eta = elapsed / self.done * (self.total - self.done) if self.done else 0.0
        line = (f"\r[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total} "
                f"{elapsed:5.1f}s eta {eta:5.1f}s {label[:60]:<60}")
        self.stream.write(line)
        self.stream.flush()

    def close(self) -> None:
        if self.enabled and self.total:
            self.stream.write("\n")
            self.stream.flush()


def search(cache: str | Path | None = None, *, workload: str | None = None,
           ops: list[str] | None = None, budget: float | None = None, force: bool = False,
           progress: bool = True, stream: TextIO | None = None,
           s: Settings | None = None) -> SearchReport:
    """Profile every recorded problem not cached yet (all of them with ``force``).

    ``budget`` (seconds) bounds the whole search: problems left over are reported in
    ``remaining`` and picked up by the next call.
    """
    s = s or settings()
    s = replace(s, cache=str(cache) if cache else s.cache)
    store = get_store(s.cache)
    report = SearchReport()
    started = time.monotonic()
    todo = [(p, d, n) for p, d, n in _recorded(store, workload) if not ops or p.op in ops]
    todo.sort(key=lambda item: (item[0].op, -item[2], item[0].key))  # hot problems first
    bar = Progress(len(todo), stream, progress)
    try:
        for problem, device, _calls in todo:
            label = problem.short()
            elapsed = time.monotonic() - started
            if budget is not None and elapsed >= budget:
                report.remaining.append(label)
                bar.update("(budget used up) " + label)
                continue
            if problem.op not in registry.ops():
                report.failed.append((label, "op not registered (import the module that "
                                             "registers it: --module)"))
                bar.update(label)
                continue
            try:
                fp = problem_fingerprint(problem, _backend_of(store, device))
                if not force and is_cached(problem, fp.id, store, s):
                    report.cached.append(label)
                    bar.update(label)
                    continue
                opts = s.options
                if budget is not None:
                    opts = replace(opts, search_budget=max(min(opts.search_budget,
                                                               budget - elapsed), 0.0))
                known = {} if force else known_rows(s, problem, fp.id,
                                                    _candidates(problem.op, problem, s))
                missing = None if force else [
                    a for a in _candidates(problem.op, problem, s) if a.name not in known]
                ns = NAMESPACE + problem.op
                if not store.claim(ns, fp.id, problem.key):
                    # Another search (or a profiling run) has it: parallel searches split
                    # the work instead of timing the same problem side by side.
                    report.remaining.append(label)
                    bar.update("(another process) " + label)
                    continue
                try:
                    ranking = search_problem(problem, fp, replace(s, options=opts),
                                             only=missing, known=known)
                finally:
                    store.release(ns, fp.id, problem.key)
                if ranking.chosen is None:
                    report.failed.append((label, "no candidate passed its check"))
                else:
                    report.searched.append(label)
            except Exception as e:  # one bad problem must not end a long offline search
                report.failed.append((label, f"{type(e).__name__}: {e}"))
            bar.update(label)
    finally:
        bar.close()
    report.seconds = time.monotonic() - started
    return report


def coverage(cache: str | Path | None = None, *, workload: str | None = None,
             s: Settings | None = None) -> dict[str, Any]:
    """How many recorded calls (and distinct problems) the cache answers, overall and per op."""
    s = s or settings()
    store = get_store(str(cache) if cache else s.cache)
    out: dict[str, Any] = {"calls": 0, "calls_hit": 0, "problems": 0, "problems_hit": 0,
                           "ops": {}, "missing": []}
    for problem, device, calls in _recorded(store, workload):
        hit = is_cached(problem, device, store, s)
        per = out["ops"].setdefault(problem.op, {"calls": 0, "calls_hit": 0})
        out["calls"] += calls
        out["problems"] += 1
        per["calls"] += calls
        if hit:
            out["calls_hit"] += calls
            out["problems_hit"] += 1
            per["calls_hit"] += calls
        else:
            out["missing"].append(problem.short())
    out["ratio"] = out["calls_hit"] / out["calls"] if out["calls"] else 1.0
    return out


def prune(cache: str | Path | None = None, *, stale: bool = True,
          older_than_days: float | None = None, device: str | None = None,
          namespace: str | None = None, vacuum: bool = True) -> int:
    """Delete rows: of algorithms whose version changed or that are gone (``stale``; only
    ops registered in this process are judged), older than ``older_than_days``, of one
    ``device`` id, or of one ``namespace``. Returns the number of rows deleted."""
    store = get_store(str(cache) if cache else None)
    deleted = 0
    if stale:
        for op in registry.ops():
            versions = {a.name: a.version for a in registry.algorithms(op)}
            rows = store.export(namespace=NAMESPACE + op)["timings"]
            for r in rows:
                if versions.get(r["variant"]) != r["version"]:
                    deleted += store.delete(
                        "namespace=? AND device=? AND key=? AND variant=?",
                        (r["namespace"], r["device"], r["key"], r["variant"]))
    if older_than_days is not None:
        deleted += store.delete("created < ?", (time.time() - older_than_days * 86400,))
    if device:
        deleted += store.delete("device=?", (device,))
    if namespace:
        deleted += store.delete("namespace=?", (namespace,))
    if vacuum and deleted:
        store.vacuum()
    return deleted


def export_file(path: str | Path, cache: str | Path | None = None, *,
                device: str | None = None, namespace: str | None = None) -> int:
    """Write the cache (or a subset) as JSON; returns the number of rows written."""
    data = get_store(str(cache) if cache else None).export(device, namespace)
    text = json.dumps(data, indent=1, sort_keys=True, allow_nan=False)
    target = Path(path)
    tmp = target.with_name(f".{target.name}.tmp")
    tmp.write_text(text)
    tmp.replace(target)  # readers never see half a file
    return len(data.get("timings", []))


def _retarget_map(data: dict) -> dict[str, str]:
    """Map exported device ids onto this machine's when the hardware type matches."""
    mapping = {}
    for did, d in (data.get("devices") or {}).items():
        if not isinstance(d, dict) or not isinstance(d.get("fields"), dict):
            continue
        theirs = Fingerprint.from_dict(d["fields"])
        fields = d["fields"]
        if fields.get("kind") == "gpu":
            try:
                import torch
                ours = device_fingerprint([torch.empty(0, device="cuda")],
                                          fields.get("backend"))
            except Exception:
                continue
        else:
            ours = cpu_fingerprint(fields.get("backend", "cpu"))
        if ours.type_id == theirs.type_id and ours.id != did:
            if ours.as_dict() != theirs.as_dict():
                warnings.warn(f"importing timings of {theirs.label} onto {ours.label}: same "
                              f"hardware type, different software versions", FastRunCacheWarning,
                              stacklevel=3)
            mapping[did] = ours.id
    return mapping


def import_file(path: str | Path, cache: str | Path | None = None, *,
                retarget: bool = False) -> int:
    """Merge a JSON export into the cache (newer rows win). With ``retarget``, rows of a
    device of the same hardware type as this machine's are filed under this machine."""
    data = json.loads(Path(path).read_text())
    store = get_store(str(cache) if cache else None)
    mapping = _retarget_map(data) if retarget else {}
    return store.import_(data, device_map=mapping)


def merge(sources: list[str | Path], cache: str | Path | None = None) -> int:
    """Merge other cache files (SQLite or JSON exports) into the cache; bad ones are skipped
    with a warning. Returns the number of rows considered."""
    store = get_store(str(cache) if cache else None)
    total = 0
    for src in sources:
        src = Path(src)
        if src.suffix == ".json":
            total += import_file(src, cache)
            continue
        state, reason = inspect_file(src)
        if state != "ok":
            warnings.warn(f"not merging {src}: {reason or 'empty or missing'}",
                          FastRunCacheWarning, stacklevel=2)
            continue
        other = Store(src)
        try:
            total += store.import_(other.export())
        finally:
            other.close()
    return total


def show(cache: str | Path | None = None, *, namespace: str | None = None,
         device: str | None = None, limit: int | None = None) -> str:
    """A readable table of the cache: per problem, the chosen variant and the runner-up."""
    store = get_store(str(cache) if cache else None)
    devices = store.devices()
    lines = [f"cache {store.path}: {store.count_entries()} problems, "
             f"{len(devices)} devices"]
    for did, fp in sorted(devices.items()):
        lines.append(f"  device {did}: {fp.label}")
    for i, (ns, dev, key) in enumerate(store.entries(namespace, device)):
        if limit is not None and i >= limit:
            lines.append("  ...")
            break
        rows = rank(list(store.timings(ns, dev, key).values()))
        prob = store.problem(ns, key)
        label = Problem.from_json(prob).short() if isinstance(prob, dict) and "op" in prob \
            else f"{ns} {key}"
        parts = []
        for r in rows[:4]:
            parts.append(f"{r.variant} {_fmt(r.median)}" if r.ok else f"{r.variant} ({r.status})")
        lines.append(f"  [{dev[:8]}] {label}: " + ", ".join(parts)
                     + (f", +{len(rows) - 4} more" if len(rows) > 4 else ""))
    return "\n".join(lines)


def _fmt(seconds: float) -> str:
    if not math.isfinite(seconds):
        return "-"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.3f} ms"
    return f"{seconds * 1e6:.1f} us"
