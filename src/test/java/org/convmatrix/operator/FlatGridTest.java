package org.convmatrix.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.convmatrix.lower.KernelToMatrix;
import org.convmatrix.spec.ConvLayer;
import org.convmatrix.spec.ConvSpec;
import org.convmatrix.spec.InvalidSpecException;
import org.convmatrix.spec.Op;
import org.convmatrix.spec.PaddingMode;
import org.junit.jupiter.api.Test;

/**
 * The whole-grid path of {@link MatrixFreeConv} ({@link FlatGrid}) on stride-1 layers large enough that the flat
 * range spans several blocks and blocks cut output rows: it equals the row-by-row path bit for bit forward (and up
 * to the sign of a zero in the adjoint) on real data, equals the lowered matrix exactly on integer data, on one and
 * three threads, and is chosen exactly when its conditions hold.
 */
class FlatGridTest {
    private static final long SEED = 0xF1A7L;
    private static final int LAYERS = 300;

    @Test
    void flatPathEqualsRowByRowPathOnRealData() {
        int[] used = {0};
        forEachLayer(false, (layer, spatial, rnd) -> {
            MatrixFreeConv flat = MatrixFreeConv.flatWherePossible(layer, spatial, 1);
            MatrixFreeConv rows = MatrixFreeConv.rowByRow(layer, spatial, 1);
            assertFalse(rows.flat());
            used[0] += flat.flat() ? 1 : 0;
            double[] x = reals(flat.cols(), rnd);
            double[] y = reals(flat.rows(), rnd);
            assertTrue(Arrays.equals(rows.apply(x), flat.apply(x)), () -> "W·x differs for " + describe(layer, spatial));
            assertNumericallyEqual(rows.applyAdjoint(y), flat.applyAdjoint(y), "Wᵀ·y", layer, spatial);
        });
        assertTrue(used[0] >= LAYERS * 3 / 4, "only " + used[0] + " of " + LAYERS + " layers took the flat path");
    }

    @Test
    void flatPathEqualsTheLoweredMatrixOnIntegersOnOneAndThreeThreads() {
        forEachLayer(true, (layer, spatial, rnd) -> {
            CscOperator w = CscOperator.of(KernelToMatrix.lower(layer, spatial, 1).matrix());
            double[] x = integers(w.cols(), rnd);
            double[] y = integers(w.rows(), rnd);
            double[] wx = w.apply(x);
            double[] wty = w.applyAdjoint(y);
            for (int threads : new int[] {1, 3}) {
                for (MatrixFreeConv op : new MatrixFreeConv[] {MatrixFreeConv.of(layer, spatial, threads),
                        MatrixFreeConv.flatWherePossible(layer, spatial, threads)}) {
                    assertNumericallyEqual(wx, op.apply(x), "W·x", layer, spatial);
                    assertNumericallyEqual(wty, op.applyAdjoint(y), "Wᵀ·y", layer, spatial);
                }
            }
        });
    }

    /**
     * Many channels per group shorten the blocks (300 and 600 → 64 positions, 160 → 128) and a grid of few blocks is split by
     * channel as well: still the lowered matrix exactly, on one and three threads.
     */
    @Test
    void wideGroupsWithShortBlocksEqualTheLoweredMatrix() {
        SplittableRandom rnd = new SplittableRandom(0xB10CL);
        // {in, out, groups, block}: 128 destination blocks of 256 fill the 256 KiB exactly; 600 stop at the floor 64
        int[][] shapes = {{300, 8, 1, 64}, {160, 136, 1, 128}, {24, 300, 1, 64}, {64, 64, 16, 256}, {128, 8, 1, 256},
            {600, 4, 1, 64}};
        for (int[] sh : shapes) {
            ConvSpec spec = ConvSpec.builder(Op.CONV, sh[0], sh[1], 3, 3).padding(1, 1).groups(sh[2]).build();
            int[] shape = spec.weightShape();
            ConvLayer layer = ConvLayer.of(spec, integers(shape[0] * shape[1] * 9, rnd), null);
            int[] spatial = {9, 21};
            FlatGrid plan = FlatGrid.of(MatrixFreeGeometry.of(spec, spatial), spec.stride(), layer.weight().data(), 1);
            assertEquals(sh[3], plan.block, "block length for " + spec);
            CscOperator w = CscOperator.of(KernelToMatrix.lower(layer, spatial, 1).matrix());
            double[] x = integers(w.cols(), rnd);
            double[] y = integers(w.rows(), rnd);
            for (int threads : new int[] {1, 3}) {
                MatrixFreeConv op = MatrixFreeConv.flatWherePossible(layer, spatial, threads);
                assertTrue(op.flat());
                assertNumericallyEqual(w.apply(x), op.apply(x), "W·x", layer, spatial);
                assertNumericallyEqual(w.applyAdjoint(y), op.applyAdjoint(y), "Wᵀ·y", layer, spatial);
            }
        }
    }

