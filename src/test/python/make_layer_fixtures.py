#!/usr/bin/python3
"""Regenerate ConvMatrix's PyTorch fixtures for the layers of issue 10 (and conv adjoints).

Run from the repository root with Debian's interpreter (not a pyenv/venv one):

    /usr/bin/python3 src/test/python/make_layer_fixtures.py

It needs Debian's ``python3-torch`` (1.13) and ``python3-numpy``. It rewrites, deterministically
(seeds are a CRC32 of each case name, torch.float64 on the CPU, two runs give byte-identical files):

* ``src/test/resources/cases/ops/valid/NNN-*.json``: upsample, pixel_shuffle, pixel_unshuffle,
  avg_pool, max_unpool, sequential, plus conv / conv_transpose cases, each with PyTorch's
  ``expected``, a random ``grad_output`` and ``expected_grad_input`` (autograd of
  ``(out * grad_output).sum()``);
* ``src/test/resources/cases/ops/valid/_manifest.json``: per case, its op, spatial dims and the
  traps it exercises (see ``TRAPS``);
* ``src/test/resources/cases/ops/invalid/NNN-*.json`` + ``manifest.json``: one defect per case,
  the field the error must name, why, and whether PyTorch rejects the same layer.

Every valid case is also probed: column j of A is the op (bias off) applied to e_j. The script
asserts ``A x + b == expected`` and compares ``A^T grad_output`` with autograd. Where PyTorch 1.13's
backward is *not* the adjoint of its own forward (nearest upsampling whose output size is the
input's or twice it while the scale factor says otherwise: the backward kernel takes a shortcut
the forward one does not), ``expected_grad_input`` holds autograd's answer, as the format defines it,
``A^T grad_output`` from the probed forward matrix is kept under ``_adjoint_of_forward`` and the
manifest says so (trap ``torch-backward-not-adjoint``).

Case format: shared/case-format.md ("More layers", "The adjoint fields").
"""

import json
import math
import os
import sys
import zlib
from fractions import Fraction

import numpy as np

# PyTorch's CPU kernels differ by a few ulps between capabilities (the AVX2 build contracts a*b+c to FMA):
# pin the one this machine and most x86-64 machines use, so that reruns give the same bits.
os.environ["ATEN_CPU_CAPABILITY"] = "avx2"
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_fixtures as mf  # noqa: E402  (shares tj/from_tj/write/clean/_flat_pad; its output is untouched)

torch.set_default_dtype(torch.float64)
DT = torch.float64
OPS = os.path.join(mf.RES, "cases", "ops")
VALID_DIR = os.path.join(OPS, "valid")
INVALID_DIR = os.path.join(OPS, "invalid")
OLD_VALID = mf.VALID_DIR

FIELD_ORDER = ["name", "op", "mode", "size", "scale_factor", "align_corners", "recompute_scale_factor",
               "upscale_factor", "downscale_factor", "in_channels", "out_channels", "groups", "kernel_size",
               "stride", "padding", "dilation", "output_padding", "padding_mode", "ceil_mode",
               "count_include_pad", "divisor_override", "output_size", "weight", "bias", "layers", "indices",
               "input", "expected", "grad_output", "expected_grad_input"]

TRAPS = {
    "scale-factor-not-in-over-out": "scale_factor given, no recompute: the source coordinate uses 1/scale_factor, "
                                    "and this case's result differs from using in/out",
    "nearest-float32-floor": "the nearest index is floor(float32(coordinate computed in double)); plain double "
                             "floor gives a different index here",
    "nearest-rational-differs": "torch's nearest index differs from the exact rational floor of the coordinate "
                                "(with the double value of scale_factor)",
    "linear-negative-source-clamped": "linear modes, align_corners false: a source coordinate below 0 is clamped "
                                      "to 0",
    "linear-same-size-copy": "linear modes: an axis whose output size equals its input size is copied, whatever "
                             "scale_factor says",
    "bicubic-float32-floor": "bicubic: the index is floorf(float32(coordinate)), t = coordinate - index may be "
                             "slightly negative; the double floor differs here (the cubic kernel is C1, so the "
                             "weights move only to second order)",
    "linear-double-floor": "linear modes floor the double coordinate (no floorf, unlike nearest and bicubic); "
                           "floorf would give a different index here",
    "bicubic-index-clamp": "bicubic: some of the 4 taps fall outside the input and read the clamped border index "
                           "(A = -0.75)",
    "bicubic-negative-source": "bicubic: a negative source coordinate is not clamped (only the accessed index is)",
    "align-corners-output-1": "align_corners true with an output size of 1: the scale is 0, every output reads "
                              "index 0",
    "align-corners-input-1": "align_corners true with an input size of 1",
    "recompute-scale-factor": "recompute_scale_factor true: the source coordinate uses in/out, and this differs "
                              "from 1/scale_factor here",
    "non-integer-scale": "a non-integer scale_factor",
    "ceil-mode-extra-window": "ceil_mode adds a window that overhangs the input (and right padding)",
    "ceil-mode-last-window-dropped": "ceil_mode: the last window would start in the right padding, so it is "
                                     "dropped (PyTorch's rule)",
    "count-include-pad-clipped-divisor": "count_include_pad: a ceil_mode window past the right padding divides "
                                         "by its size clipped to input + padding, not by the kernel volume",
    "stride-default": "stride omitted: it defaults to kernel_size",
    "divisor-override": "divisor_override replaces the divisor",
    "output-size-explicit": "max_unpool with an explicit output_size other than the default",
    "torch-backward-not-adjoint": "PyTorch 1.13's autograd result is not A^T grad_output for this forward; "
                                  "expected_grad_input is what autograd returned (the format's field), "
                                  "_adjoint_of_forward is A^T grad_output from the probed forward matrix",
}


# --------------------------------------------------------------------------- data

def gen_for(name):
    return torch.Generator().manual_seed(zlib.crc32(name.encode("utf-8")))


def uni(gen, shape):
    """Uniform in [-1, 1), full double precision."""
    return torch.rand(tuple(shape), generator=gen, dtype=DT) * 2.0 - 1.0


def dumps_case(case):
    """One top-level field per line (one layer per line); stable key order."""
    def order(d):
        keys = [k for k in FIELD_ORDER if k in d] + sorted(k for k in d if k not in FIELD_ORDER)
        return keys

    lines = []
    for k in order(case):
        v = case[k]
        if k == "layers" and isinstance(v, list) and v and all(isinstance(x, dict) for x in v):
            inner = ",\n".join("    " + json.dumps({kk: x[kk] for kk in order(x)}, allow_nan=False) for x in v)
            lines.append("  %s: [\n%s\n  ]" % (json.dumps(k), inner))
        else:
            lines.append("  %s: %s" % (json.dumps(k), json.dumps(v, allow_nan=False)))
    return "{\n" + ",\n".join(lines) + "\n}\n"


# --------------------------------------------------------------------------- the oracle (autograd-able)

def _conv(L, x, with_bias=True):
    """The conv / conv_transpose of make_fixtures.torch_apply, without no_grad."""
    k = L["kernel_size"]
    d = len(k)
    w = mf.from_tj(L["weight"])
    b = mf.from_tj(L["bias"]) if with_bias and L.get("bias") is not None else None
    stride = L.get("stride", [1] * d)
    dil = L.get("dilation", [1] * d)
    groups = L.get("groups", 1)
    pad = L.get("padding", [0] * d)
    mode = L.get("padding_mode", "zeros")
    if L["op"] == "conv_transpose":
        if mode != "zeros":  # torch's module refuses it (raises ValueError)
            mf.CONVT[d](L["in_channels"], L["out_channels"], k, padding_mode=mode)
        return mf.FCONVT[d](x, w, b, stride=stride, padding=pad, output_padding=L.get("output_padding", [0] * d),
                            groups=groups, dilation=dil)
    if isinstance(pad, list) and pad and all(isinstance(p, list) for p in pad):
        x = F.pad(x, mf._flat_pad(pad), mode="constant" if mode == "zeros" else mode)
        pad, mode = [0] * d, "zeros"
    m = mf.CONV[d](L["in_channels"], L["out_channels"], k, stride=stride, padding=pad, dilation=dil, groups=groups,
                   bias=b is not None, padding_mode=mode)
    m.weight = torch.nn.Parameter(w, requires_grad=False)
    if b is not None:
        m.bias = torch.nn.Parameter(b, requires_grad=False)
    return m(x)


def _indices(obj):
    data = obj["data"]
    if all(isinstance(v, int) for v in data):
        return torch.tensor(data, dtype=torch.int64).reshape(obj["shape"])
    return torch.tensor(data, dtype=DT).reshape(obj["shape"])  # torch refuses non-integer indices


