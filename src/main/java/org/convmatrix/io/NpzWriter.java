package org.convmatrix.io;

import java.io.IOException;
import java.nio.file.Path;
import org.convmatrix.sparse.CscMatrix;
import org.jetbrains.bio.npy.NpzFile;

/**
 * Writes a {@link CscMatrix} as the {@code .npz} archive {@code scipy.sparse.save_npz} writes for a CSC
 * matrix, so that {@code scipy.sparse.load_npz(path)} returns it as a {@code csc_matrix}: the arrays
 * {@code indices} (row indices, int32), {@code indptr} (column pointers, int32), {@code format}
 * ({@code b"csc"}), {@code shape} (int64 {@code [rows, cols]}) and {@code data} (float64), each a
 * {@code .npy} file written by {@code org.jetbrains.bio:npy} (little-endian). The archive is stored
 * without compression (writing and reading then run at disk speed; {@code save_npz}'s default
 * compresses). Stateless and thread-safe.
 */
public final class NpzWriter {
    private NpzWriter() {
    }

    /** Writes {@code m} to {@code target} atomically (complete or untouched). */
    public static void write(CscMatrix m, Path target) throws IOException {
        AtomicFiles.writeVia(target, tmp -> writeTo(m, tmp));
    }

    /** Writes the archive to {@code file} directly (replacing it). */
    static void writeTo(CscMatrix m, Path file) {
        try (NpzFile.Writer npz = NpzFile.write(file, false)) {
            CscMatrix.Storage arrays = m.storage(); // no copy: W may be most of the heap
            npz.write("indices", arrays.rowIdx(), new int[] {m.nnz()});
            npz.write("indptr", arrays.colPtr(), new int[] {m.cols() + 1});
            npz.write("format", new String[] {"csc"}, new int[] {1}); // load_npz takes .item() of it
            npz.write("shape", new long[] {m.rows(), m.cols()}, new int[] {2});
            npz.write("data", arrays.values(), new int[] {m.nnz()});
        }
    }
}
