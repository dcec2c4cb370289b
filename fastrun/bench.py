"""Strategy comparison for the perf suites: heuristic choice vs profiled choice, per problem.

``compare_strategies(op, problems)`` profiles each problem once (in a private in-memory
store, so the user's cache is untouched) and reports, from that same run, the time of the
heuristic's pick, of the profiled pick and of the fastest candidate, plus what the search
cost. ``resnet50_conv_problems()`` lists ResNet-50's 53 convolutions (as unique layers with
multiplicities) in the conv2d calling convention the kernel library uses::

    conv2d(x[N, C, H, W], w[K, C, R, S], *, stride, padding)      # layout "NCHW"

A perf script does::

    report = fastrun.bench.compare_strategies("conv2d", *zip(*resnet50_conv_problems()))
    print(report.table())
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Sequence

from . import registry
from .fingerprint import Fingerprint
from .policy import inputs_for
from .profiler import ProfileOptions, Timer, profile, timer_for
from .registry import Problem

# (C, K, R, stride, padding, input H=W, how many times ResNet-50 (v1.5) runs it)
_RESNET50 = [
    (3, 64, 7, 2, 3, 224, 1),
    (64, 64, 1, 1, 0, 56, 1), (64, 64, 3, 1, 1, 56, 3), (64, 256, 1, 1, 0, 56, 4),
    (256, 64, 1, 1, 0, 56, 2),
    (256, 128, 1, 1, 0, 56, 1), (128, 128, 3, 2, 1, 56, 1), (128, 512, 1, 1, 0, 28, 4),
    (256, 512, 1, 2, 0, 56, 1), (512, 128, 1, 1, 0, 28, 3), (128, 128, 3, 1, 1, 28, 3),
    (512, 256, 1, 1, 0, 28, 1), (256, 256, 3, 2, 1, 28, 1), (256, 1024, 1, 1, 0, 14, 6),
    (512, 1024, 1, 2, 0, 28, 1), (1024, 256, 1, 1, 0, 14, 5), (256, 256, 3, 1, 1, 14, 5),
    (1024, 512, 1, 1, 0, 14, 1), (512, 512, 3, 2, 1, 14, 1), (512, 2048, 1, 1, 0, 7, 3),
    (1024, 2048, 1, 2, 0, 14, 1), (2048, 512, 1, 1, 0, 7, 2), (512, 512, 3, 1, 1, 7, 2),
]


def resnet50_conv_problems(op: str = "conv2d", batch: int = 1, dtype: str = "float32",
                           scale: float = 1.0, backend: str | None = None
                           ) -> list[tuple[Problem, int]]:
    """ResNet-50's conv layers as ``(problem, count)``; ``scale`` < 1 shrinks channel counts
    and image size (for quick runs), keeping the layer structure."""
    out = []
    for c, k, r, stride, pad, h, count in _RESNET50:
        c2 = c if c == 3 else max(1, int(c * scale))
        k2, h2 = max(1, int(k * scale)), max(r, int(h * scale))
        if backend is None:
            prob = Problem.from_shapes(op, [(batch, c2, h2, h2), (k2, c2, r, r)], dtype,
                                       "NCHW", stride=stride, padding=pad)
        else:  # spelled as tiledsl.kernels.conv2d passes its calls to FastRun
            prob = Problem.from_shapes(op, [(batch, c2, h2, h2), (k2, c2, r, r)], dtype,
                                       "NCHW", stride=(stride, stride), padding=(pad, pad),
                                       dilation=(1, 1), groups=1, backend=backend)
        out.append((prob, count))
    return out


@dataclass
class StrategyRow:
    """One problem's outcome (times in seconds per call, from the same profiling run)."""
    problem: str
    count: int
    heuristic: str
    heuristic_time: float
    profiled: str
    profiled_time: float
    fastest: str
    fastest_time: float
    search_seconds: float
    heuristic_status: str = "ok"

    @property
    def profiled_vs_fastest(self) -> float:
        """Profiled pick's time over the fastest candidate's (1.0 = it is the fastest)."""
        return self.profiled_time / self.fastest_time if self.fastest_time > 0 else math.nan