def apply(L, x, with_bias=True):
    """Run one layer with PyTorch, passing its fields on unchecked (torch raises on what it refuses)."""
    op = L["op"]
    if op in ("conv", "conv_transpose"):
        return _conv(L, x, with_bias)
    if op == "upsample":
        return F.interpolate(x, size=L.get("size"), scale_factor=L.get("scale_factor"), mode=L["mode"],
                             align_corners=L.get("align_corners"),
                             recompute_scale_factor=L.get("recompute_scale_factor"))
    if op == "pixel_shuffle":
        return F.pixel_shuffle(x, L["upscale_factor"])
    if op == "pixel_unshuffle":
        return F.pixel_unshuffle(x, L["downscale_factor"])
    if op == "avg_pool":
        d = len(L["kernel_size"])
        kw = dict(stride=L.get("stride"), padding=L.get("padding", 0), ceil_mode=L.get("ceil_mode", False),
                  count_include_pad=L.get("count_include_pad", True))
        if "divisor_override" in L:
            kw["divisor_override"] = L["divisor_override"]
        return {1: F.avg_pool1d, 2: F.avg_pool2d, 3: F.avg_pool3d}[d](x, L["kernel_size"], **kw)
    if op == "max_unpool":
        d = len(L["kernel_size"])
        f = {1: F.max_unpool1d, 2: F.max_unpool2d, 3: F.max_unpool3d}[d]
        return f(x, _indices(L["indices"]), L["kernel_size"], stride=L.get("stride"),
                 padding=L.get("padding", 0), output_size=L.get("output_size"))
    if op == "sequential":
        for layer in L["layers"]:
            x = apply(layer, x, with_bias)
        return x
    raise KeyError("op " + str(op))


def run_case(case):
    return apply(case, mf.from_tj(case["input"]))


def probe(case, x_shape):
    """A with column j = op(e_j) - op(0) (bias off), both flattened row-major over the whole batch."""
    n = int(np.prod(x_shape))
    cols = []
    with torch.no_grad():
        for j in range(n):
            e = torch.zeros(n, dtype=DT)
            e[j] = 1.0
            cols.append(apply(case, e.reshape(x_shape), with_bias=False).flatten())
    return torch.stack(cols, 1)


def close(a, b, tol=1e-12):
    return a.shape == b.shape and bool(((a - b).abs() <= tol * (1.0 + b.abs())).all())


# --------------------------------------------------------------------------- a faithful 1-D model of upsample

def _f32floor(v):
    return math.floor(float(np.float32(v)))


def _fma(a, b, c):
    """a*b + c rounded once, as the FMA that GCC contracts torch's AVX2 kernels to (Java: Math.fma)."""
    return float(Fraction(a) * Fraction(b) + Fraction(c))


def _cubic(t, a=-0.75):
    def c1(x):
        return ((a + 2) * x - (a + 3)) * x * x + 1

    def c2(x):
        return ((a * x - 5 * a) * x + 8 * a) * x - 4 * a
    return [c2(t + 1), c1(t), c1(1 - t), c2(2 - t)]


def axis_model(mode, n, o, s, align, recompute, alt=False):
    """PyTorch 1.13's 1-D weights (o x n) for one axis (AVX2 kernels), and the traps met on it.

    The nearest modes and bicubic floor float32(coordinate) (floorf), linear modes floor the double;
    the coordinate r*(i+0.5)-0.5 is one FMA. alt=True swaps the floors (what a port that gets this
    wrong computes), for measuring how much each case tells the two apart."""
    traps = set()
    floorf = math.floor if alt else _f32floor
    floor_linear = _f32floor if alt else math.floor
    if s is not None and s != int(s):
        traps.add("non-integer-scale")
    use_s = s is not None and not recompute
    if mode in ("nearest", "nearest-exact"):
        r = 1.0 / s if use_s else n / o
        off = 0.5 if mode == "nearest-exact" else 0.0
        W = np.zeros((o, n))
        exact = Fraction(1) / Fraction(s) if use_s else Fraction(n, o)
        for i in range(o):
            j = min(floorf(r * (i + off)), n - 1)
            W[i, j] = 1.0
            if j != min(math.floor(r * (i + off)), n - 1):
                traps.add("nearest-float32-floor")
            if j != min(math.floor(exact * (Fraction(i) + Fraction(off))), n - 1):
                traps.add("nearest-rational-differs")
            if use_s and j != min(_f32floor(n / o * (i + off)), n - 1):
                traps.add("scale-factor-not-in-over-out")
            if s is not None and recompute and j != min(_f32floor(1.0 / s * (i + off)), n - 1):
                traps.add("recompute-scale-factor")
        return W, traps
    cubic = mode == "bicubic"
    if align:
        r = (n - 1) / (o - 1) if o > 1 else 0.0
        if o == 1:
            traps.add("align-corners-output-1")
        if n == 1:
            traps.add("align-corners-input-1")
    else:
        r = 1.0 / s if use_s else n / o
        if s is not None and use_s and not _same_weights(mode, n, o, 1.0 / s, n / o):
            traps.add("scale-factor-not-in-over-out")
        if s is not None and recompute and not _same_weights(mode, n, o, n / o, 1.0 / s):
            traps.add("recompute-scale-factor")
    W = np.zeros((o, n))
    if not cubic and n == o:
        if not np.array_equal(_weights(mode, n, o, r, align, False), np.eye(n)):
            traps.add("linear-same-size-copy")
        return np.eye(n), traps
    for i in range(o):
        real = r * i if align else _fma(r, i + 0.5, -0.5)
        if cubic:
            if real < 0:
                traps.add("bicubic-negative-source")
            j = floorf(real)
            if j != math.floor(real):
                traps.add("bicubic-float32-floor")
            for tap, w in enumerate(_cubic(real - j)):
                src = j - 1 + tap
                if (src < 0 or src > n - 1) and w != 0.0:
                    traps.add("bicubic-index-clamp")
                W[i, max(min(src, n - 1), 0)] += w
        else:
            if real < 0:
                traps.add("linear-negative-source-clamped")
                real = 0.0
            j = min(floor_linear(real), n - 1)  # linear floors the double (no floorf in 1.13)
            if j != min(_f32floor(real), n - 1):
                traps.add("linear-double-floor")
            lam = min(max(real - j, 0.0), 1.0)
            W[i, j] += 1.0 - lam
            W[i, j + (1 if j < n - 1 else 0)] += lam
    return W, traps


def _weights(mode, n, o, r, align, fast):
    """Plain double model (no fast path, no float32 floor) for trap detection only."""
    W = np.zeros((o, n))
    for i in range(o):
        real = r * i if align else max(r * (i + 0.5) - 0.5, 0.0)
        j = min(math.floor(real), n - 1)
        lam = min(max(real - j, 0.0), 1.0)
        W[i, j] += 1.0 - lam
        W[i, j + (1 if j < n - 1 else 0)] += lam
    return W


def _same_weights(mode, n, o, r1, r2):
    if mode == "bicubic":
        a = [r1 * (i + 0.5) - 0.5 for i in range(o)]
        b = [r2 * (i + 0.5) - 0.5 for i in range(o)]
        return max(abs(p - q) for p, q in zip(a, b)) < 1e-15
    if n == o:
        return True
    return np.allclose(_weights(mode, n, o, r1, False, False), _weights(mode, n, o, r2, False, False),
                       rtol=0, atol=1e-15)


def upsample_traps(case, A):
    """Check the faithful model against the probed matrix of one plane; return the traps it meets."""
    shp = case["input"]["shape"]
    spatial = shp[2:]
    d = len(spatial)
    out = case["expected"]["shape"][2:]
    sf = case.get("scale_factor")
    traps = set()
    M = np.ones((1, 1))
    for a in range(d):
        Wa, t = axis_model(case["mode"], spatial[a], out[a], sf[a] if sf else None, case.get("align_corners", False),
                           case.get("recompute_scale_factor", False))
        traps |= t
        M = np.kron(M, Wa)
    plane_in, plane_out = int(np.prod(spatial)), int(np.prod(out))
    Ap = A[:plane_out, :plane_in].numpy()
    err = np.abs(Ap - M).max()
    # nearest and linear axis weights are bit-identical to torch's; a d-dim weight is a product of d of them,
    # whose order may differ: (d - 1) roundings of at most 2^-53 each. Bicubic's polynomial is evaluated in
    # an order (and with FMA contractions) the model does not copy: a looser bound, measured 2e-15.
    tol = 1e-14 if case["mode"] == "bicubic" else (d - 1) * 2.0 ** -53
    assert err <= tol, (case["name"], "faithful model differs from torch by", err)
    return traps, float(np.abs(M - plain_double_plane(case, spatial, out)).max())


def plain_double_plane(case, spatial, out):
    """The plane matrix of a port that swaps the floors (double for nearest/bicubic, floorf for linear)."""
    sf = case.get("scale_factor")
    M = np.ones((1, 1))
    for a in range(len(spatial)):
        Wa, _ = axis_model(case["mode"], spatial[a], out[a], sf[a] if sf else None, case.get("align_corners", False),
                           case.get("recompute_scale_factor", False), alt=True)
        M = np.kron(M, Wa)
    return M


# --------------------------------------------------------------------------- finishing a valid case

