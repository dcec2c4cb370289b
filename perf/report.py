"""Output: run metadata, JSON, a Markdown table and matplotlib plots (Agg, no display needed).

Every number in the outputs comes from one process: the references and the roofline were
measured next to ours, so the ratios hold even where the absolute numbers drift between runs.
"""
from __future__ import annotations

import datetime as _dt
import json
import math
import os
import platform
import re
import subprocess
from pathlib import Path

from .registry import label_of


def _git(*args: str) -> str | None:
    try:
        out = subprocess.run(["git", *args], capture_output=True, text=True, timeout=10,
                             cwd=Path(__file__).resolve().parent)
        return out.stdout.strip() if out.returncode == 0 else None
    except (OSError, subprocess.SubprocessError):
        return None


def _cpu_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _version(mod: str) -> str | None:
    try:
        m = __import__(mod)
        return getattr(m, "__version__", "?")
    except Exception:  # noqa: BLE001 - an absent module just has no version
        return None


def metadata(ctx, args) -> dict:
    """Device, library versions, date and git commit of this run."""
    torch = ctx.torch
    if ctx.device == "gpu":
        props = torch.cuda.get_device_properties(0)
        device = {"kind": "gpu", "name": props.name, "sms": props.multi_processor_count,
                  "memory_GiB": round(props.total_memory / 2 ** 30, 1),
                  "l2_MiB": round(getattr(props, "L2_cache_size", 0) / 2 ** 20, 1),
                  "cuda": torch.version.cuda}
    else:
        device = {"kind": "cpu", "name": _cpu_name(), "cores": os.cpu_count(),
                  "torch_threads": torch.get_num_threads()}
    versions = {m: _version(m) for m in ("numpy", "torch", "llvmlite", "triton", "cupy",
                                         "pyopencl", "matplotlib")}
    versions["python"] = platform.python_version()
    commit = _git("rev-parse", "HEAD")
    dirty = bool(_git("status", "--porcelain", "--untracked-files=no"))
    try:
        device["loadavg_1_5_15"] = [round(x, 2) for x in os.getloadavg()]
    except OSError:
        pass
    return {"device": device, "backend": ctx.backend, "quick": ctx.quick,
            "versions": versions, "date": _dt.datetime.now(_dt.timezone.utc).isoformat(
                timespec="seconds"),
            "git": {"commit": commit, "dirty": dirty}, "host": platform.node(),
            "argv": list(args)}


def env_snapshot() -> dict:
    """The environment variables that change what a benchmark measures."""
    return {k: os.environ[k] for k in sorted(os.environ) if k.startswith(
        ("OMP_", "MKL_", "OPENBLAS_", "TILEDSL_", "TRITON_", "CUDA_VISIBLE"))}


def device_slug(ctx) -> str:
    """A short directory-safe device name: ``cpu`` or e.g. ``nvidia-h100-80gb-hbm3``."""
    if ctx.device == "gpu":
        name = ctx.torch.cuda.get_device_name(0)
        return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return "cpu"


# -- formatting -----------------------------------------------------------------------------

def fmt_time(s: float | None) -> str:
    if s is None:
        return "-"
    for unit, scale in (("s", 1), ("ms", 1e-3), ("us", 1e-6)):
        if s >= scale:
            return f"{s / scale:.3g} {unit}"
    return f"{s / 1e-9:.3g} ns"


def _f(v, spec="{:.3g}") -> str:
    return "-" if v is None else spec.format(v)


def row_cells(r: dict) -> list[str]:
    """Table cells of one result row (shared by the console and the Markdown table)."""
    if r["status"] != "ok":
        return [r["impl"], r["status"], "", "", "", "", "", r.get("reason", "")]
    spread = f"{fmt_time(r['p25_s'])}..{fmt_time(r['p75_s'])}"
    note = []
    if r.get("check_ok") is False:
        note.append(f"WRONG (max err {r['max_err']:.3g} vs {r['checked_against']})")
    if r.get("vs_cpu_backend") is not None:
        note.append(f"{r['vs_cpu_backend']:.3g}x vs cpu backend")
    if r.get("l2_resident"):
        note.append("L2-resident")
    if r.get("reason"):
        note.append(r["reason"])
    roof = None if r.get("roof_frac") is None else f"{100 * r['roof_frac']:.1f}%"
    vs = None if r.get("vs_best_ref") is None else f"{r['vs_best_ref']:.3g}x {r['best_ref']}"
    return [r["impl"], fmt_time(r["median_s"]), spread, _f(r.get("gflops")),
            _f(r.get("gbs")), roof or "-", vs or "-", "; ".join(note)]


