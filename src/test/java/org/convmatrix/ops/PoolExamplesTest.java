package org.convmatrix.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.convmatrix.io.CaseFields;
import org.convmatrix.spec.Layer;
import org.convmatrix.spec.Tensor;
import org.convmatrix.testing.OpIdentities;
import org.junit.jupiter.api.Test;

/**
 * Named examples with the exact numbers of PyTorch 1.13 (float64, CPU), read through the op kinds from
 * case-format JSON. The direct forward and backward must equal PyTorch's to the last bit (they sum in
 * PyTorch's order and divide the sum); the lowered {@code A} and {@code Aᵀ} within {@code 2·γ_t·(|A|·|x|)}.
 * The numbers were printed by {@code F.pixel_shuffle / pixel_unshuffle / avg_pool{1,2,3}d / max_unpool{1,2,3}d}
 * and autograd ({@code y.backward(g)}, {@code g = 0.3·arange − 1}) with the inputs shown.
 */
class PoolExamplesTest {
    private static final double[] G = {-1.0, -0.7, -0.4, -0.10000000000000009, 0.19999999999999996, 0.5,
        0.7999999999999998, 1.1, 1.4, 1.6999999999999997, 2.0, 2.3, 2.5999999999999996, 2.9, 3.2, 3.5, 3.8, 4.1,
        4.3999999999999995, 4.7, 5.0, 5.3, 5.6, 5.8999999999999995, 6.199999999999999, 6.5, 6.8, 7.1, 7.4,
        7.699999999999999, 8.0, 8.299999999999999, 8.6, 8.9, 9.2, 9.5, 9.799999999999999, 10.1, 10.4, 10.7, 11.0,
        11.299999999999999, 11.6, 11.9, 12.2, 12.5, 12.799999999999999, 13.1};

