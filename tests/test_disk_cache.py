"""The on-disk cache: keys, atomic writes, hash verification and permission checks."""
from __future__ import annotations

import json
import multiprocessing
import os
import stat
import threading
import warnings

import numpy as np
import pytest

from tiledsl import dtypes as d
from tiledsl.runtime import cache as cache_mod
from tiledsl.runtime.cache import CacheWarning, DiskCache, cache_key, default_cache

KEY = cache_key("kernel source", ("fp32",), 3)


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


# -- keys ----------------------------------------------------------------------------------

def test_keys_are_stable_hex_and_type_sensitive():
    assert cache_key("a", 1) == cache_key("a", 1)
    assert len(KEY) == 64 and int(KEY, 16) >= 0
    variants = [cache_key(1), cache_key("1"), cache_key(1.0), cache_key(True), cache_key(None),
                cache_key([1]), cache_key((1,)), cache_key(b"1"), cache_key("1", ""),
                cache_key(("1", ""),)]
    assert len(set(variants)) == len(variants)
    assert cache_key({"a": 1, "b": 2}) == cache_key({"b": 2, "a": 1})
    assert cache_key({3, 1, 2}) == cache_key({1, 2, 3})
    assert cache_key(d.float32, d.pointer_type(d.int8)) != cache_key(d.float16,
                                                                     d.pointer_type(d.int8))
    # Adjacent strings must not run together ("ab", "c") vs ("a", "bc").
    assert cache_key("ab", "c") != cache_key("a", "bc")


def test_unstable_objects_are_refused():
    with pytest.raises(TypeError, match="stable"):
        cache_key(object())


# -- round trips, modes, layout -----------------------------------------------------------

def test_put_get_roundtrip_and_permissions(tmp_path):
    c = DiskCache(tmp_path / "root")
    assert c.get(KEY, "k.so") is None and c.stats.misses == 1
    path = c.put(KEY, "k.so", b"\x7fELF payload")
    assert path.read_bytes() == b"\x7fELF payload"
    assert c.get(KEY, "k.so") == b"\x7fELF payload"
    assert c.path_for_loading(KEY, "k.so") == path
    assert c.stats.hits == 2
    assert _mode(path) == 0o600 and _mode(path.with_name("k.so.sha256")) == 0o600
    for directory in (tmp_path / "root", path.parent, path.parent.parent):
        assert _mode(directory) == 0o700
    # No temp files stay behind.
    assert sorted(p.name for p in path.parent.iterdir()) == ["k.so", "k.so.sha256"]
    side = json.loads(path.with_name("k.so.sha256").read_text())
    assert side["size"] == len(b"\x7fELF payload")


def test_missing_parent_directories_are_created(tmp_path):
    c = DiskCache(tmp_path / "home" / ".cache" / "tiledsl")
    assert c.get(KEY, "k.so") is None
    c.put(KEY, "k.so", b"x")
    assert c.get(KEY, "k.so") == b"x" and _mode(tmp_path / "home" / ".cache" / "tiledsl") == 0o700


def test_artifacts_under_one_key_are_independent(tmp_path):
    c = DiskCache(tmp_path)
    c.put(KEY, "a.so", b"AAA")
    c.put(KEY, "a.o", b"OOO")
    assert c.get(KEY, "a.so") == b"AAA" and c.get(KEY, "a.o") == b"OOO"
    assert c.get(cache_key("other"), "a.so") is None


@pytest.mark.parametrize("name", ["", "../x", "a/b", ".hidden", "x.sha256"])
def test_bad_names_are_rejected(tmp_path, name):
    with pytest.raises(ValueError):
        DiskCache(tmp_path).put(KEY, name, b"x")


def test_bad_keys_are_rejected(tmp_path):
    with pytest.raises(ValueError):
        DiskCache(tmp_path).get("../../etc", "x")


def test_default_cache_follows_the_knob(tmp_path, monkeypatch):
    monkeypatch.setenv("TILEDSL_CACHE_DIR", str(tmp_path / "knob"))
    c = default_cache()
    assert c.root == tmp_path / "knob" and default_cache() is c
    c.put(KEY, "x.bin", b"1")
    assert (tmp_path / "knob" / KEY[:2] / KEY / "x.bin").exists()


