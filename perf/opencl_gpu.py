"""OpenCL on a GPU: our kernels on device-resident pyopencl arrays (NVIDIA's OpenCL driver),
against torch on CUDA tensors of the same data in the same run.

Run with ``--backend opencl --device gpu`` (``scripts/gpu_opencl.sh perf`` sets that up);
``--filter opencl_gpu`` selects just these entries.
"""
from __future__ import annotations

from .registry import Case, Unavailable, entry


def _cl(ctx, t):
    """A pyopencl copy of a CUDA tensor on tiledsl's OpenCL queue (made once, untimed)."""
    try:
        from tiledsl.backends.opencl import runtime
        import pyopencl.array as cla
    except Exception as exc:  # noqa: BLE001 - no pyopencl / no device
        raise Unavailable(f"pyopencl: {type(exc).__name__}: {exc}") from None
    return cla.to_device(runtime.get_queue(), t.detach().cpu().numpy())


def _synced(out):
    """Wait for the OpenCL queue, so the timer sees the kernel's whole run."""
    from tiledsl.backends.opencl import runtime
    runtime.synchronize()
    return out


@entry("opencl_gpu", "gemm_fp32", params=[dict(M=s, N=s, K=s, dtype="float32", device="gpu")
                                          for s in (1024, 2048, 4096)],
       quick=[dict(M=2048, N=2048, K=2048, dtype="float32", device="gpu")])
def gemm_fp32(p, ctx):
    """fp32 GEMM through OpenCL vs cuBLAS fp32 (TF32 off)."""
    if ctx.backend != "opencl":
        raise Unavailable("run with --backend opencl")
    torch = ctx.torch
    m, n, k = p["M"], p["N"], p["K"]
    a, b = ctx.randn(m, k), ctx.randn(k, n)
    ca, cb = _cl(ctx, a), _cl(ctx, b)
    matmul = ctx.kernel("matmul")
    case = Case(flops=2.0 * m * n * k, bytes=ctx.nbytes(a, b) * 1.5, dtype="float32",
                size=float(m) * n * k, rtol=1e-3, atol=1e-3 * k ** 0.5)
    case.ours("tiledsl-opencl", lambda: _synced(matmul(ca, cb)))
    torch.backends.cuda.matmul.allow_tf32 = False
    case.ref("torch", lambda: torch.matmul(a, b))
    return case


@entry("opencl_gpu", "softmax", params=[dict(rows=r, cols=c, dtype="float32", device="gpu")
                                        for r, c in ((16384, 1024), (4096, 8192))],
       quick=[dict(rows=16384, cols=1024, dtype="float32", device="gpu")])
def softmax(p, ctx):
    """Row softmax through OpenCL vs torch, and a device copy for the bandwidth roofline."""
    if ctx.backend != "opencl":
        raise Unavailable("run with --backend opencl")
    torch = ctx.torch
    x = ctx.randn(p["rows"], p["cols"])
    cx = _cl(ctx, x)
    fn = ctx.kernel("softmax")
    case = Case(flops=5.0 * x.numel(), bytes=2 * ctx.nbytes(x), dtype="float32",
                size=float(x.numel()), rtol=1e-5, atol=1e-6)
    case.ours("tiledsl-opencl", lambda: _synced(fn(cx)))
    case.ref("torch", lambda: torch.softmax(x, -1))
    import pyopencl as cl
    from tiledsl.backends.opencl import runtime
    copy = cx.copy()
    case.ref("opencl copy", lambda: _synced(cl.enqueue_copy(runtime.get_queue(), copy.data,
                                                           cx.data)), compare=False, check=False)
    return case
