package org.convmatrix.io;

import java.io.IOException;
import org.convmatrix.sparse.CscMatrix;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.format.Mat5Serializable;
import us.hebi.matlab.mat.format.Mat5Type;
import us.hebi.matlab.mat.format.Mat5WriteUtil;
import us.hebi.matlab.mat.types.AbstractSparse;
import us.hebi.matlab.mat.types.Sink;

/**
 * A read-only MFL sparse double array over a {@link CscMatrix}'s arrays (no copy), serialised as a
 * MATLAB v5 {@code mxSPARSE_CLASS} element: matrix tag, array flags (with {@code nzmax}), dimensions,
 * name, then {@code ir} (int32 row indices), {@code jc} (int32 column pointers), {@code pr} (doubles).
 * MFL 0.5 reads sparse matrices but has no public constructor for writing one; this is its documented
 * extension point ({@link Mat5Serializable}), with the tags and padding written by MFL's own helpers.
 */
final class Mat5SparseArray extends AbstractSparse implements Mat5Serializable, Mat5Serializable.Mat5Attributes {
    private final CscMatrix m;

    Mat5SparseArray(CscMatrix m) {
        super(new int[] {m.rows(), m.cols()});
        this.m = m;
    }

    @Override
    public int getMat5Size(String name) {
        return Mat5.MATRIX_TAG_SIZE + Mat5WriteUtil.computeArrayHeaderSize(name, this)
                + Mat5Type.Int32.computeSerializedSize(m.nnz())
                + Mat5Type.Int32.computeSerializedSize(m.cols() + 1) + Mat5Type.Double.computeSerializedSize(m.nnz());
    }

    @Override
    public void writeMat5(String name, boolean isGlobal, Sink sink) throws IOException {
        Mat5WriteUtil.writeMatrixTag(name, this, sink);
        Mat5WriteUtil.writeArrayHeader(name, isGlobal, this, sink);
        CscMatrix.Storage arrays = m.storage(); // no copy: W may be most of the heap
        writeInts(arrays.rowIdx(), m.nnz(), sink);
        writeInts(arrays.colPtr(), m.cols() + 1, sink);
        Mat5Type.Double.writeTag(m.nnz(), sink); // MFL's tag and padding helpers count elements, not bytes
        sink.writeDoubles(arrays.values(), 0, m.nnz());
        Mat5Type.Double.writePadding(m.nnz(), sink);
    }

    private static void writeInts(int[] a, int n, Sink sink) throws IOException {
        Mat5Type.Int32.writeTag(n, sink);
        sink.writeInts(a, 0, n);
        Mat5Type.Int32.writePadding(n, sink);
    }

    @Override
    public int getNzMax() {
        return Math.max(1, m.nnz());
    }

    @Override
    public int getNumNonZero() {
        return m.nnz();
    }

    @Override
    public boolean isLogical() {
        return false;
    }

    @Override
    public boolean isComplex() {
        return false;
    }

    /** The entry at column-major linear index {@code index} (0 where none is stored). */
    @Override
    public double getDouble(int index) {
        return m.get(index % m.rows(), index / m.rows());
    }

    @Override
    public void setDouble(int index, double value) {
        throw new UnsupportedOperationException("read-only view of a CscMatrix");
    }

    @Override
    public double getImaginaryDouble(int index) {
        return 0;
    }

    @Override
    public void setImaginaryDouble(int index, double value) {
        throw new UnsupportedOperationException("read-only view of a CscMatrix");
    }

    @Override
    public void forEach(SparseConsumer action) {
        for (int j = 0; j < m.cols(); j++) {
            for (int p = m.colStart(j); p < m.colEnd(j); p++) {
                action.accept(m.rowAt(p), j, m.valueAt(p), 0);
            }
        }
    }

    @Override
    public void close() {
        // nothing to release: the arrays belong to the CscMatrix
    }

    @Override
    protected int subHashCode() {
        return System.identityHashCode(m);
    }

    @Override
    protected boolean subEqualsGuaranteedSameClass(Object other) {
        return ((Mat5SparseArray) other).m == m;
    }
}