def test_always_compile_bypasses_reads_not_writes(tmp_path, monkeypatch):
    c = DiskCache(tmp_path)
    c.put(KEY, "k.so", b"data")
    monkeypatch.setenv("TILEDSL_ALWAYS_COMPILE", "1")
    assert c.get(KEY, "k.so") is None and c.path_for_loading(KEY, "k.so") is None
    c.put(KEY, "k.so", b"new")
    monkeypatch.delenv("TILEDSL_ALWAYS_COMPILE")
    assert c.get(KEY, "k.so") == b"new"


# -- corruption ----------------------------------------------------------------------------

def _corruptions():
    def tamper(path):  # same size, different bytes: only the hash can tell
        data = bytearray(path.read_bytes())
        data[3] ^= 0x40
        path.write_bytes(bytes(data))

    def truncate(path):
        path.write_bytes(path.read_bytes()[:5])

    def garbage_sidecar(path):
        path.with_name(path.name + ".sha256").write_text("{not json")

    def wrong_hash(path):
        side = path.with_name(path.name + ".sha256")
        record = json.loads(side.read_text())
        record["sha256"] = "0" * 64
        side.write_text(json.dumps(record))

    def missing_sidecar(path):
        path.with_name(path.name + ".sha256").unlink()

    def missing_artifact(path):
        path.unlink()

    return [tamper, truncate, garbage_sidecar, wrong_hash, missing_sidecar, missing_artifact]


@pytest.mark.parametrize("corrupt", _corruptions(), ids=lambda f: f.__name__)
def test_corrupt_entries_are_misses_and_get_rewritten(tmp_path, corrupt):
    c = DiskCache(tmp_path)
    path = c.put(KEY, "k.so", b"0123456789abcdef")
    corrupt(path)
    with pytest.warns(CacheWarning, match="sha256"):
        assert c.path_for_loading(KEY, "k.so") is None
    assert c.stats.corrupt == 1
    assert not path.exists()  # discarded, so the next put starts clean
    c.put(KEY, "k.so", b"0123456789abcdef")
    assert c.get(KEY, "k.so") == b"0123456789abcdef"


# -- permissions and ownership -------------------------------------------------------------

def test_other_writable_cache_dir_is_refused(tmp_path):
    root = tmp_path / "shared"
    c = DiskCache(root)
    c.put(KEY, "k.so", b"good")
    os.chmod(root, 0o777)
    with pytest.warns(CacheWarning, match="writable by group or others"):
        assert c.get(KEY, "k.so") is None
    assert c.stats.refused == 1
    # Writes go to a private directory instead: the caller can still load what it built.
    with pytest.warns(CacheWarning, match="private temporary directory"):
        path = c.put(KEY, "k.so", b"rebuilt")
    assert root not in path.parents and path.read_bytes() == b"rebuilt"
    assert _mode(path.parent.parent) == 0o700
    assert (root / KEY[:2] / KEY / "k.so").read_bytes() == b"good"  # unsafe tree untouched
    # ... and this process finds it there again instead of rebuilding on every load.
    assert c.path_for_loading(KEY, "k.so") == path and c.get(KEY, "k.so") == b"rebuilt"


@pytest.mark.parametrize("which", ["entry_dir", "artifact", "sidecar"])
def test_group_writable_entries_are_refused(tmp_path, which):
    c = DiskCache(tmp_path)
    path = c.put(KEY, "k.so", b"good")
    target = {"entry_dir": path.parent, "artifact": path,
              "sidecar": path.with_name("k.so.sha256")}[which]
    os.chmod(target, _mode(target) | 0o020)
    with pytest.warns(CacheWarning, match="writable by group"):
        assert c.path_for_loading(KEY, "k.so") is None


def test_files_owned_by_another_user_are_refused(tmp_path, monkeypatch):
    c = DiskCache(tmp_path)
    c.put(KEY, "k.so", b"good")
    me = os.getuid()
    monkeypatch.setattr(cache_mod.os, "getuid", lambda: me + 1)
    with pytest.warns(CacheWarning, match=f"owned by uid {me}"):
        assert c.get(KEY, "k.so") is None


