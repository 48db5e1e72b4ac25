package org.convmatrix.verify;

import org.convmatrix.ops.Ops;
import org.convmatrix.spec.Layer;
import org.convmatrix.spec.Tensor;

/**
 * The scales of the rounding errors of any layer, for {@link Comparison}: the forward on absolute values
 * {@code T = |layer|(|x|)}, the backward likewise, and the number of roundings {@code t} of one output, so that any
 * two evaluations of the layer agree within {@code 2·γ_t·T} element-wise. Each op defines them from its own
 * definition ({@link org.convmatrix.ops.OpKind#magnitude}); a chain chains them and adds the counts (Higham,
 * <i>Accuracy and Stability of Numerical Algorithms</i>, §3.1 and §3.5). Stateless and thread-safe.
 */
final class Magnitudes {
    private Magnitudes() {
    }

    /** @return {@code |layer|(|x|)} for an input batch of {@code inputShape} */
    static Tensor forward(Layer layer, int[] inputShape, Tensor absInput) {
        return Ops.magnitude(layer, inputShape, absInput);
    }

    /** @return the backward's scale on {@code |g|} */
    static Tensor backward(Layer layer, int[] inputShape, Tensor absGrad) {
        return Ops.magnitudeOfBackward(layer, inputShape, absGrad);
    }

    /** @return {@code t}, the most roundings in one output of the layer or of its adjoint */
    static long terms(Layer layer, int[] inputShape) {
        return Ops.roundings(layer, inputShape);
    }

    static Tensor abs(Tensor t) {
        return AbsoluteLayer.abs(t);
    }
}
