package org.convmatrix.render;

import org.convmatrix.sparse.CscMatrix;

/**
 * A rectangular part {@code [r0, r1) x [c0, c1)} of a matrix, cut out at full resolution for a zoomed
 * heatmap. Immutable and thread-safe.
 *
 * @param r0 first row
 * @param r1 one past the last row
 * @param c0 first column
 * @param c1 one past the last column
 */
record MatrixWindow(int r0, int r1, int c0, int c1) {
    /** @return the whole of an {@code rows x cols} matrix */
    static MatrixWindow all(int rows, int cols) {
        return new MatrixWindow(0, rows, 0, cols);
    }

    /** @return whether this is the whole {@code rows x cols} matrix */
    boolean whole(int rows, int cols) {
        return r0 == 0 && c0 == 0 && r1 == rows && c1 == cols;
    }

    /**
     * @param m      the matrix
     * @param labels per stored entry of {@code m} (CSC order), or null
     * @return the part, and the labels of its entries (null when {@code labels} is)
     */
    Cut cut(CscMatrix m, String[] labels) {
        int[] colPtr = new int[c1 - c0 + 1];
        int count = 0;
        for (int j = c0; j < c1; j++) {
            for (int p = first(m, j); p < m.colEnd(j) && m.rowAt(p) < r1; p++) {
                count++;
            }
            colPtr[j - c0 + 1] = count;
        }
        int[] rows = new int[count];
        double[] values = new double[count];
        String[] cutLabels = labels == null ? null : new String[count];
        int q = 0;
        for (int j = c0; j < c1; j++) {
            for (int p = first(m, j); p < m.colEnd(j) && m.rowAt(p) < r1; p++) {
                rows[q] = m.rowAt(p) - r0;
                values[q] = m.valueAt(p);
                if (cutLabels != null) {
                    cutLabels[q] = labels[p];
                }
                q++;
            }
        }
        return new Cut(CscMatrix.wrap(r1 - r0, c1 - c0, colPtr, rows, values), cutLabels);
    }

    /** @return the first position of column {@code j} of {@code m} whose row is at least {@code r0} (rows sorted) */
    private int first(CscMatrix m, int j) {
        int lo = m.colStart(j);
        int hi = m.colEnd(j);
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (m.rowAt(mid) < r0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** A cut-out matrix and its entries' labels. */
    record Cut(CscMatrix matrix, String[] labels) {
    }
}
