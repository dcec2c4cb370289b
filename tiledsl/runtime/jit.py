"""``@tiled.jit``: the kernel object users launch with ``kernel[grid](*args, **constexprs)``."""
from __future__ import annotations

import functools
import hashlib
import inspect

import numpy as _np
from typing import Any

from tiledsl import knobs
from tiledsl.errors import CompilationError, LaunchError
from tiledsl.frontend.kernel import ParamSpec
from tiledsl.frontend.scopes import FunctionSource, globals_unchanged
from tiledsl.frontend.tensor import constexpr
from tiledsl.ir import TileType
from . import args as argmod
from .compiled import CompiledKernel
from tiledsl.backends import _local as _backend_local

LAUNCH_OPTIONS = ("num_warps", "num_stages", "num_ctas", "maxnreg", "enable_fp_fusion", "debug",
                  "local_size")
DEFAULT_OPTIONS = {"num_warps": 4, "num_stages": 3}


def _is_constexpr_annotation(ann) -> bool:
    if ann is constexpr:
        return True
    return isinstance(ann, str) and ann.split(".")[-1] == "constexpr"


class JITFunction:
    """A Python function compiled on first launch for each specialisation and backend."""

    def __init__(self, fn, do_not_specialize=(), debug=None, noinline=False, **_ignored):
        self.fn = fn
        functools.update_wrapper(self, fn)
        self.signature = inspect.signature(fn)
        self.params = list(self.signature.parameters.values())
        self.arg_names = [p.name for p in self.params]
        self.constexpr_names = {p.name for p in self.params
                                if _is_constexpr_annotation(p.annotation)}
        self.do_not_specialize = {self.arg_names[d] if isinstance(d, int) else d
                                  for d in do_not_specialize}
        self.debug = debug
        self._source: FunctionSource | None = None
        self._cache: dict[tuple, CompiledKernel] = {}
        self._launches: dict[tuple, tuple] = {}  # launch key -> (compiled, launch, picks, meta)
        self._const_pos = [n in self.constexpr_names for n in self.arg_names]
        self._key_by_value = set(self.constexpr_names) | set(LAUNCH_OPTIONS)
        self._hash: str | None = None

    # -- source --------------------------------------------------------------------------
    def source(self) -> FunctionSource:
        if self._source is None:
            self._source = FunctionSource.parse(self.fn)
        return self._source

    @property
    def cache_key(self) -> str:
        """Hash of this function's source (callees are added when the kernel compiles)."""
        if self._hash is None:
            text = "\n".join(self.source().lines)
            self._hash = hashlib.sha256(text.encode()).hexdigest()
        return self._hash

    def bind(self, args, kwargs) -> dict[str, Any]:
        try:
            bound = self.signature.bind(*args, **kwargs)
        except TypeError as e:
            raise LaunchError(f"{self.__name__}(): {e}") from None
        bound.apply_defaults()
        return {k: (v.value if isinstance(v, constexpr) else v) for k, v in bound.arguments.items()}

    def __call__(self, *args, **kwargs):
        raise LaunchError(f"{self.__name__} is a @tiled.jit kernel: launch it with "
                          f"{self.__name__}[grid](...), or call it from another @tiled.jit function")

    def __repr__(self) -> str:
        return f"JITFunction({self.__module__}:{self.__qualname__})"

    # -- launching ------------------------------------------------------------------------
    def __getitem__(self, grid):
        return functools.partial(self.run, grid=grid)

    def warmup(self, *args, grid=None, **kwargs) -> CompiledKernel:
        """Compile for these arguments without running; returns the compiled kernel."""
        return self.run(*args, grid=grid if grid is not None else (1,), warmup=True, **kwargs)

    def run(self, *args, grid, warmup: bool = False, **kwargs):
        # The hot path of every repeated launch: one key, one dict lookup, one backend call.
        try:
            key = (tuple(map(_arg_key, args, self._const_pos)),
                   tuple([(name, _arg_key(v, name in self._key_by_value))
                          for name, v in kwargs.items()]) if kwargs else (),
                   _selection_state())
            entry = self._launches.get(key)
        except TypeError:  # an unhashable constexpr: take the slow path every time
            key = entry = None
        if entry is not None and not warmup:
            compiled, launch, picks, meta, used_globals = entry
            if not used_globals or globals_unchanged(used_globals):
                if grid.__class__ is tuple and len(grid) == 1 and grid[0].__class__ is int:
                    grid3 = (grid[0], 1, 1)
                else:
                    grid3 = _fast_grid(grid, meta, args, kwargs, self.arg_names)
                if 0 not in grid3:
                    launch(compiled, grid3, [args[i] if i.__class__ is int else kwargs[i]
                                             for i in picks])
                return compiled
        return self._run_slow(args, kwargs, grid, warmup, key)

    def _run_slow(self, args, kwargs, grid, warmup, key):
        kwargs = dict(kwargs)
        options = dict(DEFAULT_OPTIONS)
        for name in LAUNCH_OPTIONS:
            if name in kwargs and name not in self.arg_names:
                options[name] = kwargs.pop(name)
        bound = self._bind_for_launch(args, kwargs)
        params, runtime_values, devices = self.specialise(bound)
        from tiledsl.backends import get_backend, select
        backend_name = select(devices)
        backend = get_backend(backend_name)
        compiled = self.compile(params, backend, options)
        if warmup:
            return compiled
        meta = {**bound, **options}
        if key is not None and len(self._launches) < 4096:
            used = compiled.ir.attrs.get("used_globals", ()) if compiled.ir is not None else ()
            self._launches[key] = (compiled, backend.launch, self._picks(args, kwargs, bound),
                                   meta, tuple(used))
        grid3 = argmod.normalise_grid(grid, meta)
        if 0 in grid3:
            return compiled
        backend.launch(compiled, grid3, runtime_values)
        return compiled

    def _picks(self, args, kwargs, bound) -> list:
        """Where each run-time argument comes from in a call shaped like this one: a
        positional index or a keyword name."""
        picks = []
        for pos, name in enumerate(self.arg_names):
            if name in self.constexpr_names:
                continue
            kind = argmod.classify(name, bound[name], specialize=name not in self.do_not_specialize)
            if kind.kind == "const":
                continue
            picks.append(pos if pos < len(args) else name)
        if any(p.__class__ is not int and p not in kwargs for p in picks):
            return _NO_FAST_PATH  # a default value fills a run-time argument
        return picks
    def _bind_for_launch(self, args, kwargs) -> dict[str, Any]:
        if len(args) > len(self.params):
            raise LaunchError(f"{self.__name__}() takes {len(self.params)} arguments but "
                              f"{len(args)} were given")
        unknown = [k for k in kwargs if k not in self.arg_names]
        if unknown:
            raise LaunchError(f"{self.__name__}() got an unexpected keyword argument '{unknown[0]}'")
        provided = set(self.arg_names[:len(args)]) | set(kwargs)
        for p in self.params:
            if p.name not in provided and p.default is inspect.Parameter.empty:
                what = "constexpr" if p.name in self.constexpr_names else "argument"
                raise LaunchError(f"{self.__name__}() is missing {what} '{p.name}'")
        return self.bind(args, kwargs)

    def specialise(self, bound: dict[str, Any]):
        """ParamSpecs for the compiler, the run-time argument values, and their devices."""
        params, values, devices = [], [], set()
        for name in self.arg_names:
            value = bound[name]
            if name in self.constexpr_names:
                if argmod.array_device(value) is not None:
                    raise LaunchError(f"constexpr '{name}' must be a compile-time value, "
                                      f"got an array")
                params.append(ParamSpec(name, value=value))
                continue
            kind = argmod.classify(name, value, specialize=name not in self.do_not_specialize)
            if kind.kind == "const":
                params.append(ParamSpec(name, value=kind.value))
                continue
            params.append(ParamSpec(name, TileType((), kind.dtype), kind.divisibility))
            values.append(value)
            if kind.kind == "ptr":
                devices.add(kind.device)
        return params, values, devices

    def compile(self, params: list[ParamSpec], backend, options: dict) -> CompiledKernel:
        key = (backend.name, backend.target(), tuple(_freeze(p) for p in params),
               tuple(sorted((k, _freeze(v)) for k, v in options.items())),
               knobs.codegen_fingerprint())
        compiled = self._cache.get(key)
        if compiled is not None and not globals_unchanged(compiled.ir.attrs.get("used_globals", ())):
            compiled = None  # a global the code baked in was rebound: compile again
        if compiled is None:
            compiled = compile_kernel(self, params, backend, options)
            self._cache[key] = compiled
        return compiled


