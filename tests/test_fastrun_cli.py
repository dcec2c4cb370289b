"""``tiledsl fastrun ...`` end to end, in subprocesses as a user would run it."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
BOOT = textwrap.dedent(f"""
    import sys, tiledsl
    try:
        import tiledsl.fastrun
    except ModuleNotFoundError:  # until tiledsl/__init__.py maps fastrun/
        tiledsl.__path__.append({str(REPO)!r})
""")
MOD = ["-m", "tiledsl.fastrun.testing:install", "--no-default-modules"]

WORKLOAD = """
    import numpy as np
    from tiledsl import fastrun
    from tiledsl.fastrun import testing
    testing.install()
    rng = np.random.default_rng(1)
    for m in (4, 8, 16, 4):
        fastrun.run(testing.OP, rng.standard_normal((m, 8), dtype=np.float32),
                    rng.standard_normal((8, 4), dtype=np.float32))
"""


def _py(code: str, env: dict, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", BOOT + textwrap.dedent(code)], env=env,
                          cwd=cwd, capture_output=True, text=True, timeout=120)


def _cli(args: list[str], env: dict, cwd: Path) -> subprocess.CompletedProcess:
    return _py(f"from tiledsl.cli import main\nsys.exit(main({args!r}))", env, cwd)


@pytest.fixture
def env(tmp_path):
    e = dict(os.environ, TILEDSL_FASTRUN_CACHE=str(tmp_path / "c.sqlite3"))
    e.pop("TILEDSL_FASTRUN", None)
    return e


def test_cli_record_search_coverage_show_export_import_prune(tmp_path, env):
    rec = _py(WORKLOAD, dict(env, TILEDSL_FASTRUN="record,workload=w"), tmp_path)
    assert rec.returncode == 0, rec.stderr
    cov = _cli(["fastrun", "coverage", "--workload", "w", "--fail-under", "0.5", *MOD],
               env, tmp_path)
    assert cov.returncode == 1 and "0/4 calls hit the cache" in cov.stdout
    found = _cli(["fastrun", "search", "--workload", "w", "--candidate-budget", "0.05",
                  "--budget", "60", *MOD], env, tmp_path)
    assert found.returncode == 0, found.stderr
    assert "searched 3" in found.stdout and "3/3" in found.stderr  # progress bar on stderr
    cov = _cli(["fastrun", "coverage", "--json", "--fail-under", "1", *MOD], env, tmp_path)
    assert cov.returncode == 0 and json.loads(cov.stdout)["calls_hit"] == 4
    shown = _cli(["fastrun", "show", *MOD], env, tmp_path)
    assert shown.returncode == 0 and "3 problems" in shown.stdout
    assert "test.matmul 8x8:float32 8x4:float32" in shown.stdout
    out = tmp_path / "x.json"
    exp = _cli(["fastrun", "export", str(out)], env, tmp_path)
    assert exp.returncode == 0 and json.loads(out.read_text())["timings"]
    other = dict(env, TILEDSL_FASTRUN_CACHE=str(tmp_path / "other.sqlite3"))
    imp = _cli(["fastrun", "import", str(out)], other, tmp_path)
    assert imp.returncode == 0 and "imported" in imp.stdout
    merged = _cli(["fastrun", "merge", str(tmp_path / "other.sqlite3")], env, tmp_path)
    assert merged.returncode == 0, merged.stderr
    # A changed algorithm makes its rows stale; prune deletes exactly those.
    pruned = _py("""
        from tiledsl.fastrun import testing, registry, Algorithm
        from tiledsl.cli import main
        testing.install()
        registry.register(Algorithm(testing.OP, "triple", testing._triple, version="v9"),
                          replace=True)
        sys.exit(main(["fastrun", "prune", "--no-default-modules"]))
    """, env, tmp_path)
    assert pruned.returncode == 0 and "deleted 3 rows" in pruned.stdout, pruned.stderr
    bad = _cli(["fastrun", "import", str(tmp_path / "missing.json")], env, tmp_path)
    assert bad.returncode == 1 and "missing.json" in bad.stderr


def test_tiledsl_cli_dispatch(tmp_path, env):
    top = _cli([], env, tmp_path)
    assert top.returncode == 0 and "fastrun" in top.stdout
    unknown = _cli(["nope"], env, tmp_path)
    assert unknown.returncode == 2 and "unknown command 'nope'" in unknown.stderr
    registered = _py("""
        from tiledsl import cli
        cli.register_command("echo", "json.tool", "demo")
        assert "echo" in cli.commands()
        print("ok")
    """, env, tmp_path)
    assert registered.returncode == 0 and "ok" in registered.stdout
    helped = _cli(["fastrun", "--help"], env, tmp_path)
    assert helped.returncode == 0
    assert all(a in helped.stdout for a in ("search", "show", "merge", "export", "import",
                                             "prune", "coverage"))
