package org.convmatrix.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.convmatrix.spec.AvgPoolSpec;
import org.convmatrix.spec.ConvLayer;
import org.convmatrix.spec.ConvSpec;
import org.convmatrix.spec.InvalidSpecException;
import org.convmatrix.spec.Op;
import org.convmatrix.spec.PixelShuffleSpec;
import org.convmatrix.spec.Tensor;
import org.convmatrix.spec.UpsampleMode;
import org.convmatrix.spec.UpsampleSpec;
import org.junit.jupiter.api.Test;

/**
 * The references refuse what does not fit their layer, with a message naming the field at fault, and accept an
 * empty batch: a missing layer or input, an empty spatial axis, a layer of the other conv op, a gradient whose
 * shape is not the layer's output shape (even with the right number of elements).
 */
class RefusedInputsTest {
    private static final ConvLayer CONV_1X1 = ConvLayer.of(
            ConvSpec.builder(Op.CONV, 1, 1, 1, 1).padding(1, 1).build(), new double[] {2}, null);

    @Test
    void aMissingLayerOrInputIsRefused() {
        Tensor x = Tensor.of(new int[] {1, 1, 2, 2}, new double[4]);
        assertMessage(assertThrows(IllegalArgumentException.class, () -> DirectConvolution.apply(null, x)),
                "DirectConvolution: layer and input must not be null");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> DirectConvolution.apply(CONV_1X1, null)),
                "DirectConvolution: layer and input must not be null");
    }

    /** PyTorch refuses an input with an empty spatial axis; the message names it (axis 1 is input.shape[3]). */
    @Test
    void anEmptySpatialAxisIsRefusedNamingIt() {
        Tensor x = Tensor.of(new int[] {1, 1, 3, 0}, new double[0]);
        assertMessage(assertThrows(IllegalArgumentException.class, () -> DirectConvolution.apply(CONV_1X1, x)),
                "input spatial size [1] (input.shape[3]) must be >= 1");
        ConvLayer transpose = ConvLayer.of(ConvSpec.builder(Op.CONV_TRANSPOSE, 1, 1, 1, 1).build(), new double[] {2},
                null);
        Tensor y = Tensor.of(new int[] {1, 1, 0, 3}, new double[0]);
        assertMessage(assertThrows(IllegalArgumentException.class, () -> ScatterTransposedConvolution.apply(transpose, y)),
                "input spatial size [0] (input.shape[2]) must be >= 1");
    }

    /** Each backward computes one op; it refuses the other's layer (whose weight layout differs). */
    @Test
    void eachBackwardRefusesTheOtherOpsLayer() {
        ConvLayer transpose = ConvLayer.of(ConvSpec.builder(Op.CONV_TRANSPOSE, 1, 1, 3).build(), new double[] {1, 2, 3},
                null);
        ConvLayer conv = ConvLayer.of(ConvSpec.builder(Op.CONV, 1, 1, 3).build(), new double[] {1, 2, 3}, null);
        Tensor g6 = Tensor.of(new int[] {1, 1, 6}, new double[6]);
        Tensor g2 = Tensor.of(new int[] {1, 1, 2}, new double[2]);
        assertMessage(assertThrows(IllegalArgumentException.class,
                () -> ConvolutionBackward.ofConv(transpose, new int[] {1, 1, 4}, g6)), "expected a conv layer");
        assertMessage(assertThrows(IllegalArgumentException.class,
                () -> ConvolutionBackward.ofTranspose(conv, new int[] {1, 1, 4}, g2)), "expected a conv_transpose layer");
    }

    /** A gradient of the output's size but another shape is refused (2×2 pooled output, gradient of shape [1,1,4]). */
    @Test
    void avgPoolBackwardRefusesAGradientOfAnotherShape() {
        AvgPoolSpec spec = AvgPoolSpec.of(new int[] {2, 2}, null, null, false, true, null);
        Tensor g = Tensor.of(new int[] {1, 1, 4}, new double[] {1, 2, 3, 4});
        assertMessage(assertThrows(IllegalArgumentException.class,
                () -> DirectAvgPool.backward(spec, new int[] {1, 1, 4, 4}, g)),
                "DirectAvgPool: grad_output.shape must be the output shape [1, 1, 2, 2] but was [1, 1, 4]");
    }

    @Test
    void upsampleBackwardRefusesAGradientOfAnotherShape() {
        UpsampleSpec spec = UpsampleSpec.of(UpsampleMode.NEAREST, 1, null, new double[] {2}, false, false);
        Tensor g = Tensor.of(new int[] {1, 2, 3}, new double[6]); // the output is [1, 1, 6]: same size, other shape
        InvalidSpecException e = assertThrows(InvalidSpecException.class,
                () -> DirectUpsample.backward(spec, new int[] {1, 1, 3}, g));
        assertEquals("grad_output", e.field());
        assertMessage(e, "grad_output.shape must be [1, 1, 6]");
        assertThrows(InvalidSpecException.class, () -> DirectUpsample.adjointOfForward(spec, new int[] {1, 1, 3}, g));
    }

    /** PyTorch's pixel_shuffle maps an empty batch {@code [0, 4, 2, 2]} to an empty {@code [0, 1, 4, 4]}. */
    @Test
    void pixelShuffleOfAnEmptyBatchIsEmpty() {
        Tensor y = DirectPixelShuffle.forward(PixelShuffleSpec.of(2), Tensor.of(new int[] {0, 4, 2, 2}, new double[0]));
        assertArrayEquals(new int[] {0, 1, 4, 4}, y.shape());
        assertEquals(0, y.size());
    }

    static void assertMessage(Throwable e, String part) {
        assertTrue(e.getMessage() != null && e.getMessage().contains(part),
                () -> "expected a message containing <" + part + "> but was <" + e.getMessage() + ">");
    }
}
