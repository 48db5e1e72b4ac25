package org.convmatrix.sparse;

import org.convmatrix.parallel.Ranges;

/**
 * Parallel products of a {@link CscMatrix} with vectors, without forming the transpose.
 *
 * <ul>
 *   <li>{@code x = Aᵀ·y}: entry {@code j} is the dot product of column {@code j} with {@code y}; column
 *       ranges go to threads, each writing only its own entries of {@code x}. Four partial sums break the
 *       floating-point add chain, so the result may differ from the sequential sum in the last bits (within
 *       the usual {@code γ_n·Σ|a||y|}).</li>
 *   <li>{@code y = A·x}: columns scatter {@code x_j·A(:, j)} into {@code y}, and different columns hit the
 *       same rows, so threads split the <em>rows</em>: each reads the part of every column that falls in
 *       its row range. Race-free, and each {@code y_i} is summed in the same order as sequentially, so the
 *       result equals {@link CscOps#multiply} bit for bit.</li>
 * </ul>
 * An instance caches the row split of the last matrix it multiplied; not thread-safe (one product at a time).
 */
public final class CscProducts {
    private final int threads;
    private CscMatrix splitOf;
    private int[] split;

    /** @param threads {@code >= 1} */
    public CscProducts(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1 but was " + threads);
        }
        this.threads = threads;
    }

    /** @return the number of threads */
    public int threads() {
        return threads;
    }

    /** Overwrites {@code x} with {@code Aᵀ·y}. */
    public void multiplyTranspose(CscMatrix a, double[] y, double[] x) {
        check(a, x.length, y.length);
        int[] cp = a.colPtrView();
        int[] ri = a.rowIdxView();
        double[] v = a.valuesView();
        Ranges.run(threads, a.cols(), 1 << 10, (from, to) -> {
            for (int j = from; j < to; j++) {
                int p = cp[j];
                int end = cp[j + 1];
                double s0 = 0;
                double s1 = 0;
                double s2 = 0;
                double s3 = 0;
                for (; p + 3 < end; p += 4) {
                    s0 += v[p] * y[ri[p]];
                    s1 += v[p + 1] * y[ri[p + 1]];
                    s2 += v[p + 2] * y[ri[p + 2]];
                    s3 += v[p + 3] * y[ri[p + 3]];
                }
                for (; p < end; p++) {
                    s0 += v[p] * y[ri[p]];
                }
                x[j] = (s0 + s1) + (s2 + s3);
            }
        });
    }

    /**
     * Overwrites {@code y} with {@code A·x}. Thread {@code t} owns the rows {@code [r_t, r_{t+1})} and reads,
     * in every column, only the entries in its rows (found once per matrix by binary search, since rows are
     * sorted): every entry is read once, every {@code y_i} written by one thread, no reduction needed.
     */
    public void multiply(CscMatrix a, double[] x, double[] y) {
        check(a, x.length, y.length);
        if (threads == 1) {
            CscOps.multiply(a, x, y);
            return;
        }
        int[] split = splitFor(a);
        int pieces = threads;
        int rows = a.rows();
        int cols = a.cols();
        int[] cp = a.colPtrView();
        int[] ri = a.rowIdxView();
        double[] v = a.valuesView();
        Ranges.runPieces(threads, pieces, t -> {
            int r0 = (int) ((long) rows * t / pieces);
            int r1 = (int) ((long) rows * (t + 1) / pieces);
            java.util.Arrays.fill(y, r0, r1, 0.0);
            for (int j = 0; j < cols; j++) {
                double xj = x[j];
                int end = t == pieces - 1 ? cp[j + 1] : split[j * (pieces - 1) + t];
                int start = t == 0 ? cp[j] : split[j * (pieces - 1) + t - 1];
                for (int p = start; p < end; p++) {
                    y[ri[p]] += v[p] * xj;
                }
            }
        });
    }

    /** For each column and each inner thread boundary {@code r_t}: the first entry with row {@code >= r_t}. */
    private int[] splitFor(CscMatrix a) {
        if (splitOf == a && split != null) {
            return split;
        }
        int pieces = threads;
        int[] cp = a.colPtrView();
        int[] ri = a.rowIdxView();
        int[] s = new int[Math.multiplyExact(a.cols(), pieces - 1)];
        for (int j = 0; j < a.cols(); j++) {
            for (int t = 1; t < pieces; t++) {
                int bound = (int) ((long) a.rows() * t / pieces);
                int lo = cp[j];
                int hi = cp[j + 1];
                while (lo < hi) {
                    int mid = (lo + hi) >>> 1;
                    if (ri[mid] < bound) {
                        lo = mid + 1;
                    } else {
                        hi = mid;
                    }
                }
                s[j * (pieces - 1) + t - 1] = lo;
            }
        }
        split = s;
        splitOf = a;
        return s;
    }

    private static void check(CscMatrix a, int xLength, int yLength) {
        if (xLength != a.cols() || yLength != a.rows()) {
            throw new IllegalArgumentException("vectors of lengths x=" + xLength + ", y=" + yLength + " do not fit the "
                    + a.rows() + "x" + a.cols() + " matrix");
        }
    }
}
