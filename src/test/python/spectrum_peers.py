#!/usr/bin/python3
"""Python peers of `convmatrix spectrum`: sigma_max of a conv layer by the methods papers use, side by side
with the certified Lanczos of the jar (not a test; a measurement on one machine).

  torch_product   one W x (conv2d) and one W^T W x (conv2d then conv_transpose2d), median ms
  arpack          SciPy's ARPACK eigsh(W^T W, k=1, which='LM', tol in --arpack-tol) on a LinearOperator over the same torch
                  calls: products, seconds, sigma (no error bound)
  power           power iteration through the same calls until sigma is within --rel (1e-6) of the reference
                  (the midpoint of the jar's certified interval, else ARPACK's value): steps, seconds
  java            `java -jar target/convmatrix.jar spectrum <flags> --json --threads T` (its JSON, plus wall time)

The weights are the jar's flag weights (java.util.Random(seed), uniform in [-1, 1] rounded to two decimals, never 0),
so every method sees the same matrix; the script checks that ARPACK's sigma lies in the jar's interval (widened by
ARPACK's own residual bound). Default layer: Conv2d 64->64, 3x3, padding 1, on 56x56, float64, 2 threads.

    /usr/bin/python3 src/test/python/spectrum_peers.py [--input 56] [--threads 2] [--skip-power] [--skip-java]
    /usr/bin/python3 src/test/python/spectrum_peers.py --check-small   # torch.linalg.svdvals vs the jar, small layers
    /usr/bin/python3 src/test/python/spectrum_peers.py --products [--input 64] [--rounds 3]   # the products alone
"""
import argparse
import json
import os
import subprocess
import time

import numpy as np
import torch
import torch.nn.functional as F
from scipy.sparse.linalg import LinearOperator, eigsh


class JavaRandom:
    """java.util.Random's 48-bit LCG: enough of it for nextDouble()."""

    def __init__(self, seed):
        self.seed = (seed ^ 0x5DEECE66D) & ((1 << 48) - 1)

    def _next(self, bits):
        self.seed = (self.seed * 0x5DEECE66D + 0xB) & ((1 << 48) - 1)
        return self.seed >> (48 - bits)

    def next_double(self):
        return ((self._next(26) << 27) + self._next(27)) * 2.0 ** -53


def flag_weights(n, seed):
    """LayerOptions.randomValues(new Random(seed), n)."""
    rnd = JavaRandom(seed)
    out = np.empty(n)
    for i in range(n):
        while True:
            x = np.floor((rnd.next_double() * 2 - 1) * 100 + 0.5) / 100.0
            if x != 0:
                break
        out[i] = x
    return out


SMALL = [  # (in, out, kernel, stride, padding, padding_mode, n): 2-D layers small enough to probe
    (2, 3, 3, 1, 1, "zeros", 6), (2, 2, 3, 2, 1, "zeros", 7), (1, 2, 3, 1, 1, "circular", 5),
    (2, 2, 3, 1, 1, "reflect", 5), (3, 2, 2, 1, 1, "replicate", 6), (4, 4, 3, 1, 0, "zeros", 6),
]


def check_small(jar, seed):
    """torch.linalg.svdvals of the probed matrix (column j = conv(e_j)) against the jar's certified top 3 and rank."""
    for cin, cout, k, s, p, mode, n in SMALL:
        w = torch.tensor(flag_weights(cout * cin * k * k, seed)).reshape(cout, cin, k, k)
        conv = torch.nn.Conv2d(cin, cout, k, stride=s, padding=p, padding_mode=mode, bias=False).double()
        conv.weight.data = w
        eye = torch.eye(cin * n * n, dtype=torch.float64).reshape(-1, cin, n, n)
        with torch.no_grad():
            a = conv(eye).reshape(cin * n * n, -1).T
        sv = torch.linalg.svdvals(a)
        rank = int(torch.linalg.matrix_rank(a))
        flags = ["--in-channels", str(cin), "--out-channels", str(cout), "--kernel", f"{k},{k}", "--stride", str(s),
                 "--padding", str(p), "--padding-mode", mode, "--input", f"{n},{n}", "--seed", str(seed), "--top", "3",
                 "--tol", "1e-10", "--json", "--threads", "1"]
        out = json.loads(subprocess.run(["java", "-jar", jar, "spectrum"] + flags, check=True, capture_output=True,
                                        text=True).stdout)
        slack = 1e-12 * float(sv[0])
        inside = [bool(lo - slack <= float(sv[i]) <= hi + slack) for i, (lo, hi) in enumerate(out["top"])]
        print(json.dumps({"what": "svdvals_check", "layer": [cin, cout, k, s, p, mode, n], "torch_top": sv[:3].tolist(),
                          "java_top": out["top"], "inside": inside, "torch_rank": rank, "java_rank": out.get("rank"),
                          "ok": all(inside) and rank == out.get("rank")}), flush=True)