def test_symlinked_artifacts_are_refused(tmp_path):
    c = DiskCache(tmp_path / "c")
    path = c.put(KEY, "k.so", b"good")
    elsewhere = tmp_path / "evil.so"
    elsewhere.write_bytes(b"good")
    os.chmod(elsewhere, 0o600)
    path.unlink()
    path.symlink_to(elsewhere)
    with pytest.warns(CacheWarning, match="symlink"):
        assert c.path_for_loading(KEY, "k.so") is None


def test_one_warning_per_problem(tmp_path):
    c = DiskCache(tmp_path / "c")
    c.put(KEY, "k.so", b"good")
    os.chmod(tmp_path / "c", 0o777)
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        for _ in range(5):
            c.get(KEY, "k.so")
    assert len([w for w in seen if issubclass(w.category, CacheWarning)]) == 1


# -- atomicity -----------------------------------------------------------------------------

def test_failed_write_leaves_the_old_entry_and_no_temp_files(tmp_path, monkeypatch):
    c = DiskCache(tmp_path)
    path = c.put(KEY, "k.so", b"old contents")

    def crash(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(cache_mod.os, "replace", crash)
    with pytest.raises(OSError, match="disk full"):
        c.put(KEY, "k.so", b"new contents")
    monkeypatch.undo()
    assert c.get(KEY, "k.so") == b"old contents"
    assert sorted(p.name for p in path.parent.iterdir()) == ["k.so", "k.so.sha256"]


def _writer(root: str, payload: bytes, rounds: int) -> None:
    c = DiskCache(root)
    for _ in range(rounds):
        c.put(KEY, "k.so", payload)


def test_concurrent_writers_and_readers_never_see_torn_entries(tmp_path):
    # Two processes and a thread rewrite one entry with different, large payloads while this
    # thread reads: every read is a miss or one complete payload, never a mix.
    payloads = [bytes([i]) * (1 << 18) + bytes([i + 1]) * 1000 for i in range(3)]
    ctx = multiprocessing.get_context("fork")
    procs = [ctx.Process(target=_writer, args=(str(tmp_path), p, 40)) for p in payloads[:2]]
    thread = threading.Thread(target=_writer, args=(str(tmp_path), payloads[2], 40))
    for p in procs:
        p.start()
    thread.start()
    reader = DiskCache(tmp_path)
    seen = set()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CacheWarning)  # mixed artifact/sidecar pairs are misses
        while any(p.is_alive() for p in procs) or thread.is_alive():
            data = reader.get(KEY, "k.so")
            if data is not None:
                assert data in payloads
                seen.add(data)
    for p in procs:
        p.join()
        assert p.exitcode == 0
    thread.join()
    final = DiskCache(tmp_path).get(KEY, "k.so")
    assert final in payloads or final is None
    leftovers = [p.name for p in (tmp_path / KEY[:2] / KEY).iterdir()
                 if p.name.startswith(".tmp-")]
    assert leftovers == []


def test_cpu_module_recompiles_after_tampering(tmp_path):
    """End to end: a tampered shared library is never loaded; the kernel is rebuilt."""
    import test_cpu_runtime as k
    from tiledsl.backends.cpu import runtime as rt
    c = DiskCache(tmp_path)
    m = rt.load_module("vadd", k.VADD_SPECS, {}, llir=k.vadd_ll(), cache=c)
    data = bytearray(m.path.read_bytes())
    data[-1] ^= 0xFF
    # Replace the file rather than write into it: this process has the library mapped, and
    # scribbling over a mapped library crashes whoever uses it (as it would in real life).
    tampered = m.path.with_name("tampered")
    tampered.write_bytes(bytes(data))
    os.replace(tampered, m.path)
    builds = rt.STATS.builds
    with pytest.warns(CacheWarning, match="sha256"):
        again = rt.load_module("vadd", k.VADD_SPECS, {}, llir=k.vadd_ll(), cache=c)
    assert not again.from_cache and rt.STATS.builds == builds + 1
    x = np.arange(100, dtype=np.float32)
    out = np.full(100, np.nan, np.float32)
    again[(2,)](x, x, out, 100)
    np.testing.assert_array_equal(out, 2 * x)
