package org.convmatrix.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.convmatrix.lower.UpsampleLowering;
import org.convmatrix.reference.DirectUpsample;
import org.convmatrix.sparse.CscMatrix;
import org.convmatrix.spec.Tensor;
import org.convmatrix.spec.UpsampleMode;
import org.convmatrix.spec.UpsampleSpec;
import org.convmatrix.verify.Comparison;
import org.junit.jupiter.api.Test;

/**
 * Named examples with the numbers PyTorch 1.13 printed ({@code F.interpolate}, float64, CPU, this machine's AVX-512
 * build), one per trap of its kernels. Nearest results are compared exactly, through the matrix and the direct
 * implementation; interpolated ones within {@link Comparison}'s bound for {@code 4^d + 4d} terms.
 */
class UpsampleExamplesTest {
    private static UpsampleSpec scaled(UpsampleMode mode, double... scale) {
        return UpsampleSpec.of(mode, scale.length, null, scale, false, false);
    }

    private static Tensor tensor(int[] shape, double... data) {
        return Tensor.of(shape, data);
    }

    /** Both implementations equal PyTorch's output exactly. */
    private static void assertExactly(UpsampleSpec spec, Tensor x, double... torch) {
        assertArrayEquals(torch, Ops.lower(spec, x.shape()).apply(x).data(), "via matrix");
        assertArrayEquals(torch, Ops.forward(spec, x).data(), "via direct");
    }

    /** Both implementations equal PyTorch's output within the derived bound. */
    private static void assertWithinBound(UpsampleSpec spec, Tensor x, double... torch) {
        Tensor absolute = DirectUpsample.forwardOfAbsolutes(spec, x);
        long terms = (1L << (2 * spec.dims())) + 4L * spec.dims();
        Tensor expected = Tensor.of(absolute.shape(), torch);
        for (Tensor y : new Tensor[] {Ops.lower(spec, x.shape()).apply(x), Ops.forward(spec, x)}) {
            Comparison.Outcome o = Comparison.compare(y, expected, absolute, terms);
            assertTrue(o.passed(), o::toString);
        }
    }

    /** scale_factor 2.1 on 3 gives 6 = 2·3 outputs, but the generic kernel has no "out = 2·in" shortcut. */
    @Test
    void nearestOneDimensionalUsesTheStepNotTheDoublingShortcut() {
        assertExactly(scaled(UpsampleMode.NEAREST, 2.1), tensor(new int[] {1, 1, 3}, 10, 20, 30),
                10, 10, 10, 20, 20, 30);
    }

    /**
     * A 2-d input with one channel is also channels-last contiguous, and PyTorch takes its channels-last kernel,
     * whose {@code nearest_idx} maps {@code out = 2·in} to {@code o >> 1}; with two channels the generic kernel reads
     * {@code floorf(o/2.1)}.
     */
    @Test
    void nearestTwoDimensionalOneChannelTakesTheChannelsLastShortcut() {
        UpsampleSpec spec = scaled(UpsampleMode.NEAREST, 1.0, 2.1);
        assertExactly(spec, tensor(new int[] {1, 1, 1, 3}, 0, 1, 2), 0, 0, 1, 1, 2, 2);
        assertExactly(spec, tensor(new int[] {1, 2, 1, 3}, 0, 1, 2, 3, 4, 5), 0, 0, 0, 1, 1, 2, 3, 3, 3, 4, 4, 5);
    }

    /** {@code out = in} with a step that is not 1: one channel copies (shortcut), two channels follow the step. */
    @Test
    void nearestTwoDimensionalSameSizeWithAStepThatIsNotOne() {
        UpsampleSpec spec = scaled(UpsampleMode.NEAREST, 1.0, 1.2);
        assertExactly(spec, tensor(new int[] {1, 1, 2, 3}, 0, 1, 2, 3, 4, 5), 0, 1, 2, 3, 4, 5);
        assertExactly(spec, tensor(new int[] {1, 2, 1, 3}, 0, 1, 2, 3, 4, 5), 0, 0, 1, 3, 3, 4);
    }

