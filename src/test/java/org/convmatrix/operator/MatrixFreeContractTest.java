package org.convmatrix.operator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.function.IntFunction;
import org.convmatrix.lower.KernelToMatrix;
import org.convmatrix.sparse.CscMatrix;
import org.convmatrix.spec.ConvLayer;
import org.convmatrix.spec.ConvSpec;
import org.convmatrix.spec.Op;
import org.convmatrix.spec.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The contract of the matrix-free operator around its products: argument checks, accessors, the scratch it
 * reports, the rounding of its multiply-adds in both modes, and {@link MatrixFreeLayer}'s per-sample adjoint.
 */
class MatrixFreeContractTest {
    private static final ConvSpec SPEC = ConvSpec.builder(Op.CONV, 3, 4, 3, 3).padding(1, 1).build();

    private static ConvLayer layer(ConvSpec spec, long seed) {
        int[] shape = spec.weightShape();
        SplittableRandom r = new SplittableRandom(seed);
        double[] w = new double[shape[0] * shape[1] * spec.kernelVolume()];
        for (int i = 0; i < w.length; i++) {
            w[i] = r.nextInt(-4, 5);
        }
        return ConvLayer.of(spec, w, null);
    }

    @Test
    void productsRefuseVectorsOfTheWrongLength() {
        MatrixFreeConv op = MatrixFreeConv.of(layer(SPEC, 1), new int[] {10, 12}, 1);
        double[] x = new double[op.cols()];
        double[] y = new double[op.rows()];
        String[] messages = {
            assertThrows(IllegalArgumentException.class, () -> op.apply(new double[op.cols() + 1], y)).getMessage(),
            assertThrows(IllegalArgumentException.class, () -> op.apply(x, new double[op.rows() - 1])).getMessage(),
            assertThrows(IllegalArgumentException.class, () -> op.applyAdjoint(new double[1], x)).getMessage(),
            assertThrows(IllegalArgumentException.class, () -> op.applyAdjoint(y, new double[2])).getMessage()};
        String[] names = {"x has length " + (op.cols() + 1), "y has length " + (op.rows() - 1), "y has length 1",
            "x has length 2"};
        for (int i = 0; i < names.length; i++) {
            assertTrue(messages[i].startsWith(names[i]), messages[i]);
        }
    }

    /** The test factories keep the tabulated path where the padded grid would be far beyond the kernel's reach. */
    @Test
    void testFactoriesKeepTheTabulatedPathFarBeyondReach() {
        ConvSpec far = ConvSpec.builder(Op.CONV, 1, 1, 3).padding(200_000).stride(100_000).build();
        ConvLayer l = layer(far, 11);
        int[] in = {5};
        assertTrue(MatrixFreeConv.of(l, in, 1).tabulated());
        assertTrue(MatrixFreeConv.rowByRow(l, in, 1).tabulated());
        assertTrue(MatrixFreeConv.flatWherePossible(l, in, 1).tabulated());
        assertTrue(!MatrixFreeConv.rowByRow(layer(SPEC, 1), new int[] {10, 12}, 1).tabulated());
    }

    @Test
    void everyFactoryRefusesFewerThanOneThread() {
        ConvLayer l = layer(SPEC, 2);
        int[] in = {10, 12};
        IntFunction<?>[] factories = {
            t -> MatrixFreeConv.of(l, in, t), t -> MatrixFreeConv.rowByRow(l, in, t),
            t -> MatrixFreeConv.flatWherePossible(l, in, t), t -> MatrixFreeConv.tabulated(l, in, t),
            t -> MatrixFreeConv.of(l, in, 1).withThreads(t)};
        for (IntFunction<?> f : factories) {
            assertTrue(assertThrows(IllegalArgumentException.class, () -> f.apply(0)).getMessage()
                    .contains("threads must be >= 1 but was 0"));
        }
    }

    @Test
    void accessorsDescribeTheOperator() {
        ConvLayer l = layer(SPEC, 3);
        int[] in = {10, 12};
        MatrixFreeConv op = MatrixFreeConv.of(l, in, 2);
        assertSame(SPEC, op.spec());
        assertArrayEquals(in, op.inputSpatial());
        op.inputSpatial()[0] = 99;
        assertArrayEquals(in, op.inputSpatial(), "inputSpatial hands out a copy");
        assertEquals(2, op.threads());
        assertSame(op, op.withThreads(2));
        assertEquals(3, op.withThreads(3).threads());
        assertEquals(4 * 120, op.rows());
        assertEquals(3 * 120, op.cols());
        assertTrue(op.toString().startsWith("MatrixFreeConv[480x360, "), op::toString);
        assertTrue(op.toString().endsWith("on input [10, 12], threads 2]"), op::toString);
        ConvSpec t = ConvSpec.builder(Op.CONV_TRANSPOSE, 4, 3, 3, 3).padding(1, 1).build();
        assertTrue(MatrixFreeConv.of(layer(t, 4), in, 1).toString().contains("(W of the convolution whose adjoint it is)"));
    }

