package org.convmatrix.lower;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.convmatrix.sparse.CscMatrix;
import org.convmatrix.spec.ConvLayer;
import org.convmatrix.spec.ConvSpec;
import org.convmatrix.spec.InvalidSpecException;
import org.convmatrix.spec.Op;
import org.convmatrix.spec.PaddingMode;
import org.junit.jupiter.api.Test;

/**
 * The checks that the lowering and {@link LoweredLayer} make on what they are given, each given what it refuses:
 * a merged entry of {@code W = W₀·P} beyond the double range (named by row and column), and matrices or biases
 * of the wrong size for the shapes a {@link LoweredLayer} is declared with.
 */
class LoweredChecksTest {
    /**
     * Reflect, n = 3, k = 3, padding 1: the padded input is {@code [x1, x0, x1, x2, x1]}, so
     * {@code W = [[w1, w0+w2, 0], [w0, w1, w2], [0, w0+w2, w1]]}. With {@code w0 = w2 = 1e308} the first entry
     * beyond the double range is {@code W[0, 1]}, the first entry of column 1 (column 0 holds {@code w1, w0}).
     */
    @Test
    void aMergedEntryBeyondTheDoubleRangeIsNamedByRowAndColumn() {
        ConvSpec spec = ConvSpec.builder(Op.CONV, 1, 1, 3).padding(1).paddingMode(PaddingMode.REFLECT).build();
        ConvLayer layer = ConvLayer.of(spec, new double[] {1e308, 1, 1e308}, null);
        InvalidSpecException e = assertThrows(InvalidSpecException.class,
                () -> KernelToMatrix.lower(layer, new int[] {3}, 1));
        assertEquals("weight", e.field());
        assertTrue(e.getMessage().startsWith("weight: the taps that padding_mode \"reflect\" maps onto one input "
                + "element sum to Infinity in W[0, 1], beyond the double range"), e.getMessage());
    }

