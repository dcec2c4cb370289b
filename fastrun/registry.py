"""Algorithm registry: which implementations exist for an op, and which apply to a call.

An *op* (``"conv2d"``, ``"matmul"``) is a named computation with several *algorithms* (direct,
im2col+GEMM, Winograd, FFT ...). The kernel library registers them; FastRun picks one per
*problem* (the op plus everything about a call that can change which algorithm is fastest).

Registering, as the kernel library does it::

    from tiledsl import fastrun

    fastrun.define_op("matmul", reference=lambda a, b: a @ b,
                      make_inputs=None,              # default: random arrays from the Problem
                      heuristic=my_matmul_heuristic)  # (problem, candidates) -> Algorithm
    fastrun.register(fastrun.Algorithm(
        op="matmul", name="tiled_128x128", fn=matmul_tiled,
        applicable=lambda p: p.dtypes[0] in ("float16", "float32") or "fp16/fp32 only",
        workspace=lambda p: 0, reproducible=True, accuracy="standard"))

Calling convention: ``fn(*args, **params)`` with exactly the arguments the user passed to
``fastrun.run(op, *args, **params)``; the output is the return value, or (when ``fn`` returns
``None``) what the op's ``output(args, ret)`` hook extracts (default: the last argument, for
ops that write into an ``out`` buffer).

``applicable(problem)`` returns ``True`` when the algorithm can run the problem; anything
else (``False``, ``None`` or a string giving the reason) means it cannot. The reason shows up
in ``NoAlgorithmError`` and in ``tiledsl fastrun show``.

``version`` defaults to a hash of ``fn``'s source (plus the source of everything listed in
``depends``, e.g. the ``@tiled.jit`` kernels it launches): cached timings of an algorithm are
used only while its version matches, so editing one algorithm re-profiles that one alone.
"""
from __future__ import annotations

import functools
import hashlib
import inspect
import json
import threading
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Sequence

from tiledsl.errors import TiledError

# Tolerance classes for the numeric check (relative to the output's magnitude, see
# profiler.check_close). "exact" algorithms reorder nothing; "standard" may reassociate sums
# (blocked GEMM, split-K); "relaxed" is for transforms that lose precision by design
# (Winograd, FFT convolution).
ACCURACY_CLASSES = ("exact", "standard", "relaxed")


class NoAlgorithmError(TiledError, RuntimeError):
    """No registered algorithm can run this problem under the current filters."""


class FastRunError(TiledError, RuntimeError):
    """Misuse of the FastRun API (unknown op, duplicate registration ...)."""


# -- problems -------------------------------------------------------------------------------

_DTYPE_ALIASES = {"half": "float16", "float": "float32", "double": "float64",
                  "bfloat16": "bfloat16", "bool": "bool", "long": "int64", "int": "int32"}


def _dtype_name(dt: Any) -> str:
    """A dtype of numpy, torch, cupy or tiledsl, spelled as numpy spells it."""
    text = str(getattr(dt, "name", None) or dt)
    text = text.rsplit(".", 1)[-1]  # "torch.float32" -> "float32"
    short = {"fp16": "float16", "fp32": "float32", "fp64": "float64", "bf16": "bfloat16",
             "int1": "bool"}
    return short.get(text, _DTYPE_ALIASES.get(text, text))


def _itemsize(x: Any) -> int:
    dt = getattr(x, "dtype", None)
    size = getattr(dt, "itemsize", None)
    if size is None and hasattr(x, "element_size"):
        size = x.element_size()
    return int(size or 1)


