package org.convmatrix.reference;

import static org.convmatrix.reference.RefusedInputsTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.convmatrix.spec.ArrayLimits;
import org.convmatrix.spec.ConvLayer;
import org.convmatrix.spec.ConvSpec;
import org.convmatrix.spec.Op;
import org.convmatrix.spec.Padding;
import org.convmatrix.spec.PaddingMode;
import org.convmatrix.spec.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The limits PyTorch sets on padding and output lengths, at their boundaries: reflect padding {@code < n}, circular
 * padding {@code <= n} (on either side), at least one and at most {@code MAX_ARRAY} outputs per axis.
 */
class PaddingLimitsTest {
    private static final Tensor X3 = Tensor.of(new int[] {1, 1, 3}, new double[] {1, 2, 3});

    private static ConvLayer conv(PaddingMode mode, int before, int after) {
        ConvSpec spec = ConvSpec.builder(Op.CONV, 1, 1, 1).padding(Padding.pairs(new int[] {before}, new int[] {after}))
                .paddingMode(mode).build();
        return ConvLayer.of(spec, new double[] {1}, null);
    }

    /** Padding {@code p} before, then after, x = [1, 2, 3] is refused, the message naming the side and the rule. */
    private static void refusedOnEitherSide(PaddingMode mode, String name, int p, String rule) {
        for (int[] pair : new int[][] {{p, 0}, {0, p}}) {
            assertMessage(assertThrows(IllegalArgumentException.class,
                    () -> DirectConvolution.apply(conv(mode, pair[0], pair[1]), X3)),
                    "padding[0] = [" + pair[0] + ", " + pair[1] + "] must be " + rule
                            + " input spatial size [0] = 3 for padding_mode \"" + name + "\"");
        }
    }

    /** Reflect padding of 2 on x = [1, 2, 3] gives [3, 2, 1, 2, 3, 2, 1]; 3 on either side is refused. */
    @Test
    void reflectPaddingMustBeShorterThanTheAxis() {
        assertArrayEquals(new double[] {3, 2, 1, 2, 3, 2, 1},
                DirectConvolution.apply(conv(PaddingMode.REFLECT, 2, 2), X3).data(), 0.0);
        refusedOnEitherSide(PaddingMode.REFLECT, "reflect", 3, "<");
    }

    /** Circular padding of 3 on x = [1, 2, 3] wraps once: [1, 2, 3, 1, 2, 3, 1, 2, 3]; 4 on either side is refused. */
    @Test
    void circularPaddingMustNotExceedTheAxis() {
        assertArrayEquals(new double[] {1, 2, 3, 1, 2, 3, 1, 2, 3},
                DirectConvolution.apply(conv(PaddingMode.CIRCULAR, 3, 3), X3).data(), 0.0);
        refusedOnEitherSide(PaddingMode.CIRCULAR, "circular", 4, "<=");
    }

    /** Zero padding of 2^30 on both sides of one element: 2^31 + 1 outputs, more than an array holds. */
    @Test
    void convRefusesMoreOutputsThanAnArrayHolds() {
        int p = 1 << 30;
        Tensor x = Tensor.of(new int[] {1, 1, 1}, new double[] {1});
        assertMessage(assertThrows(IllegalArgumentException.class,
                () -> DirectConvolution.apply(conv(PaddingMode.ZEROS, p, p), x)),
                "gives 2147483649 outputs on the padded input axis 0: 1 + " + p + " + " + p);
    }

    /**
     * conv_transpose with k = 3, n = 1: {@code m = 3 − 2p}. Padding 1 leaves the single centre tap
     * ({@code y = w[1]·x}); padding 2 leaves {@code m = −1}, refused by both references, naming the padding and
     * (zero insertion) the dilated kernel's length.
     */
    @Test
    void transposedConvKeepsAtLeastOneOutput() {
        Tensor x = Tensor.of(new int[] {1, 1, 1}, new double[] {5});
        ConvLayer one = ConvLayer.of(ConvSpec.builder(Op.CONV_TRANSPOSE, 1, 1, 3).padding(1).build(),
                new double[] {2, 3, 7}, null);
        assertArrayEquals(new double[] {15}, ScatterTransposedConvolution.apply(one, x).data(), 0.0);
        assertArrayEquals(new double[] {15}, ZeroInsertionTransposedConvolution.apply(one, x).data(), 0.0);
        ConvLayer none = ConvLayer.of(ConvSpec.builder(Op.CONV_TRANSPOSE, 1, 1, 3).padding(2).build(),
                new double[] {2, 3, 7}, null);
        assertMessage(assertThrows(IllegalArgumentException.class, () -> ScatterTransposedConvolution.apply(none, x)),
                "padding[0] = 2 crops the full output length");
        ConvLayer dilated = ConvLayer.of(ConvSpec.builder(Op.CONV_TRANSPOSE, 1, 1, 3).dilation(2).padding(3).build(),
                new double[] {2, 3, 7}, null);
        // n = 1, k = 3, δ = 2, p = 3: L = R = 4 − 3 = 1, zero-inserted padded length 1 + 1 + 1 = 3 < 2·2 + 1 = 5
        assertMessage(assertThrows(IllegalArgumentException.class,
                () -> ZeroInsertionTransposedConvolution.apply(dilated, x)),
                "the zero-inserted, padded length 3 is shorter than the dilated kernel 5");
    }

    /** Stride 2^30 on three elements: a full length of 2^31 + 1, more than an array holds. */
    @Test
    void transposedConvRefusesMoreOutputsThanAnArrayHolds() {
        Tensor x = Tensor.of(new int[] {1, 1, 3}, new double[] {1, 2, 3});
        ConvLayer layer = ConvLayer.of(ConvSpec.builder(Op.CONV_TRANSPOSE, 1, 1, 1).stride(1 << 30).build(),
                new double[] {1}, null);
        assertMessage(assertThrows(IllegalArgumentException.class, () -> ScatterTransposedConvolution.apply(layer, x)),
                "= 2147483649 on axis 0 (input.shape [1, 1, 3]) to 2147483649, outside [1, " + ArrayLimits.MAX_ARRAY + "]");
    }
}
