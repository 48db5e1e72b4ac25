package org.convmatrix.render;

import org.convmatrix.sparse.CscMatrix;

/**
 * A small matrix as a LaTeX {@code pmatrix} (amsmath), with numeric entries ({@link ValueFormat#exact})
 * or symbolic ones ({@link SymbolicWeights#latex}, or the simplified sums of products of {@code WᵀW} and
 * {@code WWᵀ}, {@link SymbolicGram}); entries that are not stored print as {@code 0}.
 * amsmath allows 10 columns by default, so wider matrices are preceded by
 * {@code \setcounter{MaxMatrixCols}{cols}}. With row and column labels the matrix is a
 * {@code \bordermatrix} (LaTeX's kernel), the labels on its left and top.
 *
 * <p><b>Size limits.</b> A side above {@link #MAX_SIDE} is refused (past it a matrix does not fit a page
 * legibly), and so is a matrix any of whose rows, written as one line, exceeds {@link #MAX_LINE}
 * characters: TeX reads its input a line at a time into a buffer of {@code buf_size} characters,
 * 200 000 in TeX Live's {@code texmf.cnf}, and stops with "Unable to read an entire line" beyond it.
 * Stateless and thread-safe.
 */
public final class LatexMatrix {
    /** The largest side rendered; beyond it a pmatrix is unreadable. */
    public static final int MAX_SIDE = 64;

    /** The longest line written: TeX Live's input buffer {@code buf_size} (200 000) less a margin. */
    public static final int MAX_LINE = 199_000;

    /** Optional labels of the rows and columns (e.g. {@code (c,y,x)}), or none. */
    public record Labels(String[] rows, String[] cols) {
        /** No labels: a plain pmatrix. */
        public static final Labels NONE = new Labels(null, null);
    }

    private LatexMatrix() {
    }

    /** @return the pmatrix of {@code m}'s numbers */
    public static String numeric(CscMatrix m) {
        return numeric(m, Labels.NONE);
    }

    /** @return the matrix of {@code m}'s numbers, labelled when {@code labels} has any */
    public static String numeric(CscMatrix m, Labels labels) {
        check(m);
        double[][] d = org.convmatrix.sparse.CscOps.toDense(m);
        String[][] cells = new String[m.rows()][m.cols()];
        for (int r = 0; r < m.rows(); r++) {
            for (int c = 0; c < m.cols(); c++) {
                cells[r][c] = ValueFormat.exact(d[r][c]);
            }
        }
        return matrix(cells, labels);
    }

    /**
     * @param symbols the symbols of {@code W}
     * @param transpose whether to print {@code Wᵀ}
     * @return the pmatrix of {@code W}'s (or {@code Wᵀ}'s) symbols
     */
    public static String symbolic(SymbolicWeights symbols, boolean transpose) {
        return symbolic(symbols, transpose, Labels.NONE);
    }

    /** @return the matrix of {@code W}'s (or {@code Wᵀ}'s) symbols, labelled when {@code labels} has any */
    public static String symbolic(SymbolicWeights symbols, boolean transpose, Labels labels) {
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
        return matrix(cells, labels);
    }

    /**
     * @param symbols the symbols of {@code W}
     * @param wtw     {@code WᵀW} when true, {@code WWᵀ} when false
     * @return the matrix of simplified sums of products, e.g. {@code w_{0,0}^2 + w_{0,1}^2}
     */
    public static String symbolicGram(SymbolicWeights symbols, boolean wtw, Labels labels) {
        CscMatrix w = symbols.pattern();
        int side = wtw ? w.cols() : w.rows();
        if (side > MAX_SIDE) {
            throw tooLarge(side, side);
        }
        return matrix(SymbolicGram.latexCells(symbols, wtw), labels);
    }

    static String matrix(String[][] cells, Labels labels) {
        String tex = labels.rows() == null && labels.cols() == null ? pmatrix(cells) : bordermatrix(cells, labels);
        for (String line : tex.split("\n")) {
            if (line.length() > MAX_LINE) {
                throw new IllegalArgumentException("--format latex: a row of the matrix is " + line.length()
                        + " characters long; TeX reads lines of at most " + MAX_LINE + " (TeX Live's buf_size is "
                        + "200000): use mtx, csv or json, or a smaller layer");
            }
        }
        return tex;
    }

    /** {@code \bordermatrix{ & col labels \cr row label & cells \cr ...}} */
    static String bordermatrix(String[][] cells, Labels labels) {
        int cols = cells.length == 0 ? 0 : cells[0].length;
        StringBuilder sb = new StringBuilder("\\bordermatrix{\n");
        for (int c = 0; c < cols; c++) {
            sb.append(" & ").append(label(labels.cols(), c));
        }
        sb.append(" \\cr\n");
        for (int r = 0; r < cells.length; r++) {
            sb.append(label(labels.rows(), r)).append(" & ").append(String.join(" & ", cells[r])).append(" \\cr\n");
        }
        return sb.append("}\n").toString();
    }

    private static String label(String[] labels, int i) {
        return labels == null ? "" : "{\\scriptstyle " + labels[i] + "}";
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
