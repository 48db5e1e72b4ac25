package org.convmatrix.cli;

import org.convmatrix.spec.ConvLayer;
import org.convmatrix.spec.ConvSpec;

/** Test access to the command line's index weights ({@code w[j] = j + 1}, what --weights symbolic draws). */
public final class LayerOptionsAccess {
    private LayerOptionsAccess() {
    }

    /** @return the layer with weights {@code j + 1} and no bias */
    public static ConvLayer withIndexWeights(ConvSpec spec) {
        return LayerOptions.withIndexWeights(spec, null);
    }
}
