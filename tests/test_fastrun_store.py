"""FastRun store: bad files are set aside with a warning, never a crash or a wrong choice;
export/import/merge round trips; the autotuner's per-variant rows."""
from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import warnings
from pathlib import Path

import pytest

import tiledsl

try:
    import tiledsl.fastrun  # noqa: F401
except ModuleNotFoundError:  # until tiledsl/__init__.py maps fastrun/ (pyproject does)
    tiledsl.__path__.append(str(Path(__file__).resolve().parents[1]))

from tiledsl import fastrun  # noqa: E402
from tiledsl.fastrun import registry, search, testing  # noqa: E402
from tiledsl.fastrun.profiler import ProfileOptions  # noqa: E402
from tiledsl.fastrun.store import FastRunCacheWarning, Store, Timing, inspect_file  # noqa: E402

QUICK = ProfileOptions(warmup=0, min_samples=2, max_samples=3, sample_time=1e-4,
                       candidate_budget=0.05, rotate_bytes=1)
DEV = "dev0"


@pytest.fixture(autouse=True)
def _clean():
    testing.install()
    fastrun.reset_stats()
    yield
    registry.unregister(testing.OP)


def _fill(path: Path, entries: int = 3) -> None:
    store = Store(path)
    for i in range(entries):
        store.put_timings("op:x", DEV, f"k{i}", [Timing("a", 1e-3 * (i + 1), 0.01, 5, "v1"),
                                                 Timing("b", 2e-3, 0.01, 5, "v1")],
                          problem={"i": i})
    store.close()


def _use(path: Path) -> Store:
    """Open, write and read: the store must work whatever happened to the file."""
    store = Store(path)
    store.put_timings("op:x", DEV, "new", [Timing("a", 1e-3, 0.0, 3, "v1")])
    assert store.timings("op:x", DEV, "new")["a"].median == pytest.approx(1e-3)
    return store


def _aside(path: Path) -> list[Path]:
    return sorted(p for p in path.parent.glob(path.name + ".bad-*")
                  if not p.name.endswith(("-wal", "-shm")))


def test_round_trip_and_entry_count(tmp_path):
    path = tmp_path / "c.sqlite3"
    _fill(path, 5)
    store = Store(path)
    assert store.count_entries() == 5
    rows = store.timings("op:x", DEV, "k2")
    assert rows["a"].median == pytest.approx(3e-3) and rows["b"].version == "v1"
    assert store.problem("op:x", "k2") == {"i": 2}
    assert inspect_file(path) == ("ok", "")


