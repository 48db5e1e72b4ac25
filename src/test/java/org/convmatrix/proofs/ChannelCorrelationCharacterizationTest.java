package org.convmatrix.proofs;

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
 * The statement of Coq's {@code OrthoChannels.conv1d_channels_pytorch_WWt_identity_char}, checked on the matrices
 * {@code KernelToMatrix} builds: a conv1d with channels and groups, no padding, has {@code W·Wᵀ = I} exactly when
 * for all output channels {@code co, co'} of one group
 * {@code xcorr(co, co', τ) = Σ_c Σ_{j d = j' d + τ} w[co][c][j]·w[co'][c][j']} is {@code [co = co']} at 0 and 0 at
 * {@code δ·s}, {@code 0 < δ < m}.
 *
 * <p>Every weight tensor over {@code {-1/2, 0, 1/2}} of the shapes below (dyadic: both sides are exact in doubles),
 * strides 1-2, three input lengths; the Haar-like pair {@code (½,½),(½,-½)} on two input channels is among them.
 */
class ChannelCorrelationCharacterizationTest {
    private static final double[] VALUES = {-0.5, 0, 0.5};
    private static final double[] PADDED_VALUES = {-1, 0, 1};

    /** groups, in/group, out/group, kernel, dilation */
    private static final int[][] SHAPES = {{1, 2, 2, 2, 1}, {2, 1, 1, 2, 1}, {1, 1, 2, 2, 2}, {2, 1, 2, 1, 1}};

    private static double xcorr(double[] w, int cig, int k, int d, int co, int cop, int tau) {
        double sum = 0;
        for (int c = 0; c < cig; c++) {
            for (int j = 0; j < k; j++) {
                for (int jp = 0; jp < k; jp++) {
                    if (j * d == jp * d + tau) {
                        sum += w[(co * cig + c) * k + j] * w[(cop * cig + c) * k + jp];
                    }
                }
            }
        }
        return sum;
    }

    private static boolean characterization(double[] w, int[] shape, int s, int m) {
        int groups = shape[0];
        int cig = shape[1];
        int cog = shape[2];
        int k = shape[3];
        int d = shape[4];
        for (int co = 0; co < groups * cog; co++) {
            for (int cop = 0; cop < groups * cog; cop++) {
                if (co / cog != cop / cog) {
                    continue;
                }
                if (xcorr(w, cig, k, d, co, cop, 0) != (co == cop ? 1 : 0)) {
                    return false;
                }
                for (int delta = 1; delta < m; delta++) {
                    if (xcorr(w, cig, k, d, co, cop, delta * s) != 0) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /** @return whether W·Wᵀ = I, after asserting that it is so exactly when the characterisation holds */
    private static boolean checkLayer(double[] w, int[] shape, int s, int n) {
        ConvSpec spec = ConvSpec.builder(Op.CONV, shape[0] * shape[1], shape[0] * shape[2], shape[3])
                .groups(shape[0]).stride(s).dilation(shape[4]).build();
        int m = spec.outputSpatial(n)[0];
        double[][] dense = CscOps.toDense(KernelToMatrix.matrix(ConvLayer.of(spec, w, null), new int[] {n}, 1));
        boolean identity = RowOrthonormality.wwtIsIdentity(dense);
        if (characterization(w, shape, s, m) != identity) {
            fail("shape " + Arrays.toString(shape) + " w=" + Arrays.toString(w) + " s=" + s + " n=" + n
                    + ": W·Wᵀ = I is " + identity);
        }
        return identity;
    }

    @Test
    void wwtIsIdentityExactlyWhenChannelCorrelationsVanish() {
        int identities = 0;
        int layers = 0;
        for (int[] shape : SHAPES) {
            int size = shape[0] * shape[2] * shape[1] * shape[3];
            int tensors = (int) Math.pow(VALUES.length, size);
            for (int code = 0; code < tensors; code++) {
                double[] w = new double[size];
                for (int f = 0, c = code; f < size; f++, c /= VALUES.length) {
                    w[f] = VALUES[c % VALUES.length];
                }
                for (int s = 1; s <= 2; s++) {
                    for (int extra = 0; extra < 3; extra++) {
                        identities += checkLayer(w, shape, s, shape[4] * (shape[3] - 1) + 1 + extra * s) ? 1 : 0;
                        layers++;
                    }
                }
            }
        }
        assertTrue(layers > 10_000, "layers " + layers);
        assertTrue(identities > 0, "no layer with W·Wᵀ = I: the equivalence was not exercised");
    }

    /** tcorr of {@code OrthoChannels.tcorr}: the correlation truncated to taps that read inside {@code [0, n)}. */
    private static double tcorr(double[] w, int[] shape, int s, int p, int n, int co, int cop, int o, int op) {
        int cig = shape[1];
        int k = shape[3];
        int d = shape[4];
        double sum = 0;
        for (int c = 0; c < cig; c++) {
            for (int j = 0; j < k; j++) {
                for (int jp = 0; jp < k; jp++) {
                    int q = o * s + j * d;
                    if (q == op * s + jp * d && p <= q && q < p + n) {
                        sum += w[(co * cig + c) * k + j] * w[(cop * cig + c) * k + jp];
                    }
                }
            }
        }
        return sum;
    }

    private static boolean paddedCharacterization(double[] w, int[] shape, int s, int p, int n, int m) {
        int cog = shape[2];
        int channels = shape[0] * cog;
        for (int co = 0; co < channels; co++) {
            for (int cop = 0; cop < channels; cop++) {
                for (int o = 0; o < m && co / cog == cop / cog; o++) {
                    for (int op = 0; op < m; op++) {
                        if (tcorr(w, shape, s, p, n, co, cop, o, op) != (co == cop && o == op ? 1 : 0)) {
                            return false;
                        }
                    }
                }
            }
        }
        return true;
    }

    /**
     * Coq's {@code conv1d_channels_padded_WWt_identity_char}: zero padding 1, boundary rows included; weights over
     * {@code {-1, 0, 1}} (with padding only kernels such as {@code (0, ±1, 0)} keep unit rows at the boundary).
     */
    @Test
    void withPaddingWwtIsIdentityExactlyWhenTruncatedCorrelationsAreKronecker() {
        int identities = 0;
        for (int[] shape : new int[][] {{1, 2, 2, 2, 1}, {2, 1, 1, 2, 1}, {1, 1, 1, 3, 1}}) {
            int size = shape[0] * shape[2] * shape[1] * shape[3];
            for (int code = 0; code < (int) Math.pow(PADDED_VALUES.length, size); code++) {
                double[] w = new double[size];
                for (int f = 0, c = code; f < size; f++, c /= PADDED_VALUES.length) {
                    w[f] = PADDED_VALUES[c % PADDED_VALUES.length];
                }
                for (int s = 1; s <= 2; s++) {
                    int n = 4;
                    ConvSpec spec = ConvSpec.builder(Op.CONV, shape[0] * shape[1], shape[0] * shape[2], shape[3])
                            .groups(shape[0]).stride(s).dilation(shape[4]).padding(1).build();
                    int m = spec.outputSpatial(n)[0];
                    double[][] dense = CscOps.toDense(KernelToMatrix.matrix(ConvLayer.of(spec, w, null), new int[] {n}, 1));
                    boolean identity = RowOrthonormality.wwtIsIdentity(dense);
                    if (paddedCharacterization(w, shape, s, 1, n, m) != identity) {
                        fail("padded: shape " + Arrays.toString(shape) + " w=" + Arrays.toString(w) + " s=" + s
                                + ": W·Wᵀ = I is " + identity);
                    }
                    identities += identity ? 1 : 0;
                }
            }
        }
        assertTrue(identities > 0, "no padded layer with W·Wᵀ = I: the equivalence was not exercised");
    }

    @Test
    void haarPairOnTwoInputChannelsIsOrthonormal() {
        double[] w = {0.5, 0.5, 0.5, 0.5, 0.5, -0.5, 0.5, -0.5};
        assertTrue(checkLayer(w, new int[] {1, 2, 2, 2, 1}, 2, 6));
    }
}
