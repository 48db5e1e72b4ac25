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
 *       copies are summed by row ranges (see {@link #multiply} for the bounds-check-free scatter). (Splitting the rows instead, each thread reading its part of
 *       every column, measured twice as slow on the L layer: 175 ms against 93 ms on 2 threads.)</li>
 * </ul>
 * An instance keeps the private accumulators for reuse; not thread-safe (one product at a time).
 */
public final class CscProducts {
    private final int threads;
    private final int maskedRows;
    private double[][] partial = new double[0][];

    /** @param threads {@code >= 1} */
    public CscProducts(int threads) {
        this(threads, MASKED_ROWS);
    }

    /** For tests of both scatter kernels: power-of-two accumulators only up to {@code maskedRows} rows. */
    CscProducts(int threads, int maskedRows) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1 but was " + threads);
        }
        this.threads = threads;
        this.maskedRows = maskedRows;
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
     * Overwrites {@code y} with {@code A·x}. Column range {@code t} (one per thread, fixed) scatters into its
     * own accumulator, and the accumulators are then added by row ranges: race-free, and deterministic for
     * a fixed thread count (always added in the same order).
     *
     * <p>One accumulator per range, not two alternating by column parity (which keeps a column's loads of
     * {@code y_i} from waiting on the previous column's stores to the same {@code y_i}), measured side by
     * side in one process on 2026-12-01 (2 threads, medians): L 123–150 ms against 153–197 ms with two,
     * T 36–41 against 37–41, M 8.2 against 9.8, S 0.66 against 0.79. Plausibly because a second
     * accumulator doubles the lines a column keeps hot (64 output channels × a few lines each on L) past
     * what L1 holds; this VM has no performance counters to confirm it.
     *
     * <p>An accumulator is {@code 2^k >= rows} long (where that stays at most {@link #MASKED_ROWS} rows), and
     * the kernel indexes it with {@code rowIdx[p] & (2^k - 1)}: equal to {@code rowIdx[p]}, because every
     * {@link CscMatrix} holds rows in {@code [0, rows)} (checked by {@link CscMatrix#wrap}, established by
     * construction elsewhere), but visibly in bounds to the JIT, which then drops the range check of the
     * scatter. Measured on the L layer (148 M entries, 2 threads): 87–99 ms against 107–120 ms for the
     * range-checked loop with four entries per step.
     */
    public void multiply(CscMatrix a, double[] x, double[] y) {
        check(a, x.length, y.length);
        int rows = a.rows();
        int cols = a.cols();
        int pieces = threads;
        int length = accumulatorLength(rows, maskedRows);
        if (partial.length != pieces || partial[0].length != length) {
            partial = new double[pieces][length];
        }
        double[][] acc = partial;
        int[] cp = a.colPtrView();
        int[] ri = a.rowIdxView();
        double[] v = a.valuesView();
        Ranges.runPieces(threads, pieces, t -> {
            java.util.Arrays.fill(acc[t], 0, rows, 0.0);
            int from = (int) ((long) cols * t / pieces);
            int to = (int) ((long) cols * (t + 1) / pieces);
            if (length == Integer.highestOneBit(length)) {
                scatterMasked(cp, ri, v, x, from, to, acc[t]);
            } else {
                scatter(cp, ri, v, x, from, to, acc[t]);
            }
        });
        Ranges.run(threads, rows, 1 << 14, (from, to) -> {
            for (int i = from; i < to; i++) {
                double s = acc[0][i];
                for (int k = 1; k < acc.length; k++) {
                    s += acc[k][i];
                }
                y[i] = s;
            }
        });
    }

    /** Matrices with at most this many rows get power-of-two accumulators (at most 128 MiB each). */
    static final int MASKED_ROWS = 1 << 24;

    /** @return the accumulator length for {@code rows} rows: the next power of two, or {@code rows} if large */
    static int accumulatorLength(int rows, int maskedRows) {
        if (rows > maskedRows) {
            return rows;
        }
        return rows <= 1 ? 1 : Integer.highestOneBit(rows - 1) << 1;
    }

    /**
     * {@code acc[ri[p] & (acc.length - 1)] += v[p]·x[j]} for the columns {@code j} in {@code [from, to)};
     * {@code acc}'s length is a power of two above every row index. A plain loop: the JIT unrolls it itself
     * (hand-unrolling measured slower here).
     */
    private static void scatterMasked(int[] cp, int[] ri, double[] v, double[] x, int from, int to, double[] acc) {
        int mask = acc.length - 1;
        for (int j = from; j < to; j++) {
            double xj = x[j];
            int end = cp[j + 1];
            for (int p = cp[j]; p < end; p++) {
                acc[ri[p] & mask] += v[p] * xj;
            }
        }
    }

    /** {@code acc[ri[p]] += v[p]·x[j]} for the columns {@code j} in {@code [from, to)}. */
    private static void scatter(int[] cp, int[] ri, double[] v, double[] x, int from, int to, double[] acc) {
        for (int j = from; j < to; j++) {
            double xj = x[j];
            int end = cp[j + 1];
            for (int p = cp[j]; p < end; p++) {
                acc[ri[p]] += v[p] * xj;
            }
        }
    }

    private static void check(CscMatrix a, int xLength, int yLength) {
        if (xLength != a.cols() || yLength != a.rows()) {
            throw new IllegalArgumentException("vectors of lengths x=" + xLength + ", y=" + yLength + " do not fit the "
                    + a.rows() + "x" + a.cols() + " matrix");
        }
    }
}
