"""tiled.autotune / tiled.Config / tiled.heuristics / kernel.warmup."""
import numpy as np
import pytest

import tiledsl as tiled
import tiledsl.language as tl

from helpers import assert_close, poisoned, random_array

CONFIGS = [tiled.Config({"BLOCK": 32}, num_warps=2),
           tiled.Config({"BLOCK": 64}, num_warps=4),
           tiled.Config({"BLOCK": 128}, num_warps=4, num_stages=2)]


@tiled.autotune(configs=CONFIGS, key=["n"])
@tiled.jit
def _tuned_scale(X, Y, Launches, n, BLOCK: tl.constexpr):
    pid = tl.program_id(0)
    offs = pid * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    tl.store(Y + offs, tl.load(X + offs, mask=mask) * 3.0, mask=mask)
    if pid == 0:
        tl.atomic_add(Launches, 1)   # counts kernel runs, benchmark runs included


def _grid(meta):
    return (tiled.cdiv(meta["n"], meta["BLOCK"]),)


def test_autotune_result_and_reuse(backend, rng):
    n = 1000
    x = random_array(rng, n, "float32")
    y = poisoned(n, "float32")
    launches = np.zeros(1, np.int32)
    _tuned_scale[_grid](x, y, launches, n)
    assert_close(y, x * 3)
    best = _tuned_scale.best_config
    assert best.kwargs["BLOCK"] in (32, 64, 128)
    assert any(best.kwargs == c.kwargs for c in CONFIGS)
    first = int(launches[0])
    assert first >= 1
    # same key: the chosen config is reused, the kernel runs exactly once more
    y2 = poisoned(n, "float32")
    _tuned_scale[_grid](x, y2, launches, n)
    assert int(launches[0]) == first + 1
    assert_close(y2, x * 3)
    assert _tuned_scale.best_config.kwargs == best.kwargs


def test_autotune_new_key_retunes(backend, rng):
    launches = np.zeros(1, np.int32)
    for n in (300, 301):
        x = random_array(rng, n, "float32")
        y = poisoned(n, "float32")
        _tuned_scale[_grid](x, y, launches, n)
        assert_close(y, x * 3)
    before = int(launches[0])
    x = random_array(rng, 300, "float32")
    y = poisoned(300, "float32")
    _tuned_scale[_grid](x, y, launches, 300)     # key seen before: one more run only
    assert int(launches[0]) == before + 1
    assert_close(y, x * 3)


_PRUNE_CALLS = []


def _prune_big_blocks(configs, named_args, **kwargs):
    """Drop configs whose block is larger than the problem (records each call)."""
    _PRUNE_CALLS.append(named_args["n"])
    kept = [c for c in configs if c.kwargs["BLOCK"] <= max(named_args["n"], 32)]
    return kept


@tiled.autotune(configs=CONFIGS, key=["n"],
                prune_configs_by={"early_config_prune": _prune_big_blocks})
