package org.convmatrix.verify;

import org.convmatrix.reference.DirectConvolution;
import org.convmatrix.reference.ScatterTransposedConvolution;
import org.convmatrix.spec.ConvLayer;
import org.convmatrix.spec.Layer;
import org.convmatrix.spec.Op;
import org.convmatrix.spec.Tensor;

/**
 * The scale of the rounding error of a layer's output: {@code T = |layer|(|x|)}, the layer with absolute
 * weights and bias applied to the absolute input, and {@code t}, the most terms in one output. Any
 * two correct implementations of the layer agree within {@code 2·γ_t·T} element-wise
 * ({@link Comparison}).
 */
public final class ReferenceBound {
    private ReferenceBound() {
    }

    /** @return {@code T = |layer|(|x|)}, computed with the direct implementation */
    public static Tensor absoluteOutput(ConvLayer layer, Tensor input) {
        ConvLayer abs = AbsoluteLayer.of(layer);
        Tensor x = AbsoluteLayer.abs(input);
        return layer.spec().op() == Op.CONV ? DirectConvolution.apply(abs, x) : ScatterTransposedConvolution.apply(abs, x);
    }

    /** @return {@code T = |layer|(|x|)} of any op (see {@code Magnitudes}) */
    public static Tensor absoluteOutput(Layer layer, int[] inputShape, Tensor input) {
        return Magnitudes.forward(layer, inputShape, Magnitudes.abs(input));
    }

    /** @return {@code T' = |A|ᵀ·|g|} of any op, the scale of the error of its backward */
    public static Tensor absoluteGradInput(Layer layer, int[] inputShape, Tensor gradOutput) {
        return Magnitudes.backward(layer, inputShape, Magnitudes.abs(gradOutput));
    }

    /** @return {@code t} of any op: the most roundings in one output of the layer or of its backward */
    public static long terms(Layer layer, int[] inputShape) {
        return Magnitudes.terms(layer, inputShape);
    }

    /** @return {@code t}: products per output (channels per group times kernel volume) plus the bias */
    public static long terms(ConvLayer layer) {
        return AbsoluteLayer.terms(layer);
    }
}