    /**
     * The padded copy of the input: {@code C_col·Π T}, {@code T_a = (m_a − 1)·s_a + (k_a − 1)·d_a + 1} (here 3 channels,
     * 12 × 14 positions); none on the tabulated path. Both paths report the same most terms per row, {@code (C/G)·Π k}.
     */
    @Test
    void paddedCopyAndTermCountsAreReported() {
        ConvLayer l = layer(SPEC, 5);
        int[] in = {10, 12};
        MatrixFreeConv op = MatrixFreeConv.of(l, in, 1);
        MatrixFreeConv table = MatrixFreeConv.tabulated(l, in, 1);
        assertEquals(3L * 12 * 14, op.paddedInputLength());
        assertEquals(0, table.paddedInputLength());
        assertEquals(3 * 9, op.maxRowTerms());
        assertEquals(op.maxRowTerms(), table.maxRowTerms());
    }

    /** Every path overwrites its output: garbage already in the array changes nothing. */
    @Test
    void productsOverwriteTheirOutputOnEveryPath() {
        ConvLayer l = layer(ConvSpec.builder(Op.CONV, 4, 4, 3, 3).padding(1, 1).build(), 10);
        int[] in = {6, 7};
        MatrixFreeConv[] ops = {MatrixFreeConv.of(l, in, 2), MatrixFreeConv.rowByRow(l, in, 2),
            MatrixFreeConv.flatWherePossible(l, in, 2), MatrixFreeConv.tabulated(l, in, 2)};
        double[] x = new double[ops[0].cols()];
        double[] y = new double[ops[0].rows()];
        for (int i = 0; i < x.length; i++) {
            x[i] = i % 7 - 3;
        }
        for (int i = 0; i < y.length; i++) {
            y[i] = i % 5 - 2;
        }
        for (MatrixFreeConv op : ops) {
            double[] wx = op.apply(x);
            double[] wty = op.applyAdjoint(y);
            double[] dirtyY = new double[y.length];
            double[] dirtyX = new double[x.length];
            java.util.Arrays.fill(dirtyY, Double.NaN);
            java.util.Arrays.fill(dirtyX, 1e300);
            op.apply(x, dirtyY);
            op.applyAdjoint(y, dirtyX);
            assertArrayEquals(wx, dirtyY, op::toString);
            assertArrayEquals(wty, dirtyX, op::toString);
        }
    }

    /**
     * Sources far outside the input (beyond {@code int}, as huge padding or dilation reach them): zero padding has
     * none, replicate the nearest end; inside, the index itself.
     */
    @Test
    void tabulatedSourcesBeyondTheIntRange() {
        long far = 3_000_000_000L;
        assertEquals(-1, TabulatedGather.source(far, 5, org.convmatrix.spec.PaddingMode.ZEROS));
        assertEquals(-1, TabulatedGather.source(-far, 5, org.convmatrix.spec.PaddingMode.ZEROS));
        assertEquals(4, TabulatedGather.source(far, 5, org.convmatrix.spec.PaddingMode.REPLICATE));
        assertEquals(0, TabulatedGather.source(-far, 5, org.convmatrix.spec.PaddingMode.REPLICATE));
        assertEquals(3, TabulatedGather.source(3, 5, org.convmatrix.spec.PaddingMode.REPLICATE));
        assertEquals(1, TabulatedGather.source(-1, 5, org.convmatrix.spec.PaddingMode.REFLECT));
    }

    /**
     * The most products summed into one element of {@code Wᵀ·y} is bounded by {@code (C_row/G)·Π k} times the most
     * padded positions folded onto one input element: reflect padding 1 on 4 elements folds positions 0 and 2 onto
     * element 1, so the bound is {@code 1·3·2 = 6}, and the direct count (outputs {@code o} and taps {@code j} with
     * {@code src(o + j − 1) = 1}: {@code (0,0), (0,2), (1,1), (2,0)}) is 4, within it; without reflection, 3.
     */
    @Test
    void columnTermsBoundCountsFoldedPositions() {
        ConvSpec reflect = ConvSpec.builder(Op.CONV, 1, 1, 3).padding(1)
                .paddingMode(org.convmatrix.spec.PaddingMode.REFLECT).build();
        ConvSpec zeros = ConvSpec.builder(Op.CONV, 1, 1, 3).padding(1).build();
        assertEquals(6, MatrixFreeConv.of(layer(reflect, 8), new int[] {4}, 1).maxColumnTerms());
        assertEquals(3, MatrixFreeConv.of(layer(zeros, 8), new int[] {4}, 1).maxColumnTerms());
        int most = 0;
        for (int i = 0; i < 4; i++) {
            int count = 0;
            for (int o = 0; o < 4; o++) {
                for (int j = 0; j < 3; j++) {
                    count += reflect.paddingMode().source(o + j - 1, 4) == i ? 1 : 0;
                }
            }
            most = Math.max(most, count);
        }
        assertEquals(4, most);
        // replicate padding 2 before and none after: positions 0, 1, 2 all read element 0, so 1·3·3 = 9
        ConvSpec front = ConvSpec.builder(Op.CONV, 1, 1, 3).padding(org.convmatrix.spec.Padding.pairs(new int[] {2},
                new int[] {0})).paddingMode(org.convmatrix.spec.PaddingMode.REPLICATE).build();
        assertEquals(9, MatrixFreeConv.of(layer(front, 8), new int[] {4}, 1).maxColumnTerms());
        ConvSpec wide = ConvSpec.builder(Op.CONV, 2, 6, 3, 3).padding(1, 1).groups(2).build();
        assertEquals(3 * 9, MatrixFreeConv.of(layer(wide, 9), new int[] {5, 5}, 1).maxColumnTerms());
    }

