#!/usr/bin/python3
"""Regenerate ConvMatrix's PyTorch test fixtures.

Run from the repository root with Debian's interpreter (not a pyenv/venv one):

    /usr/bin/python3 src/test/python/make_fixtures.py

It needs Debian's ``python3-torch`` and ``python3-scipy``
(``apt-get install -y python3-torch python3-scipy``).

It rewrites, deterministically (fixed seeds, torch.float64 everywhere; two runs
give byte-identical files):

* ``src/test/resources/cases/valid/NNN-*.json``   valid cases with PyTorch's ``expected``
* ``src/test/resources/cases/invalid/NNN-*.json`` cases with exactly one defect, plus
  ``src/test/resources/cases/invalid/manifest.json`` naming the field each error must name
  and whether PyTorch itself rejects the same layer (``torch_rejects``)
* ``src/test/resources/mtx/NN-*.mtx`` + ``NN-*.json`` probed lowering matrices W
  (Matrix Market, via scipy.io.mmwrite) and the layer they come from

The case format is /work/shared/case-format.md (shared/case-format.md beside the repo).
Semantics used for forms PyTorch has no native spelling of:

* ``padding`` as ``[before, after]`` pairs: ``F.pad`` (constant 0 for "zeros", else the
  case's padding_mode) and then the convolution with padding 0.
* ``"same"`` / ``"valid"``: PyTorch's own string padding (nn.ConvNd(padding='same',
  padding_mode=...)); when d*(k-1) is odd the extra element goes after.
* an integer padding with a non-zero padding_mode: nn.ConvNd(..., padding_mode=mode).

The script prints what it made and the error PyTorch gives for each invalid case.
"""

import json
import os
import sys
import warnings
import zlib

import numpy as np
import scipy
import scipy.io
import scipy.sparse
import torch
import torch.nn as nn
import torch.nn.functional as F

warnings.filterwarnings("ignore")  # "same" with even kernels, zero-element tensors
torch.set_default_dtype(torch.float64)
DT = torch.float64

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
RES = os.path.join(ROOT, "src", "test", "resources")
VALID_DIR = os.path.join(RES, "cases", "valid")
INVALID_DIR = os.path.join(RES, "cases", "invalid")
MTX_DIR = os.path.join(RES, "mtx")

CONV = {1: nn.Conv1d, 2: nn.Conv2d, 3: nn.Conv3d}
CONVT = {1: nn.ConvTranspose1d, 2: nn.ConvTranspose2d, 3: nn.ConvTranspose3d}
FCONV = {1: F.conv1d, 2: F.conv2d, 3: F.conv3d}
FCONVT = {1: F.conv_transpose1d, 2: F.conv_transpose2d, 3: F.conv_transpose3d}

FIELD_ORDER = ["name", "op", "in_channels", "out_channels", "groups", "kernel_size", "stride",
               "padding", "dilation", "output_padding", "padding_mode", "weight", "bias", "input",
               "expected"]


# --------------------------------------------------------------------------- tensors / JSON

def tj(t):
    """A tensor in the case format."""
    return {"shape": list(t.shape), "data": t.flatten().tolist()}


def from_tj(obj):
    return torch.tensor(obj["data"], dtype=DT).reshape(obj["shape"])


def dumps_case(case):
    """One top-level field per line; stable key order; no NaN/Infinity."""
    keys = [k for k in FIELD_ORDER if k in case] + sorted(k for k in case if k not in FIELD_ORDER)
    lines = ["  %s: %s" % (json.dumps(k), json.dumps(case[k], allow_nan=False)) for k in keys]
    return "{\n" + ",\n".join(lines) + "\n}\n"


def write(path, text):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def clean(directory, exts):
    os.makedirs(directory, exist_ok=True)
    for f in sorted(os.listdir(directory)):
        if f.endswith(exts):
            os.remove(os.path.join(directory, f))


def rand(gen, shape, ints=False):
    if ints:
        return torch.randint(-3, 4, tuple(shape), generator=gen).to(DT)
    t = torch.randn(tuple(shape), generator=gen, dtype=DT)
    return torch.round(t * 1e4) / 1e4  # short decimals, still arbitrary doubles


# --------------------------------------------------------------------------- the oracle

