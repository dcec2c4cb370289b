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
    """The real thing: a fresh interpreter running ``python -m tiledsl.cli``."""
    return _py(f"from tiledsl.cli import main\nsys.exit(main({args!r}))", env, cwd)


def _main(args: list[str], capsys, monkeypatch, env: dict) -> tuple[int, str, str]:
    """The same entry point in-process (cheap): exit status, stdout, stderr."""
    from tiledsl import cli, fastrun
    for k in ("TILEDSL_FASTRUN_CACHE", "TILEDSL_FASTRUN"):
        if k in env:
            monkeypatch.setenv(k, env[k])
        else:
            monkeypatch.delenv(k, raising=False)
    fastrun.configure(None)
    capsys.readouterr()
    try:
        rc = cli.main(args)
    except SystemExit as e:  # argparse's --help
        rc = int(e.code or 0)
    out, err = capsys.readouterr()
    return rc, out, err


@pytest.fixture
def env(tmp_path):
    e = dict(os.environ, TILEDSL_FASTRUN_CACHE=str(tmp_path / "c.sqlite3"))
    e.pop("TILEDSL_FASTRUN", None)
    return e


def test_cli_record_search_coverage_show_export_import_prune(tmp_path, env, capsys,
                                                              monkeypatch):
    import tiledsl
    try:
        import tiledsl.fastrun  # noqa: F401
    except ModuleNotFoundError:
        tiledsl.__path__.append(str(REPO))
    from tiledsl.fastrun import Algorithm, registry, testing
    run = lambda args, e=env: _main(args, capsys, monkeypatch, e)  # noqa: E731
    rec = _py(WORKLOAD, dict(env, TILEDSL_FASTRUN="record,workload=w"), tmp_path)
    assert rec.returncode == 0, rec.stderr
    rc, out, _ = run(["fastrun", "coverage", "--workload", "w", "--fail-under", "0.5", *MOD])
    assert rc == 1 and "0/4 calls hit the cache" in out
    found = _cli(["fastrun", "search", "--workload", "w", "--candidate-budget", "0.05",
                  "--budget", "60", *MOD], env, tmp_path)
    assert found.returncode == 0, found.stderr
    assert "searched 3" in found.stdout and "3/3" in found.stderr  # progress bar on stderr
    rc, out, _ = run(["fastrun", "coverage", "--json", "--fail-under", "1", *MOD])
    assert rc == 0 and json.loads(out)["calls_hit"] == 4
    rc, out, _ = run(["fastrun", "show", *MOD])
    assert rc == 0 and "3 problems" in out and "test.matmul 8x8:float32 8x4:float32" in out
    exported = tmp_path / "x.json"
    rc, out, _ = run(["fastrun", "export", str(exported)])
    assert rc == 0 and json.loads(exported.read_text())["timings"]
    other = dict(env, TILEDSL_FASTRUN_CACHE=str(tmp_path / "other.sqlite3"))
    rc, out, _ = run(["fastrun", "import", str(exported)], other)
    assert rc == 0 and "imported" in out
    rc, out, _ = run(["fastrun", "merge", str(tmp_path / "other.sqlite3")])
    assert rc == 0 and "merged" in out
    # A changed algorithm makes its rows stale; prune deletes exactly those.
    testing.install()
    registry.register(Algorithm(testing.OP, "triple", testing._triple, version="v9"),
                      replace=True)
    rc, out, _ = run(["fastrun", "prune", "--no-default-modules"])
    assert rc == 0 and "deleted 3 rows" in out
    rc, _, err = run(["fastrun", "import", str(tmp_path / "missing.json")])
    assert rc == 1 and "missing.json" in err
    rc, _, err = run(["fastrun", "show", "--cache", str(tmp_path / "none.sqlite3")])
    assert rc == 1 and "no cache at" in err and not (tmp_path / "none.sqlite3").exists()
    registry.unregister(testing.OP)


def test_tiledsl_cli_dispatch(tmp_path, env, capsys, monkeypatch):
    top = _cli([], env, tmp_path)
    assert top.returncode == 0 and "fastrun" in top.stdout
    rc, _, err = _main(["nope"], capsys, monkeypatch, env)
    assert rc == 2 and "unknown command 'nope'" in err
    from tiledsl import cli
    cli.register_command("echo-test", "json.tool", "demo")
    try:
        assert "echo-test" in cli.commands()
        rc, out, _ = _main(["--help"], capsys, monkeypatch, env)
        assert rc == 0 and "echo-test" in out and "demo" in out
    finally:
        cli._COMMANDS.pop("echo-test")
    rc, out, _ = _main(["fastrun", "--help"], capsys, monkeypatch, env)
    assert rc == 0
    assert all(a in out for a in ("search", "show", "merge", "export", "import", "prune",
                                  "coverage"))
