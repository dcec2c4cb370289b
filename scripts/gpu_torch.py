#!/usr/bin/env python3
"""tiledsl.torch on a CUDA GPU (ptx backend): the CPU test suite's parity checks, on CUDA.

    python3 scripts/gpu_torch.py                 # everything below
    python3 scripts/gpu_torch.py --skip-inductor # without the (slow to compile) inductor run
    python3 scripts/gpu_torch.py --only opcheck  # one section: opcheck|cnn|block|resnet|inductor
    python3 scripts/gpu_torch.py --device cpu    # a rehearsal on the cpu backend

Runs from the checkout (no install: the repository root goes on sys.path, and tiledsl maps
its top-level folders itself). Checks, each printed as one PASS/FAIL/SKIP line with the
largest error seen:

- opcheck: ``torch.library.opcheck`` of every tiledsl op on small float32 CUDA tensors;
- cnn: the small CNN (torch modules, ``tiledsl.torch.convert``) against torch, train and
  eval mode, eager and ``torch.compile(fullgraph=True, backend="aot_eager")``: outputs,
  parameter gradients and BatchNorm running statistics;
- block: the transformer block (written against ``tiledsl.torch``'s functions) likewise;
- resnet: a converted ResNet-18 (random weights, 2x3x64x64, eval) against torch;
- inductor: the transformer block, and the CNN in training mode, under the default
  inductor backend.

TF32 is switched off for torch's reference (``allow_tf32 = False``) so both sides do fp32
products; tolerances are those of the CPU tests, looser for the 20-layer ResNet. The exit
status is the number of failed checks (0: all passed). Nothing is downloaded.
"""
from __future__ import annotations

import argparse
import copy
import os
import sys
import time
import traceback

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

import torch  # noqa: E402

TOL = dict(atol=2e-5, rtol=2e-4)
RESNET_TOL = dict(atol=1e-4, rtol=1e-4)
RESULTS: list[tuple[str, str, str]] = []


def check(name: str):
    """Run the decorated check now; record PASS / FAIL (with the traceback) / SKIP."""
    def run(fn):
        if ARGS.only and not name.startswith(ARGS.only):
            return fn
        t0 = time.perf_counter()
        try:
            detail = fn() or ""
            status = "PASS"
        except _Skip as e:
            status, detail = "SKIP", str(e)
        except Exception as e:  # noqa: BLE001 - every failure is reported, none stops the run
            status, detail = "FAIL", f"{type(e).__name__}: {str(e).splitlines()[0][:200]}"
            traceback.print_exc()
        line = f"{status:4}  {name:40} {time.perf_counter() - t0:7.1f}s  {detail}"
        print(line, flush=True)
        RESULTS.append((name, status, detail))
        return fn
    return run


class _Skip(Exception):
    pass


def _max_err(a, b) -> float:
    return (a.detach().double() - b.detach().double()).abs().max().item()


def _run(model, x, backward, call=None):
    model.zero_grad(set_to_none=True)
    y = (model if call is None else call)(x)
    if backward:
        (y * torch.linspace(-1, 1, y.numel(), device=y.device).reshape(y.shape)).sum().backward()
    return y.detach(), {n: p.grad.clone() for n, p in model.named_parameters()
                        if p.grad is not None}


def compare(ours, ref, x, backward=True, call=None, tol=TOL) -> str:
    """Outputs, gradients and buffers of ``ours`` (run through ``call``) vs ``ref``."""
    y, g = _run(ours, x, backward, call)
    y_ref, g_ref = _run(ref, x, backward)
    worst = _max_err(y, y_ref)
    torch.testing.assert_close(y, y_ref, **tol)
    assert g.keys() == g_ref.keys(), (sorted(g), sorted(g_ref))
    for n in g_ref:
        worst = max(worst, _max_err(g[n], g_ref[n]))
        torch.testing.assert_close(g[n], g_ref[n], **tol, msg=n)
    for (n, b), (_, b_ref) in zip(ours.named_buffers(), ref.named_buffers(), strict=True):
        torch.testing.assert_close(b, b_ref, **tol, msg=n)
    return f"max abs err {worst:.2e}"


