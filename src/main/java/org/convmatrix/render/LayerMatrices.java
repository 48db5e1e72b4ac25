package org.convmatrix.render;

import java.util.Arrays;
import org.convmatrix.lower.LoweredConv;
import org.convmatrix.lower.LoweredLayer;
import org.convmatrix.sparse.CscMatrix;
import org.convmatrix.sparse.CscOps;
import org.convmatrix.spec.Op;

/**
 * What the views ({@code matrix}, {@code heatmap}) show of a lowered layer, for every op: the base matrix
 * {@code M}, what its rows and columns index, and the layer's affine form {@code [A | b]}.
 *
 * <p>For a convolution {@code M = W}, the convolution's matrix (for a conv_transpose, of the convolution it is the
 * adjoint of, so {@code A = Wᵀ}); for every other op {@code M = A}, the layer's own matrix ({@code output = A·x + b}),
 * its columns the input {@code (channel, position)} of one sample (of the whole batch {@code (n, channel, position)}
 * for {@code max_unpool}), its rows the output likewise. Immutable and thread-safe.
 */
public final class LayerMatrices {
    private final CscMatrix base;
    private final boolean convolution;
    private final boolean layerIsTranspose;
    private final double[] bias;
    private final String title;
    private final String rowMeaning;
    private final int[] rowShape;
    private final String colMeaning;
    private final int[] colShape;
    private final String sizes;
    private final int[] weightShape;
    private final LoweredConv lowered;

    private LayerMatrices(CscMatrix base, boolean convolution, boolean layerIsTranspose, double[] bias, String title,
            String rowMeaning, int[] rowShape, String colMeaning, int[] colShape, String sizes, int[] weightShape,
            LoweredConv lowered) {
        this.lowered = lowered;
        this.base = base;
        this.convolution = convolution;
        this.layerIsTranspose = layerIsTranspose;
        this.bias = bias;
        this.title = title;
        this.rowMeaning = rowMeaning;
        this.rowShape = rowShape;
        this.colMeaning = colMeaning;
        this.colShape = colShape;
        this.sizes = sizes;
        this.weightShape = weightShape;
    }

    /** The views of a convolution: {@code M = W}. */
    public static LayerMatrices of(LoweredConv lc) {
        boolean conv = lc.layer().spec().op() == Op.CONV;
        return new LayerMatrices(lc.matrix(), true, !conv, lc.biasVector(), lc.layer().spec().toString(),
                conv ? "conv output" : "conv_transpose input", lc.rowShape(),
                conv ? "conv input" : "conv_transpose output", lc.colShape(),
                "input " + Arrays.toString(lc.inputSpatial()) + " \u2192 output " + Arrays.toString(lc.outputSpatial()),
                lc.layer().spec().weightShape(), lc);
    }

    /** @return the lowered convolution behind {@code M = W}, or {@code null} for the other ops */
    public LoweredConv lowered() {
        return lowered;
    }

    /** The views of any other op: {@code M = A}. */
    public static LayerMatrices of(LoweredLayer l, String description) {
        int[] in = l.inputShape();
        int[] out = l.outputShape();
        int[] rowShape = l.wholeBatch() ? out : Arrays.copyOfRange(out, 1, out.length);
        int[] colShape = l.wholeBatch() ? in : Arrays.copyOfRange(in, 1, in.length);
        return new LayerMatrices(l.matrix(), false, false, l.biasVector(), description,
                l.wholeBatch() ? "output (batch)" : "output", rowShape, l.wholeBatch() ? "input (batch)" : "input",
                colShape, "input " + Arrays.toString(in) + " \u2192 output " + Arrays.toString(out), null, null);
    }

    /** @return {@code M}: {@code W} for a convolution, {@code A} otherwise */
    public CscMatrix base() {
        return base;
    }

    /** @return whether {@code M} is a convolution's {@code W} (whose entries are single weights) */
    public boolean convolution() {
        return convolution;
    }

    /** @return whether the layer is {@code Mᵀ} (a conv_transpose) rather than {@code M} */
    public boolean layerIsTranspose() {
        return layerIsTranspose;
    }

    /** @return {@code [A | b]} */
    public CscMatrix augmented() {
        return CscOps.appendColumn(layerIsTranspose ? CscOps.transpose(base) : base, bias);
    }

    /** @return the convolution's weight shape (the symbols of {@code W}); an error for other ops */
    public int[] weightShape() {
        if (weightShape == null) {
            throw new org.convmatrix.spec.InvalidSpecException("weights", "symbolic weights exist for conv and "
                    + "conv_transpose layers only");
        }
        return weightShape.clone();
    }

    /** @return the layer's description for titles */
    public String title() {
        return title;
    }

    /** @return {@code "input [..] → output [..]"} */
    public String sizes() {
        return sizes;
    }

    /** @return the symbol of {@code M}: {@code W} for a convolution, {@code A} otherwise */
    public String symbol(MatrixKind kind) {
        return convolution ? kind.symbol() : kind.symbol().replace('W', 'A');
    }

    String rowMeaning() {
        return rowMeaning;
    }

    int[] rowShape() {
        return rowShape.clone();
    }

    String colMeaning() {
        return colMeaning;
    }

    int[] colShape() {
        return colShape.clone();
    }
}
