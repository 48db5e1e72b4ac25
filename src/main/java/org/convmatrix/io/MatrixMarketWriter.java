package org.convmatrix.io;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.convmatrix.sparse.CscMatrix;

/**
 * Writes a {@link CscMatrix} as a Matrix Market file, {@code %%MatrixMarket matrix coordinate real general}
 * (NIST, "The Matrix Market Exchange Formats", 1996), readable by {@code scipy.io.mmread}, MATLAB's
 * {@code mmread.m} and Julia's {@code MatrixMarket.jl}.
 *
 * <p>Layout: the banner, one {@code %} comment line per caller comment (what rows and columns index),
 * the size line {@code rows cols nnz}, then one line {@code i j value} per stored entry with
 * <b>1-based</b> indices, in column-major order (the CSC order). Values are printed with
 * {@link Double#toString(double)}, the shortest decimal that reads back to the same double, so a write
 * and read round trip is exact. Explicit zeros (stored zero weights) are kept as entries.
 *
 * <p>Stateless and thread-safe.
 */
public final class MatrixMarketWriter {
    /** The banner line written first. */
    public static final String BANNER = "%%MatrixMarket matrix coordinate real general";

    private MatrixMarketWriter() {
    }

    /** Writes {@code m} to {@code target} atomically ({@link AtomicFiles}). */
    public static void write(CscMatrix m, List<String> comments, Path target) throws IOException {
        AtomicFiles.write(target, out -> write(m, comments, out));
    }

    /** Writes {@code m} to a stream (not closed). */
    public static void write(CscMatrix m, List<String> comments, OutputStream out) throws IOException {
        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        write(m, comments, w);
        w.flush();
    }

    /** Writes {@code m} as text (the writer is flushed, not closed). */
    public static void write(CscMatrix m, List<String> comments, Writer w) throws IOException {
        w.write(BANNER);
        w.write('\n');
        for (String c : comments) {
            for (String line : c.split("\n", -1)) {
                w.write("% ");
                w.write(line);
                w.write('\n');
            }
        }
        w.write(m.rows() + " " + m.cols() + " " + m.nnz() + "\n");
        StringBuilder sb = new StringBuilder(64);
        for (int j = 0; j < m.cols(); j++) {
            for (int p = m.colStart(j); p < m.colEnd(j); p++) {
                sb.setLength(0);
                sb.append(m.rowAt(p) + 1).append(' ').append(j + 1).append(' ').append(m.valueAt(p)).append('\n');
                w.append(sb);
            }
        }
        w.flush();
    }
}
