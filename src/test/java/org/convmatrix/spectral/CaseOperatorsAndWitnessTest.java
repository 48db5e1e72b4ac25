package org.convmatrix.spectral;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.convmatrix.operator.LinearOperator;
import org.convmatrix.sparse.CscMatrix;
import org.convmatrix.sparse.CscOps;
import org.convmatrix.spec.ConvLayer;
import org.convmatrix.spec.ConvSpec;
import org.convmatrix.spec.Op;
import org.junit.jupiter.api.Test;

/**
 * {@link CaseOperators} against the stored matrix of the same layer (shapes, term counts, {@code |A|}, bias), and
 * {@link NullSpaceWitness} on a matrix whose null space is known.
 */
class CaseOperatorsAndWitnessTest {
    private static ConvLayer layer(Op op, boolean bias) {
        ConvSpec spec = ConvSpec.builder(op, 2, 3, 3, 2).padding(1, 0).stride(2, 1).build();
        double[] w = new double[spec.kernelVolume() * spec.weightShape()[0] * spec.weightShape()[1]];
        for (int i = 0; i < w.length; i++) {
            w[i] = (i % 7) - 3.5;
        }
        double[] b = bias ? new double[3] : null;
        if (b != null) {
            for (int i = 0; i < b.length; i++) {
                b[i] = i + 0.25;
            }
        }
        return ConvLayer.of(spec, w, b);
    }

    @Test
    void operatorsOfAConvAndAConvTransposeMatchTheirStoredMatrix() {
        for (Op op : new Op[] {Op.CONV, Op.CONV_TRANSPOSE}) {
            ConvLayer l = layer(op, true);
            int[] in = {5, 4};
            CaseOperators.Operators ops = CaseOperators.of(l, in, 2);
            CscMatrix a = ops.matrix();
            String msg = op.toString();
            assertTrue(ops.convolution(), msg);
            assertEquals(a.rows(), ops.a().rows(), msg);
            assertEquals(a.cols(), ops.a().cols(), msg);
            assertEquals((long) a.rows() * a.cols(), ops.entries(), msg);
            assertTrue(ops.maxRowTerms() >= CscOps.longestRow(a), msg); // an upper bound: padded taps may count
            assertTrue(ops.maxColTerms() >= CscOps.longestColumn(a), msg);
            int[] out = l.spec().outputSpatial(in);
            assertArrayEquals(CaseOperators.prepend(l.spec().inChannels(), in), ops.colShape(), msg);
            assertArrayEquals(CaseOperators.prepend(l.spec().outChannels(), out), ops.rowShape(), msg);
            assertArrayEquals(in, ops.inputSpatial(), msg);
            double[] x = new double[a.cols()];
            for (int i = 0; i < x.length; i++) {
                x[i] = (i % 5) - 2;
            }
            assertArrayEquals(CscOps.multiply(a, x), ops.a().apply(x), 1e-12, msg);
            assertArrayEquals(CscOps.multiply(CscOps.absolute(a), VectorOps.abs(x)), ops.absA().apply(VectorOps.abs(x)),
                    1e-12, msg);
            double[] bias = ops.bias();
            assertEquals(a.rows(), bias.length, msg);
            assertTrue(Arrays.stream(bias).anyMatch(v -> v != 0), msg);
        }
    }

    @Test
    void operatorsOfALoweredLayerAreItsMatrix() {
        ConvLayer l = layer(Op.CONV, true);
        var lowered = org.convmatrix.ops.Ops.lower(l, new int[] {1, 2, 5, 4});
        CaseOperators.Operators ops = CaseOperators.of(lowered, 1);
        assertFalse(ops.convolution());
        CscMatrix a = lowered.matrix();
        assertEquals(a, ops.matrix());
        assertArrayEquals(lowered.biasVector(), ops.bias());
        assertEquals(CscOps.longestRow(a), ops.maxRowTerms());
        assertEquals(CscOps.longestColumn(a), ops.maxColTerms());
        assertArrayEquals(new int[] {2, 5, 4}, ops.colShape());
        assertArrayEquals(CaseOperators.prepend(3, l.spec().outputSpatial(new int[] {5, 4})), ops.rowShape());
        double[] y = new double[a.rows()];
        Arrays.fill(y, -1);
        assertArrayEquals(CscOps.multiplyTranspose(CscOps.absolute(a), new double[a.rows()]), new double[a.cols()]);
        assertArrayEquals(CscOps.multiplyTranspose(CscOps.absolute(a), VectorOps.abs(y)), ops.absA().applyAdjoint(VectorOps.abs(y)),
                1e-12);
    }