    /** {@code arange(n) / 7}, as torch computes it. */
    private static double[] sevenths(int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i / 7.0;
        }
        return x;
    }

    static Layer read(String json, int[] inputShape) throws Exception {
        CaseFields f = CaseFields.of(new ObjectMapper().readTree(json), "");
        Layer layer = Ops.read(f, inputShape);
        f.rejectUnknown();
        return layer;
    }

    private static void check(String json, int[] inShape, double[] x, double[] y, double[] gx, long rowTerms,
            long columnTerms) throws Exception {
        Layer layer = read(json, inShape);
        Tensor input = Tensor.of(inShape, x);
        int[] outShape = layer.outputShape(inShape);
        Tensor g = Tensor.of(outShape, java.util.Arrays.copyOf(G, y.length));
        assertArrayEquals(y, Ops.forward(layer, input).data(), 0.0, json);
        assertArrayEquals(gx, Ops.backward(layer, inShape, g).data(), 0.0, json);
        OpIdentities.matrixTimesXEquals(layer, input, Tensor.of(outShape, y), rowTerms, () -> json);
        OpIdentities.adjointTimesYEquals(layer, inShape, g, Tensor.of(inShape, gx), columnTerms, () -> json);
    }

    private static double[] arange(int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i;
        }
        return x;
    }

    @Test
    void pixelShuffleOfArange() throws Exception {
        check("{\"op\": \"pixel_shuffle\", \"upscale_factor\": 2}", new int[] {1, 4, 2, 2}, arange(16),
                new double[] {0, 4, 1, 5, 8, 12, 9, 13, 2, 6, 3, 7, 10, 14, 11, 15},
                new double[] {-1.0, -0.4, 1.4, 2.0, -0.7, -0.10000000000000009, 1.6999999999999997, 2.3,
                    0.19999999999999996, 0.7999999999999998, 2.5999999999999996, 3.2, 0.5, 1.1, 2.9, 3.5}, 0, 0);
    }

    @Test
    void pixelUnshuffleOfArange() throws Exception {
        check("{\"op\": \"pixel_unshuffle\", \"downscale_factor\": 2}", new int[] {1, 1, 4, 4}, arange(16),
                new double[] {0, 2, 8, 10, 1, 3, 9, 11, 4, 6, 12, 14, 5, 7, 13, 15},
                new double[] {-1.0, 0.19999999999999996, -0.7, 0.5, 1.4, 2.5999999999999996, 1.6999999999999997, 2.9,
                    -0.4, 0.7999999999999998, -0.10000000000000009, 1.1, 2.0, 3.2, 2.3, 3.5}, 0, 0);
    }

    @Test
    void avgPool2dCeilModeCountingPadding() throws Exception {
        check("{\"op\": \"avg_pool\", \"kernel_size\": 3, \"stride\": 2, \"padding\": 1, \"ceil_mode\": true}",
                new int[] {1, 1, 4, 5}, sevenths(20),
                new double[] {0.1904761904761905, 0.4285714285714286, 0.380952380952381, 1.0, 1.7142857142857142,
                    1.2857142857142858, 0.7380952380952381, 1.2142857142857142, 0.880952380952381},
                new double[] {-0.1111111111111111, -0.18888888888888888, -0.07777777777777778, -0.12222222222222223,
                    -0.044444444444444446, -0.12222222222222223, -0.17777777777777778, -0.055555555555555566,
                    -0.04444444444444447, 0.011111111111111106, -0.01111111111111112, 0.011111111111111096,
                    0.022222222222222216, 0.07777777777777777, 0.05555555555555555, 0.12222222222222218,
                    0.3277777777777777, 0.20555555555555557, 0.49444444444444446, 0.28888888888888886}, 10, 5);
    }

    @Test
    void avgPool2dCeilModeNotCountingPadding() throws Exception {
        check("{\"op\": \"avg_pool\", \"kernel_size\": [3, 3], \"stride\": [2, 2], \"padding\": [1, 1], "
                + "\"ceil_mode\": true, \"count_include_pad\": false}", new int[] {1, 1, 4, 5}, sevenths(20),
                new double[] {0.4285714285714286, 0.6428571428571429, 0.8571428571428572, 1.5, 1.7142857142857142,
                    1.9285714285714288, 2.2142857142857144, 2.4285714285714284, 2.6428571428571432},
                new double[] {-0.25, -0.36666666666666664, -0.11666666666666665, -0.21666666666666667, -0.1,
                    -0.26666666666666666, -0.3611111111111111, -0.09444444444444444, -0.11111111111111112,
                    -0.016666666666666677, -0.01666666666666668, 0.005555555555555536, 0.022222222222222216,
                    0.10555555555555554, 0.08333333333333333, 0.38333333333333325, 0.7722222222222221,
                    0.3888888888888889, 1.172222222222222, 0.7833333333333333}, 10, 5);
    }

    @Test
    void avgPool2dWithDivisorOverride() throws Exception {
        check("{\"op\": \"avg_pool\", \"kernel_size\": 2, \"stride\": [], \"divisor_override\": 3}",
                new int[] {1, 1, 4, 5}, sevenths(20),
                new double[] {0.5714285714285715, 0.9523809523809522, 2.476190476190476, 2.857142857142857},
                new double[] {-0.3333333333333333, -0.3333333333333333, -0.2333333333333333, -0.2333333333333333, 0.0,
                    -0.3333333333333333, -0.3333333333333333, -0.2333333333333333, -0.2333333333333333, 0.0,
                    -0.13333333333333333, -0.13333333333333333, -0.03333333333333336, -0.03333333333333336, 0.0,
                    -0.13333333333333333, -0.13333333333333333, -0.03333333333333336, -0.03333333333333336, 0.0},
                5, 2);
    }

    /** PyTorch accepts a negative divisor_override (it refuses only 0). */
    @Test
    void avgPool2dWithNegativeDivisorOverrideAndUnequalAxes() throws Exception {
        check("{\"op\": \"avg_pool\", \"kernel_size\": [2, 3], \"stride\": [2, 1], \"padding\": [1, 1], "
                + "\"divisor_override\": -2}", new int[] {1, 1, 4, 5}, sevenths(20),
                new double[] {-0.07142857142857142, -0.21428571428571427, -0.42857142857142855, -0.6428571428571428,
                    -0.5, -2.2857142857142856, -3.642857142857143, -4.071428571428571, -4.5, -3.1428571428571432,
                    -2.2142857142857144, -3.428571428571429, -3.6428571428571423, -3.857142857142857,
                    -2.6428571428571432},
                new double[] {0.85, 1.05, 0.6000000000000001, 0.15000000000000008, -0.04999999999999993,
                    -0.6499999999999999, -1.2, -1.65, -2.0999999999999996, -1.5499999999999998, -0.6499999999999999,
                    -1.2, -1.65, -2.0999999999999996, -1.5499999999999998, -2.15, -3.4499999999999997,
                    -3.8999999999999995, -4.35, -3.05}, 7, 4);
    }

    /** Ceil mode would give 4 windows; the 4th would start in the right padding, so PyTorch drops it. */
    @Test
    void avgPool1dCeilModeDropsTheWindowStartingInTheRightPadding() throws Exception {
        double[] x = {0.0, 0.3333333333333333, 0.6666666666666666, 1.0, 1.3333333333333333};
        check("{\"op\": \"avg_pool\", \"kernel_size\": [2], \"stride\": 2, \"padding\": 1, \"ceil_mode\": true, "
                + "\"divisor_override\": null}", new int[] {1, 1, 5}, x,
                new double[] {0.0, 0.5, 1.1666666666666665},
                new double[] {-0.5, -0.35, -0.35, -0.2, -0.2}, 3, 2);
    }

    @Test
    void avgPool3dNotCountingPadding() throws Exception {
        check("{\"op\": \"avg_pool\", \"kernel_size\": 2, \"stride\": 1, \"padding\": 1, \"count_include_pad\": false}",
                new int[] {1, 1, 2, 3, 3}, sevenths(18),
                new double[] {0.0, 0.07142857142857142, 0.21428571428571427, 0.2857142857142857, 0.21428571428571427,
                    0.2857142857142857, 0.4285714285714286, 0.5, 0.6428571428571428, 0.7142857142857143,
                    0.8571428571428571, 0.9285714285714286, 0.8571428571428571, 0.9285714285714286, 1.0714285714285714,
                    1.1428571428571428, 0.6428571428571429, 0.7142857142857143, 0.8571428571428572, 0.9285714285714286,
                    0.8571428571428572, 0.9285714285714286, 1.0714285714285714, 1.1428571428571428, 1.2857142857142856,
                    1.3571428571428572, 1.5, 1.5714285714285714, 1.5, 1.5714285714285714, 1.7142857142857144,
                    1.7857142857142856, 1.2857142857142858, 1.3571428571428572, 1.5, 1.5714285714285714, 1.5,
                    1.5714285714285716, 1.7142857142857144, 1.7857142857142856, 1.9285714285714284, 1.9999999999999998,
                    2.142857142857143, 2.2142857142857144, 2.142857142857143, 2.2142857142857144, 2.3571428571428568,
                    2.4285714285714284},
                new double[] {3.7125, 3.2624999999999993, 6.074999999999999, 5.625, 4.2749999999999995,
                    7.199999999999999, 13.162500000000001, 9.5625, 15.524999999999999, 25.312499999999996, 17.6625,
                    27.675000000000004, 20.025000000000002, 13.875, 21.6, 34.7625, 23.9625, 37.125}, 9, 9);
    }

    /** The indices [5, 7, 11, 12] are what MaxPool2d(2, return_indices=True) returned for a 4×5 input. */
    @Test
    void maxUnpool2dOfAMaxPoolsIndicesWithOutputSize() throws Exception {
        check("{\"op\": \"max_unpool\", \"kernel_size\": 2, \"output_size\": [4, 5], "
                + "\"indices\": {\"shape\": [1, 1, 2, 2], \"data\": [5.0, 7.0, 11.0, 12.0]}}", new int[] {1, 1, 2, 2},
                new double[] {1.2857142857142858, 0.8571428571428571, 1.1428571428571428, 1.2857142857142858},
                new double[] {0, 0, 0, 0, 0, 1.2857142857142858, 0, 0.8571428571428571, 0, 0, 0, 1.1428571428571428,
                    1.2857142857142858, 0, 0, 0, 0, 0, 0, 0},
                new double[] {0.5, 1.1, 2.3, 2.5999999999999996}, 0, 0);
    }

    @Test
    void maxUnpool1dDefaultOutputSize() throws Exception {
        check("{\"op\": \"max_unpool\", \"kernel_size\": [2], \"stride\": [2], \"padding\": 0, "
                + "\"indices\": {\"shape\": [1, 1, 3], \"data\": [4, 0, 3]}}", new int[] {1, 1, 3},
                new double[] {1.5, -2.0, 0.25}, new double[] {-2.0, 0.0, 0.0, 0.25, 1.5, 0.0},
                new double[] {0.19999999999999996, -1.0, -0.10000000000000009}, 0, 0);
    }

    /** PyTorch accepts a negative padding for unpooling: the default output grows, (3 − 1)·2 + 2 + 2 = 8. */
    @Test
    void maxUnpool1dNegativePaddingGrowsTheDefaultOutput() throws Exception {
        check("{\"op\": \"max_unpool\", \"kernel_size\": 2, \"stride\": 2, \"padding\": -1, "
                + "\"indices\": {\"shape\": [1, 1, 3], \"data\": [7, 0, 3]}}", new int[] {1, 1, 3},
                new double[] {1.5, -2.0, 0.25}, new double[] {-2.0, 0, 0, 0.25, 0, 0, 0, 1.5},
                new double[] {1.1, -1.0, -0.10000000000000009}, 0, 0);
    }

    @Test
    void maxUnpool3dWithOutputSizeIncludingBatchAndChannels() throws Exception {
        check("{\"op\": \"max_unpool\", \"kernel_size\": 2, \"stride\": [1, 2, 2], \"output_size\": [1, 1, 3, 2, 2], "
                + "\"indices\": {\"shape\": [1, 1, 2, 1, 1], \"data\": [7, 2]}}", new int[] {1, 1, 2, 1, 1},
                new double[] {0.5, -3.0}, new double[] {0, 0, -3.0, 0, 0, 0, 0, 0.5, 0, 0, 0, 0},
                new double[] {1.1, -0.4}, 0, 0);
    }
}