def time_torch(x, w, count):
    """Seconds of `count` conv2d calls and of the conv_transpose2d that follows each (padding 1)."""
    tw, tt = [], []
    for _ in range(count):
        t0 = time.perf_counter()
        y = F.conv2d(x, w, padding=1)
        t1 = time.perf_counter()
        F.conv_transpose2d(y, w, padding=1)
        t2 = time.perf_counter()
        tw.append(t1 - t0)
        tt.append(t2 - t1)
    return tw, tt


def compare_products(a, w, c, n):
    """Medians (ms) of torch's conv2d / conv_transpose2d and the jar's matrix-free products, alternating rounds."""
    x = torch.randn((1, c, n, n), dtype=torch.float64, generator=torch.Generator().manual_seed(0))
    flags = ["--in-channels", str(c), "--out-channels", str(c), "--kernel", "3,3", "--padding", "1,1",
             "--input", f"{n},{n}", "--seed", str(a.seed), "--threads", str(a.threads), "--repeat", "40", "--no-fork",
             "--what", "matrix_free,matrix_free_adjoint"]
    for r in range(a.rounds):
        tw, tt = time_torch(x, w, 42)
        out = subprocess.run(["java", "-jar", a.jar, "bench"] + flags, check=True, capture_output=True,
                             text=True).stdout
        jar = {d["what"]: 1e3 * d["median_s"] for d in map(json.loads, out.splitlines()) if d.get("what")}
        rec = {"what": "products", "round": r + 1, "layer": f"Conv2d {c}->{c} 3x3 pad 1 on {n}x{n}", "threads": a.threads,
               "torch_conv2d_ms": 1e3 * float(np.median(tw[2:])),
               "torch_conv_transpose2d_ms": 1e3 * float(np.median(tt[2:])),
               "jar_matrix_free_ms": jar["matrix_free"], "jar_matrix_free_adjoint_ms": jar["matrix_free_adjoint"]}
        rec["ratio_forward"] = rec["jar_matrix_free_ms"] / rec["torch_conv2d_ms"]
        rec["ratio_adjoint"] = rec["jar_matrix_free_adjoint_ms"] / rec["torch_conv_transpose2d_ms"]
        print(json.dumps(rec), flush=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--channels", type=int, default=64)
    ap.add_argument("--input", type=int, default=56)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--rel", type=float, default=1e-6)
    ap.add_argument("--power-max-steps", type=int, default=3000)
    ap.add_argument("--skip-power", action="store_true")
    ap.add_argument("--skip-java", action="store_true")
    ap.add_argument("--skip-arpack", action="store_true")
    ap.add_argument("--arpack-tol", default="0,1e-6", help="eigsh tolerances to run, comma-separated (0 = machine precision)")
    ap.add_argument("--jar", default=os.path.join(os.path.dirname(__file__), "../../../target/convmatrix.jar"))
    ap.add_argument("--check-small", action="store_true", help="only the torch.linalg.svdvals cross-check of small layers")
    ap.add_argument("--products", action="store_true",
                    help="only the products: torch's conv2d and conv_transpose2d against the jar's matrix-free W x and "
                         "W^T y (`bench --what matrix_free,matrix_free_adjoint --no-fork`), alternating rounds")
    ap.add_argument("--rounds", type=int, default=3)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    if a.check_small:
        check_small(a.jar, a.seed)
        return
    c, n = a.channels, a.input
    w = torch.tensor(flag_weights(c * c * 9, a.seed)).reshape(c, c, 3, 3)
    if a.products:
        compare_products(a, w, c, n)
        return
    shape = (1, c, n, n)
    count = {"products": 0}

    def wtw(v):
        count["products"] += 1
        x = torch.from_numpy(np.ascontiguousarray(v, dtype=np.float64)).reshape(shape)
        y = F.conv2d(x, w, padding=1)
        return F.conv_transpose2d(y, w, padding=1).reshape(-1).numpy()

    x0 = torch.randn(shape, dtype=torch.float64, generator=torch.Generator().manual_seed(0))
    times_w, times_t = time_torch(x0, w, 12)
    times_b = [a + b for a, b in zip(times_w, times_t)]
    print(json.dumps({"what": "torch_product", "conv2d_ms": 1e3 * float(np.median(times_w[2:])),
                      "wtw_ms": 1e3 * float(np.median(times_b[2:])), "threads": a.threads}), flush=True)

    java = None
    if not a.skip_java:
        flags = ["--in-channels", str(c), "--out-channels", str(c), "--kernel", "3,3", "--padding", "1",
                 "--input", f"{n},{n}", "--seed", str(a.seed), "--threads", str(a.threads), "--json", "--no-progress",
                 "--tol", str(a.rel)]
        t0 = time.perf_counter()
        # as users run it: no JVM options (huge pages, which help `bench` build W, slowed this run by 20-40 %:
        # the Lanczos vectors are allocated fresh every step and each new 2 MiB page is zeroed on first touch)
        out = subprocess.run(["java", "-jar", a.jar, "spectrum"] + flags,
                             check=True, capture_output=True, text=True).stdout
        wall = time.perf_counter() - t0
        java = json.loads(out)
        print(json.dumps({"what": "java", "sigma_max": java["sigma_max"], "products": java["products"],
                          "abs_products": java["abs_products"], "steps": java["steps"], "lanczos_s": java["seconds"],
                          "process_wall_s": wall, "converged": java["converged"]}), flush=True)

    op = LinearOperator((c * n * n, c * n * n), matvec=wtw, dtype=np.float64)
    sigma_arpack = None
    for tol in [] if a.skip_arpack else [float(t) for t in a.arpack_tol.split(",")]:
        count["products"] = 0
        t0 = time.perf_counter()
        lam, vec = eigsh(op, k=1, which="LM", tol=tol, v0=x0.reshape(-1).numpy())
        t_arpack = time.perf_counter() - t0
        arpack_products = count["products"]
        v = vec[:, 0]
        resid = float(np.linalg.norm(wtw(v) - lam[0] * v))
        sigma_arpack = float(np.sqrt(lam[0]))
        rec = {"what": "arpack", "tol": tol, "sigma": sigma_arpack, "products": arpack_products, "seconds": t_arpack,
               "residual_wtw": resid}
        if java is not None:
            lo, hi = java["sigma_max"]
            # some eigenvalue lies within resid of lam, so a sigma within about resid/(2 sigma)
            slack = resid / (2 * sigma_arpack)
            rec["inside_java_interval"] = bool(lo - slack <= sigma_arpack <= hi + slack)
            rec["relative_error_to_java_mid"] = abs(sigma_arpack - 0.5 * (lo + hi)) / (0.5 * (lo + hi))
            rec["java_speedup"] = t_arpack / java["seconds"]
        print(json.dumps(rec), flush=True)

    if not a.skip_power:
        ref = 0.5 * sum(java["sigma_max"]) if java is not None else sigma_arpack
        if ref is None:
            raise SystemExit("power iteration needs a reference: run the jar or ARPACK too")
        x = x0.reshape(-1).numpy().copy()
        x /= np.linalg.norm(x)
        t0 = time.perf_counter()
        steps, sigma = 0, 0.0
        while steps < a.power_max_steps:
            y = wtw(x)
            steps += 1
            sigma = float(np.sqrt(max(0.0, x @ y)))
            if abs(sigma - ref) <= a.rel * ref:
                break
            x = y / np.linalg.norm(y)
        print(json.dumps({"what": "power", "sigma": sigma, "steps": steps, "seconds": time.perf_counter() - t0,
                          "reached": abs(sigma - ref) <= a.rel * ref, "relative_error": abs(sigma - ref) / ref,
                          "reference": ref}), flush=True)


if __name__ == "__main__":
    main()
