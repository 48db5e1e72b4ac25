#!/usr/bin/python3
"""Python peers of `convmatrix bench`, for side-by-side speed ratios on one machine (not a test).

For the four reference layers (S, M, L, T of issue 5 / BenchLayers) this builds W with two Python
routes and times SciPy's CSC products on it, printing one JSON object per line in bench's format:

  build_numpy_csc  numpy writing CSC directly: per-column counts in closed form, then each tap's
                   (row, value) pairs scattered into their column slots (vectorised, one thread)
  build_scipy_coo  the usual route: COO triplets of every tap, then scipy's tocsc()
  build_numba      numba writing CSC directly, in parallel over columns (prange, NUMBA_NUM_THREADS
                   threads, 2 here): closed-form column pointers, per-axis lists of the outputs
                   reading each input position, then each column's rows and values in one pass; into fresh np.empty arrays each time, as a Python user would
  build_numba_reuse the same kernel into arrays allocated once (like bench's reused buffers)
                   (numba is optional: without python3-numba these two lines are left out)
  matvec / rmatvec scipy's W @ x and W.T @ y on the CSC matrix (one thread, no transpose formed)

Both builders are checked against torch (W @ x == conv2d(x), or W.T @ y == conv_transpose2d(y)) before
anything is timed. Run with Debian's interpreter:

    /usr/bin/python3 src/test/python/peers.py [S M L T] [--repeat N]

and compare with `java -jar target/convmatrix.jar bench <the layer's flags> --repeat N`.
"""
import argparse
import json
import time

import numpy as np
import scipy.sparse as sp
import torch

try:
    import numba
except ImportError:  # the numba peer is optional
    numba = None

# name: (op, in, out, kernel, stride, padding, input size), as in BenchLayers
LAYERS = {
    "S": ("conv", 1, 1, 3, 1, 1, 256),
    "M": ("conv", 16, 16, 3, 1, 1, 64),
    "L": ("conv", 64, 64, 3, 1, 1, 64),
    "T": ("conv_transpose", 64, 32, 4, 2, 1, 32),
}


def conv_geometry(layer):
    """W as a Conv2d matrix: (out channels, in channels, k, s, p, input n, output m) and the weight view."""
    op, cin, cout, k, s, p, n = layer
    if op == "conv":
        m = (n + 2 * p - k) // s + 1
        return cout, cin, k, s, p, n, m
    # ConvTranspose2d(cin -> cout) on n x n is W^T y for W = Conv2d(cout -> cin) on its n' x n' output
    n_out = (n - 1) * s - 2 * p + k
    return cin, cout, k, s, p, n_out, n


def taps(k, s, p, n, m):
    """Per kernel offset along one axis: the (output, input) index pairs it connects."""
    out = []
    for kk in range(k):
        o = np.arange(m)
        i = o * s - p + kk
        ok = (i >= 0) & (i < n)
        out.append((o[ok], i[ok]))
    return out


def axis_counts(k, s, p, n, m):
    """Per input position along one axis: how many outputs read it (closed form over the taps)."""
    cnt = np.zeros(n, dtype=np.int64)
    for o, i in taps(k, s, p, n, m):
        np.add.at(cnt, i, 1)
    return cnt


