"""The run loop: select entries, build cases, time them, derive throughput/roof/ratios, report."""
from __future__ import annotations

import datetime as _dt
import importlib
import os
import sys
import time
import traceback
from pathlib import Path

from . import report
from .context import Context
from .measure import Policy, Roofline, time_case
from .registry import REGISTRY, Case, Impl, Unavailable, label_of

#: Modules that register entries (imported for their ``@entry`` side effects).
SUITE_MODULES = ("gemm", "conv", "norms", "overhead", "search", "tutorials", "opencl_gpu", "cpu_backend", "norms_more")

DEFAULT_BACKEND = {"cpu": "cpu", "gpu": "ptx"}

#: Relative shares of a ``--budget`` (suites not listed weigh 1). GEMM and conv have the most
#: parameter sets and implementations (and, on a GPU, Triton's autotuning in their warm-ups).
SUITE_WEIGHTS = {"gemm": 3.0, "conv": 3.0, "norms": 1.5, "launch": 0.5}


def load_suites() -> list[str]:
    """Import every suite module; a module that fails to import is reported, not fatal."""
    problems = []
    for mod in SUITE_MODULES:
        try:
            importlib.import_module(f"{__package__}.{mod}")
        except Exception as exc:  # noqa: BLE001
            problems.append(f"suite module {mod}: {type(exc).__name__}: {exc}")
    return problems


def _expand(case: Case, ctx: Context) -> None:
    """Resolve ``backend="run"`` and add the cpu-backend reference for OpenCL runs.

    The brief's reference for the OpenCL backend is our own ``cpu`` backend on the same
    kernel: same algorithm, different code generator, so the ratio isolates the OpenCL path.
    """
    extra = []
    for impl in case.impls:
        if impl.backend == "run":
            impl.backend = ctx.backend
            if ctx.backend == "opencl" and ctx.device == "cpu" and impl.role == "ours":
                extra.append(Impl(f"{impl.name}@cpu", impl.fn, role="ref", setup=impl.setup,
                                  backend="cpu", check=impl.check))
    case.impls.extend(extra)


def _derive(rows: list[dict], case: Case, roof: Roofline, l2_bytes: int) -> None:
    """Throughput, intensity, roofline fraction and the ratio to the fastest reference."""
    comparable = {i.name for i in case.impls if i.compare}
    refs = [r for r in rows if r["role"] == "ref" and r["status"] == "ok"
            and r["impl"] in comparable]
    best = min(refs, key=lambda r: r["median_s"]) if refs else None
    for r in rows:
        if r["status"] != "ok":
            continue
        t = r["median_s"]
        if not case.unit:
            r["gflops"] = case.flops / t / 1e9 if case.flops > 0 else None
            r["gbs"] = case.bytes / t / 1e9 if case.bytes > 0 else None
            r["intensity"] = case.flops / case.bytes if case.flops and case.bytes else None
            r["roof_frac"] = roof.fraction(case.flops, case.bytes, case.dtype, t)
            r["l2_resident"] = bool(l2_bytes and 0 < case.bytes < l2_bytes)
        if best is not None:
            r["best_ref"] = best["impl"]
            r["vs_best_ref"] = best["median_s"] / t
        twin = next((x for x in rows if x["impl"] == f"{r['impl']}@cpu" and x["status"] == "ok"),
                    None)
        if twin is not None:
            # OpenCL runs: the same kernel on our cpu backend is the reference that matters.
            r["vs_cpu_backend"] = twin["median_s"] / t


def _print_row(label: str, r: dict) -> None:
    cells = report.row_cells(r)
    if r["status"] != "ok":
        print(f"  {label:<34} {cells[0]:<22} {r['status']}: {cells[-1]}", flush=True)
        return
    print(f"  {label:<34} {cells[0]:<22} {cells[1]:>10} [{cells[2]}]  GFLOP/s {cells[3]:>7}  "
          f"GB/s {cells[4]:>7}  roof {cells[5]:>6}  vs ref {cells[6]}  {cells[7]}", flush=True)


def select(suites: list[str], pattern: str | None, device: str) -> list:
    chosen = []
    for e in REGISTRY.values():
        if suites and e.suite not in suites and e.key not in suites:
            continue
        if pattern and pattern not in e.key:
            continue
        if device in e.devices:
            chosen.append(e)
    return chosen


def _run_entries(entries, args, ctx, policy, roof, l2, t_start, results) -> None:
    """Build and time every parameter set of ``entries``, appending rows to ``results``."""
    device = ctx.device
    suite_order = list(dict.fromkeys(e.suite for e in entries))
    deadline, current = None, None
    for e in entries:
        if args.budget and (deadline is None or e.suite != current):
            # Each suite gets its weighted share of what is left, so a slow suite cannot
            # starve the ones after it; time a suite leaves unused flows on to the next.
            current = e.suite
            weights = [SUITE_WEIGHTS.get(s, 1.0) for s in suite_order[suite_order.index(current):]]
            now = time.perf_counter()
            left = max(0.0, args.budget - (now - t_start))
            deadline = now + left * weights[0] / sum(weights)
        print(f"\n== {e.key}" + (f": {e.doc}" if e.doc else ""), flush=True)
        for p in e.param_sets(args.quick, device):
            label = label_of(p)
            base = {"suite": e.suite, "entry": e.key, "label": label,
                    "params": {k: v for k, v in p.items() if k != "device"}}
            if deadline is not None and time.perf_counter() > deadline:
                row = {**base, "impl": "*", "role": "-", "status": "skipped",
                       "reason": f"suite's share of the {args.budget:.0f} s budget spent"}
                results.append(row)
                _print_row(label, row)
                continue
            try:
                case = e.fn(p, ctx)
            except Exception as exc:  # noqa: BLE001
                status = "unavailable" if isinstance(exc, (Unavailable, ImportError)) else "error"
                row = {**base, "impl": "*", "role": "-", "status": status,
                       "reason": f"{type(exc).__name__}: {exc}"[:300]}
                if status == "error" and args.verbose:
                    traceback.print_exc()
                results.append(row)
                _print_row(label, row)
                continue
            _expand(case, ctx)
            env_before = dict(os.environ)
            try:
                # The suite's share gates starting a parameter set; inside one, only the
                # whole run's budget cuts implementations short.
                rows = time_case(case, ctx, policy,
                                 t_start + args.budget if args.budget else None)
            finally:
                _restore_env(env_before)      # entries point cache knobs at temporary folders
            _derive(rows, case, roof, l2)
            for r in rows:
                r.update(base, flops=case.flops, bytes=case.bytes, dtype=case.dtype,
                         unit=case.unit)
                if case.size is not None:
                    r["size"] = case.size
                results.append(r)
                _print_row(label, r)
            del case
            if ctx.device == "gpu":
                ctx.torch.cuda.empty_cache()