HEADER = ["impl", "median", "p25..p75", "GFLOP/s", "GB/s", "roof", "vs best ref", "note"]


def summary(results: list[dict]) -> list[dict]:
    """Per entry and implementation of ours: geometric mean of ``vs_best_ref`` and counts."""
    groups: dict[tuple, list[dict]] = {}
    for r in results:
        if r.get("role") == "ours":
            groups.setdefault((r["entry"], r["impl"]), []).append(r)
    out = []
    for (key, impl), rows in groups.items():
        ratios = [r["vs_best_ref"] for r in rows if r["status"] == "ok" and r.get("vs_best_ref")]
        wrong = sum(1 for r in rows if r.get("check_ok") is False)
        geo = math.exp(sum(math.log(x) for x in ratios) / len(ratios)) if ratios else None
        statuses = sorted({r["status"] for r in rows if r["status"] != "ok"})
        out.append({"entry": key, "impl": impl, "geomean_vs_best_ref": geo,
                    "ok": sum(r["status"] == "ok" for r in rows), "of": len(rows),
                    "wrong": wrong, "other": ", ".join(statuses)})
    return out


def markdown(meta: dict, roof: dict, results: list[dict]) -> str:
    """The whole run as Markdown: metadata, roofline numbers and one table per entry."""
    dev = meta["device"]
    lines = [f"# tiledsl perf: {dev['name']} ({meta['backend']} backend)", "",
             f"- date: {meta['date']}, commit `{(meta['git']['commit'] or '?')[:12]}`"
             f"{' (dirty)' if meta['git']['dirty'] else ''}, quick: {meta['quick']}",
             "- versions: " + ", ".join(f"{k} {v}" for k, v in meta["versions"].items() if v),
             f"- copy bandwidth: {roof['copy_GBps']:.1f} GB/s (read + write)",
             f"- load average at the end (1/5/15 min): {dev.get('loadavg_1_5_15', '?')}"
             + (f" on {dev['cores']} cores" if dev.get("cores") else ""),
             "- peak (best library matmul): " + ", ".join(
                 f"{k} {v:.0f} GFLOP/s" for k, v in roof["peak_GFLOPs"].items()),
             "- `vs best ref` = reference time / this time (above 1: faster than the fastest "
             "reference)", ""]
    summ = summary(results)
    if summ:
        lines += ["## Summary (ours)", "",
                  "| entry | impl | geomean vs best ref | ran | wrong | not run |",
                  "|---|---|---|---|---|---|"]
        for s in summ:
            geo = "-" if s["geomean_vs_best_ref"] is None else f"{s['geomean_vs_best_ref']:.3g}x"
            lines.append(f"| {s['entry']} | {s['impl']} | {geo} | {s['ok']}/{s['of']} | "
                         f"{s['wrong']} | {s['other']} |")
        lines.append("")
    by_entry: dict[str, list[dict]] = {}
    for r in results:
        by_entry.setdefault(r["entry"], []).append(r)
    for key, rows in by_entry.items():
        lines += [f"## {key}", "", "| params | " + " | ".join(HEADER) + " |",
                  "|" + "---|" * (len(HEADER) + 1)]
        last = None
        for r in rows:
            label = r["label"] if r["label"] != last else ""
            last = r["label"]
            cells = [label] + row_cells(r)
            lines.append("| " + " | ".join(c.replace("|", "/") for c in cells) + " |")
        lines.append("")
    return "\n".join(lines)


def write_json(path: Path, meta: dict, roof: dict, results: list[dict]) -> None:
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps({**meta, "roofline": roof, "results": results}, indent=1))
    os.replace(tmp, path)


# -- plots ----------------------------------------------------------------------------------