@pytest.mark.parametrize("damage, reason", [
    ("garbage", "not an SQLite database"),
    ("truncated", "corrupt|unreadable|bad or truncated"),
    ("foreign", "foreign SQLite database"),
    ("old", "schema version 0"),
    ("no_schema", "missing its schema"),
])
def test_bad_files_are_set_aside_and_rebuilt(tmp_path, damage, reason):
    path = tmp_path / "c.sqlite3"
    if damage == "garbage":
        path.write_bytes(b"this is not a database\n" * 500)
    elif damage == "truncated":
        _fill(path, 400)
        size = path.stat().st_size
        assert size > 16384
        with open(path, "r+b") as f:
            f.truncate(size // 2)
    elif damage == "foreign":
        conn = sqlite3.connect(path)
        conn.execute("CREATE TABLE users (name TEXT)")
        conn.commit()
        conn.close()
    elif damage == "old":
        _fill(path)
        conn = sqlite3.connect(path)
        conn.execute("UPDATE meta SET value='0' WHERE name='schema_version'")
        conn.commit()
        conn.close()
    elif damage == "no_schema":
        _fill(path)
        conn = sqlite3.connect(path)
        conn.execute("DROP TABLE meta")
        conn.commit()
        conn.close()
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    with pytest.warns(FastRunCacheWarning, match=reason):
        store = _use(path)
    moved = _aside(path)
    assert len(moved) == 1 and hashlib.sha256(moved[0].read_bytes()).hexdigest() == before
    assert store.count_entries() == 1  # rebuilt: only what was written since
    assert inspect_file(path)[0] == "ok"


def test_newer_schema_is_left_alone(tmp_path):
    path = tmp_path / "c.sqlite3"
    _fill(path)
    conn = sqlite3.connect(path)
    conn.execute("UPDATE meta SET value='99' WHERE name='schema_version'")
    conn.commit()
    conn.close()
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    with pytest.warns(FastRunCacheWarning, match="newer"):
        store = _use(path)
    assert store.in_memory and not _aside(path)
    store.close()
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_unwritable_location_degrades_to_memory(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.warns(FastRunCacheWarning, match="cannot be used"):
        store = _use(blocker / "sub" / "c.sqlite3")
    assert store.in_memory


def test_damaged_rows_never_win(tmp_path):
    path = tmp_path / "c.sqlite3"
    p = testing.problem(32, 32, 32)
    fp = fastrun.cpu_fingerprint()
    versions = {a.name: a.version for a in fastrun.algorithms(testing.OP)}
    rows = [Timing(n, 1e-3, 0.0, 5, v) for n, v in versions.items() if n != "hungry"]
    rows.append(Timing("hungry", version=versions["hungry"], status="skipped", reason="ws"))
    store = Store(path)
    store.put_timings("op:" + testing.OP, fp.id, p.key, rows)
    store.close()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE timings SET median='abc' WHERE variant='wrong'")  # garbage value
    conn.execute("UPDATE timings SET median=-1 WHERE variant='rowloop'")   # impossible value
    conn.execute("UPDATE timings SET median=1e-9, version='old' WHERE variant='triple'")
    conn.commit()
    conn.close()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with fastrun.mode("cache", cache=str(path)):
            alg = fastrun.choose(testing.OP, problem=p)
    # triple's row is from another version (stale), wrong's and rowloop's are damaged:
    # none of them may win, however fast they claim to be.
    assert alg.name not in ("wrong", "rowloop", "triple")


def test_variant_rows_are_kept_per_variant(tmp_path):
    store = Store(tmp_path / "c.sqlite3")
    store.variant_record("mm", "M=64", DEV, {"cfg1": (1e-3, 0.02), "cfg2": 2e-3,
                                             "cfg3": float("nan")}, version="src1")
    store.variant_record("mm", "M=64", DEV, {"cfg4": 0.5e-3}, version="src1")
    got = store.variant_lookup("mm", "M=64", DEV, version="src1")
    assert got == {"cfg1": (1e-3, 0.02), "cfg2": (2e-3, 0.0), "cfg4": (0.5e-3, 0.0)}
    assert store.variant_lookup("mm", "M=64", DEV, version="src2") == {}
    assert store.variant_lookup("mm", "M=128", DEV) == {}


def test_export_import_merge_round_trip(tmp_path):
    a, b, c = (tmp_path / f"{n}.sqlite3" for n in "abc")
    _fill(a, 4)
    sb = Store(b)
    sb.put_timings("op:x", DEV, "k0", [Timing("a", 9e-3, 0, 3, "v1", created=1.0)])  # older
    sb.put_timings("op:y", DEV, "only_b", [Timing("z", 1e-3, 0, 3, "v1")])
    sb.close()
    n = search.export_file(tmp_path / "a.json", a)
    data = json.loads((tmp_path / "a.json").read_text())
    assert n == 8 and data["format"] == "tiledsl-fastrun"
    assert search.import_file(tmp_path / "a.json", c) == 8
    assert Store(c).export()["timings"] == Store(a).export()["timings"]
    # merge: b's older row for k0 loses to a's newer one; b's own entry arrives.
    search.merge([a], b)
    merged = Store(b)
    assert merged.timings("op:x", DEV, "k0")["a"].median == pytest.approx(1e-3)
    assert merged.count_entries() == 5
    # merging a bad file warns and skips it
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"junk" * 100)
    with pytest.warns(FastRunCacheWarning, match="not merging"):
        search.merge([bad], b)
    with pytest.raises(ValueError, match="not a tiledsl FastRun export"):
        merged.import_({"format": "something-else"})


def test_import_skips_malformed_rows_and_retargets(tmp_path):
    fp = fastrun.cpu_fingerprint()
    other = dict(fp.as_dict(), cores=fp.as_dict()["cores"])
    # Same hardware type, but say another driver stack: gets a different full id.
    foreign_fields = dict(other, note="other software")
    foreign = fastrun.Fingerprint.from_dict(foreign_fields)
    assert foreign.id != fp.id
    data = {"format": "tiledsl-fastrun", "devices": {foreign.id: {
        "label": "x", "fields": foreign_fields}},
        "timings": [
            {"namespace": "op:x", "device": foreign.id, "key": "k", "variant": "a",
             "median": 1e-3, "status": "ok", "version": "v"},
            {"namespace": "op:x", "device": foreign.id, "key": "k", "variant": "b",
             "median": -5, "status": "ok", "version": "v"},          # impossible
            {"namespace": "op:x", "device": foreign.id, "variant": "c"},  # no key
            {"namespace": "op:x", "device": foreign.id, "key": "k", "variant": "d",
             "median": 1e-3, "status": "ok", "n": "many"},                # not a number
        ]}
    path = tmp_path / "e.json"
    path.write_text(json.dumps(data))
    store_path = tmp_path / "c.sqlite3"
    with pytest.warns(FastRunCacheWarning, match="skipped 3 malformed"):
        search.import_file(path, store_path)
    assert set(Store(store_path).timings("op:x", foreign.id, "k")) == {"a"}
    # type_id ignores the extra software field only if it is not a type field: "note" is
    # not, so --retarget files the rows under this machine.
    with pytest.warns(FastRunCacheWarning):
        search.import_file(path, store_path, retarget=True)
    assert set(Store(store_path).timings("op:x", fp.id, "k")) == {"a"}


def test_autotuner_bridge_api(tmp_path, monkeypatch):
    from tiledsl.fastrun import variants
    monkeypatch.setenv("TILEDSL_FASTRUN_CACHE", str(tmp_path / "tune.sqlite3"))
    key = "('cpu', 'float32')"
    variants.record("autotune:k1", key, {"BLOCK: 64": 2e-3, "BLOCK: 128": float("inf")})
    variants.record("autotune:k1", key, {"BLOCK: 32": 1e-3})
    got = variants.lookup("autotune:k1", key)
    # A failed config is remembered as inf, so the next process does not retry it.
    assert got == {"BLOCK: 64": 2e-3, "BLOCK: 128": float("inf"), "BLOCK: 32": 1e-3}
    assert variants.lookup("autotune:k1", key, device="another-machine") == {}
    assert Store(tmp_path / "tune.sqlite3").count_entries("autotune:k1") == 1


def test_file_damaged_or_replaced_while_open(tmp_path):
    path = tmp_path / "c.sqlite3"
    store = _use(path)
    for suffix in ("", "-wal", "-shm"):  # another program scribbles over the open files
        if Path(str(path) + suffix).exists():
            with open(str(path) + suffix, "r+b") as f:
                f.write(b"garbage!" * 4096)
    with pytest.warns(FastRunCacheWarning, match="not an SQLite database"):
        store.timings("op:x", DEV, "new")  # whatever it returns, it must not raise
        store.put_timings("op:x", DEV, "after", [Timing("a", 1e-3, 0.0, 3, "v1")])
    assert store.timings("op:x", DEV, "after")["a"].ok and len(_aside(path)) == 1
    # A second handle follows when another process sets the file aside and rebuilds it.
    other = Store(path)
    assert other.count_entries() == 1
    os.replace(path, tmp_path / "elsewhere.sqlite3")
    store.put_timings("op:x", DEV, "fresh", [Timing("a", 1e-3, 0.0, 3, "v1")])
    assert set(other.entries()) == {("op:x", DEV, "fresh")}
