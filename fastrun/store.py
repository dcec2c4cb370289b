"""The FastRun cache: one SQLite file for every "which variant is fastest here" answer.

Both FastRun (algorithms of an op) and the autotuner (configs of a kernel) keep their
measurements here, one row per variant::

    timings(namespace, device, key, variant) -> version, median, spread, n, workspace,
                                                reproducible, status, reason, lib, created

``namespace`` is ``"op:<op>"`` for FastRun and ``"autotune:<kernel>"`` for the autotuner;
``device`` is a ``Fingerprint.id``; ``key`` the problem key. The whole ranked list is stored,
rejected candidates included (status ``rejected``/``error``/``skipped`` with the reason), so
changing the filters (reproducible, workspace limit) needs no new search, and an upgrade that
changes one algorithm's version re-profiles that algorithm alone.

Robustness, because users' complaints about cuDNN/MIOpen/MegEngine caches are the spec:

- many processes: WAL journal, a busy timeout, ``BEGIN IMMEDIATE`` writes with retries, and
  upserts, so concurrent writers never lose each other's rows;
- bad files: a file that is not SQLite, truncated, corrupt, another program's database
  (``PRAGMA application_id``) or an older schema is renamed aside (``<file>.bad-<time>-<pid>``)
  with a ``FastRunCacheWarning`` and rebuilt; a file from a *newer* schema is left alone and
  this process works in memory. Opening and repairing happen under a lock file, so two
  processes never both "repair" the same file;
- a database error at run time (disk full, file replaced under us) warns, repairs once, and
  otherwise degrades to an in-memory store: a cache problem never crashes a user's program.

Pass ``":memory:"`` as the path for a private, throw-away store.
"""
from __future__ import annotations

import contextlib
import json
import math
import os
import sqlite3
import threading
import time
import warnings
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from tiledsl import knobs

from .fingerprint import Fingerprint, library_version

SCHEMA_VERSION = 1
APPLICATION_ID = 0x74465231  # "tFR1": marks the file as ours in the SQLite header
_MAGIC = b"SQLite format 3\x00"
EXPORT_FORMAT = "tiledsl-fastrun"


class FastRunCacheWarning(UserWarning):
    """The cache file was unusable and has been set aside, or a cache write failed."""


@dataclass
class Timing:
    """One variant's measurement (or why it was not measured)."""
    variant: str
    median: float = math.inf  # seconds per call
    spread: float = 0.0       # relative: interquartile range / median
    n: int = 0                # timed samples
    version: str = ""
    workspace: int = 0
    reproducible: bool = True
    status: str = "ok"        # ok | rejected | error | skipped
    reason: str = ""
    lib: str = ""
    created: float = 0.0

    @property
    def ok(self) -> bool:
        return self.status == "ok" and math.isfinite(self.median) and self.median > 0


