"""FastRun policy: modes, context manager and env knob, memo, upgrades, a second process that
profiles nothing, record mode and offline search."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

import tiledsl

REPO = Path(__file__).resolve().parents[1]
try:
    import tiledsl.fastrun  # noqa: F401
except ModuleNotFoundError:  # until tiledsl/__init__.py maps fastrun/ (pyproject does)
    tiledsl.__path__.append(str(REPO))

from tiledsl import fastrun  # noqa: E402
from tiledsl.fastrun import registry, search, testing  # noqa: E402
from tiledsl.fastrun.profiler import ProfileOptions  # noqa: E402

QUICK = ProfileOptions(warmup=0, min_samples=2, max_samples=3, sample_time=1e-4,
                       candidate_budget=0.05, rotate_bytes=1)

# Subprocesses import tiledsl.fastrun the same way this file does.
BOOT = textwrap.dedent(f"""
    import tiledsl
    try:
        import tiledsl.fastrun
    except ModuleNotFoundError:
        tiledsl.__path__.append({str(REPO)!r})
""")


@pytest.fixture(autouse=True)
def _clean(tmp_path, monkeypatch):
    monkeypatch.setenv("TILEDSL_FASTRUN_CACHE", str(tmp_path / "cache.sqlite3"))
    monkeypatch.delenv("TILEDSL_FASTRUN", raising=False)
    testing.install()
    fastrun.configure(None)
    fastrun.reset_stats()
    yield
    fastrun.configure(None)
    registry.unregister(testing.OP)


def _mats(m, k=16, n=8, seed=0):
    rng = np.random.default_rng(seed)
    return (rng.standard_normal((m, k), dtype=np.float32),
            rng.standard_normal((k, n), dtype=np.float32))


def test_default_mode_is_cache_and_never_profiles():
    a, b = _mats(8)
    out = fastrun.run(testing.OP, a, b)
    np.testing.assert_allclose(out, a @ b, rtol=1e-5)
    st = fastrun.stats()
    assert fastrun.settings().mode == "cache"
    assert st["misses"] == 1 and st["heuristic"] == 1 and st["profiles_run"] == 0
    assert fastrun.get_store().count_entries() == 0


def test_heuristic_mode_never_touches_the_store():
    with fastrun.mode("profile", options=QUICK):
        fastrun.choose(testing.OP, args=_mats(8))
    fastrun.reset_stats()
    with fastrun.mode("heuristic"):
        alg = fastrun.choose(testing.OP, args=_mats(8))
    assert alg.name == "triple"  # the heuristic, although the cache knows better
    assert fastrun.stats()["cache_hits"] == 0 and fastrun.stats()["heuristic"] == 1


def test_profile_records_then_hits_and_force_reprofiles():
    args = _mats(12)
    with fastrun.mode("profile", options=QUICK):
        first = fastrun.choose(testing.OP, args=args)
        assert fastrun.stats()["profiles_run"] == 1
        assert first.name not in ("wrong", "hungry")
        again = fastrun.choose(testing.OP, args=args)
    assert again is first and fastrun.stats()["memo_hits"] == 1
    fastrun.reset_stats()  # forget the memo: the next answer comes from the file
    with fastrun.mode("cache"):
        assert fastrun.choose(testing.OP, args=args).name == first.name
    assert fastrun.stats()["cache_hits"] == 1 and fastrun.stats()["profiles_run"] == 0
    with fastrun.mode("force", options=QUICK):
        fastrun.choose(testing.OP, args=args)
        fastrun.choose(testing.OP, args=args)
    assert fastrun.stats()["profiles_run"] == 1  # once per process, then memoised


def test_filters_change_the_candidates_without_new_profiling():
    args = _mats(16)
    with fastrun.mode("profile", options=QUICK):
        fastrun.choose(testing.OP, args=args)
    fastrun.reset_stats()
    with fastrun.mode("profile", reproducible=True, workspace_limit=1 << 20, options=QUICK):
        alg = fastrun.choose(testing.OP, args=args)
    assert alg.reproducible and alg.name != "hungry"
    assert fastrun.stats()["profiles_run"] == 0 and fastrun.stats()["cache_hits"] == 1


def test_context_managers_nest_and_env_knob(monkeypatch):
    monkeypatch.setenv("TILEDSL_FASTRUN", "heuristic,reproducible")
    assert fastrun.settings().mode == "heuristic" and fastrun.settings().reproducible
    with fastrun.mode("profile") as outer:
        assert outer.reproducible  # inherited
        with fastrun.mode(workspace_limit="2K", cache=Path("x.db")) as inner:
            assert (inner.mode, inner.workspace_limit, inner.cache) == ("profile", 2048, "x.db")
        assert fastrun.settings().workspace_limit is None
    fastrun.configure("force")
    assert fastrun.settings().mode == "force"
    fastrun.configure(None)
    assert fastrun.settings().mode == "heuristic"
    with pytest.raises(fastrun.FastRunError):
        with fastrun.mode("fastest"):
            pass


def test_upgrade_reprofiles_only_the_changed_algorithm():
    args = _mats(20)
    with fastrun.mode("profile", options=QUICK):
        fastrun.choose(testing.OP, args=args)
    store = fastrun.get_store()
    fp = fastrun.cpu_fingerprint()
    key = fastrun.Problem.from_args(testing.OP, args).key
    before = store.timings("op:" + testing.OP, fp.id, key)
    registry.register(fastrun.Algorithm(testing.OP, "triple", testing._triple,
                                        version="triple-v2"), replace=True)
    fastrun.reset_stats()
    with fastrun.mode("profile", options=QUICK):
        fastrun.choose(testing.OP, args=args)
    st = fastrun.stats()
    assert st["profiles_run"] == 1 and st["candidates_timed"] == 2  # triple + previous winner
    after = store.timings("op:" + testing.OP, fp.id, key)
    assert after["triple"].version == "triple-v2"
    changed = {n for n in before if after[n].created != before[n].created}
    assert "triple" in changed and len(changed) == 2
    # cache mode with a stale algorithm: answers from the valid rows, profiles nothing
    registry.register(fastrun.Algorithm(testing.OP, "triple", testing._triple,
                                        version="triple-v3"), replace=True)
    fastrun.reset_stats()
    fastrun.choose(testing.OP, args=args)
    assert fastrun.stats()["partial_hits"] == 1 and fastrun.stats()["profiles_run"] == 0


def test_all_candidates_failing_falls_back_to_heuristic():
    registry.unregister(testing.OP)
    registry.define_op(testing.OP, reference=testing._reference)
    registry.register(fastrun.Algorithm(testing.OP, "bad", testing._wrong))
    with pytest.warns(RuntimeWarning, match="passed its check"):
        with fastrun.mode("profile", options=QUICK):
            alg = fastrun.choose(testing.OP, args=_mats(8))
    assert alg.name == "bad"


def _script(code: str, env: dict, cwd: Path) -> dict:
    out = subprocess.run([sys.executable, "-c", BOOT + textwrap.dedent(code)], env=env,
                         cwd=cwd, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


WORKLOAD = """
    import json, numpy as np
    from tiledsl import fastrun
    from tiledsl.fastrun import testing
    from tiledsl.fastrun.profiler import ProfileOptions
    testing.install()
    fastrun.configure(options=ProfileOptions(warmup=0, min_samples=2, max_samples=3,
                                             candidate_budget=0.05, rotate_bytes=1))
    rng = np.random.default_rng(0)
    for m in (4, 8, 16, 8, 4, 32):
        a = rng.standard_normal((m, 16), dtype=np.float32)
        b = rng.standard_normal((16, 8), dtype=np.float32)
        assert np.allclose(fastrun.run(testing.OP, a, b), a @ b, atol=1e-4)
    fastrun.flush()
    print(json.dumps(fastrun.stats()))
