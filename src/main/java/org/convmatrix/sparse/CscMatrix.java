package org.convmatrix.sparse;

/**
 * A sparse matrix in compressed sparse column (CSC) form, the project's own storage for {@code W}.
 *
 * <p>Column {@code j} holds the entries {@code p} in {@code [colPtr[j], colPtr[j+1])}: row
 * {@code rowIdx[p]}, value {@code values[p]}. Rows are strictly increasing within a column (sorted, no
 * duplicates). Entries are <em>structural</em>: a stored value may be an explicit zero (a zero weight
 * keeps its place in the pattern), so {@link #nnz()} counts the pattern, not the non-zero values.
 * The layout is the one of EJML's {@code DMatrixSparseCSC} ({@code col_idx}, {@code nz_rows},
 * {@code nz_values}) and of la4j's {@code CCSMatrix}, so adapters hand the arrays over.
 *
 * <p>Effectively immutable: the arrays are owned by the instance and never exposed for writing by
 * this project's code. Readers outside this package walk the entries with {@link #colStart},
 * {@link #colEnd}, {@link #rowAt} and {@link #valueAt} (one array read each, inlined by the JIT), or
 * take copies ({@link #colPtr()} ...); the package-private views return the arrays without copying for
 * the kernels in this package, and {@link #storage()} does so, once and documented, for the adapters
 * that hand the arrays in bulk to a file format. Thread-safe for reading.
 */
public final class CscMatrix {
    private final int rows;
    private final int cols;
    private final int[] colPtr;
    private final int[] rowIdx;
    private final double[] values;

    CscMatrix(int rows, int cols, int[] colPtr, int[] rowIdx, double[] values) {
        this.rows = rows;
        this.cols = cols;
        this.colPtr = colPtr;
        this.rowIdx = rowIdx;
        this.values = values;
    }

    /**
     * Wraps arrays after checking the CSC invariants (sizes, monotone column pointers, rows in range and
     * strictly increasing per column). The arrays are taken, not copied.
     *
     * @throws IllegalArgumentException naming the first violated invariant
     */
    public static CscMatrix wrap(int rows, int cols, int[] colPtr, int[] rowIdx, double[] values) {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("shape must be non-negative but was " + rows + "x" + cols);
        }
        if (colPtr.length != cols + 1 || colPtr[0] != 0) {
            throw new IllegalArgumentException("colPtr must have cols+1 = " + (cols + 1) + " entries starting at 0");
        }
        int nnz = colPtr[cols];
        if (rowIdx.length < nnz || values.length < nnz) {
            throw new IllegalArgumentException("rowIdx and values must hold nnz = " + nnz + " entries but held "
                    + rowIdx.length + " and " + values.length);
        }
        for (int j = 0; j < cols; j++) {
            if (colPtr[j + 1] < colPtr[j]) {
                throw new IllegalArgumentException("colPtr must be non-decreasing but colPtr[" + (j + 1) + "] < colPtr[" + j + "]");
            }
            for (int p = colPtr[j]; p < colPtr[j + 1]; p++) {
                int r = rowIdx[p];
                if (r < 0 || r >= rows || (p > colPtr[j] && r <= rowIdx[p - 1])) {
                    throw new IllegalArgumentException("column " + j + " must have strictly increasing rows in [0, " + rows
                            + ") but entry " + p + " has row " + r);
                }
            }
        }
        return new CscMatrix(rows, cols, colPtr, rowIdx, values);
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    /** @return the number of stored (structural) entries */
    public int nnz() {
        return colPtr[cols];
    }

    /** @return the entry {@code (r, c)}, 0 when it is not stored (binary search in column {@code c}) */
    public double get(int r, int c) {
        int p = indexOf(r, c);
        return p < 0 ? 0.0 : values[p];
    }

    /** @return whether {@code (r, c)} is stored, even as an explicit zero */
    public boolean isStored(int r, int c) {
        for (int p = colPtr[c]; p < colPtr[c + 1]; p++) {
            if (rowIdx[p] == r) {
                return true;
            }
        }
        return false;
    }

    /** @return a copy of the column pointers ({@code cols + 1} entries) */
    public int[] colPtr() {
        return java.util.Arrays.copyOf(colPtr, cols + 1);
    }

    /** @return a copy of the row indices of the {@code nnz} entries */
    public int[] rowIdx() {
        return java.util.Arrays.copyOf(rowIdx, nnz());
    }

    /** @return a copy of the values of the {@code nnz} entries */
    public double[] values() {
        return java.util.Arrays.copyOf(values, nnz());
    }

    /** @return the first entry position of column {@code j}: column {@code j} holds positions {@code [colStart(j), colEnd(j))} */
    public int colStart(int j) {
        return colPtr[j];
    }

    /** @return one past the last entry position of column {@code j} ({@code colStart(j + 1)}) */
    public int colEnd(int j) {
        return colPtr[j + 1];
    }

    /** @return the row of the entry at position {@code p}, {@code 0 <= p < nnz()} */
    public int rowAt(int p) {
        return rowIdx[p];
    }

    /** @return the (possibly explicitly zero) value of the entry at position {@code p}, {@code 0 <= p < nnz()} */
    public double valueAt(int p) {
        return values[p];
    }

    /**
     * @return the position of entry {@code (r, c)} in {@code [colStart(c), colEnd(c))}, or -1 when it is not
     *     stored (binary search: rows are sorted within a column)
     */
    public int indexOf(int r, int c) {
        int lo = colPtr[c];
        int hi = colPtr[c + 1] - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int rm = rowIdx[mid];
            if (rm < r) {
                lo = mid + 1;
            } else if (rm > r) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -1;
    }

    /**
     * @return the column pointers without copying (possibly longer than {@code cols + 1} when built into
     *     reused {@link CscBuffers}); callers must not write to them
     */
    int[] colPtrView() {
        return colPtr;
    }

    /** @return the row indices without copying; callers must not write to them */
    int[] rowIdxView() {
        return rowIdx;
    }

    /** @return the values without copying; callers must not write to them */
    double[] valuesView() {
        return values;
    }

    /**
     * The storage arrays themselves, without copying: the one way out of this class for adapters that hand
     * them in bulk to another library or a file format (NumPy {@code .npz}, MATLAB {@code .mat}) where a
     * copy of {@code W} would double the memory. <b>Read-only by contract</b>: writing to them corrupts this
     * matrix. They may be longer than needed (a matrix built into reused {@link CscBuffers}): only the first
     * {@code cols + 1} column pointers and {@code nnz} entries belong to the matrix. Everything else reads
     * through {@link #colStart}, {@link #colEnd}, {@link #rowAt} and {@link #valueAt}.
     *
     * @return the column pointers, row indices and values as stored
     */
    public Storage storage() {
        return new Storage(colPtr, rowIdx, values);
    }

    /** The arrays of {@link #storage()}: read-only by contract, possibly longer than the matrix needs. */
    public record Storage(int[] colPtr, int[] rowIdx, double[] values) {
    }

    @Override
    public String toString() {
        return "CscMatrix[" + rows + "x" + cols + ", nnz=" + nnz() + "]";
    }
}
