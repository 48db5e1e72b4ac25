package org.convmatrix.verify;

import org.convmatrix.ops.ConvKind;
import org.convmatrix.spec.ConvLayer;
import org.convmatrix.spec.Tensor;

/**
 * The layer with every weight and bias replaced by its absolute value, and inputs likewise: applying it
 * gives {@code T_i = Σ |w|·|x| + |b|}, the scale of the rounding error of output {@code i}.
 */
final class AbsoluteLayer {
    private AbsoluteLayer() {
    }

    static ConvLayer of(ConvLayer layer) {
        return ConvKind.absolute(layer);
    }

    static Tensor abs(Tensor t) {
        return Tensor.ofOwned("tensor", t.shape(), abs(t.data()));
    }

    static double[] abs(double[] v) {
        double[] a = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            a[i] = Math.abs(v[i]);
        }
        return a;
    }

    /** @return the most terms (products plus bias) in one output of the layer or of its transpose */
    static long terms(ConvLayer layer) {
        return ConvKind.roundings(layer);
    }
}