"""


def test_second_process_profiles_nothing(tmp_path):
    env = dict(os.environ, TILEDSL_FASTRUN_CACHE=str(tmp_path / "shared.sqlite3"),
               TILEDSL_FASTRUN="profile")
    first = _script(WORKLOAD, env, tmp_path)
    assert first["profiles_run"] == 4 and first["memo_hits"] == 2
    second = _script(WORKLOAD, env, tmp_path)
    assert second["profiles_run"] == 0 and second["candidates_timed"] == 0
    assert second["cache_hits"] == 4 and second["misses"] == 0


def test_record_then_search_then_full_coverage(tmp_path):
    cache = tmp_path / "rec.sqlite3"
    env = dict(os.environ, TILEDSL_FASTRUN_CACHE=str(cache),
               TILEDSL_FASTRUN="record,workload=train")
    rec = _script(WORKLOAD, env, tmp_path)
    assert rec["profiles_run"] == 0
    cov = search.coverage(cache, workload="train")
    assert (cov["calls"], cov["calls_hit"], cov["problems"]) == (6, 0, 4)
    with fastrun.mode(options=QUICK):
        report = search.search(cache, workload="train", budget=0.0, progress=False)
    assert len(report.remaining) == 4 and not report.searched  # budget 0: nothing done
    with fastrun.mode(options=QUICK):
        report = search.search(cache, workload="train", progress=False)
    assert len(report.searched) == 4 and not report.failed
    with fastrun.mode(options=QUICK):
        again = search.search(cache, workload="train", progress=False)
    assert len(again.cached) == 4 and not again.searched  # resumable: nothing left to do
    cov = search.coverage(cache, workload="train")
    assert cov["ratio"] == 1.0 and cov["calls_hit"] == 6
    env["TILEDSL_FASTRUN"] = "cache"
    later = _script(WORKLOAD, env, tmp_path)
    assert later["profiles_run"] == 0 and later["cache_hits"] == 4
    assert "test.matmul" in search.show(cache)


def test_system_cache_answers_read_only(tmp_path, monkeypatch):
    system = tmp_path / "site-h200.sqlite3"
    args = _mats(24)
    with fastrun.mode("profile", cache=str(system), options=QUICK):  # the offline search
        chosen = fastrun.choose(testing.OP, args=args).name
    before = system.read_bytes()
    fastrun.reset_stats()
    monkeypatch.setenv("TILEDSL_FASTRUN", f"profile,system={system}")
    assert fastrun.settings().system_caches == (str(system),)
    assert fastrun.choose(testing.OP, args=args).name == chosen
    st = fastrun.stats()
    assert st["cache_hits"] == 1 and st["profiles_run"] == 0
    # An upgrade of one algorithm: profiled into the user cache, the system file untouched.
    registry.register(fastrun.Algorithm(testing.OP, "triple", testing._triple, version="t2"),
                      replace=True)
    fastrun.choose(testing.OP, args=args)
    assert fastrun.stats()["candidates_timed"] == 2
    assert system.read_bytes() == before
    user_rows = fastrun.get_store().timings("op:" + testing.OP, fastrun.cpu_fingerprint().id,
                                            fastrun.Problem.from_args(testing.OP, args).key)
    assert "triple" in user_rows and "rowloop" not in user_rows
    # A bad system cache is ignored with a warning and never renamed.
    bad = tmp_path / "bad-system.sqlite3"
    bad.write_bytes(b"nope" * 100)
    monkeypatch.setenv("TILEDSL_FASTRUN", f"cache,system={bad}")
    fastrun.reset_stats()
    with pytest.warns(fastrun.FastRunCacheWarning, match="ignoring it"):
        fastrun.choose(testing.OP, args=args)
    assert bad.exists() and bad.read_bytes() == b"nope" * 100


def test_a_miss_in_cache_mode_does_not_stop_a_later_profile():
    args = _mats(28)
    assert fastrun.choose(testing.OP, args=args).name == "triple"  # cache miss: heuristic
    with fastrun.mode("profile", options=QUICK):
        alg = fastrun.choose(testing.OP, args=args)
    assert fastrun.stats()["profiles_run"] == 1 and alg.name != "wrong"


def test_search_and_coverage_with_an_unregistered_op(tmp_path):
    cache = tmp_path / "gone.sqlite3"
    with fastrun.mode("record", cache=str(cache), workload="w"):
        fastrun.choose(testing.OP, args=_mats(4))
    fastrun.flush()
    registry.unregister(testing.OP)  # e.g. the kernel module was not imported
    cov = search.coverage(cache, workload="w")
    assert (cov["calls"], cov["calls_hit"]) == (1, 0)
    report = search.search(cache, workload="w", progress=False)
    assert len(report.failed) == 1 and "not registered" in report.failed[0][1]


def _claim_as(store_path, problem, pid):
    import sqlite3
    import socket
    import time as _time
    fastrun.get_store(store_path).count_entries()  # make sure the file and tables exist
    conn = sqlite3.connect(store_path)
    conn.execute("INSERT OR REPLACE INTO claims VALUES (?, ?, ?, ?, ?, ?)",
                 ("op:" + testing.OP, fastrun.cpu_fingerprint().id, problem.key,
                  socket.gethostname(), pid, _time.time()))
    conn.commit()
    conn.close()


def test_waits_for_another_process_profiling_the_same_problem(tmp_path):
    import threading
    import time as _time
    path = str(tmp_path / "shared.sqlite3")
    args = _mats(36)
    problem = fastrun.Problem.from_args(testing.OP, args)
    # What the other process will have stored when it finishes.
    donor = tmp_path / "donor.sqlite3"
    with fastrun.mode("profile", cache=str(donor), options=QUICK):
        expected = fastrun.choose(testing.OP, args=args).name
    _claim_as(path, problem, os.getppid())  # a live process holds the claim
    fastrun.reset_stats()

    def finish():
        _time.sleep(0.3)
        search.merge([donor], path)

    helper = threading.Thread(target=finish)
    helper.start()
    with fastrun.mode("profile", cache=path, options=QUICK):
        got = fastrun.choose(testing.OP, args=args)
    helper.join()
    st = fastrun.stats()
    assert got.name == expected
    assert st["waits"] == 1 and st["profiles_run"] == 0 and st["cache_hits"] == 1


def test_claim_of_a_dead_process_is_taken_over(tmp_path):
    path = str(tmp_path / "shared.sqlite3")
    args = _mats(40)
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True)
    _claim_as(path, fastrun.Problem.from_args(testing.OP, args), int(done.stdout))
    with fastrun.mode("profile", cache=path, options=QUICK):
        fastrun.choose(testing.OP, args=args)
    st = fastrun.stats()
    assert st["waits"] == 0 and st["profiles_run"] == 1
    import sqlite3
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT COUNT(*) FROM claims").fetchone()[0] == 0  # released
    conn.close()


def test_failing_search_falls_back_to_heuristic_and_records_nothing():
    def no_memory(problem, rng):
        raise MemoryError("inputs do not fit")

    registry.define_op(testing.OP, make_inputs=no_memory)
    with pytest.warns(RuntimeWarning, match="profiling .* failed .*MemoryError"):
        with fastrun.mode("profile", options=QUICK):
            alg = fastrun.choose(testing.OP, args=_mats(44))
    assert alg.name == "triple" and fastrun.get_store().count_entries() == 0
