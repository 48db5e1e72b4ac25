package org.convmatrix.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.zip.Deflater;
import org.convmatrix.sparse.CscMatrix;
import org.convmatrix.spec.InvalidSpecException;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.types.Sinks;

/**
 * Writes a {@link CscMatrix} as a MATLAB v5 {@code .mat} file holding one sparse double variable, as
 * MATLAB's {@code save} (v5/v6/v7 without compression) does: readable by MATLAB's and Octave's
 * {@code load} and by {@code scipy.io.loadmat}. The file (header, tags, alignment) is written by
 * {@code us.hebi.matlab.mat:mfl-core}; the variable is {@link Mat5SparseArray}, which hands MFL the
 * CSC arrays as they are (MATLAB's {@code ir}, {@code jc}, {@code pr} are exactly CSC's row indices,
 * column pointers and values). The file is not compressed.
 *
 * <p>A v5 variable's size is a 32-bit field, and MFL counts it in an {@code int}: a matrix whose
 * arrays exceed {@link #MAX_BYTES} is refused (naming {@code --format}) before anything is written.
 * Stateless and thread-safe.
 */
public final class MatFileWriter {
    /** The largest serialised variable MFL can write: its size is an {@code int}. */
    public static final long MAX_BYTES = Integer.MAX_VALUE - 1024;

    private MatFileWriter() {
    }

    /**
     * Writes {@code m} as variable {@code name} to {@code target} atomically.
     *
     * @throws InvalidSpecException naming {@code format} when the matrix is too large for a v5 variable
     */
    public static void write(CscMatrix m, String name, Path target) throws IOException {
        requireFits(m);
        AtomicFiles.write(target, out -> Mat5.newWriter(Sinks.wrapNonSeeking(out))
                .setDeflateLevel(Deflater.NO_COMPRESSION)
                .writeMat(Mat5.newMatFile().addArray(name, new Mat5SparseArray(m)))
                .flush());
    }

    /** @throws InvalidSpecException naming {@code format} when {@code m} does not fit one v5 variable */
    public static void requireFits(CscMatrix m) {
        requireFits(m.nnz(), m.cols());
    }

    /** @throws InvalidSpecException naming {@code format} when ir, jc and pr of this size exceed {@link #MAX_BYTES} */
    static void requireFits(long nnz, int cols) {
        long bytes = 12L * nnz + 4L * (cols + 1L);
        if (bytes > MAX_BYTES) {
            throw new InvalidSpecException("format", "--format mat: the matrix's arrays take " + bytes
                    + " bytes; a MATLAB v5 variable holds at most " + MAX_BYTES + " (use npz or mtx)");
        }
    }
}
