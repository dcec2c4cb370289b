"""Shared pytest fixtures: the ``backend`` parametrisation and the per-test ``rng``.

Every semantics test takes ``backend``; it is parametrised at collection time over the
backends this machine can run:

* ``interp`` always (it is the reference semantics);
* ``cpu`` and ``opencl`` when ``tiledsl.backends.available()`` lists them. With ``CI=true``
  they are parametrised regardless and a missing one *fails* the test: a CI image that lost
  its OpenCL driver must not turn the differential tests into silent skips;
* ``ptx`` only where a CUDA GPU exists (``available()`` lists it).

``TILEDSL_TEST_BACKENDS=interp,cpu`` restricts the list (an explicit request wins over CI's
requirement, so a developer can run one backend locally with CI=true set).

The ``rng`` fixture hands every test a fresh ``numpy.random.Generator`` seeded from
``os.urandom``. The seed is printed (pytest shows captured output of failing tests), stored in
the test report's ``user_properties`` and appended to the failure report; set
``TILEDSL_TEST_SEED=<seed>`` to replay a failure.
"""
from __future__ import annotations

import os

import numpy as np
import pytest

ALL_BACKENDS = ("interp", "cpu", "opencl", "ptx")
CI_REQUIRED = ("cpu", "opencl")


def _ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def _available_backends() -> set[str]:
    """Names of the backends that can run here; only ``interp`` until the core provides more.

    The import is guarded so the suite still collects (and fails test by test with a real
    error) while the compiler core is incomplete.
    """
    try:
        from tiledsl.backends import available
    except Exception:  # noqa: BLE001 - any import failure means "only the reference"
        return {"interp"}
    try:
        found = available()
    except Exception:  # noqa: BLE001
        return {"interp"}
    if isinstance(found, dict):
        found = [name for name, ok in found.items() if ok]
    names = {getattr(b, "name", b) for b in found}
    return names | {"interp"}


_AVAILABLE = None


def available_backends() -> set[str]:
    """Cached: probing OpenCL platforms or a GPU is slow and the answer does not change."""
    global _AVAILABLE
    if _AVAILABLE is None:
        _AVAILABLE = _available_backends()
    return _AVAILABLE


def selected_backends() -> list[str]:
    """The backends the ``backend`` fixture is parametrised over, in a stable order."""
    avail = available_backends()
    chosen = [b for b in ALL_BACKENDS
              if b == "interp" or b in avail or (_ci() and b in CI_REQUIRED)]
    restrict = os.environ.get("TILEDSL_TEST_BACKENDS", "").strip()
    if restrict:
        wanted = [b.strip() for b in restrict.split(",") if b.strip()]
        unknown = [b for b in wanted if b not in ALL_BACKENDS]
        if unknown:
            raise pytest.UsageError(f"TILEDSL_TEST_BACKENDS names unknown backends {unknown}")
        # An explicit request for a backend that is not available is honoured (and fails in
        # the fixture with a clear message) rather than quietly dropped.
        chosen = [b for b in ALL_BACKENDS if b in wanted]
    return chosen


def pytest_generate_tests(metafunc):
    if "backend" in metafunc.fixturenames:
        metafunc.parametrize("backend", selected_backends(), indirect=True)


def pytest_report_header(config):
    return [f"tiledsl test backends: {', '.join(selected_backends())} "
            f"(available: {', '.join(sorted(available_backends()))}, CI={_ci()})"]


@pytest.fixture
def backend(request):
    """Run the test body with ``name`` as the active backend; yields the name."""
    name = request.param
    if name not in available_backends():
        msg = f"backend {name!r} is not available on this machine"
        if (_ci() and name in CI_REQUIRED) or os.environ.get("TILEDSL_TEST_BACKENDS"):
            # Reported as a failure of the test itself (not a setup error, not a skip): see
            # pytest_pyfunc_call below.
            request.node._tiledsl_missing_backend = (
                msg + " but it is required here (CI=true or TILEDSL_TEST_BACKENDS)")
            yield name
            return
        pytest.skip(msg)
    import tiledsl as tiled
    with tiled.backend(name):
        yield name


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem):
    missing = getattr(pyfuncitem, "_tiledsl_missing_backend", None)
    if missing:
        pytest.fail(missing, pytrace=False)
    return None


@pytest.fixture
def rng(request):
    """A fresh random generator per test; the seed is reported so failures can be replayed."""
    env_seed = os.environ.get("TILEDSL_TEST_SEED")
    seed = int(env_seed) if env_seed else int.from_bytes(os.urandom(8), "little")
    request.node.user_properties.append(("seed", seed))
    request.node._tiledsl_seed = seed
    print(f"rng seed: {seed} (replay with TILEDSL_TEST_SEED={seed})")
    return np.random.default_rng(seed)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    seed = getattr(item, "_tiledsl_seed", None)
    if seed is not None and report.failed:
        report.sections.append(("tiledsl rng seed", f"TILEDSL_TEST_SEED={seed}"))
