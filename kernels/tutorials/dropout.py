"""Tutorial 4: low-memory dropout.

Classic dropout stores the random keep-mask next to the activations so that backward can
reuse it. Here the mask is never stored: it is a pure function of ``(seed, element offset)``
through ``tl.rand`` (a counter-based Philox generator), so the same seed regenerates the same
mask anywhere, in any launch order, at the cost of one int per launch instead of one byte per
element.

``philox_uniform`` below is an independent numpy model of ``tl.rand`` as Triton defines it
(Philox-4x32 with 10 rounds, counter ``(offset, 0, 0, 0)``, key ``(seed_lo, seed_hi)``, first
output word mapped to [0, 1)). ``check`` uses it to report whether the stream matches Triton's
bit for bit, which is what makes a ported kernel reproduce Triton's masks.
"""
from __future__ import annotations

import numpy as np

import tiledsl as tiled
import tiledsl.language as tl

from ._common import backend_scope, empty_like, poison, to_numpy


@tiled.jit
def dropout_kernel(x_ptr, out_ptr, n_elements, p, seed, BLOCK_SIZE: tl.constexpr):
    """``out = x / (1 - p)`` where ``rand(seed, i) > p``, else 0."""
    offsets = tl.program_id(0) * BLOCK_SIZE + tl.arange(0, BLOCK_SIZE)
    in_bounds = offsets < n_elements
    x = tl.load(x_ptr + offsets, mask=in_bounds)
    # The element's global offset is the Philox counter: the draw is independent of the
    # block size and grid, so a different launch configuration keeps the same mask.
    keep = tl.rand(seed, offsets) > p
    tl.store(out_ptr + offsets, tl.where(keep, x / (1 - p), 0.0), mask=in_bounds)


def dropout(x, p: float, seed: int, out=None, *, BLOCK_SIZE: int = 1024):
    """Seeded dropout of a 1-D float array (numpy or torch) with drop probability ``p``."""
    if not 0.0 <= p < 1.0:
        raise ValueError(f"dropout probability must be in [0, 1), got {p}")
    if len(x.shape) != 1:
        raise ValueError(f"dropout expects a 1-D array, got shape {tuple(x.shape)}")
    if out is None:
        out = empty_like(x)
    n = x.shape[0]
    grid = lambda meta: (tiled.cdiv(n, meta["BLOCK_SIZE"]),)  # noqa: E731
    dropout_kernel[grid](x, out, n, p, seed, BLOCK_SIZE=BLOCK_SIZE)
    return out


# -- an independent numpy model of tl.rand ----------------------------------------------------

_ROUND_MUL = (np.uint64(0xD2511F53), np.uint64(0xCD9E8D57))   # Philox-4x32 multipliers
_KEY_BUMP = (np.uint32(0x9E3779B9), np.uint32(0xBB67AE85))    # Weyl sequence for the key
_MASK32 = np.uint64(0xFFFFFFFF)


def philox4x32(counter, key, rounds: int = 10):
    """Philox-4x32-``rounds`` on uint32 arrays: ``counter`` 4 words, ``key`` 2 words."""
    c = [np.asarray(w, dtype=np.uint32).copy() for w in counter]
    k0, k1 = (np.asarray(w, dtype=np.uint32).copy() for w in key)
    with np.errstate(over="ignore"):
        for r in range(rounds):
            if r:
                k0 = k0 + _KEY_BUMP[0]
                k1 = k1 + _KEY_BUMP[1]
            p0 = _ROUND_MUL[0] * c[0].astype(np.uint64)
            p1 = _ROUND_MUL[1] * c[2].astype(np.uint64)
            hi0, lo0 = (p0 >> np.uint64(32)).astype(np.uint32), (p0 & _MASK32).astype(np.uint32)
            hi1, lo1 = (p1 >> np.uint64(32)).astype(np.uint32), (p1 & _MASK32).astype(np.uint32)
            c = [hi1 ^ c[1] ^ k0, lo1, hi0 ^ c[3] ^ k1, lo0]
    return c


def philox_uniform(seed: int, offsets) -> np.ndarray:
    """What ``tl.rand(seed, offsets)`` returns under Triton's definition, as float32.

    The first Philox word is read as int32 and folded onto [0, 2**31) (``x < 0 -> -x - 1``)
    before scaling by ``2**-31``, so 1.0 is never produced.
    """
    offs = np.asarray(offsets, dtype=np.int64).astype(np.uint32)
    zero = np.zeros_like(offs)
    seed = int(seed) & 0xFFFFFFFFFFFFFFFF
    key = (np.full_like(offs, seed & 0xFFFFFFFF), np.full_like(offs, seed >> 32))
    word = philox4x32((offs, zero, zero, zero), key)[0].view(np.int32)
    with np.errstate(over="ignore"):
        folded = np.where(word < 0, -word - 1, word).astype(np.int32)
    return folded.astype(np.float32) * np.float32(4.6566127342e-10)


def reference(x, p: float, seed: int) -> np.ndarray:
    """Dropout with the Triton-defined ``tl.rand`` stream, in float32."""
    x = to_numpy(x)
    keep = philox_uniform(seed, np.arange(x.shape[0])) > np.float32(p)
    return np.where(keep, x / np.float32(1 - p), np.float32(0)).astype(x.dtype)


def check(backend=None, seed: int = 0, n: int = 50_003, p: float = 0.3,
          BLOCK_SIZE: int = 1024) -> dict:
    """Check the properties dropout must have, and report Philox bit-compatibility.

    Asserted: every kept element equals ``x / (1 - p)`` and every other is 0; the same seed
    reproduces the mask exactly, also with a different block size; another seed gives a
    different mask; the dropped fraction is within 5 standard deviations of ``p``.
    Reported (``philox_exact``): whether the mask equals Triton's Philox stream.
    """
    rng = np.random.default_rng(seed)
    # Magnitudes in [0.5, 1.5) with random signs: no input is 0, so a 0 output means dropped.
    x = (rng.uniform(0.5, 1.5, n) * rng.choice([-1.0, 1.0], n)).astype(np.float32)
    kseed = int(rng.integers(1, 2**31 - 1))
    outs = []
    with backend_scope(backend):
        for s, block in ((kseed, BLOCK_SIZE), (kseed, BLOCK_SIZE // 4), (kseed + 1, BLOCK_SIZE)):
            out = poison(np.empty_like(x))
            dropout(x, p, s, out, BLOCK_SIZE=block)
            outs.append(out)
    first, again, other = outs
    for out in outs:
        assert np.all(np.isfinite(out)), "dropout left unwritten (NaN) elements"
    kept = first != 0
    scaled = x / np.float32(1 - p)
    np.testing.assert_allclose(first[kept], scaled[kept], rtol=1e-6, atol=0,
                               err_msg="kept elements are not x / (1 - p)")
    assert np.array_equal(first, again), "same seed gave a different mask (other block size)"
    assert not np.array_equal(first != 0, other != 0), "a different seed gave the same mask"
    drop_frac = float(1.0 - kept.mean())
    sigma = np.sqrt(p * (1 - p) / n)
    assert abs(drop_frac - p) < 5 * sigma, f"dropped {drop_frac:.4f}, expected p={p}"
    exact = bool(np.array_equal(kept, philox_uniform(kseed, np.arange(n)) > np.float32(p)))
    return {"name": "dropout", "shape": (n,), "p": p, "drop_fraction": drop_frac,
            "max_abs_err": float(np.max(np.abs(first[kept] - scaled[kept]), initial=0.0)),
            "philox_exact": exact}
