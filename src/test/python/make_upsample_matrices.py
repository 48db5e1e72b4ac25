"""Writes src/test/resources/upsample/torch-matrices.json: the matrix A of F.interpolate (PyTorch 1.13, CPU, float64)
for 180 random upsample layers (the last 60 2-d/3-d, often one channel, near-integer scales), probed column by column (a batch of unit inputs), plus whether autograd's backward is
A's transpose (the largest |A - B| of autograd's matrix B, and B itself where they differ). UpsampleTorchMatricesTest compares the lowering and the direct implementation with it.

Run with Debian's python3-torch: /usr/bin/python3 src/test/python/make_upsample_matrices.py
The numbers depend on the CPU kernel PyTorch picks (AVX2/AVX-512 builds fuse s*(o+0.5)-0.5 into one FMA);
the committed file was made on an AVX-512 machine with the default capability.
"""
import json
import math
import os
import random

import numpy as np
import torch
import torch.nn.functional as F

MODES = {1: ['nearest', 'nearest-exact', 'linear'], 2: ['nearest', 'nearest-exact', 'bilinear', 'bicubic'],
         3: ['nearest', 'nearest-exact', 'trilinear']}


def random_layer(rng):
    d = rng.choice([1, 1, 2, 2, 3])
    mode = rng.choice(MODES[d])
    channels = rng.choice([1, 2])
    ins = [rng.randint(1, 6 if d < 3 else 4) for _ in range(d)]
    align = rng.random() < 0.4 if mode not in ('nearest', 'nearest-exact') else None
    size, scale, recompute = None, None, False
    if rng.random() < 0.4:
        size = [rng.randint(1, 13 if d < 3 else 7) for _ in range(d)]
    else:
        while True:
            scale = [rng.choice([rng.uniform(0.2, 3.5), rng.randint(1, 4), round(rng.uniform(0.3, 3.2), 1),
                                 1 / rng.randint(2, 5)]) for _ in range(d)]
            if all(math.floor(i * s) >= 1 for i, s in zip(ins, scale)):
                break
        recompute = rng.random() < 0.3
    return mode, channels, ins, size, scale, align, recompute


def random_hard_layer(rng):
    """2-d/3-d layers, often with one channel (PyTorch's channels-last nearest kernel) and near-integer scales."""
    d = rng.choice([2, 3])
    interpolating = ['bilinear', 'bicubic'] if d == 2 else ['trilinear']
    mode = rng.choice(['nearest', 'nearest-exact'] if rng.random() < 0.6 else interpolating)
    channels = rng.choice([1, 1, 2])
    ins = [rng.randint(1, 8 if d == 2 else 4) for _ in range(d)]
    align = None if mode.startswith('nearest') else rng.random() < 0.3
    size, scale, recompute = None, None, False
    if rng.random() < 0.3:
        size = [rng.randint(1, 16 if d == 2 else 6) for _ in range(d)]
    else:
        while True:
            scale = [rng.choice([rng.uniform(0.3, 3.0), rng.randint(1, 3) + rng.choice([0, 1e-7, 1e-9, -1e-8, 0.05]),
                                 round(rng.uniform(0.3, 3), 2)]) for _ in range(d)]
            if all(math.floor(i * s) >= 1 for i, s in zip(ins, scale)):
                break
        recompute = rng.random() < 0.2
    return mode, channels, ins, size, scale, align, recompute


def matrices(mode, channels, ins, size, scale, align, recompute):
    kw = dict(mode=mode, size=size, scale_factor=scale, recompute_scale_factor=recompute)
    if align is not None:
        kw['align_corners'] = align
    p = channels * int(np.prod(ins))
    units = torch.eye(p, dtype=torch.float64).reshape(p, channels, *ins)
    y = F.interpolate(units, **kw)
    a = y.reshape(p, -1).T.numpy()
    x = torch.zeros(1, channels, *ins, dtype=torch.float64, requires_grad=True)
    out = F.interpolate(x, **kw)
    q = a.shape[0]
    g = torch.eye(q, dtype=torch.float64).reshape(q, *out.shape[1:])
    b = np.stack([torch.autograd.grad(out, x, g[k:k + 1], retain_graph=True)[0].reshape(-1).numpy()
                  for k in range(q)])
    return a, b, list(out.shape)


def main():
    rng = random.Random(11)
    cases = []
    while len(cases) < 180:
        draw = random_layer if len(cases) < 120 else random_hard_layer
        mode, channels, ins, size, scale, align, recompute = draw(rng)
        if channels * np.prod(ins) > 60:
            continue
        a, b, out_shape = matrices(mode, channels, ins, size, scale, align, recompute)
        if a.shape[0] > 400:
            continue
        r, c = np.nonzero(a)
        case = {'mode': mode, 'input_shape': [1, channels] + ins, 'output_shape': out_shape,
                'recompute_scale_factor': recompute, 'backward_minus_transpose': float(np.max(np.abs(a - b))),
                'rows': r.tolist(), 'cols': c.tolist(), 'values': [float(v) for v in a[r, c]]}
        if case['backward_minus_transpose'] > 1e-12:
            br, bc = np.nonzero(b)
            case['backward'] = {'rows': br.tolist(), 'cols': bc.tolist(), 'values': [float(v) for v in b[br, bc]]}
        if size is not None:
            case['size'] = size
        else:
            case['scale_factor'] = [float(s) for s in scale]
        if align is not None:
            case['align_corners'] = align
        cases.append(case)
    here = os.path.dirname(os.path.abspath(__file__))
    path = os.path.join(here, '..', 'resources', 'upsample', 'torch-matrices.json')
    with open(path, 'w') as f:
        json.dump({'torch': torch.__version__, 'cases': cases}, f, separators=(',', ':'))
        f.write('\n')
    print(path, len(cases), 'cases;', sum(c['backward_minus_transpose'] > 1e-12 for c in cases),
          'whose autograd backward is not the transpose')


if __name__ == '__main__':
    main()
