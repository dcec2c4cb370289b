"""The entry registry: how a suite says what to measure.

An *entry* is a function decorated with :func:`entry`. The harness calls it once per parameter
set with ``(p, ctx)`` (``p`` a dict, ``ctx`` a :class:`tiledsl.perf.context.Context`) and gets
back a :class:`Case`: the implementations to time side by side, which of them are *ours*
(tiledsl) and which are *references*, and the work done (FLOPs, bytes moved) so that times turn
into throughput and a fraction of the roofline.

Adding an entry for a new kernel takes a few lines::

    from tiledsl.perf import entry, Case

    @entry("norms", "group_norm", params=[dict(rows=4096, cols=c) for c in (256, 1024)],
           quick=[dict(rows=1024, cols=1024)])
    def group_norm(p, ctx):
        x = ctx.randn(p["rows"], p["cols"])
        case = Case(flops=8 * x.numel(), bytes=2 * ctx.nbytes(x))
        case.ours("tiledsl", lambda: ctx.kernels().group_norm(x, 4))
        case.ref("torch", lambda: torch.nn.functional.group_norm(x, 4))
        return case

Why callables rather than results: the harness owns warm-up, interleaving (ours and the
references alternate, ABAB..., so that machine noise hits them alike), repetition and timing.
Why "unavailable" is not an error: the kernel library is written after this harness, so an
implementation that cannot be imported yet (``ImportError``, :class:`Unavailable`) is reported
as ``unavailable: <why>`` while the references of the same entry still run.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable


class Unavailable(Exception):
    """Raised (by an entry or an implementation) when it cannot run here; carries the reason."""


@dataclass
class Impl:
    """One timed implementation.

    ``fn`` is called with no arguments and returns the output (checked against the first
    reference). ``setup`` (optional) runs untimed before every single call: one-shot
    measurements (cold compiles, FastRun searches) use it to reset state, which forces one call
    per sample. ``backend`` names the tiledsl backend that ``fn`` must run under: ``"run"`` (the
    default for ours) is the backend chosen on the command line, ``None`` (references) enters no
    backend scope; the harness enters ``tiled.backend(...)`` around each sample.
    """

    name: str
    fn: Callable[[], Any]
    role: str = "ours"               # "ours" or "ref"
    setup: Callable[[], Any] | None = None
    backend: str | None = "run"
    check: bool = True               # compare the output with the reference's
    compare: bool = True             # False: a floor shown for scale, not a ratio target
    note: str = ""


@dataclass
class Case:
    """What one entry measures for one parameter set.

    ``flops`` and ``bytes`` are the work of one call: ``bytes`` counts the compulsory traffic
    (every input read once, every output written once), so GB/s is comparable with the copy
    bandwidth. ``timer`` is ``"device"`` (CUDA events on a GPU, wall clock on a CPU) or
    ``"wall"`` (host wall clock with a sync at the end, for launch overhead and compile times).
    ``rtol``/``atol`` bound the check of ours against the first reference.
    """

    flops: float = 0.0
    bytes: float = 0.0
    label: str = ""
    size: float | None = None          # x coordinate for throughput-vs-size plots
    timer: str = "device"
    dtype: str = "float32"              # picks the compute roof (peak FLOP/s of this dtype)
    unit: str = ""                      # "" (throughput) or "us"/"ms" for latency-only entries
    rtol: float = 1e-3
    atol: float = 1e-3
    impls: list[Impl] = field(default_factory=list)

    def ours(self, name: str, fn: Callable[[], Any], **kw) -> "Case":
        """Add a tiledsl implementation (runs under the backend chosen on the command line)."""
        self.impls.append(Impl(name, fn, role="ours", **kw))
        return self

    def ref(self, name: str, fn: Callable[[], Any], **kw) -> "Case":
        """Add a reference implementation (numpy, torch, cuBLAS, Triton, ...)."""
        kw.setdefault("backend", None)
        self.impls.append(Impl(name, fn, role="ref", **kw))
        return self

    def unavailable(self, name: str, why: str, role: str = "ours") -> "Case":
        """Record an implementation that cannot run here, so the report still lists it."""

        def _raise():
            raise Unavailable(why)

        self.impls.append(Impl(name, _raise, role=role, backend=None))
        return self


@dataclass
class Entry:
    """A registered entry: a suite name, an entry name and the parameter sets to run."""

    suite: str
    name: str
    fn: Callable[[dict, Any], Case]
    params: list[dict]
    quick: list[dict]
    devices: tuple[str, ...]
    doc: str = ""

    @property
    def key(self) -> str:
        return f"{self.suite}/{self.name}"

    def param_sets(self, quick: bool, device: str) -> list[dict]:
        """The parameter sets for a run; a set may carry ``"device": "gpu"`` to restrict it."""
        chosen = self.quick if quick else self.params
        return [p for p in chosen if p.get("device", device) == device]


REGISTRY: dict[str, Entry] = {}


def entry(suite: str, name: str, params: list[dict], quick: list[dict] | None = None,
          devices: tuple[str, ...] = ("cpu", "gpu")):
    """Register ``fn(p, ctx) -> Case`` as entry ``suite/name``.

    ``params`` is the full sweep and ``quick`` the subset used by ``--quick`` (default: the
    first parameter set). A parameter dict may hold ``"device": "cpu"`` or ``"gpu"`` to appear
    only on that device, which is how one entry carries CPU-sized and GPU-sized sweeps.
    """

    def deco(fn):
        key = f"{suite}/{name}"
        if key in REGISTRY:
            raise ValueError(f"perf entry {key} registered twice")
        REGISTRY[key] = Entry(suite, name, fn, list(params),
                              list(quick) if quick is not None else list(params[:1]),
                              tuple(devices), (fn.__doc__ or "").strip().split("\n")[0])
        return fn

    return deco


def suites() -> list[str]:
    """Suite names in registration order."""
    seen: dict[str, None] = {}
    for e in REGISTRY.values():
        seen.setdefault(e.suite)
    return list(seen)


def label_of(p: dict) -> str:
    """A short label for a parameter set, e.g. ``M=512 N=512 K=512 float32``."""
    parts = []
    for k, v in p.items():
        if k == "device":
            continue
        parts.append(str(v) if k in ("dtype", "layer", "layout") else f"{k}={v}")
    return " ".join(parts)