def finish(name, case, traps=(), notes=None):
    """Add expected, grad_output, expected_grad_input; probe A; return (case, manifest entry)."""
    gen = gen_for(name + "/grad")
    x = mf.from_tj(case["input"]).clone().requires_grad_(True)
    y = apply(case, x)
    g = uni(gen, y.shape)
    (y * g).sum().backward()
    gi = x.grad.detach()
    y = y.detach()
    assert torch.isfinite(y).all() and y.numel() > 0, name
    case["expected"] = mf.tj(y)
    case["grad_output"] = mf.tj(g)
    A = probe(case, x.shape)
    with torch.no_grad():
        offset = apply(case, torch.zeros(x.shape, dtype=DT)).flatten()
    assert close(A @ x.detach().flatten() + offset, y.flatten()), (name, "A x + b != forward")
    traps = set(traps)
    f32_effect = None
    if case["op"] == "upsample":
        t, f32_effect = upsample_traps(case, A)
        traps |= t
    if case["op"] == "avg_pool":
        avg_pool_model_check(case, A)
    adj = (A.T @ g.flatten()).reshape(gi.shape)
    if close(adj, gi):
        case["expected_grad_input"] = mf.tj(gi)
    else:
        traps.add("torch-backward-not-adjoint")
        case["expected_grad_input"] = mf.tj(gi)
        case["_adjoint_of_forward"] = mf.tj(adj)
    entry = {"op": case["op"], "dims": len(case["input"]["shape"]) - 2,
             "input_shape": case["input"]["shape"], "output_shape": case["expected"]["shape"],
             "trap": bool(traps & TRAP_CASES), "traps": sorted(traps),
             "has_bias": _has_bias(case), "nnz_A": int((A != 0).sum())}
    if case["op"] == "upsample":
        entry["mode"] = case["mode"]
        entry["swapped_floor_max_weight_change"] = f32_effect
    if case["op"] == "sequential":
        entry["layers"] = [layer["op"] for layer in case["layers"]]
    if notes:
        entry["notes"] = notes
    return case, entry


TRAP_CASES = {"scale-factor-not-in-over-out", "nearest-float32-floor", "nearest-rational-differs",
              "linear-negative-source-clamped", "linear-same-size-copy", "linear-double-floor",
              "bicubic-float32-floor",
              "bicubic-index-clamp", "bicubic-negative-source", "align-corners-output-1", "align-corners-input-1",
              "recompute-scale-factor", "ceil-mode-last-window-dropped", "count-include-pad-clipped-divisor",
              "torch-backward-not-adjoint"}


def _has_bias(case):
    if case.get("bias") is not None:
        return True
    return any(layer.get("bias") is not None for layer in case.get("layers", []))


# --------------------------------------------------------------------------- valid cases

def put(case, **optional):
    """Set the optional fields that are not None (lists copied)."""
    for key, value in optional.items():
        if value is not None:
            case[key] = list(value) if isinstance(value, (list, tuple)) else value
    return case


def x_of(name, shape):
    return mf.tj(uni(gen_for(name), shape))


def upsample_case(name, shape, mode, size=None, scale=None, align=None, recompute=None):
    c = put({"name": name, "op": "upsample", "mode": mode}, size=size,
            scale_factor=None if scale is None else [float(s) for s in scale], align_corners=align,
            recompute_scale_factor=recompute)
    c["input"] = x_of(name, shape)
    return c


def upsample_valid():
    V = []

    def u(name, shape, mode, **kw):
        V.append((name, upsample_case(name, shape, mode, **kw), ()))

    for mode in ("nearest", "nearest-exact"):
        m = mode
        u(m + "-1d-scale2", [1, 2, 4], m, scale=[2])
        u(m + "-1d-size7-from3", [1, 1, 3], m, size=[7])
        u(m + "-1d-scale1.7", [1, 1, 5], m, scale=[1.7])
        u(m + "-1d-scale0.6-down", [2, 1, 7], m, scale=[0.6])
        u(m + "-1d-scale2.5-recompute", [1, 1, 3], m, scale=[2.5], recompute=True)
        u(m + "-1d-scale1.7-recompute", [1, 1, 5], m, scale=[1.7], recompute=True)
        u(m + "-1d-scale1.1-same-size", [1, 1, 5], m, scale=[1.1])
        u(m + "-1d-scale2.1-double-size", [1, 1, 4], m, scale=[2.1])
        u(m + "-2d-scale2x3", [1, 2, 3, 2], m, scale=[2, 3])
        u(m + "-2d-size5x4", [2, 1, 3, 3], m, size=[5, 4])
        u(m + "-2d-scale1.5x0.5", [1, 1, 4, 6], m, scale=[1.5, 0.5])
        u(m + "-3d-scale2", [1, 1, 2, 2, 3], m, scale=[2, 2, 1.5])
        u(m + "-3d-size", [1, 2, 2, 3, 2], m, size=[3, 4, 3])
    # the float32-floor traps (found by search: double floor differs from torch's floorf)
    u("nearest-1d-trap-f32-scale0.52-in27", [1, 1, 27], "nearest", scale=[0.52])
    u("nearest-1d-trap-f32-scale3.7-in11", [1, 1, 11], "nearest", scale=[3.7])
    u("nearest-1d-trap-f32-size46-in26", [1, 1, 26], "nearest", size=[46])
    u("nearest-exact-1d-trap-f32-size49-in2", [1, 1, 2], "nearest-exact", size=[49])
    u("nearest-exact-1d-trap-f32-scale0.26-in27", [1, 1, 27], "nearest-exact", scale=[0.26])
    u("nearest-exact-1d-trap-f32-scale0.54-in26", [1, 1, 26], "nearest-exact", scale=[0.54])
    u("nearest-2d-trap-f32-size46x4-from26x2", [1, 1, 26, 2], "nearest", size=[46, 4])
    u("nearest-exact-2d-trap-f32-scale0.34x2-in27x2", [1, 1, 27, 2], "nearest-exact", scale=[0.34, 2.0])
    u("nearest-1d-trap-f32-scale1.04-in26", [1, 1, 26], "nearest", scale=[1.04])
    # scale factors a hair off a simple ratio: the double coordinate is k - 4e-8, floorf makes it k, so the
    # nearest index moves; linear floors the double, so a port using floorf there moves weights by 1e-8..1e-7
    u("nearest-1d-trap-f32-visible-scale0.50000001-in5", [1, 2, 5], "nearest", scale=[0.50000001])
    u("nearest-1d-trap-f32-visible-scale1.50000002-in3", [1, 1, 3], "nearest", scale=[1.50000002])
    u("nearest-exact-1d-trap-f32-visible-scale0.75000001-in3", [1, 1, 3], "nearest-exact", scale=[0.75000001])
    u("nearest-2d-trap-f32-visible-scale1.50000001x0.50000001", [1, 1, 3, 4], "nearest",
      scale=[1.50000001, 0.50000001])
    u("nearest-exact-3d-trap-f32-visible", [1, 1, 3, 2, 2], "nearest-exact", scale=[0.75000001, 1.0, 2.0])
    u("linear-double-floor-visible-scale3.00000005-in2", [1, 1, 2], "linear", scale=[3.00000005])
    u("linear-double-floor-visible-scale3.00000011-in8", [1, 1, 8], "linear", scale=[3.00000011])
    u("bilinear-double-floor-visible-scale3.00000005x2", [1, 1, 2, 3], "bilinear", scale=[3.00000005, 2.0])
    u("trilinear-double-floor-visible-scale3.00000005", [1, 1, 2, 2, 2], "trilinear", scale=[3.00000005, 1.0, 1.5])
    u("bicubic-f32-floor-second-order-scale3.00000011", [1, 1, 8, 1], "bicubic", scale=[3.00000011, 2.0])
    for mode, shape, d in (("linear", [1, 2, 4], 1), ("bilinear", [1, 1, 3, 4], 2),
                           ("trilinear", [1, 1, 2, 3, 2], 3), ("bicubic", [1, 2, 3, 3], 2)):
        m = mode
        u(m + "-scale2", shape, m, scale=[2] * d)
        u(m + "-scale2-align", shape, m, scale=[2] * d, align=True)
        u(m + "-size", shape, m, size=[s + 3 for s in shape[2:]])
        u(m + "-size-align", shape, m, size=[s + 3 for s in shape[2:]], align=True)
        u(m + "-scale1.7", shape, m, scale=[1.7] * d)
        u(m + "-scale1.7-recompute", shape, m, scale=[1.7] * d, recompute=True)
        u(m + "-scale1.7-align", shape, m, scale=[1.7] * d, align=True)
        u(m + "-scale0.6-down", [1, 1] + [s + 3 for s in shape[2:]], m, scale=[0.6] * d)
        u(m + "-size1-align", shape, m, size=[1] * d, align=True)
        u(m + "-size1", shape, m, size=[1] * d)
        u(m + "-scale1.1-same-size", [1, 1] + [5] * d, m, scale=[1.1] * d)
        u(m + "-in1-align", [1, 1] + [1] * d, m, size=[3] * d, align=True)
    u("linear-scale2.3-down-and-up", [1, 1, 9], "linear", scale=[0.45])
    u("bilinear-scale-mixed-1.5x0.75", [2, 1, 4, 4], "bilinear", scale=[1.5, 0.75])
    u("bilinear-size-mixed-align", [1, 2, 3, 5], "bilinear", size=[7, 2], align=True)
    u("bicubic-scale3-border-clamp", [1, 1, 2, 3], "bicubic", scale=[3, 3])
    u("bicubic-scale0.5-down", [1, 1, 6, 6], "bicubic", scale=[0.5, 0.5])
    u("bicubic-size-mixed", [1, 1, 4, 3], "bicubic", size=[3, 7])
    u("trilinear-scale-mixed", [1, 1, 2, 3, 3], "trilinear", scale=[2, 1.5, 0.7])
    u("linear-double-floor-scale0.52-in27", [1, 1, 27], "linear", scale=[0.52])
    return V


