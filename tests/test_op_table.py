"""Every op of the op table has an emitter, or an explicit "unsupported" marker, in every
backend that exists.

A backend is described by a small adapter below: how to get its set of handled op names and
its explicitly unsupported ones. Adding the opencl or ptx backend is one more entry in
``BACKEND_TABLES`` (``backends/<name>/emitters.py`` exposing ``EMITTERS`` and
``UNSUPPORTED``, as the cpu backend does).
"""
from __future__ import annotations

import importlib

import pytest

from tiledsl.errors import CompilationError
from tiledsl.ir.ops import OPS


def _interp_table():
    em = importlib.import_module("tiledsl.backends.interp.emitters")
    handled = set(em.HANDLERS) | set(em.STRUCTURED)
    handled |= {name for name, row in OPS.items() if row.numpy is not None}
    return handled, {}


def _emitters_module_table(backend: str):
    def load():
        em = importlib.import_module(f"tiledsl.backends.{backend}.emitters")
        return set(em.EMITTERS), dict(getattr(em, "UNSUPPORTED", {}))
    return load


def _exists(backend: str) -> bool:
    """True when ``backends/<backend>/emitters.py`` follows the table convention
    (``EMITTERS``, optionally ``UNSUPPORTED``)."""
    try:
        em = importlib.import_module(f"tiledsl.backends.{backend}.emitters")
    except ImportError:
        return False
    return hasattr(em, "EMITTERS")


BACKEND_TABLES = {
    "interp": _interp_table,
    "cpu": _emitters_module_table("cpu"),
    # a backends/<name>/emitters.py with an EMITTERS table joins the check automatically
    "opencl": _emitters_module_table("opencl"),
    "ptx": _emitters_module_table("ptx"),
}


def _backends():
    return [name for name in BACKEND_TABLES if name == "interp" or _exists(name)]


@pytest.mark.parametrize("backend_name", _backends())
def test_every_op_is_covered(backend_name):
    handled, unsupported = BACKEND_TABLES[backend_name]()
    missing = sorted(n for n in OPS if n not in handled and n not in unsupported)
    assert not missing, f"backend {backend_name!r} silently lacks ops: {missing}"


@pytest.mark.parametrize("backend_name", _backends())
def test_no_emitter_for_unknown_ops(backend_name):
    """A table row for an op the IR does not have is a typo or a stale entry."""
    handled, unsupported = BACKEND_TABLES[backend_name]()
    # barrier may land in the table before the IR core commits it
    stale = sorted(n for n in set(handled) | set(unsupported) if n not in OPS and n != "barrier")
    assert not stale, f"backend {backend_name!r} has emitters for unknown ops: {stale}"


def test_cpu_unsupported_marker_raises_clear_error():
    """The marker the cpu table uses for unsupported ops raises a CompilationError that
    names the op and the user's source position."""
    from tiledsl.backends.cpu import emitters
    from tiledsl.errors import SourceLoc
    emit = emitters._unsupported("no such hardware")

    class _Op:
        name = "fancy_op"
        loc = SourceLoc("user.py", 3, 4)
    with pytest.raises(CompilationError) as info:
        emit(None, _Op(), [])
    assert "fancy_op" in str(info.value) and "no such hardware" in str(info.value)
    assert emit.unsupported == "no such hardware"


def test_cpu_table_covers_ops_with_callables():
    from tiledsl.backends.cpu.emitters import EMITTERS
    for name in OPS:
        assert callable(EMITTERS[name]), name