_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS devices (id TEXT PRIMARY KEY, type_id TEXT, label TEXT,
                                    fields TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS problems (namespace TEXT, key TEXT, problem TEXT,
                                     PRIMARY KEY (namespace, key));
CREATE TABLE IF NOT EXISTS timings (
    namespace TEXT NOT NULL, device TEXT NOT NULL, key TEXT NOT NULL, variant TEXT NOT NULL,
    version TEXT, median REAL, spread REAL, n INTEGER, workspace INTEGER,
    reproducible INTEGER, status TEXT, reason TEXT, lib TEXT, created REAL,
    PRIMARY KEY (namespace, device, key, variant));
CREATE TABLE IF NOT EXISTS calls (
    workload TEXT NOT NULL, namespace TEXT NOT NULL, key TEXT NOT NULL, device TEXT NOT NULL,
    count INTEGER, first_seen REAL, last_seen REAL,
    PRIMARY KEY (workload, namespace, key, device));
CREATE TABLE IF NOT EXISTS claims (
    namespace TEXT NOT NULL, device TEXT NOT NULL, key TEXT NOT NULL, host TEXT, pid INTEGER,
    created REAL, PRIMARY KEY (namespace, device, key));
"""

_TIMING_COLS = ("version", "median", "spread", "n", "workspace", "reproducible", "status",
                "reason", "lib", "created")


def default_path() -> Path:
    """``TILEDSL_FASTRUN_CACHE``, else ``<TILEDSL_CACHE_DIR or ~/.cache/tiledsl>/fastrun.sqlite3``."""
    raw = knobs.FASTRUN_CACHE.raw()
    return Path(raw).expanduser() if raw else knobs.cache_dir() / "fastrun.sqlite3"


@contextlib.contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    """An exclusive advisory lock next to the cache (POSIX); a no-op where unavailable."""
    try:
        import fcntl
    except ImportError:  # Windows: SQLite's own locking still protects the data
        yield
        return
    lock_path = path.with_name(path.name + ".lock")
    with open(lock_path, "a+") as f:
        fcntl.flock(f.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f.fileno(), fcntl.LOCK_UN)


def inspect_file(path: Path) -> tuple[str, str]:
    """Classify a cache file: ``("new"|"ok"|"bad"|"newer", reason)``. Never raises."""
    try:
        if not path.exists() or path.stat().st_size == 0:
            return "new", ""
        with open(path, "rb") as f:
            head = f.read(100)
        if len(head) < 100 or not head.startswith(_MAGIC):
            return "bad", "not an SQLite database (bad or truncated header)"
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
        try:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            tables = {r[0] for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type='table'")}
            if app_id != APPLICATION_ID:
                if not tables:
                    return "new", ""
                return "bad", f"a foreign SQLite database (application_id {app_id:#x})"
            check = conn.execute("PRAGMA quick_check").fetchall()
            if [tuple(r) for r in check] != [("ok",)]:
                return "bad", f"corrupt ({'; '.join(str(r[0]) for r in check[:3])})"
            if "meta" not in tables:
                return "bad", "missing its schema"
            row = conn.execute("SELECT value FROM meta WHERE name='schema_version'").fetchone()
            version = int(row[0]) if row else -1
        finally:
            conn.close()
        if version < SCHEMA_VERSION:
            return "bad", f"schema version {version}, this tiledsl uses {SCHEMA_VERSION}"
        if version > SCHEMA_VERSION:
            return "newer", f"schema version {version} is newer than this tiledsl's " \
                            f"{SCHEMA_VERSION}"
        return "ok", ""
    except (sqlite3.DatabaseError, OSError, ValueError, TypeError) as e:
        return "bad", f"unreadable ({type(e).__name__}: {e})"


def set_aside(path: Path, reason: str) -> Path:
    """Rename a bad cache (and its -wal/-shm companions) out of the way; warn; return it."""
    stamp = time.strftime("%Y%m%dT%H%M%S")
    target = path.with_name(f"{path.name}.bad-{stamp}-{os.getpid()}")
    for suffix in ("", "-wal", "-shm"):
        src = Path(str(path) + suffix)
        if src.exists():
            with contextlib.suppress(OSError):
                os.replace(src, Path(str(target) + suffix))
    warnings.warn(f"FastRun cache {path} is {reason}; moved it to {target.name} and started "
                  f"a new one", FastRunCacheWarning, stacklevel=3)
    return target


class Store:
    """A handle on one cache file (or ``":memory:"``); safe across threads and forks.

    ``readonly=True`` opens a *system* cache (MIOpen's term: one shipped with an
    installation, e.g. searched offline for a cluster's GPU type): it is only read, and a bad
    one is ignored with a warning, never renamed.
    """

    def __init__(self, path: str | Path | None = None, *, readonly: bool = False):
        self.path = ":memory:" if str(path) == ":memory:" else Path(path or default_path())
        self.in_memory = self.path == ":memory:"
        self.readonly = readonly
        self._lock = threading.RLock()
        self._conn: sqlite3.Connection | None = None
        self._pid = -1
        self._ino: int | None = None
        self._warned: set[str] = set()

    def __repr__(self) -> str:
        return f"Store({str(self.path)!r})"

    # -- connection management -----------------------------------------------------------
    def _warn_once(self, message: str) -> None:
        if message not in self._warned:
            self._warned.add(message)
            warnings.warn(message, FastRunCacheWarning, stacklevel=4)

    def _open(self) -> sqlite3.Connection:
        if self.in_memory:
            conn = sqlite3.connect(":memory:", check_same_thread=False, isolation_level=None)
            self._init_schema(conn)
            return conn
        path = Path(self.path)
        if self.readonly:
            state, reason = inspect_file(path)
            if state != "ok":
                self._warn_once(f"FastRun system cache {path} is "
                                f"{reason or 'missing or empty'}; ignoring it")
                return self._fallback()
            try:
                return sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=60,
                                       check_same_thread=False, isolation_level=None)
            except sqlite3.DatabaseError as e:
                self._warn_once(f"FastRun system cache {path}: {e}; ignoring it")
                return self._fallback()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with _file_lock(path):
                state, reason = inspect_file(path)
                if state == "bad":
                    set_aside(path, reason)
                elif state == "newer":
                    self._warn_once(f"FastRun cache {path} has {reason}; leaving it untouched "
                                    f"and keeping this process's results in memory")
                    return self._fallback()
                conn = sqlite3.connect(str(path), timeout=60, check_same_thread=False,
                                       isolation_level=None)
                conn.execute("PRAGMA busy_timeout=60000")
                if state != "ok":
                    self._init_schema(conn)
                else:  # tables added within this schema version (claims) may be missing
                    conn.execute("CREATE TABLE IF NOT EXISTS claims (namespace TEXT NOT NULL, "
                                 "device TEXT NOT NULL, key TEXT NOT NULL, host TEXT, "
                                 "pid INTEGER, created REAL, "
                                 "PRIMARY KEY (namespace, device, key))")
                # WAL lets readers run beside one writer; it needs a local file system.
                with contextlib.suppress(sqlite3.DatabaseError):
                    conn.execute("PRAGMA journal_mode=WAL")
                conn.execute("PRAGMA synchronous=NORMAL")
                return conn
        except (OSError, sqlite3.DatabaseError) as e:
            self._warn_once(f"FastRun cache {path} cannot be used ({type(e).__name__}: {e}); "
                            f"keeping this process's results in memory")
            return self._fallback()

    def _fallback(self) -> sqlite3.Connection:
        self.in_memory = True
        conn = sqlite3.connect(":memory:", check_same_thread=False, isolation_level=None)
        self._init_schema(conn)
        return conn

    @staticmethod
    def _init_schema(conn: sqlite3.Connection) -> None:
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.execute(f"PRAGMA application_id={APPLICATION_ID}")
            # executescript() would commit the open transaction: run statements one by one.
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    conn.execute(statement)
            conn.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)",
                         (str(SCHEMA_VERSION),))
            conn.execute("INSERT OR IGNORE INTO meta VALUES ('created_by', ?)",
                         (f"tiledsl {library_version()}",))
            conn.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
            raise

    def _inode(self) -> int | None:
        try:
            return os.stat(self.path).st_ino
        except OSError:
            return None

    def _connection(self) -> sqlite3.Connection:
        if self._conn is not None and not self.in_memory and self._inode() != self._ino:
            # Another process set the file aside and rebuilt it: follow it to the new file
            # instead of writing into the old one.
            self.close()
        if self._conn is None or self._pid != os.getpid():
            # After fork a connection must not be shared with the parent: open our own.
            self._conn = self._open()
            self._pid = os.getpid()
            self._ino = None if self.in_memory else self._inode()
        return self._conn

    def close(self) -> None:
        """Close the connection (reopened on next use)."""
        with self._lock:
            if self._conn is not None and self._pid == os.getpid():
                with contextlib.suppress(sqlite3.Error):
                    self._conn.close()
            self._conn = None

    def _run(self, op: Callable[[sqlite3.Connection], Any], *, write: bool, default: Any) -> Any:
        """Run ``op`` in a transaction: retry while locked, repair once, never raise."""
        if write and self.readonly:
            return default
        with self._lock:
            repaired = False
            for attempt in range(40):
                conn = self._connection()
                try:
                    if write:
                        conn.execute("BEGIN IMMEDIATE")
                        try:
                            result = op(conn)
                            conn.execute("COMMIT")
                        except BaseException:
                            with contextlib.suppress(sqlite3.Error):
                                conn.execute("ROLLBACK")
                            raise
                        return result
                    return op(conn)
                except sqlite3.OperationalError as e:
                    if "locked" in str(e) or "busy" in str(e):
                        time.sleep(min(0.01 * (1.5 ** attempt), 1.0))
                        continue
                    error = e
                except sqlite3.DatabaseError as e:
                    error = e
                if repaired or self.in_memory or self.readonly:
                    break
                # The file went bad under us (replaced, truncated, disk trouble): reopen,
                # which re-validates under the lock and sets a bad file aside.
                repaired = True
                self.close()
            self._warn_once(f"FastRun cache {self.path}: {type(error).__name__}: {error}; "
                            f"continuing without it")
            return default

    # -- timings -------------------------------------------------------------------------
    def timings(self, namespace: str, device: str, key: str) -> dict[str, Timing]:
        """Every stored variant row of one problem on one device."""
        def op(conn):
            rows = conn.execute(
                "SELECT variant, " + ", ".join(_TIMING_COLS) + " FROM timings "
                "WHERE namespace=? AND device=? AND key=?", (namespace, device, key)).fetchall()
            return {r[0]: _row_to_timing(r) for r in rows}
        return self._run(op, write=False, default={})

    def put_timings(self, namespace: str, device: str, key: str, rows: Iterable[Timing], *,
                    problem: dict | None = None, fingerprint: Fingerprint | None = None,
                    only_newer: bool = False) -> None:
        """Upsert variant rows (one transaction). ``only_newer`` keeps newer stored rows."""
        rows = list(rows)
        lib = library_version()
        now = time.time()

        def op(conn):
            if fingerprint is not None:
                _put_device(conn, fingerprint)
            if problem is not None:
                conn.execute("INSERT OR IGNORE INTO problems VALUES (?, ?, ?)",
                             (namespace, key, json.dumps(problem, sort_keys=True)))
            cond = " WHERE excluded.created > timings.created" if only_newer else ""
            for t in rows:
                values = (t.version, _finite(t.median), float(t.spread), int(t.n),
                          int(t.workspace), int(bool(t.reproducible)), t.status, t.reason,
                          t.lib or lib, t.created or now)
                conn.execute(
                    "INSERT INTO timings VALUES (?, ?, ?, ?, " + ", ".join("?" * 10) + ") "
                    "ON CONFLICT (namespace, device, key, variant) DO UPDATE SET "
                    + ", ".join(f"{c}=excluded.{c}" for c in _TIMING_COLS) + cond,
                    (namespace, device, key, t.variant, *values))
        self._run(op, write=True, default=None)

    # -- one searcher per problem ---------------------------------------------------------
    def claim(self, namespace: str, device: str, key: str, ttl: float = 900.0) -> bool:
        """Try to become the one process that profiles this problem now.

        False when another live process holds a claim younger than ``ttl`` seconds: it is
        profiling the same problem (e.g. every rank of a data-parallel job meeting the same
        layer), and the caller should wait for its result instead of timing beside it.
        Claims of dead processes on this host, and old ones, are taken over.
        """
        if self.in_memory:
            return True
        host, pid, now = _host(), os.getpid(), time.time()

        def op(conn):
            row = conn.execute("SELECT host, pid, created FROM claims WHERE namespace=? AND "
                               "device=? AND key=?", (namespace, device, key)).fetchone()
            if row is not None:
                h, p, created = row
                mine = h == host and p == pid
                alive = (h != host or _alive(int(p or 0))) and now - float(created or 0) < ttl
                if alive and not mine:
                    return False
            conn.execute("INSERT OR REPLACE INTO claims VALUES (?, ?, ?, ?, ?, ?)",
                         (namespace, device, key, host, pid, now))
            return True
        return bool(self._run(op, write=True, default=True))

    def release(self, namespace: str, device: str, key: str) -> None:
        """Drop this process's claim on a problem."""
        self._run(lambda conn: conn.execute(
            "DELETE FROM claims WHERE namespace=? AND device=? AND key=? AND host=? AND pid=?",
            (namespace, device, key, _host(), os.getpid())), write=True, default=None)

    # -- the autotuner's view --------------------------------------------------------------
    def variant_lookup(self, namespace: str, key: str, device: str,
                       version: str | None = None) -> dict[str, tuple[float, float]]:
        """``variant -> (median seconds, relative spread)`` of measured variants.

        With ``version`` only rows recorded under that version count (e.g. a hash of the
        kernel source), so editing the kernel re-tunes it; each variant is its own row, so
        editing the config list keeps the results of the configs that stayed.
        """
        rows = self.timings(f"autotune:{namespace}" if ":" not in namespace else namespace,
                            device, key)
        return {v: (t.median, t.spread) for v, t in rows.items()
                if t.ok and (version is None or t.version == version)}

    def variant_record(self, namespace: str, key: str, device: str,
                       timings: dict[str, Any], version: str = "") -> None:
        """Store ``variant -> median`` or ``variant -> (median, spread)`` measurements."""
        rows = []
        for variant, value in timings.items():
            median, spread = (value if isinstance(value, (tuple, list)) else (value, 0.0))[:2]
            ok = median is not None and math.isfinite(median) and median > 0
            rows.append(Timing(str(variant), float(median) if ok else math.inf, float(spread),
                               1, version, status="ok" if ok else "error",
                               reason="" if ok else "failed or invalid timing"))
        self.put_timings(f"autotune:{namespace}" if ":" not in namespace else namespace,
                         device, key, rows)

    # -- record mode ---------------------------------------------------------------------
    def add_calls(self, workload: str, calls: dict[tuple[str, str, str], tuple[dict, int]],
                  fingerprints: Iterable[Fingerprint] = ()) -> None:
        """Add call counts: ``(namespace, key, device) -> (problem json, count)``."""
        now = time.time()

        def op(conn):
            for fp in fingerprints:
                _put_device(conn, fp)
            for (namespace, key, device), (problem, count) in calls.items():
                conn.execute("INSERT OR IGNORE INTO problems VALUES (?, ?, ?)",
                             (namespace, key, json.dumps(problem, sort_keys=True)))
                conn.execute(
                    "INSERT INTO calls VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT "
                    "(workload, namespace, key, device) DO UPDATE SET "
                    "count = count + excluded.count, last_seen = excluded.last_seen",
                    (workload, namespace, key, device, int(count), now, now))
        self._run(op, write=True, default=None)

    def calls(self, workload: str | None = None, device: str | None = None) -> list[dict]:
        """Recorded calls (with their problem JSON), optionally of one workload/device."""
        def op(conn):
            sql = ("SELECT c.workload, c.namespace, c.key, c.device, c.count, p.problem "
                   "FROM calls c LEFT JOIN problems p ON p.namespace=c.namespace AND "
                   "p.key=c.key WHERE (? IS NULL OR c.workload=?) AND (? IS NULL OR c.device=?)"
                   " ORDER BY c.namespace, c.key")
            out = []
            for w, ns, k, d, n, p in conn.execute(sql, (workload, workload, device, device)):
                out.append({"workload": w, "namespace": ns, "key": k, "device": d,
                            "count": n, "problem": _loads(p)})
            return out
        return self._run(op, write=False, default=[])

    # -- inventory -----------------------------------------------------------------------
    def devices(self) -> dict[str, Fingerprint]:
        """Every device fingerprint the cache knows, by id."""
        def op(conn):
            out = {}
            for did, label, fields in conn.execute("SELECT id, label, fields FROM devices"):
                d = _loads(fields)
                if isinstance(d, dict):
                    out[did] = Fingerprint.from_dict(d, label)
            return out
        return self._run(op, write=False, default={})

    def entries(self, namespace: str | None = None,
                device: str | None = None) -> list[tuple[str, str, str]]:
        """Distinct ``(namespace, device, key)`` groups: one per cached problem."""
        def op(conn):
            return [tuple(r) for r in conn.execute(
                "SELECT DISTINCT namespace, device, key FROM timings WHERE "
                "(? IS NULL OR namespace=?) AND (? IS NULL OR device=?) ORDER BY 1, 2, 3",
                (namespace, namespace, device, device))]
        return self._run(op, write=False, default=[])

    def count_entries(self, namespace: str | None = None) -> int:
        """Number of cached problems (distinct namespace, device, key)."""
        return len(self.entries(namespace))

    def problem(self, namespace: str, key: str) -> dict | None:
        """The problem JSON stored with a key (``None`` if absent)."""
        def op(conn):
            row = conn.execute("SELECT problem FROM problems WHERE namespace=? AND key=?",
                               (namespace, key)).fetchone()
            return _loads(row[0]) if row else None
        return self._run(op, write=False, default=None)

    def delete(self, where: str, params: tuple = ()) -> int:
        """Delete timing rows matching an SQL condition (used by ``prune``); returns count."""
        def op(conn):
            return conn.execute(f"DELETE FROM timings WHERE {where}", params).rowcount
        return self._run(op, write=True, default=0)

    def vacuum(self) -> None:
        """Give freed pages back to the file system."""
        self._run(lambda conn: conn.execute("VACUUM"), write=False, default=None)

    # -- exchange ------------------------------------------------------------------------
    def export(self, device: str | None = None, namespace: str | None = None) -> dict:
        """Everything (or one device's / namespace's rows) as a JSON-able dict."""
        def op(conn):
            rows = conn.execute(
                "SELECT namespace, device, key, variant, " + ", ".join(_TIMING_COLS) +
                " FROM timings WHERE (? IS NULL OR device=?) AND (? IS NULL OR namespace=?)",
                (device, device, namespace, namespace)).fetchall()
            timings = []
            for r in rows:
                t = _row_to_timing((r[3],) + tuple(r[4:]))
                d = asdict(t)
                d["median"] = d["median"] if math.isfinite(d["median"]) else None
                d["spread"] = d["spread"] if math.isfinite(d["spread"]) else 0.0
                timings.append({"namespace": r[0], "device": r[1], "key": r[2], **d})
            used_dev = {t["device"] for t in timings}
            used_prob = {(t["namespace"], t["key"]) for t in timings}
            devices = {i: {"label": lab, "fields": _loads(f)} for i, lab, f in
                       conn.execute("SELECT id, label, fields FROM devices") if i in used_dev}
            problems = [{"namespace": ns, "key": k, "problem": _loads(p)} for ns, k, p in
                        conn.execute("SELECT namespace, key, problem FROM problems")
                        if (ns, k) in used_prob]
            calls = [dict(zip(("workload", "namespace", "key", "device", "count"), r)) for r in
                     conn.execute("SELECT workload, namespace, key, device, count FROM calls "
                                  "WHERE (? IS NULL OR device=?)", (device, device))]
            return {"format": EXPORT_FORMAT, "schema_version": SCHEMA_VERSION,
                    "library": library_version(), "exported": time.time(),
                    "devices": devices, "problems": problems, "timings": timings,
                    "calls": calls}
        return self._run(op, write=False, default={"format": EXPORT_FORMAT, "timings": []})

    def import_(self, data: dict, *, device_map: dict[str, str] | None = None) -> int:
        """Merge an ``export()`` dict: newer rows win per variant. Returns rows considered.

        ``device_map`` renames device ids on the way in (``import --retarget``). Malformed
        rows are skipped, not trusted.
        """
        if not isinstance(data, dict) or data.get("format") != EXPORT_FORMAT:
            raise ValueError("not a tiledsl FastRun export (missing format marker)")
        device_map = device_map or {}
        groups: dict[tuple[str, str, str], list[Timing]] = {}
        skipped = 0
        for row in data.get("timings", []):
            try:
                t = Timing(**{k: row[k] for k in Timing.__dataclass_fields__ if k in row})
                # Coerce every field now: a malformed value must be skipped here, not fail
                # half-way through the transaction that writes it.
                t.median = math.inf if t.median is None else float(t.median)
                t.spread = float(t.spread or 0.0)
                t.n, t.workspace = int(t.n), int(t.workspace)
                t.created = float(t.created or 0.0)
                t.reproducible = bool(t.reproducible)
                t.version, t.reason, t.lib = str(t.version), str(t.reason), str(t.lib)
                if not math.isfinite(t.spread) or t.spread < 0:
                    raise ValueError("bad spread")
                if not isinstance(t.variant, str) or t.status not in (
                        "ok", "rejected", "error", "skipped"):
                    raise ValueError(t.status)
                if t.status == "ok" and not (math.isfinite(t.median) and t.median > 0):
                    raise ValueError("bad median")
                dev = device_map.get(row["device"], row["device"])
                groups.setdefault((str(row["namespace"]), dev, str(row["key"])), []).append(t)
            except (KeyError, TypeError, ValueError):
                skipped += 1
        if skipped:
            warnings.warn(f"skipped {skipped} malformed FastRun rows", FastRunCacheWarning,
                          stacklevel=2)
        problems = {(p["namespace"], p["key"]): p["problem"]
                    for p in data.get("problems", []) if isinstance(p, dict)}
        fps = []
        for did, d in (data.get("devices") or {}).items():
            if isinstance(d, dict) and isinstance(d.get("fields"), dict) and did not in device_map:
                fps.append(Fingerprint.from_dict(d["fields"], d.get("label", "")))

        def op(conn):
            for fp in fps:
                _put_device(conn, fp)
        self._run(op, write=True, default=None)
        for (ns, dev, key), rows in groups.items():
            self.put_timings(ns, dev, key, rows, problem=problems.get((ns, key)),
                             only_newer=True)
        calls: dict[str, dict] = {}
        for c in data.get("calls", []):
            try:
                k = (c["namespace"], c["key"], device_map.get(c["device"], c["device"]))
                calls.setdefault(c["workload"], {})[k] = (problems.get(k[:2]) or {},
                                                          int(c["count"]))
            except (KeyError, TypeError, ValueError):
                continue
        for workload, per in calls.items():
            self.add_calls(workload, per)
        return sum(len(r) for r in groups.values())

    def add_device(self, fp: Fingerprint) -> None:
        """Remember a fingerprint's fields (for ``show`` and ``--retarget``)."""
        self._run(lambda conn: _put_device(conn, fp), write=True, default=None)


def _host() -> str:
    import socket
    return socket.gethostname()


def _alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    return True


def _put_device(conn: sqlite3.Connection, fp: Fingerprint) -> None:
    conn.execute("INSERT OR IGNORE INTO devices VALUES (?, ?, ?, ?)",
                 (fp.id, fp.type_id, fp.label, json.dumps(fp.as_dict(), sort_keys=True)))


def _finite(x: float) -> float | None:
    return float(x) if x is not None and math.isfinite(x) else None


def _loads(text: Any) -> Any:
    try:
        return json.loads(text) if text else None
    except (TypeError, ValueError):
        return None


def _row_to_timing(r: tuple) -> Timing:
    (variant, version, median, spread, n, ws, repro, status, reason, lib, created) = r
    try:
        median = float(median) if median is not None else math.inf
    except (TypeError, ValueError):  # a damaged value must not win: treat it as unmeasured
        median, status = math.inf, "error"
    return Timing(str(variant), median, float(spread or 0.0), int(n or 0), str(version or ""),
                  int(ws or 0), bool(repro), str(status or "error"), str(reason or ""),
                  str(lib or ""), float(created or 0.0))


_stores: dict[str, Store] = {}
_stores_lock = threading.Lock()


def get_store(path: str | Path | None = None) -> Store:
    """The process-wide ``Store`` for ``path`` (default: ``default_path()``)."""
    key = ":memory:" if str(path) == ":memory:" else str(Path(path or default_path()))
    with _stores_lock:
        if key not in _stores or key == ":memory:":
            _stores[key] = Store(key)
        return _stores[key]


_system: dict[str, Store] = {}


def system_stores(paths: "tuple[str, ...] | list[str]") -> list[Store]:
    """Read-only stores for ``paths`` (process-wide, opened once each)."""
    with _stores_lock:
        out = []
        for p in paths:
            if p not in _system:
                _system[p] = Store(p, readonly=True)
            out.append(_system[p])
        return out


def variant_lookup(namespace: str, key: str, device: str,
                   version: str | None = None) -> dict[str, tuple[float, float]]:
    """Module-level shortcut of ``Store.variant_lookup`` on the default store."""
    return get_store().variant_lookup(namespace, key, device, version)


def variant_record(namespace: str, key: str, device: str, timings: dict[str, Any],
                   version: str = "") -> None:
    """Module-level shortcut of ``Store.variant_record`` on the default store."""
    get_store().variant_record(namespace, key, device, timings, version)
