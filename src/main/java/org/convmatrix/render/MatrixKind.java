package org.convmatrix.render;

import org.convmatrix.io.MatrixAxes;
import org.convmatrix.sparse.CscMatrix;
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
                return CscOps.multiply(CscOps.transpose(w), w);
            default:
                return CscOps.multiply(w, CscOps.transpose(w));
        }
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
