package org.convmatrix.index;

/**
 * Which output position reads which input position through which kernel tap: the sparsity pattern of
 * a single-channel convolution, in CSC form with the tap index in place of a value.
 *
 * <p>For one axis (rows = output positions {@code o < m}, columns = input positions {@code i < n}) the
 * entry {@code (o, i)} exists with tap {@code j} exactly when {@code o·s + j·d - p = i} for some
 * {@code 0 <= j < k}; since {@code d >= 1} that {@code j} is unique. Column {@code i} therefore holds
 * the taps {@code j} with {@code (i + p - j·d) ≡ 0 (mod s)} and {@code 0 <= (i + p - j·d)/s < m},
 * listed by increasing {@code o} (decreasing {@code j}).
 *
 * <p>The pattern of a {@code d}-dimensional convolution is the Kronecker product of its axes'
 * patterns ({@link #kron}), with row-major flat positions and taps. Immutable after construction.
 */
public final class TapPattern {
    private final int rows;
    private final int cols;
    private final int[] colPtr;
    private final int[] row;
    private final int[] tap;

    private TapPattern(int rows, int cols, int[] colPtr, int[] row, int[] tap) {
        this.rows = rows;
        this.cols = cols;
        this.colPtr = colPtr;
        this.row = row;
        this.tap = tap;
    }

    /**
     * The pattern of one axis.
     *
     * @param m         output length (rows)
     * @param n         input length (columns)
     * @param kernel    taps {@code k}
     * @param stride    {@code s >= 1}
     * @param dilation  {@code d >= 1}
     * @param padBefore {@code p >= 0}: input index {@code i} is padded position {@code i + p}
     */
    public static TapPattern axis(int m, int n, int kernel, int stride, int dilation, int padBefore) {
        int[] colPtr = new int[n + 1];
        for (int i = 0; i < n; i++) {
            colPtr[i + 1] = colPtr[i] + countAxis(i, m, kernel, stride, dilation, padBefore);
        }
        int[] row = new int[colPtr[n]];
        int[] tap = new int[colPtr[n]];
        int p = 0;
        for (int i = 0; i < n; i++) {
            for (int j = kernel - 1; j >= 0; j--) {
                long t = (long) i + padBefore - (long) j * dilation;
                if (t >= 0 && t % stride == 0 && t / stride < m) {
                    row[p] = (int) (t / stride);
                    tap[p] = j;
                    p++;
                }
            }
        }
        return new TapPattern(m, n, colPtr, row, tap);
    }

    /**
     * The number of entries in column {@code i} of an axis pattern: the taps {@code j < k} for which
     * {@code t = i + p - j·d} is a multiple of {@code s} in {@code [0, s·(m-1)]}.
     */
    public static int countAxis(int i, int m, int kernel, int stride, int dilation, int padBefore) {
        int count = 0;
        for (int j = 0; j < kernel; j++) {
            long t = (long) i + padBefore - (long) j * dilation;
            if (t >= 0 && t % stride == 0 && t / stride < m) {
                count++;
            }
        }
        return count;
    }

    /**
     * The Kronecker product {@code this ⊗ other}: rows {@code r1·other.rows + r2}, columns
     * {@code c1·other.cols + c2}, taps {@code t1·otherTaps + t2}; rows stay sorted within each column.
     *
     * @param otherTaps the number of taps of {@code other}'s kernel (its tap-index range)
     */
    public TapPattern kron(TapPattern other, int otherTaps) {
        int newRows = Math.multiplyExact(rows, other.rows);
        int newCols = Math.multiplyExact(cols, other.cols);
        int[] cp = new int[newCols + 1];
        int c = 0;
        for (int c1 = 0; c1 < cols; c1++) {
            int n1 = colPtr[c1 + 1] - colPtr[c1];
            for (int c2 = 0; c2 < other.cols; c2++) {
                cp[c + 1] = Math.addExact(cp[c], Math.multiplyExact(n1, other.colPtr[c2 + 1] - other.colPtr[c2]));
                c++;
            }
        }
        int[] r = new int[cp[newCols]];
        int[] t = new int[cp[newCols]];
        int q = 0;
        for (int c1 = 0; c1 < cols; c1++) {
            for (int c2 = 0; c2 < other.cols; c2++) {
                for (int p1 = colPtr[c1]; p1 < colPtr[c1 + 1]; p1++) {
                    int rowBase = row[p1] * other.rows;
                    int tapBase = tap[p1] * otherTaps;
                    for (int p2 = other.colPtr[c2]; p2 < other.colPtr[c2 + 1]; p2++) {
                        r[q] = rowBase + other.row[p2];
                        t[q] = tapBase + other.tap[p2];
                        q++;
                    }
                }
            }
        }
        return new TapPattern(newRows, newCols, cp, r, t);
    }

    /** @return the number of output positions (rows) */
    public int rows() {
        return rows;
    }

    /** @return the number of input positions (columns) */
    public int cols() {
        return cols;
    }

    /** @return the number of (output, input) pairs linked by a tap */
    public int size() {
        return colPtr[cols];
    }

    /** @return the first entry of column {@code i} */
    public int start(int i) {
        return colPtr[i];
    }

    /** @return one past the last entry of column {@code i} */
    public int end(int i) {
        return colPtr[i + 1];
    }

    /** @return the flat output position of entry {@code p} */
    public int row(int p) {
        return row[p];
    }

    /** @return the flat kernel tap of entry {@code p} */
    public int tap(int p) {
        return tap[p];
    }

    /** @return the column pointers without copying; callers must not write to them */
    public int[] colPtrView() {
        return colPtr;
    }

    /** @return the flat output positions of all entries without copying; callers must not write to them */
    public int[] rowView() {
        return row;
    }

    /** @return the flat taps of all entries without copying; callers must not write to them */
    public int[] tapView() {
        return tap;
    }

    /** @return the largest number of entries in one column */
    public int maxColumnCount() {
        int max = 0;
        for (int i = 0; i < cols; i++) {
            max = Math.max(max, colPtr[i + 1] - colPtr[i]);
        }
        return max;
    }
}
