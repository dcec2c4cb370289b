"""Small kernels whose IR after the pass pipeline is kept as golden text (tests/golden/ir)."""
import tiledsl as tiled
import tiledsl.language as tl


@tiled.jit
def vector_add(X, Y, Z, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    tl.store(Z + offs, tl.load(X + offs, mask=mask) + tl.load(Y + offs, mask=mask), mask=mask)


@tiled.jit
def row_softmax(Out, In, stride, n, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    offs = tl.arange(0, BLOCK)
    x = tl.load(In + row * stride + offs, mask=offs < n, other=-float("inf"))
    e = tl.exp(x - tl.max(x, axis=0))
    tl.store(Out + row * stride + offs, e / tl.sum(e, axis=0), mask=offs < n)


@tiled.jit
def folded(Out, BLOCK: tl.constexpr):
    # constant arithmetic folds away; the duplicated expression is computed once
    k = (BLOCK * 2 + 6) // 4
    offs = tl.arange(0, BLOCK)
    a = offs * k + 1
    b = offs * k + 1
    dead = offs * 3  # noqa: F841 - removed by DCE
    tl.store(Out + offs, a + b)


@tiled.jit
def loop_sum(Out, X, n, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    acc = tl.zeros([BLOCK], dtype=tl.float32)
    for i in range(0, n):
        acc += tl.load(X + i * BLOCK + offs)
    if n > 4:
        acc = acc * 2.0
    tl.store(Out + offs, acc)


@tiled.jit
def small_dot(C, A, B, M: tl.constexpr, N: tl.constexpr, K: tl.constexpr):
    rm = tl.arange(0, M)
    rn = tl.arange(0, N)
    rk = tl.arange(0, K)
    a = tl.load(A + rm[:, None] * K + rk[None, :])
    b = tl.load(B + rk[:, None] * N + rn[None, :])
    tl.store(C + rm[:, None] * N + rn[None, :], tl.dot(a, b))