def run(args) -> int:
    """Run the selected suites and write JSON, Markdown and plots; returns an exit status."""
    t_start = time.perf_counter()
    env_at_start = report.env_snapshot()
    problems = load_suites()
    for p in problems:
        print("warning:", p, file=sys.stderr)
    device = args.device or _auto_device()
    backend = args.backend or DEFAULT_BACKEND[device]
    if device == "gpu" and _auto_device() != "gpu":
        print("--device gpu: torch sees no CUDA device", file=sys.stderr)
        return 2
    ctx = Context(device, backend, args.quick)
    if device == "gpu":
        ctx.torch.backends.cudnn.benchmark = True
    policy = Policy.for_run(device, args.quick)
    if args.reps:
        policy.reps = args.reps
    entries = select(args.suites, args.filter, device)
    unknown = [s for s in args.suites if s not in {e.suite for e in REGISTRY.values()}
               and s not in REGISTRY]
    if unknown:
        print(f"unknown suite(s): {', '.join(unknown)}", file=sys.stderr)
        return 2

    roof = Roofline(ctx)
    print(f"device {device}, backend {backend}, quick={args.quick}; measuring the roofline...",
          flush=True)
    if device == "cpu" and hasattr(os, "getloadavg") and os.getloadavg()[0] > os.cpu_count():
        print(f"  warning: load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores: "
              "other processes share this machine; trust only same-run ratios", flush=True)
    roof.bandwidth()
    roof.peak("float32")
    print(f"  copy {roof.copy_bw / 1e9:.1f} GB/s, float32 peak "
          f"{roof.peak_flops['float32'] / 1e9:.0f} GFLOP/s", flush=True)
    l2 = 0
    if device == "gpu":
        l2 = getattr(ctx.torch.cuda.get_device_properties(0), "L2_cache_size", 0)

    results: list[dict] = []
    try:
        _run_entries(entries, args, ctx, policy, roof, l2, t_start, results)
    except KeyboardInterrupt:
        # `timeout --signal=INT` (gpu_run.sh) or Ctrl-C: keep what was measured.
        print("\ninterrupted: writing the results measured so far", file=sys.stderr)
        results.append({"suite": "-", "entry": "-", "label": "-", "params": {}, "impl": "*",
                        "role": "-", "status": "interrupted", "reason": "KeyboardInterrupt"})

    print("\nmeasuring the roofline again (the better of start and end counts)...", flush=True)
    roof.remeasure()
    for r in results:
        if r["status"] == "ok" and not r.get("unit") and r.get("roof_frac") is not None:
            r["roof_frac"] = roof.fraction(r["flops"], r["bytes"], r["dtype"], r["median_s"])

    out = Path(args.out) if args.out else default_out(ctx)
    out.mkdir(parents=True, exist_ok=True)
    meta = report.metadata(ctx, sys.argv)
    meta["elapsed_s"] = round(time.perf_counter() - t_start, 1)
    meta["env"] = env_at_start
    roof_d = roof.as_dict()
    report.write_json(out / "results.json", meta, roof_d, results)
    (out / "results.md").write_text(report.markdown(meta, roof_d, results))
    written = ["results.json", "results.md"]
    if not args.no_plots:
        try:
            paths = report.plot_entries(out, results)
            rp = report.plot_roofline(out, roof_d, results)
            written += [p.name for p in paths] + ([rp.name] if rp else [])
        except ImportError as exc:
            print(f"no plots: {exc} (pip install matplotlib, or tiledsl[perf])", file=sys.stderr)
    print(f"\nwrote {len(written)} files to {out} in {time.perf_counter() - t_start:.0f} s")
    return 0


def _restore_env(before: dict) -> None:
    for k in set(os.environ) - set(before):
        del os.environ[k]
    for k, v in before.items():
        if os.environ.get(k) != v:
            os.environ[k] = v


def _auto_device() -> str:
    try:
        import torch

        return "gpu" if torch.cuda.is_available() else "cpu"
    except ImportError:
        return "cpu"


def default_out(ctx: Context) -> Path:
    """``docs/perf/<device>[-<backend>]-<date>/``: the backend is named when not the default."""
    slug = report.device_slug(ctx)
    if ctx.backend != DEFAULT_BACKEND[ctx.device]:
        slug += f"-{ctx.backend}"
    if ctx.quick:
        slug += "-quick"
    return Path("docs/perf") / f"{slug}-{_dt.date.today().isoformat()}"
