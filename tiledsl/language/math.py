"""``tl.math``: the math functions, also reachable as ``tl.<name>``."""
from .core import (exp, exp2, log, log2, sqrt, sqrt_rn, rsqrt, sin, cos, erf, floor, ceil,  # noqa: F401
                   tanh, abs, fma, fdiv, div_rn, umulhi, sigmoid)
from .reduction import max, min  # noqa: F401
