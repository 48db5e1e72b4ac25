package org.convmatrix.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.quicktheories.QuickTheory.qt;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.convmatrix.lower.KernelToMatrix;
import org.convmatrix.sparse.CscMatrix;
import org.convmatrix.spec.ConvLayer;
import org.convmatrix.spec.ConvSpec;
import org.convmatrix.spec.InvalidSpecException;
import org.convmatrix.spec.Op;
import org.convmatrix.spec.Padding;
import org.convmatrix.spec.PaddingMode;
import org.convmatrix.testing.GeneratedCase;
import org.convmatrix.testing.Layers;
import org.convmatrix.testing.Layers.Kind;
import org.convmatrix.testing.Layers.Values;
import org.convmatrix.verify.DotTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link MatrixFreeConv} is the lowered matrix without storing it: on generated layers (conv with every
 * padding form and mode, conv_transpose with output_padding, 1 to 3 dimensions, groups, stride,
 * dilation) its {@code W·x} and {@code Wᵀ·y} equal those of {@code CscOperator} of
 * {@code KernelToMatrix.lower(...).matrix()} exactly on integer data; results do not depend on the thread
 * count; and on larger layers with real data the dot test holds within its derived bound.
 */
class MatrixFreeConvTest {
    private static final long SEED = 0x4D46C0L;
    private static final int EXAMPLES = 1500;

