"""Shape manipulation: None-indexing, reshape, view, expand_dims, broadcast_to, trans,
permute, ravel, and implicit broadcasting in binary ops."""
import numpy as np

import tiledsl as tiled
import tiledsl.language as tl

from helpers import assert_close, poisoned, random_array


@tiled.jit
def _none_index(X, Y, Out, M: tl.constexpr, N: tl.constexpr):
    x = tl.load(X + tl.arange(0, M))
    y = tl.load(Y + tl.arange(0, N))
    outer = x[:, None] * y[None, :]          # (M, 1) * (1, N) -> (M, N)
    offs = tl.arange(0, M)[:, None] * N + tl.arange(0, N)[None, :]
    tl.store(Out + offs, outer)


def test_none_indexing_outer_product(backend, rng):
    M, N = 8, 16
    x = random_array(rng, M, "float32")
    y = random_array(rng, N, "float32")
    out = poisoned((M, N), "float32")
    _none_index[(1,)](x, y, out, M=M, N=N)
    assert_close(out, np.outer(x, y))


@tiled.jit
def _none_leading(X, Out, N: tl.constexpr):
    x = tl.load(X + tl.arange(0, N))
    row = x[None]                          # (1, N)
    both = row + x[:, None]                # (N, N)
    offs = tl.arange(0, N)[:, None] * N + tl.arange(0, N)[None, :]
    tl.store(Out + offs, both)


def test_none_leading_axis(backend, rng):
    N = 8
    x = random_array(rng, N, "int32")
    out = poisoned((N, N), "int32")
    _none_leading[(1,)](x, out, N=N)
    assert_close(out, x[None, :] + x[:, None])


@tiled.jit
def _reshape(X, Out, M: tl.constexpr, N: tl.constexpr):
    x = tl.load(X + tl.arange(0, M * N))
    x2 = tl.reshape(x, (M, N))
    x2 = x2 * (tl.arange(0, M)[:, None] + 1)   # row-dependent scale proves the layout
    flat = tl.reshape(x2, [M * N])
    tl.store(Out + tl.arange(0, M * N), flat)


def test_reshape_row_major(backend, rng):
    M, N = 4, 8
    x = random_array(rng, M * N, "int32")
    out = poisoned(M * N, "int32")
    _reshape[(1,)](x, out, M=M, N=N)
    expected = (x.reshape(M, N) * (np.arange(M)[:, None] + 1)).reshape(-1)
    assert_close(out, expected.astype(np.int32))


@tiled.jit
def _reshape_method(X, Out, M: tl.constexpr, N: tl.constexpr):
    x = tl.load(X + tl.arange(0, M * N)).reshape(M, N)
    s = tl.sum(x, axis=1)
    tl.store(Out + tl.arange(0, M), s)


def test_reshape_tensor_method(backend, rng):
    M, N = 8, 4
    x = random_array(rng, M * N, "int32")
    out = poisoned(M, "int32")
    _reshape_method[(1,)](x, out, M=M, N=N)
    assert_close(out, x.reshape(M, N).sum(1).astype(np.int32))


@tiled.jit
def _view(X, Out, M: tl.constexpr, N: tl.constexpr):
    x = tl.load(X + tl.arange(0, M * N))
    v = tl.view(x, (M, N))
    tl.store(Out + tl.arange(0, M), tl.sum(v, axis=1) * 0 + tl.sum(v))


def test_view_preserves_elements(backend, rng):
    """``tl.view`` may reorder elements (Triton's documented contract), so only the total is
    checked."""
    M, N = 4, 8
    x = random_array(rng, M * N, "int32")
    out = poisoned(M, "int32")
    _view[(1,)](x, out, M=M, N=N)
    assert_close(out, np.full(M, x.sum(), np.int32))


@tiled.jit
def _expand_dims(X, Out, N: tl.constexpr):
    x = tl.load(X + tl.arange(0, N))
    col = tl.expand_dims(x, 1)            # (N, 1)
    row = tl.expand_dims(x, axis=0)       # (1, N)
    cube = tl.expand_dims(x, (0, 2))      # (1, N, 1)
    tl.static_assert(cube.shape[0] == 1)
    tl.static_assert(cube.shape[2] == 1)
    m = col - row
    offs = tl.arange(0, N)[:, None] * N + tl.arange(0, N)[None, :]
    tl.store(Out + offs, m + tl.reshape(cube, (N, 1)) * 0)


def test_expand_dims(backend, rng):
    N = 8
    x = random_array(rng, N, "int32")
    out = poisoned((N, N), "int32")
    _expand_dims[(1,)](x, out, N=N)
    assert_close(out, (x[:, None] - x[None, :]).astype(np.int32))


@tiled.jit
def _broadcast_to(X, Out, M: tl.constexpr, N: tl.constexpr):
    x = tl.load(X + tl.arange(0, N))
    b = tl.broadcast_to(x[None, :], (M, N))
    c = tl.broadcast_to(tl.arange(0, M)[:, None], [M, N])
    offs = tl.arange(0, M)[:, None] * N + tl.arange(0, N)[None, :]
    tl.store(Out + offs, b * 100 + c)


def test_broadcast_to(backend, rng):
    M, N = 4, 16
    x = random_array(rng, N, "int32", low=-100, high=100)
    out = poisoned((M, N), "int32")
    _broadcast_to[(1,)](x, out, M=M, N=N)
    assert_close(out, (x[None, :] * 100 + np.arange(M)[:, None]).astype(np.int32))


