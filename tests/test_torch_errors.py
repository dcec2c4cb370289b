"""tiledsl.torch: bad input raises what torch raises (same exception class), and
non-contiguous / channels-last inputs give torch's values (and keep channels-last)."""
import pytest
import torch
import torch.nn.functional as F

import tiledsl.torch as tt

torch.manual_seed(0)
r = torch.randn
LONG = dict(dtype=torch.long)

# name -> (function name in F / tiledsl.torch, args, kwargs)
BAD_CALLS = {
    "linear_shape": ("linear", (r(2, 3), r(4, 5)), {}),
    "linear_dtype": ("linear", (r(2, 3), r(4, 3).double()), {}),
    "linear_bias_shape": ("linear", (r(2, 3), r(4, 3), r(5)), {}),
    "linear_0d": ("linear", (torch.tensor(1.0), r(4, 3)), {}),
    "linear_not_tensor": ("linear", (r(2, 3), [[1.0, 2.0, 3.0]]), {}),
    "conv_channels": ("conv2d", (r(1, 3, 5, 5), r(4, 2, 3, 3)), {}),
    "conv_rank": ("conv2d", (r(3, 5, 5, 5, 5), r(4, 3, 3, 3)), {}),
    "conv_too_small": ("conv2d", (r(1, 3, 2, 2), r(4, 3, 3, 3)), {}),
    "conv_dtype": ("conv2d", (r(1, 3, 5, 5), r(4, 3, 3, 3).double()), {}),
    "conv_bias_dtype": ("conv2d", (r(1, 3, 5, 5), r(4, 3, 3, 3), r(4).double()), {}),
    "conv_groups": ("conv2d", (r(1, 4, 5, 5), r(3, 2, 3, 3)), {"groups": 2}),
    "conv_same_strided": ("conv2d", (r(1, 3, 5, 5), r(4, 3, 3, 3)),
                          {"padding": "same", "stride": 2}),
    "conv_bad_padding_string": ("conv2d", (r(1, 3, 5, 5), r(4, 3, 3, 3)), {"padding": "full"}),
    "layer_norm_shape": ("layer_norm", (r(2, 3), (4,)), {}),
    "layer_norm_weight": ("layer_norm", (r(2, 3), (3,), r(4)), {}),
    "layer_norm_mixed": ("layer_norm", (r(2, 3), (3,), r(3).double()), {}),
    "layer_norm_long": ("layer_norm", (torch.ones(2, 3, **LONG), (3,)), {}),
    "rms_norm_shape": ("rms_norm", (r(2, 3), (4,)), {}),
    "rms_norm_weight": ("rms_norm", (r(2, 3), (3,), r(4)), {}),
    "softmax_dim": ("softmax", (r(2, 3), 2), {}),
    "softmax_long": ("softmax", (torch.ones(2, 3, **LONG), 1), {}),
    "log_softmax_dim": ("log_softmax", (r(2, 3), -3), {}),
    "group_norm_groups": ("group_norm", (r(2, 6, 4), 4), {}),
    "group_norm_weight": ("group_norm", (r(2, 6, 4), 3, r(5)), {}),
    "group_norm_1d": ("group_norm", (r(6), 3), {}),
    "group_norm_mixed": ("group_norm", (r(2, 4, 3), 2, r(4).double()), {}),
    "batch_norm_weight": ("batch_norm", (r(2, 3, 4), torch.zeros(3), torch.ones(3), r(4)), {}),
    "batch_norm_one_value": ("batch_norm", (r(1, 3, 1, 1), None, None), {"training": True}),
    "batch_norm_running_shape": ("batch_norm", (r(2, 3, 4), torch.zeros(4), torch.ones(3)), {}),
    "batch_norm_eval_no_stats": ("batch_norm", (r(2, 3, 4), None, None), {}),
}


@pytest.mark.parametrize("name", sorted(BAD_CALLS))
def test_bad_input_raises_what_torch_raises(name):
    fn, args, kwargs = BAD_CALLS[name]
    with pytest.raises(Exception) as expected:
        getattr(F, fn)(*args, **kwargs)
    with pytest.raises(Exception) as got:
        getattr(tt, fn)(*args, **kwargs)
    assert type(got.value) is type(expected.value), (got.value, expected.value)