    /**
     * Both modes of every multiply-add, on values where they differ: {@code a = 1 + 2⁻³⁰}, {@code x = 1 − 2⁻³⁰},
     * {@code a·x = 1 − 2⁻⁶⁰} exactly, which rounds to 1 unfused.
     */
    @Test
    void multiplyAddsRoundOnceFusedAndTwiceOtherwise() {
        double a = 1 + 0x1p-30;
        double x = 1 - 0x1p-30;
        assertEquals(-0x1p-60, MatrixFreeKernels.madd(true, -1, a, x));
        assertEquals(0.0, MatrixFreeKernels.madd(false, -1, a, x));
        assertEquals(7.0, MatrixFreeKernels.madd(false, 1, 2, 3));
        // two terms: fused, -1 + a x = -2⁻⁶⁰ exactly, then + 2⁻⁷⁰ exactly; unfused, a x + 2⁻⁷⁰ rounds to 1 first
        assertEquals(-0x1p-60 + 0x1p-70, MatrixFreeKernels.madd(true, -1, a, x, 0x1p-70, 1));
        assertEquals(0.0, MatrixFreeKernels.madd(false, -1, a, x, 0x1p-70, 1));
        assertEquals(15.0, MatrixFreeKernels.madd(false, 1, 2, 3, 4, 2));
        assertEquals(-0x1p-60 + 3, MatrixFreeKernels.madd(true, -1, a, x, 1, 1, 2, 1));
        assertEquals(3.0, MatrixFreeKernels.madd(false, -1, a, x, 1, 1, 2, 1));
        assertEquals(1 + 6 + 20 + 42, MatrixFreeKernels.madd(false, 1, 2, 3, 4, 5, 6, 7));
        assertEquals(MatrixFreeKernels.madd(MatrixFreeKernels.FUSED, -1, a, x, 0x1p-70, 1),
                MatrixFreeKernels.madd(-1, a, x, 0x1p-70, 1));
    }

    /** {@code Aᵀ·g} per sample equals the lowered matrix's, for a conv ({@code Wᵀg}) and a conv_transpose ({@code Wg}). */
    @Test
    void layerAdjointPerSampleEqualsTheLoweredMatrix() {
        ConvSpec[] specs = {SPEC, ConvSpec.builder(Op.CONV_TRANSPOSE, 4, 3, 3, 3).stride(2, 2).padding(1, 1).build()};
        for (ConvSpec spec : specs) {
            ConvLayer l = layer(spec, 6);
            int[] inShape = {2, spec.inChannels(), 5, 6};
            int[] outShape = l.outputShape(inShape);
            CscMatrix w = KernelToMatrix.lower(l, l.inputSpatial(inShape), 1).matrix();
            CscOperator m = CscOperator.of(w);
            assertSame(w, m.matrix());
            LinearOperator a = spec.op() == Op.CONV ? m : m.adjoint();
            int perOut = a.rows();
            double[] g = new double[2 * perOut];
            SplittableRandom r = new SplittableRandom(7);
            for (int i = 0; i < g.length; i++) {
                g[i] = r.nextInt(-3, 4);
            }
            Tensor got = MatrixFreeLayer.applyAdjoint(l, inShape, Tensor.of(outShape, g));
            assertArrayEquals(inShape, got.shape());
            for (int n = 0; n < 2; n++) {
                double[] gn = java.util.Arrays.copyOfRange(g, n * perOut, (n + 1) * perOut);
                double[] expected = a.applyAdjoint(gn);
                double[] actual = java.util.Arrays.copyOfRange(got.data(), n * a.cols(), (n + 1) * a.cols());
                assertArrayEquals(expected, actual, spec + " sample " + n);
            }
            assertTrue(assertThrows(IllegalArgumentException.class,
                    () -> MatrixFreeLayer.applyAdjoint(l, inShape, Tensor.of(inShape, new double[2 * a.cols()])))
                    .getMessage().startsWith("grad_output.shape must be "));
        }
    }
}
