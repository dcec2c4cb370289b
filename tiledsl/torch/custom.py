"""``custom_op``: turn your own ``@tiled.jit`` kernel, wrapped in a launcher function, into
a torch custom op (with an optional backward) that ``torch.compile`` traces.
"""
from __future__ import annotations

import inspect
from typing import Callable, Iterable

import torch

from tiledsl.runtime.jit import JITFunction

DEFAULT_NAMESPACE = "tiledsl_user"


def custom_op(launcher: Callable, name: str, *, fake: Callable | None = None,
              backward: Callable | None = None, setup_context: Callable | None = None,
              mutates_args: Iterable[str] = (), schema: str | None = None,
              device_types=None):
    """Register ``launcher`` (a Python function that allocates outputs, launches a
    ``@tiled.jit`` kernel and returns the outputs) as the torch op ``name``, and return
    the op (call it like the launcher; it is also ``torch.ops.<namespace>.<name>``).

    - ``name``: ``"namespace::op"``; a bare ``"op"`` goes in the ``tiledsl_user`` namespace.
    - The schema comes from the launcher's type annotations (``torch.Tensor``, ``float``,
      ``int``, ``bool``, ``Optional[...]``, ``list[int]``; return ``torch.Tensor`` or a
      tuple of them), as ``torch.library.custom_op`` infers it; or pass ``schema``.
    - ``fake(*args)``: returns empty outputs of the right shape, dtype and device, so
      ``torch.compile`` can trace without running the kernel. Default: one output shaped
      like the first tensor argument; an eager call whose output does not match that is a
      RuntimeError asking for ``fake``, never a silently wrong trace.
    - ``backward(ctx, *grads)``: returns one gradient per launcher argument (``None`` for
      non-tensors). Without ``setup_context`` the default one keeps the inputs and the
      output for it as ``ctx.inputs`` (a tuple) and ``ctx.output``. Call ops (this one or
      other custom ops) in ``backward`` so the backward traces too.
    - ``mutates_args``: names of tensor arguments the launcher writes in place (an op that
      mutates cannot have a backward; that is torch's rule).

    Example (the test suite runs it)::

        >>> import torch, tiledsl as tiled, tiledsl.language as tl, tiledsl.torch
        >>> @tiled.jit
        ... def scale_kernel(X, Y, n, alpha, BLOCK: tl.constexpr):
        ...     offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
        ...     tl.store(Y + offs, tl.load(X + offs, mask=offs < n) * alpha, mask=offs < n)
        >>> def scale(x: torch.Tensor, alpha: float) -> torch.Tensor:
        ...     x = x.contiguous()
        ...     y = torch.empty_like(x)
        ...     scale_kernel[(tiled.cdiv(x.numel(), 128),)](x, y, x.numel(), alpha, BLOCK=128)
        ...     return y
        >>> def scale_backward(ctx, grad):
        ...     x, alpha = ctx.inputs
        ...     return scale_op(grad, alpha), None
        >>> scale_op = tiledsl.torch.custom_op(scale, "mylib::scale", backward=scale_backward)
        >>> x = torch.arange(4.0, requires_grad=True)
        >>> y = scale_op(x, 3.0)
        >>> y.detach()
        tensor([0., 3., 6., 9.])
        >>> y.sum().backward()
        >>> x.grad
        tensor([3., 3., 3., 3.])
        >>> double = torch.compile(lambda t: scale_op(t, 2.0), fullgraph=True, backend="aot_eager")
        >>> double(x).detach()
        tensor([0., 2., 4., 6.])
    """
    if isinstance(launcher, JITFunction):
        raise TypeError("custom_op takes a launcher function, not a @tiled.jit kernel: wrap "
                        "the kernel in a function that allocates the outputs, launches "
                        "kernel[grid](...) and returns them (see the docstring example)")
    if not callable(launcher):
        raise TypeError(f"custom_op: launcher must be callable, got {type(launcher).__name__}")
    if "::" not in name:
        name = f"{DEFAULT_NAMESPACE}::{name}"
    mutates_args = tuple(mutates_args)
    impl = launcher if fake is not None else _checked(launcher, name)
    op = torch.library.custom_op(name, impl, mutates_args=mutates_args,
                                 device_types=device_types, schema=schema)
    op.register_fake(fake if fake is not None else _like_first_tensor)
    if backward is not None:
        if setup_context is None:
            setup_context, backward = _default_setup, _with_inputs(backward)
        op.register_autograd(backward, setup_context=setup_context)
    elif setup_context is not None:
        raise ValueError("custom_op: setup_context given without backward")
    return op


def _first_tensor(args):
    for a in args:
        if isinstance(a, torch.Tensor):
            return a
    raise RuntimeError("custom_op: the default fake implementation needs a tensor argument "
                       "to shape the output like; pass fake=")


def _like_first_tensor(*args):
    """The default fake: one output with the first tensor argument's shape and dtype."""
    return torch.empty_like(_first_tensor(args), memory_format=torch.contiguous_format)


def _checked(launcher, name):
    """The launcher, plus a check that its output is what the default fake promises."""
    def impl(*args, **kwargs):
        out = launcher(*args, **kwargs)
        like = _first_tensor(args)
        if (not isinstance(out, torch.Tensor) or out.shape != like.shape
                or out.dtype != like.dtype):
            got = (f"shape {list(out.shape)} dtype {out.dtype}" if isinstance(out, torch.Tensor)
                   else type(out).__name__)
            raise RuntimeError(f"custom_op {name}: the launcher returned {got}, but without "
                               f"fake= the op promises one tensor shaped like its first "
                               f"tensor argument ({list(like.shape)}, {like.dtype}); pass "
                               "fake= describing the real outputs")
        return out
    # torch.library infers the schema from the signature and annotations
    impl.__signature__ = inspect.signature(launcher)
    impl.__annotations__ = dict(getattr(launcher, "__annotations__", {}))
    impl.__name__ = getattr(launcher, "__name__", "launcher")
    impl.__module__ = getattr(launcher, "__module__", __name__)
    return impl


def _default_setup(ctx, inputs, output):
    # tensors go through save_for_backward (version checks, no reference cycles); the
    # other arguments are kept as they are
    flat_out = tuple(output) if isinstance(output, (tuple, list)) else (output,)
    ctx.tensor_slots = [i for i, a in enumerate(inputs) if isinstance(a, torch.Tensor)]
    ctx.plain_inputs = [None if isinstance(a, torch.Tensor) else a for a in inputs]
    ctx.single_output = not isinstance(output, (tuple, list))
    ctx.save_for_backward(*[inputs[i] for i in ctx.tensor_slots], *flat_out)


def _with_inputs(backward):
    def wrapped(ctx, *grads):
        saved = ctx.saved_tensors
        inputs = list(ctx.plain_inputs)
        for k, i in enumerate(ctx.tensor_slots):
            inputs[i] = saved[k]
        outs = saved[len(ctx.tensor_slots):]
        ctx.inputs = tuple(inputs)
        ctx.output = outs[0] if ctx.single_output else tuple(outs)
        return backward(ctx, *grads)
    return wrapped