    @ParameterizedTest
    @EnumSource(Kind.class)
    void matrixFreeTimesXEqualsLoweredMatrixTimesX(Kind kind) {
        qt().withFixedSeed(SEED).withExamples(EXAMPLES).forAll(Layers.cases(kind, Values.INTEGERS)).checkAssert(c -> {
            MatrixFreeConv op = MatrixFreeConv.of(c.layer(), c.inputSpatial(), 1);
            CscOperator w = lowered(c);
            assertShapesEqual(w, op, c);
            double[] x = integers(w.cols(), seed(c));
            assertExactlyEqual(w.apply(x), op.apply(x), "W·x", c);
        });
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void matrixFreeAdjointTimesYEqualsLoweredTransposeTimesY(Kind kind) {
        qt().withFixedSeed(SEED).withExamples(EXAMPLES).forAll(Layers.cases(kind, Values.INTEGERS)).checkAssert(c -> {
            MatrixFreeConv op = MatrixFreeConv.of(c.layer(), c.inputSpatial(), 1);
            CscOperator w = lowered(c);
            assertShapesEqual(w, op, c);
            double[] y = integers(w.rows(), seed(c) + 1);
            assertExactlyEqual(w.applyAdjoint(y), op.applyAdjoint(y), "Wᵀ·y", c);
        });
    }

    /**
     * The generated layers widened to 3 to 7 channels per group on both sides, so that the fused loops over
     * three channels (and their remainders of one and two) run in both directions.
     */
    @ParameterizedTest
    @EnumSource(value = Kind.class, names = {"ANY", "CONV_ANY_PADDING_MODE", "CONV_TRANSPOSE"})
    void widenedLayersEqualTheLoweredMatrixBothWays(Kind kind) {
        qt().withFixedSeed(SEED).withExamples(400).forAll(Layers.cases(kind, Values.INTEGERS)).checkAssert(c -> {
            long seed = seed(c);
            ConvLayer wide = widened(c.layer().spec(), 3 + (int) Math.floorMod(seed, 5L), 3 + (int) Math.floorMod(seed >> 3, 5L),
                    seed);
            GeneratedCase w = new GeneratedCase(wide, c.input());
            MatrixFreeConv op = MatrixFreeConv.of(wide, c.inputSpatial(), 1);
            CscOperator m = lowered(w);
            assertShapesEqual(m, op, w);
            double[] x = integers(m.cols(), seed + 2);
            double[] y = integers(m.rows(), seed + 3);
            assertExactlyEqual(m.apply(x), op.apply(x), "W·x", w);
            assertExactlyEqual(m.applyAdjoint(y), op.applyAdjoint(y), "Wᵀ·y", w);
        });
    }

    /** Every output element is computed by one thread in a fixed order: bit-identical on real data. */
    @Test
    void resultsDoNotDependOnThreadCount() {
        qt().withFixedSeed(SEED).withExamples(300).forAll(Layers.cases(Kind.ANY, Values.DOUBLES)).checkAssert(c -> {
            MatrixFreeConv one = MatrixFreeConv.of(c.layer(), c.inputSpatial(), 1);
            double[] x = reals(one.cols(), seed(c));
            double[] y = reals(one.rows(), seed(c) + 1);
            double[] ax = one.apply(x);
            double[] aty = one.applyAdjoint(y);
            for (int threads : new int[] {2, 3}) {
                MatrixFreeConv many = one.withThreads(threads);
                assertTrue(Arrays.equals(ax, many.apply(x)), () -> threads + " threads changed W·x of " + c);
                assertTrue(Arrays.equals(aty, many.applyAdjoint(y)), () -> threads + " threads changed Wᵀ·y of " + c);
            }
        });
    }

    /** Large enough that the threaded loops split work and the vectorised loops run many iterations. */
    @Test
    void resultsDoNotDependOnThreadCountOnALargeLayer() {
        ConvLayer layer = layer(ConvSpec.builder(Op.CONV, 16, 24, 3, 3).padding(1, 1).groups(2).build(), 5);
        int[] spatial = {40, 37};
        MatrixFreeConv one = MatrixFreeConv.of(layer, spatial, 1);
        MatrixFreeConv two = one.withThreads(2);
        double[] x = reals(one.cols(), 11);
        double[] y = reals(one.rows(), 12);
        assertTrue(Arrays.equals(one.apply(x), two.apply(x)));
        assertTrue(Arrays.equals(one.applyAdjoint(y), two.applyAdjoint(y)));
    }

    /** ⟨W x, y⟩ = ⟨x, Wᵀ y⟩ within the bound derived from |W|, |x|, |y|, on layers too big to check densely. */
    @Test
    void adjointIdentityHoldsOnLargerLayers() {
        ConvSpec[] specs = {
            ConvSpec.builder(Op.CONV, 12, 18, 3, 5).padding(1, 2).stride(2, 1).dilation(1, 2).groups(3).build(),
            ConvSpec.builder(Op.CONV, 8, 8, 4, 3).padding(Padding.pairs(new int[] {2, 1}, new int[] {1, 2}))
                    .paddingMode(PaddingMode.REFLECT).build(),
            ConvSpec.builder(Op.CONV, 6, 6, 3, 3, 3).padding(2, 1, 3).stride(1, 2, 3).groups(6)
                    .paddingMode(PaddingMode.REPLICATE).build(),
            ConvSpec.builder(Op.CONV, 4, 10, 7).padding(9).dilation(3).paddingMode(PaddingMode.CIRCULAR).build(),
            ConvSpec.builder(Op.CONV_TRANSPOSE, 10, 6, 4, 4).stride(2, 3).padding(1, 2).outputPadding(1, 2).groups(2)
                    .build(),
            ConvSpec.builder(Op.CONV_TRANSPOSE, 3, 5, 2, 3, 2).stride(2, 1, 3).dilation(3, 1, 1).padding(1, 0, 2)
                    .outputPadding(2, 0, 1).build(),
        };
        int[][] inputs = {{31, 29}, {20, 17}, {9, 11, 13}, {40}, {13, 9}, {6, 7, 5}};
        for (int k = 0; k < specs.length; k++) {
            ConvLayer layer = layer(specs[k], 100 + k);
            MatrixFreeConv op = MatrixFreeConv.of(layer, inputs[k], 2);
            MatrixFreeConv abs = MatrixFreeConv.of(absolute(layer), inputs[k], 2);
            double[] x = reals(op.cols(), 200 + k);
            double[] y = reals(op.rows(), 300 + k);
            DotTest.Report r = DotTest.run(op, abs, op.maxRowTerms(), op.maxColumnTerms(), x, y);
            String what = specs[k] + " on " + Arrays.toString(inputs[k]) + ": " + r;
            assertTrue(r.passed(), what);
        }
    }

    /** The bound is tight enough to reject the adjoint of a layer with one weight off by 10⁻⁶ relative. */
    @Test
    void dotTestRejectsTheAdjointOfAPerturbedLayer() {
        ConvSpec spec = ConvSpec.builder(Op.CONV, 6, 9, 3, 3).padding(1, 1).groups(3)
                .paddingMode(PaddingMode.CIRCULAR).build();
        int[] spatial = {24, 21};
        ConvLayer layer = layer(spec, 7);
        double[] w = layer.weight().data();
        w[w.length / 2] *= 1 + 1e-6;
        MatrixFreeConv op = MatrixFreeConv.of(layer, spatial, 1);
        MatrixFreeConv perturbed = MatrixFreeConv.of(ConvLayer.of(spec, w, null), spatial, 1);
        LinearOperator wrong = new LinearOperator() {
            @Override
            public int rows() {
                return op.rows();
            }

            @Override
            public int cols() {
                return op.cols();
            }

            @Override
            public void apply(double[] x, double[] y) {
                op.apply(x, y);
            }

            @Override
            public void applyAdjoint(double[] y, double[] x) {
                perturbed.applyAdjoint(y, x);
            }
        };
        double[] x = reals(op.cols(), 8);
        double[] y = reals(op.rows(), 9);
        MatrixFreeConv abs = MatrixFreeConv.of(absolute(layer), spatial, 1);
        assertTrue(DotTest.run(op, abs, op.maxRowTerms(), op.maxColumnTerms(), x, y).passed());
        DotTest.Report r = DotTest.run(wrong, abs, op.maxRowTerms(), op.maxColumnTerms(), x, y);
        assertTrue(!r.passed(), r::toString);
    }

    /** A worked example: the forward reads the reflected border, the adjoint folds it back (Pᵀ). */
    @Test
    void reflectPaddingFoldsTheBorderBackOntoTheInput() {
        ConvSpec spec = ConvSpec.builder(Op.CONV, 1, 1, 3).padding(2).paddingMode(PaddingMode.REFLECT).build();
        MatrixFreeConv op = MatrixFreeConv.of(ConvLayer.of(spec, new double[] {1, 1, 1}, null), new int[] {4}, 1);
        // xpad = [x2, x1, x0, x1, x2, x3, x2, x1] = [3, 2, 1, 2, 3, 0, 3, 2]; output o sums xpad[o..o+2]
        assertArrayEquals(new double[] {6, 5, 6, 5, 6, 5}, op.apply(new double[] {1, 2, 3, 0}));
        // Wᵀ·e_0: output 0 reads xpad 0..2 = x2, x1, x0
        assertArrayEquals(new double[] {1, 1, 1, 0}, op.applyAdjoint(new double[] {1, 0, 0, 0, 0, 0}));
        // Wᵀ·1: how often each input element is read: x0 3, x1 6, x2 6, x3 3
        assertArrayEquals(new double[] {3, 6, 6, 3}, op.applyAdjoint(new double[] {1, 1, 1, 1, 1, 1}));
        assertEquals(6, op.rows());
        assertEquals(4, op.cols());
        assertEquals(3, op.maxRowTerms());
    }

    @Test
    void refusesAnInputThatDoesNotFitTheLayer() {
        ConvLayer layer = layer(ConvSpec.builder(Op.CONV, 2, 2, 5, 5).build(), 1);
        InvalidSpecException e = assertThrows(InvalidSpecException.class,
                () -> MatrixFreeConv.of(layer, new int[] {4, 9}));
        assertEquals("kernel_size", e.field());
        assertThrows(InvalidSpecException.class, () -> MatrixFreeConv.of(layer, new int[] {9}));
    }

    @Test
    void refusesVectorsOfTheWrongLengthAndNoThreads() {
        ConvLayer layer = layer(ConvSpec.builder(Op.CONV, 2, 3, 3).build(), 1);
        MatrixFreeConv op = MatrixFreeConv.of(layer, new int[] {7}, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> op.apply(new double[13], new double[15]));
        assertEquals("x has length 13 but the 15x14 matrix-free operator of " + layer.spec()
                + " on input [7] needs 14", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> op.applyAdjoint(new double[14], new double[14]));
        IllegalArgumentException t = assertThrows(IllegalArgumentException.class,
                () -> MatrixFreeConv.of(layer, new int[] {7}, 0));
        assertEquals("threads must be >= 1 but was 0", t.getMessage());
    }

    private static CscOperator lowered(GeneratedCase c) {
        return CscOperator.of(KernelToMatrix.lower(c.layer(), c.inputSpatial(), 1).matrix());
    }

    private static void assertShapesEqual(CscOperator w, MatrixFreeConv op, GeneratedCase c) {
        if (w.rows() != op.rows() || w.cols() != op.cols()) {
            fail("W is " + w.rows() + "x" + w.cols() + " but the matrix-free operator is " + op.rows() + "x" + op.cols()
                    + " for " + c);
        }
    }

    /** Compares with {@code ==}: integer data make every sum exact, whatever the order of summation. */
    private static void assertExactlyEqual(double[] expected, double[] actual, String what, GeneratedCase c) {
        for (int i = 0; i < expected.length; i++) {
            if (!(expected[i] == actual[i])) {
                fail(what + "[" + i + "] is " + actual[i] + " matrix-free but " + expected[i] + " through W, for " + c);
            }
        }
    }

    private static void assertArrayEquals(double[] expected, double[] actual) {
        assertEquals(Arrays.toString(expected), Arrays.toString(actual));
    }

    /** A seed that depends only on the generated numbers (records of arrays hash by identity). */
    private static long seed(GeneratedCase c) {
        return 31L * Arrays.hashCode(c.layer().weight().data()) + Arrays.hashCode(c.input().data());
    }

    /** The same geometry with {@code inPer}, {@code outPer} channels per group and integer weights. */
    private static ConvLayer widened(ConvSpec s, int inPer, int outPer, long seed) {
        ConvSpec spec = ConvSpec.builder(s.op(), s.groups() * inPer, s.groups() * outPer, s.kernelSize())
                .groups(s.groups()).stride(s.stride()).dilation(s.dilation()).padding(s.padding())
                .outputPadding(s.outputPadding()).paddingMode(s.paddingMode()).build();
        int[] shape = spec.weightShape();
        return ConvLayer.of(spec, integers(shape[0] * shape[1] * spec.kernelVolume(), seed), null);
    }

    private static ConvLayer layer(ConvSpec spec, long seed) {
        int[] shape = spec.weightShape();
        int n = 1;
        for (int s : shape) {
            n *= s;
        }
        return ConvLayer.of(spec, reals(n, seed), null);
    }

    private static ConvLayer absolute(ConvLayer layer) {
        double[] w = layer.weight().data();
        for (int i = 0; i < w.length; i++) {
            w[i] = Math.abs(w[i]);
        }
        return ConvLayer.of(layer.spec(), w, null);
    }

    private static double[] integers(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextInt(-5, 6);
        }
        return v;
    }

    private static double[] reals(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextDouble(-1, 1);
        }
        return v;
    }
}