@dataclass
class StrategyReport:
    """All rows plus totals weighted by each problem's count."""
    rows: list[StrategyRow] = field(default_factory=list)

    @property
    def total_heuristic(self) -> float:
        return sum(r.heuristic_time * r.count for r in self.rows)

    @property
    def total_profiled(self) -> float:
        return sum(r.profiled_time * r.count for r in self.rows)

    @property
    def total_fastest(self) -> float:
        return sum(r.fastest_time * r.count for r in self.rows)

    @property
    def search_seconds(self) -> float:
        return sum(r.search_seconds for r in self.rows)

    @property
    def worst_ratio(self) -> float:
        """Largest profiled/fastest ratio over all problems (acceptance: <= 1.05)."""
        return max((r.profiled_vs_fastest for r in self.rows), default=1.0)

    def table(self) -> str:
        """A plain-text table for perf logs."""
        head = (f"{'problem':<58} {'n':>2}  {'heuristic':<22} {'profiled':<22} "
                f"{'prof/fast':>9} {'search':>7}")
        lines = [head, "-" * len(head)]
        for r in self.rows:
            lines.append(
                f"{r.problem[:58]:<58} {r.count:>2}  "
                f"{(r.heuristic + ' ' + _ms(r.heuristic_time))[:22]:<22} "
                f"{(r.profiled + ' ' + _ms(r.profiled_time))[:22]:<22} "
                f"{r.profiled_vs_fastest:>9.3f} {r.search_seconds:>6.2f}s")
        lines.append("-" * len(head))
        lines.append(f"total per pass: heuristic {_ms(self.total_heuristic)}, profiled "
                     f"{_ms(self.total_profiled)} ({self.speedup:.2f}x), fastest "
                     f"{_ms(self.total_fastest)}; search cost {self.search_seconds:.1f} s; "
                     f"worst profiled/fastest {self.worst_ratio:.3f}")
        return "\n".join(lines)

    @property
    def speedup(self) -> float:
        """Heuristic total over profiled total."""
        return self.total_heuristic / self.total_profiled if self.total_profiled else math.nan


def _ms(seconds: float) -> str:
    return f"{seconds * 1e3:.3f}ms" if math.isfinite(seconds) else "failed"


def compare_strategies(op: str, problems: Sequence[Problem], counts: Sequence[int] | None = None,
                       *, options: ProfileOptions | None = None, timer: Timer | None = None,
                       reproducible: bool = False, workspace_limit: int | None = None,
                       fingerprint: Fingerprint | None = None) -> StrategyReport:
    """Heuristic vs profiled choice on every problem, measured in one run per problem.

    A heuristic pick that fails its numeric check is reported with time ``inf``.
    """
    counts = list(counts) if counts is not None else [1] * len(problems)
    kind = fingerprint.as_dict().get("kind", "cpu") if fingerprint else "cpu"
    timer = timer or timer_for(kind)
    spec = registry.op_spec(op)
    report = StrategyReport()
    for problem, count in zip(problems, counts):
        cands = registry.candidates(op, problem, reproducible=reproducible,
                                    workspace_limit=workspace_limit)
        if not cands:
            continue
        pick = registry.heuristic_choice(problem, cands)
        ordered = sorted(cands, key=lambda a: (a is not pick, a.name))
        ranking = profile(ordered, inputs_for(problem), problem.kwargs,
                          reference=spec.reference, output=spec.output, options=options,
                          timer=timer, workspace=lambda a: a.workspace_bytes(problem),
                          out_args=spec.out_args)
        chosen, fastest, h = ranking.chosen, ranking.fastest, ranking.get(pick.name)
        if chosen is None or fastest is None:
            continue
        report.rows.append(StrategyRow(
            problem.short(), count, pick.name, h.median if h is not None and h.ok else math.inf,
            chosen.variant, chosen.median, fastest.variant, fastest.median,
            ranking.search_seconds, h.status if h is not None else "missing"))
    return report


def main(argv: list[str] | None = None) -> int:
    """``python -m tiledsl.fastrun.bench``: the ResNet-50 comparison on the numpy demo
    conv2d (or ``--op`` registered by ``--module``), printed as a table."""
    import argparse
    import importlib
    p = argparse.ArgumentParser(prog="python -m tiledsl.fastrun.bench")
    p.add_argument("--op", default="test.conv2d")
    p.add_argument("--module", action="append", default=[], help="MODULE[:FUNC] to import")
    p.add_argument("--batch", type=int, default=1)
    p.add_argument("--scale", type=float, default=0.25, help="shrink channels and images")
    p.add_argument("--candidate-budget", type=float, default=0.5)
    args = p.parse_args(argv)
    if args.op == "test.conv2d":
        from . import testing
        testing.install_conv()
    for name in args.module:
        mod, _, fn = name.partition(":")
        m = importlib.import_module(mod)
        if fn:
            getattr(m, fn)()
    layers = resnet50_conv_problems(args.op, args.batch, scale=args.scale,
                                    backend=None if args.op == "test.conv2d" else "cpu")
    report = compare_strategies(args.op, [p for p, _ in layers], [c for _, c in layers],
                                options=ProfileOptions(candidate_budget=args.candidate_budget))
    print(report.table())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