def build_scipy_coo(w, geo):
    co, ci, k, s, p, n, m = geo
    t = taps(k, s, p, n, m)
    rows, cols, vals = [], [], []
    chan_r = (np.arange(co) * m * m)[:, None, None]
    chan_c = (np.arange(ci) * n * n)[None, :, None]
    for ky in range(k):
        oy, iy = t[ky]
        for kx in range(k):
            ox, ix = t[kx]
            r = (oy[:, None] * m + ox[None, :]).ravel()
            c = (iy[:, None] * n + ix[None, :]).ravel()
            rows.append(np.broadcast_to(chan_r + r[None, None, :], (co, ci, r.size)).ravel())
            cols.append(np.broadcast_to(chan_c + c[None, None, :], (co, ci, c.size)).ravel())
            vals.append(np.broadcast_to(w[:, :, ky, kx][:, :, None], (co, ci, r.size)).ravel())
    coo = sp.coo_matrix((np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
                        shape=(co * m * m, ci * n * n))
    return coo.tocsc()


def build_numpy_csc(w, geo):
    """CSC straight away: column (c, iy, ix) holds, for every output channel o, the taps reaching it."""
    co, ci, k, s, p, n, m = geo
    t = taps(k, s, p, n, m)
    cnt = axis_counts(k, s, p, n, m)
    per_pos = (cnt[:, None] * cnt[None, :]).ravel() * co  # entries of column (c, iy, ix), any c
    counts = np.tile(per_pos, ci)
    colptr = np.zeros(ci * n * n + 1, dtype=np.int64)
    np.cumsum(counts, out=colptr[1:])
    nnz = int(colptr[-1])
    rowidx = np.empty(nnz, dtype=np.int32)
    values = np.empty(nnz, dtype=np.float64)
    # within a column, rows are sorted by (o, oy, ox): slot = o * cnt(iy) * cnt(ix) + rank_y * cnt(ix) + rank_x,
    # where rank is the position of the output among those reaching the input (outputs ascend as k descends)
    rank = [None] * k
    seen = np.zeros(n, dtype=np.int64)
    for kk in reversed(range(k)):
        o, i = t[kk]
        rank[kk] = (o, i, seen[i].copy())
        seen[i] += 1
    base = colptr[:-1].reshape(ci, n, n)
    cy = cnt[:, None]
    cx = cnt[None, :]
    for ky in range(k):
        oy, iy, ry = rank[ky]
        for kx in range(k):
            ox, ix, rx = rank[kx]
            # (ci, co, |iy|, |ix|) slots and rows
            slot = (base[:, iy][:, :, ix][:, None, :, :]
                    + np.arange(co)[None, :, None, None] * (cy[iy] * cx[:, ix])[None, None, :, :]
                    + (ry[:, None] * cx[:, ix])[None, None, :, :] + rx[None, None, None, :])
            row = (np.arange(co)[None, :, None, None] * m * m + (oy[:, None] * m + ox[None, :])[None, None, :, :])
            rowidx[slot.ravel()] = np.broadcast_to(row, slot.shape).ravel()
            values[slot.ravel()] = np.broadcast_to(w[:, :, ky, kx].T[:, :, None, None], slot.shape).ravel()
    return sp.csc_matrix((values, rowidx, colptr.astype(np.int32)), shape=(co * m * m, ci * n * n))


def axis_lists(k, s, p, n, m):
    """Per input position along one axis: the outputs reading it, ascending, and the taps they read it by."""
    cnt = axis_counts(k, s, p, n, m)
    outs = np.zeros((n, k), dtype=np.int64)
    tps = np.zeros((n, k), dtype=np.int64)
    fill = np.zeros(n, dtype=np.int64)
    t = taps(k, s, p, n, m)
    for kk in reversed(range(k)):  # outputs ascend as the tap descends
        o, i = t[kk]
        outs[i, fill[i]] = o
        tps[i, fill[i]] = kk
        fill[i] += 1
    return cnt, outs, tps


if numba is not None:
    @numba.njit(parallel=True, cache=False)
    def _fill_numba(w, co, ci, n, m, cnt, outs, tps, colptr, rowidx, values):
        nn = n * n
        for col in numba.prange(ci * nn):
            c = col // nn
            iy = (col % nn) // n
            ix = col % n
            pos = colptr[col]
            for o in range(co):
                for a in range(cnt[iy]):
                    rb = (o * m + outs[iy, a]) * m
                    ky = tps[iy, a]
                    for b in range(cnt[ix]):
                        rowidx[pos] = rb + outs[ix, b]
                        values[pos] = w[o, c, ky, tps[ix, b]]
                        pos += 1


def numba_pattern(geo):
    co, ci, k, s, p, n, m = geo
    cnt = axis_counts(k, s, p, n, m)
    counts = np.tile((cnt[:, None] * cnt[None, :]).ravel() * co, ci)
    colptr = np.zeros(ci * n * n + 1, dtype=np.int64)
    np.cumsum(counts, out=colptr[1:])
    return colptr


def build_numba(w, geo, colptr=None, rowidx=None, values=None):
    """CSC written by numba in parallel over columns; fresh arrays unless given."""
    co, ci, k, s, p, n, m = geo
    cnt, outs, tps = axis_lists(k, s, p, n, m)
    if colptr is None:
        colptr = numba_pattern(geo)
        nnz = int(colptr[-1])
        rowidx = np.empty(nnz, dtype=np.int32)
        values = np.empty(nnz, dtype=np.float64)
    _fill_numba(w, co, ci, n, m, cnt, outs, tps, colptr, rowidx, values)
    return colptr, rowidx, values


def numba_matrix(arrays, geo):
    co, ci, k, s, p, n, m = geo
    colptr, rowidx, values = arrays
    return sp.csc_matrix((values, rowidx, colptr.astype(np.int32)), shape=(co * m * m, ci * n * n))


def check(W, layer, wt):
    op, cin, cout, k, s, p, n = layer
    rng = np.random.default_rng(3)
    if op == "conv":
        x = rng.uniform(-1, 1, (1, cin, n, n))
        ref = torch.nn.functional.conv2d(torch.from_numpy(x), torch.from_numpy(wt), stride=s, padding=p)
        got = W @ x.ravel()
    else:
        y = rng.uniform(-1, 1, (1, cin, n, n))
        ref = torch.nn.functional.conv_transpose2d(torch.from_numpy(y), torch.from_numpy(wt), stride=s, padding=p)
        got = W.T @ y.ravel()
    err = np.max(np.abs(got - ref.numpy().ravel()))
    if not err <= 1e-12 * max(1.0, float(np.max(np.abs(got)))) * k * k * max(cin, cout):
        raise SystemExit(f"peer W disagrees with torch: max error {err}")


def timed(fn, repeat):
    fn()
    ts = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        ts.append(time.perf_counter() - t0)
    ts.sort()
    return ts[len(ts) // 2], ts[0], ts[-1]


def line(name, layer, what, nnz, t, threads=1):
    print(json.dumps({"layer": name, "what": what, "nnz": nnz, "median_s": t[0], "min_s": t[1], "max_s": t[2],
                      "threads": threads}), flush=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("layers", nargs="*", default=["S", "M", "L", "T"])
    ap.add_argument("--repeat", type=int, default=5)
    a = ap.parse_args()
    for name in a.layers:
        layer = LAYERS[name]
        geo = conv_geometry(layer)
        co, ci, k = geo[0], geo[1], geo[2]
        rng = np.random.default_rng(1)
        wt = rng.uniform(-1, 1, (co, ci, k, k))  # Conv2d [out, in, k, k]; ConvTranspose2d [in, out, k, k]
        W = build_numpy_csc(wt, geo)
        check(W, layer, wt)
        check(build_scipy_coo(wt, geo), layer, wt)
        nnz = int(W.nnz)
        if numba is not None:
            wc = np.ascontiguousarray(wt)
            got = numba_matrix(build_numba(wc, geo), geo)
            check(got, layer, wt)
            if (got != W).nnz != 0:
                raise SystemExit("numba peer's W differs from the numpy peer's")
            threads = numba.get_num_threads()
            line(name, layer, "build_numba", nnz, timed(lambda: build_numba(wc, geo), a.repeat), threads)
            reuse = build_numba(wc, geo)
            line(name, layer, "build_numba_reuse", nnz, timed(lambda: build_numba(wc, geo, *reuse), a.repeat), threads)
            del got, reuse
        line(name, layer, "build_numpy_csc", nnz, timed(lambda: build_numpy_csc(wt, geo), a.repeat))
        line(name, layer, "build_scipy_coo", nnz, timed(lambda: build_scipy_coo(wt, geo), max(1, a.repeat // 2)))
        x = rng.uniform(-1, 1, W.shape[1])
        y = rng.uniform(-1, 1, W.shape[0])
        line(name, layer, "matvec", nnz, timed(lambda: W @ x, a.repeat))
        line(name, layer, "rmatvec", nnz, timed(lambda: W.T @ y, a.repeat))


if __name__ == "__main__":
    main()