    /** The same layer with finite sums lowers, and its W is the matrix of the class comment above. */
    @Test
    void finiteMergedEntriesAreKept() {
        ConvSpec spec = ConvSpec.builder(Op.CONV, 1, 1, 3).padding(1).paddingMode(PaddingMode.REFLECT).build();
        CscMatrix w = KernelToMatrix.lower(ConvLayer.of(spec, new double[] {2, 3, 5}, null), new int[] {3}, 1).matrix();
        double[][] expected = {{3, 7, 0}, {2, 3, 5}, {0, 7, 3}};
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) {
                assertEquals(expected[r][c], w.get(r, c), 0.0, "W[" + r + ", " + c + "]");
            }
        }
    }

    private static CscMatrix identity(int n) {
        int[] colPtr = new int[n + 1];
        int[] rows = new int[n];
        double[] values = new double[n];
        for (int j = 0; j < n; j++) {
            colPtr[j + 1] = j + 1;
            rows[j] = j;
            values[j] = 1;
        }
        return CscMatrix.wrap(n, n, colPtr, rows, values);
    }

    private static CscMatrix zeros(int rows, int cols) {
        return CscMatrix.wrap(rows, cols, new int[cols + 1], new int[0], new double[0]);
    }

    @Test
    void aLayersMatrixMustMapTheInputSampleToTheOutputSample() {
        int[] in = {2, 3, 4}; // a sample of 12
        int[] out = {2, 1, 6}; // a sample of 6
        LoweredLayer ok = LoweredLayer.of(zeros(6, 12), null, in, out);
        assertEquals(6, ok.biasVector().length);
        IllegalArgumentException rows = assertThrows(IllegalArgumentException.class,
                () -> LoweredLayer.of(zeros(7, 12), null, in, out));
        assertEquals("A must be 6x12 for input [2, 3, 4] and output [2, 1, 6] but was 7x12", rows.getMessage());
        IllegalArgumentException cols = assertThrows(IllegalArgumentException.class,
                () -> LoweredLayer.of(zeros(6, 11), null, in, out));
        assertEquals("A must be 6x12 for input [2, 3, 4] and output [2, 1, 6] but was 6x11", cols.getMessage());
        // held transposed: the stored matrix is 12x6
        assertEquals(6, LoweredLayer.ofTransposed(zeros(12, 6), null, in, out).matrix().rows());
        assertThrows(IllegalArgumentException.class, () -> LoweredLayer.ofTransposed(zeros(6, 12), null, in, out));
        // the whole batch: 24 -> 12
        assertEquals(12, LoweredLayer.ofWholeBatch(zeros(12, 24), null, in, out).matrix().rows());
        assertThrows(IllegalArgumentException.class, () -> LoweredLayer.ofWholeBatch(zeros(6, 12), null, in, out));
    }

    @Test
    void aBiasHasOneEntryPerOutputOfASample() {
        int[] shape = {1, 1, 3};
        assertEquals(3, LoweredLayer.of(identity(3), new double[3], shape, shape).biasVector().length);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LoweredLayer.of(identity(3), new double[4], shape, shape));
        assertEquals("bias must have 3 entries but had 4", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LoweredLayer.of(identity(3), new double[2], shape, shape));
    }

    @Test
    void aBackwardMatrixHasTheShapeOfAAndIsNotForATransposedLayer() {
        int[] in = {1, 1, 3};
        int[] out = {1, 1, 2};
        LoweredLayer layer = LoweredLayer.of(zeros(2, 3), null, in, out);
        assertTrue(layer.withBackward(zeros(2, 3)).backwardDiffers());
        IllegalArgumentException rows = assertThrows(IllegalArgumentException.class,
                () -> layer.withBackward(zeros(3, 3)));
        assertEquals("B must be 2x3 like A", rows.getMessage());
        assertThrows(IllegalArgumentException.class, () -> layer.withBackward(zeros(2, 2)));
        LoweredLayer transposed = LoweredLayer.ofTransposed(zeros(3, 2), null, in, out);
        assertThrows(IllegalArgumentException.class, () -> transposed.withBackward(zeros(3, 2)));
    }

    /** {@code [A | b]} of a layer held transposed, with and without a bias; apply and its adjoint check the shape. */
    @Test
    void theAugmentedMatrixAndTheShapeChecksOfApply() {
        int[] in = {1, 1, 3};
        int[] out = {1, 1, 2};
        // A = [[1, 2, 0], [0, 3, 4]] held as W = Aᵀ (3x2)
        CscMatrix w = CscMatrix.wrap(3, 2, new int[] {0, 2, 4}, new int[] {0, 1, 1, 2}, new double[] {1, 2, 3, 4});
        LoweredLayer biased = LoweredLayer.ofTransposed(w, new double[] {5, 6}, in, out);
        LoweredLayer plain = LoweredLayer.ofTransposed(w, null, in, out);
        assertTrue(biased.hasBias());
        assertEquals(false, plain.hasBias());
        double[][] expected = {{1, 2, 0, 5}, {0, 3, 4, 6}};
        CscMatrix aug = biased.augmented();
        CscMatrix augPlain = plain.augmented();
        for (int r = 0; r < 2; r++) {
            for (int c = 0; c < 4; c++) {
                assertEquals(expected[r][c], aug.get(r, c), 0.0);
                assertEquals(c == 3 ? 0 : expected[r][c], augPlain.get(r, c), 0.0);
            }
        }
        InvalidSpecException input = assertThrows(InvalidSpecException.class,
                () -> biased.apply(org.convmatrix.spec.Tensor.of(new int[] {1, 1, 4}, new double[4])));
        assertEquals("input", input.field());
        assertEquals("input.shape must be [1, 1, 3] (the shape the layer was lowered for) but was [1, 1, 4]",
                input.getMessage());
        InvalidSpecException grad = assertThrows(InvalidSpecException.class,
                () -> biased.applyAdjoint(org.convmatrix.spec.Tensor.of(new int[] {1, 2, 1}, new double[2])));
        assertEquals("grad_output", grad.field());
        assertEquals(2 + 3, biased.applyAdjoint(org.convmatrix.spec.Tensor.of(out, new double[] {1, 1})).data()[1], 0.0);
    }
}
