package org.convmatrix.sparse;

/**
 * Reusable storage for building {@link CscMatrix} results without allocating (and without the JVM
 * zeroing) fresh arrays on every build. A builder asks for capacity with {@link #ensure}; the matrix it
 * returns wraps these arrays, so it stays valid only until the buffers are used for the next build.
 * Not thread-safe; one builder at a time.
 */
public final class CscBuffers {
    int[] colPtr = new int[1];
    int[] rowIdx = new int[0];
    double[] values = new double[0];

    /**
     * Grows the arrays (never shrinks) to hold {@code cols} columns and {@code nnz} entries. Large arrays
     * are allocated on two threads at once: the JVM zeroes a new array on the allocating thread, and on a
     * fresh heap that zeroing is also the first touch of the memory, so the two overlap.
     */
    public void ensure(int cols, int nnz) {
        if (colPtr.length < cols + 1) {
            colPtr = new int[cols + 1];
        }
        if (rowIdx.length < nnz) {
            rowIdx = null;
            values = null;
            if (nnz < PARALLEL_ALLOCATION) {
                rowIdx = new int[nnz];
                values = new double[nnz];
            } else {
                org.convmatrix.parallel.Ranges.runPieces(2, 2, piece -> {
                    if (piece == 0) {
                        rowIdx = new int[nnz];
                    } else {
                        values = new double[nnz];
                    }
                });
            }
        }
    }

    /** Arrays at least this long are allocated in parallel. */
    private static final int PARALLEL_ALLOCATION = 1 << 22;

    /** @return the column-pointer array (at least {@code cols + 1} long after {@link #ensure}) */
    public int[] colPtr() {
        return colPtr;
    }

    /** @return the row-index array */
    public int[] rowIdx() {
        return rowIdx;
    }

    /** @return the value array */
    public double[] values() {
        return values;
    }

    /** @return the bytes {@link #ensure} would allocate for {@code cols} columns and {@code nnz} entries */
    public long growthBytes(int cols, int nnz) {
        long bytes = 0;
        if (colPtr.length < cols + 1) {
            bytes += 4L * (cols + 1);
        }
        if (rowIdx.length < nnz) {
            bytes += 12L * nnz;
        }
        return bytes;
    }

    /** @return the bytes these buffers hold */
    public long bytes() {
        return 4L * colPtr.length + 4L * rowIdx.length + 8L * values.length;
    }

    /**
     * Wraps the filled buffers as a matrix without re-checking the CSC invariants: for builders that
     * establish them by construction (sorted rows from a pattern) and are tested against
     * {@link CscMatrix#wrap}, which checks them.
     */
    public CscMatrix toMatrix(int rows, int cols) {
        return new CscMatrix(rows, cols, colPtr, rowIdx, values);
    }
}
