package org.convmatrix.operator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.quicktheories.QuickTheory.qt;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.convmatrix.lower.KernelToMatrix;
import org.convmatrix.sparse.CscMatrix;
import org.convmatrix.spec.ConvLayer;
import org.convmatrix.reference.DirectConvolution;
import org.convmatrix.spec.ConvSpec;
import org.convmatrix.spec.InvalidSpecException;
import org.convmatrix.spec.Op;
import org.convmatrix.spec.Padding;
import org.convmatrix.spec.PaddingMode;
import org.convmatrix.spec.Tensor;
import org.convmatrix.testing.GeneratedCase;
import org.convmatrix.testing.Layers;
import org.convmatrix.testing.Layers.Kind;
import org.convmatrix.testing.Layers.Values;
import org.convmatrix.verify.DotTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link MatrixFreeConv}'s tabulated path (padding, stride or dilation far beyond the kernel's reach) is
 * the lowered matrix: forced on every generated layer, {@code W·x} and {@code Wᵀ·y} equal the CSC
 * products exactly on integer data, whatever the thread count; it is chosen exactly for the extreme
 * geometry, where it keeps no padded copy, and its {@code c_max} bounds the dot test.
 */
class TabulatedGatherTest {
    private static final long SEED = 0x7AB1EL;

    @ParameterizedTest
    @EnumSource(Kind.class)
    void tabulatedProductsEqualTheLoweredMatrixBothWays(Kind kind) {
        qt().withFixedSeed(SEED).withExamples(800).forAll(Layers.cases(kind, Values.INTEGERS)).checkAssert(c -> {
            CscMatrix w = KernelToMatrix.lower(c.layer(), c.inputSpatial(), 1).matrix();
            CscOperator m = CscOperator.of(w);
            long seed = Arrays.hashCode(c.layer().weight().data());
            double[] x = integers(m.cols(), seed);
            double[] y = integers(m.rows(), seed + 1);
            for (int threads : new int[] {1, 3}) {
                MatrixFreeConv op = MatrixFreeConv.tabulated(c.layer(), c.inputSpatial(), threads);
                assertTrue(op.tabulated());
                assertEquals(m.rows(), op.rows());
                assertEquals(m.cols(), op.cols());
                assertExactlyEqual(m.apply(x), op.apply(x), "W·x", c);
                assertExactlyEqual(m.applyAdjoint(y), op.applyAdjoint(y), "Wᵀ·y", c);
                assertTrue(op.maxColumnTerms() >= maxColumnCount(w), () -> "c_max below a column count: " + c);
                assertEquals(0, op.paddedInputLength());
            }
        });
    }

    /** A layer whose padded grid would be 3·10⁹ elements: 2 outputs, no padded copy, the matrix's answer. */
    @Test
    void strideTwoToThe31MinusOneWithPaddingOnePointFiveBillion() {
        ConvSpec spec = ConvSpec.builder(Op.CONV, 2, 3, 3).stride(Integer.MAX_VALUE).padding(1_500_000_000).build();
        assertEquivalentToTheMatrix(spec, new int[] {5});
    }

    /**
     * Replicate padding of 1.5·10⁹: {@code W = W₀·P} would be built on the padded grid and is refused naming
     * {@code padding}; the tabulated operator equals the direct convolution (exactly, on integers).
     */
    @Test
    void hugeReplicatePaddingEqualsTheDirectConvolution() {
        ConvSpec spec = ConvSpec.builder(Op.CONV, 2, 3, 3).stride(Integer.MAX_VALUE).padding(1_500_000_000)
                .paddingMode(PaddingMode.REPLICATE).build();
        int[] shape = spec.weightShape();
        ConvLayer layer = ConvLayer.of(spec, integers(shape[0] * shape[1] * spec.kernelVolume(), 5), null);
        InvalidSpecException e = assertThrows(InvalidSpecException.class,
                () -> KernelToMatrix.lower(layer, new int[] {5}, 1));
        assertEquals("padding", e.field());
        Tensor x = Tensor.of(new int[] {1, 2, 5}, integers(10, 6));
        Tensor direct = DirectConvolution.apply(layer, x);
        assertEquals(2, direct.shape()[2]);
        assertArrayEquals(direct.data(), MatrixFreeLayer.apply(layer, x).data());
        assertTrue(MatrixFreeConv.of(layer, new int[] {5}, 1).tabulated());
    }

