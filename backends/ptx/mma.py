"""Tensor-core ``dot`` (mma.sync); see ``dot.py``."""
from __future__ import annotations


def mma_plan(lw, op):
    """How to run ``op`` on tensor cores, or None to use the FMA path."""
    return None


def emit_mma(lw, op, a, b, acc, plan):
    raise NotImplementedError