    /**
     * Output 2 with scale 2.00000001: {@code 2/2.00000001 = 0.999999995} reads position 0 in exact arithmetic, but
     * PyTorch rounds the source coordinate to float32 (1.0) before the floor and reads position 1.
     */
    @Test
    void nearestRoundsTheSourceCoordinateToFloat32BeforeTheFloor() {
        assertExactly(scaled(UpsampleMode.NEAREST, 2.00000001), tensor(new int[] {1, 2, 5}, 0, 1, 2, 3, 4,
                5, 6, 7, 8, 9), 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9);
        assertTrue(Math.floor(2 / 2.00000001) == 0, "exact arithmetic would read position 0");
    }

    /** {@code (1 + ½)/1.50000001 = 0.99999999}: exact arithmetic reads 0, float32 rounding reads 1. */
    @Test
    void nearestExactRoundsTheSourceCoordinateToFloat32BeforeTheFloor() {
        assertExactly(scaled(UpsampleMode.NEAREST_EXACT, 1.50000001), tensor(new int[] {1, 1, 4}, 0, 1, 2, 3),
                0, 1, 1, 2, 3, 3);
        assertTrue(Math.floor(1.5 / 1.50000001) == 0, "exact arithmetic would read position 0");
    }

    /** With a given scale the step is 1/1.7, not in/out = 5/8; recompute_scale_factor uses 5/8. */
    @Test
    void nearestStepIsOneOverTheScaleUnlessRecomputed() {
        Tensor x = tensor(new int[] {1, 1, 5}, 10, 20, 30, 40, 50);
        assertExactly(scaled(UpsampleMode.NEAREST, 1.7), x, 10, 10, 20, 20, 30, 30, 40, 50);
        UpsampleSpec recomputed = UpsampleSpec.of(UpsampleMode.NEAREST, 1, null, new double[] {1.7}, false, true);
        assertExactly(recomputed, x, 10, 10, 20, 20, 30, 40, 40, 50);
    }

    /**
     * {@code s·(o+½)−½} is one fused multiply-add in PyTorch's AVX2/AVX-512 kernels: for 2 → 6, output 4 has source
     * {@code 1 − 2⁻⁵³} (reads x[0] with weight {@code 2⁻⁵³}), not 1. PyTorch with {@code ATEN_CPU_CAPABILITY=default}
     * prints {@code [1, 1, 0.6666666666666667, 0.3333333333333335, 0, 0]}.
     */
    @Test
    void halfPixelSourceIsOneFusedMultiplyAdd() {
        UpsampleSpec spec = UpsampleSpec.of(UpsampleMode.LINEAR, 1, new int[] {6}, null, false, false);
        assertExactly(spec, tensor(new int[] {1, 1, 2}, 1, 0),
                1.0, 1.0, 0.6666666666666667, 0.33333333333333337, 1.1102230246251565e-16, 0.0);
    }

    /** Linear modes clamp a negative source coordinate to 0: output 0 is x[0] exactly. */
    @Test
    void linearClampsNegativeSourceCoordinates() {
        assertExactly(scaled(UpsampleMode.LINEAR, 2), tensor(new int[] {1, 1, 2}, 1, 3), 1, 1.5, 2.5, 3);
    }

    /**
     * Bicubic does not clamp the source coordinate (-0.25 at output 0): it clamps the positions it reads, so on a
     * 2×2 input the four taps of an axis fall on two positions, and the corner output is not x[0, 0] = 1.
     */
    @Test
    void bicubicClampsTheReadPositionsNotTheSourceCoordinate() {
        UpsampleSpec spec = scaled(UpsampleMode.BICUBIC, 2, 2);
        Tensor x = tensor(new int[] {1, 1, 2, 2}, 1, 3, 5, 7);
        assertWithinBound(spec, x, 0.3671875, 1.03125, 2.125, 2.7890625, 1.6953125, 2.359375, 3.453125, 4.1171875,
                3.8828125, 4.546875, 5.640625, 6.3046875, 5.2109375, 5.875, 6.96875, 7.6328125);
        CscMatrix a = Ops.lower(spec, x.shape()).matrix();
        assertEquals(16 * 4, a.nnz(), "each output reads all four inputs, each once: merged taps are one entry");
    }

    /** align_corners maps the corners onto the corners; a 2×3 input to 3×5. */
    @Test
    void bicubicWithAlignCorners() {
        UpsampleSpec spec = UpsampleSpec.of(UpsampleMode.BICUBIC, 2, new int[] {3, 5}, null, true, false);
        assertWithinBound(spec, tensor(new int[] {1, 1, 2, 3}, 1, 2, 4, 8, 16, 32),
                1.0, 1.3125, 2.0, 3.09375, 4.0, 4.5, 5.90625, 9.0, 13.921875, 18.0, 8.0, 10.5, 16.0, 24.75, 32.0);
    }

