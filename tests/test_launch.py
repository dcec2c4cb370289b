"""Launching: grid forms, constexprs by keyword and position, default arguments, integer
specialisation, the in-memory and on-disk caches, and how the backend is chosen."""
import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest

import tiledsl as tiled
import tiledsl.language as tl
from tiledsl.errors import BackendUnavailableError, TiledError

from helpers import assert_close, poisoned, random_array

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _backend_name(compiled):
    b = compiled.backend
    return getattr(b, "name", b)


@tiled.jit
def _scale(X, Y, n, factor, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    tl.store(Y + offs, tl.load(X + offs, mask=mask) * factor, mask=mask)


@pytest.mark.parametrize("grid", [(4,), (4, 1), (4, 1, 1), [4],
                                  lambda meta: (tiled.cdiv(meta["n"], meta["BLOCK"]),),
                                  lambda meta: (4, 1, 1)],
                         ids=["1d", "2d", "3d", "list", "callable", "callable3d"])
def test_grid_forms(backend, rng, grid):
    n = 100
    x = random_array(rng, n, "float32")
    y = poisoned(n, "float32")
    _scale[grid](x, y, n, 2.0, BLOCK=32)
    assert_close(y, x * 2)


def test_extra_programs_on_other_axes_run(backend, rng):
    """A (4, 2) grid runs every program; both rows of programs write the same values."""
    n = 100
    x = random_array(rng, n, "float32")
    y = poisoned(n, "float32")
    _scale[(4, 2)](x, y, n, 3.0, BLOCK=32)
    assert_close(y, x * 3)


def test_all_arguments_by_keyword(backend, rng):
    n = 50
    x = random_array(rng, n, "float32")
    y = poisoned(n, "float32")
    _scale[(2,)](X=x, Y=y, n=n, factor=-1.0, BLOCK=32)
    assert_close(y, -x)


def test_constexpr_positional(backend, rng):
    n = 50
    x = random_array(rng, n, "float32")
    y = poisoned(n, "float32")
    _scale[(1,)](x, y, n, 0.5, 64)
    assert_close(y, x * 0.5)


@tiled.jit
def _defaults(X, Y, n, factor=3, BLOCK: tl.constexpr = 16, OFFSET: tl.constexpr = 100):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    tl.store(Y + offs, tl.load(X + offs, mask=mask) * factor + OFFSET, mask=mask)


def test_default_arguments(backend, rng):
    n = 40
    x = random_array(rng, n, "int32")
    y = poisoned(n, "int32")
    _defaults[(tiled.cdiv(n, 16),)](x, y, n)
    assert_close(y, x * 3 + 100)
    y = poisoned(n, "int32")
    _defaults[(1,)](x, y, n, 5, BLOCK=64)
    assert_close(y, x * 5 + 100)
    y = poisoned(n, "int32")
    _defaults[(tiled.cdiv(n, 16),)](x, y, n, OFFSET=-1)
    assert_close(y, x * 3 - 1)


@tiled.jit
def _spec(X, Y, n, stride, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    tl.store(Y + offs, tl.load(X + offs * stride, mask=mask) + n, mask=mask)


@pytest.mark.parametrize("n,stride", [(1, 1), (16, 1), (17, 1), (32, 2), (31, 3), (48, 16),
                                      (1, 16)])
def test_int_specialisation_gives_same_results(backend, rng, n, stride):
    """n and stride take the specialised values 1 and multiples of 16 and ordinary ones."""
    x = random_array(rng, n * stride, "int32")
    y = poisoned(n, "int32")
    _spec[(tiled.cdiv(n, 16),)](x, y, n, stride, BLOCK=16)
    assert_close(y, x[::stride][:n] + n)


def test_specialisation_then_general_value(backend, rng):
    """Launching with 16 first must not make a later 17 reuse the divisible-by-16 code."""
    for n in (16, 17, 1, 2, 32, 33):
        x = random_array(rng, n, "int32")
        y = poisoned(n, "int32")
        _spec[(tiled.cdiv(n, 16),)](x, y, n, 1, BLOCK=16)
        assert_close(y, x + n, err_msg=f"n={n}")


@tiled.jit(do_not_specialize=["n"])
def _no_spec(X, Y, n, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    tl.store(Y + offs, tl.load(X + offs, mask=offs < n, other=0) * n, mask=offs < n)


def test_do_not_specialize(backend, rng):
    x = random_array(rng, 32, "int32")
    a = _no_spec.warmup(x, x, 1, BLOCK=32, grid=(1,))
    b = _no_spec.warmup(x, x, 16, BLOCK=32, grid=(1,))
    c = _no_spec.warmup(x, x, 7, BLOCK=32, grid=(1,))
    assert a is b is c
    for n in (1, 16, 7):
        y = poisoned(32, "int32")
        _no_spec[(1,)](x, y, n, BLOCK=32)
        assert_close(y[:n], x[:n] * n)


def test_in_memory_cache_reuses_compiled_kernel(backend, rng):
    n = 64
    x = random_array(rng, n, "float32")
    y = poisoned(n, "float32")
    first = _scale.warmup(x, y, n, 2.0, BLOCK=32, grid=(2,))
    second = _scale.warmup(x, y, n, 2.0, BLOCK=32, grid=(2,))
    assert first is second
    launched = _scale[(2,)](x, y, n, 2.0, BLOCK=32)
    if launched is not None:
        assert launched is first
    # a different constexpr or dtype is a different kernel
    assert _scale.warmup(x, y, n, 2.0, BLOCK=64, grid=(1,)) is not first
    xi = random_array(rng, n, "int32")
    assert _scale.warmup(xi, xi, n, 2, BLOCK=32, grid=(2,)) is not first


def test_same_key_different_values_reuse(backend, rng):
    """Scalars that differ only in value (same type, same specialisation class) share code."""
    x = random_array(rng, 100, "float32")
    a = _scale.warmup(x, x, 37, 2.0, BLOCK=32, grid=(1,))
    b = _scale.warmup(x, x, 99, -4.5, BLOCK=32, grid=(1,))
    assert a is b


_DISK_SCRIPT = textwrap.dedent('''
    import sys, numpy as np
    import tiledsl as tiled
    import tiledsl.language as tl

    @tiled.jit
    def disk_cached_kernel(X, Y, n, BLOCK: tl.constexpr):
        offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
        mask = offs < n
        tl.store(Y + offs, tl.load(X + offs, mask=mask) * SCALE_TOKEN, mask=mask)

    x = np.arange(100, dtype=np.float32)
    y = np.full(100, np.nan, np.float32)
    with tiled.backend(sys.argv[1]):
        disk_cached_kernel[(4,)](x, y, 100, BLOCK=32)
    assert np.array_equal(y, x * SCALE_TOKEN), y
    print("OK")
''')


def _snapshot(root):
    out = {}
    for dirpath, _, files in os.walk(root):
        for f in files:
            p = os.path.join(dirpath, f)
            out[os.path.relpath(p, root)] = os.stat(p).st_mtime_ns
    return out


def _run_script(tmp_path, backend, cache_dir, scale="3.0"):
    script = tmp_path / f"disk_kernel_{scale.replace('.', '_')}.py"
    script.write_text(_DISK_SCRIPT.replace("SCALE_TOKEN", scale))
    env = dict(os.environ)
    env["TILEDSL_CACHE_DIR"] = str(cache_dir)
    env.pop("TILEDSL_ALWAYS_COMPILE", None)
    env["PYTHONPATH"] = os.pathsep.join([REPO, env.get("PYTHONPATH", "")])
    proc = subprocess.run([sys.executable, str(script), backend], env=env, cwd=str(tmp_path),
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0 and "OK" in proc.stdout, proc.stdout + proc.stderr
    return proc


def test_disk_cache_across_processes(backend, tmp_path):
    cache = tmp_path / "cache"
    _run_script(tmp_path, backend, cache)
    first = _snapshot(cache)
    if backend != "interp":
        assert first, "a compiled backend must leave its artifact in TILEDSL_CACHE_DIR"
    _run_script(tmp_path, backend, cache)
    second = _snapshot(cache)
    # the second process found everything it needed: nothing was (re)written
    assert second == first
    # changing the kernel source is a different cache key: new entries appear
    _run_script(tmp_path, backend, cache, scale="5.0")
    third = _snapshot(cache)
    if first:
        assert set(third) > set(first)


# ---- backend selection --------------------------------------------------------------------

@tiled.jit
def _tiny(X):
    tl.store(X, 1)


@pytest.fixture
def clean_env(monkeypatch):
    monkeypatch.delenv("TILEDSL_BACKEND", raising=False)
    monkeypatch.delenv("TILEDSL_INTERPRET", raising=False)
    return monkeypatch


def test_backend_context_manager(clean_env):
    x = np.zeros(1, np.int32)
    with tiled.backend("interp"):
        assert _backend_name(_tiny.warmup(x, grid=(1,))) == "interp"
        _tiny[(1,)](x)
    assert x[0] == 1


def test_env_interpret_alias(clean_env):
    clean_env.setenv("TILEDSL_INTERPRET", "1")
    x = np.zeros(1, np.int32)
    assert _backend_name(_tiny.warmup(x, grid=(1,))) == "interp"
    _tiny[(1,)](x)
    assert x[0] == 1


def test_env_backend(clean_env):
    from conftest import available_backends
    for name in sorted(available_backends() & {"interp", "cpu", "opencl"}):
        clean_env.setenv("TILEDSL_BACKEND", name)
        x = np.zeros(1, np.int32)
        assert _backend_name(_tiny.warmup(x, grid=(1,))) == name
        _tiny[(1,)](x)
        assert x[0] == 1


def test_default_backend_from_numpy_and_torch(clean_env):
    """Host arrays (numpy, CPU torch) default to the cpu backend where it exists."""
    from conftest import available_backends
    x = np.zeros(1, np.int32)
    chosen = _backend_name(_tiny.warmup(x, grid=(1,)))
    if "cpu" in available_backends():
        assert chosen == "cpu"
    else:
        assert chosen == "interp"
    torch = pytest.importorskip("torch")
    t = torch.zeros(1, dtype=torch.int32)
    assert _backend_name(_tiny.warmup(t, grid=(1,))) == chosen
    _tiny[(1,)](t)
    assert int(t[0]) == 1


def test_unknown_backend_name(clean_env):
    with pytest.raises((ValueError, KeyError, TiledError)):
        with tiled.backend("no-such-backend"):
            _tiny[(1,)](np.zeros(1, np.int32))


def test_ptx_compiles_without_gpu(clean_env):
    """warmup for ptx needs no device: it produces PTX text with the kernel's entry."""
    x = np.zeros(1, np.int32)
    try:
        with tiled.backend("ptx"):
            compiled = _tiny.warmup(x, grid=(1,))
    except BackendUnavailableError as e:
        pytest.fail(f"compiling for ptx must not need a GPU: {e}")
    assert ".entry" in compiled.asm["ptx"]
    assert "_tiny" in compiled.asm["ptx"]


# ---- globals captured by a kernel ----------------------------------------------------------

_GLOBAL_VALUE = tl.constexpr(5)


@tiled.jit
def _reads_global(X):
    tl.store(X, _GLOBAL_VALUE)


def test_changed_global_is_never_stale(backend):
    """Rebinding a global a compiled kernel used must not silently reuse the old code:
    Triton raises ("global variable ... has changed since we compiled"); recompiling is
    fine too. Returning the old value is not."""
    x = poisoned(1, "int32")
    _reads_global[(1,)](x)
    assert x[0] == 5
    try:
        globals()["_GLOBAL_VALUE"] = tl.constexpr(7)
        x = poisoned(1, "int32")
        try:
            _reads_global[(1,)](x)
        except Exception as e:  # noqa: BLE001 - any clear error is acceptable
            assert "_GLOBAL_VALUE" in str(e), str(e)
        else:
            assert x[0] == 7, "kernel reused code compiled for the old global value"
    finally:
        globals()["_GLOBAL_VALUE"] = tl.constexpr(5)


# ---- cache keys must cover what changes the code -----------------------------------------

def test_scalar_type_change_recompiles(backend, rng):
    """An int ``factor`` then a float one: the float must not be truncated by int code."""
    n = 32
    x = random_array(rng, n, "float32")
    y = poisoned(n, "float32")
    _scale[(1,)](x, y, n, 2, BLOCK=32)
    assert_close(y, x * 2)
    _scale[(1,)](x, y, n, 2.5, BLOCK=32)
    assert_close(y, x * 2.5)


@tiled.jit
def _add_big(Out, v, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    tl.store(Out + offs, offs.to(tl.int64) + v)


def test_int32_then_int64_scalar(backend):
    out = poisoned(8, "int64")
    _add_big[(1,)](out, 7, BLOCK=8)
    assert_close(out, np.arange(8, dtype=np.int64) + 7)
    _add_big[(1,)](out, 2**33 + 7, BLOCK=8)
    assert_close(out, np.arange(8, dtype=np.int64) + 2**33 + 7)


def test_misaligned_pointer_views(backend, rng):
    """A view starting 4 bytes into an array must not reuse code that assumed 16-byte
    alignment (Triton specialises pointers on divisibility by 16)."""
    base = random_array(rng, 80, "float32")
    y = poisoned(64, "float32")
    _scale[(2,)](base[:64], y, 64, 1.0, BLOCK=32)
    assert_close(y, base[:64])
    out = poisoned(80, "float32")
    _scale[(2,)](base[1:65], out[3:67], 64, 1.0, BLOCK=32)
    assert_close(out[3:67], base[1:65])
    assert np.isnan(out[:3]).all() and np.isnan(out[67:]).all()


@tiled.jit
def _strided_write(X, Y, n, sy, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    m = offs < n
    tl.store(Y + offs * sy, tl.load(X + offs, mask=m), mask=m)


def test_numpy_strided_output_view(backend, rng):
    """The kernel gets the view's data pointer; writes through it land in the parent."""
    n = 20
    x = random_array(rng, n, "float32")
    parent = poisoned(2 * n, "float32")
    view = parent[::2]
    _strided_write[(1,)](x, view, n, 2, BLOCK=32)
    assert_close(parent[::2], x)
    assert np.isnan(parent[1::2]).all()


_HELPER_SCRIPT = textwrap.dedent('''
    import sys, numpy as np
    import tiledsl as tiled
    import tiledsl.language as tl

    @tiled.jit
    def scale_helper(x):
        return x * HELPER_TOKEN

    @tiled.jit
    def uses_helper(X, Y, BLOCK: tl.constexpr):
        offs = tl.arange(0, BLOCK)
        tl.store(Y + offs, scale_helper(tl.load(X + offs)))

    x = np.arange(16, dtype=np.float32)
    y = np.full(16, np.nan, np.float32)
    with tiled.backend(sys.argv[1]):
        uses_helper[(1,)](x, y, BLOCK=16)
    assert np.array_equal(y, x * HELPER_TOKEN), y
    print("OK")
''')


def test_disk_cache_key_covers_called_helpers(backend, tmp_path):
    """Only a called @jit helper changes between the two processes, not the kernel's own
    text: the cached artifact of the first must not be reused by the second."""
    cache = tmp_path / "cache"
    env = dict(os.environ)
    env["TILEDSL_CACHE_DIR"] = str(cache)
    env.pop("TILEDSL_ALWAYS_COMPILE", None)
    env["PYTHONPATH"] = os.pathsep.join([REPO, env.get("PYTHONPATH", "")])
    for token in ("2.0", "3.0"):
        script = tmp_path / "helper_kernel.py"     # same file name: only the helper differs
        script.write_text(_HELPER_SCRIPT.replace("HELPER_TOKEN", token))
        proc = subprocess.run([sys.executable, str(script), backend], env=env,
                              cwd=str(tmp_path), capture_output=True, text=True, timeout=300)
        assert proc.returncode == 0 and "OK" in proc.stdout, proc.stdout + proc.stderr


# ---- pyopencl arrays -------------------------------------------------------------------------

@tiled.jit
def _plus_one(X, Y, n, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    m = offs < n
    tl.store(Y + offs, tl.load(X + offs, mask=m) + 1, mask=m)


def _opencl_or_skip():
    from conftest import available_backends
    if "opencl" not in available_backends():
        pytest.skip("no OpenCL device")
    return pytest.importorskip("pyopencl"), pytest.importorskip("pyopencl.array")


def test_pyopencl_arrays_select_opencl(clean_env):
    """pyopencl arrays are device buffers: they pick the opencl backend by default."""
    _, cla = _opencl_or_skip()
    from tiledsl.backends.opencl.device import get_queue
    q = get_queue()
    x = cla.to_device(q, np.arange(10, dtype=np.float32))
    y = cla.zeros(q, 10, np.float32)
    assert _backend_name(_plus_one.warmup(x, y, 10, BLOCK=16, grid=(1,))) == "opencl"
    _plus_one[(1,)](x, y, 10, BLOCK=16)
    np.testing.assert_array_equal(y.get(), np.arange(1, 11, dtype=np.float32))


def test_pyopencl_arrays_of_a_user_context(clean_env):
    """Arrays the user allocated in a context of their own (on a device tiledsl can use)
    are accepted: a user of pyopencl should not have to adopt tiledsl's context first."""
    cl, cla = _opencl_or_skip()
    from tiledsl.backends.opencl.device import get_context
    ctx = cl.Context([get_context().devices[0]])
    q = cl.CommandQueue(ctx)
    x = cla.to_device(q, np.arange(10, dtype=np.float32))
    y = cla.zeros(q, 10, np.float32)
    _plus_one[(1,)](x, y, 10, BLOCK=16)
    np.testing.assert_array_equal(y.get(), np.arange(1, 11, dtype=np.float32))
