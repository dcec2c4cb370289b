"""A self-check of the harness that needs no tiledsl kernels: ``python -m tiledsl.perf.selftest``.

It times small numpy/torch stand-ins through the real machinery (interleaving, checking,
derived columns, the roofline, Markdown, plots) and asserts what each row must say: a right
and a wrong implementation, one that is unavailable, one that raises, one that outlives the
call time limit, and a floor that must not become the ratio target. A pytest can call
:func:`run` (a few seconds on 2 cores); it checks the harness, never a speed.
"""
from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from . import report
from .context import Context
from .measure import Policy, Roofline, time_case
from .registry import Case, Unavailable
from .runner import _derive


def _case(ctx) -> Case:
    torch = ctx.torch
    a, b = ctx.randn(96, 64), ctx.randn(64, 80)
    case = Case(flops=2.0 * 96 * 64 * 80, bytes=ctx.nbytes(a, b) + 96 * 80 * 4, rtol=1e-4,
                atol=1e-4)
    case.ours("right", lambda: torch.matmul(a, b), backend=None)
    case.ours("wrong", lambda: torch.matmul(a, b) * 1.01, backend=None)

    def missing():
        raise Unavailable("not written yet")

    def broken():
        raise ValueError("bad shape")

    def slow():
        t0 = time.perf_counter()
        while time.perf_counter() - t0 < 5:
            pass

    case.ours("missing", missing, backend=None)
    case.ours("broken", broken, backend=None)
    case.ours("slow", slow, backend=None, check=False)
    an, bn = ctx.np(a), ctx.np(b)
    case.ref("numpy", lambda: an @ bn)
    case.ref("floor", lambda: None, check=False, compare=False)
    return case


def run(out: Path | None = None) -> list[dict]:
    """Run the self-check; returns the rows, raises AssertionError on a harness bug."""
    ctx = Context("cpu", "cpu", quick=True)
    policy = Policy(sample_s=0.002, reps=3, min_reps=3, max_impl_s=0.2, call_timeout_s=0.5)
    case = _case(ctx)
    rows = time_case(case, ctx, policy)
    roof = Roofline(ctx)
    roof.copy_bw, roof.peak_flops = 10e9, {"float32": 100e9}   # fixed: no big measurements
    _derive(rows, case, roof, 0)
    by = {r["impl"]: r for r in rows}
    status = {k: r["status"] for k, r in by.items()}
    want = {"right": "ok", "wrong": "ok", "missing": "unavailable", "broken": "error",
            "slow": "skipped", "numpy": "ok", "floor": "ok"}
    assert status == want, status
    assert by["right"]["check_ok"] is True and by["wrong"]["check_ok"] is False, by["wrong"]
    assert by["right"]["best_ref"] == "numpy", "a compare=False floor became the ratio target"
    assert by["right"]["vs_best_ref"] > 0 and 0 < by["right"]["roof_frac"]
    assert by["missing"]["reason"] == "not written yet"
    assert "ValueError: bad shape" in by["broken"]["reason"]
    for r in rows:
        r.update(suite="selftest", entry="selftest/matmul", label="96x64x80", params={},
                 flops=case.flops, bytes=case.bytes, dtype="float32", unit="")
    meta = {"device": {"name": "selftest"}, "backend": "cpu", "quick": True,
            "versions": {}, "date": "-", "git": {"commit": None, "dirty": False}}
    md = report.markdown(meta, roof.as_dict(), rows)
    assert "WRONG" in md and "unavailable" in md and "| selftest/matmul | right |" in md, md
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        (out / "results.md").write_text(md)
        report.plot_roofline(out, roof.as_dict(), rows)
    return rows


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        rows = run(Path(tmp))
        assert (Path(tmp) / "roofline.png").exists()
    for r in rows:
        print(f"{r['impl']:<8} {r['status']:<12} {r.get('reason', '')}")
    print("perf selftest: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