_NO_FAST_PATH = None


def _selection_state() -> tuple:
    """What backend selection depends on besides the arguments (``backends.selection_state``
    inlined: this runs on every launch)."""
    stack = getattr(_backend_local, "stack", None)
    return (stack[-1] if stack else None, knobs.launch_state())


def _arg_key(v, const: bool):
    """The part of a launch key one argument contributes (see ``_launch_key``)."""
    t = v.__class__
    if const:
        return (t, v) if t is not list else (t, tuple(v))
    if t is int:
        return ("i", v == 1, v % 16 == 0, -2**31 <= v < 2**31, 0 <= v < 2**64)
    if t is float:
        return "f"
    if t is bool:
        return "b"
    if t is _np.ndarray:
        return (t, v.dtype.str, v.__array_interface__["data"][0] % 16 == 0)
    if t.__module__ == "torch":
        return (t, v.dtype, v.get_device(), v.data_ptr() % 16 == 0)
    if t.__module__.startswith("cupy"):
        return (t, v.dtype.str, v.data.ptr % 16 == 0)
    return (t, getattr(v, "dtype", None), v if v is None or isinstance(v, _np.generic) else id(v))


def _fast_grid(grid, meta, args, kwargs, names):
    if grid.__class__ is tuple and all(g.__class__ is int for g in grid) and 0 < len(grid) <= 3:
        return grid + (1,) * (3 - len(grid))
    if callable(grid):
        meta = {**meta, **dict(zip(names, args)), **kwargs}
    return argmod.normalise_grid(grid, meta)


