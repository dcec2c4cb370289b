"""Tile creation and memory: arange/zeros/full, load/store with masks, pointer tiles,
dtype round-trips, hints, ``ptr.dtype.element_ty`` and torch tensors as arguments."""
import numpy as np
import pytest

import tiledsl as tiled
import tiledsl.language as tl

from helpers import (ALL_DTYPES, assert_close, assert_untouched, is_poison, np_dtype,
                     poisoned, random_array, tl_dtype)


@tiled.jit
def _creation(A, Z, F, ZL, BLOCK: tl.constexpr):
    a = tl.arange(0, BLOCK)
    tl.store(A + a, a)
    tl.store(Z + a, tl.zeros([BLOCK], dtype=tl.float32))
    tl.store(F + a, tl.full([BLOCK], 3.5, tl.float32))
    tl.store(ZL + a, tl.zeros_like(a) + 7)


def test_arange_zeros_full(backend):
    B = 32
    a, z, f, zl = (poisoned(B, "int32"), poisoned(B, "float32"), poisoned(B, "float32"),
                   poisoned(B, "int32"))
    _creation[(1,)](a, z, f, zl, BLOCK=B)
    assert_close(a, np.arange(B, dtype=np.int32))
    assert_close(z, np.zeros(B, np.float32))
    assert_close(f, np.full(B, 3.5, np.float32))
    assert_close(zl, np.full(B, 7, np.int32))


@tiled.jit
def _arange_offset(Out, START: tl.constexpr, END: tl.constexpr):
    r = tl.arange(START, END)
    tl.store(Out + r - START, r)


def test_arange_nonzero_start(backend):
    out = poisoned(16, "int32")
    _arange_offset[(1,)](out, START=16, END=32)
    assert_close(out, np.arange(16, 32, dtype=np.int32))


