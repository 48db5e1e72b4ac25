package org.convmatrix.cli;

import java.math.BigDecimal;
import java.math.MathContext;

/** Plain-text tables of small matrices for terminal output: right-aligned columns with row and column labels. */
final class TextMatrix {
    private TextMatrix() {
    }

    /** @return {@code v} with at most 10 significant digits and no trailing zeros: 18.700000000000003 -> 18.7 */
    static String number(double v) {
        if (v == 0) {
            return "0";
        }
        return new BigDecimal(v).round(new MathContext(10)).stripTrailingZeros().toPlainString();
    }

    /** @return a table; {@code colLabels} may be null */
    static String table(String[][] cells, String[] rowLabels, String[] colLabels, String indent) {
        int cols = cells.length == 0 ? 0 : cells[0].length;
        int[] width = new int[cols];
        int labelW = 0;
        for (int r = 0; r < cells.length; r++) {
            labelW = Math.max(labelW, rowLabels == null ? 0 : rowLabels[r].length());
            for (int c = 0; c < cols; c++) {
                width[c] = Math.max(width[c], cells[r][c].length());
            }
        }
        if (colLabels != null) {
            for (int c = 0; c < cols; c++) {
                width[c] = Math.max(width[c], colLabels[c].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        if (colLabels != null) {
            sb.append(indent).append(" ".repeat(labelW)).append("  ");
            for (int c = 0; c < cols; c++) {
                sb.append(' ').append(pad(colLabels[c], width[c]));
            }
            sb.append('\n');
        }
        for (int r = 0; r < cells.length; r++) {
            sb.append(indent);
            if (rowLabels != null) {
                sb.append(pad(rowLabels[r], labelW)).append(" [");
            } else {
                sb.append('[');
            }
            for (int c = 0; c < cols; c++) {
                sb.append(c == 0 ? "" : " ").append(pad(cells[r][c], width[c]));
            }
            sb.append(" ]\n");
        }
        return sb.toString();
    }

    /** @return the numbers of a row-major {@code rows x cols} array as cells */
    static String[][] cells(double[] v, int rows, int cols) {
        String[][] cells = new String[rows][cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                cells[r][c] = number(v[r * cols + c]);
            }
        }
        return cells;
    }

    private static String pad(String s, int w) {
        return " ".repeat(Math.max(0, w - s.length())) + s;
    }
}
