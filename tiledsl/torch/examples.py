"""Example models for the tiledsl.torch parity checks (tests and ``scripts/gpu_torch.py``):
a small CNN and a ResNet-18 made of ``torch.nn`` modules (run them on tiledsl with
``convert``), and a pre-norm transformer block written against an ops namespace (torch's
functions, ``TORCH_OPS``, or ``tiledsl.torch`` itself).

Random weights only; nothing is downloaded.
"""
from __future__ import annotations

import math
from types import SimpleNamespace

import torch
import torch.nn.functional as F
from torch import nn

# the functions TransformerBlock calls, from torch; ``tiledsl.torch`` has the same names
TORCH_OPS = SimpleNamespace(linear=F.linear, matmul=torch.matmul, softmax=F.softmax,
                            layer_norm=F.layer_norm, rms_norm=F.rms_norm)


class SmallCNN(nn.Module):
    """conv-BN-ReLU, strided conv-GroupNorm-ReLU, grouped conv, pool, linear, log_softmax:
    every convertible module kind except the transformer's norms."""

    def __init__(self, in_ch: int = 3, classes: int = 10):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(in_ch, 8, 3, padding=1), nn.BatchNorm2d(8), nn.ReLU(),
            nn.Conv2d(8, 16, 3, stride=2, padding=1, bias=False), nn.GroupNorm(4, 16), nn.ReLU(),
            nn.Conv2d(16, 16, 3, padding="same", groups=4), nn.ReLU(),
        )
        self.head = nn.Linear(16, classes)
        self.out = nn.LogSoftmax(dim=1)

    def forward(self, x):
        h = self.features(x).mean(dim=(2, 3))
        return self.out(self.head(h))


class TransformerBlock(nn.Module):
    """Pre-norm block: x + attention(LayerNorm(x)), then h + MLP(RMSNorm(h)). ``ops`` picks
    the implementation of linear/matmul/softmax/norms (``TORCH_OPS`` or ``tiledsl.torch``);
    parameters and state_dict are the same either way."""

    def __init__(self, dim: int = 32, heads: int = 4, hidden: int = 64, ops=TORCH_OPS):
        super().__init__()
        self.heads, self.ops = heads, ops
        self.ln1 = nn.LayerNorm(dim)
        self.qkv = nn.Linear(dim, 3 * dim)
        self.proj = nn.Linear(dim, dim)
        self.ln2 = nn.RMSNorm(dim)
        self.fc1 = nn.Linear(dim, hidden)
        self.fc2 = nn.Linear(hidden, dim)

    def forward(self, x):
        o = self.ops
        b, t, d = x.shape
        h = o.layer_norm(x, (d,), self.ln1.weight, self.ln1.bias, self.ln1.eps)
        q, k, v = o.linear(h, self.qkv.weight, self.qkv.bias).split(d, dim=-1)
        q, k, v = (z.reshape(b, t, self.heads, d // self.heads).transpose(1, 2)
                   for z in (q, k, v))
        scores = o.matmul(q, k.transpose(-1, -2)) * (1.0 / math.sqrt(d // self.heads))
        att = o.matmul(o.softmax(scores, dim=-1), v).transpose(1, 2).reshape(b, t, d)
        x = x + o.linear(att, self.proj.weight, self.proj.bias)
        h = o.rms_norm(x, (d,), self.ln2.weight, self.ln2.eps)
        return x + o.linear(F.gelu(o.linear(h, self.fc1.weight, self.fc1.bias)),
                            self.fc2.weight, self.fc2.bias)


class BasicBlock(nn.Module):
    """ResNet's two-conv residual block."""

    def __init__(self, cin: int, cout: int, stride: int):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.down = None
        if stride != 1 or cin != cout:
            self.down = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False),
                                      nn.BatchNorm2d(cout))

    def forward(self, x):
        y = torch.relu(self.bn1(self.conv1(x)))
        y = self.bn2(self.conv2(y))
        return torch.relu(y + (x if self.down is None else self.down(x)))


class ResNet18(nn.Module):
    """ResNet-18's layout (7x7 stem, max-pool, [2, 2, 2, 2] basic blocks of 64..512
    channels, average pool, linear head)."""

    def __init__(self, classes: int = 1000):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(3, 64, 7, 2, 3, bias=False), nn.BatchNorm2d(64),
                                  nn.ReLU(), nn.MaxPool2d(3, 2, 1))
        blocks, cin = [], 64
        for cout, stride in ((64, 1), (128, 2), (256, 2), (512, 2)):
            blocks += [BasicBlock(cin, cout, stride), BasicBlock(cout, cout, 1)]
            cin = cout
        self.blocks = nn.Sequential(*blocks)
        self.fc = nn.Linear(512, classes)

    def forward(self, x):
        return self.fc(self.blocks(self.stem(x)).mean(dim=(2, 3)))


def randomize_norm_stats(model: nn.Module, seed: int = 0) -> nn.Module:
    """Non-trivial running statistics and affine parameters in every norm layer, so an
    eval-mode comparison checks more than the identity."""
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, nn.BatchNorm2d):
                m.running_mean.copy_(torch.randn(m.num_features, generator=g) * 0.1)
                m.running_var.copy_(torch.rand(m.num_features, generator=g) + 0.5)
            if isinstance(m, (nn.BatchNorm2d, nn.GroupNorm, nn.LayerNorm, nn.RMSNorm)):
                if getattr(m, "weight", None) is not None:
                    m.weight.copy_(1 + 0.1 * torch.randn(m.weight.shape, generator=g))
                if getattr(m, "bias", None) is not None:
                    m.bias.copy_(0.1 * torch.randn(m.bias.shape, generator=g))
    return model