    /** NaN and infinities in the data (finite weights) land where the row-by-row loops put them. */
    @Test
    void nonFiniteDataMatchTheRowByRowPath() {
        SplittableRandom rnd = new SplittableRandom(0x1AFL);
        ConvSpec spec = ConvSpec.builder(Op.CONV, 6, 5, 3, 2).padding(1, 1).dilation(1, 2).build();
        ConvLayer layer = ConvLayer.of(spec, reals(6 * 5 * 6, rnd), null);
        int[] spatial = {11, 40};
        MatrixFreeConv flat = MatrixFreeConv.flatWherePossible(layer, spatial, 2);
        MatrixFreeConv rows = MatrixFreeConv.rowByRow(layer, spatial, 2);
        double[] x = reals(flat.cols(), rnd);
        double[] y = reals(flat.rows(), rnd);
        double[] special = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        for (int i = 0; i < 12; i++) {
            x[rnd.nextInt(x.length)] = special[i % 3];
            y[rnd.nextInt(y.length)] = special[i % 3];
        }
        assertTrue(Arrays.equals(rows.apply(x), flat.apply(x)), "W·x with non-finite x");
        assertNumericallyEqual(rows.applyAdjoint(y), flat.applyAdjoint(y), "Wᵀ·y with non-finite y", layer, spatial);
    }

    /**
     * The kernels' one multiply-add is fused exactly when the JVM compiles {@code Math.fma} to an instruction: with
     * {@code a = 1 + 2⁻³⁰}, {@code x = 1 − 2⁻³⁰}, {@code d = −1} the fused result is {@code −2⁻⁶⁰} and the unfused one
     * {@code 0}. The build runs the operator tests a second time with {@code -XX:-UseFMA}, so both branches run.
     */
    @Test
    void multiplyAddsAreFusedExactlyWhenTheJvmHasFma() {
        var bean = java.lang.management.ManagementFactory.getPlatformMXBean(
                com.sun.management.HotSpotDiagnosticMXBean.class);
        boolean jvmFma = "true".equals(bean.getVMOption("UseFMA").getValue());
        assertEquals(jvmFma, MatrixFreeKernels.FUSED);
        double a = 1 + 0x1p-30;
        double x = 1 - 0x1p-30;
        double expected = jvmFma ? -0x1p-60 : 0.0;
        assertEquals(expected, MatrixFreeKernels.madd(-1, a, x));
        double[] d = {-1};
        FlatGrid.addOne(d, new double[] {x}, 1, a);
        assertEquals(expected, d[0]);
        d[0] = -1;
        FlatGrid.addThree(d, new double[] {x}, new double[] {0}, new double[] {0}, 1, a, 1, 1);
        assertEquals(expected, d[0]);
    }

    @Test
    void flatPathIsChosenExactlyWhenItsConditionsHold() {
        ConvSpec unit = ConvSpec.builder(Op.CONV, 4, 5, 3, 3).padding(1, 1).build();
        double[] w = new double[4 * 5 * 9];
        Arrays.fill(w, 0.5);
        assertTrue(MatrixFreeConv.of(ConvLayer.of(unit, w, null), new int[] {20, 20}, 1).flat());
        ConvSpec strided = ConvSpec.builder(Op.CONV, 4, 5, 3, 3).padding(1, 1).stride(1, 2).build();
        assertFalse(MatrixFreeConv.of(ConvLayer.of(strided, w, null), new int[] {20, 20}, 1).flat());
        double[] infinite = w.clone();
        infinite[7] = Double.POSITIVE_INFINITY;
        assertFalse(MatrixFreeConv.of(ConvLayer.of(unit, infinite, null), new int[] {20, 20}, 1).flat());
        // 3 x 3 outputs in a 5 x 5 grid: a flat range of 13 positions for 9 outputs
        assertTrue(MatrixFreeConv.of(ConvLayer.of(unit, w, null), new int[] {3, 3}, 1).flat());
        // 1 x 1 kernel dilated far: 2 x 2 outputs in a 2 x 12 grid, flat range 14 > 2 · 4
        ConvSpec wide = ConvSpec.builder(Op.CONV, 4, 5, 1, 2).dilation(1, 10).build();
        double[] w2 = new double[4 * 5 * 2];
        Arrays.fill(w2, 0.5);
        assertFalse(MatrixFreeConv.of(ConvLayer.of(wide, w2, null), new int[] {2, 12}, 1).flat());
        // per direction: the destinations of a group must number at least MIN_SHARED
        int[] grid = {20, 20};
        FlatGrid narrowOut = plan(ConvSpec.builder(Op.CONV, 8, 6, 3, 3).padding(1, 1).groups(2).build(), grid);
        assertFalse(narrowOut.forward); // 3 output channels per group
        assertTrue(narrowOut.adjoint); // 4 input channels per group
        FlatGrid narrowIn = plan(ConvSpec.builder(Op.CONV, 6, 8, 3, 3).padding(1, 1).groups(2).build(), grid);
        assertTrue(narrowIn.forward);
        assertFalse(narrowIn.adjoint);
        assertEquals(null, plan(ConvSpec.builder(Op.CONV, 16, 16, 3, 3).padding(1, 1).groups(16).build(), grid));
        ConvSpec depthwise = ConvSpec.builder(Op.CONV, 16, 16, 3, 3).padding(1, 1).groups(16).build();
        assertFalse(MatrixFreeConv.of(ConvLayer.of(depthwise, new double[16 * 9], null), grid, 1).flat());
    }

