"""Python AST -> tile IR. Statements and control flow live here; what an operation means
lives in ``semantic.py``; name lookup and constexpr facts in ``scopes.py``."""
from __future__ import annotations

import ast
import builtins
import operator
from typing import Any

from tiledsl import dtypes as dt
from tiledsl.errors import CompilationError, UnsupportedError, TypeMismatchError
from tiledsl.ir import Block, scalar
from tiledsl.ir.ops import IRTypeError
from . import context
from .aggregates import flatten, unflatten
from .scopes import FunctionSource, Scope, assigned_names, lift_early_returns
from .semantic import Semantic
from .tensor import constexpr, tensor, unwrap

_RETURN = "__return__"
_MAX_INLINE_DEPTH = 48

_BINOPS = {
    ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
    ast.Div: operator.truediv, ast.FloorDiv: operator.floordiv, ast.Mod: operator.mod,
    ast.BitAnd: operator.and_, ast.BitOr: operator.or_, ast.BitXor: operator.xor,
    ast.LShift: operator.lshift, ast.RShift: operator.rshift, ast.Pow: operator.pow,
}
_CMPOPS = {
    ast.Lt: operator.lt, ast.LtE: operator.le, ast.Gt: operator.gt, ast.GtE: operator.ge,
    ast.Eq: operator.eq, ast.NotEq: operator.ne, ast.Is: operator.is_,
    ast.IsNot: operator.is_not, ast.In: lambda a, b: a in b, ast.NotIn: lambda a, b: a not in b,
}
_UNSUPPORTED_STMTS = {
    ast.Break: "`break`", ast.Continue: "`continue`", ast.Try: "`try`", ast.With: "`with`",
    ast.Raise: "`raise`", ast.Global: "`global`", ast.Nonlocal: "`nonlocal`",
    ast.Delete: "`del`", ast.FunctionDef: "nested function definitions",
    ast.ClassDef: "class definitions", ast.Import: "`import`", ast.ImportFrom: "`import`",
    ast.AsyncFor: "`async for`", ast.AsyncWith: "`async with`",
}