@tiled.jit
def _full_dtype(Out, value, BLOCK: tl.constexpr, DT: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    tl.store(Out + offs, tl.full((BLOCK,), value, DT))


@pytest.mark.parametrize("dt", ["int8", "int64", "uint16", "float16", "float64"])
def test_full_runtime_value(backend, dt):
    out = poisoned(16, dt)
    _full_dtype[(1,)](out, 5, BLOCK=16, DT=tl_dtype(dt))
    assert_close(out, np.full(16, 5, np_dtype(dt)))


@tiled.jit
def _masked_load(X, Y, n, other, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    x = tl.load(X + offs, mask=offs < n, other=other)
    tl.store(Y + offs, x)


def test_load_mask_other(backend, rng):
    n, B = 20, 32
    x = random_array(rng, n, "float32")
    y = poisoned(B, "float32")
    _masked_load[(1,)](x, y, n, -1.5, BLOCK=B)
    assert_close(y, np.concatenate([x, np.full(B - n, -1.5, np.float32)]))


@tiled.jit
def _masked_store(X, Y, n, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    x = tl.load(X + offs)
    # store only even positions below n
    tl.store(Y + offs, x, mask=(offs < n) & (offs % 2 == 0))


def test_store_mask_leaves_rest_untouched(backend, rng):
    B = 64
    x = random_array(rng, B, "int32")
    y = poisoned(B, "int32")
    _masked_store[(1,)](x, y, 41, BLOCK=B)
    idx = np.arange(B)
    written = (idx < 41) & (idx % 2 == 0)
    assert_close(y[written], x[written])
    assert_untouched(y, written)


@tiled.jit
def _scalar_mask(X, Y, flag):
    # a scalar (0-d) mask on a scalar access
    v = tl.load(X, mask=flag != 0, other=42)
    tl.store(Y, v)
    tl.store(Y + 1, v + 1, mask=flag == 0)


def test_scalar_load_store_mask(backend):
    x = np.array([5], np.int32)
    y = poisoned(2, "int32")
    _scalar_mask[(1,)](x, y, 1)
    assert y[0] == 5
    assert is_poison(y)[1]  # masked-off scalar store left the poison
    y = poisoned(2, "int32")
    _scalar_mask[(1,)](x, y, 0)
    assert list(y) == [42, 43]


@tiled.jit
def _strided_2d(X, Y, M, N, sxm, sxn, sym, syn, BM: tl.constexpr, BN: tl.constexpr):
    rm = tl.arange(0, BM)
    rn = tl.arange(0, BN)
    xp = X + rm[:, None] * sxm + rn[None, :] * sxn
    yp = Y + rm[:, None] * sym + rn[None, :] * syn
    mask = (rm[:, None] < M) & (rn[None, :] < N)
    tl.store(yp, tl.load(xp, mask=mask, other=0.0) + 1.0, mask=mask)


def test_2d_pointer_tile_transposed_view(backend, rng):
    """Strides in elements: read a transposed (non-contiguous) view, write row-major."""
    M, N = 12, 20
    base = random_array(rng, (N, M), "float32")
    xt = base.T  # M x N view, strides (1, M) in elements
    y = poisoned((M, N), "float32")
    _strided_2d[(1,)](base, y, M, N, 1, M, N, 1, BM=16, BN=32)
    assert_close(y, xt + 1.0)


@tiled.jit
def _ptr_arith(X, Y, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    p = X + 3            # scalar pointer + int
    p = p - 1            # pointer - int
    q = p + offs         # scalar pointer + tile -> pointer tile
    q = q + offs * 0     # pointer tile + tile
    v = tl.load(q)
    tl.store(Y + offs, v)
    tl.store(Y + BLOCK + offs, tl.load(offs + X))  # int tile + pointer, commuted


def test_pointer_arithmetic(backend, rng):
    B = 16
    x = random_array(rng, B + 8, "float32")
    y = poisoned(2 * B, "float32")
    _ptr_arith[(1,)](x, y, BLOCK=B)
    assert_close(y[:B], x[2:2 + B])
    assert_close(y[B:], x[:B])


@tiled.jit
def _int64_offsets(X, Y, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK).to(tl.int64) + tl.program_id(0).to(tl.int64) * BLOCK
    tl.store(Y + offs, tl.load(X + offs))


def test_int64_offsets(backend, rng):
    x = random_array(rng, 64, "int64")
    y = poisoned(64, "int64")
    _int64_offsets[(4,)](x, y, BLOCK=16)
    assert_close(y, x)


@tiled.jit
def _roundtrip(X, Y, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    tl.store(Y + offs, tl.load(X + offs, mask=mask), mask=mask)


@pytest.mark.parametrize("dt", ALL_DTYPES)
def test_dtype_roundtrip(backend, rng, dt):
    n = 100
    if np_dtype(dt).kind in "iu":
        info = np.iinfo(np_dtype(dt))
        x = random_array(rng, n, dt, low=info.min, high=info.max)
    else:
        x = random_array(rng, n, dt)
    y = poisoned(n, dt)
    _roundtrip[(tiled.cdiv(n, 32),)](x, y, n, BLOCK=32)
    assert_close(y, x)
    assert y.dtype == x.dtype


@tiled.jit
def _element_ty(X, Y, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    acc = tl.zeros([BLOCK], dtype=Y.dtype.element_ty)
    acc += tl.load(X + offs).to(Y.dtype.element_ty)
    tl.static_assert(Y.dtype.element_ty == tl.float16)
    tl.store(Y + offs, acc)


def test_ptr_dtype_element_ty(backend, rng):
    x = random_array(rng, 16, "float32")
    y = poisoned(16, "float16")
    _element_ty[(1,)](x, y, BLOCK=16)
    assert_close(y, x.astype(np.float16))


@tiled.jit
def _hints(X, Y, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    offs = tl.max_contiguous(tl.multiple_of(offs, BLOCK), BLOCK)
    n = tl.multiple_of(n, 16)
    mask = offs < n
    tl.store(Y + offs, tl.load(X + offs, mask=mask) * 3, mask=mask)


def test_multiple_of_max_contiguous_hints(backend, rng):
    n = 64
    x = random_array(rng, n, "int32")
    y = poisoned(n, "int32")
    _hints[(4,)](x, y, n, BLOCK=16)
    assert_close(y, x * 3)


@tiled.jit
def _axpy_torch(X, Y, Z, a, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    x = tl.load(X + offs, mask=mask)
    y = tl.load(Y + offs, mask=mask)
    tl.store(Z + offs, a * x + y, mask=mask)


@pytest.mark.parametrize("dt", ["float32", "float16", "bfloat16"])
def test_torch_cpu_tensors(backend, rng, dt):
    torch = pytest.importorskip("torch")
    tdt = {"float32": torch.float32, "float16": torch.float16, "bfloat16": torch.bfloat16}[dt]
    n = 200
    x = torch.from_numpy(random_array(rng, n, "float32")).to(tdt)
    y = torch.from_numpy(random_array(rng, n, "float32")).to(tdt)
    z = torch.full((n,), float("nan"), dtype=tdt)
    _axpy_torch[(tiled.cdiv(n, 64),)](x, y, z, 2.0, n, BLOCK=64)
    expected = (2.0 * x.float() + y.float()).to(tdt)
    tol = {"float32": 1e-6, "float16": 2e-3, "bfloat16": 2e-2}[dt]
    assert torch.allclose(z.float(), expected.float(), rtol=tol, atol=tol), (z, expected)


def test_torch_noncontiguous_slice(backend, rng):
    """A strided torch view passes its data pointer; the kernel sees elements with the
    strides it is given (here a column of a row-major matrix, stride = row length)."""
    torch = pytest.importorskip("torch")
    m = torch.from_numpy(random_array(rng, (8, 5), "float32"))
    out = torch.full((8, 5), float("nan"))
    _strided_2d[(1,)](m, out, 8, 5, 5, 1, 5, 1, BM=8, BN=8)
    assert torch.allclose(out, m + 1.0)


@tiled.jit
def _bool_mask_tensor(X, M, Y, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    m = tl.load(M + offs)  # int1 tile loaded from a bool array
    tl.store(Y + offs, tl.where(m, tl.load(X + offs), -1))


def test_bool_array_as_mask(backend, rng):
    B = 32
    x = random_array(rng, B, "int32")
    m = random_array(rng, B, "int1")
    y = poisoned(B, "int32")
    _bool_mask_tensor[(1,)](x, m, y, BLOCK=B)
    assert_close(y, np.where(m, x, -1).astype(np.int32))


@tiled.jit
def _numpy_scalars(Y, a, b, c):
    tl.store(Y, a + b + c)


def test_numpy_scalar_arguments(backend):
    y = poisoned(1, "float32")
    _numpy_scalars[(1,)](y, np.float32(1.5), np.int32(2), 3)
    assert y[0] == np.float32(6.5)


@tiled.jit
def _gather_scatter(X, Idx, Perm, G, S, n, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    m = offs < n
    idx = tl.load(Idx + offs, mask=m, other=0)
    g = tl.load(X + idx, mask=m)                 # gather: data-dependent addresses
    tl.store(G + offs, g, mask=m)
    p = tl.load(Perm + offs, mask=m, other=0)
    tl.store(S + p, g * 2, mask=m)               # scatter through a permutation


def test_gather_and_scatter(backend, rng):
    n, B = 100, 128
    x = random_array(rng, 257, "float32")
    idx = rng.integers(0, 257, size=n).astype(np.int32)
    perm = rng.permutation(n).astype(np.int64)
    g, s = poisoned(n, "float32"), poisoned(n, "float32")
    _gather_scatter[(1,)](x, idx, perm, g, s, n, BLOCK=B)
    assert_close(g, x[idx])
    expected = np.empty(n, np.float32)
    expected[perm] = x[idx] * 2
    assert_close(s, expected)


@tiled.jit
def _reverse(X, Y, n, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    m = offs < n
    tl.store(Y + offs, tl.load(X + (n - 1 - offs), mask=m), mask=m)   # descending addresses


def test_descending_addresses(backend, rng):
    x = random_array(rng, 50, "int16")
    y = poisoned(50, "int16")
    _reverse[(1,)](x, y, 50, BLOCK=64)
    assert_close(y, x[::-1].copy())


@tiled.jit
def _broadcast_mask_value(X, Y, V, M, N, BM: tl.constexpr, BN: tl.constexpr):
    rm = tl.arange(0, BM)
    rn = tl.arange(0, BN)
    ptrs = X + rm[:, None] * N + rn[None, :]
    row_ok = rm[:, None] < M                       # (BM, 1) mask on (BM, BN) pointers
    x = tl.load(ptrs, mask=row_ok & (rn[None, :] < N), other=-1.0)
    v = tl.load(V + rn, mask=rn < N, other=0.0)    # (BN,) value broadcast over rows
    out = Y + rm[:, None] * BN + rn[None, :]
    tl.store(out, x + v[None, :])
    tl.store(out + BM * BN, v, mask=row_ok)       # lower-rank value, row mask


def test_broadcast_masks_and_values(backend, rng):
    M, N, BM, BN = 5, 12, 8, 16
    x = random_array(rng, (M, N), "float32")
    v = random_array(rng, N, "float32")
    y = poisoned((2, BM, BN), "float32")
    _broadcast_mask_value[(1,)](x, y, v, M, N, BM=BM, BN=BN)
    xp = np.full((BM, BN), -1.0, np.float32)
    xp[:M, :N] = x
    vp = np.zeros(BN, np.float32)
    vp[:N] = v
    assert_close(y[0], xp + vp[None, :])
    assert_close(y[1, :M], np.broadcast_to(vp, (M, BN)))
    assert np.isnan(y[1, M:]).all()


@tiled.jit
def _narrow_ints(A, B, Out, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    a = tl.load(A + offs)                      # uint8
    b = tl.load(B + offs)                      # int8
    wide = a.to(tl.int32) * b + a              # widen, multiply, mixed int32 + uint8
    tl.store(Out + offs, wide)


def test_narrow_int_widening(backend, rng):
    a = random_array(rng, 64, "uint8", low=0, high=255)
    b = random_array(rng, 64, "int8", low=-128, high=127)
    out = poisoned(64, "int32")
    _narrow_ints[(1,)](a, b, out, BLOCK=64)
    assert_close(out, a.astype(np.int32) * b + a)


@tiled.jit
def _select_pointers(X, Y, Out, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    p = tl.where(offs % 3 == 0, X + offs, Y + offs)    # a tile of pointers from two buffers
    tl.store(Out + offs, tl.load(p))
    tl.store(Out + BLOCK, tl.sum(tl.load(X + offs) > 0).to(tl.float32))  # count of trues


def test_where_on_pointer_tiles(backend, rng):
    B = 32
    x = random_array(rng, B, "float32")
    y = random_array(rng, B, "float32")
    out = poisoned(B + 1, "float32")
    _select_pointers[(1,)](x, y, out, BLOCK=B)
    assert_close(out[:B], np.where(np.arange(B) % 3 == 0, x, y))
    assert out[B] == (x > 0).sum()


def test_torch_tensor_requiring_grad(backend, rng):
    """Tensors that require grad are ordinary buffers to a kernel (Triton passes their data
    pointer); the launch must not go through ``Tensor.numpy()``, which refuses them."""
    torch = pytest.importorskip("torch")
    x = torch.from_numpy(random_array(rng, 16, "float32")).requires_grad_(True)
    out = torch.full((16,), float("nan"))
    _strided_2d[(1,)](x, out, 1, 16, 16, 1, 16, 1, BM=1, BN=16)
    assert torch.equal(out, x.detach() + 1.0)
