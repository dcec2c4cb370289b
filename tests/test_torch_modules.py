"""tiledsl.torch modules and convert(): drop-in subclasses with identical state_dicts,
in-place conversion, torch-equal results (including BatchNorm's running statistics and
num_batches_tracked), unsupported configurations left to torch with a warning, and the
custom_op helper's docstring example."""
import copy
import doctest
import warnings

import pytest
import torch
from torch import nn

import tiledsl.torch as tt
import tiledsl.torch.custom

TOL = dict(atol=2e-5, rtol=2e-4)


def _model():
    torch.manual_seed(0)
    return nn.Sequential(
        nn.Linear(6, 8), nn.LayerNorm(8), nn.RMSNorm(8, eps=1e-6),
        nn.Sequential(nn.Softmax(dim=-1), nn.Linear(8, 4, bias=False)), nn.LogSoftmax(dim=1))


def test_convert_in_place_keeps_parameters_and_state_dict():
    model = _model()
    params = {n: p for n, p in model.named_parameters()}
    before = {k: v.clone() for k, v in model.state_dict().items()}
    out = tt.convert(model)
    assert out is model
    assert [type(m) for m in model.modules()][1:] == [
        tt.Linear, tt.LayerNorm, tt.RMSNorm, nn.Sequential, tt.Softmax, tt.Linear,
        tt.LogSoftmax]
    # the very same Parameter objects (an optimizer built before convert keeps working)
    assert all(p is params[n] for n, p in model.named_parameters())
    after = model.state_dict()
    assert after.keys() == before.keys()
    assert all(torch.equal(after[k], before[k]) for k in before)


def test_state_dict_loads_both_ways():
    torch_model = _model()
    tiled_model = tt.convert(_model())
    with torch.no_grad():
        for p in tiled_model.parameters():
            p.add_(1.0)                      # make the two differ first
    torch_model.load_state_dict(tiled_model.state_dict())
    x = torch.randn(3, 6)
    torch.testing.assert_close(torch_model(x), tiled_model(x), **TOL)
    fresh = tt.convert(_model())
    fresh.load_state_dict(torch_model.state_dict())
    torch.testing.assert_close(fresh(x), torch_model(x), **TOL)


def test_revert_restores_torch_classes():
    model = tt.convert(_model())
    tt.revert(model)
    assert not any(type(m).__module__.startswith("tiledsl") for m in model.modules())


def test_modules_constructed_directly_match_torch():
    torch.manual_seed(0)
    pairs = [
        (tt.Linear(5, 3), nn.Linear(5, 3), (4, 5)),
        (tt.Conv2d(2, 3, 3, padding=1, stride=2), nn.Conv2d(2, 3, 3, padding=1, stride=2),
         (1, 2, 6, 6)),
        (tt.LayerNorm([2, 5], elementwise_affine=False),
         nn.LayerNorm([2, 5], elementwise_affine=False), (3, 2, 5)),
        (tt.RMSNorm(5), nn.RMSNorm(5), (3, 5)),
        (tt.GroupNorm(2, 4), nn.GroupNorm(2, 4), (2, 4, 3, 3)),
    ]
    for ours, ref, shape in pairs:
        ours.load_state_dict(ref.state_dict())
        x = torch.randn(shape)
        with torch.no_grad():
            torch.testing.assert_close(ours(x), ref(x), **TOL, msg=type(ours).__name__)


@pytest.mark.parametrize("momentum", [0.1, None])
def test_batch_norm_training_updates_running_stats_like_torch(momentum):
    torch.manual_seed(0)
    ref = nn.BatchNorm2d(3, momentum=momentum)
    ours = tt.convert(copy.deepcopy(ref))
    for step in range(3):
        x = torch.randn(2, 3, 4, 4) * (step + 1) + step
        torch.testing.assert_close(ours(x), ref(x), **TOL)
    for name, b in ref.named_buffers():
        torch.testing.assert_close(dict(ours.named_buffers())[name], b, **TOL, msg=name)
    assert int(ours.num_batches_tracked) == 3
    ours.eval(), ref.eval()
    x = torch.randn(2, 3, 4, 4)
    torch.testing.assert_close(ours(x), ref(x), **TOL)