class CodeGen(ast.NodeVisitor):
    """Compiles one function body (a kernel, or an inlined ``@jit`` callee)."""

    def __init__(self, sem: Semantic, source: FunctionSource, scope: Scope, depth: int = 0):
        self.sem = sem
        self.source = source
        self.scope = scope
        self.depth = depth
        self.loop_depth = 0

    # -- error locations ------------------------------------------------------------------
    def visit(self, node):
        loc = self.source.loc(node) if hasattr(node, "lineno") else None
        saved = self.sem.builder.loc
        if loc is not None:
            self.sem.builder.loc = loc
        try:
            return super().visit(node)
        except CompilationError as e:
            if e.loc is None and loc is not None:
                e.loc = loc
            raise
        except (TypeError, ValueError, IRTypeError, ZeroDivisionError, AttributeError,
                IndexError, KeyError, OverflowError, RecursionError) as e:
            message = str(e) or type(e).__name__
            raise CompilationError(f"{type(e).__name__}: {message}", loc) from None
        finally:
            self.sem.builder.loc = saved

    def generic_visit(self, node):
        what = _UNSUPPORTED_STMTS.get(type(node), f"`{type(node).__name__}` syntax")
        raise UnsupportedError(f"{what} is not supported in tiledsl kernels")

    # -- statements -----------------------------------------------------------------------
    def visit_statements(self, stmts: list[ast.stmt]) -> None:
        for stmt in stmts:
            if _RETURN in self.scope.vars:
                raise UnsupportedError("code after `return` is not supported")
            self.visit(stmt)

    def visit_Pass(self, node):
        pass

    def visit_Expr(self, node):
        self.visit(node.value)

    def visit_Assign(self, node):
        value = self.visit(node.value)
        for target in node.targets:
            self._assign(target, value)

    def visit_AnnAssign(self, node):
        if node.value is not None:
            value = self.visit(node.value)
            ann = self._annotation(node.annotation)
            if ann is constexpr and isinstance(value, tensor):
                raise CompilationError(f"'{ast.unparse(node.target)}' is annotated constexpr "
                                       "but its value is only known at run time")
            self._assign(node.target, value)

    def _annotation(self, node):
        try:
            return self.visit(node)
        except CompilationError:
            return None

    def visit_AugAssign(self, node):
        current = self.visit(ast.copy_location(
            ast.Name(id=node.target.id, ctx=ast.Load()), node.target)) \
            if isinstance(node.target, ast.Name) else None
        if current is None:
            raise UnsupportedError("augmented assignment needs a plain name on the left")
        value = self._binop(node.op, current, self.visit(node.value))
        self._assign(node.target, value)

    def _assign(self, target, value):
        if isinstance(target, ast.Name):
            self.scope.vars[target.id] = unwrap(value)
        elif isinstance(target, (ast.Tuple, ast.List)):
            value = unwrap(value)
            if not isinstance(value, (tuple, list)):
                raise CompilationError("cannot unpack a non-tuple value")
            if len(value) != len(target.elts):
                raise CompilationError(
                    f"cannot unpack {len(value)} values into {len(target.elts)} names")
            for t, v in zip(target.elts, value):
                self._assign(t, v)
        else:
            raise UnsupportedError(
                f"assignment to `{ast.unparse(target)}` is not supported; use tl.store")

    def visit_Return(self, node):
        if self.loop_depth:
            raise UnsupportedError("`return` inside a loop is not supported; restructure the "
                                   "loop (e.g. with a mask or a while condition)")
        self.scope.vars[_RETURN] = self.visit(node.value) if node.value is not None else None

    def visit_Assert(self, node):
        cond = self.visit(node.test)
        msg = self.visit(node.msg) if node.msg is not None else ""
        if isinstance(cond, tensor):
            from tiledsl.language.core import device_assert
            device_assert(cond, msg)
        elif not cond:
            raise CompilationError(f"assertion failed: {msg or ast.unparse(node.test)}")

    # -- if ---------------------------------------------------------------------------------
    def visit_If(self, node):
        cond = self.visit(node.test)
        if not isinstance(cond, tensor):
            self.visit_statements(node.body if cond else node.orelse)
            return
        if cond.shape:
            raise CompilationError(
                f"an `if` condition must be a scalar, got a tile of shape {cond.shape}; "
                "use tl.where for elementwise choices")
        if not cond.dtype.is_bool():
            cond = self.sem.cast(cond, dt.int1)
        before = dict(self.scope.vars)
        then_block, then_vars = self._branch(node.body, before)
        else_block, else_vars = self._branch(node.orelse, before)
        names = [n for n in then_vars if n in else_vars
                 and (then_vars[n] is not before.get(n, _MISSING)
                      or else_vars[n] is not before.get(n, _MISSING))]
        merged_then, merged_else, rebuild = [], [], []
        for name in names:
            a, b = then_vars[name], else_vars[name]
            if _same_constexpr(a, b):
                continue
            fa, fb = self._unify(name, a, then_block, b, else_block)
            rebuild.append((name, len(merged_then), fa[1]))
            merged_then += fa[0]
            merged_else += fb[0]
        with self.sem.builder.inside(then_block):
            self.sem.builder.create("yield", [t.handle for t in merged_then])
        with self.sem.builder.inside(else_block):
            self.sem.builder.create("yield", [t.handle for t in merged_else])
        op = self.sem.builder.create("if", [cond.handle], {}, regions=[then_block, else_block],
                                     result_types=[t.type for t in merged_then])
        self.scope.vars = dict(before)
        for name, start, tree in rebuild:
            count = _leaf_count(tree)
            self.scope.vars[name] = unflatten(tree, [tensor(r) for r in op.results[start:start + count]])
        for name in names:
            if _same_constexpr(then_vars[name], else_vars[name]):
                self.scope.vars[name] = then_vars[name]
        for name in set(then_vars) ^ set(else_vars):
            self.scope.vars.pop(name, None) if name not in before else None

    def _branch(self, stmts, before):
        block = Block([])
        self.scope.vars = dict(before)
        with self.sem.builder.inside(block):
            self.visit_statements(stmts)
        return block, dict(self.scope.vars)

    def _unify(self, name, a, block_a, b, block_b):
        """Flatten two branch values of one name into tensors of identical types."""
        if isinstance(a, tensor) and not isinstance(b, tensor) and _is_scalar(b):
            with self.sem.builder.inside(block_b):
                b = self.sem.broadcast_to(self.sem.to_tensor(b, a.dtype), a.shape)
        elif isinstance(b, tensor) and not isinstance(a, tensor) and _is_scalar(a):
            with self.sem.builder.inside(block_a):
                a = self.sem.broadcast_to(self.sem.to_tensor(a, b.dtype), b.shape)
        with self.sem.builder.inside(block_a):
            fa = flatten(a, self.sem)
        with self.sem.builder.inside(block_b):
            fb = flatten(b, self.sem)
        ta, tb = [t.type for t in fa[0]], [t.type for t in fb[0]]
        if ta != tb:
            shown = "the return value" if name == _RETURN else f"'{name}'"
            raise TypeMismatchError(
                f"{shown} has type {_types(ta)} in the then-branch but {_types(tb)} in the else-branch")
        return fa, fb

    # -- loops ------------------------------------------------------------------------------
    def visit_For(self, node):
        if node.orelse:
            raise UnsupportedError("`for ... else` is not supported")
        it = self.visit(node.iter)
        from tiledsl.language.core import range as tl_range, static_range
        if isinstance(it, static_range) or isinstance(it, (tuple, list)):
            return self._unrolled_for(node, it)
        if isinstance(it, builtins.range):
            it = tl_range(it.start, it.stop, it.step)
        if not isinstance(it, tl_range):
            raise UnsupportedError(
                "a for loop must iterate over range(), tl.range(), tl.static_range() or a "
                "constexpr tuple")
        if not isinstance(node.target, ast.Name):
            raise UnsupportedError("a loop variable must be a plain name")
        bounds = [self.sem.to_tensor(unwrap(b)) for b in (it.start, it.end, it.step)]
        if any(not b.dtype.is_int() or b.shape for b in bounds):
            raise TypeMismatchError("loop bounds must be integer scalars")
        ity = dt.int64 if any(b.dtype.primitive_bitwidth == 64 for b in bounds) else dt.int32
        bounds = [self.sem.cast(b, ity) for b in bounds]
        if isinstance(unwrap(it.step), int) and unwrap(it.step) == 0:
            raise CompilationError("range() step must not be zero")
        attrs = {"num_stages": it.num_stages} if it.num_stages is not None else {}
        self._loop(node, "for", node.body, bounds, [scalar(ity)], [node.target.id], attrs)

    def _unrolled_for(self, node, it):
        self.loop_depth += 1
        try:
            self._unroll(node, it)
        finally:
            self.loop_depth -= 1

    def _unroll(self, node, it):
        from tiledsl.language.core import static_range
        if isinstance(it, static_range):
            vals = [unwrap(v) for v in (it.start, it.end, it.step)]
            if not all(isinstance(v, int) for v in vals):
                raise CompilationError("tl.static_range bounds must be constexpr integers")
            items = builtins.range(*vals)
        else:
            items = it
        for item in items:
            self._assign(node.target, item)
            self.visit_statements(node.body)

    def visit_While(self, node):
        if node.orelse:
            raise UnsupportedError("`while ... else` is not supported")
        self._loop(node, "while", node.body, [], [], [], {})

    def _loop(self, node, kind, body, bounds, extra_types, extra_names, attrs):
        """Build a ``for``/``while`` op whose iteration arguments are the names the body
        assigns that exist before the loop (the loop-carried variables)."""
        before = dict(self.scope.vars)
        carried = [n for n in assigned_names(body) if n in before and n not in extra_names
                   and (isinstance(before[n], tensor) or _is_scalar(before[n])
                        or hasattr(before[n], "_flatten"))]
        if kind == "while":
            cond_names = {n.id for n in ast.walk(node.test) if isinstance(n, ast.Name)}
            carried += [n for n in assigned_names(body) if n in cond_names and n not in carried
                        and n in before]
        inits = {n: before[n] for n in carried}
        for _attempt in builtins.range(3):
            flat = {n: flatten(self.sem.to_tensor(v) if _is_scalar(v) else v, self.sem)
                    for n, v in inits.items()}
            init_values = [t for n in carried for t in flat[n][0]]
            types = [t.type for t in init_values]
            retry = self._try_loop_body(node, kind, body, before, carried, flat, types,
                                        extra_types, extra_names, inits)
            if retry is None:
                break
            inits = {n: (self.sem.constant(before[n], retry[n].elem, retry[n].shape)
                         if n in retry else v) for n, v in inits.items()}
        else:
            raise CompilationError("could not infer the types of the loop-carried variables")
        block, cond_block = self._last_loop_blocks
        operands = [b.handle for b in bounds] + [t.handle for t in init_values]
        regions = [cond_block, block] if kind == "while" else [block]
        op = self.sem.builder.create(kind, operands, attrs, regions=regions,
                                     result_types=types)
        self.scope.vars = dict(before)
        results = [tensor(r) for r in op.results]
        pos = 0
        for n in carried:
            k = len(flat[n][0])
            self.scope.vars[n] = unflatten(flat[n][1], results[pos:pos + k])
            pos += k

    def _try_loop_body(self, node, kind, body, before, carried, flat, types, extra_types,
                       extra_names, inits):
        sem = self.sem
        cond_block = None
        if kind == "while":
            cond_block = Block(types)
            self.scope.vars = dict(before)
            self._bind_carried(carried, flat, cond_block.args)
            with sem.builder.inside(cond_block):
                cond = self.visit(node.test)
                cond = sem.to_tensor(cond)
                if cond.shape:
                    raise CompilationError("a while condition must be a scalar")
                if not cond.dtype.is_bool():
                    cond = sem.cast(cond, dt.int1)
                sem.builder.create("yield", [cond.handle] + list(cond_block.args))
        block = Block(extra_types + types, extra_names + [""] * len(types))
        self.scope.vars = dict(before)
        for name, arg in zip(extra_names, block.args):
            self.scope.vars[name] = tensor(arg)
        self._bind_carried(carried, flat, block.args[len(extra_types):])
        with sem.builder.inside(block):
            self.loop_depth += 1
            try:
                self.visit_statements(body)
            finally:
                self.loop_depth -= 1
            if _RETURN in self.scope.vars:
                raise UnsupportedError("`return` inside a loop is not supported")
            new_values, retry = [], {}
            for n in carried:
                value = self.scope.vars.get(n)
                want = [t.type for t in flat[n][0]]
                if _is_scalar(value) or (isinstance(value, tensor) and len(want) == 1
                                         and value.type != want[0]):
                    if isinstance(value, tensor) and _is_scalar(inits[n]):
                        retry[n] = value.type  # a Python-scalar init adopts the body's type
                        continue
                    value = self._coerce_carried(n, value, want[0])
                got = flatten(value, sem)[0]
                if [t.type for t in got] != want:
                    raise TypeMismatchError(
                        f"loop-carried variable '{n}' has type {_types(want)} before the loop "
                        f"but {_types([t.type for t in got])} at the end of its body")
                new_values += got
            if retry:
                return retry
            sem.builder.create("yield", [t.handle for t in new_values])
        self._last_loop_blocks = (block, cond_block)
        return None

    def _coerce_carried(self, name, value, want):
        sem = self.sem
        v = sem.to_tensor(value, want.elem if _is_scalar(value) else None)
        if v.dtype != want.elem and _is_scalar(value):
            v = sem.cast(v, want.elem)
        if v.shape != want.shape and not v.shape:
            v = sem.broadcast_to(v, want.shape)
        return v

    def _bind_carried(self, carried, flat, args):
        pos = 0
        for n in carried:
            k = len(flat[n][0])
            self.scope.vars[n] = unflatten(flat[n][1], [tensor(a) for a in args[pos:pos + k]])
            pos += k

    # -- expressions ------------------------------------------------------------------------
    def visit_Constant(self, node):
        return node.value

    def visit_Name(self, node):
        return self.scope.lookup(node.id)

    def visit_Tuple(self, node):
        return tuple(self._elements(node.elts))

    def visit_List(self, node):
        return list(self._elements(node.elts))

    def _elements(self, elts):
        out = []
        for e in elts:
            if isinstance(e, ast.Starred):
                out.extend(self.visit(e.value))
            else:
                out.append(self.visit(e))
        return out

    def visit_Attribute(self, node):
        value = self.visit(node.value)
        try:
            return unwrap(getattr(value, node.attr))
        except AttributeError:
            what = type(value).__name__ if not isinstance(value, tensor) else "tensor"
            raise CompilationError(f"'{what}' object has no attribute '{node.attr}'") from None

    def visit_Subscript(self, node):
        value = self.visit(node.value)
        index = self.visit(node.slice)
        if isinstance(value, tensor):
            return self.sem.subscript(value, index)
        if isinstance(index, tensor):
            raise CompilationError(
                f"a Python {type(value).__name__} can only be indexed with a constexpr, not a "
                "run-time value; use a tile and tl.where to select at run time")
        return value[index]

    def visit_Slice(self, node):
        parts = [self.visit(p) if p is not None else None for p in (node.lower, node.upper, node.step)]
        return slice(*parts)

    def visit_BinOp(self, node):
        return self._binop(node.op, self.visit(node.left), self.visit(node.right))

    def _binop(self, op, lhs, rhs):
        fn = _BINOPS.get(type(op))
        if fn is None:
            raise UnsupportedError(f"operator {type(op).__name__} is not supported")
        if fn is operator.pow and (isinstance(lhs, tensor) or isinstance(rhs, tensor)):
            raise UnsupportedError("** on tensors is not supported; use tl.exp2/tl.log2")
        return fn(unwrap(lhs), unwrap(rhs))

    def visit_UnaryOp(self, node):
        v = unwrap(self.visit(node.operand))
        if isinstance(node.op, ast.Not):
            return self.sem.logical_not(v) if isinstance(v, tensor) else (not v)
        if isinstance(node.op, ast.USub):
            return -v
        if isinstance(node.op, ast.UAdd):
            return +v
        return ~v

    def visit_BoolOp(self, node):
        is_and = isinstance(node.op, ast.And)
        result = self.visit(node.values[0])
        for expr in node.values[1:]:
            if not isinstance(result, tensor):
                if bool(result) != is_and:  # short-circuit on constexprs, as Python does
                    return result
                result = self.visit(expr)
                continue
            result = self.sem.logical("and" if is_and else "or", result, self.visit(expr))
        return result

    def visit_Compare(self, node):
        left = self.visit(node.left)
        result = None
        for op, comparator in zip(node.ops, node.comparators):
            right = self.visit(comparator)
            value = _CMPOPS[type(op)](unwrap(left), unwrap(right))
            result = value if result is None else self._and(result, value)
            left = right
        return result

    def _and(self, a, b):
        if isinstance(a, tensor) or isinstance(b, tensor):
            return self.sem.logical("and", a, b)
        return a and b

    def visit_IfExp(self, node):
        cond = self.visit(node.test)
        if isinstance(cond, tensor):
            return self.sem.where(cond, self.visit(node.body), self.visit(node.orelse))
        return self.visit(node.body) if cond else self.visit(node.orelse)

    def visit_JoinedStr(self, node):
        parts = []
        for v in node.values:
            if isinstance(v, ast.Constant):
                parts.append(str(v.value))
            else:
                value = self.visit(v.value)
                if isinstance(value, tensor):
                    raise CompilationError("f-strings can only format constexpr values")
                spec = self.visit(v.format_spec) if v.format_spec is not None else ""
                parts.append(format(value, spec))
        return "".join(parts)

    def visit_Call(self, node):
        fn = self.visit(node.func)
        args = self._elements(node.args)
        kwargs = {}
        for kw in node.keywords:
            if kw.arg is None:
                kwargs.update(self.visit(kw.value))
            else:
                kwargs[kw.arg] = self.visit(kw.value)
        return self.call_function(fn, args, kwargs)

    def call_function(self, fn, args, kwargs=None):
        """Call ``fn`` at compile time: inline a ``@jit`` function, run a builtin, or evaluate a
        plain Python function on constexpr arguments."""
        kwargs = kwargs or {}
        from tiledsl.runtime.jit import JITFunction
        if isinstance(fn, JITFunction):
            return self.inline(fn, args, kwargs)
        if getattr(fn, "__tiled_builtin__", False) or _is_language_class(fn):
            return fn(*args, **kwargs)
        special = _PYTHON_BUILTINS.get(fn) if _hashable(fn) else None
        if special is not None:
            return special(self, args, kwargs)
        if any(isinstance(a, tensor) for a in list(args) + list(kwargs.values())):
            name = getattr(fn, "__qualname__", repr(fn))
            raise CompilationError(
                f"'{name}' is not a @tiled.jit function, so it cannot take tensors; "
                "decorate it with @tiled.jit")
        if not callable(fn):
            raise CompilationError(f"'{type(fn).__name__}' object is not callable")
        return fn(*args, **kwargs)

    def inline(self, jitfn, args, kwargs):
        if self.depth >= _MAX_INLINE_DEPTH:
            raise CompilationError(f"@jit calls nest deeper than {_MAX_INLINE_DEPTH} "
                                   "(recursion is not supported)")
        source = jitfn.source()
        bound = jitfn.bind(args, kwargs)
        for name in jitfn.constexpr_names:
            if isinstance(bound.get(name), tensor):
                raise CompilationError(
                    f"argument '{name}' of {jitfn.__name__} is constexpr but got a run-time value")
        callee = CodeGen(self.sem, source, Scope(source, bound), self.depth + 1)
        self.sem.note_callee(jitfn)
        with _CallerFrame(self.sem, callee):
            callee.visit_statements(lift_early_returns(source.tree.body))
        return callee.scope.vars.get(_RETURN)