def _padding_pairs(pad, d, k, dil):
    """Resolve the case's padding to [before, after] per axis (for the cross-check)."""
    if pad is None:
        return [[0, 0]] * d
    if pad == "valid":
        return [[0, 0]] * d
    if pad == "same":
        out = []
        for a in range(d):
            total = dil[a] * (k[a] - 1)
            out.append([total // 2, total - total // 2])
        return out
    if all(isinstance(p, list) for p in pad):
        return [list(p) for p in pad]
    return [[p, p] for p in pad]


def _flat_pad(pairs):
    """F.pad wants the last axis first."""
    flat = []
    for before, after in reversed(pairs):
        flat += [before, after]
    return flat


def torch_apply(case, x=None, with_bias=True):
    """Run the layer a case describes with PyTorch, passing every field on unchecked.

    Anything invalid is left for torch to reject (it raises)."""
    op = case["op"]
    k = case["kernel_size"]
    d = len(k)
    w = from_tj(case["weight"])
    b = from_tj(case["bias"]) if with_bias and case.get("bias") is not None else None
    x = from_tj(case["input"]) if x is None else x
    stride = case.get("stride", [1] * d)
    dil = case.get("dilation", [1] * d)
    groups = case.get("groups", 1)
    pad = case.get("padding", [0] * d)
    mode = case.get("padding_mode", "zeros")
    cin, cout = case["in_channels"], case["out_channels"]
    if op == "conv":
        if isinstance(pad, list) and pad and all(isinstance(p, list) for p in pad):
            x = F.pad(x, _flat_pad(pad), mode="constant" if mode == "zeros" else mode)
            pad, mode = [0] * d, "zeros"
        m = CONV[d](cin, cout, k, stride=stride, padding=pad, dilation=dil, groups=groups,
                    bias=b is not None, padding_mode=mode)
    elif op == "conv_transpose":
        m = CONVT[d](cin, cout, k, stride=stride, padding=pad,
                     output_padding=case.get("output_padding", [0] * d), groups=groups,
                     bias=b is not None, dilation=dil, padding_mode=mode)
    else:
        raise KeyError("op " + str(op))
    m.weight = nn.Parameter(w)
    if b is not None:
        m.bias = nn.Parameter(b)
    with torch.no_grad():
        return m(x)


def torch_crosscheck(case, x=None, with_bias=True):
    """A second path: explicit F.pad pairs + F.convNd(padding=0) / F.conv_transposeNd."""
    k = case["kernel_size"]
    d = len(k)
    w = from_tj(case["weight"])
    b = from_tj(case["bias"]) if with_bias and case.get("bias") is not None else None
    x = from_tj(case["input"]) if x is None else x
    stride = case.get("stride", [1] * d)
    dil = case.get("dilation", [1] * d)
    groups = case.get("groups", 1)
    if case["op"] == "conv":
        mode = case.get("padding_mode", "zeros")
        pairs = _padding_pairs(case.get("padding"), d, k, dil)
        xp = F.pad(x, _flat_pad(pairs), mode="constant" if mode == "zeros" else mode)
        return FCONV[d](xp, w, b, stride=stride, padding=0, dilation=dil, groups=groups)
    return FCONVT[d](x, w, b, stride=stride, padding=case.get("padding", [0] * d),
                     output_padding=case.get("output_padding", [0] * d), groups=groups,
                     dilation=dil)


# --------------------------------------------------------------------------- case builder

ABSENT = "absent"


def build(name, op="conv", cin=1, cout=1, k=(3,), spatial=(6,), n=1, groups=1, stride=None,
          padding=None, dilation=None, output_padding=None, padding_mode=None, bias=True,
          ints=False, omit=(), weight=None, x=None, expected=True):
    """A case dict in the format. Per-axis fields default to explicit lists; `omit` drops fields."""
    d = len(k)
    gen = torch.Generator().manual_seed(zlib.crc32(name.encode("utf-8")))
    case = {"name": name, "op": op, "in_channels": cin, "out_channels": cout, "groups": groups,
            "kernel_size": list(k),
            "stride": list(stride) if stride is not None else [1] * d,
            "padding": padding if padding is not None else [0] * d,
            "dilation": list(dilation) if dilation is not None else [1] * d,
            "output_padding": list(output_padding) if output_padding is not None else [0] * d,
            "padding_mode": padding_mode if padding_mode is not None else "zeros"}
    if op == "conv":
        wshape = [cout, cin // groups] + list(k)
    else:
        wshape = [cin, cout // groups] + list(k)
    w = weight if weight is not None else rand(gen, wshape, ints)
    case["weight"] = tj(w)
    if bias is True:
        case["bias"] = tj(rand(gen, [cout], ints))
    elif bias is None:
        case["bias"] = None
    xx = x if x is not None else rand(gen, [n, cin] + list(spatial), ints)
    case["input"] = tj(xx)
    for f in omit:
        case.pop(f, None)
    if expected:
        y = torch_apply(case)
        y2 = torch_crosscheck(case)
        assert y.shape == y2.shape and torch.allclose(y, y2, rtol=1e-12, atol=1e-12), name
        assert torch.isfinite(y).all()
        case["expected"] = tj(y)
    return case


# --------------------------------------------------------------------------- valid cases

def valid_cases():
    V = []

    def v(name, **kw):
        V.append((name, build(name, **kw)))

    # ---- 1-D conv
    v("conv1d-basic", k=[3], spatial=[8])
    v("conv1d-channels-stride2-pad1-batch2", cin=2, cout=3, k=[3], spatial=[9], n=2, stride=[2], padding=[1])
    v("conv1d-stride-larger-than-kernel", cin=1, cout=2, k=[2], spatial=[10], stride=[3])
    v("conv1d-dilation2-stride2", cin=2, cout=2, k=[3], spatial=[11], stride=[2], dilation=[2], padding=[1])
    v("conv1d-groups2-dilation2", cin=4, cout=6, groups=2, k=[2], spatial=[7], dilation=[2])
    v("conv1d-depthwise", cin=3, cout=3, groups=3, k=[3], spatial=[6], padding=[1])
    v("conv1d-depthwise-multiplier2", cin=3, cout=6, groups=3, k=[2], spatial=[5])
    v("conv1d-groups3", cin=3, cout=6, groups=3, k=[3], spatial=[7], stride=[2])
    v("conv1d-pad-pair-asymmetric", cin=2, cout=2, k=[3], spatial=[6], padding=[[2, 0]])
    v("conv1d-pad-pair-zero", cin=1, cout=2, k=[3], spatial=[6], padding=[[0, 0]])
    v("conv1d-same-kernel4-odd-total", cin=2, cout=2, k=[4], spatial=[7], padding="same")
    v("conv1d-same-kernel3-dilation2", cin=1, cout=2, k=[3], spatial=[8], dilation=[2], padding="same")
    v("conv1d-valid", cin=2, cout=1, k=[3], spatial=[7], padding="valid")
    v("conv1d-reflect", cin=2, cout=2, k=[3], spatial=[6], padding=[2], padding_mode="reflect")
    v("conv1d-reflect-pad-size-minus-1", cin=1, cout=1, k=[3], spatial=[4], padding=[3], padding_mode="reflect")
    v("conv1d-replicate", cin=2, cout=1, k=[3], spatial=[5], padding=[2], padding_mode="replicate", stride=[2])
    v("conv1d-replicate-pad-larger-than-input", cin=1, cout=1, k=[2], spatial=[3], padding=[4],
      padding_mode="replicate")
    v("conv1d-circular", cin=1, cout=2, k=[3], spatial=[6], padding=[2], padding_mode="circular")
    v("conv1d-circular-pad-equals-size", cin=1, cout=1, k=[3], spatial=[4], padding=[4], padding_mode="circular")
    v("conv1d-reflect-pair-asymmetric", cin=1, cout=1, k=[3], spatial=[5], padding=[[1, 3]], padding_mode="reflect")
    v("conv1d-same-circular-kernel4", cin=1, cout=1, k=[4], spatial=[6], padding="same", padding_mode="circular")
    v("conv1d-1x1-kernel", cin=3, cout=2, k=[1], spatial=[5])
    v("conv1d-kernel-equals-padded-input", cin=2, cout=1, k=[7], spatial=[5], padding=[1])
    v("conv1d-defaults-omitted", cin=1, cout=1, k=[3], spatial=[6], bias=ABSENT,
      omit=["groups", "stride", "padding", "dilation", "output_padding", "padding_mode"])
    v("conv1d-integers", cin=2, cout=2, k=[2], spatial=[5], ints=True, padding=[1])
    v("conv1d-no-bias-null-batch3", cin=1, cout=2, k=[3], spatial=[5], n=3, bias=None)

    # ---- 2-D conv
    v("conv2d-d2l-arange9-kernel1234", k=[2, 2], spatial=[3, 3], bias=ABSENT,
      x=torch.arange(9, dtype=DT).reshape(1, 1, 3, 3),
      weight=torch.tensor([[1.0, 2.0], [3.0, 4.0]], dtype=DT).reshape(1, 1, 2, 2))
    v("conv2d-format-example", cin=2, cout=4, groups=2, k=[3, 2], spatial=[7, 6], stride=[2, 1],
      padding=[1, 0], dilation=[1, 2])
    v("conv2d-depthwise", cin=3, cout=3, groups=3, k=[3, 3], spatial=[4, 4], padding=[1, 1])
    v("conv2d-depthwise-multiplier2", cin=2, cout=4, groups=2, k=[2, 3], spatial=[4, 5])
    v("conv2d-groups3", cin=6, cout=3, groups=3, k=[2, 2], spatial=[3, 4])
    v("conv2d-asymmetric-kernel-stride", cin=2, cout=2, k=[1, 3], spatial=[4, 7], stride=[1, 2])
    v("conv2d-stride-larger-than-kernel", cin=1, cout=2, k=[2, 2], spatial=[7, 8], stride=[3, 3])
    v("conv2d-dilation-with-stride", cin=2, cout=1, k=[2, 3], spatial=[7, 6], stride=[2, 2], dilation=[2, 1],
      padding=[1, 0])
    v("conv2d-pad-pairs-asymmetric", cin=1, cout=2, k=[3, 2], spatial=[4, 4], padding=[[1, 2], [0, 1]])
    v("conv2d-pad-pairs-with-zero-pair", cin=2, cout=1, k=[2, 3], spatial=[3, 4], padding=[[0, 0], [2, 2]],
      stride=[1, 2])
    v("conv2d-same-kernel4x3", cin=1, cout=2, k=[4, 3], spatial=[5, 5], padding="same")
    v("conv2d-same-dilation2", cin=2, cout=1, k=[3, 3], spatial=[6, 5], padding="same", dilation=[2, 2])
    v("conv2d-same-kernel2x4-dilation3x1", cin=1, cout=1, k=[2, 4], spatial=[5, 6], padding="same",
      dilation=[3, 1])
    v("conv2d-valid", cin=2, cout=2, k=[2, 3], spatial=[4, 5], padding="valid")
    v("conv2d-reflect", cin=1, cout=2, k=[3, 3], spatial=[4, 5], padding=[1, 2], padding_mode="reflect")
    v("conv2d-reflect-pad-size-minus-1", cin=1, cout=1, k=[2, 2], spatial=[4, 3], padding=[3, 2],
      padding_mode="reflect")
    v("conv2d-replicate", cin=2, cout=1, k=[3, 2], spatial=[3, 4], padding=[2, 1], padding_mode="replicate")
    v("conv2d-circular", cin=1, cout=1, k=[3, 3], spatial=[4, 4], padding=[1, 1], padding_mode="circular",
      stride=[2, 1])
    v("conv2d-circular-pad-equals-size", cin=1, cout=1, k=[3, 2], spatial=[4, 3], padding=[4, 3],
      padding_mode="circular")
    v("conv2d-same-reflect-kernel4", cin=1, cout=1, k=[4, 4], spatial=[5, 5], padding="same",
      padding_mode="reflect")
    v("conv2d-same-replicate-dilation", cin=1, cout=1, k=[3, 2], spatial=[5, 4], padding="same",
      padding_mode="replicate", dilation=[2, 3])
    v("conv2d-pairs-replicate", cin=1, cout=2, k=[2, 2], spatial=[3, 3], padding=[[0, 2], [1, 0]],
      padding_mode="replicate")
    v("conv2d-pairs-circular", cin=1, cout=1, k=[2, 3], spatial=[3, 4], padding=[[3, 0], [1, 4]],
      padding_mode="circular")
    v("conv2d-1x1-kernel-batch2", cin=3, cout=2, k=[1, 1], spatial=[3, 3], n=2)
    v("conv2d-kernel-equals-padded-input", cin=2, cout=2, k=[6, 5], spatial=[4, 5], padding=[1, 0])
    v("conv2d-batch3-bias-null", cin=1, cout=2, k=[2, 2], spatial=[3, 3], n=3, bias=None)
    v("conv2d-integers", cin=2, cout=2, k=[2, 2], spatial=[4, 4], ints=True, stride=[2, 1])
    v("conv2d-defaults-omitted", cin=2, cout=1, k=[2, 2], spatial=[3, 4], bias=ABSENT,
      omit=["groups", "stride", "padding", "dilation", "output_padding", "padding_mode"])

    # ---- 3-D conv
    v("conv3d-basic", cin=1, cout=2, k=[2, 2, 2], spatial=[3, 4, 3])
    v("conv3d-stride-pad-dilation", cin=2, cout=2, k=[2, 2, 2], spatial=[3, 5, 5], stride=[1, 2, 2],
      padding=[1, 0, 1], dilation=[1, 1, 2])
    v("conv3d-groups2", cin=2, cout=4, groups=2, k=[1, 2, 2], spatial=[2, 3, 3])
    v("conv3d-depthwise", cin=2, cout=2, groups=2, k=[2, 2, 1], spatial=[3, 3, 2], padding=[1, 0, 0])
    v("conv3d-reflect", cin=1, cout=1, k=[2, 2, 3], spatial=[3, 3, 4], padding=[1, 2, 1], padding_mode="reflect")
    v("conv3d-replicate", cin=1, cout=2, k=[2, 2, 2], spatial=[2, 3, 3], padding=[1, 1, 2],
      padding_mode="replicate")
    v("conv3d-circular-pad-equals-size", cin=1, cout=1, k=[2, 2, 2], spatial=[2, 3, 3], padding=[2, 1, 3],
      padding_mode="circular")
    v("conv3d-same-kernel234", cin=1, cout=1, k=[2, 3, 4], spatial=[3, 3, 4], padding="same")
    v("conv3d-pad-pairs", cin=1, cout=1, k=[2, 2, 2], spatial=[2, 3, 3], padding=[[1, 0], [0, 0], [2, 1]])
    v("conv3d-valid-batch2", cin=2, cout=1, k=[2, 2, 2], spatial=[3, 3, 3], n=2, padding="valid")
    v("conv3d-defaults-omitted", cin=1, cout=1, k=[2, 1, 2], spatial=[2, 3, 3], bias=ABSENT,
      omit=["groups", "stride", "padding", "dilation", "output_padding", "padding_mode"])

    # ---- conv_transpose: the seed examples (ConvTranspose2d, 1 channel, no bias)
    seed_x = torch.tensor([[0.0, 1.0], [2.0, 3.0]], dtype=DT).reshape(1, 1, 2, 2)
    seed_w = torch.tensor([[1.1, 2.2], [3.3, 4.4]], dtype=DT).reshape(1, 1, 2, 2)
    seed = dict(op="conv_transpose", k=[2, 2], spatial=[2, 2], x=seed_x, weight=seed_w, bias=None)
    v("convt2d-seed-stride1", **seed)
    v("convt2d-seed-stride1x2", stride=[1, 2], **seed)
    v("convt2d-seed-dilation2", dilation=[2, 2], **seed)
    v("convt2d-seed-padding1", padding=[1, 1], **seed)
    v("convt2d-seed-stride2-output-padding1", stride=[2, 2], output_padding=[1, 1], **seed)

    # ---- conv_transpose: the rest
    v("convt1d-channels-stride2-pad1", op="conv_transpose", cin=2, cout=3, k=[3], spatial=[4], stride=[2],
      padding=[1])
    v("convt1d-output-padding-below-stride", op="conv_transpose", cin=1, cout=2, k=[2], spatial=[3],
      stride=[3], output_padding=[2], padding=[1])
    v("convt1d-output-padding-ge-stride-below-dilation", op="conv_transpose", cin=1, cout=1, k=[3],
      spatial=[3], stride=[1], dilation=[3], output_padding=[2], padding=[2])
    v("convt1d-output-padding-beyond-padding", op="conv_transpose", cin=1, cout=1, k=[2], spatial=[3],
      stride=[2], dilation=[3], output_padding=[2], padding=[1])
    v("convt1d-groups2", op="conv_transpose", cin=4, cout=2, groups=2, k=[3], spatial=[4], stride=[2])
    v("convt1d-1x1-kernel-stride2", op="conv_transpose", cin=2, cout=3, k=[1], spatial=[4], stride=[2])
    v("convt1d-defaults-omitted", op="conv_transpose", cin=1, cout=2, k=[3], spatial=[4], bias=ABSENT,
      omit=["groups", "stride", "padding", "dilation", "output_padding", "padding_mode"])
    v("convt2d-depthwise-multiplier2", op="conv_transpose", cin=2, cout=4, groups=2, k=[2, 2], spatial=[3, 3],
      stride=[2, 1])
    v("convt2d-depthwise", op="conv_transpose", cin=3, cout=3, groups=3, k=[3, 2], spatial=[2, 3])
    v("convt2d-padding-crops", op="conv_transpose", cin=1, cout=2, k=[3, 3], spatial=[3, 3], stride=[2, 2],
      padding=[1, 2])
    v("convt2d-asymmetric-stride-dilation-op", op="conv_transpose", cin=2, cout=1, k=[2, 3], spatial=[3, 2],
      stride=[1, 3], dilation=[2, 1], output_padding=[1, 2], padding=[1, 1])
    v("convt2d-integers-batch2-bias-null", op="conv_transpose", cin=2, cout=2, k=[2, 2], spatial=[2, 3], n=2,
      ints=True, bias=None, stride=[2, 2])
    v("convt2d-batch3", op="conv_transpose", cin=1, cout=1, k=[3, 2], spatial=[2, 2], n=3, stride=[1, 2])
    v("convt3d-stride2-output-padding1", op="conv_transpose", cin=1, cout=2, k=[2, 2, 2], spatial=[2, 2, 2],
      stride=[2, 2, 2], output_padding=[1, 0, 1], padding=[1, 0, 0])
    v("convt3d-groups3", op="conv_transpose", cin=3, cout=3, groups=3, k=[1, 2, 2], spatial=[2, 2, 2],
      stride=[1, 2, 1])
    v("convt3d-dilation-padding", op="conv_transpose", cin=1, cout=1, k=[2, 2, 2], spatial=[2, 2, 3],
      dilation=[2, 1, 2], padding=[1, 0, 1])
    return V


# --------------------------------------------------------------------------- invalid cases

def invalid_cases():
    """(name, case dict or raw text, field, why, torch check or None, must torch reject?)"""
    base2 = build("base-conv2d", cin=2, cout=4, groups=2, k=[3, 2], spatial=[7, 6], stride=[2, 1],
                  padding=[1, 0], dilation=[1, 2], expected=False)
    base1 = build("base-conv1d", cin=2, cout=3, k=[3], spatial=[6], padding=[1], expected=False)
    baseT = build("base-convt1d", op="conv_transpose", cin=2, cout=2, k=[3], spatial=[4], stride=[2],
                  padding=[1], expected=False)
    baseR = build("base-reflect1d", cin=1, cout=1, k=[2], spatial=[4], padding=[1], padding_mode="reflect",
                  expected=False)

    run = torch_apply
    I = []

    def inv(name, case, field, why, check=run, must=None):
        I.append((name, case, field, why, check, must))

    inv("missing-op", patch(base1, "missing op", op=DROP), "op", "op is missing", None)
    inv("missing-in-channels", patch(base1, "missing in_channels", in_channels=DROP), "in_channels",
        "in_channels is missing", None)
    inv("missing-kernel-size", patch(base1, "missing kernel_size", kernel_size=DROP), "kernel_size",
        "kernel_size is missing", None)
    inv("missing-weight", patch(base1, "missing weight", weight=DROP), "weight", "weight is missing", None)
    inv("missing-input", patch(base1, "missing input", input=DROP), "input", "input is missing", None)
    inv("op-deconv", patch(base1, "op deconv", op="deconv"), "op", "op \"deconv\" is not conv/conv_transpose",
        None)
    inv("stride-zero", patch(base2, "stride 0", stride=[2, 0]), "stride", "stride[1] is 0", must=True)
    inv("stride-negative", patch(base2, "negative stride", stride=[-1, 1]), "stride", "stride[0] is -1",
        must=True)
    inv("dilation-zero", patch(base2, "dilation 0", dilation=[0, 2]), "dilation", "dilation[0] is 0", must=True)
    inv("padding-negative", patch(base2, "negative padding", padding=[1, -1]), "padding", "padding[1] is -1",
        must=True)
    inv("padding-same-with-stride2", patch(base2, "same with stride 2", padding="same"), "padding",
        "padding \"same\" needs stride 1 but stride is [2, 1]", must=True)
    inv("padding-full", patch(base1, "padding full", padding="full"), "padding",
        "padding \"full\" is not a known string", must=True)
    inv("convt-padding-pair", patch(baseT, "conv_transpose with a padding pair", padding=[[1, 1]]), "padding",
        "[before, after] pairs are conv only", must=True)
    inv("convt-padding-same", patch(baseT, "conv_transpose with padding same",
                                     stride=[1], padding="same"), "padding",
        "string padding is conv only", must=True)
    inv("padding-mode-mirror", patch(base1, "padding_mode mirror", padding_mode="mirror"), "padding_mode",
        "padding_mode \"mirror\" is unknown", must=True)
    inv("convt-padding-mode-reflect", patch(baseT, "conv_transpose with reflect", padding_mode="reflect"),
        "padding_mode", "padding_mode of a conv_transpose must be zeros", must=True)
    inv("reflect-padding-equals-input-size", patch(baseR, "reflect padding = input size 4", padding=[4]),
        "padding", "reflect padding 4 must be < input size 4", must=True)
    inv("reflect-pair-after-too-large", patch(baseR, "reflect pair after = input size 4", padding=[[0, 4]]),
        "padding", "reflect padding after 4 must be < input size 4", must=True)
    inv("circular-padding-exceeds-input-size",
        patch(baseR, "circular padding 5 > input size 4", padding=[5], padding_mode="circular"), "padding",
        "circular padding 5 must be <= input size 4", must=True)
    inv("groups-zero", patch(base2, "groups 0", groups=0), "groups", "groups is 0", must=True)
    b3 = build("base-conv2d-3in", cin=3, cout=6, k=[2, 2], spatial=[4, 4], expected=False)
    inv("groups-not-dividing-in-channels", patch(b3, "groups 2 does not divide in_channels 3", groups=2),
        "groups", "groups 2 does not divide in_channels 3", must=True)
    b4 = build("base-conv2d-3out", cin=2, cout=3, k=[2, 2], spatial=[4, 4], expected=False)
    inv("groups-not-dividing-out-channels", patch(b4, "groups 2 does not divide out_channels 3", groups=2),
        "groups", "groups 2 does not divide out_channels 3", must=True)
    inv("in-channels-zero",
        patch(base1, "in_channels 0", in_channels=0, weight={"shape": [3, 0, 3], "data": []},
              input={"shape": [1, 0, 6], "data": []}),
        "in_channels", "in_channels is 0", must=False)
    bT2 = build("base-convt1d-dil3", op="conv_transpose", cin=1, cout=1, k=[3], spatial=[3], stride=[2],
                dilation=[3], expected=False)
    inv("output-padding-equals-max-stride-dilation",
        patch(bT2, "output_padding 3 = max(stride 2, dilation 3)", output_padding=[3]), "output_padding",
        "output_padding[0] = 3 must be < max(stride, dilation) = 3", must=True)
    inv("output-padding-equals-stride", patch(baseT, "output_padding 2 = stride 2, dilation 1",
                                              output_padding=[2]), "output_padding",
        "output_padding[0] = 2 must be < max(stride 2, dilation 1) = 2", must=True)
    inv("output-padding-negative", patch(baseT, "negative output_padding", output_padding=[-1]),
        "output_padding", "output_padding[0] is -1", must=True)

    def conv_with_output_padding(case):
        # the only torch call that can spell it: torch.convolution(transposed=False), which ignores it
        w, x = from_tj(case["weight"]), from_tj(case["input"])
        b = from_tj(case["bias"]) if case.get("bias") is not None else None
        return torch.convolution(x, w, b, case["stride"], case["padding"], case["dilation"], False,
                                 case["output_padding"], case["groups"])

    inv("conv-with-output-padding", patch(base2, "output_padding on a conv", output_padding=[1, 0]),
        "output_padding", "output_padding is conv_transpose only", conv_with_output_padding, must=False)
    inv("kernel-larger-than-padded-input",
        build("kernel 4 dilated by 2 spans 7 > padded width 6", cin=2, cout=4, groups=2, k=[3, 4],
              spatial=[7, 6], stride=[2, 1], padding=[1, 0], dilation=[1, 2], expected=False),
        "kernel_size", "kernel_size[1] = 4 with dilation 2 spans 7 > padded input 6", must=True)
    inv("kernel-larger-than-input-no-padding",
        build("kernel 6 > input 5", cin=1, cout=1, k=[6], spatial=[5], expected=False),
        "kernel_size", "kernel_size[0] = 6 > input 5", must=True)
    inv("convt-output-size-below-1",
        build("conv_transpose padding 2 leaves no output", op="conv_transpose", cin=1, cout=1, k=[2, 2],
              spatial=[1, 2], padding=[1, 0], expected=False),
        "padding", "output size (1-1)*1 - 2*1 + 1 + 0 + 1 = 0 < 1 on axis 0", must=True)
    inv("stride-length-mismatch", patch(base2, "kernel_size has 2 entries, stride 3", stride=[2, 1, 1]),
        "stride", "stride has 3 entries, kernel_size 2", must=True)
    inv("padding-length-mismatch", patch(base2, "kernel_size has 2 entries, padding 3", padding=[1, 0, 0]),
        "padding", "padding has 3 entries, kernel_size 2", must=True)
    g = torch.Generator().manual_seed(7)
    inv("weight-shape-wrong", patch(base2, "weight shape [4,2,3,2] instead of [4,1,3,2]",
                                    weight=tj(rand(g, [4, 2, 3, 2]))),
        "weight", "weight.shape must be [4, 1, 3, 2]", must=True)
    wd = json.loads(json.dumps(base2["weight"]))
    wd["data"] = wd["data"][:-1]
    inv("weight-data-length", patch(base2, "weight data has 23 numbers for shape [4,1,3,2]", weight=wd),
        "weight", "weight.data has 23 elements, shape needs 24", None)
    inv("bias-wrong-length", patch(base2, "bias of 3 for out_channels 4", bias=tj(rand(g, [3]))), "bias",
        "bias.shape must be [4]", must=True)
    inv("input-channels-mismatch", patch(base2, "input has 3 channels, in_channels 2",
                                         input=tj(rand(g, [1, 3, 7, 6]))),
        "input", "input.shape[1] = 3 but in_channels = 2", must=True)
    inv("input-rank-too-high", patch(base2, "input of rank 5 for a 2-D conv", input=tj(rand(g, [1, 2, 7, 6, 2]))),
        "input", "input must be [N, 2, H, W] (rank 4) but has rank 5", must=True)
    inv("input-unbatched", patch(base2, "input of rank 3 (no batch axis) for a 2-D conv",
                                 input=tj(rand(g, [2, 7, 6]))),
        "input", "input must be [N, C, H, W]; PyTorch would read rank 3 as unbatched", must=False)
    good = build("base-conv2d-with-expected", cin=2, cout=4, groups=2, k=[3, 2], spatial=[7, 6],
                 stride=[2, 1], padding=[1, 0], dilation=[1, 2])
    ex = good["expected"]  # shape [1, 4, 4, 4]
    assert ex["shape"] == [1, 4, 4, 4], ex["shape"]
    inv("expected-wrong-shape", patch(good, "expected shape [1,4,4,3] instead of [1,4,4,4]",
                                      expected={"shape": [1, 4, 4, 3], "data": ex["data"][:48]}),
        "expected", "expected.shape must be [1, 4, 4, 4]", must=False)
    inv("stride-non-integer", patch(base2, "stride 1.5", stride=[1.5, 1]), "stride", "stride[0] is 1.5",
        must=True)
    inv("kernel-size-zero",
        patch(base1, "kernel_size 0", kernel_size=[0], weight={"shape": [3, 2, 0], "data": []}),
        "kernel_size", "kernel_size[0] is 0", must=True)
    inv("groups-negative", patch(base2, "groups -2", groups=-2), "groups", "groups is -2", must=True)
    inv("out-channels-missing", patch(base1, "missing out_channels", out_channels=DROP), "out_channels",
        "out_channels is missing", None)
    inv("weight-kernel-dims-wrong", patch(base1, "kernel_size [3] but weight [3, 2, 4]",
                                          weight=tj(rand(g, [3, 2, 4]))),
        "weight", "weight.shape must be [3, 2, 3] for kernel_size [3]", must=False)
    text = dumps_case(patch(base1, "truncated file"))
    inv("unparseable-truncated", text[: len(text) // 2], None, "the JSON text is truncated", None)
    return I


class _Drop:
    pass


DROP = _Drop()


def patch(base, name, **fields):
    """A deep copy of base named name, with fields set (or dropped, for the value DROP)."""
    c = json.loads(json.dumps(base))
    c["name"] = name
    for kk, vv in fields.items():
        if vv is DROP:
            c.pop(kk)
        else:
            c[kk] = vv
    return c


# --------------------------------------------------------------------------- mtx

def probe_matrix(case):
    """Column j = the layer (bias=None) applied to the j-th unit input, both flattened row-major."""
    shape = case["input"]["shape"]
    n_in = int(np.prod(shape[1:]))
    eye = torch.eye(n_in, dtype=DT).reshape([n_in] + shape[1:])
    out = torch_apply(case, x=eye, with_bias=False)
    ref = torch_crosscheck(case, x=eye, with_bias=False)
    assert torch.allclose(out, ref, rtol=1e-12, atol=1e-12)
    return out.reshape(n_in, -1).T.contiguous().numpy()


def mtx_cases():
    return [
        ("01-conv2d-2in-3out-stride2-pad1",
         build("mtx conv2d 2 in, 3 out, stride 2, padding 1", cin=2, cout=3, k=[3, 3], spatial=[5, 5],
               stride=[2, 2], padding=[1, 1], bias=None)),
        ("02-conv2d-depthwise-reflect",
         build("mtx depthwise conv2d, reflect padding", cin=2, cout=2, groups=2, k=[3, 3], spatial=[4, 4],
               padding=[1, 1], padding_mode="reflect", bias=None)),
        ("03-conv1d-groups2-dilation2",
         build("mtx conv1d, groups 2, dilation 2", cin=2, cout=4, groups=2, k=[3], spatial=[9],
               dilation=[2], bias=None)),
        ("04-convt2d-stride2-output-padding1",
         build("mtx conv_transpose2d, stride 2, output_padding 1 (W^T is the layer)", op="conv_transpose",
               cin=2, cout=2, k=[3, 3], spatial=[3, 3], stride=[2, 2], padding=[1, 1], output_padding=[1, 1],
               bias=None)),
    ]


# --------------------------------------------------------------------------- main

def torch_verdict(fname, case, check, must, errors=(RuntimeError, ValueError, TypeError)):
    """(does torch reject the case, what it said); asserts the answer where `must` says what it has to be."""
    rejects, msg = False, "not expressible in torch" if check is None else "torch accepts it"
    if check is not None:
        try:
            check(case)
        except errors as e:
            rejects, msg = True, "%s: %s" % (type(e).__name__, str(e).splitlines()[0][:110])
    if must is not None:
        assert rejects == must, (fname, msg)
    return rejects, msg


def main():
    print("torch", torch.__version__, "scipy", scipy.__version__, "numpy", np.__version__)

    clean(VALID_DIR, (".json",))
    valid = valid_cases()
    for i, (name, case) in enumerate(valid, 1):
        write(os.path.join(VALID_DIR, "%03d-%s.json" % (i, name)), dumps_case(case))
    print("valid cases:", len(valid))

    clean(INVALID_DIR, (".json",))
    manifest = {}
    for i, (name, case, field, why, check, must) in enumerate(invalid_cases(), 1):
        fname = "%03d-%s.json" % (i, name)
        rejects, msg = torch_verdict(fname, case, check, must)
        write(os.path.join(INVALID_DIR, fname), case if isinstance(case, str) else dumps_case(case))
        manifest[fname] = {"field": field, "why": why, "torch_rejects": rejects}
        print("  %-52s field=%-15s torch_rejects=%-5s %s" % (fname, field, rejects, msg))
    write(os.path.join(INVALID_DIR, "manifest.json"), json.dumps(manifest, indent=2, allow_nan=False) + "\n")
    print("invalid cases:", len(manifest))

    clean(MTX_DIR, (".json", ".mtx"))
    for stem, case in mtx_cases():
        m = probe_matrix(case)  # y = M x for conv; y = M x for conv_transpose too
        w = m.T.copy() if case["op"] == "conv_transpose" else m  # conv_transpose(y) = W^T y
        x = torch.tensor(case["input"]["data"], dtype=DT).numpy()
        e = np.array(case["expected"]["data"])
        got = w.T @ x if case["op"] == "conv_transpose" else w @ x
        assert np.allclose(got, e, rtol=1e-12, atol=1e-12), stem
        w[np.abs(w) == 0.0] = 0.0  # no -0.0
        coo = scipy.sparse.coo_matrix(w)
        coo.eliminate_zeros()
        path = os.path.join(MTX_DIR, stem + ".mtx")
        scipy.io.mmwrite(path, coo, comment=" " + case["name"], field="real", precision=17)
        back = scipy.io.mmread(path).toarray()
        assert back.shape == w.shape and np.array_equal(back, w), stem
        write(os.path.join(MTX_DIR, stem + ".json"), dumps_case(case))
        print("  mtx %-40s W %dx%d nnz %d" % (stem, w.shape[0], w.shape[1], coo.nnz))
    print("mtx fixtures:", len(mtx_cases()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
