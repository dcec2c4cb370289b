"""``tiledsl.kernels``: the standard library, written in tiledsl itself.

Names and argument conventions follow ``torch.nn.functional``; every op takes numpy arrays,
torch tensors or cupy arrays and runs on the backend their device selects (or the one
``tiled.backend(...)`` names).
"""
from .matmul import matmul, ACTIVATIONS
from .softmax import softmax, log_softmax, softmax_backward, log_softmax_backward

__all__ = ["matmul", "ACTIVATIONS", "softmax", "log_softmax", "softmax_backward",
           "log_softmax_backward"]
from .layer_norm import (layer_norm, layer_norm_backward, rms_norm, rms_norm_backward,
                         norm_forward, norm_backward)
from .batch_norm import (batch_norm, batch_norm_forward, batch_norm_backward, group_norm,
                         group_norm_forward, group_norm_backward)

__all__ += ["layer_norm", "layer_norm_backward", "rms_norm", "rms_norm_backward",
            "norm_forward", "norm_backward", "batch_norm", "batch_norm_forward",
            "batch_norm_backward", "group_norm", "group_norm_forward", "group_norm_backward"]
from .conv import conv2d, conv2d_algorithms  # noqa: E402

__all__ += ["conv2d", "conv2d_algorithms"]
from .conv_backward import conv2d_backward  # noqa: E402

__all__ += ["conv2d_backward"]