class _CallerFrame:
    """Points ``semantic.call_function`` at the innermost code generator while it runs."""

    def __init__(self, sem, codegen):
        self.sem, self.codegen = sem, codegen

    def __enter__(self):
        self.saved = getattr(self.sem, "call_function", None)
        self.sem.call_function = self.codegen.call_function

    def __exit__(self, *exc):
        self.sem.call_function = self.saved


_MISSING = object()


def _is_scalar(v) -> bool:
    return isinstance(v, (bool, int, float)) and not isinstance(v, dt.dtype)


def _same_constexpr(a, b) -> bool:
    if isinstance(a, tensor) or isinstance(b, tensor):
        return a is b
    if hasattr(a, "_flatten") or hasattr(b, "_flatten"):
        return a is b
    try:
        return type(a) is type(b) and bool(a == b)
    except Exception:
        return a is b


def _types(ts) -> str:
    return ", ".join(map(str, ts)) if len(ts) != 1 else str(ts[0])


def _leaf_count(tree) -> int:
    from .aggregates import leaf_count
    return leaf_count(tree)


def _hashable(x) -> bool:
    try:
        hash(x)
        return True
    except TypeError:
        return False


def _is_language_class(fn) -> bool:
    from tiledsl.language import core
    return fn in (core.range, core.static_range)