@tiled.jit
def _pruned(X, Y, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    tl.store(Y + offs, tl.load(X + offs, mask=mask) + 1, mask=mask)


def test_autotune_early_prune(backend, rng):
    _PRUNE_CALLS.clear()
    # a key no other parametrisation of this test used, so this call must tune
    n = 33 + ["interp", "cpu", "opencl", "ptx"].index(backend)
    x = random_array(rng, n, "int32")
    y = poisoned(n, "int32")
    _pruned[_grid](x, y, n)
    assert_close(y, x + 1)
    assert _PRUNE_CALLS == [n]
    assert _pruned.best_config.kwargs["BLOCK"] == 32   # the only config left
    _pruned[_grid](x, y, n)
    assert _PRUNE_CALLS == [n]                          # cached: no second pruning


def _perf_model(**kwargs):
    """Pretend 64 is fastest: with top_k=1 the choice is deterministic."""
    return 0.0 if kwargs["BLOCK"] == 64 else 1.0


@tiled.autotune(configs=CONFIGS, key=["n"],
                prune_configs_by={"perf_model": _perf_model, "top_k": 1})
@tiled.jit
def _modelled(X, Y, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    tl.store(Y + offs, tl.load(X + offs, mask=mask) - 1, mask=mask)


def test_autotune_perf_model_top_k(backend, rng):
    n = 500
    x = random_array(rng, n, "float32")
    y = poisoned(n, "float32")
    _modelled[_grid](x, y, n)
    assert_close(y, x - 1)
    assert _modelled.best_config.kwargs["BLOCK"] == 64


@tiled.autotune(configs=[tiled.Config({"BLOCK": 16}), tiled.Config({"BLOCK": 64})],
                key=["n"], reset_to_zero=["Out"])
@tiled.jit
def _accumulate(X, Out, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    x = tl.load(X + offs, mask=offs < n, other=0.0)
    tl.atomic_add(Out, tl.sum(x, axis=0))


def test_autotune_reset_to_zero(backend, rng):
    """Benchmark runs of an accumulating kernel must not leak into the result."""
    n = 777
    x = random_array(rng, n, "float32")
    out = np.zeros(1, np.float32)
    _accumulate[_grid](x, out, n)
    # fp32 partial sums added atomically in any order: compare with the exact sum, and
    # allow a few ulps of the largest partial sum per program
    exact = x.astype(np.float64).sum()
    assert_close(out, np.array([exact], np.float32), rtol=1e-4, atol=1e-3)
    # a benchmark run that leaked into Out would add whole multiples of the sum
    assert abs(float(out[0]) - exact) < 0.5 * max(abs(exact), 1.0)


@tiled.heuristics({"BLOCK": lambda args: tiled.next_power_of_2(args["n"]),
                   "EVEN": lambda args: args["n"] % 16 == 0})
@tiled.jit
def _heuristic(X, Y, n, BLOCK: tl.constexpr, EVEN: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    if EVEN:
        x = tl.load(X + offs)
    else:
        x = tl.load(X + offs, mask=offs < n, other=0)
    s = tl.sum(x, axis=0)
    if EVEN:
        tl.store(Y + offs, x * 0 + s)
    else:
        tl.store(Y + offs, x * 0 + s, mask=offs < n)


@pytest.mark.parametrize("n", [16, 50, 128])
def test_heuristics(backend, rng, n):
    x = random_array(rng, n, "int32")
    y = poisoned(n, "int32")
    _heuristic[(1,)](x, y, n)
    assert_close(y, np.full(n, x.sum(), np.int32))


@tiled.autotune(configs=[tiled.Config({"BLOCK": 32}), tiled.Config({"BLOCK": 64})],
                key=["n"])
@tiled.heuristics({"EVEN": lambda args: args["n"] % args["BLOCK"] == 0})
@tiled.jit
def _tuned_heuristic(X, Y, n, BLOCK: tl.constexpr, EVEN: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    if EVEN:
        tl.store(Y + offs, tl.load(X + offs) * 2)
    else:
        tl.store(Y + offs, tl.load(X + offs, mask=offs < n) * 2, mask=offs < n)


@pytest.mark.parametrize("n", [64, 100])
def test_autotune_over_heuristics(backend, rng, n):
    x = random_array(rng, n, "float32")
    y = poisoned(n, "float32")
    _tuned_heuristic[_grid](x, y, n)
    assert_close(y, x * 2)


@tiled.jit
def _warm(X, Y, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    tl.store(Y + offs, tl.load(X + offs, mask=offs < n), mask=offs < n)


def test_warmup_compiles_without_running(backend, rng):
    n = 100
    x = random_array(rng, n, "float32")
    y = poisoned(n, "float32")
    compiled = _warm.warmup(x, y, n, BLOCK=64, grid=(2,))
    assert isinstance(compiled.asm["ir"], str) and compiled.asm["ir"].strip()
    assert "_warm" in compiled.asm["ir"]
    expected_key = {"interp": None, "cpu": "llir", "opencl": "opencl", "ptx": "ptx"}[backend]
    if expected_key:
        assert compiled.asm[expected_key].strip()
    assert np.isnan(y).all()           # nothing ran
    _warm[(2,)](x, y, n, BLOCK=64)     # and launching afterwards works
    assert_close(y, x)


def test_warmup_with_callable_grid(backend, rng):
    x = random_array(rng, 10, "float32")
    y = poisoned(10, "float32")
    compiled = _warm.warmup(x, y, 10, BLOCK=16, grid=lambda meta: (1,))
    assert compiled.asm["ir"]


@tiled.autotune(configs=[tiled.Config({"BLOCK": 16}), tiled.Config({"BLOCK": 64})],
                key=["n"], restore_value=["X"])
@tiled.jit
def _double_in_place(X, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    m = offs < n
    tl.store(X + offs, tl.load(X + offs, mask=m) * 2, mask=m)


def test_autotune_restore_value_in_place(backend, rng):
    """Benchmarking an in-place kernel restores its input between runs: the user sees the
    effect of exactly one run."""
    n = 200 + ["interp", "cpu", "opencl", "ptx"].index(backend)   # a key that must tune
    x = random_array(rng, n, "float32")
    ref = x * 2
    _double_in_place[_grid](x, n)
    assert_close(x, ref)
