package org.convmatrix.io;

import java.util.Arrays;
import org.convmatrix.sparse.CscMatrix;

/**
 * Builds a {@link CscMatrix} from coordinate triplets {@code (row, col, value)} given in any order:
 * a per-column histogram (count, prefix sum, fill), then each column's rows sorted and duplicates summed
 * (the Matrix Market convention). Package-private helper of the readers. Not thread-safe.
 */
final class TripletMatrixBuilder {
    private final int rows;
    private final int cols;
    private int size;
    private int[] r;
    private int[] c;
    private double[] v;

    TripletMatrixBuilder(int rows, int cols, int expected) {
        this.rows = rows;
        this.cols = cols;
        int cap = Math.max(1, expected);
        r = new int[cap];
        c = new int[cap];
        v = new double[cap];
    }

    void add(int row, int col, double value) {
        if (size == r.length) {
            int cap = Math.max(4, Math.multiplyExact(size, 2));
            r = Arrays.copyOf(r, cap);
            c = Arrays.copyOf(c, cap);
            v = Arrays.copyOf(v, cap);
        }
        r[size] = row;
        c[size] = col;
        v[size] = value;
        size++;
    }

    CscMatrix build() {
        int[] cp = new int[cols + 1];
        for (int p = 0; p < size; p++) {
            cp[c[p] + 1]++;
        }
        for (int j = 0; j < cols; j++) {
            cp[j + 1] += cp[j];
        }
        int[] next = Arrays.copyOf(cp, cols);
        int[] ri = new int[size];
        double[] vals = new double[size];
        for (int p = 0; p < size; p++) {
            int q = next[c[p]]++;
            ri[q] = r[p];
            vals[q] = v[p];
        }
        // sort rows within each column (insertion sort on (row, value) pairs), merge duplicates
        int[] outPtr = new int[cols + 1];
        int w = 0;
        for (int j = 0; j < cols; j++) {
            int lo = cp[j];
            int hi = cp[j + 1];
            for (int p = lo + 1; p < hi; p++) {
                int rk = ri[p];
                double vk = vals[p];
                int q = p - 1;
                while (q >= lo && ri[q] > rk) {
                    ri[q + 1] = ri[q];
                    vals[q + 1] = vals[q];
                    q--;
                }
                ri[q + 1] = rk;
                vals[q + 1] = vk;
            }
            for (int p = lo; p < hi; p++) {
                if (w > outPtr[j] && ri[w - 1] == ri[p]) {
                    vals[w - 1] += vals[p];
                } else {
                    ri[w] = ri[p];
                    vals[w] = vals[p];
                    w++;
                }
            }
            outPtr[j + 1] = w;
        }
        return CscMatrix.wrap(rows, cols, outPtr, Arrays.copyOf(ri, w), Arrays.copyOf(vals, w));
    }
}