def _freeze(v):
    if isinstance(v, ParamSpec):
        return (v.name, str(v.type), v.divisibility, _freeze(v.value))
    if isinstance(v, (list, tuple)):
        return tuple(_freeze(x) for x in v)
    if isinstance(v, dict):
        return tuple(sorted((k, _freeze(x)) for k, x in v.items()))
    if isinstance(v, float):
        return ("float", repr(v))
    return (type(v).__name__, repr(v))


def compile_kernel(jitfn: JITFunction, params, backend, options) -> CompiledKernel:
    """Frontend, pass pipeline and backend for one specialisation."""
    from tiledsl.frontend.kernel import build_kernel
    from tiledsl.ir import run_pipeline, print_function
    try:
        fn, callees = build_kernel(jitfn, params)
    except CompilationError as e:
        raise e.with_traceback(None) from None
    run_pipeline(fn, verify_each=knobs.VERIFY_IR.as_bool())
    source_hash = hashlib.sha256("".join(
        [jitfn.cache_key] + sorted({c.cache_key for c in callees})).encode()).hexdigest()
    compiled = backend.compile(fn, {**options, "source_hash": source_hash,
                                    "params": [_freeze(p) for p in params]})
    compiled.asm.setdefault("ir", print_function(fn))
    compiled.ir = fn
    return compiled


def jit(fn=None, *, do_not_specialize=(), debug=None, noinline=False, **kwargs):
    """Decorator: turn a Python function into a tiledsl kernel (or a callable helper)."""
    def wrap(f):
        return JITFunction(f, do_not_specialize=do_not_specialize, debug=debug,
                           noinline=noinline, **kwargs)
    return wrap(fn) if fn is not None else wrap
