"""The tile IR: golden text after the pass pipeline, the passes' effects, the verifier and the
op table's type rules."""
import os
from pathlib import Path

import numpy as np
import pytest

import tiledsl as tiled
from tiledsl import dtypes as dt
from tiledsl.ir import (Block, Builder, Function, ArgInfo, OPS, TileType, VerificationError,
                        print_function, run_pipeline, verify, PIPELINE)
from tiledsl.ir.ops import IRTypeError, infer_types

import ir_kernels as K

GOLDEN = Path(__file__).parent / "golden" / "ir"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"

f32 = np.float32


def _ir(kernel, *args, **constexprs) -> str:
    with tiled.backend("interp"):
        return kernel.warmup(*args, grid=(1,), **constexprs).asm["ir"]


CASES = {
    "vector_add": lambda: _ir(K.vector_add, np.zeros(4, f32), np.zeros(4, f32),
                              np.zeros(4, f32), 3, BLOCK=16),
    "row_softmax": lambda: _ir(K.row_softmax, np.zeros(4, f32), np.zeros(4, f32), 7, 3,
                               BLOCK=32),
    "folded": lambda: _ir(K.folded, np.zeros(4, np.int32), BLOCK=8),
    "loop_sum": lambda: _ir(K.loop_sum, np.zeros(4, f32), np.zeros(4, f32), 5, BLOCK=16),
    "small_dot": lambda: _ir(K.small_dot, np.zeros(4, f32), np.zeros(4, f32),
                             np.zeros(4, f32), M=16, N=16, K=16),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden_ir(name):
    """The IR after the pipeline is stable text; UPDATE_GOLDEN=1 rewrites the snapshots."""
    text = CASES[name]()
    path = GOLDEN / f"{name}.ir"
    if UPDATE or not path.exists():
        if os.environ.get("CI") == "true" and not path.exists():
            pytest.fail(f"golden file {path} is missing (run with UPDATE_GOLDEN=1 and commit)")
        path.write_text(text)
    assert text == path.read_text(), f"IR of {name} changed; diff against {path}"


def test_folding_cse_dce_leave_one_of_each():
    text = CASES["folded"]()
    # (8*2+6)//4 == 5 is folded into a constant; `dead` is gone; a and b are one value
    assert "value=5}" in text
    assert text.count("mul") == 1
    assert text.count(" add ") == 2  # offs*5 + 1, then a + a


def test_every_pass_keeps_the_ir_valid():
    with tiled.backend("interp"):
        compiled = K.loop_sum.warmup(np.zeros(4, f32), np.zeros(4, f32), 5, BLOCK=16,
                                     grid=(1,))
    verify(compiled.ir)
    for _name, pass_fn in PIPELINE:
        pass_fn(compiled.ir)
        verify(compiled.ir)


def test_dump_ir_after_named_pass(monkeypatch, capsys):
    monkeypatch.setenv("TILEDSL_DUMP_IR", "cse")
    with tiled.backend("interp"):
        K.vector_add.warmup(np.zeros(4, f32), np.zeros(4, f32), np.zeros(4, f32), 17,
                            BLOCK=32, grid=(1,))
    err = capsys.readouterr().err
    assert "// IR after cse" in err and "func @vector_add" in err
    assert "// IR after dce" not in err


def _fn_with(ops_builder):
    body = Block([TileType((), dt.pointer_type(dt.float32))])
    fn = Function("t", [ArgInfo("p", body.args[0].type)], body)
    ops_builder(Builder(body), body)
    return fn


def test_verifier_rejects_use_before_definition():
    def build(b, body):
        c = b.value("constant", [], value=1.0, type=TileType((4,), dt.float32))
        op = b.create("add", [c, c])
        body.ops.reverse()  # the add now comes before its operand's definition
    with pytest.raises(VerificationError, match="not defined before use"):
        verify(_fn_with(build))


def test_verifier_rejects_wrong_result_type():
    def build(b, body):
        c = b.value("constant", [], value=1.0, type=TileType((4,), dt.float32))
        op = b.create("add", [c, c])
        op.results[0].type = TileType((4,), dt.float16)
    with pytest.raises(VerificationError, match="result types"):
        verify(_fn_with(build))


@pytest.mark.parametrize("name,operands,attrs", [
    ("add", [TileType((4,), dt.float32), TileType((8,), dt.float32)], {}),
    ("and", [TileType((4,), dt.float32), TileType((4,), dt.float32)], {}),
    ("dot", [TileType((4, 8), dt.float16), TileType((4, 8), dt.float16),
             TileType((4, 8), dt.float32)], {}),
    ("broadcast", [TileType((3, 1), dt.int32)], {"shape": [4, 4]}),
    ("reshape", [TileType((4, 4), dt.int32)], {"shape": [3, 5]}),
    ("bitcast", [TileType((4,), dt.float32)], {"dtype": dt.float16}),
])
def test_type_rules_reject_bad_operands(name, operands, attrs):
    with pytest.raises(IRTypeError):
        infer_types(name, operands, attrs)


def test_op_table_rows_are_complete():
    for name, row in OPS.items():
        assert row.name == name
        assert row.category
        assert row.arity is None or row.arity >= 0
        if row.category in ("binary", "unary", "compare", "ternary"):
            assert row.numpy is not None, f"{name} has no reference semantics"


def test_printer_numbers_values_in_program_order():
    text = CASES["vector_add"]()
    lines = [ln for ln in text.splitlines() if " = " in ln]
    numbers = [int(ln.split("=")[0].strip().split(",")[0].lstrip("%")) for ln in lines]
    assert numbers == sorted(numbers)
