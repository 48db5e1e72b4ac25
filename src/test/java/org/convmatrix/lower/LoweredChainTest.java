package org.convmatrix.lower;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.convmatrix.sparse.CscMatrix;
import org.convmatrix.sparse.CscOps;
import org.convmatrix.spec.Tensor;
import org.convmatrix.testing.Dense;
import org.junit.jupiter.api.Test;

/**
 * {@link LoweredChain}'s backward where a link's backward is the transpose of a matrix {@code B_i ≠ A_i} (PyTorch's
 * nearest upsampling): the chain's is {@code (B_k ··· B_1)ᵀ}, with {@code B_i = A_i} for the other links, lifted to
 * the batch ({@code I_N ⊗ B_i}) when a link indexes the whole batch. The products are formed here densely, by
 * definition; the matrices hold small integers, so every entry is exact.
 */
class LoweredChainTest {
    private static final double[][] A1 = {{1, 2}, {0, -1}, {3, 0}};
    private static final double[][] A2 = {{1, 0, 2}, {-1, 1, 0}};
    private static final double[][] B2 = {{0, 1, 1}, {2, 0, -1}};

    /** @return {@code mᵀ·g}, as the row {@code gᵀ·m} */
    private static double[] transposeTimes(double[][] m, double[] g) {
        return Dense.multiply(new double[][] {g}, m)[0];
    }

    @Test
    void aLinkWithItsOwnBackwardMakesTheChainsBackward() {
        LoweredLayer first = LoweredLayer.of(LoweringLimitsTest.csc(A1), null, new int[] {2, 2}, new int[] {2, 3});
        LoweredLayer second = LoweredLayer.of(LoweringLimitsTest.csc(A2), null, new int[] {2, 3}, new int[] {2, 2})
                .withBackward(LoweringLimitsTest.csc(B2));
        LoweredLayer chain = LoweredChain.of(java.util.List.of(first, second));
        assertTrue(chain.backwardDiffers());
        assertArrayEquals(Dense.multiply(A2, A1), CscOps.toDense(chain.matrix()));
        double[][] back = Dense.multiply(B2, A1);
        assertArrayEquals(back, CscOps.toDense(chain.backwardMatrix()));
        double[] g = {1, -2, 3, 5};
        double[] want = new double[4];
        System.arraycopy(transposeTimes(back, new double[] {1, -2}), 0, want, 0, 2);
        System.arraycopy(transposeTimes(back, new double[] {3, 5}), 0, want, 2, 2);
        assertArrayEquals(want, chain.applyAdjoint(Tensor.of(new int[] {2, 2}, g)).data());

        LoweredLayer plain = LoweredChain.of(java.util.List.of(first,
                LoweredLayer.of(LoweringLimitsTest.csc(A2), null, new int[] {2, 3}, new int[] {2, 2})));
        assertFalse(plain.backwardDiffers());
        assertArrayEquals(Dense.multiply(A2, A1), CscOps.toDense(plain.backwardMatrix()));
    }

    /** A whole-batch link lifts the others: {@code B = B_2 · (I_2 ⊗ A_1)} for a batch of two. */
    @Test
    void aWholeBatchLinkLiftsTheOtherLinksBackward() {
        double[][] a2 = Dense.blockDiagonal(A2, 2);
        a2[0][5] = 4; // couples the samples, as max_unpool's indices may
        double[][] b2 = Dense.blockDiagonal(B2, 2);
        b2[3][0] = -3;
        LoweredLayer first = LoweredLayer.of(LoweringLimitsTest.csc(A1), null, new int[] {2, 2}, new int[] {2, 3});
        CscMatrix a2m = LoweringLimitsTest.csc(a2);
        LoweredLayer second = LoweredLayer.ofWholeBatch(a2m, null, new int[] {2, 3}, new int[] {2, 2})
                .withBackward(LoweringLimitsTest.csc(b2));
        LoweredLayer chain = LoweredChain.of(java.util.List.of(first, second));
        assertTrue(chain.wholeBatch() && chain.backwardDiffers());
        assertArrayEquals(Dense.multiply(a2, Dense.blockDiagonal(A1, 2)), CscOps.toDense(chain.matrix()));
        double[][] back = Dense.multiply(b2, Dense.blockDiagonal(A1, 2));
        assertArrayEquals(back, CscOps.toDense(chain.backwardMatrix()));
        double[] g = {1, -2, 3, 5};
        assertArrayEquals(transposeTimes(back, g), chain.applyAdjoint(Tensor.of(new int[] {2, 2}, g)).data());
        assertEquals(4, chain.backwardMatrix().cols());
    }
}
