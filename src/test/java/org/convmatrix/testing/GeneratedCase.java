package org.convmatrix.testing;

import java.util.Arrays;
import org.convmatrix.spec.ConvLayer;
import org.convmatrix.spec.Tensor;

/**
 * A generated layer with an input batch that fits it, for property tests.
 *
 * @param layer the layer (spec, weight, optional bias)
 * @param input {@code [N, in_channels, *spatial]}
 */
public record GeneratedCase(ConvLayer layer, Tensor input) {
    /** @return the spatial part of the input shape */
    public int[] inputSpatial() {
        int[] s = input.shape();
        return Arrays.copyOfRange(s, 2, s.length);
    }

    @Override
    public String toString() {
        return layer.spec() + " on input " + Arrays.toString(input.shape()) + (layer.hasBias() ? " with bias " + Arrays.toString(layer.bias()) : "")
                + ", weight " + Arrays.toString(layer.weight().data()) + ", input " + Arrays.toString(input.data());
    }
}
