"""FastRun registry: problem keys, applicability, filters, versions, settings syntax."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import tiledsl

try:
    import tiledsl.fastrun  # noqa: F401
except ModuleNotFoundError:  # until tiledsl/__init__.py maps fastrun/ (pyproject does)
    tiledsl.__path__.append(str(Path(__file__).resolve().parents[1]))

from tiledsl import fastrun  # noqa: E402
from tiledsl.fastrun import registry, testing  # noqa: E402
from tiledsl.fastrun.policy import parse_spec  # noqa: E402


@pytest.fixture(autouse=True)
def _dummies():
    testing.install()
    yield
    registry.unregister(testing.OP)


def test_problem_key_covers_shape_stride_dtype_params_layout():
    a = np.ones((8, 4), np.float32)
    base = fastrun.Problem.from_args("op", [a], alpha=1)
    assert base.key == fastrun.Problem.from_args("op", [a.copy()], alpha=1).key
    variants = [
        fastrun.Problem.from_args("op", [np.ones((8, 5), np.float32)], alpha=1),  # shape
        fastrun.Problem.from_args("op", [np.asfortranarray(a)], alpha=1),        # strides
        fastrun.Problem.from_args("op", [a.astype(np.float16)], alpha=1),        # dtype
        fastrun.Problem.from_args("op", [a], alpha=2),                           # params
        fastrun.Problem.from_args("op", [a], layout="NHWC", alpha=1),            # layout
    ]
    keys = {v.key for v in variants}
    assert base.key not in keys and len(keys) == len(variants)


def test_problem_keys_agree_between_numpy_torch_and_from_shapes():
    torch = pytest.importorskip("torch")
    a = np.zeros((3, 5), np.float32)
    t = torch.zeros((3, 5), dtype=torch.float32)
    p_np = fastrun.Problem.from_args("op", [a], stride=2, pad=(1, 1))
    p_t = fastrun.Problem.from_args("op", [t], pad=[1, 1], stride=2)  # order, list vs tuple
    p_s = fastrun.Problem.from_shapes("op", [(3, 5)], "float32", pad=(1, 1), stride=2)
    assert p_np.key == p_t.key == p_s.key
    assert p_t.tensors[0].kind == "torch"
    # Strides are in elements for both libraries.
    assert fastrun.Problem.from_args("op", [a.T]).tensors[0].strides == (1, 5)
    assert fastrun.Problem.from_args("op", [t.T]).tensors[0].strides == (1, 5)


def test_problem_json_round_trip_and_positional_scalars():
    a = np.zeros((2, 3), np.float16)
    p = fastrun.Problem.from_args("op", [a, 7, a], flag=True)
    assert p.param("arg1") == 7 and p.kwargs == {"flag": True}
    q = fastrun.Problem.from_json(p.to_json())
    assert q == p and q.key == p.key


def test_candidates_apply_filters_and_give_reasons():
    square = testing.problem(16, 16, 16)
    tall = testing.problem(1024, 16, 8)
    names = lambda ps: {a.name for a in ps}  # noqa: E731
    assert "square" in names(fastrun.candidates(testing.OP, square))
    why: dict[str, str] = {}
    got = names(fastrun.candidates(testing.OP, tall, reproducible=True, workspace_limit=1 << 20,
                                   rejected=why))
    assert got == {"numpy", "triple", "wrong"}
    assert why["square"] == "square matrices only"
    assert why["rowloop"] == "too many rows"
    assert "reproducible" in why["nondet"]
    assert "workspace" in why["hungry"]


def test_no_algorithm_error_lists_reasons():
    registry.unregister(testing.OP)
    registry.register(fastrun.Algorithm(testing.OP, "only_square", testing._square,
                                        applicable=testing._square_only))
    with pytest.raises(fastrun.NoAlgorithmError, match="square matrices only"):
        fastrun.choose(testing.OP, problem=testing.problem(4, 5, 6))
    with pytest.raises(fastrun.FastRunError, match="unknown FastRun op"):
        fastrun.choose("no.such.op", problem=testing.problem(4, 4, 4, op="no.such.op"))


def test_version_is_a_source_hash_and_duplicates_are_refused():
    def f1(a, b):
        return a @ b

    def f2(a, b):
        return (a @ b) * 1

    v1 = fastrun.Algorithm("x", "a", f1).version
    assert v1 == fastrun.Algorithm("x", "a", f1).version
    assert v1 != fastrun.Algorithm("x", "a", f2).version
    assert fastrun.Algorithm("x", "a", f1, version="pinned").version == "pinned"
    registry.register(fastrun.Algorithm("x", "a", f1))
    try:
        with pytest.raises(fastrun.FastRunError, match="already registered"):
            registry.register(fastrun.Algorithm("x", "a", f2))
        registry.register(fastrun.Algorithm("x", "a", f2), replace=True)
        assert registry.get("x", "a").fn is f2
    finally:
        registry.unregister("x")
    with pytest.raises(fastrun.FastRunError):
        fastrun.Algorithm("x", "bad/name", f1)
    with pytest.raises(fastrun.FastRunError):
        fastrun.Algorithm("x", "a", f1, accuracy="sloppy")


def test_heuristic_respects_filters():
    p = testing.problem(32, 32, 32)
    cands = fastrun.candidates(testing.OP, p)
    assert registry.heuristic_choice(p, cands).name == "triple"
    without = [c for c in cands if c.name != "triple"]
    # The op's heuristic wants "triple"; filtered out, the default order (priority) decides.
    fastrun.set_heuristic(testing.OP, lambda prob, cs: registry.get(testing.OP, "triple"))
    assert registry.heuristic_choice(p, without).name == "numpy"


def test_parse_spec():
    s = parse_spec("profile,reproducible,workspace=512M,budget=7.5,record,workload=w1")
    assert (s.mode, s.reproducible, s.workspace_limit, s.record, s.workload) == \
        ("profile", True, 512 << 20, True, "w1")
    assert s.options.search_budget == 7.5
    assert parse_spec("record").mode == "cache" and parse_spec("record").record
    assert parse_spec(None).mode == "cache"
    with pytest.raises(fastrun.FastRunError, match="cannot read 'fastest'"):
        parse_spec("profile,fastest")
    with pytest.raises(fastrun.FastRunError):
        parse_spec("reproducible,profile")  # the mode comes first
    with pytest.raises(fastrun.FastRunError, match="not a size"):
        parse_spec("profile,workspace=lots")
    assert parse_spec("cache,workspace=1.5k").workspace_limit == 1536


def test_fingerprints(monkeypatch):
    from tiledsl.fastrun import fingerprint as fpm
    cpu = fastrun.cpu_fingerprint()
    d = cpu.as_dict()
    assert d["kind"] == "cpu" and d["cores"] >= 1 and d["model"]
    assert set(d["features"]) <= set(fpm._X86_FEATURES + fpm._ARM_FEATURES)
    assert fastrun.cpu_fingerprint("opencl").id != cpu.id  # the backend is part of it
    assert fastrun.device_fingerprint([np.zeros(3)]).id == cpu.id

    # A CUDA tensor, duck-typed as torch's (no GPU needed).
    class Dev:
        type, index = "cuda", 0

    FakeCuda = type("Tensor", (), {"device": Dev(), "__module__": "torch.fake"})
    info = {"name": "NVIDIA H200", "capability": "90", "sm_count": 132, "driver": "580.1",
            "runtime": "13.0"}
    monkeypatch.setattr(fpm, "_torch_gpu", lambda index: dict(info))
    gpu = fastrun.device_fingerprint([np.zeros(1), FakeCuda()])
    g = gpu.as_dict()
    assert (g["kind"], g["backend"], g["sm_count"]) == ("gpu", "ptx", 132)
    assert "H200" in gpu.label and gpu.id != cpu.id
    monkeypatch.setattr(fpm, "_torch_gpu", lambda index: dict(info, driver="590.0"))
    newer = fastrun.device_fingerprint([FakeCuda()])
    assert newer.id != gpu.id and newer.type_id == gpu.type_id  # same hardware type
    # Forcing a backend through the knob lands in the fingerprint.
    monkeypatch.setenv("TILEDSL_BACKEND", "interp")
    assert fastrun.device_fingerprint([np.zeros(1)]).as_dict()["backend"] == "interp"
