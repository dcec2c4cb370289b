"""``batch_norm`` (inference, and training with running statistics) and ``group_norm``,
forward and backward, on (N, C, *spatial) inputs in any memory format whose spatial dims
collapse to one stride (NCHW and channels-last NHWC both do).

Statistics are fp32 and two-pass (mean, then centred squares), and every reduction runs in
a fixed order, so results are reproducible run to run.
"""
from __future__ import annotations

import math

import tiledsl as tiled
import tiledsl.language as tl
from tiledsl import dtypes as dt
from . import _host as H

BLOCK_L = 256


@tiled.jit
def group_stats_kernel(Mean, Rstd, X, n_batch, C, L, sn, sc, sl, eps, group_size,
                       BLOCK: tl.constexpr, PER_BATCH: tl.constexpr):
    """Mean and 1/sqrt(var+eps) of one channel group: over (N, L) for batch norm
    (PER_BATCH=False, group_size=1), over (group_size channels, L) of one sample for group
    norm. Program (g, n)."""
    g = tl.program_id(0)
    n0 = tl.program_id(1) if PER_BATCH else 0
    n1 = n0 + 1 if PER_BATCH else n_batch
    offs = tl.arange(0, BLOCK)
    acc = tl.zeros([BLOCK], dtype=tl.float32)
    for n in range(n0, n1):
        for c in range(g * group_size, (g + 1) * group_size):
            base = X + n.to(tl.int64) * sn + c.to(tl.int64) * sc
            for start in range(0, L, BLOCK):
                acc += tl.load(base + (start + offs) * sl, mask=start + offs < L, other=0.0).to(tl.float32)
    count = (n1 - n0) * group_size * L
    mean = tl.sum(acc, axis=0) / count
    sq = tl.zeros([BLOCK], dtype=tl.float32)
    for n in range(n0, n1):
        for c in range(g * group_size, (g + 1) * group_size):
            base = X + n.to(tl.int64) * sn + c.to(tl.int64) * sc
            for start in range(0, L, BLOCK):
                mask = start + offs < L
                x = tl.load(base + (start + offs) * sl, mask=mask, other=0.0).to(tl.float32)
                d = tl.where(mask, x - mean, 0.0)
                sq += d * d
    var = tl.sum(sq, axis=0) / count
    if PER_BATCH:
        slot = n0 * tl.num_programs(0) + g
    else:
        slot = g
    tl.store(Mean + slot, mean)
    tl.store(Rstd + slot, 1.0 / tl.sqrt(var + eps))


@tiled.jit
def update_running_kernel(RunMean, RunVar, Mean, Rstd, C, count, momentum, eps,
                          BLOCK: tl.constexpr):
    c = tl.arange(0, BLOCK)
    for start in range(0, C, BLOCK):
        mask = start + c < C
        mean = tl.load(Mean + start + c, mask=mask, other=0.0)
        rstd = tl.load(Rstd + start + c, mask=mask, other=1.0)
        var = 1.0 / (rstd * rstd) - eps
        unbiased = var * count / tl.maximum(count - 1, 1)
        rm = tl.load(RunMean + start + c, mask=mask, other=0.0).to(tl.float32)
        rv = tl.load(RunVar + start + c, mask=mask, other=0.0).to(tl.float32)
        tl.store(RunMean + start + c, ((1 - momentum) * rm + momentum * mean).to(RunMean.dtype.element_ty), mask=mask)
        tl.store(RunVar + start + c, ((1 - momentum) * rv + momentum * unbiased).to(RunVar.dtype.element_ty), mask=mask)


@tiled.jit
def normalize_kernel(Y, X, Mean, Rstd, W, B, C, L, sn, sc, sl, yn, yc, yl, groups, eps,
                     BLOCK: tl.constexpr, HAS_W: tl.constexpr, HAS_B: tl.constexpr,
                     FROM_VAR: tl.constexpr, PER_BATCH: tl.constexpr):
    """y = (x - mean) * rstd * w + b for one (n, c) row block. FROM_VAR: Rstd holds a
    variance (running_var, inference) and eps is added here."""
    nc = tl.program_id(0)
    n = nc // C
    c = nc % C
    offs = tl.program_id(1) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < L
    stat = n * groups + c // (C // groups) if PER_BATCH else c
    mean = tl.load(Mean + stat).to(tl.float32)
    r = tl.load(Rstd + stat).to(tl.float32)
    rstd = 1.0 / tl.sqrt(r + eps) if FROM_VAR else r
    x = tl.load(X + n.to(tl.int64) * sn + c.to(tl.int64) * sc + offs * sl, mask=mask, other=0.0)
    y = (x.to(tl.float32) - mean) * rstd
    if HAS_W:
        y = y * tl.load(W + c).to(tl.float32)
    if HAS_B:
        y = y + tl.load(B + c).to(tl.float32)
    tl.store(Y + n.to(tl.int64) * yn + c.to(tl.int64) * yc + offs * yl,
             y.to(Y.dtype.element_ty), mask=mask)


