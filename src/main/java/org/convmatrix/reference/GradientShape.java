package org.convmatrix.reference;

import java.util.Arrays;
import org.convmatrix.spec.Layer;
import org.convmatrix.spec.Tensor;

/** The shape checks of the direct backward passes: a gradient must have the layer's output shape. */
final class GradientShape {
    private GradientShape() {
    }

    /**
     * @return the layer's output shape for {@code inputShape}
     * @throws IllegalArgumentException when {@code gradOutput} does not have it
     */
    static int[] require(String who, Layer layer, int[] inputShape, Tensor gradOutput) {
        int[] out = layer.outputShape(inputShape);
        if (!Arrays.equals(out, gradOutput.shape())) {
            throw new IllegalArgumentException(who + ": grad_output.shape must be the output shape "
                    + Arrays.toString(out) + " but was " + Arrays.toString(gradOutput.shape()));
        }
        return out;
    }
}
