"""Counter-based random numbers (Philox4x32, Salmon et al., SC'11), built from integer ops
of the language itself, so every backend produces bit-identical ``randint``/``rand``
streams. ``randn`` uses Box-Muller and so inherits each backend's ``log``/``cos`` rounding."""
from __future__ import annotations

from tiledsl import dtypes as dt
from tiledsl.frontend.tensor import unwrap
from .core import builtin, _sem

_KEY_A, _KEY_B = 0x9E3779B9, 0xBB67AE85          # golden ratio, sqrt(3) - 1
_ROUND_A, _ROUND_B = 0xD2511F53, 0xCD9E8D57       # Philox4x32 multipliers
_TWO_PI = 6.283185307179586


def _u32(sem, x):
    x = sem.to_tensor(x)
    if x.dtype == dt.uint32:
        return x
    if x.dtype.primitive_bitwidth == 32:
        return sem.cast(x, dt.uint32, bitcast=True)
    return sem.cast(x, dt.uint32)


@builtin
def philox(seed, c0, c1, c2, c3, n_rounds=10):
    """Philox4x32 with ``n_rounds`` rounds on counters c0..c3 keyed by a 64-bit ``seed``."""
    sem = _sem()
    seed = sem.to_tensor(seed)
    seed64 = sem.cast(seed, dt.uint64) if seed.dtype != dt.uint64 else seed
    k0 = sem.cast(sem.bitwise("and", seed64, 0xFFFFFFFF), dt.uint32)
    k1 = sem.cast(sem.shift("shr", seed64, 32), dt.uint32)
    cs = [_u32(sem, c) for c in (c0, c1, c2, c3)]
    from tiledsl.frontend.typing import broadcast_shapes
    shape = ()
    for c in cs:
        shape = broadcast_shapes(shape, c.shape)
    c0, c1, c2, c3 = (sem.broadcast_to(c, shape) for c in cs)
    for _ in range(unwrap(n_rounds)):
        prev0, prev2 = c0, c2
        c0 = sem.bitwise("xor", sem.bitwise("xor", _umulhi(sem, _ROUND_B, prev2), c1), k0)
        c2 = sem.bitwise("xor", sem.bitwise("xor", _umulhi(sem, _ROUND_A, prev0), c3), k1)
        c1 = sem.mul(prev2, _ROUND_B)
        c3 = sem.mul(prev0, _ROUND_A)
        k0 = sem.add(k0, _KEY_A)
        k1 = sem.add(k1, _KEY_B)
    return c0, c1, c2, c3


def _umulhi(sem, const, x):
    a, b = sem.binary_operands(const, x, "umulhi")
    return sem._emit("umulhi", a, b)


def _offset_words(sem, offset):
    offset = sem.to_tensor(offset)
    if offset.dtype.primitive_bitwidth == 64:
        lo = sem.cast(offset, dt.uint32)
        hi = sem.cast(sem.shift("shr", sem.cast(offset, dt.uint64), 32), dt.uint32)
        return lo, hi
    return _u32(sem, offset), 0


@builtin
def randint4x(seed, offset, n_rounds=10):
    """Four blocks of random uint32 for ``offset``'s block, from ``seed``."""
    sem = _sem()
    lo, hi = _offset_words(sem, offset)
    return philox(seed, lo, hi, 0, 0, n_rounds)


@builtin
def randint(seed, offset, n_rounds=10):
    """A block of random uint32 for ``offset``'s block, from ``seed``."""
    return randint4x(seed, offset, n_rounds)[0]


@builtin
def uint_to_uniform_float(x):
    """uint32 -> float32 uniform in [0, 1) (31 random bits times 2**-31)."""
    sem = _sem()
    x = sem.cast(sem.to_tensor(x), dt.int32, bitcast=True)
    x = sem.where(sem.compare("lt", x, 0), sem.sub(sem.neg(x), 1), x)
    return sem.mul(sem.cast(x, dt.float32), 4.656612873077393e-10)


@builtin
def rand(seed, offset, n_rounds=10):
    """Uniform float32 in [0, 1) for each element of ``offset``."""
    return uint_to_uniform_float(randint(seed, offset, n_rounds))


@builtin
def rand4x(seed, offset, n_rounds=10):
    return tuple(uint_to_uniform_float(x) for x in randint4x(seed, offset, n_rounds))


@builtin
def pair_uniform_to_normal(u1, u2):
    """Box-Muller: two uniforms in [0, 1) -> two standard normals."""
    sem = _sem()
    from .core import maximum
    u1 = maximum(1.0e-7, u1)
    th = sem.mul(_TWO_PI, u2)
    r = sem.unary_math("sqrt", sem.mul(-2.0, sem.unary_math("log", u1)))
    return sem.mul(r, sem.unary_math("cos", th)), sem.mul(r, sem.unary_math("sin", th))


@builtin
def randn(seed, offset, n_rounds=10):
    """Standard normal float32 for each element of ``offset``."""
    i1, i2, _, _ = randint4x(seed, offset, n_rounds)
    return pair_uniform_to_normal(uint_to_uniform_float(i1), uint_to_uniform_float(i2))[0]


@builtin
def randn4x(seed, offset, n_rounds=10):
    i1, i2, i3, i4 = randint4x(seed, offset, n_rounds)
    n1, n2 = pair_uniform_to_normal(uint_to_uniform_float(i1), uint_to_uniform_float(i2))
    n3, n4 = pair_uniform_to_normal(uint_to_uniform_float(i3), uint_to_uniform_float(i4))
    return n1, n2, n3, n4
