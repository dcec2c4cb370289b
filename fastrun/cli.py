"""``tiledsl fastrun {search,show,merge,export,import,prune,coverage}``.

Algorithms are registered by importing the modules that define them: the kernel library
(``tiledsl.kernels``) is imported when present, and ``--module/-m NAME`` imports more
(repeatable), e.g. ``-m tiledsl.fastrun.testing:install`` (``module:function`` also calls
the function).
"""
from __future__ import annotations

import argparse
import importlib
import json
import sys
from dataclasses import replace

from . import policy, search as ops
from .fingerprint import cpu_fingerprint
from .store import get_store


def _load_modules(names: list[str], quiet_default: bool) -> None:
    if not quiet_default:
        try:
            importlib.import_module("tiledsl.kernels")
        except Exception:  # the library may be absent or mid-development; -m still works
            pass
    for name in names:
        module_name, _, func = name.partition(":")
        module = importlib.import_module(module_name)
        if func:
            getattr(module, func)()


def _settings(args: argparse.Namespace) -> policy.Settings:
    s = policy.settings()
    changes = {}
    if getattr(args, "reproducible", False):
        changes["reproducible"] = True
    if getattr(args, "workspace", None):
        changes["workspace_limit"] = policy.parse_size(args.workspace)
    opts = {}
    if getattr(args, "candidate_budget", None) is not None:
        opts["candidate_budget"] = args.candidate_budget
    if getattr(args, "problem_budget", None) is not None:
        opts["search_budget"] = args.problem_budget
    if opts:
        changes["options"] = replace(s.options, **opts)
    if args.cache:
        changes["cache"] = args.cache
    return replace(s, **changes)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for documentation and tests)."""
    p = argparse.ArgumentParser(prog="tiledsl fastrun",
                                description="Maintain the FastRun algorithm cache.")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--cache", help="cache file (default: TILEDSL_FASTRUN_CACHE or "
                                        "~/.cache/tiledsl/fastrun.sqlite3)")
    common.add_argument("-m", "--module", action="append", default=[],
                        help="import MODULE[:FUNC] to register algorithms (repeatable)")
    common.add_argument("--no-default-modules", action="store_true",
                        help="do not import tiledsl.kernels")
    sub = p.add_subparsers(dest="action", required=True)

    s = sub.add_parser("search", parents=[common], help="profile recorded problems")
    s.add_argument("--workload", help="only problems recorded under this workload name")
    s.add_argument("--op", action="append", help="only these ops (repeatable)")
    s.add_argument("--budget", type=float, help="seconds for the whole search (resumable)")
    s.add_argument("--problem-budget", type=float, help="seconds per problem")
    s.add_argument("--candidate-budget", type=float, help="seconds per candidate")
    s.add_argument("--force", action="store_true", help="re-profile cached problems too")
    s.add_argument("--reproducible", action="store_true", help="reproducible algorithms only")
    s.add_argument("--workspace", help="workspace limit, e.g. 512M")
    s.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")

    s = sub.add_parser("show", parents=[common], help="print cached rankings")
    s.add_argument("--op", help="only this op")
    s.add_argument("--device", help="only this device id")
    s.add_argument("--limit", type=int, help="at most this many problems")
    s.add_argument("--json", action="store_true", help="print the JSON export instead")

    s = sub.add_parser("merge", parents=[common], help="merge other caches into this one")
    s.add_argument("sources", nargs="+", help="SQLite cache files or JSON exports")

    s = sub.add_parser("export", parents=[common], help="write the cache as JSON")
    s.add_argument("output", help="JSON file to write")
    s.add_argument("--device", help="only this device id")
    s.add_argument("--op", help="only this op")

    s = sub.add_parser("import", parents=[common], help="merge a JSON export")
    s.add_argument("input", help="JSON file to read")
    s.add_argument("--retarget", action="store_true",
                   help="file rows of the same hardware type under this machine's device")

    s = sub.add_parser("prune", parents=[common], help="delete stale or old rows")
    s.add_argument("--no-stale", action="store_true",
                   help="keep rows of changed or removed algorithms")
    s.add_argument("--older-than", type=float, metavar="DAYS", help="rows older than DAYS")
    s.add_argument("--device", help="every row of this device id")
    s.add_argument("--op", help="every row of this op")

    s = sub.add_parser("coverage", parents=[common],
                       help="how many recorded calls the cache answers")
    s.add_argument("--workload", help="only this workload")
    s.add_argument("--json", action="store_true", help="machine-readable output")
    s.add_argument("--fail-under", type=float, metavar="RATIO",
                   help="exit 1 when the hit ratio is below RATIO (0..1)")
    return p


def main(argv: list[str] | None = None) -> int:
    """Run one ``tiledsl fastrun`` action; returns the exit status."""
    args = build_parser().parse_args(argv)
    _load_modules(args.module, args.no_default_modules)
    s = _settings(args)
    cache = s.cache
    out = sys.stdout
    if args.action in ("show", "export", "coverage", "prune"):
        from pathlib import Path
        from .store import default_path
        path = Path(cache) if cache else default_path()
        if not path.exists():  # reading commands must not create an empty cache
            sys.stderr.write(f"tiledsl fastrun {args.action}: no cache at {path}\n")
            return 1
    if args.action == "search":
        report = ops.search(cache, workload=args.workload, ops=args.op, budget=args.budget,
                            force=args.force, progress=not args.no_progress, s=s)
        out.write(report.summary() + "\n")
        for label, reason in report.failed:
            out.write(f"  failed: {label}: {reason}\n")
        return 1 if report.failed and not report.searched and not report.cached else 0
    if args.action == "show":
        if args.json:
            data = get_store(cache).export(args.device,
                                           policy.NAMESPACE + args.op if args.op else None)
            out.write(json.dumps(data, indent=1, sort_keys=True) + "\n")
        else:
            out.write(ops.show(cache, namespace=policy.NAMESPACE + args.op if args.op else None,
                               device=args.device, limit=args.limit) + "\n")
            out.write(f"this machine (cpu backend): {cpu_fingerprint()}\n")
        return 0
    if args.action == "merge":
        n = ops.merge(args.sources, cache)
        out.write(f"merged {n} rows into {get_store(cache).path}\n")
        return 0
    if args.action == "export":
        n = ops.export_file(args.output, cache, device=args.device,
                            namespace=policy.NAMESPACE + args.op if args.op else None)
        out.write(f"exported {n} rows to {args.output}\n")
        return 0
    if args.action == "import":
        try:
            n = ops.import_file(args.input, cache, retarget=args.retarget)
        except (OSError, ValueError) as e:
            sys.stderr.write(f"tiledsl fastrun import: {e}\n")
            return 1
        out.write(f"imported {n} rows into {get_store(cache).path}\n")
        return 0
    if args.action == "prune":
        n = ops.prune(cache, stale=not args.no_stale, older_than_days=args.older_than,
                      device=args.device,
                      namespace=policy.NAMESPACE + args.op if args.op else None)
        out.write(f"deleted {n} rows\n")
        return 0
    if args.action == "coverage":
        cov = ops.coverage(cache, workload=args.workload, s=s)
        if args.json:
            out.write(json.dumps(cov, indent=1, sort_keys=True) + "\n")
        else:
            out.write(f"{cov['calls_hit']}/{cov['calls']} calls hit the cache "
                      f"({100 * cov['ratio']:.1f}%), {cov['problems_hit']}/{cov['problems']} "
                      f"distinct problems\n")
            for op, per in sorted(cov["ops"].items()):
                out.write(f"  {op}: {per['calls_hit']}/{per['calls']} calls\n")
            for label in cov["missing"][:20]:
                out.write(f"  missing: {label}\n")
        if args.fail_under is not None and cov["ratio"] < args.fail_under:
            return 1
        return 0
    return 2  # unreachable: argparse requires an action