def test_batch_norm_updates_strided_running_stats():
    torch.manual_seed(0)
    x = torch.randn(4, 3, 2, 2)
    stats = [torch.zeros(6)[::2], torch.ones(6)[1::2]]          # stride-2 views
    ref_stats = [torch.zeros(3), torch.ones(3)]
    torch.testing.assert_close(tt.batch_norm(x, *stats, training=True),
                               torch.nn.functional.batch_norm(x, *ref_stats, training=True), **TOL)
    for got, want in zip(stats, ref_stats):
        torch.testing.assert_close(got, want, **TOL)


def test_batch_norm_without_running_stats():
    torch.manual_seed(0)
    ref = nn.BatchNorm2d(3, track_running_stats=False).eval()
    ours = tt.convert(copy.deepcopy(ref))
    x = torch.randn(2, 3, 4, 4)
    torch.testing.assert_close(ours(x), ref(x), **TOL)


def test_unsupported_configurations_stay_torch_with_a_warning():
    int_linear = nn.Linear(3, 3)
    int_linear.weight = nn.Parameter(torch.ones(3, 3, dtype=torch.int32), requires_grad=False)
    model = nn.Sequential(nn.Conv2d(2, 3, 3, padding=1, padding_mode="reflect"),
                          nn.Conv2d(3, 3, 3, padding=1), int_linear)
    with pytest.warns(UserWarning) as record:
        tt.convert(model)
    messages = " | ".join(str(w.message) for w in record)
    assert "left 0 (Conv2d)" in messages and "padding_mode='reflect'" in messages
    assert "left 2 (Linear)" in messages and "torch.int32" in messages
    assert type(model[0]) is nn.Conv2d and type(model[2]) is nn.Linear
    assert type(model[1]) is tt.Conv2d


def test_unsupported_module_built_directly_falls_back_to_torch():
    torch.manual_seed(0)
    ours = tt.Conv2d(2, 3, 3, padding=1, padding_mode="circular")
    ref = nn.Conv2d(2, 3, 3, padding=1, padding_mode="circular")
    ref.load_state_dict(ours.state_dict())
    x = torch.randn(1, 2, 5, 5)
    with pytest.warns(UserWarning, match="circular"):
        y = ours(x)
    torch.testing.assert_close(y, ref(x))
    with warnings.catch_warnings():
        warnings.simplefilter("error")        # warned once, not on every call
        ours(x)


def test_subclasses_of_torch_modules_are_not_converted():
    class MyLinear(nn.Linear):
        def forward(self, x):
            return super().forward(x) * 2

    model = nn.Sequential(MyLinear(2, 2))
    tt.convert(model)
    assert type(model[0]) is MyLinear


def test_custom_op_docstring_example_runs():
    finder = doctest.DocTestFinder()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    tests = finder.find(tiledsl.torch.custom.custom_op, "custom_op",
                        globs={"__name__": "custom_op_example"})
    assert tests and tests[0].examples
    for test in tests:
        runner.run(test, clear_globs=False)  # dynamo keeps weak refs into them
    result = runner.summarize(verbose=False)
    assert result.attempted >= 10 and result.failed == 0


def test_custom_op_rejects_a_bare_kernel_and_wrong_default_fake():
    import tiledsl as tiled
    import tiledsl.language as tl

    @tiled.jit
    def k(X, n, BLOCK: tl.constexpr):
        pass

    with pytest.raises(TypeError, match="launcher"):
        tt.custom_op(k, "k")

    def halve(x: torch.Tensor) -> torch.Tensor:
        return x[: x.shape[0] // 2].clone()     # not shaped like the input

    op = tt.custom_op(halve, "tiledsl_test::halve")
    with pytest.raises(RuntimeError, match="fake="):
        op(torch.randn(4))
    op2 = tt.custom_op(halve, "tiledsl_test::halve2",
                       fake=lambda x: x.new_empty((x.shape[0] // 2,)))
    assert op2(torch.randn(4)).shape == (2,)
