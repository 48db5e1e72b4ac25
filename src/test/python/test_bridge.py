#!/usr/bin/python3
"""Tests of src/main/python/convmatrix_bridge.py against PyTorch and the jar.

Run from anywhere with Debian's interpreter after ``mvn package`` (src/test/sh/python-checks.sh does):

    /usr/bin/python3 src/test/python/test_bridge.py

* A small U-Net-like model (convs with every padding form, a transposed conv called with
  ``output_size``, max pool + unpool, average pool, pixel shuffle / unshuffle, bilinear upsampling and a
  Sequential) is dumped with ``cases_of``; every case is checked to follow the case format and then run
  through ``java -jar target/convmatrix.jar verify``: every case, of every op, must pass.
* Single layers of 1 and 3 spatial dims through ``to_case``, the expected gradients against a
  probed matrix, ``output_size`` of ConvTranspose as PyTorch derives it.
* ``matrix --format mtx|npz|mat|csv|json`` of a conv and a conv_transpose read back with
  ``load_matrix``: all five equal, and ``W x + b`` (``W^T y + b``) equals PyTorch's output.

Exits non-zero on any failure.
"""

import json
import os
import subprocess
import sys
import tempfile
import unittest

import numpy as np
import scipy.sparse
import torch
import torch.nn as nn

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "src", "main", "python"))
import convmatrix_bridge as cm  # noqa: E402

# CONVMATRIX_JAR=/path/to/convmatrix.jar runs the checks against another build of the jar
JAR = os.environ.get("CONVMATRIX_JAR", os.path.join(ROOT, "target", "convmatrix.jar"))
# the fields each op may carry (shared/case-format.md); name, input and the adjoint fields go with any op
OP_FIELDS = {
    "conv": {"op", "in_channels", "out_channels", "groups", "kernel_size", "stride", "padding", "dilation",
             "padding_mode", "weight", "bias"},
    "conv_transpose": {"op", "in_channels", "out_channels", "groups", "kernel_size", "stride", "padding",
                       "dilation", "output_padding", "weight", "bias"},
    "upsample": {"op", "mode", "size", "scale_factor", "align_corners", "recompute_scale_factor"},
    "pixel_shuffle": {"op", "upscale_factor"},
    "pixel_unshuffle": {"op", "downscale_factor"},
    "avg_pool": {"op", "kernel_size", "stride", "padding", "ceil_mode", "count_include_pad", "divisor_override"},
    "max_unpool": {"op", "kernel_size", "stride", "padding", "indices", "output_size"},
    "sequential": {"op", "layers"},
}
CASE_FIELDS = {"name", "input", "expected", "grad_output", "expected_grad_input"}


class TinyUNet(nn.Module):
    """Two levels down, two up, a skip connection per level; every op the bridge knows appears."""

    def __init__(self):
        super().__init__()
        self.enc1 = nn.Conv2d(1, 4, 3, padding=1)
        self.enc2 = nn.Conv2d(4, 4, 3, padding="same", padding_mode="reflect")
        self.pool = nn.MaxPool2d(2, return_indices=True)
        self.avg = nn.AvgPool2d(2)
        self.mid = nn.Conv2d(4, 8, 3, padding=1, groups=2, padding_mode="circular")
        self.up = nn.ConvTranspose2d(8, 4, 3, stride=2, padding=1)
        self.unpool = nn.MaxUnpool2d(2)
        self.shuffle = nn.PixelShuffle(2)
        self.unshuffle = nn.PixelUnshuffle(2)
        self.resize = nn.Upsample(scale_factor=2, mode="bilinear")
        self.head = nn.Sequential(nn.Conv2d(8, 2, 3, padding=1, bias=False), nn.Upsample(scale_factor=2))
        self.tail = nn.Sequential(nn.Conv2d(2, 4, 3, padding=1), nn.PixelShuffle(2), nn.AvgPool2d(2))

    def forward(self, x):
        e1 = torch.relu(self.enc1(x))
        e2 = self.enc2(e1)
        p, idx = self.pool(e2)
        m = torch.relu(self.mid(p + self.avg(e2)))
        u = self.up(m, output_size=e2.shape)          # 4x4 -> 8x8 needs output_padding 1
        skip = self.unpool(p, idx, output_size=e2.shape)
        s = self.unshuffle(self.shuffle(torch.cat([u, skip], 1)))
        return self.tail(self.head(s + self.resize(m)))


def verify(path):
    r = subprocess.run(["java", "-jar", JAR, "verify", path], capture_output=True, text=True)
    return r.returncode, r.stdout, r.stderr