@dataclass(frozen=True)
class TensorSpec:
    """Shape, strides (in elements), dtype of one tensor argument; where it lives on the side.

    ``kind`` ("numpy", "torch", "cupy", ...) and ``device`` ("cpu", "cuda:0") are kept so an
    offline search can rebuild similar inputs, but are not part of the problem key: the
    device fingerprint says where a timing was taken.
    """
    shape: tuple[int, ...]
    strides: tuple[int, ...]
    dtype: str
    kind: str = "numpy"
    device: str = "cpu"

    @classmethod
    def of(cls, x: Any) -> "TensorSpec":
        """Describe a numpy array, torch tensor or cupy array (duck-typed)."""
        if not (hasattr(x, "shape") and hasattr(x, "dtype")):
            raise TypeError(f"expected an array or tensor, got {type(x).__name__}")
        shape = tuple(int(s) for s in x.shape)
        module = type(x).__module__.split(".")[0]
        if callable(getattr(x, "stride", None)):  # torch: strides in elements already
            strides = tuple(int(s) for s in x.stride())
        elif getattr(x, "strides", None) is not None:  # numpy / cupy: bytes
            size = _itemsize(x)
            strides = tuple(int(s) // size for s in x.strides)
        else:
            strides = _contiguous_strides(shape)
        dev = getattr(x, "device", "cpu")
        device = str(dev) if module in ("torch", "cupy") else "cpu"
        if module == "cupy":
            device = f"cuda:{getattr(dev, 'id', 0)}"
        return cls(shape, strides, _dtype_name(x.dtype), module or "numpy", device)

    def key(self) -> list:
        return [list(self.shape), list(self.strides), self.dtype]

    def to_json(self) -> dict:
        return {"shape": list(self.shape), "strides": list(self.strides), "dtype": self.dtype,
                "kind": self.kind, "device": self.device}

    @classmethod
    def from_json(cls, d: dict) -> "TensorSpec":
        return cls(tuple(d["shape"]), tuple(d["strides"]), d["dtype"], d.get("kind", "numpy"),
                   d.get("device", "cpu"))

    @property
    def contiguous(self) -> bool:
        return self.strides == _contiguous_strides(self.shape)


def _contiguous_strides(shape: Sequence[int]) -> tuple[int, ...]:
    strides, acc = [], 1
    for s in reversed(shape):
        strides.append(acc)
        acc *= max(int(s), 1)
    return tuple(reversed(strides))


def _canon(value: Any) -> Any:
    """Parameters as JSON values, so keys are stable across processes and machines."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, (int, float)):
        return value
    if hasattr(value, "item") and getattr(value, "shape", None) == ():
        return value.item()
    if isinstance(value, (list, tuple)):
        return [_canon(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _canon(v) for k, v in sorted(value.items())}
    if hasattr(value, "dtype") and hasattr(value, "shape"):
        raise TypeError("tensors belong in Problem.from_args(tensors=...), not in params")
    return str(value)


@dataclass(frozen=True)
class Problem:
    """One op call as FastRun sees it: the key under which timings are stored.

    The key covers op, shapes, strides, dtypes, layout and parameters; two calls with equal
    keys are profiled once.
    """
    op: str
    tensors: tuple[TensorSpec, ...]
    params: tuple[tuple[str, Any], ...] = ()
    layout: str = ""

    @classmethod
    def from_args(cls, op: str, tensors: Iterable[Any], layout: str = "",
                  **params: Any) -> "Problem":
        """Build the problem of a call from its tensors (numpy / torch / cupy) and parameters.

        Non-tensor entries of ``tensors`` (Python scalars, ``None``) become positional
        parameters ``"arg<i>"`` so they still take part in the key.
        """
        specs, extra = [], {}
        for i, t in enumerate(tensors):
            if hasattr(t, "shape") and hasattr(t, "dtype") and getattr(t, "shape", ()) != ():
                specs.append(TensorSpec.of(t))
            else:
                extra[f"arg{i}"] = t
        extra.update(params)
        canon = tuple(sorted((str(k), _canon(v)) for k, v in extra.items()))
        return cls(op, tuple(specs), canon, layout)

    @classmethod
    def from_shapes(cls, op: str, shapes: Iterable[Sequence[int]], dtype: str = "float32",
                    layout: str = "", **params: Any) -> "Problem":
        """The problem of a call on contiguous tensors of ``shapes``, without allocating."""
        specs = tuple(TensorSpec(tuple(int(d) for d in s), _contiguous_strides(s),
                                 _dtype_name(dtype)) for s in shapes)
        canon = tuple(sorted((str(k), _canon(v)) for k, v in params.items()))
        return cls(op, specs, canon, layout)

    # -- views ---------------------------------------------------------------------------
    @property
    def shapes(self) -> tuple[tuple[int, ...], ...]:
        return tuple(t.shape for t in self.tensors)

    @property
    def dtypes(self) -> tuple[str, ...]:
        return tuple(t.dtype for t in self.tensors)

    def param(self, name: str, default: Any = None) -> Any:
        """The value of parameter ``name`` (``default`` when the call did not pass it)."""
        for k, v in self.params:
            if k == name:
                return v
        return default

    @property
    def kwargs(self) -> dict[str, Any]:
        """Keyword parameters (positional scalars ``arg<i>`` excluded); ``layout`` is among
        them when the problem has one, since ``from_args`` takes it out of the call's."""
        out = {k: (tuple(v) if isinstance(v, list) else v) for k, v in self.params
               if not (k.startswith("arg") and k[3:].isdigit())}
        if self.layout:
            out.setdefault("layout", self.layout)
        return out

    @functools.cached_property
    def key(self) -> str:
        """Canonical text key: stable across processes, Python versions and machines."""
        body = {"t": [t.key() for t in self.tensors], "p": [[k, v] for k, v in self.params]}
        if self.layout:
            body["l"] = self.layout
        return json.dumps(body, separators=(",", ":"), sort_keys=True)

    def short(self) -> str:
        """A one-line human summary, e.g. ``matmul 128x64:float32 64x32:float32 {}``."""
        ts = " ".join("x".join(map(str, t.shape)) + ":" + t.dtype
                      + ("" if t.contiguous else "(strided)") for t in self.tensors)
        ps = ",".join(f"{k}={v}" for k, v in self.params)
        return f"{self.op} {ts}" + (f" [{self.layout}]" if self.layout else "") + \
            (f" {ps}" if ps else "")

    def to_json(self) -> dict:
        return {"op": self.op, "tensors": [t.to_json() for t in self.tensors],
                "params": [[k, v] for k, v in self.params], "layout": self.layout}

    @classmethod
    def from_json(cls, d: dict) -> "Problem":
        params = tuple((str(k), v) for k, v in d.get("params", []))
        return cls(d["op"], tuple(TensorSpec.from_json(t) for t in d["tensors"]), params,
                   d.get("layout", ""))

    @property
    def nbytes(self) -> int:
        """Bytes of the tensors if they were contiguous (input-rotation sizing)."""
        total = 0
        for t in self.tensors:
            n = 1
            for s in t.shape:
                n *= s
            total += n * _np_itemsize(t.dtype)
        return total


def _np_itemsize(dtype: str) -> int:
    try:
        import numpy as np
        if dtype == "bfloat16":
            return 2
        return np.dtype(dtype).itemsize
    except TypeError:
        return 4


# -- algorithms -----------------------------------------------------------------------------

def _always(_problem: Problem) -> bool:
    return True


def _no_workspace(_problem: Problem) -> int:
    return 0


def source_hash(*objs: Any) -> str:
    """A short hash of the source of functions / jit kernels (bytecode when no source)."""
    h = hashlib.sha256()
    for obj in objs:
        target = getattr(obj, "fn", None) if not inspect.isroutine(obj) else obj
        target = target if target is not None else obj
        try:
            h.update(inspect.getsource(target).encode())
        except (OSError, TypeError):
            code = getattr(target, "__code__", None)
            if code is not None:
                h.update(code.co_code)
                h.update(repr(code.co_consts).encode())
            else:
                h.update(getattr(target, "__qualname__", repr(type(target))).encode())
    return h.hexdigest()[:16]


@dataclass
class Algorithm:
    """One implementation of an op. See the module docstring for the calling convention."""
    op: str
    name: str
    fn: Callable[..., Any]
    applicable: Callable[[Problem], Any] = _always
    workspace: Callable[[Problem], int] = _no_workspace
    reproducible: bool = True
    accuracy: str = "standard"
    version: str = ""
    depends: tuple = ()
    priority: int = 0  # order for the default heuristic: higher first

    def __post_init__(self) -> None:
        if self.accuracy not in ACCURACY_CLASSES:
            raise FastRunError(f"accuracy of {self.op}/{self.name} must be one of "
                               f"{ACCURACY_CLASSES}, not {self.accuracy!r}")
        if "/" in self.name or not self.name:
            raise FastRunError(f"algorithm name {self.name!r} must be non-empty, without '/'")
        if not self.version:
            self.version = source_hash(self.fn, *self.depends)

    @property
    def id(self) -> str:
        """Stable id ``op/name``; the last tie-breaker between equally fast algorithms."""
        return f"{self.op}/{self.name}"

    def why_not(self, problem: Problem) -> str | None:
        """``None`` when applicable, otherwise the reason it is not."""
        try:
            verdict = self.applicable(problem)
        except Exception as e:  # a buggy predicate must not break selection
            return f"applicable() raised {type(e).__name__}: {e}"
        if verdict is True:
            return None
        return verdict if isinstance(verdict, str) and verdict else "not applicable"

    def workspace_bytes(self, problem: Problem) -> int:
        try:
            return int(self.workspace(problem))
        except Exception:  # unknown workspace: treat as unbounded so budgets stay safe
            return 1 << 62


@dataclass
class OpSpec:
    """What FastRun needs to know about an op besides its algorithms."""
    name: str
    reference: Callable[..., Any] | None = None
    make_inputs: Callable[[Problem, Any], tuple] | None = None
    heuristic: Callable[[Problem, list[Algorithm]], Algorithm] | None = None
    output: Callable[[tuple, Any], Any] | None = None
    out_args: tuple[int, ...] = ()
    algorithms: dict[str, Algorithm] = field(default_factory=dict)


_lock = threading.RLock()
_ops: dict[str, OpSpec] = {}
_generation = [0]  # bumped on every change, so memoised choices notice new registrations


def generation() -> int:
    """A counter that changes whenever the registry does."""
    return _generation[0]


def define_op(name: str, *, reference: Callable | None = None,
              make_inputs: Callable[[Problem, Any], tuple] | None = None,
              heuristic: Callable[[Problem, list[Algorithm]], Algorithm] | None = None,
              output: Callable[[tuple, Any], Any] | None = None,
              out_args: tuple[int, ...] | None = None) -> OpSpec:
    """Declare an op (idempotent; later calls update the hooks they pass).

    ``reference(*args, **params)`` computes the trusted result each candidate is checked
    against; ``make_inputs(problem, rng) -> args`` builds random inputs for an offline search
    (default: random arrays shaped like the problem's tensors); ``heuristic`` picks an
    algorithm without profiling; ``output(args, ret)`` extracts the result to check;
    ``out_args`` are the positions of output buffers, poisoned (NaN, or a sentinel for
    integers) before the checked calls so elements an algorithm forgets to write are caught.
    """
    with _lock:
        _generation[0] += 1
        spec = _ops.setdefault(name, OpSpec(name))
        for attr, value in (("reference", reference), ("make_inputs", make_inputs),
                            ("heuristic", heuristic), ("output", output),
                            ("out_args", tuple(out_args) if out_args is not None else None)):
            if value is not None:
                setattr(spec, attr, value)
        return spec


def op_spec(name: str) -> OpSpec:
    """The spec of a declared op; ``FastRunError`` when nothing registered it."""
    spec = _ops.get(name)
    if spec is None:
        raise FastRunError(f"unknown FastRun op {name!r}; known: {sorted(_ops) or 'none'}")
    return spec


def register(alg: Algorithm, *, replace: bool = False) -> Algorithm:
    """Add an algorithm (declaring its op if needed). Returns it, so it works as a helper."""
    with _lock:
        _generation[0] += 1
        spec = define_op(alg.op)
        old = spec.algorithms.get(alg.name)
        if old is not None and not replace and old.version != alg.version:
            raise FastRunError(f"algorithm {alg.id} is already registered with another "
                               f"version; pass replace=True to override it")
        spec.algorithms[alg.name] = alg
        return alg


def unregister(op: str, name: str | None = None) -> None:
    """Remove one algorithm, or a whole op with ``name=None`` (tests, plugins)."""
    with _lock:
        _generation[0] += 1
        if name is None:
            _ops.pop(op, None)
        elif op in _ops:
            _ops[op].algorithms.pop(name, None)


def set_heuristic(op: str, chooser: Callable[[Problem, list[Algorithm]], Algorithm]) -> None:
    """Install the no-profiling chooser of ``op``: ``chooser(problem, candidates)``."""
    define_op(op, heuristic=chooser)


def ops() -> list[str]:
    """Names of all declared ops."""
    return sorted(_ops)


def algorithms(op: str) -> list[Algorithm]:
    """All algorithms of ``op`` in registration order."""
    spec = _ops.get(op)
    return list(spec.algorithms.values()) if spec else []


def get(op: str, name: str) -> Algorithm | None:
    """The algorithm ``op/name`` or ``None``."""
    spec = _ops.get(op)
    return spec.algorithms.get(name) if spec else None


def candidates(op: str, problem: Problem, *, reproducible: bool = False,
               workspace_limit: int | None = None,
               rejected: dict[str, str] | None = None) -> list[Algorithm]:
    """Algorithms of ``op`` that can run ``problem`` under the filters.

    When ``rejected`` is a dict it receives ``name -> reason`` for every algorithm left out.
    """
    out = []
    for alg in algorithms(op):
        reason = alg.why_not(problem)
        if reason is None and reproducible and not alg.reproducible:
            reason = "not reproducible (reproducible filter on)"
        if reason is None and workspace_limit is not None:
            ws = alg.workspace_bytes(problem)
            if ws > workspace_limit:
                reason = f"workspace {ws} B over the limit of {workspace_limit} B"
        if reason is None:
            out.append(alg)
        elif rejected is not None:
            rejected[alg.name] = reason
    return out


def heuristic_choice(problem: Problem, cands: list[Algorithm]) -> Algorithm:
    """The op's heuristic pick among ``cands``; without one, highest priority then name.

    A heuristic that returns something outside ``cands`` (e.g. an algorithm the filters
    removed) is ignored in favour of the default order, so filters always hold.
    """
    if not cands:
        raise NoAlgorithmError(f"no candidate for {problem.short()}")
    spec = _ops.get(problem.op)
    if spec is not None and spec.heuristic is not None:
        try:
            pick = spec.heuristic(problem, list(cands))
        except Exception:
            pick = None
        if isinstance(pick, str):
            pick = next((c for c in cands if c.name == pick), None)
        if pick is not None and any(pick is c for c in cands):
            return pick
    return sorted(cands, key=lambda a: (-a.priority, a.name))[0]