    @Test
    void paddingThreeHundredMillionWithAnOutputOfThree() {
        ConvSpec spec = ConvSpec.builder(Op.CONV, 1, 2, 3).stride(300_000_000).padding(300_000_000).build();
        assertEquals(3, spec.outputSpatial(5)[0]);
        assertEquivalentToTheMatrix(spec, new int[] {5});
    }

    @Test
    void coprimeHugeStrideAndDilation() {
        ConvSpec spec = ConvSpec.builder(Op.CONV, 1, 1, 2, 2).stride(1_000_000_000, 1).dilation(999_999_999, 1)
                .padding(1_000_000_000, 1).build();
        assertEquivalentToTheMatrix(spec, new int[] {3, 4});
    }

    @Test
    void convTransposeCroppingAHugeFullOutput() {
        ConvSpec spec = ConvSpec.builder(Op.CONV_TRANSPOSE, 2, 2, 3).stride(1_000_000_000).padding(999_999_999)
                .build();
        assertEquals(5, spec.outputSpatial(3)[0]);
        assertEquivalentToTheMatrix(spec, new int[] {3});
    }

    @Test
    void ordinaryLayersKeepTheVectorisedPath() {
        qt().withFixedSeed(SEED).withExamples(300).forAll(Layers.cases(Kind.ANY, Values.INTEGERS)).checkAssert(c ->
                assertFalse(MatrixFreeConv.of(c.layer(), c.inputSpatial(), 1).tabulated(), c::toString));
        ConvSpec padded = ConvSpec.builder(Op.CONV, 1, 1, 3, 3).padding(Padding.pairs(new int[] {1, 0},
                new int[] {2, 1})).paddingMode(PaddingMode.REFLECT).build();
        assertFalse(MatrixFreeConv.farBeyondReach(padded, new int[] {8, 8}));
    }

    private static void assertEquivalentToTheMatrix(ConvSpec spec, int[] spatial) {
        assertTrue(MatrixFreeConv.farBeyondReach(spec, spatial));
        int[] shape = spec.weightShape();
        ConvLayer layer = ConvLayer.of(spec, integers(shape[0] * shape[1] * spec.kernelVolume(), 5), null);
        CscMatrix w = KernelToMatrix.lower(layer, spatial, 1).matrix();
        MatrixFreeConv op = MatrixFreeConv.of(layer, spatial, 2);
        assertTrue(op.tabulated());
        assertEquals(0, op.paddedInputLength());
        CscOperator m = CscOperator.of(w);
        double[] x = integers(m.cols(), 6);
        double[] y = integers(m.rows(), 7);
        assertArrayEquals(m.apply(x), op.apply(x));
        assertArrayEquals(m.applyAdjoint(y), op.applyAdjoint(y));
        SplittableRandom r = new SplittableRandom(8);
        double[] xr = r.doubles(m.cols(), -1, 1).toArray();
        double[] yr = r.doubles(m.rows(), -1, 1).toArray();
        assertTrue(DotTest.runWithBoundOf(op, w, xr, yr).passed());
    }

    private static int maxColumnCount(CscMatrix w) {
        int most = 0;
        int[] cp = w.colPtr();
        for (int j = 0; j < w.cols(); j++) {
            most = Math.max(most, cp[j + 1] - cp[j]);
        }
        return most;
    }

    private static void assertExactlyEqual(double[] expected, double[] actual, String what, GeneratedCase c) {
        for (int i = 0; i < expected.length; i++) {
            if (!(expected[i] == actual[i])) {
                fail(what + "[" + i + "] is " + actual[i] + " tabulated but " + expected[i] + " through W, for " + c);
            }
        }
    }

    private static double[] integers(int n, long seed) {
        return new SplittableRandom(seed).ints(n, -5, 6).asDoubleStream().toArray();
    }
}