    /**
     * A case file's operators: a convolution stays matrix-free with its layer (the weight-based bounds and warm start
     * need it), and {@code max_unpool}, whose indices tie the samples together, is one operator on the whole batch, so
     * its shapes keep the batch axis.
     */
    @Test
    void operatorsOfACaseFileKeepTheConvolutionAndTheUnpoolingBatch() {
        var conv = org.convmatrix.io.CaseReader.read(java.nio.file.Path.of(
                "src/test/resources/cases/valid/002-conv1d-channels-stride2-pad1-batch2.json"));
        CaseOperators.Operators c = CaseOperators.of(conv, 1);
        assertTrue(c.convolution());
        // the case: input [2, 2, 9], expected [2, 3, 5]; one sample's operator is 15x18
        assertArrayEquals(new int[] {2, 9}, c.colShape());
        assertArrayEquals(new int[] {3, 5}, c.rowShape());
        assertEquals(15, c.a().rows());
        assertEquals(18, c.a().cols());

        var unpool = org.convmatrix.io.CaseReader.read(java.nio.file.Path.of(
                "src/test/resources/cases/ops/valid/137-maxunpool2d-k2-default-batch2.json"));
        CaseOperators.Operators u = CaseOperators.of(unpool, 1);
        assertFalse(u.convolution());
        // the case: input [2, 2, 2, 2], expected [2, 2, 4, 4]; the whole batch's operator is 64x16
        assertArrayEquals(new int[] {2, 2, 2, 2}, u.colShape());
        assertArrayEquals(new int[] {2, 2, 4, 4}, u.rowShape());
        assertEquals(64, u.a().rows());
        assertEquals(16, u.a().cols());
    }

    @Test
    void sampleChecksItsLength() {
        assertEquals("a vector of length 5 does not fill [2, 3]", assertThrows(IllegalArgumentException.class,
                () -> CaseOperators.sample(new int[] {2, 3}, new double[5])).getMessage());
        var t = CaseOperators.sample(new int[] {2, 3}, new double[] {1, 2, 3, 4, 5, 6});
        assertArrayEquals(new int[] {1, 2, 3}, t.shape());
        assertEquals(6, t.get(5));
        assertArrayEquals(new int[] {7}, CaseOperators.prepend(7, new int[0]));
    }

    /**
     * {@code A = [I₂ 0]} (2×3): the witness is the third coordinate of the seeded vector, {@code ||Ax||/||x||} is at
     * rounding level; for an invertible {@code A} the witness is at rounding level and its ratio is not small.
     */
    @Test
    void witnessIsTheProjectionOnTheNullSpace() {
        LinearOperator a = DenseOperator.of(new double[][] {{1, 0, 0}, {0, 2, 0}});
        NullSpaceWitness.Witness w = NullSpaceWitness.of(a, 3, 1e-14, 50, 1);
        assertEquals(0, w.x()[0], 1e-14);
        assertEquals(0, w.x()[1], 1e-14);
        assertTrue(Math.abs(w.x()[2]) > 1e-3);
        assertEquals(NullSpaceWitness.ratio(a, w.x(), 1), w.ratio());
        assertTrue(w.ratio() < 1e-13, "ratio " + w.ratio());
        assertTrue(w.iterations() >= 1 && w.iterations() <= 50);
        assertEquals(Math.sqrt(2), NullSpaceWitness.ratio(a, new double[] {0, 1, 1}, 2), 1e-15); // ||(0, 2)||/√2
        assertEquals(Double.POSITIVE_INFINITY, NullSpaceWitness.ratio(a, new double[3], 1));
        LinearOperator square = DenseOperator.of(new double[][] {{1, 0}, {0, 2}});
        NullSpaceWitness.Witness none = NullSpaceWitness.of(square, 3, 1e-14, 50, 1);
        assertTrue(SpectrumPropertiesTest.norm(none.x()) < 1e-13);
        assertTrue(none.ratio() >= 0.99, "ratio " + none.ratio());
    }
}
