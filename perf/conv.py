"""Conv suite: ResNet-50's convolutions, depthwise, and large kernels (7x7 .. 31x31).

Every algorithm that ``tiledsl.kernels.conv2d_algorithms()`` names is timed as its own row
(``tiledsl[<algo>]``, via ``conv2d(..., algo=<algo>)``), plus ``tiledsl[fastrun]`` (``algo=None``,
the FastRun choice), against torch (oneDNN on a CPU; cuDNN with ``cudnn.benchmark=True`` on a
GPU). An algorithm that does not handle a shape should raise ``NotImplementedError`` (or
``tiledsl.errors.UnsupportedError``); the row then reads ``unavailable`` rather than ``error``.

Layouts: CPU runs use NCHW float32 with batch 1 (latency-style inference); GPU runs use NHWC
float16 with batch 32 for ResNet (the anchor configuration in DESIGN.md). For
``layout="NHWC"`` our kernel gets ``x`` as an (N, H, W, C) tensor and returns (N, P, Q, K); the
weight is always torch's (K, C/groups, R, S). torch gets the same bytes through channels-last
views, so both read identical memory layouts.
"""
from __future__ import annotations

import contextlib
import importlib
import math

from .context import scratch
from .registry import Case, entry

# (name, C, K, H=W, R=S, stride) of ResNet-50 v1.5 (stride on the 3x3), input 224x224.
RESNET50 = [
    ("conv1", 3, 64, 224, 7, 2),
    ("l1.1x1a", 64, 64, 56, 1, 1), ("l1.3x3", 64, 64, 56, 3, 1),
    ("l1.1x1b", 64, 256, 56, 1, 1), ("l1.1x1c", 256, 64, 56, 1, 1),
    ("l2.1x1a", 256, 128, 56, 1, 1), ("l2.3x3s2", 128, 128, 56, 3, 2),
    ("l2.3x3", 128, 128, 28, 3, 1), ("l2.1x1b", 128, 512, 28, 1, 1),
    ("l2.down", 256, 512, 56, 1, 2),
    ("l3.3x3s2", 256, 256, 28, 3, 2), ("l3.3x3", 256, 256, 14, 3, 1),
    ("l3.1x1b", 256, 1024, 14, 1, 1), ("l3.1x1c", 1024, 256, 14, 1, 1),
    ("l4.3x3s2", 512, 512, 14, 3, 2), ("l4.3x3", 512, 512, 7, 3, 1),
    ("l4.1x1b", 512, 2048, 7, 1, 1), ("l4.1x1c", 2048, 512, 7, 1, 1),
]
_BY_NAME = {r[0]: r for r in RESNET50}


