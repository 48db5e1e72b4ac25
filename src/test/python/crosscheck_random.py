"""Cross-check random layers against PyTorch, end to end through the command line.

Generates random valid layers (1-D to 3-D, conv and conv_transpose, channels, groups, stride, dilation,
every padding form and mode, output_padding, bias, batches), writes each as a case file, runs
`java -jar target/convmatrix.jar apply CASE --via matrix|direct|matrix_free`, and compares the output
with PyTorch's (float64) to a relative tolerance of 1e-9 (|a - b| <= 1e-9 * max(1, |b|)).

Run from the repository root after `mvn -q -DskipTests package`, with Debian's python3-torch:
    /usr/bin/python3 src/test/python/crosscheck_random.py [COUNT] [SEED]
Exits 1 on the first mismatch, printing the case file it kept.
"""
import json
import os
import random
import subprocess
import sys
import tempfile

import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)
JAR = os.environ.get("CONVMATRIX_JAR", "target/convmatrix.jar")


def conv_fn(d):
    return [None, F.conv1d, F.conv2d, F.conv3d][d]


def convt_fn(d):
    return [None, F.conv_transpose1d, F.conv_transpose2d, F.conv_transpose3d][d]


def random_case(rng):
    d = rng.randint(1, 3)
    op = rng.choice(["conv", "conv_transpose"])
    g = rng.randint(1, 3)
    cin, cout = g * rng.randint(1, 2), g * rng.randint(1, 3)
    k = [rng.randint(1, 3 if d == 3 else 4) for _ in range(d)]
    dil = [rng.randint(1, 2) for _ in range(d)]
    case = {"op": op, "in_channels": cin, "out_channels": cout, "groups": g, "kernel_size": k,
            "dilation": dil}
    if op == "conv":
        mode = rng.choice(["zeros", "reflect", "replicate", "circular"])
        form = rng.choice(["int", "pairs", "same", "valid"])
        stride = [1] * d if form == "same" else [rng.randint(1, 3) for _ in range(d)]
        if form == "same":
            pads = [(dl * (kk - 1) // 2, dl * (kk - 1) - dl * (kk - 1) // 2) for kk, dl in zip(k, dil)]
        elif form == "valid":
            pads = [(0, 0)] * d
        elif form == "int":
            pads = [(p, p) for p in (rng.randint(0, 2) for _ in range(d))]
        else:
            pads = [(rng.randint(0, 2), rng.randint(0, 2)) for _ in range(d)]
        n = []
        for (pb, pa), kk, dl in zip(pads, k, dil):
            lo = max(1, dl * (kk - 1) + 1 - pb - pa)
            if mode == "reflect":
                lo = max(lo, max(pb, pa) + 1)
            if mode == "circular":
                lo = max(lo, max(pb, pa))
            n.append(rng.randint(lo, lo + (3 if d == 3 else 5)))
        case.update({"stride": stride, "padding_mode": mode,
                     "padding": form if form in ("same", "valid") else
                     ([p for p, _ in pads] if form == "int" else [list(p) for p in pads])})
        wshape = [cout, cin // g] + k
    else:
        stride = [rng.randint(1, 3) for _ in range(d)]
        opad = [rng.randint(0, max(s, dl) - 1) for s, dl in zip(stride, dil)]
        n = [rng.randint(1, 3 if d == 3 else 5) for _ in range(d)]
        pad = []
        for nn, kk, s, dl, o in zip(n, k, stride, dil, opad):
            full = (nn - 1) * s + dl * (kk - 1) + 1 + o
            pad.append(rng.randint(0, min(2, (full - 1) // 2)))
        case.update({"stride": stride, "padding": pad, "output_padding": opad})
        wshape = [cin, cout // g] + k
    batch = rng.randint(1, 2)
    w = torch.randn(wshape)
    b = torch.randn(cout) if rng.random() < 0.5 else None
    x = torch.randn([batch, cin] + n)
    if op == "conv":
        pads = case["padding"]
        if pads == "same" or pads == "valid":
            y = torch.nn.modules.conv.__dict__["Conv%dd" % d](cin, cout, k, stride=stride, padding=pads,
                                                              dilation=dil, groups=g, bias=b is not None,
                                                              padding_mode=case["padding_mode"])
            with torch.no_grad():
                y.weight.copy_(w)
                if b is not None:
                    y.bias.copy_(b)
                out = y(x)
        else:
            pairs = [(p, p) if isinstance(p, int) else tuple(p) for p in pads]
            flat = [v for pr in reversed(pairs) for v in pr]
            mode = case["padding_mode"]
            xp = F.pad(x, flat, mode="constant" if mode == "zeros" else mode)
            out = conv_fn(d)(xp, w, b, stride=stride, dilation=dil, groups=g)
    else:
        out = convt_fn(d)(x, w, b, stride=stride, padding=case["padding"], output_padding=case["output_padding"],
                          groups=g, dilation=dil)
    t = lambda v: {"shape": list(v.shape), "data": v.flatten().tolist()}
    case.update({"weight": t(w), "bias": None if b is None else t(b), "input": t(x)})
    return case, out


def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    rng = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 1)
    torch.manual_seed(rng.randint(0, 2**31))
    worst = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(count):
            case, expected = random_case(rng)
            path = os.path.join(tmp, "case.json")
            with open(path, "w") as f:
                json.dump(case, f)
            for via in ("matrix", "direct", "matrix_free"):
                r = subprocess.run(["java", "-jar", JAR, "apply", path, "--via", via], capture_output=True, text=True)
                if r.returncode != 0:
                    keep = "crosscheck-failure.json"
                    json.dump(case, open(keep, "w"))
                    sys.exit(f"case {i} via {via}: exit {r.returncode}: {r.stderr.strip()} (kept {keep})")
                got = json.loads(r.stdout)
                exp = expected.flatten().tolist()
                if got["shape"] != list(expected.shape):
                    sys.exit(f"case {i} via {via}: shape {got['shape']} != {list(expected.shape)}")
                for a, b in zip(got["data"], exp):
                    err = abs(a - b) / max(1.0, abs(b))
                    worst = max(worst, err)
                    if err > 1e-9:
                        keep = "crosscheck-failure.json"
                        json.dump(case, open(keep, "w"))
                        sys.exit(f"case {i} via {via}: {a} != {b} (kept {keep})")
    print(f"{count} random cases x 3 paths match PyTorch; worst relative error {worst:.3g}")


if __name__ == "__main__":
    main()
