package org.convmatrix.bench;

import java.util.Arrays;
import org.convmatrix.parallel.Ranges;

/**
 * What the memory allows for arrays the size of {@code W}'s: a plain multi-threaded write ({@link Arrays#fill} of
 * a {@code double[nnz]} and an {@code int[nnz]}, the 12 bytes per nonzero any build must write) and a plain
 * multi-threaded read (sums of both arrays: four partial sums of the values, one vectorisable int sum of the rows, per piece). A build
 * or a product can be read against these as "how close to the memory", not only against a peer.
 * Not thread-safe (the arrays are reused across calls).
 */
public final class MemoryLimits {
    private final double[] values;
    private final int[] rows;
    private final int threads;
    private volatile double sink;

    /** Allocates (and touches) the two arrays. */
    public MemoryLimits(int nnz, int threads) {
        this.values = new double[nnz];
        this.rows = new int[nnz];
        this.threads = threads;
        write();
    }

    /** @return the bytes one write or read moves */
    public long bytes() {
        return 12L * values.length;
    }

    /** Writes both arrays on {@code threads} threads. */
    public void write() {
        double v = sink + 1;
        Ranges.run(threads, values.length, 1 << 16, (from, to) -> {
            Arrays.fill(values, from, to, v);
            Arrays.fill(rows, from, to, (int) v);
        });
    }

    /** Reads both arrays on {@code threads} threads. */
    public void read() {
        int n = values.length;
        int pieces = (int) Math.max(1, Math.min(4L * threads, n / (1 << 16)));
        double[] part = new double[pieces];
        Ranges.runPieces(threads, pieces, p -> {
            int from = (int) ((long) n * p / pieces);
            int to = (int) ((long) n * (p + 1) / pieces);
            double s0 = 0;
            double s1 = 0;
            double s2 = 0;
            double s3 = 0;
            int i = from;
            for (; i + 3 < to; i += 4) {
                s0 += values[i];
                s1 += values[i + 1];
                s2 += values[i + 2];
                s3 += values[i + 3];
            }
            for (; i < to; i++) {
                s0 += values[i];
            }
            int r = 0;
            for (int j = from; j < to; j++) {
                r += rows[j];
            }
            part[p] = s0 + s1 + s2 + s3 + r;
        });
        double s = 0;
        for (double x : part) {
            s += x;
        }
        sink = s;
    }
}
