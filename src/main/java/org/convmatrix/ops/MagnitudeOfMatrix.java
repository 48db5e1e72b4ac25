package org.convmatrix.ops;

import org.convmatrix.lower.LoweredLayer;
import org.convmatrix.sparse.CscMatrix;
import org.convmatrix.sparse.CscOps;
import org.convmatrix.spec.Tensor;

/**
 * The default rounding-error scales of an op, from its lowered matrix: {@code |A|·|x| + |b|}, {@code |A|ᵀ·|g|}, and
 * the longest row or column. Stateless and thread-safe.
 */
final class MagnitudeOfMatrix {
    private MagnitudeOfMatrix() {
    }

    static Tensor forward(LoweredLayer lowered, Tensor absInput) {
        return absolute(lowered, true).apply(absInput);
    }

    static Tensor backward(LoweredLayer lowered, Tensor absGrad) {
        return absolute(lowered, false).applyAdjoint(absGrad);
    }

    static long roundings(LoweredLayer lowered, int spatialDims) {
        return (long) longestLine(lowered.stored()) + spatialDims + 2;
    }

    /** @return the most stored entries in one row or one column of {@code a} */
    static int longestLine(CscMatrix a) {
        return Math.max(CscOps.longestRow(a), CscOps.longestColumn(a));
    }

    private static LoweredLayer absolute(LoweredLayer l, boolean withBias) {
        CscMatrix abs = CscOps.absolute(l.stored());
        double[] bias = withBias && l.hasBias() ? abs(l.biasVector()) : null;
        if (l.wholeBatch()) {
            return LoweredLayer.ofWholeBatch(abs, bias, l.inputShape(), l.outputShape());
        }
        return l.transposed() ? LoweredLayer.ofTransposed(abs, bias, l.inputShape(), l.outputShape())
                : LoweredLayer.of(abs, bias, l.inputShape(), l.outputShape());
    }

    static double[] abs(double[] v) {
        double[] a = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            a[i] = Math.abs(v[i]);
        }
        return a;
    }
}
