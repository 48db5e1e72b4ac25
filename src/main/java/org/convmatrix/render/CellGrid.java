package org.convmatrix.render;

import org.convmatrix.sparse.CscMatrix;

/**
 * A matrix reduced to at most {@code maxCols x maxRows} cells for drawing. Each cell covers a block of
 * {@code rowsPerCell x colsPerCell} entries and holds the <em>signed value of largest magnitude</em>
 * among the block's stored entries ({@code max |w|}, sign kept), and its state: no stored entry
 * (structural zeros only), stored entries that are all exactly zero (explicit zeros), or a value.
 * With blocks of 1 x 1 a cell is one entry and may carry a label (value or symbol).
 *
 * <p>Built in one pass over the stored entries, {@code O(nnz + cells)}, so a {@code W} with millions of
 * columns reduces in well under a second. Immutable after construction; thread-safe for reading.
 */
public final class CellGrid {
    /** State of a cell with no stored entry. */
    public static final byte STRUCTURAL = 0;
    /** State of a cell whose stored entries are all exactly zero. */
    public static final byte EXPLICIT_ZERO = 1;
    /** State of a cell with a non-zero stored entry. */
    public static final byte VALUE = 2;

    final int rows;
    final int cols;
    final int rowsPerCell;
    final int colsPerCell;
    final int gridRows;
    final int gridCols;
    final float[] value;
    final byte[] state;
    final String[] labels;
    final double maxAbs;

    private CellGrid(int rows, int cols, int rowsPerCell, int colsPerCell, float[] value, byte[] state, String[] labels,
            double maxAbs) {
        this.rows = rows;
        this.cols = cols;
        this.rowsPerCell = rowsPerCell;
        this.colsPerCell = colsPerCell;
        this.gridRows = ceilDiv(rows, rowsPerCell);
        this.gridCols = ceilDiv(cols, colsPerCell);
        this.value = value;
        this.state = state;
        this.labels = labels;
        this.maxAbs = maxAbs;
    }

    /**
     * @param m           the matrix
     * @param maxCols     the most cells across
     * @param maxRows     the most cells down
     * @param entryLabels a label per stored entry (CSC order), used only when every cell is one entry; or
     *                    {@code null} for the compact value
     */
    public static CellGrid of(CscMatrix m, int maxCols, int maxRows, String[] entryLabels) {
        int fr = Math.max(1, ceilDiv(m.rows(), maxRows));
        int fc = Math.max(1, ceilDiv(m.cols(), maxCols));
        int gr = ceilDiv(m.rows(), fr);
        int gc = ceilDiv(m.cols(), fc);
        int cells = Math.multiplyExact(gr, gc);
        float[] value = new float[cells];
        byte[] state = new byte[cells];
        boolean single = fr == 1 && fc == 1;
        String[] labels = single ? new String[cells] : null;
        double maxAbs = 0;
        for (int j = 0; j < m.cols(); j++) {
            int gcol = j / fc;
            for (int p = m.colStart(j); p < m.colEnd(j); p++) {
                int cell = (m.rowAt(p) / fr) * gc + gcol;
                double x = m.valueAt(p);
                double a = Math.abs(x);
                maxAbs = Math.max(maxAbs, a);
                if (x != 0) {
                    if (state[cell] != VALUE || a > Math.abs(value[cell])) {
                        value[cell] = (float) x;
                    }
                    state[cell] = VALUE;
                } else if (state[cell] == STRUCTURAL) {
                    state[cell] = EXPLICIT_ZERO;
                }
                if (labels != null) {
                    labels[cell] = entryLabels != null ? entryLabels[p] : ValueFormat.compact(x);
                }
            }
        }
        return new CellGrid(m.rows(), m.cols(), fr, fc, value, state, labels, maxAbs);
    }

    /**
     * A dense grid, one cell per value (every cell stored), for count maps.
     *
     * @param labels one label per cell, or {@code null} for the compact value
     */
    public static CellGrid dense(int rows, int cols, double[] values, String[] labels) {
        float[] value = new float[values.length];
        byte[] state = new byte[values.length];
        String[] l = new String[values.length];
        double maxAbs = 0;
        for (int i = 0; i < values.length; i++) {
            value[i] = (float) values[i];
            state[i] = VALUE;
            l[i] = labels != null ? labels[i] : ValueFormat.compact(values[i]);
            maxAbs = Math.max(maxAbs, Math.abs(values[i]));
        }
        return new CellGrid(rows, cols, 1, 1, value, state, l, maxAbs);
    }

    /** @return whether each cell is one entry */
    public boolean exact() {
        return rowsPerCell == 1 && colsPerCell == 1;
    }

    public int rowsPerCell() {
        return rowsPerCell;
    }

    public int colsPerCell() {
        return colsPerCell;
    }

    /** @return the largest magnitude of any stored entry */
    public double maxAbs() {
        return maxAbs;
    }

    static int ceilDiv(int a, int b) {
        return a == 0 ? 0 : (a - 1) / b + 1;
    }
}
