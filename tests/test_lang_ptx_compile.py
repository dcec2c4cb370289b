"""Compile-only coverage of the ptx backend, which runs on every machine.

The GPU itself is only on the GPU machine, but ``kernel.warmup`` for ptx must work anywhere
(DESIGN.md). Warming up representative kernels of the semantics tests catches an op the ptx
lowering lacks long before a GPU run: each must produce PTX with the kernel's ``.entry``.
"""
import numpy as np
import pytest

import tiledsl as tiled
import tiledsl.language as tl

import test_lang_arith as arith
import test_lang_atomic as atomic
import test_lang_blockptr as blockptr
import test_lang_control as control
import test_lang_dot as dot
import test_lang_math as math_
import test_lang_random as random_
import test_lang_reduce as reduce_
import test_lang_shape as shape

F32 = np.zeros(4096, np.float32)
I32 = np.zeros(4096, np.int32)
F16 = np.zeros(4096, np.float16)


def _cases():
    """(id, kernel, args, constexprs): kernels covering each family of ops."""
    c = []
    for op in ("add", "floordiv", "mod", "shr", "lt", "xor", "truediv"):
        out = np.zeros(64, np.float32 if op == "truediv" else np.bool_ if op == "lt"
                       else np.int32)
        dt = tl.float32 if op == "truediv" else tl.int1 if op == "lt" else tl.int32
        c.append((f"binop-{op}", arith._binop, (I32, I32, out),
                  dict(OP=op, OUT_DT=dt, BLOCK=64)))
    for op in ("exp", "log", "sqrt", "sin", "erf", "sigmoid", "floor"):
        c.append((f"unary-{op}", math_._unary, (F32, F32), dict(OP=op, BLOCK=64)))
    c.append(("umulhi", math_._umulhi, (np.zeros(64, np.uint32),) * 3, dict(BLOCK=64)))
    c.append(("cast-bitcast", math_._convert, (F32, I32),
              dict(DST=tl.int32, BITCAST=True, BLOCK=64)))
    for op in ("sum", "max", "argmin", "xor_sum"):
        out = np.zeros(32, np.int32)
        c.append((f"reduce-{op}", reduce_._reduce2d, (I32, out),
                  dict(OP=op, AXIS=0, KEEP=False, M=8, N=32)))
    c.append(("tl.reduce-tuple", reduce_._custom_reduce, (F32, F32, F32, I32), dict(M=8, N=32)))
    for op in ("cumsum", "cummax"):
        c.append((f"scan-{op}", reduce_._scan, (F32, F32),
                  dict(OP=op, AXIS=1, REV=True, M=8, N=32)))
    c.append(("dot-fp32", dot._dot, (F32, F32, F32, F32),
              dict(M=32, N=32, K=32, USE_ACC=True, PREC="ieee", OUT_DT=tl.float32)))
    c.append(("dot-fp16", dot._dot, (F16, F16, F32, F32),
              dict(M=32, N=32, K=32, USE_ACC=False, PREC=None, OUT_DT=tl.float32)))
    c.append(("matmul-loop", dot._matmul,
              (F32, F32, F32, 64, 64, 64, 64, 1, 64, 1, 64, 1),
              dict(BM=32, BN=32, BK=16, OUT_DT=tl.float32)))
    c.append(("atomic-add-olds", atomic._tile_add, (I32, I32, I32, 27), dict(BLOCK=32)))
    c.append(("atomic-cas-spin", atomic._locked_increment, (I32, I32, I32), {}))
    c.append(("atomic-minmax", atomic._minmax, (F32, F32, F32), dict(OP="max", BLOCK=16)))
    c.append(("rand", random_._random, (F32, 12345, 100), dict(KIND="randn", BLOCK=128)))
    c.append(("block-ptr", blockptr._bp_row_sums, (F32, F32, 32, 64), dict(BM=16, BK=16)))
    c.append(("while", control._while_collatz, (I32, I32, 6), {}))
    c.append(("nested-loops", control._nested_loops, (F32, F32, 3, 4), dict(BLOCK=16)))
    c.append(("permute", shape._permute3, (I32, I32), dict(A=2, B=4, C=8)))
    c.append(("trans", shape._trans, (F32, F32, F32), dict(M=8, N=16)))
    return c


CASES = _cases()


@pytest.mark.parametrize("kernel,args,constexprs", [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_ptx_warmup(kernel, args, constexprs):
    with tiled.backend("ptx"):
        compiled = kernel.warmup(*args, grid=(1,), **constexprs)
    ptx = compiled.asm["ptx"]
    assert ".entry" in ptx
    assert compiled.asm["ir"]
