"""The tile IR: SSA ops on static-shape tiles, one op table, verifier, printer, passes."""
from .core import ArgInfo, Block, Function, Op, Value
from .types import TileType, scalar
from .ops import OPS, OpDef, infer_types
from .builder import Builder
from .printer import print_function
from .verifier import verify, VerificationError
from .pipeline import PIPELINE, run_pipeline
