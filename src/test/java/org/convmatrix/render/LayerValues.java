package org.convmatrix.render;

import org.convmatrix.spec.ConvLayer;
import org.convmatrix.spec.ConvSpec;

/** Layers with distinct integer weights, so a wrong tap shows as a wrong value. */
final class LayerValues {
    private LayerValues() {
    }

    /** @return the layer with weights {@code w[j] = j + 1} */
    static ConvLayer distinct(ConvSpec spec) {
        int n = 1;
        for (int s : spec.weightShape()) {
            n *= s;
        }
        double[] w = new double[n];
        for (int j = 0; j < n; j++) {
            w[j] = j + 1;
        }
        return ConvLayer.of(spec, w, null);
    }
}
