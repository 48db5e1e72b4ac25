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
 *       same rows, so each thread accumulates its column range into a private copy of {@code y}, and the
 *       copies are summed by row ranges. (Splitting the rows instead, each thread reading its part of
 *       every column, measured twice as slow on the L layer: 175 ms against 93 ms on 2 threads.)</li>
 * </ul>
 * An instance keeps the private accumulators for reuse; not thread-safe (one product at a time).
 */
public final class CscProducts {
    private final int threads;
    private double[][] partial = new double[0][];

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
     * Overwrites {@code y} with {@code A·x}. Thread {@code t} scatters its range of columns into a private
     * accumulator; the accumulators are then added by row ranges. Race-free, and deterministic for a
     * fixed thread count (the accumulators are added in thread order).
     */
    public void multiply(CscMatrix a, double[] x, double[] y) {
        check(a, x.length, y.length);
        if (threads == 1) {
            CscOps.multiply(a, x, y);
            return;
        }
        int rows = a.rows();
        int cols = a.cols();
        int pieces = threads;
        if (partial.length < pieces || partial[0].length < rows) {
            partial = new double[pieces][rows];
        }
        double[][] acc = partial;
        int[] cp = a.colPtrView();
        int[] ri = a.rowIdxView();
        double[] v = a.valuesView();
        Ranges.runPieces(threads, pieces, t -> {
            double[] own = acc[t];
            java.util.Arrays.fill(own, 0, rows, 0.0);
            int from = (int) ((long) cols * t / pieces);
            int to = (int) ((long) cols * (t + 1) / pieces);
            for (int j = from; j < to; j++) {
                CscOps.scatterColumn(ri, v, cp[j], cp[j + 1], x[j], own);
            }
        });
        Ranges.run(threads, rows, 1 << 14, (from, to) -> {
            for (int i = from; i < to; i++) {
                double s = acc[0][i];
                for (int k = 1; k < pieces; k++) {
                    s += acc[k][i];
                }
                y[i] = s;
            }
        });
    }

    private static void check(CscMatrix a, int xLength, int yLength) {
        if (xLength != a.cols() || yLength != a.rows()) {
            throw new IllegalArgumentException("vectors of lengths x=" + xLength + ", y=" + yLength + " do not fit the "
                    + a.rows() + "x" + a.cols() + " matrix");
        }
    }
}