@tiled.jit
def _broadcast_pair(X, Y, Out, M: tl.constexpr, N: tl.constexpr):
    x = tl.load(X + tl.arange(0, M))[:, None]
    y = tl.load(Y + tl.arange(0, N))[None, :]
    a, b = tl.broadcast(x, y)
    tl.static_assert(a.shape[1] == N)
    offs = tl.arange(0, M)[:, None] * N + tl.arange(0, N)[None, :]
    tl.store(Out + offs, a - b)


def test_broadcast_pair(backend, rng):
    M, N = 8, 4
    x = random_array(rng, M, "float32")
    y = random_array(rng, N, "float32")
    out = poisoned((M, N), "float32")
    _broadcast_pair[(1,)](x, y, out, M=M, N=N)
    assert_close(out, x[:, None] - y[None, :])


@tiled.jit
def _trans(X, Out, Out2, M: tl.constexpr, N: tl.constexpr):
    offs = tl.arange(0, M)[:, None] * N + tl.arange(0, N)[None, :]
    x = tl.load(X + offs)
    t = tl.trans(x)                         # (N, M)
    offs_t = tl.arange(0, N)[:, None] * M + tl.arange(0, M)[None, :]
    tl.store(Out + offs_t, t)
    tl.store(Out2 + offs_t, x.T + 1)


def test_trans(backend, rng):
    M, N = 8, 16
    x = random_array(rng, (M, N), "float32")
    out = poisoned((N, M), "float32")
    out2 = poisoned((N, M), "float32")
    _trans[(1,)](x, out, out2, M=M, N=N)
    assert_close(out, x.T.copy())
    assert_close(out2, x.T + 1)


@tiled.jit
def _permute3(X, Out, A: tl.constexpr, B: tl.constexpr, C: tl.constexpr):
    ia = tl.arange(0, A)[:, None, None]
    ib = tl.arange(0, B)[None, :, None]
    ic = tl.arange(0, C)[None, None, :]
    x = tl.load(X + ia * (B * C) + ib * C + ic)   # (A, B, C)
    p = tl.permute(x, (2, 0, 1))                  # (C, A, B)
    jc = tl.arange(0, C)[:, None, None]
    ja = tl.arange(0, A)[None, :, None]
    jb = tl.arange(0, B)[None, None, :]
    tl.store(Out + jc * (A * B) + ja * B + jb, p)


def test_permute_3d(backend, rng):
    A, B, C = 2, 4, 8
    x = random_array(rng, (A, B, C), "int32")
    out = poisoned((C, A, B), "int32")
    _permute3[(1,)](x, out, A=A, B=B, C=C)
    assert_close(out, np.transpose(x, (2, 0, 1)).copy())


@tiled.jit
def _trans_dims(X, Out, A: tl.constexpr, B: tl.constexpr, C: tl.constexpr):
    ia = tl.arange(0, A)[:, None, None]
    ib = tl.arange(0, B)[None, :, None]
    ic = tl.arange(0, C)[None, None, :]
    x = tl.load(X + ia * (B * C) + ib * C + ic)
    p = tl.trans(x, 1, 0, 2)                      # (B, A, C), Triton 3 varargs form
    jb = tl.arange(0, B)[:, None, None]
    ja = tl.arange(0, A)[None, :, None]
    jc = tl.arange(0, C)[None, None, :]
    tl.store(Out + jb * (A * C) + ja * C + jc, p)


def test_trans_with_dims(backend, rng):
    A, B, C = 2, 4, 8
    x = random_array(rng, (A, B, C), "float32")
    out = poisoned((B, A, C), "float32")
    _trans_dims[(1,)](x, out, A=A, B=B, C=C)
    assert_close(out, np.transpose(x, (1, 0, 2)).copy())


@tiled.jit
def _ravel(X, Out, M: tl.constexpr, N: tl.constexpr):
    offs = tl.arange(0, M)[:, None] * N + tl.arange(0, N)[None, :]
    x = tl.load(X + offs)
    r = tl.ravel(x)
    tl.static_assert(len(r.shape) == 1)
    tl.store(Out + tl.arange(0, M * N), r)


def test_ravel(backend, rng):
    M, N = 4, 8
    x = random_array(rng, (M, N), "int32")
    out = poisoned(M * N, "int32")
    _ravel[(1,)](x, out, M=M, N=N)
    assert_close(out, x.reshape(-1))


@tiled.jit
def _shape_attr(Out, M: tl.constexpr, N: tl.constexpr):
    z = tl.zeros((M, N), dtype=tl.int32)
    # .shape entries are compile-time constants usable as arange bounds
    r = tl.arange(0, z.shape[1])
    tl.store(Out + r, r * z.shape[0] + len(z.shape) * 0 + tl.sum(z, axis=0))


def test_shape_attribute(backend):
    out = poisoned(16, "int32")
    _shape_attr[(1,)](out, M=4, N=16)
    assert_close(out, (np.arange(16) * 4).astype(np.int32))


@tiled.jit
def _scalar_broadcast(Out, s, N: tl.constexpr):
    r = tl.arange(0, N)
    tile = s + r * 0            # a runtime scalar broadcast into a tile
    tl.store(Out + r, tile + s)


def test_scalar_tile_broadcast(backend):
    out = poisoned(16, "int32")
    _scalar_broadcast[(1,)](out, 21, N=16)
    assert_close(out, np.full(16, 42, np.int32))