    private static FlatGrid plan(ConvSpec spec, int[] grid) {
        int[] shape = spec.weightShape();
        return FlatGrid.of(MatrixFreeGeometry.of(spec, grid), spec.stride(), new double[shape[0] * shape[1] * 9],
                FlatGrid.MIN_SHARED);
    }

    /** A layer on a stride-1 geometry, its spatial input, and the random source for its data. */
    private interface LayerCheck {
        void check(ConvLayer layer, int[] spatial, SplittableRandom rnd);
    }

    /**
     * {@link #LAYERS} valid stride-1 layers: conv (every padding mode) and conv_transpose, 1 to 3 dimensions,
     * 1 to 7 channels per group (so the threes of terms leave remainders of one and two), 1 to 3 groups, kernels
     * 1 to 4, dilation 1 to 2, on inputs whose flat range spans up to several thousand positions; integer
     * weights in [-5, 5] or reals in [-1, 1).
     */
    private static void forEachLayer(boolean integerWeights, LayerCheck check) {
        SplittableRandom rnd = new SplittableRandom(SEED);
        int done = 0;
        while (done < LAYERS) {
            int dims = 1 + rnd.nextInt(3);
            int groups = 1 + rnd.nextInt(3);
            Op op = rnd.nextInt(4) == 0 ? Op.CONV_TRANSPOSE : Op.CONV;
            int[] kernel = new int[dims];
            int[] dilation = new int[dims];
            int[] padding = new int[dims];
            int[] spatial = new int[dims];
            int[] stride = new int[dims];
            int[] limit = {1500, 48, 13};
            for (int a = 0; a < dims; a++) {
                kernel[a] = 1 + rnd.nextInt(4);
                dilation[a] = 1 + rnd.nextInt(2);
                padding[a] = rnd.nextInt(kernel[a]);
                spatial[a] = 3 + rnd.nextInt(limit[dims - 1]);
                stride[a] = 1;
            }
            PaddingMode mode = op == Op.CONV ? PaddingMode.values()[rnd.nextInt(PaddingMode.values().length)]
                    : PaddingMode.ZEROS;
            ConvSpec spec;
            try {
                spec = ConvSpec.builder(op, groups * (1 + rnd.nextInt(7)), groups * (1 + rnd.nextInt(7)), kernel)
                        .groups(groups).stride(stride).dilation(dilation).padding(padding).paddingMode(mode).build();
                spec.outputSpatial(spatial);
            } catch (InvalidSpecException e) {
                continue;
            }
            int[] shape = spec.weightShape();
            int n = shape[0] * shape[1] * spec.kernelVolume();
            double[] w = integerWeights ? integers(n, rnd) : reals(n, rnd);
            check.check(ConvLayer.of(spec, w, null), spatial, rnd);
            done++;
        }
    }

    /** Equal with {@code ==} (so {@code 0.0} and {@code -0.0} are equal) or both NaN, element by element. */
    private static void assertNumericallyEqual(double[] expected, double[] actual, String what, ConvLayer layer,
            int[] spatial) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            if (!(expected[i] == actual[i] || Double.isNaN(expected[i]) && Double.isNaN(actual[i]))) {
                fail(what + "[" + i + "] is " + actual[i] + " but " + expected[i] + " for " + describe(layer, spatial));
            }
        }
    }

    private static String describe(ConvLayer layer, int[] spatial) {
        return layer.spec() + " on " + Arrays.toString(spatial);
    }

    private static double[] reals(int n, SplittableRandom rnd) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = rnd.nextDouble(-1, 1);
        }
        return v;
    }

    private static double[] integers(int n, SplittableRandom rnd) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = rnd.nextInt(-5, 6);
        }
        return v;
    }
}