@tiled.jit
def channel_grad_kernel(DW, DB, DY, X, Mean, Rstd, N, C, L, sn, sc, sl, dn, dc, dl, groups,
                        BLOCK: tl.constexpr, PER_BATCH: tl.constexpr):
    """Per channel c: DB[c] = sum(dy), DW[c] = sum(dy * xhat) over (N, L)."""
    c = tl.program_id(0)
    offs = tl.arange(0, BLOCK)
    s_dy = tl.zeros([BLOCK], dtype=tl.float32)
    s_dyx = tl.zeros([BLOCK], dtype=tl.float32)
    for n in range(0, N):
        stat = n * groups + c // (C // groups) if PER_BATCH else c
        mean = tl.load(Mean + stat).to(tl.float32)
        rstd = tl.load(Rstd + stat).to(tl.float32)
        for start in range(0, L, BLOCK):
            mask = start + offs < L
            x = tl.load(X + n.to(tl.int64) * sn + c.to(tl.int64) * sc + (start + offs) * sl,
                        mask=mask, other=0.0).to(tl.float32)
            dy = tl.load(DY + n.to(tl.int64) * dn + c.to(tl.int64) * dc + (start + offs) * dl,
                         mask=mask, other=0.0).to(tl.float32)
            s_dy += dy
            s_dyx += tl.where(mask, dy * (x - mean) * rstd, 0.0)
    tl.store(DB + c, tl.sum(s_dy, axis=0))
    tl.store(DW + c, tl.sum(s_dyx, axis=0))


@tiled.jit
def batch_norm_dx_kernel(DX, DY, X, Mean, Rstd, W, SumDY, SumDYX, C, L, count,
                         sn, sc, sl, dn, dc, dl, xn, xc, xl,
                         BLOCK: tl.constexpr, HAS_W: tl.constexpr, TRAINING: tl.constexpr):
    nc = tl.program_id(0)
    n = nc // C
    c = nc % C
    offs = tl.program_id(1) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < L
    mean = tl.load(Mean + c).to(tl.float32)
    rstd = tl.load(Rstd + c).to(tl.float32)
    w = tl.load(W + c).to(tl.float32) if HAS_W else 1.0
    dy = tl.load(DY + n.to(tl.int64) * dn + c.to(tl.int64) * dc + offs * dl, mask=mask, other=0.0).to(tl.float32)
    if TRAINING:
        x = tl.load(X + n.to(tl.int64) * sn + c.to(tl.int64) * sc + offs * sl, mask=mask, other=0.0).to(tl.float32)
        xhat = (x - mean) * rstd
        dx = w * rstd * (dy - tl.load(SumDY + c) / count - xhat * tl.load(SumDYX + c) / count)
    else:
        dx = w * rstd * dy
    tl.store(DX + n.to(tl.int64) * xn + c.to(tl.int64) * xc + offs * xl, dx.to(DX.dtype.element_ty), mask=mask)


@tiled.jit
def group_norm_dx_kernel(DX, DY, X, Mean, Rstd, W, C, L, group_size, sn, sc, sl, dn, dc, dl,
                         xn, xc, xl, BLOCK: tl.constexpr, HAS_W: tl.constexpr):
    """dx for one (n, group): rstd * (w*dy - (xhat * mean(w*dy*xhat) + mean(w*dy)))."""
    g = tl.program_id(0)
    n = tl.program_id(1)
    stat = n * tl.num_programs(0) + g
    mean = tl.load(Mean + stat)
    rstd = tl.load(Rstd + stat)
    offs = tl.arange(0, BLOCK)
    s1 = tl.zeros([BLOCK], dtype=tl.float32)
    s2 = tl.zeros([BLOCK], dtype=tl.float32)
    for c in range(g * group_size, (g + 1) * group_size):
        w = tl.load(W + c).to(tl.float32) if HAS_W else 1.0
        for start in range(0, L, BLOCK):
            mask = start + offs < L
            x = tl.load(X + n.to(tl.int64) * sn + c.to(tl.int64) * sc + (start + offs) * sl, mask=mask, other=0.0).to(tl.float32)
            dy = tl.load(DY + n.to(tl.int64) * dn + c.to(tl.int64) * dc + (start + offs) * dl, mask=mask, other=0.0).to(tl.float32)
            s1 += tl.where(mask, w * dy * (x - mean) * rstd, 0.0)
            s2 += w * dy
    count = group_size * L
    c1 = tl.sum(s1, axis=0) / count
    c2 = tl.sum(s2, axis=0) / count
    for c in range(g * group_size, (g + 1) * group_size):
        w = tl.load(W + c).to(tl.float32) if HAS_W else 1.0
        for start in range(0, L, BLOCK):
            mask = start + offs < L
            x = tl.load(X + n.to(tl.int64) * sn + c.to(tl.int64) * sc + (start + offs) * sl, mask=mask, other=0.0).to(tl.float32)
            dy = tl.load(DY + n.to(tl.int64) * dn + c.to(tl.int64) * dc + (start + offs) * dl, mask=mask, other=0.0).to(tl.float32)
            xhat = (x - mean) * rstd
            tl.store(DX + n.to(tl.int64) * xn + c.to(tl.int64) * xc + (start + offs) * xl,
                     (rstd * (w * dy - (xhat * c1 + c2))).to(DX.dtype.element_ty), mask=mask)


