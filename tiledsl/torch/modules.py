"""Drop-in modules: subclasses of ``torch.nn.Linear``, ``Conv2d``, ``LayerNorm``,
``RMSNorm``, ``BatchNorm2d``, ``GroupNorm``, ``Softmax`` and ``LogSoftmax`` whose
``forward`` runs the tiledsl ops.

They add no parameters, buffers or attributes, so a state_dict moves between a torch module
and its tiledsl twin in both directions unchanged. ``convert(model)`` swaps them in by
changing each module's class in place: parameters, buffers, hooks and optimizer references
all stay the same objects. ``revert(model)`` swaps back.

A configuration the ops do not implement (e.g. ``padding_mode="reflect"``) is never run
wrongly: ``convert`` leaves such a module as the torch module with a warning, and a tiledsl
module built with one directly warns once and runs torch's forward.
"""
from __future__ import annotations

import warnings

from torch import nn

from . import functional as TF
from ._common import FLOAT_DTYPES


def _param_dtypes_ok(module: nn.Module) -> str | None:
    for name, p in module.named_parameters(recurse=False):
        if p.dtype not in FLOAT_DTYPES:
            return f"parameter {name} has dtype {p.dtype}"
    return None


class _TiledMixin:
    """What the tiledsl modules share: a reason check and the fallback to torch."""

    def unsupported_reason(self) -> str | None:
        """Why this module's configuration cannot run on tiledsl ops, or None."""
        return _param_dtypes_ok(self)

    def _tiled_ok(self) -> bool:
        reason = self.unsupported_reason()
        if reason is None:
            return True
        if not getattr(self, "_tiledsl_warned", False):
            warnings.warn(f"tiledsl.torch.{type(self).__name__}: {reason}; running torch's "
                          f"{type(self).__mro__[2].__name__}.forward instead", stacklevel=3)
            self._tiledsl_warned = True
        return False


class Linear(_TiledMixin, nn.Linear):
    """``torch.nn.Linear`` on ``tiledsl.torch.linear``."""

    def forward(self, input):
        if not self._tiled_ok():
            return super().forward(input)
        return TF.linear(input, self.weight, self.bias)


class Conv2d(_TiledMixin, nn.Conv2d):
    """``torch.nn.Conv2d`` on ``tiledsl.torch.conv2d`` (zero padding only; "same" and
    "valid" string padding are supported)."""

    def unsupported_reason(self):
        if self.padding_mode != "zeros":
            return f"padding_mode={self.padding_mode!r} is not supported (only 'zeros')"
        return super().unsupported_reason()

    def forward(self, input):
        if not self._tiled_ok():
            return super().forward(input)
        return TF.conv2d(input, self.weight, self.bias, self.stride, self.padding,
                         self.dilation, self.groups)


class LayerNorm(_TiledMixin, nn.LayerNorm):
    """``torch.nn.LayerNorm`` on ``tiledsl.torch.layer_norm``."""

    def forward(self, input):
        if not self._tiled_ok():
            return super().forward(input)
        return TF.layer_norm(input, self.normalized_shape, self.weight, self.bias, self.eps)


class RMSNorm(_TiledMixin, nn.RMSNorm):
    """``torch.nn.RMSNorm`` on ``tiledsl.torch.rms_norm``."""

    def forward(self, input):
        if not self._tiled_ok():
            return super().forward(input)
        return TF.rms_norm(input, self.normalized_shape, self.weight, self.eps)


class GroupNorm(_TiledMixin, nn.GroupNorm):
    """``torch.nn.GroupNorm`` on ``tiledsl.torch.group_norm``."""

    def forward(self, input):
        if not self._tiled_ok():
            return super().forward(input)
        return TF.group_norm(input, self.num_groups, self.weight, self.bias, self.eps)


class BatchNorm2d(_TiledMixin, nn.BatchNorm2d):
    """``torch.nn.BatchNorm2d`` on ``tiledsl.torch.batch_norm``: the same training /
    inference choice, momentum (``None``: cumulative average) and ``num_batches_tracked``
    bookkeeping as torch's ``_BatchNorm.forward``."""

    def forward(self, input):
        if not self._tiled_ok():
            return super().forward(input)
        self._check_input_dim(input)
        factor = 0.0 if self.momentum is None else self.momentum
        if self.training and self.track_running_stats and self.num_batches_tracked is not None:
            self.num_batches_tracked.add_(1)
            if self.momentum is None:
                factor = 1.0 / float(self.num_batches_tracked)
        # batch statistics in training, and in eval when there are no running statistics
        use_batch = self.training or (self.running_mean is None and self.running_var is None)
        keep_running = not self.training or self.track_running_stats
        return TF.batch_norm(input, self.running_mean if keep_running else None,
                             self.running_var if keep_running else None, self.weight,
                             self.bias, use_batch, factor, self.eps)


class Softmax(_TiledMixin, nn.Softmax):
    """``torch.nn.Softmax`` on ``tiledsl.torch.softmax``."""

    def forward(self, input):
        return TF.softmax(input, self.dim)


class LogSoftmax(_TiledMixin, nn.LogSoftmax):
    """``torch.nn.LogSoftmax`` on ``tiledsl.torch.log_softmax``."""

    def forward(self, input):
        return TF.log_softmax(input, self.dim)


# exact torch classes only: a user's subclass may override forward, which we must keep
SWAPS: dict[type, type] = {nn.Linear: Linear, nn.Conv2d: Conv2d, nn.LayerNorm: LayerNorm,
                           nn.RMSNorm: RMSNorm, nn.BatchNorm2d: BatchNorm2d,
                           nn.GroupNorm: GroupNorm, nn.Softmax: Softmax,
                           nn.LogSoftmax: LogSoftmax}
_BACK = {v: k for k, v in SWAPS.items()}


def convert(model: nn.Module) -> nn.Module:
    """Swap every ``nn.Linear``/``Conv2d``/``LayerNorm``/``RMSNorm``/``BatchNorm2d``/
    ``GroupNorm``/``Softmax``/``LogSoftmax`` in ``model`` (recursively, ``model`` itself
    included) for its tiledsl twin, in place, and return ``model``. Modules whose
    configuration the tiledsl ops do not implement stay torch modules, with a warning
    naming them and the reason."""
    for name, module in model.named_modules():
        target = SWAPS.get(type(module))
        if target is None:
            continue
        module.__class__ = target  # same object, same parameters/buffers/hooks
        reason = module.unsupported_reason()
        if reason is not None:
            module.__class__ = _BACK[target]
            warnings.warn(f"tiledsl.torch.convert: left {name or 'model'} "
                          f"({type(module).__name__}) as a torch module: {reason}",
                          stacklevel=2)
    return model


def revert(model: nn.Module) -> nn.Module:
    """Undo ``convert``: tiledsl modules become their torch classes again, in place."""
    for module in model.modules():
        back = _BACK.get(type(module))
        if back is not None:
            module.__class__ = back
    return model
