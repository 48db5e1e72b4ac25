"""Regenerate ConvMatrix's extreme PyTorch fixtures (issue 11): subnormal data, entries of W that
merge past the double range, and geometry far beyond the kernel's reach.

Run from the repository root with Debian's interpreter:

    /usr/bin/python3 src/test/python/make_extreme_cases.py

It rewrites ``src/test/resources/cases/extreme/NNN-*.json`` deterministically (fixed seeds,
torch.float64), each with PyTorch's ``expected``, using make_fixtures' case builder. The Java test
``ExtremeFixturesTest`` reads them.
"""

import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_fixtures as mf  # noqa: E402

EXTREME_DIR = os.path.join(mf.ROOT, "src", "test", "resources", "cases", "extreme")


def scaled(name, scale_w, scale_x, scale_b=None, **kw):
    """A case whose weight, input (and bias) are make_fixtures' random values times a scale."""
    base = mf.build(name, expected=False, **kw)
    w = mf.from_tj(base["weight"]) * scale_w
    x = mf.from_tj(base["input"]) * scale_x
    case = mf.build(name, weight=w, x=x, bias=False if scale_b is None else True, expected=False, **kw)
    if scale_b is not None:
        case["bias"] = mf.tj(mf.from_tj(base["bias"]) * scale_b)
    case["expected"] = mf.tj(mf.torch_apply(case))
    return case


def subnormal_cases():
    """Products below 2^-1022: the rounding bound of verify must carry Higham's underflow term."""
    return [
        ("subnormal-conv1d-replicate-merged-taps",
         scaled("subnormal-conv1d-replicate-merged-taps", 1e-310, 1.0, k=(3,), spatial=(7,),
                padding=[1], padding_mode="replicate")),
        ("subnormal-conv2d-products-of-normals",
         scaled("subnormal-conv2d-products-of-normals", 1e-160, 1e-160, 1e-318, cin=2, cout=3, k=(3, 3),
                spatial=(6, 5), padding=[1, 1], padding_mode="reflect")),
        ("subnormal-conv2d-circular-groups",
         scaled("subnormal-conv2d-circular-groups", 3e-300, 1e-15, cin=4, cout=2, groups=2, k=(2, 3),
                spatial=(4, 5), padding=[1, 2], padding_mode="circular", n=2)),
        ("subnormal-conv-transpose1d-stride2",
         scaled("subnormal-conv-transpose1d-stride2", 1e-305, 1e-12, 1e-320, op="conv_transpose", cin=2,
                cout=2, k=(3,), spatial=(5,), stride=(2,), padding=[1], output_padding=(1,))),
    ]


def overflow_cases():
    """Finite layers whose W = W0*P merges taps past the double range: the matrix path refuses them."""
    dt = mf.DT
    return [
        ("overflow-conv1d-replicate-merged-taps",
         mf.build("overflow-conv1d-replicate-merged-taps", k=(3,), spatial=(3,), padding=[1],
                  padding_mode="replicate", bias=False, weight=torch.full((1, 1, 3), 1e308, dtype=dt),
                  x=torch.full((1, 1, 3), 0.1, dtype=dt))),
    ]


def implicit(name, **kw):
    """A case with PyTorch's output from nn.ConvNd alone (make_fixtures' cross-check pads explicitly, which
    for these layers would allocate tens of gigabytes)."""
    case = mf.build(name, expected=False, **kw)
    case["expected"] = mf.tj(mf.torch_apply(case))
    return case


def geometry_cases():
    """Padding, stride or dilation far beyond the kernel's reach (zero padding: PyTorch pads implicitly)."""
    big = 2 ** 31 - 1
    return [
        ("geometry-conv1d-stride-2e31-padding-1.5e9",
         implicit("geometry-conv1d-stride-2e31-padding-1.5e9", cin=2, cout=3, k=(3,), spatial=(5,), stride=(big,),
                  padding=[1500000000])),
        ("geometry-conv1d-padding-3e8-three-outputs",
         implicit("geometry-conv1d-padding-3e8-three-outputs", k=(3,), spatial=(5,), stride=(300000000,),
                  padding=[300000000])),
        ("geometry-conv2d-stride-padding-3e8-one-axis",
         implicit("geometry-conv2d-stride-padding-3e8-one-axis", cin=2, cout=3, k=(3, 3), spatial=(5, 6),
                  stride=(300000000, 1), padding=[300000000, 1], n=2)),
        ("geometry-conv1d-coprime-stride-and-dilation",
         implicit("geometry-conv1d-coprime-stride-and-dilation", k=(2,), spatial=(3,), stride=(1000000000,),
                  dilation=(999999999,), padding=[1000000000])),
        ("geometry-conv-transpose1d-stride-1e9-cropped",
         implicit("geometry-conv-transpose1d-stride-1e9-cropped", op="conv_transpose", cin=2, cout=2, k=(3,),
                  spatial=(3,), stride=(1000000000,), padding=[999999999])),
    ]


def main():
    print("torch", torch.__version__)
    mf.clean(EXTREME_DIR, (".json",))
    cases = subnormal_cases() + overflow_cases() + geometry_cases()
    for i, (name, case) in enumerate(cases, 1):
        mf.write(os.path.join(EXTREME_DIR, "%03d-%s.json" % (i, name)), mf.dumps_case(case))
        print("  %03d-%s" % (i, name))
    print("extreme cases:", len(cases))
    return 0


if __name__ == "__main__":
    sys.exit(main())