def _plt():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def plot_entries(out: Path, results: list[dict]) -> list[Path]:
    """One PNG per entry with more than one parameter set: throughput vs size per impl."""
    plt = _plt()
    paths = []
    by_entry: dict[str, list[dict]] = {}
    for r in results:
        by_entry.setdefault(r["entry"], []).append(r)
    for key, rows in by_entry.items():
        ok = [r for r in rows if r["status"] == "ok"]
        dtypes = list(dict.fromkeys(r["params"].get("dtype") for r in ok))

        def xlabel(r):
            # Several dtypes: one line per (impl, dtype) over the sizes, not dtype on the x axis.
            p = {k: v for k, v in r["params"].items() if not (len(dtypes) > 1 and k == "dtype")}
            return label_of(p)

        labels = list(dict.fromkeys(xlabel(r) for r in rows))
        if not ok or len(labels) < 2:
            continue
        latency = all(r.get("gflops") is None and r.get("gbs") is None for r in ok)
        use_flops = any(r.get("gflops") for r in ok)
        metric = "median_s" if latency else ("gflops" if use_flops else "gbs")
        ylabel = {"median_s": "time per call (s)", "gflops": "GFLOP/s", "gbs": "GB/s"}[metric]
        fig, ax = plt.subplots(figsize=(max(6, 0.7 * len(labels) + 3), 4.2))
        for impl, dt in dict.fromkeys((r["impl"], r["params"].get("dtype")) for r in ok):
            sel = [r for r in ok if r["impl"] == impl and r["params"].get("dtype") == dt
                   and r.get(metric)]
            if not sel:
                continue
            xs = [labels.index(xlabel(r)) for r in sel]
            ys = [r[metric] for r in sel]
            style = "-o" if sel[0]["role"] == "ours" else "--s"
            name = impl if len(dtypes) < 2 else f"{impl} {dt}"
            ax.plot(xs, ys, style, label=name, markersize=4)
            bad = [(x, y) for x, y, r in zip(xs, ys, sel) if r.get("check_ok") is False]
            if bad:
                ax.plot(*zip(*bad), "rx", markersize=9, mew=2)
        ax.set_xticks(range(len(labels)))
        ax.set_xticklabels(labels, rotation=35, ha="right", fontsize=7)
        ax.set_ylabel(ylabel)
        if metric == "median_s":
            ax.set_yscale("log")
        ax.set_title(key + "  (solid: tiledsl, dashed: references, red x: wrong result)",
                     fontsize=9)
        ax.grid(alpha=0.3)
        ax.legend(fontsize=7)
        fig.tight_layout()
        path = out / ("plot-" + key.replace("/", "-") + ".png")
        fig.savefig(path, dpi=110)
        plt.close(fig)
        paths.append(path)
    return paths


def plot_roofline(out: Path, roof: dict, results: list[dict]) -> Path | None:
    """Log-log roofline: arithmetic intensity vs GFLOP/s, one roof per measured dtype."""
    pts = [r for r in results if r["status"] == "ok" and r.get("gflops") and r.get("intensity")]
    if not pts or not roof["copy_GBps"]:
        return None
    plt = _plt()
    import numpy as np

    bw = roof["copy_GBps"]
    xs = [r["intensity"] for r in pts]
    x = np.logspace(np.log10(min(xs) / 2), np.log10(max(xs) * 2), 200)
    fig, ax = plt.subplots(figsize=(7.5, 5))
    peaks = roof["peak_GFLOPs"] or {"(no peak measured)": float("inf")}
    for name, peak in peaks.items():
        ax.plot(x, np.minimum(x * bw, peak), "k-" if name == "float32" else "k:", lw=1,
                label=f"roof {name}: {peak:.0f} GFLOP/s, {bw:.0f} GB/s")
    suites = sorted({r["suite"] for r in pts})
    markers = dict(zip(suites, "os^vD<>ph*"))
    colors = {"ours": "tab:blue", "ref": "tab:orange"}
    for s in suites:
        for role in ("ours", "ref"):
            sel = [r for r in pts if r["suite"] == s and r["role"] == role]
            if sel:
                ax.scatter([r["intensity"] for r in sel], [r["gflops"] for r in sel],
                           marker=markers[s], c=colors[role], s=18, alpha=0.7,
                           label=f"{s} ({'tiledsl' if role == 'ours' else 'reference'})")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("arithmetic intensity (FLOP / compulsory byte)")
    ax.set_ylabel("GFLOP/s")
    ax.grid(alpha=0.3, which="both")
    ax.legend(fontsize=7)
    ax.set_title("roofline (peaks and bandwidth measured in this run)", fontsize=9)
    fig.tight_layout()
    path = out / "roofline.png"
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def replot(folder: str) -> int:
    """Rewrite ``results.md`` and the PNGs of a run folder from its ``results.json``."""
    out = Path(folder)
    data = json.loads((out / "results.json").read_text())
    results, roof = data.pop("results"), data.pop("roofline")
    (out / "results.md").write_text(markdown(data, roof, results))
    paths = plot_entries(out, results)
    rp = plot_roofline(out, roof, results)
    print(f"wrote results.md and {len(paths) + bool(rp)} plots to {out}")
    return 0
