"""``tiledsl.torch``: tiledsl kernels as PyTorch custom ops, functional wrappers, drop-in
modules and a helper for turning your own kernels into ops.

- ``torch.ops.tiledsl.*``: custom ops (forward and backward, with fake implementations),
  so ``torch.compile(fullgraph=True)`` traces through them; CPU tensors run on the cpu
  backend, CUDA tensors on the ptx backend.
- ``linear``, ``matmul``, ``conv2d``, ``layer_norm``, ``rms_norm``, ``batch_norm``,
  ``group_norm``, ``softmax``, ``log_softmax``: ``torch.nn.functional`` signatures.
- ``Linear``, ``Conv2d``, ``LayerNorm``, ``RMSNorm``, ``BatchNorm2d``, ``GroupNorm``,
  ``Softmax``, ``LogSoftmax``:
  subclasses of the ``torch.nn`` modules (same parameters, buffers and state_dict);
  ``convert(model)`` swaps them into a model in place.
- ``custom_op(launcher, name, ...)``: your own ``@tiled.jit`` kernel as a torch op.
- ``tiledsl.torch.examples``: the models the parity tests and ``scripts/gpu_torch.py`` use.
"""
from .functional import (batch_norm, conv2d, group_norm, layer_norm, linear, log_softmax,
                         matmul, rms_norm, softmax)
from .modules import (BatchNorm2d, Conv2d, GroupNorm, LayerNorm, Linear, LogSoftmax, RMSNorm,
                      Softmax, convert, revert)
from .custom import custom_op

__all__ = ["linear", "matmul", "conv2d", "layer_norm", "rms_norm", "batch_norm", "group_norm",
           "softmax", "log_softmax", "Linear", "Conv2d", "LayerNorm", "RMSNorm", "BatchNorm2d",
           "GroupNorm", "Softmax", "LogSoftmax", "convert", "revert", "custom_op"]