def main() -> int:
    dev = torch.device(ARGS.device)
    if dev.type == "cuda" and not torch.cuda.is_available():
        print("no CUDA device: this script checks the ptx backend on a GPU "
              "(--device cpu rehearses it on the cpu backend)")
        return 1
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    import tiledsl.torch as tt
    from tiledsl.torch import norms, ops
    from tiledsl.torch.examples import (ResNet18, SmallCNN, TransformerBlock,
                                        randomize_norm_stats)
    import tiledsl.kernels
    has_conv_bwd = hasattr(tiledsl.kernels, "conv2d_backward")
    name = torch.cuda.get_device_name(dev) if dev.type == "cuda" else "cpu"
    print(f"torch {torch.__version__}, {name}; "
          f"conv2d_backward {'present' if has_conv_bwd else 'missing'}", flush=True)

    def r(*shape, grad=False):
        return torch.randn(*shape, device=dev).requires_grad_(grad)

    @check("opcheck")
    def _():
        img = r(2, 4, 5, 5, grad=True)
        x3 = r(2, 3, 8, grad=True)
        w4 = r(4, grad=True)
        cases = {
            "matmul": (ops.matmul_op, (x3, r(8, 5, grad=True))),
            "linear": (ops.linear_op, (x3, r(5, 8, grad=True), r(5, grad=True))),
            "softmax": (ops.softmax_op, (x3, 1)),
            "log_softmax": (ops.log_softmax_op, (x3, -1)),
            "layer_norm": (norms.layer_norm_op, (x3, [8], r(8, grad=True), r(8, grad=True), 1e-5)),
            "rms_norm": (norms.rms_norm_op, (x3, [8], r(8, grad=True), None)),
            "batch_norm": (norms.batch_norm_op, (img, w4, r(4, grad=True), None, None, True,
                                                 1e-5)),
            "batch_norm_update_stats": (norms.batch_norm_update_stats_op,
                                        (r(4), r(4).abs() + 0.5, r(4), r(4).abs() + 0.5, 10,
                                         0.1, 1e-5)),
            "group_norm": (norms.group_norm_op, (img, 2, w4, r(4, grad=True), 1e-5)),
            "conv2d": (ops.conv2d_op, (img, r(6, 4, 3, 3, grad=has_conv_bwd), None, [1, 1],
                                       [1, 1], [1, 1], 1)),
        }
        failed = []
        for name, (op, args) in cases.items():
            if name == "conv2d" and not has_conv_bwd:
                args = tuple(a.detach() if isinstance(a, torch.Tensor) else a for a in args)
            try:
                torch.library.opcheck(op, args)
            except Exception as e:  # noqa: BLE001
                failed.append(f"{name}: {type(e).__name__}: {str(e).splitlines()[0][:160]}")
        if failed:
            raise AssertionError("; ".join(failed))
        return f"{len(cases)} ops"

    def cnn_pair():
        torch.manual_seed(0)
        ref = randomize_norm_stats(SmallCNN()).to(dev)
        return tt.convert(copy.deepcopy(ref)), ref, r(2, 3, 8, 8)

    for train in (True, False):
        for compiled in (False, True):
            @check(f"cnn {'train' if train else 'eval'} {'aot_eager' if compiled else 'eager'}")
            def _(train=train, compiled=compiled):
                ours, ref, x = cnn_pair()
                ours.train(train), ref.train(train)
                call = (torch.compile(ours, fullgraph=True, backend="aot_eager")
                        if compiled else None)
                out = [compare(ours, ref, x, has_conv_bwd, call) for _ in range(2)][-1]
                return out + ("" if has_conv_bwd else " (forward only: no conv2d_backward)")

    def block_pair():
        torch.manual_seed(0)
        ref = randomize_norm_stats(TransformerBlock()).to(dev)
        ours = copy.deepcopy(ref)
        ours.ops = tt
        return ours, ref, r(2, 5, 32)

    for compiled in (False, True):
        @check(f"block {'aot_eager' if compiled else 'eager'}")
        def _(compiled=compiled):
            ours, ref, x = block_pair()
            call = torch.compile(ours, fullgraph=True, backend="aot_eager") if compiled else None
            return compare(ours, ref, x, True, call)

    @check("resnet18 converted (eval)")
    def _():
        torch.manual_seed(0)
        ref = randomize_norm_stats(ResNet18()).to(dev).eval()
        ours = tt.convert(copy.deepcopy(ref))
        x = r(2, 3, 64, 64)
        with torch.no_grad():
            y, y_ref = ours(x), ref(x)
        torch.testing.assert_close(y, y_ref, **RESNET_TOL)
        return f"max abs err {_max_err(y, y_ref):.2e} (outputs ~{y_ref.abs().max().item():.2f})"

    @check("inductor block")
    def _():
        if ARGS.skip_inductor:
            raise _Skip("--skip-inductor")
        ours, ref, x = block_pair()
        return compare(ours, ref, x, True, torch.compile(ours, fullgraph=True))

    @check("inductor cnn train")
    def _():
        # batch-norm's running-stat update is a mutating op: inductor functionalizes it
        if ARGS.skip_inductor:
            raise _Skip("--skip-inductor")
        ours, ref, x = cnn_pair()
        call = torch.compile(ours, fullgraph=True)
        return [compare(ours, ref, x, has_conv_bwd, call) for _ in range(2)][-1]

    failed = [n for n, s, _ in RESULTS if s == "FAIL"]
    print(f"\n{len(RESULTS) - len(failed)} of {len(RESULTS)} checks passed or skipped; "
          f"failed: {', '.join(failed) or 'none'}")
    return len(failed)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--skip-inductor", action="store_true")
    parser.add_argument("--only", default="", help="run checks whose name starts with this")
    parser.add_argument("--device", default="cuda", help="cuda (default) or cpu (a rehearsal)")
    ARGS = parser.parse_args()
    sys.exit(main())