    @Test
    void trilinearTwoToThree() {
        UpsampleSpec spec = UpsampleSpec.of(UpsampleMode.TRILINEAR, 3, new int[] {3, 3, 3}, null, false, false);
        assertWithinBound(spec, tensor(new int[] {1, 1, 2, 2, 2}, 1, 2, 3, 4, 5, 6, 7, 8),
                1.0, 1.5, 2.0, 1.9999999999999998, 2.5, 3.0, 3.0, 3.5, 4.0, 2.9999999999999996, 3.4999999999999996,
                3.9999999999999996, 3.999999999999999, 4.5, 4.999999999999999, 5.0, 5.499999999999999, 6.0, 5.0,
                5.499999999999999, 6.0, 6.0, 6.499999999999999, 6.999999999999999, 6.999999999999999,
                7.499999999999999, 8.0);
    }

    /** align_corners with an output of size 1: the step is 0 and the output is x[0]; without, the centre. */
    @Test
    void alignCornersWithOutputSizeOneReadsTheFirstElement() {
        Tensor x = tensor(new int[] {1, 1, 3}, 3, 5, 7);
        assertExactly(UpsampleSpec.of(UpsampleMode.LINEAR, 1, new int[] {1}, null, true, false), x, 3);
        assertExactly(UpsampleSpec.of(UpsampleMode.LINEAR, 1, new int[] {1}, null, false, false), x, 5);
    }

    /**
     * PyTorch 1.13's autograd is not always the transpose of its forward pass: its nearest backward uses
     * {@code nearest_idx} (with the {@code out = 2·in} shortcut) where the forward took the generic kernel. For
     * scale 2.1 on 3 elements the forward reads x[1] at output 4; autograd sends output 4's gradient to x[2]
     * ({@code [0, 0, 1]}). This project's backward is the adjoint of the forward: {@code [0, 1, 0]}.
     */
    @Test
    void backwardFollowsPytorchsAutogradWhereItIsNotTheTranspose() {
        UpsampleSpec spec = scaled(UpsampleMode.NEAREST, 2.1);
        int[] in = {1, 1, 3};
        Tensor g = tensor(new int[] {1, 1, 6}, 0, 0, 0, 0, 1, 0);
        double[] pytorchAutograd = {0, 0, 1};
        double[] transpose = {0, 1, 0};
        org.convmatrix.lower.LoweredLayer lowered = Ops.lower(spec, in);
        assertTrue(lowered.backwardDiffers());
        assertArrayEquals(pytorchAutograd, Ops.backward(spec, in, g).data());
        assertArrayEquals(pytorchAutograd, lowered.applyAdjoint(g).data());
        assertArrayEquals(transpose, lowered.operator().applyAdjoint(g.data()));
        assertArrayEquals(transpose, org.convmatrix.reference.DirectUpsample.adjointOfForward(spec, in, g).data());
        assertFalse(java.util.Arrays.equals(pytorchAutograd, transpose));
    }

    /** The same with two channels in 2-d (the forward's generic kernel, autograd's {@code nearest_idx}). */
    @Test
    void pytorchsAutogradOfTwoChannelNearestUsesTheDoublingShortcut() {
        UpsampleSpec spec = scaled(UpsampleMode.NEAREST, 2.1, 2.1);
        int[] in = {1, 2, 3, 3};
        double[] g = new double[2 * 6 * 6];
        g[4] = 1;
        Tensor grad = Tensor.of(new int[] {1, 2, 6, 6}, g);
        double[] pytorchAutograd = new double[18];
        pytorchAutograd[2] = 1;
        double[] transpose = new double[18];
        transpose[1] = 1;
        assertArrayEquals(transpose, org.convmatrix.reference.DirectUpsample.adjointOfForward(spec, in, grad).data());
        assertArrayEquals(pytorchAutograd, Ops.backward(spec, in, grad).data());
        assertArrayEquals(pytorchAutograd, Ops.lower(spec, in).applyAdjoint(grad).data());
        assertArrayEquals(pytorchAutograd, UpsampleLowering.lowerAsPytorchBackward(spec, in).applyAdjoint(grad).data());
    }
}
