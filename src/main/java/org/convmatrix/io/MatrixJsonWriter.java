package org.convmatrix.io;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import org.convmatrix.sparse.CscMatrix;

/**
 * Writes a {@link CscMatrix} as JSON in compressed sparse column form, ready for
 * {@code scipy.sparse.csc_matrix((values, row_idx, col_ptr), shape=shape)}:
 * <pre>
 * {"format": "csc", "index_base": 0, "shape": [rows, cols], "nnz": n,
 *  "rows": {"meaning": ..., "shape": [channels, *spatial], "flat_index": "channel*16 + y*4 + x"},
 *  "cols": {...}, "col_ptr": [...], "row_idx": [...], "values": [...]}
 * </pre>
 * Values are {@link Double#toString(double)} (exact round trip); explicit zeros are kept.
 * Stateless and thread-safe.
 */
public final class MatrixJsonWriter {
    private MatrixJsonWriter() {
    }

    /** Writes the JSON to {@code target} atomically. */
    public static void write(CscMatrix m, MatrixAxes axes, String name, Path target) throws IOException {
        AtomicFiles.write(target, out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            write(m, axes, name, w);
            w.flush();
        });
    }

    /** Writes the JSON text. */
    public static void write(CscMatrix m, MatrixAxes axes, String name, Writer w) throws IOException {
        w.write("{\n  \"name\": " + quote(name) + ",\n  \"format\": \"csc\",\n  \"index_base\": 0,\n");
        w.write("  \"shape\": [" + m.rows() + ", " + m.cols() + "],\n  \"nnz\": " + m.nnz() + ",\n");
        w.write("  \"rows\": " + side(axes.rowMeaning(), axes.rowShape()) + ",\n");
        w.write("  \"cols\": " + side(axes.colMeaning(), axes.colShape()) + ",\n");
        w.write("  \"col_ptr\": [");
        for (int j = 0; j <= m.cols(); j++) {
            w.write(j == 0 ? "" : ", ");
            w.write(Integer.toString(m.colStart(j)));
        }
        w.write("],\n  \"row_idx\": [");
        for (int p = 0; p < m.nnz(); p++) {
            w.write(p == 0 ? "" : ", ");
            w.write(Integer.toString(m.rowAt(p)));
        }
        w.write("],\n  \"values\": [");
        for (int p = 0; p < m.nnz(); p++) {
            w.write(p == 0 ? "" : ", ");
            double x = m.valueAt(p);
            w.write(Double.isFinite(x) ? Double.toString(x) : quote(Double.toString(x)));
        }
        w.write("]\n}\n");
        w.flush();
    }

    private static String side(String meaning, int[] shape) {
        return "{\"meaning\": " + quote(meaning) + ", \"shape\": " + Arrays.toString(shape) + ", \"axes\": "
                + quote(MatrixAxes.tupleName(shape)) + ", \"flat_index\": " + quote(MatrixAxes.flatFormula(shape)) + "}";
    }

    static String quote(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder("\"");
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '"':
                    sb.append("\\\"");
                    break;
                case '\\':
                    sb.append("\\\\");
                    break;
                case '\n':
                    sb.append("\\n");
                    break;
                default:
                    if (ch < 0x20) {
                        sb.append(String.format("\\u%04x", (int) ch));
                    } else {
                        sb.append(ch);
                    }
            }
        }
        return sb.append('"').toString();
    }
}
