package org.convmatrix.proofs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;

import org.convmatrix.lower.KernelToMatrix;
import org.convmatrix.sparse.CscOps;
import org.convmatrix.spec.ConvLayer;
import org.convmatrix.spec.ConvSpec;
import org.convmatrix.spec.Op;
import org.junit.jupiter.api.Test;

/**
 * The statement of Coq's {@code Autocorrelation.conv1d_pytorch_WWt_identity_char}, checked on the matrices
 * {@code KernelToMatrix} builds: for a conv1d without padding ({@code m = conv_len n}),
 * {@code W·Wᵀ = I} exactly when the dilated kernel's autocorrelation
 * {@code acorr(τ) = Σ_{j d = j' d + τ} w_j w_j'} is 1 at 0 and 0 at {@code δ·s} for {@code 0 < δ < m}.
 *
 * <p>Every kernel of length 1..4 over {@code {-1, -1/2, 0, 1/2, 1}}, strides 1..3, dilations 1..2, three input
 * lengths: all products and sums are dyadic and small, so both sides are computed exactly in doubles, and the
 * test compares them with {@code ==}. Windows may overlap: {@code (1/2, 1/2, 1/2, -1/2)} with stride 2 is one of
 * the orthonormal cases, outside the non-overlapping condition of {@code OrthogonalRows}.
 */
class AutocorrelationCharacterizationTest {
    private static final double[] VALUES = {-1, -0.5, 0, 0.5, 1};

    /** acorr(tau) of the dilated kernel, straight from its definition. */
    private static double acorr(double[] w, int d, int tau) {
        double sum = 0;
        for (int j = 0; j < w.length; j++) {
            for (int jp = 0; jp < w.length; jp++) {
                if (j * d == jp * d + tau) {
                    sum += w[j] * w[jp];
                }
            }
        }
        return sum;
    }

    private static boolean characterization(double[] w, int s, int d, int m) {
        if (acorr(w, d, 0) != 1) {
            return false;
        }
        for (int delta = 1; delta < m; delta++) {
            if (acorr(w, d, delta * s) != 0) {
                return false;
            }
        }
        return true;
    }

    private static double[] kernel(int k, int code) {
        double[] w = new double[k];
        for (int j = 0; j < k; j++, code /= VALUES.length) {
            w[j] = VALUES[code % VALUES.length];
        }
        return w;
    }

    /**
     * Asserts the equivalence on one layer.
     *
     * @return 0 if {@code W·Wᵀ != I}, 1 if it is I, 2 if it is I with overlapping windows ({@code d(k-1) >= s}, m > 1)
     */
    private static int checkLayer(double[] w, int s, int d, int n) {
        ConvSpec spec = ConvSpec.builder(Op.CONV, 1, 1, w.length).stride(s).dilation(d).build();
        int m = spec.outputSpatial(n)[0];
        double[][] dense = CscOps.toDense(KernelToMatrix.matrix(ConvLayer.of(spec, w, null), new int[] {n}, 1));
        boolean identity = RowOrthonormality.wwtIsIdentity(dense);
        if (characterization(w, s, d, m) != identity) {
            fail("w=" + Arrays.toString(w) + " s=" + s + " d=" + d + " n=" + n + ": W·Wᵀ = I is " + identity);
        }
        if (!identity) {
            return 0;
        }
        return m > 1 && d * (w.length - 1) >= s ? 2 : 1;
    }

    @Test
    void wwtIsIdentityExactlyWhenAutocorrelationVanishesAtStrideMultiples() {
        int identities = 0;
        int overlappingIdentities = 0;
        int layers = 0;
        for (int k = 1; k <= 4; k++) {
            int kernels = (int) Math.pow(VALUES.length, k);
            for (int code = 0; code < kernels; code++) {
                double[] w = kernel(k, code);
                for (int s = 1; s <= 3; s++) {
                    for (int d = 1; d <= 2; d++) {
                        for (int extra = 0; extra < 3; extra++) {
                            int outcome = checkLayer(w, s, d, d * (k - 1) + 1 + extra * s);
                            layers++;
                            identities += outcome > 0 ? 1 : 0;
                            overlappingIdentities += outcome > 1 ? 1 : 0;
                        }
                    }
                }
            }
        }
        assertTrue(layers > 10_000, "layers " + layers);
        assertTrue(identities > 0, "no layer with W·Wᵀ = I: the equivalence was not exercised");
        assertTrue(overlappingIdentities > 0, "no orthonormal layer with overlapping windows");
    }

    @Test
    void halvesKernelWithStrideTwoIsOrthonormalThoughWindowsOverlap() {
        double[] w = {0.5, 0.5, 0.5, -0.5};
        ConvSpec spec = ConvSpec.builder(Op.CONV, 1, 1, 4).stride(2).build();
        double[][] dense = CscOps.toDense(KernelToMatrix.matrix(ConvLayer.of(spec, w, null), new int[] {8}, 1));
        assertEquals(3, dense.length);
        assertTrue(characterization(w, 2, 1, 3));
        assertTrue(RowOrthonormality.wwtIsIdentity(dense));
    }
}
