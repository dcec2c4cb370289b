"""Constant folding: elementwise ops and casts whose operands are all splat constants are
evaluated with the reference numpy semantics and become constants."""
from __future__ import annotations

import numpy as np

from ..core import Function
from ..ops import OPS
from .. import semantics
from .rewrite import constant_value, make_constant


def _scalar(value, elem):
    return np.asarray(value, dtype=elem.np)


def fold_constants(fn: Function) -> None:
    for op in fn.walk():
        if op.name not in ("cast",) and (OPS[op.name].numpy is None or not op.operands):
            continue
        values = [constant_value(v) for v in op.operands]
        if any(v is None for v in values):
            continue
        out = op.result.type
        args = [_scalar(v, o.type.elem) for v, o in zip(values, op.operands)]
        with np.errstate(all="ignore"):
            if op.name == "cast":
                res = semantics.cast(args[0], op.operands[0].type.elem, op.attrs["dtype"])
            else:
                res = OPS[op.name].numpy(*args, out_dtype=out.elem)
        res = np.asarray(res).astype(out.elem.np).item()
        make_constant(op, res, out)
