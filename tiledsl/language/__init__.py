"""``tiledsl.language`` (``tl``): the tile language, named as ``triton.language``."""
from tiledsl.dtypes import (dtype, pointer_type, int1, int8, int16, int32, int64, uint8, uint16,
                            uint32, uint64, float16, bfloat16, float32, float64, float8e4nv)
from tiledsl.frontend.tensor import constexpr, tensor
from .core import (builtin, program_id, num_programs, arange, full, zeros, zeros_like, full_like,
                   cdiv, load, store, atomic_add, atomic_max, atomic_min, atomic_xchg, atomic_and,
                   atomic_or, atomic_xor, atomic_cas, reshape, view, ravel, expand_dims,
                   broadcast_to, broadcast, permute, trans, where, minimum, maximum, clamp, exp,
                   exp2, log, log2, sqrt, sqrt_rn, rsqrt, sin, cos, erf, floor, ceil, tanh, abs,
                   sigmoid, fma, fdiv, div_rn, umulhi, cast, multiple_of, max_contiguous,
                   max_constancy, static_assert, static_print, device_assert, device_print,
                   debug_barrier, range, static_range, PropagateNan)
from .reduction import (reduce, associative_scan, sum, xor_sum, max, min, argmax, argmin, cumsum,
                        cumprod, dot)
from .standard import softmax, swizzle2d
from .random import (rand, randn, randint, randint4x, rand4x, randn4x, philox,  # noqa: F401
                     pair_uniform_to_normal, uint_to_uniform_float)
from .block_ptr import make_block_ptr, advance
from . import math  # noqa: F401

float8e5 = float8e4b15 = float8e4nv
bool_ = int1
half = float16
float = float32
double = float64
