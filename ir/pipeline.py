"""The one named pass pipeline every backend starts from."""
from __future__ import annotations

import sys

from tiledsl import knobs
from .core import Function
from .passes.canonicalize import canonicalize
from .passes.cse import cse
from .passes.dce import dce
from .passes.fold_constants import fold_constants
from .printer import print_function
from .verifier import verify

PIPELINE = [
    ("canonicalize", canonicalize),
    ("fold_constants", fold_constants),
    ("canonicalize_after_fold", canonicalize),
    ("cse", cse),
    ("dce", dce),
]


def run_pipeline(fn: Function, *, verify_each: bool = False) -> Function:
    """Run every pass in order; dump the IR after the passes ``TILEDSL_DUMP_IR`` names."""
    dump = knobs.dump_ir_after()
    if "frontend" in dump or "all" in dump:
        sys.stderr.write(f"// IR after frontend\n{print_function(fn)}")
    for name, pass_fn in PIPELINE:
        pass_fn(fn)
        if verify_each:
            verify(fn)
        if name in dump or "all" in dump:
            sys.stderr.write(f"// IR after {name}\n{print_function(fn)}")
    return fn
