"""``tiledsl.kernels``: the standard library, written in tiledsl itself.

Names and argument conventions follow ``torch.nn.functional``; every op takes numpy arrays,
torch tensors or cupy arrays and runs on the backend their device selects (or the one
``tiled.backend(...)`` names).
"""
from .matmul import matmul, ACTIVATIONS
from .softmax import softmax, log_softmax, softmax_backward, log_softmax_backward

__all__ = ["matmul", "ACTIVATIONS", "softmax", "log_softmax", "softmax_backward",
           "log_softmax_backward"]