# -- host side -----------------------------------------------------------------------------

_FLOATS = ("fp16", "bf16", "fp32", "fp64")


def _ncl(name, x):
    """(N, C, L) view of an (N, C, *spatial) array and its element strides (sn, sc, sl)."""
    H.check_array(name, x, dtypes=_FLOATS)
    if x.ndim < 2:
        raise ValueError(f"{name} must have at least 2 dimensions (N, C, ...), got shape "
                         f"{tuple(x.shape)}")
    n, c = x.shape[0], x.shape[1]
    spatial = tuple(x.shape[2:])
    st = H.strides(x)
    lsize = math.prod(spatial)
    # spatial dims collapse to one stride when each is contiguous with the next
    ok = all(st[i] == st[i + 1] * x.shape[i + 1] for i in range(2, x.ndim - 1))
    if not ok:
        x = H.contiguous(x)
        st = H.strides(x)
    sl = st[-1] if spatial else 1
    return x, n, c, lsize, (st[0], st[1], sl)


def _channel_param(name, p, c):
    if p is None:
        return None
    H.check_array(name, p, ndim=1)
    if p.shape[0] != c:
        raise ValueError(f"{name} should contain {c} elements not {p.shape[0]}")
    return H.contiguous(p)


def _normalize(x, n, c, lsize, sx, mean, rstd, w, b, eps, groups, from_var, per_batch):
    y = H.empty_like(x)
    _, _, _, _, sy = _ncl("output", y)
    if n * c and lsize:
        normalize_kernel[(n * c, -(-lsize // BLOCK_L))](
            y, x, mean, rstd, w if w is not None else mean, b if b is not None else mean,
            c, lsize, *sx, *sy, groups, float(eps), BLOCK=BLOCK_L, HAS_W=w is not None,
            HAS_B=b is not None, FROM_VAR=from_var, PER_BATCH=per_batch)
    return y


def batch_norm_forward(x, running_mean=None, running_var=None, weight=None, bias=None,
                       training=False, momentum=0.1, eps=1e-5):
    """``(y, mean, rstd)``; in training mode the running statistics are updated in place."""
    x, n, c, lsize, sx = _ncl("input", x)
    w, b = _channel_param("weight", weight, c), _channel_param("bias", bias, c)
    if not training:
        if running_mean is None or running_var is None:
            raise ValueError("batch_norm in inference mode needs running_mean and running_var")
        rm, rv = _channel_param("running_mean", running_mean, c), _channel_param("running_var", running_var, c)
        y = _normalize(x, n, c, lsize, sx, rm, rv, w, b, eps, 1, True, False)
        return y, rm, rv
    count = n * lsize
    if count <= 1:
        raise ValueError(f"Expected more than 1 value per channel when training, got input "
                         f"size {list(x.shape)}")
    mean = H.empty(x, (c,), dt.float32)
    rstd = H.empty(x, (c,), dt.float32)
    group_stats_kernel[(c, 1)](mean, rstd, x, n, c, lsize, *sx, float(eps), 1, BLOCK=BLOCK_L,
                               PER_BATCH=False)
    if running_mean is not None and running_var is not None:
        update_running_kernel[(1,)](running_mean, running_var, mean, rstd, c, count,
                                    float(momentum), float(eps), BLOCK=128)
    y = _normalize(x, n, c, lsize, sx, mean, rstd, w, b, 0.0, 1, False, False)
    return y, mean, rstd


def batch_norm(x, running_mean, running_var, weight=None, bias=None, training=False,
               momentum=0.1, eps=1e-5):
    """As ``torch.nn.functional.batch_norm``."""
    return batch_norm_forward(x, running_mean, running_var, weight, bias, training, momentum,
                              eps)[0]


def batch_norm_backward(dy, x, weight, mean, rstd_or_var, training=True, eps=1e-5):
    """``(dx, dweight, dbias)``. ``mean``/``rstd`` from ``batch_norm_forward`` in training;
    in inference pass the running mean and running variance."""
    x, n, c, lsize, sx = _ncl("input", x)
    dy, _, _, _, sd = _ncl("grad_output", dy)
    w = _channel_param("weight", weight, c)
    if not training:
        rstd = H.empty(x, (c,), dt.float32)
        _rstd_from_var(rstd, rstd_or_var, c, eps)
    else:
        rstd = rstd_or_var
    dw = H.empty(x, (c,), dt.float32)
    db = H.empty(x, (c,), dt.float32)
    channel_grad_kernel[(c,)](dw, db, dy, x, mean, rstd, n, c, lsize, *sx, *sd, 1,
                              BLOCK=BLOCK_L, PER_BATCH=False)
    dx = H.empty_like(x)
    _, _, _, _, sdx = _ncl("grad_input", dx)
    if n * c and lsize:
        batch_norm_dx_kernel[(n * c, -(-lsize // BLOCK_L))](
            dx, dy, x, mean, rstd, w if w is not None else mean, db, dw, c, lsize, n * lsize,
            *sx, *sd, *sdx, BLOCK=BLOCK_L, HAS_W=w is not None, TRAINING=training)
    out_dtype = H.dtype_of(weight) if weight is not None else H.dtype_of(x)
    return dx, _cast(dw, out_dtype), _cast(db, out_dtype)


@tiled.jit
def _rstd_kernel(Out, Var, C, eps, BLOCK: tl.constexpr):
    c = tl.arange(0, BLOCK)
    for start in range(0, C, BLOCK):
        v = tl.load(Var + start + c, mask=start + c < C, other=1.0).to(tl.float32)
        tl.store(Out + start + c, 1.0 / tl.sqrt(v + eps), mask=start + c < C)


def _rstd_from_var(out, var, c, eps):
    _rstd_kernel[(1,)](out, var, c, float(eps), BLOCK=128)


def _cast(x, d: dt.dtype):
    if H.dtype_of(x) == d:
        return x
    if H.kind(x) == "torch":
        return x.to(dt.to_torch(d))
    return x.astype(d.np)


def group_norm_forward(x, num_groups: int, weight=None, bias=None, eps=1e-5):
    """``(y, mean, rstd)`` with ``mean``/``rstd`` of shape (N, num_groups)."""
    x, n, c, lsize, sx = _ncl("input", x)
    if num_groups <= 0 or c % num_groups:
        raise ValueError(f"Expected number of channels in input to be divisible by "
                         f"num_groups, but got input of shape {list(x.shape)} and "
                         f"num_groups={num_groups}")
    w, b = _channel_param("weight", weight, c), _channel_param("bias", bias, c)
    mean = H.empty(x, (n, num_groups), dt.float32)
    rstd = H.empty(x, (n, num_groups), dt.float32)
    if n:
        group_stats_kernel[(num_groups, n)](mean, rstd, x, n, c, lsize, *sx, float(eps),
                                            c // num_groups, BLOCK=BLOCK_L, PER_BATCH=True)
    y = _normalize(x, n, c, lsize, sx, mean, rstd, w, b, 0.0, num_groups, False, True)
    return y, mean, rstd


def group_norm(x, num_groups: int, weight=None, bias=None, eps=1e-5):
    """As ``torch.nn.functional.group_norm``."""
    return group_norm_forward(x, num_groups, weight, bias, eps)[0]


def group_norm_backward(dy, x, num_groups, weight, mean, rstd):
    """``(dx, dweight, dbias)`` of ``group_norm``."""
    x, n, c, lsize, sx = _ncl("input", x)
    dy, _, _, _, sd = _ncl("grad_output", dy)
    w = _channel_param("weight", weight, c)
    dx = H.empty_like(x)
    _, _, _, _, sdx = _ncl("grad_input", dx)
    if n:
        group_norm_dx_kernel[(num_groups, n)](dx, dy, x, mean, rstd, w if w is not None else mean,
                                              c, lsize, c // num_groups, *sx, *sd, *sdx,
                                              BLOCK=BLOCK_L, HAS_W=w is not None)
    dw = H.empty(x, (c,), dt.float32)
    db = H.empty(x, (c,), dt.float32)
    channel_grad_kernel[(c,)](dw, db, dy, x, mean, rstd, n, c, lsize, *sx, *sd, num_groups,
                              BLOCK=BLOCK_L, PER_BATCH=True)
    out_dtype = H.dtype_of(weight) if weight is not None else H.dtype_of(x)
    return dx, _cast(dw, out_dtype), _cast(db, out_dtype)