def check_format(test, case):
    """The case follows shared/case-format.md: known fields for its op, tensors of consistent sizes."""
    op = case["op"]
    test.assertIn(op, OP_FIELDS)
    test.assertLessEqual(set(case) - CASE_FIELDS, OP_FIELDS[op], op)
    for key in ("input", "expected"):
        test.assertIn(key, case)
    tensors = [case[k] for k in ("weight", "bias", "indices", "input", "expected", "grad_output",
                                 "expected_grad_input") if isinstance(case.get(k), dict)]
    for layer in case.get("layers", []):
        test.assertNotIn("input", layer)
        test.assertLessEqual(set(layer), OP_FIELDS[layer["op"]], layer["op"])
        tensors += [layer[k] for k in ("weight", "bias") if isinstance(layer.get(k), dict)]
    for t in tensors:
        test.assertEqual(len(t["data"]), int(np.prod(t["shape"])), t["shape"])
    if "grad_output" in case:
        test.assertEqual(case["grad_output"]["shape"], case["expected"]["shape"])
        test.assertEqual(case["expected_grad_input"]["shape"], case["input"]["shape"])
    if op == "max_unpool":
        test.assertEqual(case["indices"]["shape"], case["input"]["shape"])
        test.assertTrue(all(isinstance(i, int) for i in case["indices"]["data"]))


def tensor(obj):
    return torch.tensor(obj["data"], dtype=torch.float64).reshape(obj["shape"])


class BridgeTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        torch.manual_seed(20261202)
        cls.tmp = tempfile.TemporaryDirectory()
        cls.dir = cls.tmp.name

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_unet_cases_follow_the_format_and_pass_verify(self):
        self.assertTrue(os.path.isfile(JAR), "run mvn package first: " + JAR)
        model = TinyUNet()
        x = torch.randn(2, 1, 8, 8)
        paths = cm.cases_of(model, x, os.path.join(self.dir, "unet"), sequential=True)
        ops = {}
        for p in paths:
            with open(p) as f:
                ops[p] = json.load(f)["op"]
        self.assertEqual(sorted(set(ops.values())), sorted(OP_FIELDS), "every op appears once at least")
        self.assertEqual(len(paths), 16)  # 14 linear leaves (the max pool is not linear) + 2 Sequentials
        passed = []
        for p in paths:
            with open(p) as f:
                case = json.load(f)
            with self.subTest(case=os.path.basename(p)):
                check_format(self, case)
                code, out, err = verify(p)
                self.assertEqual(code, 0, "%s\n%s%s" % (p, out, err))
                passed.append(os.path.basename(p))
        print("verify passed: %d cases %s" % (len(passed), passed))
        self.assertEqual(len(passed), 16)

    def test_hooks_record_the_input_each_layer_sees(self):
        model = TinyUNet()
        x = torch.randn(1, 1, 8, 8)
        cases = dict(cm.cases_of(model, x, grad_output=False))
        with torch.no_grad():
            e1 = torch.relu(model.enc1(x.double().float()))
        self.assertTrue(torch.equal(tensor(cases["enc2"]["input"]), e1.double()))
        self.assertEqual(cases["up"]["output_padding"], [1, 1])
        self.assertEqual(cases["unpool"]["output_size"], [8, 8])
        self.assertNotIn("grad_output", cases["enc1"])

    def test_expected_grad_input_is_the_transpose_of_the_probed_matrix(self):
        layers = [(nn.Conv1d(2, 3, 3, stride=2, padding=1), (2, 2, 7)),
                  (nn.ConvTranspose3d(2, 2, 2, stride=2, groups=2), (1, 2, 2, 3, 2)),
                  (nn.AvgPool1d(3, stride=2, padding=1, count_include_pad=False), (1, 2, 9)),
                  (nn.Upsample(size=(3, 4, 5), mode="trilinear", align_corners=True), (1, 1, 2, 2, 3)),
                  (nn.PixelUnshuffle(2), (1, 1, 4, 6))]
        for m, shape in layers:
            with self.subTest(layer=type(m).__name__):
                x = torch.randn(shape, dtype=torch.float64)
                g = torch.randn(cm._forward(cm._double(m), x, None, None).shape, dtype=torch.float64)
                case = cm.to_case(m, x, grad_output=g)
                a = probe(cm._double(m), shape)
                gx = tensor(case["expected_grad_input"]).flatten().numpy()
                np.testing.assert_allclose(gx, a.T @ g.flatten().numpy(), rtol=0, atol=1e-12)

    def test_max_unpool_takes_its_indices(self):
        pool, unpool = nn.MaxPool1d(2, return_indices=True), nn.MaxUnpool1d(2)
        y, idx = pool(torch.randn(1, 2, 8))
        case = cm.to_case(unpool, y, indices=idx, output_size=[9])
        self.assertEqual(case["indices"]["data"], idx.flatten().tolist())
        self.assertEqual(case["expected"]["shape"], [1, 2, 9])
        with self.assertRaises(cm.UnsupportedLayer):
            cm.to_case(unpool, y)

    def test_conv_transpose_output_size_follows_pytorch(self):
        m = nn.ConvTranspose1d(1, 1, 3, stride=2)
        x = torch.randn(1, 1, 5)
        self.assertEqual(cm.to_case(m, x, output_size=[12])["output_padding"], [1])
        with self.assertRaises(ValueError):  # stride 1: only the smallest size (PyTorch raises too)
            cm.to_case(nn.ConvTranspose1d(1, 1, 3, dilation=3), x, output_size=[13])

    def test_shape_target_size_answers_as_pytorch_output_size(self):
        self.assertTrue(os.path.isfile(JAR), "run mvn package first: " + JAR)
        for k, s, d, p, n in [(3, 1, 3, 0, 5), (3, 2, 1, 1, 4), (4, 3, 2, 1, 3)]:
            m = nn.ConvTranspose1d(1, 1, k, stride=s, dilation=d, padding=p)
            x = torch.randn(1, 1, n)
            base = (n - 1) * s - 2 * p + d * (k - 1) + 1
            for size in range(base - 1, base + max(s, d) + 1):
                with self.subTest(k=k, s=s, d=d, p=p, n=n, size=size):
                    try:
                        want = m._output_padding(x, [size], [s], [p], [k], 1, [d])[0]
                    except ValueError:
                        want = None
                    r = subprocess.run(["java", "-jar", JAR, "shape", "--op", "conv_transpose", "--kernel", str(k),
                                        "--stride", str(s), "--dilation", str(d), "--padding", str(p), "--input", str(n),
                                        "--target-size", str(size)], capture_output=True, text=True)
                    if want is None:
                        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
                    else:
                        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
                        self.assertIn("output_padding %d\n" % want, r.stdout)
                        self.assertEqual(list(m(x, output_size=[size]).shape), [1, 1, size])

    def test_unsupported_modules_are_refused_by_name(self):
        with self.assertRaisesRegex(cm.UnsupportedLayer, "MaxPool2d"):
            cm.to_case(nn.MaxPool2d(2), torch.randn(1, 1, 4, 4))
        with self.assertRaisesRegex(cm.UnsupportedLayer, "layers\\[1\\]|layer 1"):
            cm.to_case(nn.Sequential(nn.Conv2d(1, 1, 3), nn.ReLU()), torch.randn(1, 1, 4, 4))

    def test_exports_read_back_equal_and_apply_the_layer(self):
        self.assertTrue(os.path.isfile(JAR), "run mvn package first: " + JAR)
        layers = [(nn.Conv2d(2, 3, 3, stride=2, padding=1, groups=1), (1, 2, 5, 6)),
                  (nn.ConvTranspose2d(2, 4, 4, stride=2, padding=1, groups=2), (1, 2, 3, 3))]
        for i, (m, shape) in enumerate(layers):
            with self.subTest(layer=type(m).__name__):
                x = torch.randn(shape)
                path = os.path.join(self.dir, "export%d.json" % i)
                case = cm.to_case(m, x, path=path)
                mats = {}
                for fmt in ("mtx", "npz", "mat", "csv", "json"):
                    out = os.path.join(self.dir, "w%d.%s" % (i, fmt))
                    r = subprocess.run(["java", "-jar", JAR, "matrix", "--case", path, "--format", fmt, "--out", out],
                                       capture_output=True, text=True)
                    self.assertEqual(r.returncode, 0, r.stderr)
                    mats[fmt] = cm.load_matrix(out)
                    self.assertIsInstance(mats[fmt], scipy.sparse.csc_matrix)
                    self.assertEqual(mats[fmt].dtype, np.float64)
                npz = np.load(os.path.join(self.dir, "w%d.npz" % i))
                self.assertEqual(npz["format"].item(), b"csc")
                self.assertEqual(npz["indices"].dtype, np.int32)
                self.assertEqual(npz["indptr"].dtype, np.int32)
                ref = mats["mtx"]
                for fmt, w in mats.items():
                    self.assertEqual(w.shape, ref.shape, fmt)
                    self.assertEqual((w != ref).nnz, 0, fmt)
                w = ref.toarray()
                a = w if case["op"] == "conv" else w.T
                y = a @ tensor(case["input"]).flatten().numpy()
                bias = np.repeat(np.array(case["bias"]["data"]), a.shape[0] // len(case["bias"]["data"]))
                np.testing.assert_allclose(y + bias, tensor(case["expected"]).flatten().numpy(), rtol=0,
                                           atol=1e-12)


def probe(module, shape):
    """The matrix of a linear module, column j = module(e_j)."""
    n = int(np.prod(shape))
    cols = []
    with torch.no_grad():
        for j in range(n):
            e = torch.zeros(n, dtype=torch.float64)
            e[j] = 1
            y = module(e.reshape(shape))
            if getattr(module, "bias", None) is not None:
                y = y - module(torch.zeros(shape, dtype=torch.float64))
            cols.append(y.flatten().numpy())
    return np.stack(cols, axis=1)


if __name__ == "__main__":
    torch.set_num_threads(1)
    result = unittest.main(exit=False, verbosity=2).result
    sys.exit(0 if result.wasSuccessful() else 1)
