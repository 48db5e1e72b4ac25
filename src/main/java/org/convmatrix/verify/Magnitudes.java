package org.convmatrix.verify;

import java.util.List;
import org.convmatrix.lower.LoweredLayer;
import org.convmatrix.ops.Ops;
import org.convmatrix.reference.ConvolutionBackward;
import org.convmatrix.reference.DirectConvolution;
import org.convmatrix.reference.ScatterTransposedConvolution;
import org.convmatrix.sparse.CscMatrix;
import org.convmatrix.sparse.CscOps;
import org.convmatrix.spec.ConvLayer;
import org.convmatrix.spec.Layer;
import org.convmatrix.spec.Op;
import org.convmatrix.spec.SequentialSpec;
import org.convmatrix.spec.Tensor;

/**
 * The scales of the rounding errors of any layer, for {@link Comparison}: the forward on absolute values
 * {@code T = |layer|(|x|)}, the backward likewise {@code T' = |A|ᵀ·|g|}, and the number of roundings {@code t}
 * that one output takes, so that any two evaluations of the layer agree within {@code 2·γ_t·T} element-wise.
 *
 * <p>For a convolution {@code |layer|} is the layer with {@code |w|}, {@code |b|}, applied by the direct
 * reference (so taps that padding merges into one matrix entry count separately); for the other ops it is
 * {@code |A|·|x| + |b|} with {@code A} lowered, each output a sum of at most {@code r} products of a coefficient
 * with an input, the coefficient itself a product of at most {@code d} per-axis factors ({@code t = r + d + 2});
 * for a chain, the magnitudes are chained and the rounding counts add (Higham, <i>Accuracy and Stability of
 * Numerical Algorithms</i>, §3.1 and §3.5: the error of a product of matrices applied in turn is bounded by
 * {@code γ_{Σ t_i}} times the product of the absolute values). Stateless and thread-safe.
 */
final class Magnitudes {
    private Magnitudes() {
    }

    /** @return {@code |layer|(|x|)} for an input batch of {@code inputShape} */
    static Tensor forward(Layer layer, int[] inputShape, Tensor absInput) {
        if (layer instanceof SequentialSpec) {
            List<int[]> shapes = ((SequentialSpec) layer).shapes(inputShape);
            Tensor t = absInput;
            List<Layer> layers = ((SequentialSpec) layer).layers();
            for (int i = 0; i < layers.size(); i++) {
                t = forward(layers.get(i), shapes.get(i), t);
            }
            return t;
        }
        if (layer instanceof ConvLayer) {
            ConvLayer abs = AbsoluteLayer.of((ConvLayer) layer);
            return abs.spec().op() == Op.CONV ? DirectConvolution.apply(abs, absInput)
                    : ScatterTransposedConvolution.apply(abs, absInput);
        }
        LoweredLayer lowered = Ops.lower(layer, inputShape);
        double[] bias = lowered.hasBias() ? AbsoluteLayer.abs(lowered.biasVector()) : null;
        LoweredLayer abs = lowered.wholeBatch() ? LoweredLayer.ofWholeBatch(absolute(lowered.matrix()), bias,
                inputShape, lowered.outputShape()) : LoweredLayer.of(absolute(lowered.matrix()), bias, inputShape,
                lowered.outputShape());
        return abs.apply(absInput);
    }

    /** @return {@code |A|ᵀ·|g|} for an input batch of {@code inputShape} */
    static Tensor backward(Layer layer, int[] inputShape, Tensor absGrad) {
        if (layer instanceof SequentialSpec) {
            List<int[]> shapes = ((SequentialSpec) layer).shapes(inputShape);
            Tensor t = absGrad;
            List<Layer> layers = ((SequentialSpec) layer).layers();
            for (int i = layers.size() - 1; i >= 0; i--) {
                t = backward(layers.get(i), shapes.get(i), t);
            }
            return t;
        }
        if (layer instanceof ConvLayer) {
            ConvLayer abs = AbsoluteLayer.of((ConvLayer) layer);
            return abs.spec().op() == Op.CONV ? ConvolutionBackward.ofConv(abs, inputShape, absGrad)
                    : ConvolutionBackward.ofTranspose(abs, inputShape, absGrad);
        }
        LoweredLayer lowered = Ops.lower(layer, inputShape);
        LoweredLayer abs = lowered.wholeBatch() ? LoweredLayer.ofWholeBatch(absolute(lowered.matrix()), null,
                inputShape, lowered.outputShape()) : LoweredLayer.of(absolute(lowered.matrix()), null, inputShape,
                lowered.outputShape());
        return abs.applyAdjoint(absGrad);
    }

    /** @return {@code t}, the most roundings in one output of the layer or of its adjoint */
    static long terms(Layer layer, int[] inputShape) {
        if (layer instanceof SequentialSpec) {
            List<int[]> shapes = ((SequentialSpec) layer).shapes(inputShape);
            long t = 0;
            List<Layer> layers = ((SequentialSpec) layer).layers();
            for (int i = 0; i < layers.size(); i++) {
                t += terms(layers.get(i), shapes.get(i));
            }
            return t;
        }
        if (layer instanceof ConvLayer) {
            return AbsoluteLayer.terms((ConvLayer) layer);
        }
        CscMatrix a = Ops.lower(layer, inputShape).matrix();
        int most = 0;
        for (int c : CscOps.rowCounts(a)) {
            most = Math.max(most, c);
        }
        int[] cp = a.colPtr();
        for (int j = 0; j < a.cols(); j++) {
            most = Math.max(most, cp[j + 1] - cp[j]);
        }
        return (long) most + (inputShape.length - 2) + 2;
    }

    static Tensor abs(Tensor t) {
        return AbsoluteLayer.abs(t);
    }

    private static CscMatrix absolute(CscMatrix a) {
        return CscMatrix.wrap(a.rows(), a.cols(), a.colPtr(), a.rowIdx(), AbsoluteLayer.abs(a.values()));
    }
}