def conv_case(ctx, n, c, k, h, r, stride=1, groups=1, dilation=1, dtype=None, layout=None):
    """Case for one conv2d with "same"-style padding (r // 2 * dilation)."""
    torch = ctx.torch
    gpu = ctx.device == "gpu"
    dtype = dtype or ("float16" if gpu else "float32")
    layout = layout or ("NHWC" if gpu else "NCHW")
    pad = (r // 2) * dilation
    x = ctx.randn(n, c, h, h, dtype=dtype)
    w = ctx.randn(k, c // groups, r, r, dtype=dtype, scale=1.0 / math.sqrt(c // groups * r * r))
    p = (h + 2 * pad - dilation * (r - 1) - 1) // stride + 1
    red = c // groups * r * r
    if layout == "NHWC":
        x_ours = x.permute(0, 2, 3, 1).contiguous()              # (N, H, W, C) storage
        x_ref = x_ours.permute(0, 3, 1, 2)                       # same bytes, channels-last
        w_ref = w.contiguous(memory_format=torch.channels_last)
    else:
        x_ours = x_ref = x
        w_ref = w
    out_bytes = n * k * p * p * x.element_size()
    eps = 2e-2 if dtype in ("float16", "bfloat16") else 1e-3
    case = Case(flops=2.0 * n * k * p * p * red, bytes=ctx.nbytes(x, w) + out_bytes,
                dtype=dtype, size=float(n) * k * p * p * red, rtol=eps, atol=eps)

    def ref():
        y = torch.nn.functional.conv2d(x_ref, w_ref, None, stride, pad, dilation, groups)
        return y.permute(0, 2, 3, 1) if layout == "NHWC" else y

    try:
        algos = list(ctx.kernel("conv2d_algorithms")())
    except Exception as exc:  # noqa: BLE001 - the kernel library is not there yet
        case.unavailable("tiledsl", str(exc))
        algos = None
    if algos is not None:
        conv2d = ctx.kernel("conv2d")
        for algo in [*algos, None]:
            # algo=None is the FastRun choice, profiled (in the untimed warm-up) into a store
            # private to this run, so the row shows what profiling picks, not the heuristic.
            scope = _fastrun_profile if algo is None else contextlib.nullcontext

            def ours(algo=algo, scope=scope):
                with scope():
                    return conv2d(x_ours, w, None, stride=stride, padding=pad,
                                  dilation=dilation, groups=groups, layout=layout, algo=algo)

            case.ours(f"tiledsl[{algo or 'fastrun'}]", ours)
    case.ref("torch", ref)
    return case


_STORE: list[str] = []


def _fastrun_profile():
    """``fastrun.mode("profile")`` on a store of this run; a no-op without FastRun."""
    try:
        fr = importlib.import_module("tiledsl.fastrun")
    except Exception:  # noqa: BLE001 - no FastRun: conv2d(algo=None) decides alone
        return contextlib.nullcontext()
    if not _STORE:
        _STORE.append(scratch("tiledsl-perf-conv-", ".sqlite"))
    return fr.mode("profile", cache=_STORE[0])


def _resnet(names, n, device):
    return [dict(layer=nm, N=n, device=device) for nm in names]


ALL = [r[0] for r in RESNET50]


@entry("conv", "resnet50", params=_resnet(ALL, 1, "cpu") + _resnet(ALL, 32, "gpu"),
       quick=_resnet(["conv1", "l1.3x3", "l3.1x1c", "l4.3x3"], 1, "cpu")
       + _resnet(["conv1", "l1.3x3", "l2.3x3", "l3.3x3", "l4.3x3", "l3.1x1c"], 32, "gpu"))
def resnet50(p, ctx):
    """ResNet-50 v1.5 convolutions (CPU: N=1 NCHW fp32; GPU: N=32 NHWC fp16)."""
    _, c, k, h, r, s = _BY_NAME[p["layer"]]
    return conv_case(ctx, p["N"], c, k, h, r, stride=s)


DEPTHWISE = (
    [dict(N=1, C=c, H=h, k=r, device="cpu") for c, h, r in
     ((32, 112, 3), (144, 56, 3), (240, 28, 5), (672, 14, 5), (1024, 7, 3), (256, 32, 31))]
    + [dict(N=32, C=c, H=h, k=r, device="gpu") for c, h, r in
       ((32, 112, 3), (144, 56, 3), (240, 28, 5), (672, 14, 5), (1024, 7, 3), (256, 32, 31))]
)


@entry("conv", "depthwise", params=DEPTHWISE,
       quick=[dict(N=1, C=144, H=56, k=3, device="cpu"), dict(N=1, C=672, H=14, k=5, device="cpu"),
              dict(N=32, C=144, H=56, k=3, device="gpu"),
              dict(N=32, C=256, H=32, k=31, device="gpu")])
def depthwise(p, ctx):
    """Depthwise convolutions (groups = C = K), MobileNet/RepLKNet shapes."""
    return conv_case(ctx, p["N"], p["C"], p["C"], p["H"], p["k"], groups=p["C"])


LARGE = ([dict(N=1, C=64, H=64, K=64, k=r, device="cpu") for r in (7, 13, 21, 31)]
         + [dict(N=8, C=64, H=64, K=64, k=r, device="gpu") for r in (7, 13, 21, 31)])


@entry("conv", "large_kernel", params=LARGE,
       quick=[dict(N=1, C=32, H=64, K=32, k=r, device="cpu") for r in (7, 15)]
       + [dict(N=8, C=64, H=64, K=64, k=r, device="gpu") for r in (7, 31)])
def large_kernel(p, ctx):
    """Dense large-kernel convolutions, 7x7 to 31x31 ("same" padding): FFT territory."""
    return conv_case(ctx, p["N"], p["C"], p["K"], p["H"], p["k"])