def test_mixed_devices_is_a_runtime_error():
    """torch's "Expected all tensors to be on the same device" (checked before any kernel
    runs; meta stands in for a second device on a machine without a GPU)."""
    with pytest.raises(RuntimeError, match="same device"):
        tt.linear(r(2, 3), r(4, 3, device="meta"))


# -- layouts ---------------------------------------------------------------------------------


def test_non_contiguous_inputs_match_torch():
    x = r(6, 8)[:, ::2]                    # strided columns
    w = r(4, 3).t()                        # transposed weight: a (3, 4) view
    torch.testing.assert_close(tt.linear(x, w), F.linear(x, w))
    xt = r(4, 6).t()                       # (6, 4), column-major
    torch.testing.assert_close(tt.layer_norm(xt, (4,)), F.layer_norm(xt, (4,)))
    torch.testing.assert_close(tt.softmax(xt, 0), F.softmax(xt, 0))
    torch.testing.assert_close(tt.log_softmax(xt, 1), F.log_softmax(xt, 1))
    expanded = r(1, 4).expand(3, 4)        # stride 0
    torch.testing.assert_close(tt.rms_norm(expanded, (4,)), F.rms_norm(expanded, (4,)))


def test_channels_last_is_kept_and_correct():
    x = r(2, 4, 5, 5).contiguous(memory_format=torch.channels_last).requires_grad_()
    w = r(6, 4, 3, 3, requires_grad=True)
    gw, gb = r(4, requires_grad=True), r(4, requires_grad=True)
    rm, rv = r(4), torch.rand(4) + 0.5
    calls = {
        "conv2d": (lambda x: tt.conv2d(x, w, padding=1), lambda x: F.conv2d(x, w, padding=1)),
        "batch_norm": (lambda x: tt.batch_norm(x, rm, rv, gw, gb),
                       lambda x: F.batch_norm(x, rm, rv, gw, gb)),
        "group_norm": (lambda x: tt.group_norm(x, 2, gw, gb),
                       lambda x: F.group_norm(x, 2, gw, gb)),
    }
    for name, (ours, ref) in calls.items():
        y, y_ref = ours(x), ref(x)
        assert y.is_contiguous(memory_format=torch.channels_last), name
        torch.testing.assert_close(y, y_ref, atol=1e-4, rtol=1e-4, msg=name)
        if name == "conv2d" and not _has_conv_backward():
            continue
        g = r(*y.shape)
        got = torch.autograd.grad(y, x, g)[0]
        want = torch.autograd.grad(y_ref, x, g)[0]
        torch.testing.assert_close(got, want, atol=1e-4, rtol=1e-4, msg=name)


def _has_conv_backward():
    import tiledsl.kernels
    return hasattr(tiledsl.kernels, "conv2d_backward")


def test_string_padding_same_and_valid():
    x = r(1, 2, 6, 7)
    for k, dil in ((3, 1), (4, 1), (2, 3)):    # even kernels need the extra bottom/right pad
        w = r(3, 2, k, k)
        with torch.no_grad():
            torch.testing.assert_close(tt.conv2d(x, w, padding="same", dilation=dil),
                                       F.conv2d(x, w, padding="same", dilation=dil),
                                       atol=1e-4, rtol=1e-4)
    w = r(3, 2, 3, 3)
    torch.testing.assert_close(tt.conv2d(x, w, padding="valid"), F.conv2d(x, w, padding="valid"),
                               atol=1e-4, rtol=1e-4)


def test_matmul_one_dimensional_operands():
    a, b = r(3, 4), r(4)
    torch.testing.assert_close(tt.matmul(a, b), torch.matmul(a, b))
    torch.testing.assert_close(tt.matmul(b, a.t()), torch.matmul(b, a.t()))
    torch.testing.assert_close(tt.matmul(b, b), torch.matmul(b, b))
    assert tt.matmul(b, b).shape == torch.Size([])
