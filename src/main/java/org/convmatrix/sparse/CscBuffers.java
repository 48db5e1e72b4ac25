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
        if (rowIdx.length < nnz && values.length < nnz && nnz >= PARALLEL_ALLOCATION) {
            rowIdx = new int[0]; // let the old arrays go before the new ones are allocated
            values = new double[0];
            org.convmatrix.parallel.Ranges.runPieces(2, 2, piece -> {
                if (piece == 0) {
                    ensurePattern(cols, nnz);
                } else {
                    ensureValues(nnz);
                }
            });
        } else {
            ensurePattern(cols, nnz);
            ensureValues(nnz);
        }
    }

    /** @return whether the arrays already hold {@code cols} columns and {@code nnz} entries (nothing to allocate) */
    public boolean fits(int cols, int nnz) {
        return colPtr.length >= cols + 1 && rowIdx.length >= nnz && values.length >= nnz;
    }

    /**
     * Grows (never shrinks) the column pointers and row indices only, for builders that write the pattern
     * while another thread runs {@link #ensureValues}.
     */
    public void ensurePattern(int cols, int nnz) {
        if (colPtr.length < cols + 1) {
            colPtr = new int[cols + 1];
        }
        if (rowIdx.length < nnz) {
            rowIdx = null;
            rowIdx = new int[nnz];
        }
    }

    /** Grows (never shrinks) the value array only; see {@link #ensurePattern}. */
    public void ensureValues(int nnz) {
        if (values.length < nnz) {
            values = null;
            values = new double[nnz];
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
            bytes += 4L * nnz;
        }
        if (values.length < nnz) {
            bytes += 8L * nnz;
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
     *
     * <p><b>The result shares these arrays</b>: it changes when the buffers are used for the next build
     * (hold at most one live result per {@code CscBuffers}, or copy it). Public, not package-private,
     * because its caller is the convolution builder in {@code lower} ({@code ClassFill}), whose fill writes
     * the arrays in place; moving that fill into this package would pull the spatial classes of
     * {@code index} into {@code sparse}.
     */
    public CscMatrix toMatrix(int rows, int cols) {
        return new CscMatrix(rows, cols, colPtr, rowIdx, values);
    }
}
