"""Command line: ``python -m tiledsl.perf [suites...] [--quick] [--device cpu|gpu] ...``."""
from __future__ import annotations

import argparse
import os
import sys


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m tiledsl.perf",
        description="Time tiledsl kernels against numpy/torch/cuBLAS/cuDNN/Triton in one "
                    "process; write results.json, results.md and PNG plots.")
    p.add_argument("suites", nargs="*",
                   help="suites (gemm conv norms softmax launch compile fastrun tutorials) or "
                        "suite/entry keys; default: all")
    p.add_argument("--quick", action="store_true",
                   help="small parameter sets and few repetitions (about 5 min on 2 cores)")
    p.add_argument("--device", choices=["cpu", "gpu"], default=None,
                   help="default: gpu when torch sees CUDA, else cpu")
    p.add_argument("--backend", choices=["cpu", "opencl", "ptx", "interp"], default=None,
                   help="tiledsl backend for our kernels (default: cpu on cpu, ptx on gpu)")
    p.add_argument("--out", default=None,
                   help="output folder (default docs/perf/<device>-<date>/)")
    p.add_argument("--filter", default=None, help="only entries whose suite/name contains this")
    p.add_argument("--budget", type=float, default=None,
                   help="seconds; parameter sets reached after this are reported as skipped")
    p.add_argument("--reps", type=int, default=None, help="repetitions per implementation")
    p.add_argument("--no-plots", action="store_true", help="skip the matplotlib plots")
    p.add_argument("--list", action="store_true", help="list the entries and exit")
    p.add_argument("--replot", metavar="DIR", default=None,
                   help="rewrite results.md and the plots from DIR/results.json (e.g. a GPU "
                        "run made where matplotlib is missing) and exit")
    p.add_argument("-v", "--verbose", action="store_true", help="tracebacks for entry errors")
    return p


def _calm_thread_pools() -> None:
    """Make idle OpenMP workers sleep instead of spinning (unless the user chose otherwise).

    Interleaving torch (OpenMP), numpy (OpenBLAS) and our own thread pool on a few cores is
    unfair under the default active wait: torch's spinning workers steal the cores from
    whatever runs next (measured on 2 cores: a 128x128 torch matmul took 0.6-1.9 ms spinning,
    65 us with passive waiting). libgomp reads this when torch loads, so it is set here,
    before anything imports torch.
    """
    if "torch" not in sys.modules:
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    _calm_thread_pools()
    from . import runner

    if args.quick and args.budget is None:
        from .quick import QUICK_BUDGET_S

        args.budget = QUICK_BUDGET_S
    if args.replot:
        from .report import replot

        return replot(args.replot)
    if args.list:
        for problem in runner.load_suites():
            print("warning:", problem)
        from .registry import REGISTRY

        for e in REGISTRY.values():
            print(f"{e.key:<28} {len(e.params):>3} sets, {len(e.quick):>2} quick, "
                  f"{'/'.join(e.devices):<8} {e.doc}")
        return 0
    return runner.run(args)


if __name__ == "__main__":
    sys.exit(main())
