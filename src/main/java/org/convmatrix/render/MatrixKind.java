package org.convmatrix.render;

import org.convmatrix.spec.ArrayLimits;
import org.convmatrix.io.MatrixAxes;
import org.convmatrix.lower.KernelToMatrix;
import org.convmatrix.lower.LoweredConv;
import org.convmatrix.sparse.CscMatrix;
import org.convmatrix.spec.InvalidSpecException;
import org.convmatrix.sparse.CscOps;

/**
 * Which matrix of a lowered layer to export or draw, with what its rows and columns index.
 *
 * <p>{@code W} is the matrix of the convolution ({@code conv(x) = W·x}); for a conv_transpose layer it
 * is the matrix of the convolution whose adjoint the layer is ({@code convT(y) = Wᵀ·y}), so its rows are
 * the transposed layer's input and its columns the layer's output. For every other op {@code W} stands for
 * the layer's own matrix {@code A} ({@link LayerMatrices#base()}), and {@code WT} for {@code Aᵀ}.
 */
public enum MatrixKind {
    /** {@code W}. */
    W("W"),
    /** {@code Wᵀ}. */
    WT("W\u1d40"),
    /** {@code [A | b]}: the layer as an affine map of one sample, {@code A = W} (conv) or {@code Wᵀ} (conv_transpose). */
    AFFINE("[A | b]"),
    /** {@code WᵀW}: the Gram matrix of the columns (input side of the convolution). */
    WTW("W\u1d40W"),
    /** {@code WWᵀ}: the Gram matrix of the rows (output side of the convolution). */
    WWT("WW\u1d40");

    private final String symbol;

    MatrixKind(String symbol) {
        this.symbol = symbol;
    }

    /** @return {@code W}, {@code Wᵀ}, ... for titles */
    public String symbol() {
        return symbol;
    }

    /** @return the matrix */
    public CscMatrix of(LayerMatrices lc) {
        CscMatrix w = lc.base();
        switch (this) {
            case W:
                return w;
            case WT:
                return CscOps.transpose(w);
            case AFFINE:
                return lc.augmented();
            case WTW:
                requireFits(lc);
                return CscOps.multiply(CscOps.transpose(w), w);
            default:
                requireFits(lc);
                return CscOps.multiply(w, CscOps.transpose(w));
        }
    }

    /**
     * Refuses, before anything is drawn or written, a matrix of this kind too large to store (only the Gram
     * matrices can outgrow {@code W}; see {@link #requireGramFits}).
     *
     * @throws InvalidSpecException naming {@code which}
     */
    public void requireFits(LayerMatrices lc) {
        requireFits(lc, allocatable());
    }

    /** As {@link #requireFits(LayerMatrices)} with {@code freeBytes} for the product to allocate. */
    public void requireFits(LayerMatrices lc, long freeBytes) {
        if (this == WTW || this == WWT) {
            LoweredConv conv = lc.lowered();
            long exact = conv != null ? KernelToMatrix.predictedGramNnz(conv.layer().spec(), conv.inputSpatial(),
                    this == WTW) : -1;
            requireGramFits(lc.base(), this, exact, freeBytes);
        }
    }

    private static long allocatable() {
        Runtime rt = Runtime.getRuntime();
        return rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
    }

    /**
     * Refuses, before the product, a Gram matrix too large to store: its entries are {@code exact} when the
     * geometry predicts them ({@link KernelToMatrix#predictedGramNnz}), else bounded below: column {@code j}
     * of {@code WᵀW} holds an entry for every column that shares a row with {@code j}, so at least
     * {@code max_{i : W_ij ≠ 0} r_i} ({@code r_i} the entries of row {@code i}); {@code Σ_j} of that, in
     * {@code O(nnz(W))} (likewise with rows and columns swapped for {@code WWᵀ}).
     *
     * @param exact the predicted entries, or -1 when only the lower bound is known
     * @param free  the bytes the product may allocate
     * @throws InvalidSpecException naming {@code which}, the size and what to draw instead
     */
    static void requireGramFits(CscMatrix w, MatrixKind kind, long exact, long free) {
        long lower = exact >= 0 ? exact : gramLowerBound(kind == WTW ? w : CscOps.transpose(w));
        long bytes = lower > Long.MAX_VALUE / 12 ? Long.MAX_VALUE : 12L * lower;
        if (lower > ArrayLimits.MAX_ARRAY || bytes > free) {
            throw new InvalidSpecException("which", "which: " + kind.symbol().replace("\u1d40", "^T") + " of this "
                    + w.rows() + " x " + w.cols() + " W would store " + (exact >= 0 ? "" : "at least ") + lower + " entries (" + bytes
                    + " bytes), more than " + (lower > ArrayLimits.MAX_ARRAY ? "the largest Java array"
                    : "this JVM can allocate (about " + free + " bytes; raise -Xmx)")
                    + "; draw W, WT or affine, or a smaller layer");
        }
    }

    /** @return {@code Σ_j max_{i : W_ij ≠ 0} r_i}, a lower bound on the entries of {@code WᵀW} */
    static long gramLowerBound(CscMatrix w) {
        int[] rowCount = CscOps.rowCounts(w);
        long total = 0;
        for (int j = 0; j < w.cols(); j++) {
            int most = 0;
            for (int p = w.colStart(j); p < w.colEnd(j); p++) {
                most = Math.max(most, rowCount[w.rowAt(p)]);
            }
            total += most;
        }
        return total;
    }

    /** @return what the rows and columns of the matrix index */
    public MatrixAxes axes(LayerMatrices lc) {
        boolean conv = !lc.layerIsTranspose();
        String rows = lc.rowMeaning();
        String cols = lc.colMeaning();
        MatrixAxes w = new MatrixAxes(rows, lc.rowShape(), cols, lc.colShape());
        switch (this) {
            case W:
                return w;
            case WT:
                return w.transposed();
            case AFFINE:
                return (conv ? w : w.transposed()).withBiasColumn();
            case WTW:
                return new MatrixAxes(cols, lc.colShape(), cols, lc.colShape());
            default:
                return new MatrixAxes(rows, lc.rowShape(), rows, lc.rowShape());
        }
    }

    /** @return whether the entries are single weights (so they can be shown as symbols) */
    public boolean symbolic() {
        return this == W || this == WT;
    }
}