def _min_max(kind):
    def call(cg, args, kwargs):
        if len(args) == 1 and isinstance(args[0], (tuple, list)):
            args = list(args[0])
        if any(isinstance(a, tensor) for a in args):
            out = args[0]
            for a in args[1:]:
                out = cg.sem.minmax(kind, out, a)
            return out
        return (builtins.min if kind == "min" else builtins.max)(*args, **kwargs)
    return call


def _print(cg, args, kwargs):
    from tiledsl.language.core import device_print, static_print
    if any(isinstance(a, tensor) for a in args):
        prefix = args[0] if isinstance(args[0], str) else ""
        rest = args[1:] if isinstance(args[0], str) else args
        return device_print(prefix, *rest)
    return static_print(*args, **kwargs)


def _range(cg, args, kwargs):
    from tiledsl.language.core import range as tl_range
    return tl_range(*args, **kwargs)


def _abs(cg, args, kwargs):
    return cg.sem.abs(args[0]) if isinstance(args[0], tensor) else builtins.abs(args[0])


def _cast_builtin(kind):
    def call(cg, args, kwargs):
        if args and isinstance(args[0], tensor):
            raise CompilationError(f"{kind.__name__}() of a tensor is not supported; use .to()")
        return kind(*args, **kwargs)
    return call


_PYTHON_BUILTINS = {
    builtins.min: _min_max("min"), builtins.max: _min_max("max"), builtins.print: _print,
    builtins.range: _range, builtins.abs: _abs, builtins.int: _cast_builtin(int),
    builtins.float: _cast_builtin(float), builtins.bool: _cast_builtin(bool),
}
