package org.convmatrix.render;

import org.convmatrix.sparse.CscMatrix;

/**
 * A small matrix as a LaTeX {@code pmatrix} (amsmath), with numeric entries ({@link ValueFormat#exact})
 * or symbolic ones ({@link SymbolicWeights#latex}); entries that are not stored print as {@code 0}.
 * amsmath allows 10 columns by default, so wider matrices are preceded by
 * {@code \setcounter{MaxMatrixCols}{cols}}. Stateless and thread-safe.
 */
public final class LatexMatrix {
    /** The largest side rendered; beyond it a pmatrix is unreadable. */
    public static final int MAX_SIDE = 64;

    private LatexMatrix() {
    }

    /** @return the pmatrix of {@code m}'s numbers */
    public static String numeric(CscMatrix m) {
        check(m);
        double[][] d = org.convmatrix.sparse.CscOps.toDense(m);
        String[][] cells = new String[m.rows()][m.cols()];
        for (int r = 0; r < m.rows(); r++) {
            for (int c = 0; c < m.cols(); c++) {
                cells[r][c] = ValueFormat.exact(d[r][c]);
            }
        }
        return pmatrix(cells);
    }

    /**
     * @param symbols the symbols of {@code W}
     * @param transpose whether to print {@code Wᵀ}
     * @return the pmatrix of {@code W}'s (or {@code Wᵀ}'s) symbols
     */
    public static String symbolic(SymbolicWeights symbols, boolean transpose) {
        CscMatrix w = symbols.pattern();
        int rows = transpose ? w.cols() : w.rows();
        int cols = transpose ? w.rows() : w.cols();
        if (rows > MAX_SIDE || cols > MAX_SIDE) {
            throw tooLarge(rows, cols);
        }
        String[][] cells = new String[rows][cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                cells[r][c] = transpose ? symbols.latex(c, r) : symbols.latex(r, c);
            }
        }
        return pmatrix(cells);
    }

    static String pmatrix(String[][] cells) {
        int cols = cells.length == 0 ? 0 : cells[0].length;
        StringBuilder sb = new StringBuilder();
        if (cols > 10) {
            sb.append("\\setcounter{MaxMatrixCols}{").append(cols).append("}\n");
        }
        sb.append("\\begin{pmatrix}\n");
        for (int r = 0; r < cells.length; r++) {
            sb.append(String.join(" & ", cells[r]));
            sb.append(r + 1 < cells.length ? " \\\\\n" : "\n");
        }
        return sb.append("\\end{pmatrix}\n").toString();
    }

    private static void check(CscMatrix m) {
        if (m.rows() > MAX_SIDE || m.cols() > MAX_SIDE) {
            throw tooLarge(m.rows(), m.cols());
        }
    }

    private static IllegalArgumentException tooLarge(int rows, int cols) {
        return new IllegalArgumentException("--format latex: the matrix is " + rows + " x " + cols
                + "; LaTeX is written for matrices up to " + MAX_SIDE + " x " + MAX_SIDE
                + " (use mtx, csv or json for larger ones)");
    }
}
