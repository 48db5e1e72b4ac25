package org.convmatrix.io;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.convmatrix.sparse.CscMatrix;

/**
 * Writes a {@link CscMatrix} as CSV triplets, one stored entry per line in column-major order:
 * <pre>  row,col,value,row_channel,row_y,row_x,col_channel,col_y,col_x</pre>
 * with <b>0-based</b> flat indices {@code row}, {@code col} and their multi-indices
 * ({@link MatrixAxes#unflatten}) so each line says which (channel, position) it links. Values are
 * {@link Double#toString(double)} (exact round trip). A column index equal to {@code Π colShape} is the
 * bias column of {@code [A | b]}; its multi-index cells are {@code bias}. Stateless and thread-safe.
 */
public final class CsvTripletsWriter {
    private CsvTripletsWriter() {
    }

    /** Writes the CSV to {@code target} atomically. */
    public static void write(CscMatrix m, MatrixAxes axes, Path target) throws IOException {
        AtomicFiles.write(target, out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            write(m, axes, w);
            w.flush();
        });
    }

    /** Writes the CSV text. */
    public static void write(CscMatrix m, MatrixAxes axes, Writer w) throws IOException {
        int[] rs = axes.rowShape();
        int[] cs = axes.colShape();
        StringBuilder head = new StringBuilder("row,col,value");
        for (String n : MatrixAxes.axisNames(rs)) {
            head.append(",row_").append(n);
        }
        for (String n : MatrixAxes.axisNames(cs)) {
            head.append(",col_").append(n);
        }
        w.write(head.append('\n').toString());
        long colCount = 1;
        for (int s : cs) {
            colCount *= s;
        }
        StringBuilder sb = new StringBuilder(96);
        for (int j = 0; j < m.cols(); j++) {
            int[] cidx = j < colCount ? MatrixAxes.unflatten(j, cs) : null;
            for (int p = m.colStart(j); p < m.colEnd(j); p++) {
                sb.setLength(0);
                sb.append(m.rowAt(p)).append(',').append(j).append(',').append(m.valueAt(p));
                for (int x : MatrixAxes.unflatten(m.rowAt(p), rs)) {
                    sb.append(',').append(x);
                }
                for (int a = 0; a < cs.length; a++) {
                    sb.append(',');
                    if (cidx == null) {
                        sb.append("bias");
                    } else {
                        sb.append(cidx[a]);
                    }
                }
                w.append(sb.append('\n'));
            }
        }
        w.flush();
    }
}