def pixel_valid():
    V = []
    for r, c, h, w, n in ((2, 1, 2, 3, 1), (2, 3, 2, 2, 2), (3, 1, 2, 2, 1), (1, 2, 3, 3, 1), (4, 1, 1, 2, 1)):
        name = "pixel-shuffle-r%d-c%d-%dx%d-n%d" % (r, c, h, w, n)
        V.append((name, {"name": name, "op": "pixel_shuffle", "upscale_factor": r,
                         "input": x_of(name, [n, c * r * r, h, w])}, ()))
    for r, c, h, w, n in ((2, 1, 4, 6, 1), (2, 2, 4, 4, 2), (3, 1, 6, 3, 1), (1, 2, 3, 2, 1), (2, 3, 2, 4, 1)):
        name = "pixel-unshuffle-r%d-c%d-%dx%d-n%d" % (r, c, h, w, n)
        V.append((name, {"name": name, "op": "pixel_unshuffle", "downscale_factor": r,
                         "input": x_of(name, [n, c, h, w])}, ()))
    return V


def pool_geometry(n, k, s, p, ceil):
    """PyTorch's pooling output size (with the ceil-mode rule) and the traps the axis meets."""
    traps = set()
    num = n + 2 * p - k
    floor_o = num // s + 1
    o = floor_o
    if ceil:
        o = -(-num // s) + 1
        if o > floor_o:
            traps.add("ceil-mode-extra-window")
        if (o - 1) * s >= n + p:
            o -= 1
            traps.add("ceil-mode-last-window-dropped")
    return o, traps


def pool_axis(n, k, s, p, ceil, include_pad):
    """One axis of an average pool: (o x n) window indicator and the per-window divisor factor."""
    o, _ = pool_geometry(n, k, s, p, ceil)
    W = np.zeros((o, n))
    div = np.zeros(o)
    for i in range(o):
        start = i * s - p
        end = min(start + k, n + p)  # the window, clipped to input + right padding
        div[i] = end - start
        lo, hi = max(start, 0), min(end, n)
        W[i, lo:hi] = 1.0
        if not include_pad:
            div[i] = hi - lo
    return W, div


def avg_pool_model_check(case, A):
    """The plane matrix from the definition (separable windows and divisors) must equal torch's."""
    k = case["kernel_size"]
    spatial = case["input"]["shape"][2:]
    M, D = np.ones((1, 1)), np.ones(1)
    for a in range(len(k)):
        st = case.get("stride", k)[a]
        pd = case.get("padding", [0] * len(k))[a]
        W, div = pool_axis(spatial[a], k[a], st, pd, case.get("ceil_mode", False),
                           case.get("count_include_pad", True))
        M, D = np.kron(M, W), np.kron(D, div)
    if "divisor_override" in case:
        D = np.full_like(D, case["divisor_override"])
    M = M / D[:, None]
    Ap = A[:M.shape[0], :M.shape[1]].numpy()
    assert Ap.shape == M.shape and np.abs(Ap - M).max() <= 1e-15, (case["name"], np.abs(Ap - M).max())


def avg_pool_valid():
    V = []

    def a(name, shape, k, stride=None, padding=None, ceil=None, cip=None, div=None):
        c = put({"name": name, "op": "avg_pool", "kernel_size": list(k)}, stride=stride, padding=padding,
                ceil_mode=ceil, count_include_pad=cip, divisor_override=div)
        c["input"] = x_of(name, shape)
        traps = set()
        if stride is None:
            traps.add("stride-default")
        if div is not None:
            traps.add("divisor-override")
        st = stride or k
        pd = padding or [0] * len(k)
        for ax in range(len(k)):
            o, t = pool_geometry(shape[2 + ax], k[ax], st[ax], pd[ax], bool(ceil))
            traps |= t
            last_end = (o - 1) * st[ax] - pd[ax] + k[ax]
            if cip is not False and div is None and last_end > shape[2 + ax] + pd[ax]:
                traps.add("count-include-pad-clipped-divisor")
        V.append((name, c, traps))

    a("avgpool1d-k2-stride-default", [1, 2, 6], [2])
    a("avgpool1d-k3-s1-p1", [1, 1, 5], [3], stride=[1], padding=[1])
    a("avgpool1d-k3-s2-p1-exclude-pad", [2, 1, 7], [3], stride=[2], padding=[1], cip=False)
    a("avgpool1d-k2-s2-ceil-extra-window", [1, 1, 5], [2], stride=[2], ceil=True)
    a("avgpool1d-k2-s2-p1-ceil-last-dropped", [1, 1, 5], [2], stride=[2], padding=[1], ceil=True)
    a("avgpool1d-k3-s2-p1-ceil-clipped-divisor", [1, 1, 6], [3], stride=[2], padding=[1], ceil=True)
    a("avgpool1d-k3-s2-p1-ceil-exclude-pad", [1, 2, 6], [3], stride=[2], padding=[1], ceil=True, cip=False)
    a("avgpool1d-k4-s3-p2-ceil", [1, 1, 8], [4], stride=[3], padding=[2], ceil=True)
    a("avgpool2d-k2-stride-default", [1, 2, 4, 6], [2, 2])
    a("avgpool2d-k3x2-s2x1-p1x0", [1, 1, 5, 4], [3, 2], stride=[2, 1], padding=[1, 0])
    a("avgpool2d-k3-s2-p1-exclude-pad", [2, 1, 5, 5], [3, 3], stride=[2, 2], padding=[1, 1], cip=False)
    a("avgpool2d-k3-s2-p1-ceil", [1, 1, 6, 5], [3, 3], stride=[2, 2], padding=[1, 1], ceil=True)
    a("avgpool2d-k2-s2-p1-ceil-last-dropped", [1, 1, 5, 3], [2, 2], stride=[2, 2], padding=[1, 1], ceil=True)
    a("avgpool2d-k3-s2-divisor-override5", [1, 1, 5, 5], [3, 3], stride=[2, 2], padding=[1, 1], div=5)
    a("avgpool2d-k2-ceil-divisor-override3", [1, 2, 3, 5], [2, 2], ceil=True, div=3)
    a("avgpool2d-k3x1-s1x1-p1x0-ceil-exclude-pad", [1, 1, 4, 3], [3, 1], stride=[1, 1], padding=[1, 0], ceil=True,
      cip=False)
    a("avgpool3d-k2-stride-default", [1, 1, 4, 2, 4], [2, 2, 2])
    a("avgpool3d-k3x2x2-s2-p1x1x0", [1, 1, 5, 4, 3], [3, 2, 2], stride=[2, 2, 2], padding=[1, 1, 0])
    a("avgpool3d-k2-s2-p1-ceil-exclude-pad", [1, 1, 3, 4, 3], [2, 2, 2], stride=[2, 2, 2], padding=[1, 1, 1],
      ceil=True, cip=False)
    a("avgpool3d-k2-s2-ceil-include-pad", [1, 2, 3, 3, 2], [2, 2, 2], stride=[2, 2, 2], padding=[1, 0, 1],
      ceil=True)
    a("avgpool3d-divisor-override7", [1, 1, 3, 3, 3], [2, 2, 2], stride=[1, 1, 1], div=7)
    return V


def unpool_indices(name, d, n, c, pool_in, k, s, p):
    """Indices from MaxPool*d(return_indices=True) on random data, redrawn until distinct in each plane."""
    f = {1: F.max_pool1d, 2: F.max_pool2d, 3: F.max_pool3d}[d]
    for attempt in range(200):
        gen = gen_for("%s/pool/%d" % (name, attempt))
        src = uni(gen, [n, c] + list(pool_in))
        vals, idx = f(src, k, stride=s, padding=p, return_indices=True)
        flat = idx.reshape(n * c, -1)
        if all(len(set(row.tolist())) == row.numel() for row in flat):
            return vals, idx
    raise AssertionError("no distinct indices for " + name)


def max_unpool_valid():
    V = []

    def mu(name, d, n, c, pool_in, k, stride=None, padding=None, out_size=None):
        s = stride or k
        p = padding or [0] * d
        vals, idx = unpool_indices(name, d, n, c, pool_in, k, s, p)
        case = put({"name": name, "op": "max_unpool", "kernel_size": list(k)}, stride=stride, padding=padding,
                   output_size=out_size)
        case["indices"] = mf.tj(idx)
        case["input"] = mf.tj(vals)
        traps = {"stride-default"} if stride is None else set()
        default = [(vals.shape[2 + a] - 1) * s[a] - 2 * p[a] + k[a] for a in range(d)]
        if out_size is not None and list(out_size) != default:
            traps.add("output-size-explicit")
        V.append((name, case, traps))

    mu("maxunpool1d-k2-default", 1, 1, 2, [8], [2])
    mu("maxunpool1d-k3-s2-p1-batch2", 1, 2, 1, [9], [3], stride=[2], padding=[1])
    mu("maxunpool1d-k2-output-size-plus1", 1, 1, 1, [7], [2], out_size=[7])
    mu("maxunpool1d-k3-s3-output-size-plus2", 1, 2, 1, [8], [3], stride=[3], out_size=[8])
    mu("maxunpool2d-k2-default-batch2", 2, 2, 2, [4, 4], [2, 2])
    mu("maxunpool2d-k3x2-s2x2-p1x0", 2, 1, 1, [5, 6], [3, 2], stride=[2, 2], padding=[1, 0])
    mu("maxunpool2d-k2-output-size-5x5", 2, 1, 2, [5, 5], [2, 2], out_size=[5, 5])
    mu("maxunpool2d-k2-s2-output-size-plus1x0", 2, 1, 1, [3, 6], [2, 2], stride=[2, 2], out_size=[3, 6])
    mu("maxunpool2d-k3-s2-overlapping", 2, 1, 1, [7, 7], [3, 3], stride=[2, 2])
    mu("maxunpool3d-k2-default", 3, 1, 1, [4, 4, 2], [2, 2, 2])
    mu("maxunpool3d-k2-batch2-output-size", 3, 2, 1, [3, 4, 5], [2, 2, 2], out_size=[3, 4, 5])
    mu("maxunpool3d-k2x1x3-s2x1x2-p0x0x1", 3, 1, 2, [4, 2, 5], [2, 1, 3], stride=[2, 1, 2], padding=[0, 0, 1])
    return V


def conv_layer(name, op, cin, cout, k, stride=None, padding=None, dilation=None, output_padding=None, groups=1,
               padding_mode=None, bias=True):
    """A conv / conv_transpose layer object (weights drawn from its name)."""
    gen = gen_for(name)
    L = put({"op": op, "in_channels": cin, "out_channels": cout, "groups": groups, "kernel_size": list(k)},
            stride=stride, padding=padding, dilation=dilation, output_padding=output_padding,
            padding_mode=padding_mode)
    wshape = [cout, cin // groups] + list(k) if op == "conv" else [cin, cout // groups] + list(k)
    L["weight"] = mf.tj(uni(gen, wshape))
    if bias:
        L["bias"] = mf.tj(uni(gen, [cout]))
    return L


def seq(name, layers, shape):
    return {"name": name, "op": "sequential", "layers": layers, "input": x_of(name, shape)}


def sequential_valid():
    V = []

    def s(name, layers, shape):
        V.append((name, seq(name, layers, shape), ()))

    s("seq-upsample-nearest-then-conv3", [
        {"op": "upsample", "mode": "nearest", "scale_factor": [2.0, 2.0]},
        conv_layer("seq1/conv", "conv", 2, 1, [3, 3], padding=[1, 1])], [1, 2, 3, 3])
    s("seq-upsample-bilinear-then-conv-no-bias", [
        {"op": "upsample", "mode": "bilinear", "size": [5, 6], "align_corners": False},
        conv_layer("seq2/conv", "conv", 1, 2, [3, 2], stride=[2, 1], bias=False)], [1, 1, 3, 3])
    s("seq-conv-then-pixel-shuffle", [
        conv_layer("seq3/conv", "conv", 1, 4, [3, 3], padding=[1, 1]),
        {"op": "pixel_shuffle", "upscale_factor": 2}], [1, 1, 3, 4])
    s("seq-avg-pool-then-conv-transpose", [
        {"op": "avg_pool", "kernel_size": [2, 2]},
        conv_layer("seq4/convt", "conv_transpose", 2, 1, [3, 3], stride=[2, 2], padding=[1, 1],
                   output_padding=[1, 1])], [1, 2, 4, 4])
    s("seq-max-unpool-then-conv", [
        {"op": "max_unpool", "kernel_size": [2, 2],
         "indices": mf.tj(unpool_indices("seq5", 2, 1, 2, [4, 6], [2, 2], [2, 2], [0, 0])[1])},
        conv_layer("seq5/conv", "conv", 2, 2, [3, 3], padding=[1, 1], groups=2)], [1, 2, 2, 3])
    s("seq-conv1d-upsample-linear-conv1d", [
        conv_layer("seq6/conv-a", "conv", 1, 2, [3], padding=[1]),
        {"op": "upsample", "mode": "linear", "scale_factor": [1.5], "align_corners": True},
        conv_layer("seq6/conv-b", "conv", 2, 1, [2])], [2, 1, 5])
    s("seq-convt-then-avg-pool-then-pixel-unshuffle", [
        conv_layer("seq7/convt", "conv_transpose", 1, 2, [2, 2], stride=[2, 2]),
        {"op": "avg_pool", "kernel_size": [3, 3], "stride": [1, 1], "padding": [1, 1], "count_include_pad": False},
        {"op": "pixel_unshuffle", "downscale_factor": 2}], [1, 1, 2, 3])
    s("seq-pixel-unshuffle-conv-pixel-shuffle", [
        {"op": "pixel_unshuffle", "downscale_factor": 2},
        conv_layer("seq8/conv", "conv", 4, 4, [1, 1]),
        {"op": "pixel_shuffle", "upscale_factor": 2}], [1, 1, 4, 4])
    s("seq-conv3d-then-upsample-trilinear", [
        conv_layer("seq9/conv", "conv", 1, 1, [2, 2, 2], padding=[1, 0, 0]),
        {"op": "upsample", "mode": "trilinear", "scale_factor": [1.0, 2.0, 1.5]}], [1, 1, 2, 3, 2])
    s("seq-upsample-bicubic-conv-reflect", [
        {"op": "upsample", "mode": "bicubic", "scale_factor": [1.5, 2.0], "align_corners": True},
        conv_layer("seq10/conv", "conv", 1, 1, [3, 3], padding=[1, 1], padding_mode="reflect")], [1, 1, 3, 2])
    s("seq-single-layer-pixel-shuffle", [{"op": "pixel_shuffle", "upscale_factor": 2}], [1, 4, 2, 2])
    s("seq-conv-convt-two-biases", [
        conv_layer("seq12/conv", "conv", 1, 2, [3], stride=[2]),
        conv_layer("seq12/convt", "conv_transpose", 2, 1, [3], stride=[2])], [1, 1, 7])
    return V


CONV_GRAD_SOURCES = ["conv1d-channels-stride2-pad1-batch2", "conv1d-groups2-dilation2", "conv1d-pad-pair-asymmetric",
                     "conv1d-reflect", "conv1d-circular", "conv2d-format-example", "conv2d-same-kernel4x3",
                     "conv2d-reflect", "conv2d-circular", "conv3d-stride-pad-dilation", "convt2d-seed-stride1x2",
                     "convt1d-output-padding-ge-stride-below-dilation", "convt2d-depthwise-multiplier2",
                     "convt2d-asymmetric-stride-dilation-op", "convt3d-stride2-output-padding1"]


def conv_grad_valid():
    """grad_output / expected_grad_input versions of committed conv cases (forward asserted unchanged)."""
    V = []
    for stem in CONV_GRAD_SOURCES:
        files = [f for f in sorted(os.listdir(OLD_VALID)) if f[3:] == "-" + stem + ".json"]
        assert len(files) == 1, (stem, files)
        with open(os.path.join(OLD_VALID, files[0]), encoding="utf-8") as f:
            old = json.load(f)
        name = "grad-" + stem
        case = dict(old)
        case["name"] = name
        with torch.no_grad():
            y = apply(case, mf.from_tj(case["input"]))
        assert close(y, mf.from_tj(old["expected"])), stem
        case.pop("expected")
        V.append((name, case, set()))
    return V


CONV_KEYS = {"in_channels", "out_channels", "groups", "kernel_size", "stride", "padding", "dilation",
             "output_padding", "padding_mode", "weight", "bias"}
OP_KEYS = {"conv": CONV_KEYS, "conv_transpose": CONV_KEYS,
           "upsample": {"mode", "size", "scale_factor", "align_corners", "recompute_scale_factor"},
           "pixel_shuffle": {"upscale_factor"}, "pixel_unshuffle": {"downscale_factor"},
           "avg_pool": {"kernel_size", "stride", "padding", "ceil_mode", "count_include_pad", "divisor_override"},
           "max_unpool": {"kernel_size", "stride", "padding", "indices", "output_size"},
           "sequential": {"layers"}}
TOP_KEYS = {"name", "op", "input", "expected", "grad_output", "expected_grad_input"}


def check_keys(obj, top):
    """Every key of a valid case is one the format defines for its op (or name, or _notes)."""
    allowed = OP_KEYS[obj["op"]] | ({"name", "op"} | (TOP_KEYS if top else set()))
    bad = [k for k in obj if k not in allowed and not k.startswith("_")]
    assert not bad, (obj.get("name"), bad)
    if obj["op"] == "upsample" and obj["mode"] in ("nearest", "nearest-exact"):
        assert "align_corners" not in obj, obj
    for layer in obj.get("layers", []):
        check_keys(layer, False)


def valid_cases():
    out = []
    for name, case, traps in (upsample_valid() + pixel_valid() + avg_pool_valid() + max_unpool_valid()
                              + sequential_valid() + conv_grad_valid()):
        case, entry = finish(name, case, traps)
        check_keys(case, True)
        out.append((name, case, entry))
    return out



# --------------------------------------------------------------------------- invalid cases

NOT_PASSED = {"name", "op", "input", "expected", "grad_output", "expected_grad_input"}
MODULES = {"upsample": lambda d: torch.nn.Upsample, "pixel_shuffle": lambda d: torch.nn.PixelShuffle,
           "pixel_unshuffle": lambda d: torch.nn.PixelUnshuffle,
           "avg_pool": lambda d: {1: torch.nn.AvgPool1d, 2: torch.nn.AvgPool2d, 3: torch.nn.AvgPool3d}[d],
           "max_unpool": lambda d: {1: torch.nn.MaxUnpool1d, 2: torch.nn.MaxUnpool2d, 3: torch.nn.MaxUnpool3d}[d]}


def module_check(case):
    """Build the torch.nn module from every field of the case (unknown ones included) and run it."""
    x = mf.from_tj(case["input"])
    kw = {k: tuple(v) if isinstance(v, list) else v for k, v in case.items()
          if k not in NOT_PASSED and not k.startswith("_")}  # nn.Upsample wants tuples, not lists
    fwd = {}
    if case["op"] == "max_unpool":
        for k in ("indices", "output_size"):
            if k in kw:
                fwd[k] = kw.pop(k)
        if "indices" in fwd:
            fwd["indices"] = _indices(fwd["indices"])
        if fwd.get("output_size") is not None:
            fwd["output_size"] = list(fwd["output_size"])
    k = case.get("kernel_size")
    d = len(k) if isinstance(k, list) else x.dim() - 2
    m = MODULES[case["op"]](d)(**kw)
    return m(x, **fwd)


DROP = mf.DROP
patch = mf.patch


def patch_layer(base, name, i, **fields):
    c = patch(base, name)
    c["layers"][i] = patch(c["layers"][i], None, **fields)
    c["layers"][i].pop("name")
    return c


def invalid_cases():
    """(name, case, field, why, torch check or None, must torch reject? or None)."""
    I = []

    def inv(name, case, field, why, check=module_check, must=None):
        I.append((name, case, field, why, check, must))

    # ---- upsample
    u1 = upsample_case("base-up1", [1, 2, 5], "nearest", scale=[2])
    u2 = upsample_case("base-up2", [1, 1, 3, 4], "bilinear", size=[5, 6], align=False)
    inv("upsample-unknown-key-scale-factr", patch(u1, "typo scale_factr beside scale_factor", scale_factr=[2.0]),
        "scale_factr", "unknown key scale_factr", must=True)
    inv("upsample-unknown-key-alignCorners", patch(u2, "unknown key alignCorners", alignCorners=True),
        "alignCorners", "unknown key alignCorners", must=True)
    inv("upsample-align-corners-true-with-nearest", patch(u1, "align_corners true, mode nearest",
                                                         align_corners=True),
        "align_corners", "align_corners is for linear, bilinear, bicubic, trilinear only", must=True)
    inv("upsample-align-corners-false-with-nearest-exact",
        patch(u1, "align_corners false, mode nearest-exact", mode="nearest-exact", align_corners=False),
        "align_corners", "align_corners (even false) is refused with nearest modes, as PyTorch does", must=True)
    inv("upsample-kernel-size", patch(u1, "kernel_size on an upsample", kernel_size=[3]), "kernel_size",
        "kernel_size is not a field of upsample", must=True)
    inv("upsample-in-channels", patch(u1, "in_channels on an upsample", in_channels=2), "in_channels",
        "in_channels is not a field of upsample (channels are the input's)", must=True)
    inv("upsample-weight", patch(u1, "weight on an upsample", weight=mf.tj(torch.ones(1))), "weight",
        "weight is not a field of upsample", must=True)
    inv("upsample-size-and-scale-factor", patch(u2, "both size and scale_factor", scale_factor=[2.0, 2.0]),
        "size", "exactly one of size and scale_factor (the error names both)", must=True)
    inv("upsample-neither-size-nor-scale-factor", patch(u2, "neither size nor scale_factor", size=DROP),
        "size", "exactly one of size and scale_factor (the error names both)", must=True)
    inv("upsample-bilinear-on-1d", patch(u1, "bilinear on a 1-d input", mode="bilinear"), "mode",
        "bilinear needs 2 spatial dims, input has 1", must=True)
    inv("upsample-linear-on-2d", patch(u2, "linear on a 2-d input", mode="linear"), "mode",
        "linear needs 1 spatial dim, input has 2", must=True)
    inv("upsample-trilinear-on-2d", patch(u2, "trilinear on a 2-d input", mode="trilinear"), "mode",
        "trilinear needs 3 spatial dims, input has 2", must=True)
    inv("upsample-bicubic-on-3d", patch(upsample_case("base-up3", [1, 1, 2, 2, 2], "bicubic", scale=[2, 2, 2]),
                                        "bicubic on a 3-d input"), "mode",
        "bicubic needs 2 spatial dims, input has 3", must=True)
    inv("upsample-bicubic-on-1d", patch(u1, "bicubic on a 1-d input", mode="bicubic"), "mode",
        "bicubic needs 2 spatial dims, input has 1", must=True)
    inv("upsample-mode-unknown", patch(u2, "mode bilinearr", mode="bilinearr"), "mode",
        "mode must be nearest, nearest-exact, linear, bilinear, bicubic or trilinear", must=True)
    inv("upsample-mode-area", patch(u1, "mode area (PyTorch has it, the format does not)", mode="area"), "mode",
        "mode area is not in the format (it is adaptive average pooling)", must=False)
    inv("upsample-mode-missing", patch(u1, "mode missing", mode=DROP), "mode",
        "mode is required (nn.Upsample would default to nearest)", must=False)
    inv("upsample-scale-factor-zero", patch(u1, "scale_factor 0", scale_factor=[0.0]), "scale_factor",
        "scale_factor[0] must be > 0 but was 0", must=True)
    inv("upsample-scale-factor-negative", patch(u2, "scale_factor -2", size=DROP, scale_factor=[2.0, -2.0]),
        "scale_factor", "scale_factor[1] must be > 0 but was -2", must=True)
    inv("upsample-scale-factor-output-size-0", patch(u1, "scale_factor 0.1 on size 5: output size 0",
                                                     scale_factor=[0.1]),
        "scale_factor", "floor(5 * 0.1) = 0: the output size must be >= 1", must=True)
    inv("upsample-size-zero", patch(u2, "size 0", size=[5, 0]), "size", "size[1] must be >= 1 but was 0",
        must=True)
    inv("upsample-size-wrong-length", patch(u2, "size of length 1 for a 2-d input", size=[5]), "size",
        "size needs one entry per spatial dim (2)", must=True)
    inv("upsample-scale-factor-wrong-length", patch(u1, "scale_factor of length 2 for a 1-d input",
                                                    scale_factor=[2.0, 2.0]),
        "scale_factor", "scale_factor needs one entry per spatial dim (1)", must=True)
    inv("upsample-recompute-with-size", patch(u2, "recompute_scale_factor true with size",
                                              recompute_scale_factor=True),
        "recompute_scale_factor", "recompute_scale_factor is only meaningful with scale_factor", must=True)
    inv("upsample-recompute-not-boolean", patch(u1, "recompute_scale_factor \"yes\"", recompute_scale_factor="yes"),
        "recompute_scale_factor", "recompute_scale_factor must be a boolean", must=False)
    inv("upsample-align-corners-not-boolean", patch(u2, "align_corners 1", align_corners=1), "align_corners",
        "align_corners must be a boolean", must=True)
    inv("upsample-input-rank-2", patch(u1, "input of rank 2", input=x_of("r2", [2, 5])), "input",
        "input must be [N, C, *spatial] with 1 to 3 spatial dims", must=True)
    inv("upsample-input-data-length", patch(u1, "input data has 9 numbers for shape [1, 2, 5]",
                                            input={"shape": [1, 2, 5], "data": u1["input"]["data"][:9]}),
        "input", "input.data has 9 elements, shape needs 10", None)
    good, _ = finish("base-up2-finished", json.loads(json.dumps(u2)))
    ge, gg, gi = good["expected"], good["grad_output"], good["expected_grad_input"]
    assert ge["shape"] == [1, 1, 5, 6] and gi["shape"] == [1, 1, 3, 4]
    for k in ("_adjoint_of_forward",):
        good.pop(k, None)
    inv("upsample-expected-wrong-shape", patch(good, "expected [1,1,5,5] instead of [1,1,5,6]",
                                               expected={"shape": [1, 1, 5, 5], "data": ge["data"][:25]}),
        "expected", "expected.shape must be [1, 1, 5, 6]", must=False)
    inv("upsample-grad-output-wrong-shape", patch(good, "grad_output [1,1,6,5] instead of [1,1,5,6]",
                                                  grad_output={"shape": [1, 1, 6, 5], "data": gg["data"]}),
        "grad_output", "grad_output.shape must be the output's, [1, 1, 5, 6]", must=False)
    inv("upsample-expected-grad-input-wrong-shape",
        patch(good, "expected_grad_input [1,1,4,3] instead of [1,1,3,4]",
              expected_grad_input={"shape": [1, 1, 4, 3], "data": gi["data"]}),
        "expected_grad_input", "expected_grad_input.shape must be the input's, [1, 1, 3, 4]", must=False)
    inv("upsample-grad-output-data-length", patch(good, "grad_output data one short",
                                                  grad_output={"shape": gg["shape"], "data": gg["data"][:-1]}),
        "grad_output", "grad_output.data has 29 elements, shape needs 30", None)

    # ---- pixel_shuffle / pixel_unshuffle
    ps = {"name": "base-ps", "op": "pixel_shuffle", "upscale_factor": 2, "input": x_of("base-ps", [1, 4, 2, 3])}
    pu = {"name": "base-pu", "op": "pixel_unshuffle", "downscale_factor": 2, "input": x_of("base-pu", [1, 1, 4, 6])}
    inv("pixel-shuffle-upscale-factor-zero", patch(ps, "upscale_factor 0", upscale_factor=0), "upscale_factor",
        "upscale_factor must be >= 1 but was 0", must=True)
    inv("pixel-shuffle-upscale-factor-negative", patch(ps, "upscale_factor -2", upscale_factor=-2),
        "upscale_factor", "upscale_factor must be >= 1 but was -2", must=True)
    inv("pixel-shuffle-upscale-factor-non-integer", patch(ps, "upscale_factor 1.5", upscale_factor=1.5),
        "upscale_factor", "upscale_factor must be an integer", must=True)
    inv("pixel-shuffle-upscale-factor-missing", patch(ps, "upscale_factor missing", upscale_factor=DROP),
        "upscale_factor", "upscale_factor is required", must=True)
    inv("pixel-shuffle-channels-not-divisible", patch(ps, "6 channels, r = 2", input=x_of("c6", [1, 6, 2, 3])),
        "input", "input.shape[1] = 6 must be divisible by upscale_factor^2 = 4", must=True)
    inv("pixel-shuffle-downscale-factor-key", patch(ps, "downscale_factor on pixel_shuffle", downscale_factor=2),
        "downscale_factor", "downscale_factor is not a field of pixel_shuffle", must=True)
    inv("pixel-shuffle-input-rank-3", patch(ps, "unbatched [4, 2, 3] input", input=x_of("u3", [4, 2, 3])),
        "input", "input must be [N, C, H, W] (PyTorch reads rank 3 as unbatched)", must=False)
    inv("pixel-shuffle-input-rank-5", patch(ps, "[1, 1, 4, 2, 3] input", input=x_of("u5", [1, 1, 4, 2, 3])),
        "input", "input must be [N, C, H, W] (PyTorch reads extra leading dims as batch)", must=False)
    inv("pixel-unshuffle-downscale-factor-zero", patch(pu, "downscale_factor 0", downscale_factor=0),
        "downscale_factor", "downscale_factor must be >= 1 but was 0", must=True)
    inv("pixel-unshuffle-height-not-divisible", patch(pu, "height 5, r = 2", input=x_of("h5", [1, 1, 5, 6])),
        "input", "input.shape[2] = 5 must be divisible by downscale_factor = 2", must=True)
    inv("pixel-unshuffle-width-not-divisible", patch(pu, "width 6, r = 4", downscale_factor=4,
                                                      input=x_of("w6", [1, 1, 8, 6])),
        "input", "input.shape[3] = 6 must be divisible by downscale_factor = 4", must=True)
    inv("pixel-unshuffle-upscale-factor-key", patch(pu, "upscale_factor on pixel_unshuffle", upscale_factor=2),
        "upscale_factor", "upscale_factor is not a field of pixel_unshuffle", must=True)

    # ---- avg_pool
    a2 = {"name": "base-ap2", "op": "avg_pool", "kernel_size": [3, 3], "stride": [2, 2], "padding": [1, 1],
          "input": x_of("base-ap2", [1, 1, 5, 5])}
    a1 = {"name": "base-ap1", "op": "avg_pool", "kernel_size": [3], "stride": [2], "padding": [1],
          "input": x_of("base-ap1", [1, 1, 6])}
    inv("avg-pool-padding-over-half-kernel", patch(a2, "padding 2 with kernel 3", padding=[1, 2]), "padding",
        "padding[1] must be <= kernel_size[1] / 2 = 1 but was 2", must=True)
    inv("avg-pool-padding-over-half-kernel-1d", patch(a1, "padding 2 with kernel 3", padding=[2]), "padding",
        "padding[0] must be <= kernel_size[0] / 2 = 1 but was 2", must=True)
    inv("avg-pool-padding-negative", patch(a2, "padding -1", padding=[-1, 0]), "padding",
        "padding[0] must be >= 0 but was -1", must=True)
    inv("avg-pool-stride-zero", patch(a2, "stride 0", stride=[2, 0]), "stride", "stride[1] must be >= 1 but was 0",
        must=True)
    inv("avg-pool-stride-wrong-length", patch(a2, "stride of length 3", stride=[2, 2, 2]), "stride",
        "stride needs 2 entries", must=True)
    inv("avg-pool-kernel-size-zero", patch(a1, "kernel_size 0", kernel_size=[0], padding=[0]), "kernel_size",
        "kernel_size[0] must be >= 1 but was 0", must=True)
    inv("avg-pool-kernel-larger-than-padded-input", patch(a1, "kernel 9 on 6 + 2*1", kernel_size=[9], padding=[1]),
        "kernel_size", "kernel_size[0] = 9 > padded input 8", must=True)
    inv("avg-pool-kernel-size-missing", patch(a2, "kernel_size missing", kernel_size=DROP), "kernel_size",
        "kernel_size is required", must=True)
    inv("avg-pool-divisor-override-zero", patch(a2, "divisor_override 0", divisor_override=0), "divisor_override",
        "divisor_override must be >= 1 but was 0", must=True)
    inv("avg-pool-divisor-override-1d", patch(a1, "divisor_override on a 1-d pool", divisor_override=2),
        "divisor_override", "divisor_override is for 2 and 3 spatial dims only (AvgPool1d has none)", must=True)
    inv("avg-pool-dilation-key", patch(a2, "dilation on avg_pool", dilation=[1, 1]), "dilation",
        "dilation is not a field of avg_pool", must=True)
    inv("avg-pool-padding-mode-key", patch(a2, "padding_mode on avg_pool", padding_mode="zeros"), "padding_mode",
        "padding_mode is not a field of avg_pool", must=True)
    inv("avg-pool-unknown-key", patch(a2, "count_include_padding (typo)", count_include_padding=False),
        "count_include_padding", "unknown key count_include_padding", must=True)
    inv("avg-pool-padding-same", patch(a2, "padding \"same\"", padding="same"), "padding",
        "avg_pool padding must be integers", must=True)
    inv("avg-pool-ceil-mode-not-boolean", patch(a2, "ceil_mode \"yes\"", ceil_mode="yes"), "ceil_mode",
        "ceil_mode must be a boolean", must=None)
    inv("avg-pool-input-rank-mismatch", patch(a2, "kernel_size of 2 dims, input [1, 5, 5]",
                                              input=x_of("r3", [1, 5, 5])),
        "input", "input must be [N, C, H, W] for a 2-d kernel (PyTorch reads rank 3 as unbatched)", must=False)

    # ---- max_unpool
    vals, idx = unpool_indices("base-mu2", 2, 1, 2, [4, 4], [2, 2], [2, 2], [0, 0])
    m2 = {"name": "base-mu2", "op": "max_unpool", "kernel_size": [2, 2], "indices": mf.tj(idx),
          "input": mf.tj(vals)}
    vals1, idx1 = unpool_indices("base-mu1", 1, 1, 1, [6], [2], [2], [0])
    m1 = {"name": "base-mu1", "op": "max_unpool", "kernel_size": [2], "indices": mf.tj(idx1), "input": mf.tj(vals1)}

    def idx_with(case, pos, value):
        t = json.loads(json.dumps(case["indices"]))
        t["data"][pos] = value
        return t

    inv("max-unpool-index-out-of-range", patch(m2, "index 16 in a 4x4 plane", indices=idx_with(m2, 3, 16)),
        "indices", "indices[3] = 16 must be in [0, 16)", must=True)
    inv("max-unpool-index-negative", patch(m2, "index -1", indices=idx_with(m2, 0, -1)), "indices",
        "indices[0] = -1 must be in [0, 16)", must=True)
    rep = json.loads(json.dumps(m2["indices"]))
    rep["data"][1] = rep["data"][0]
    inv("max-unpool-index-repeated-in-plane", patch(m2, "two equal indices in channel 0", indices=rep), "indices",
        "indices must be distinct within a plane (PyTorch's result is unspecified)", must=False)
    inv("max-unpool-indices-wrong-shape", patch(m2, "indices [1, 2, 2, 1] for input [1, 2, 2, 2]",
                                                indices={"shape": [1, 2, 2, 1], "data": idx.flatten().tolist()[:4]}),
        "indices", "indices.shape must equal input.shape [1, 2, 2, 2]", must=True)
    nonint = json.loads(json.dumps(m2["indices"]))
    nonint["data"][2] = nonint["data"][2] + 0.5
    inv("max-unpool-indices-non-integer", patch(m2, "an index of x.5", indices=nonint), "indices",
        "indices must be integers", must=True)
    inv("max-unpool-indices-missing", patch(m2, "indices missing", indices=DROP), "indices", "indices is required",
        must=True)
    inv("max-unpool-index-beyond-explicit-output-size",
        patch(m1, "index 5 with output_size [5]", indices=idx_with(m1, 2, 5), output_size=[5]),
        "indices", "indices[2] = 5 must be in [0, 5) for output_size [5]", must=True)
    inv("max-unpool-output-size-at-default-plus-stride", patch(m1, "output_size 8 = default 6 + stride 2",
                                                              output_size=[8]),
        "output_size", "output_size[0] must be in (default - stride, default + stride) = (4, 8) but was 8",
        must=True)
    inv("max-unpool-output-size-at-default-minus-stride", patch(m1, "output_size 4 = default 6 - stride 2",
                                                               output_size=[4]),
        "output_size", "output_size[0] must be in (4, 8) but was 4", must=True)
    inv("max-unpool-output-size-wrong-length", patch(m2, "output_size of length 3", output_size=[4, 4, 4]),
        "output_size", "output_size needs 2 entries", must=True)
    inv("max-unpool-kernel-size-zero", patch(m1, "kernel_size 0", kernel_size=[0]), "kernel_size",
        "kernel_size[0] must be >= 1 but was 0", must=None)
    inv("max-unpool-stride-zero", patch(m2, "stride 0", stride=[0, 2]), "stride", "stride[0] must be >= 1 but was 0",
        must=None)
    inv("max-unpool-ceil-mode-key", patch(m2, "ceil_mode on max_unpool", ceil_mode=True), "ceil_mode",
        "ceil_mode is not a field of max_unpool", must=True)
    inv("max-unpool-unknown-key", patch(m2, "output_shape (typo of output_size)", output_shape=[4, 4]),
        "output_shape", "unknown key output_shape", must=True)

    # ---- sequential
    base_seq = seq("base-seq", [
        {"op": "upsample", "mode": "nearest", "scale_factor": [2.0, 2.0]},
        conv_layer("base-seq/conv", "conv", 2, 4, [3, 3], padding=[1, 1]),
        {"op": "pixel_shuffle", "upscale_factor": 2}], [1, 2, 3, 3])
    run = run_case
    inv("seq-conv-in-channels-mismatch", patch_layer(base_seq, "layers[1] takes 3 channels, gets 2", 1,
                                                     in_channels=3,
                                                     weight=mf.tj(uni(gen_for("w3"), [4, 3, 3, 3]))),
        "layers[1]", "layers[1].in_channels = 3 but layers[0] gives 2 channels", run, must=True)
    inv("seq-pixel-shuffle-channels-not-divisible", patch_layer(base_seq, "layers[2] gets 4 channels, r = 3", 2,
                                                                upscale_factor=3),
        "layers[2]", "layers[2]: 4 channels are not divisible by 3^2", run, must=True)
    inv("seq-bilinear-after-1d-conv", seq("bilinear after a 1-d conv", [
        conv_layer("s1/conv", "conv", 1, 1, [3]),
        {"op": "upsample", "mode": "bilinear", "scale_factor": [2.0, 2.0]}], [1, 1, 6]),
        "layers[1]", "layers[1]: bilinear needs 2 spatial dims, layers[0] gives 1", run, must=True)
    inv("seq-avg-pool-kernel-too-large", seq("avg_pool kernel 4 on the 2 the conv leaves", [
        conv_layer("s2/conv", "conv", 1, 1, [3]),
        {"op": "avg_pool", "kernel_size": [4]}], [1, 1, 4]),
        "layers[1]", "layers[1]: kernel_size 4 > input 2 from layers[0]", run, must=True)
    inv("seq-max-unpool-indices-shape", seq("indices for [1, 1, 2, 2], layers[0] gives [1, 2, 2, 2]", [
        conv_layer("s3/conv", "conv", 1, 2, [3, 3]),
        {"op": "max_unpool", "kernel_size": [2, 2],
         "indices": mf.tj(unpool_indices("s3", 2, 1, 1, [4, 4], [2, 2], [2, 2], [0, 0])[1])}], [1, 1, 4, 4]),
        "layers[1]", "layers[1]: indices.shape [1, 1, 2, 2] != its input's [1, 2, 2, 2]", run, must=True)
    inv("seq-convt-padding-mode-reflect", seq("conv_transpose with padding_mode reflect in layers[1]", [
        {"op": "upsample", "mode": "nearest", "scale_factor": [2.0]},
        conv_layer("s4/convt", "conv_transpose", 1, 1, [3], padding_mode="reflect")], [1, 1, 3]),
        "layers[1]", "layers[1].padding_mode reflect: conv_transpose takes zeros only", run, must=True)
    inv("seq-layer-stride-zero", patch_layer(base_seq, "layers[1].stride 0", 1, stride=[0, 1]), "layers[1]",
        "layers[1].stride[0] must be >= 1 but was 0", run, must=True)
    inv("seq-layer-with-input", patch_layer(base_seq, "layers[0] carries an input", 0,
                                            input=x_of("li", [1, 2, 3, 3])),
        "layers[0]", "a layer has no input (only the top level does)", None)
    inv("seq-layer-unknown-key", patch_layer(base_seq, "layers[1] has strides (typo)", 1, strides=[1, 1]),
        "layers[1]", "layers[1]: unknown key strides", None)
    inv("seq-layer-missing-op", patch_layer(base_seq, "layers[2] without op", 2, op=DROP), "layers[2]",
        "layers[2].op is missing", None)
    inv("seq-layer-align-corners-with-nearest", patch_layer(base_seq, "layers[0] nearest with align_corners", 0,
                                                            align_corners=True),
        "layers[0]", "layers[0].align_corners with mode nearest", run, must=True)
    inv("seq-layers-missing", patch(base_seq, "layers missing", layers=DROP), "layers", "layers is required", None)
    inv("seq-layers-not-a-list", patch(base_seq, "layers is an object", layers=base_seq["layers"][0]), "layers",
        "layers must be a list of layer objects", None)
    inv("seq-top-level-kernel-size", patch(base_seq, "kernel_size on a sequential", kernel_size=[3, 3]),
        "kernel_size", "kernel_size is not a field of sequential", None)
    gseq, _ = finish("base-seq-finished", json.loads(json.dumps(base_seq)))
    sg = gseq["grad_output"]
    inv("seq-grad-output-wrong-shape", patch(gseq, "grad_output of the input's shape",
                                             grad_output={"shape": [1, 2, 3, 3], "data": sg["data"][:18]}),
        "grad_output", "grad_output.shape must be the output's, %s" % sg["shape"], run, must=False)

    # ---- conv / conv_transpose adjoint fields and wrong keys
    cbase = dict(conv_layer("base-conv", "conv", 2, 2, [3], padding=[1]))
    cbase["name"] = "base-conv"
    cbase["input"] = x_of("base-conv", [1, 2, 5])
    gconv, _ = finish("base-conv-finished", cbase)
    cg, cgi = gconv["grad_output"], gconv["expected_grad_input"]
    inv("conv-grad-output-wrong-shape", patch(gconv, "grad_output [1, 2, 4]",
                                              grad_output={"shape": [1, 2, 4], "data": cg["data"][:8]}),
        "grad_output", "grad_output.shape must be [1, 2, 5]", run, must=False)
    inv("conv-expected-grad-input-wrong-shape", patch(gconv, "expected_grad_input [1, 1, 10]",
                                                      expected_grad_input={"shape": [1, 1, 10], "data": cgi["data"]}),
        "expected_grad_input", "expected_grad_input.shape must be the input's, [1, 2, 5]", run, must=False)
    tb = conv_layer("base-convt", "conv_transpose", 1, 1, [3], stride=[2])
    tb["name"] = "base-convt"
    tb["input"] = x_of("base-convt", [1, 1, 4])
    inv("convt-padding-mode-reflect", patch(tb, "conv_transpose with padding_mode reflect",
                                            padding_mode="reflect"),
        "padding_mode", "conv_transpose takes padding_mode zeros only", run, must=True)
    inv("conv-mode-key", patch(cbase, "mode on a conv", mode="nearest"), "mode", "mode is not a field of conv",
        None)
    return I


# --------------------------------------------------------------------------- main

def cpu_capability():
    for line in torch.__config__.show().splitlines():
        if "CPU capability usage:" in line:
            return line.split(":", 1)[1].strip()
    return "unknown"


def main():
    print("torch", torch.__version__, "numpy", np.__version__, "CPU capability", cpu_capability())
    assert cpu_capability() == "AVX2", "the fixtures are made with PyTorch's AVX2 kernels"
    mf.clean(VALID_DIR, (".json",))
    manifest = {}
    sizes = []
    for i, (name, case, entry) in enumerate(valid_cases(), 1):
        fname = "%03d-%s.json" % (i, name)
        mf.write(os.path.join(VALID_DIR, fname), dumps_case(case))
        manifest[fname] = entry
        sizes.append(int(np.prod(case["input"]["shape"])))
        print("  %-58s %s" % (fname, ",".join(entry["traps"])))
    side = {"_about": "facts per valid case for the Java tests; traps are explained in _traps. "
                      "trap = the case meets one of the traps that decide an index or a weight.",
            "_traps": TRAPS,
            "_generated_with": {"torch": torch.__version__, "cpu_capability": cpu_capability(), "dtype": "float64"}}
    side.update(manifest)
    mf.write(os.path.join(VALID_DIR, "_manifest.json"), json.dumps(side, indent=1, allow_nan=False) + "\n")
    print("valid cases:", len(manifest), "largest input:", max(sizes), "elements")

    mf.clean(INVALID_DIR, (".json",))
    inv_manifest = {}
    for i, (name, case, field, why, check, must) in enumerate(invalid_cases(), 1):
        fname = "%03d-%s.json" % (i, name)
        rejects, msg = mf.torch_verdict(fname, case, check, must,
                                        (RuntimeError, ValueError, TypeError, NotImplementedError))
        mf.write(os.path.join(INVALID_DIR, fname), dumps_case(case))
        inv_manifest[fname] = {"field": field, "why": why, "torch_rejects": rejects}
        print("  %-52s field=%-22s torch_rejects=%-5s %s" % (fname, field, rejects, msg))
    mf.write(os.path.join(INVALID_DIR, "manifest.json"), json.dumps(inv_manifest, indent=2, allow_nan=False) + "\n")
    print("invalid cases:", len(inv_manifest))
    return 0


if __name__ == "__main__":
    sys.exit(main())
