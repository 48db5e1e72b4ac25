package org.convmatrix.lower;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.SplittableRandom;
import org.convmatrix.sparse.CscMatrix;
import org.convmatrix.spec.ConvLayer;
import org.convmatrix.spec.ConvSpec;
import org.convmatrix.spec.Op;
import org.junit.jupiter.api.Test;

/**
 * {@link LoweredConv}'s views of the layer: {@code A = W} (conv) or {@code Wᵀ} (conv_transpose), the bias
 * {@code b} per output channel and position, {@code [A | b]}, and the shapes its rows and columns index.
 */
class LoweredConvTest {
    private static ConvLayer layer(Op op, int in, int out, double[] bias) {
        ConvSpec spec = ConvSpec.builder(op, in, out, 2, 3).stride(2, 1).padding(0, 1).build();
        int weights = spec.weightShape()[0] * spec.weightShape()[1] * 6;
        double[] w = new SplittableRandom(5).ints(weights, -4, 5).asDoubleStream().toArray();
        return ConvLayer.of(spec, w, bias);
    }

    @Test
    void aConvTransposesLayerMatrixIsTheTransposeOfW() {
        LoweredConv lc = KernelToMatrix.lower(layer(Op.CONV_TRANSPOSE, 2, 3, new double[] {1, 2, 3}), new int[] {3, 4}, 1);
        CscMatrix w = lc.matrix();
        CscMatrix a = lc.layerMatrix();
        assertEquals(w.cols(), a.rows());
        assertEquals(w.rows(), a.cols());
        for (int r = 0; r < w.rows(); r++) {
            for (int c = 0; c < w.cols(); c++) {
                assertEquals(w.get(r, c), a.get(c, r), 0.0);
            }
        }
        LoweredConv conv = KernelToMatrix.lower(layer(Op.CONV, 2, 3, null), new int[] {5, 4}, 1);
        assertSame(conv.matrix(), conv.layerMatrix());
    }

    /** conv_transpose 2 → 3 on [3, 4] (stride 2, 1; padding 0, 1): output [6, 4]; W indexes it by its columns. */
    @Test
    void theShapesOfRowsAndColumnsFollowTheOp() {
        LoweredConv t = KernelToMatrix.lower(layer(Op.CONV_TRANSPOSE, 2, 3, null), new int[] {3, 4}, 1);
        assertArrayEquals(new int[] {3, 4}, t.inputSpatial());
        assertArrayEquals(new int[] {6, 4}, t.outputSpatial());
        assertArrayEquals(new int[] {2, 3, 4}, t.rowShape());
        assertArrayEquals(new int[] {3, 6, 4}, t.colShape());
        LoweredConv c = KernelToMatrix.lower(layer(Op.CONV, 2, 3, null), new int[] {5, 4}, 1);
        assertArrayEquals(new int[] {3, 2, 4}, c.rowShape());
        assertArrayEquals(new int[] {2, 5, 4}, c.colShape());
        c.inputSpatial()[0] = 9;
        c.outputSpatial()[0] = 9;
        assertArrayEquals(new int[] {5, 4}, c.inputSpatial());
        assertArrayEquals(new int[] {2, 4}, c.outputSpatial());
    }

    @Test
    void theAugmentedMatrixEndsInTheBiasOfEachOutputChannel() {
        double[] bias = {1.5, -2, 7};
        LoweredConv lc = KernelToMatrix.lower(layer(Op.CONV_TRANSPOSE, 2, 3, bias), new int[] {3, 4}, 1);
        double[] b = lc.biasVector();
        assertEquals(3 * 24, b.length);
        for (int i = 0; i < b.length; i++) {
            assertEquals(bias[i / 24], b[i], 0.0, "entry " + i);
        }
        CscMatrix aug = lc.augmented();
        CscMatrix a = lc.layerMatrix();
        assertEquals(a.cols() + 1, aug.cols());
        for (int r = 0; r < a.rows(); r++) {
            for (int c = 0; c < a.cols(); c++) {
                assertEquals(a.get(r, c), aug.get(r, c), 0.0);
            }
            assertEquals(b[r], aug.get(r, a.cols()), 0.0);
        }
        assertArrayEquals(new double[3 * 2 * 4],
                KernelToMatrix.lower(layer(Op.CONV, 2, 3, null), new int[] {5, 4}, 1).biasVector(), 0.0);
    }
}
