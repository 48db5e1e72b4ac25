package org.convmatrix.reference;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.BiFunction;
import org.convmatrix.spec.ConvLayer;
import org.convmatrix.spec.ConvSpec;
import org.convmatrix.spec.Op;
import org.convmatrix.spec.Padding;
import org.convmatrix.spec.PaddingMode;
import org.convmatrix.spec.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Hand-computed examples (PyTorch's documented behaviour) for the reference implementations. Integer
 * data compare exactly; the decimal weights 1.1, 2.2, 3.3, 4.4 compare within the bound derived in
 * {@link Expect#within}.
 */
class SeedExamplesTest {

    /** Both transposed implementations, so that each seed example checks each. */
    enum Transposed {
        SCATTER(ScatterTransposedConvolution::apply),
        ZERO_INSERTION(ZeroInsertionTransposedConvolution::apply);

        private final BiFunction<ConvLayer, Tensor, Tensor> impl;

        Transposed(BiFunction<ConvLayer, Tensor, Tensor> impl) {
            this.impl = impl;
        }

        Tensor apply(ConvLayer layer, Tensor x) {
            return impl.apply(layer, x);
        }
    }

    private static final Tensor X22 = Tensor.of(new int[] {1, 1, 2, 2}, new double[] {0, 1, 2, 3});
    private static final double[] W22 = {1.1, 2.2, 3.3, 4.4};

    private static ConvLayer transposed2d(double[] w, int k, int[] stride, int[] dilation, int padding, int outPad) {
        ConvSpec spec = ConvSpec.builder(Op.CONV_TRANSPOSE, 1, 1, k, k).stride(stride).dilation(dilation)
                .padding(padding, padding).outputPadding(outPad, outPad).build();
        return ConvLayer.of(spec, w, null);
    }

    /** Checks {@code impl} on X22 against {@code expected} within the derived rounding bound. */
    private static void checkDecimal(Transposed impl, ConvLayer layer, int[] shape, double[] expected) {
        ConvLayer absLayer = ConvLayer.of(layer.spec(), Expect.abs(layer.weight()), null);
        Tensor absSum = impl.apply(absLayer, Expect.abs(X22));
        int terms = layer.spec().inChannelsPerGroup() * layer.spec().kernelVolume();
        Expect.within(shape, expected, impl.apply(layer, X22), absSum, terms);
    }

    @ParameterizedTest
    @EnumSource(Transposed.class)
    void convTranspose2dStride1(Transposed impl) {
        checkDecimal(impl, transposed2d(W22, 2, new int[] {1, 1}, new int[] {1, 1}, 0, 0), new int[] {1, 1, 3, 3},
                new double[] {0, 1.1, 2.2, 2.2, 11, 11, 6.6, 18.7, 13.2});
    }

    @ParameterizedTest
    @EnumSource(Transposed.class)
    void convTranspose2dStride1x2(Transposed impl) {
        // rows overlap as for stride 1; columns spread 2 apart, so x[., 0] and x[., 1] never share a column
        checkDecimal(impl, transposed2d(W22, 2, new int[] {1, 2}, new int[] {1, 1}, 0, 0), new int[] {1, 1, 3, 4},
                new double[] {0, 0, 1.1, 2.2, 2.2, 4.4, 6.6, 11, 6.6, 8.8, 9.9, 13.2});
    }

    @ParameterizedTest
    @EnumSource(Transposed.class)
    void convTranspose2dStride2(Transposed impl) {
        checkDecimal(impl, transposed2d(W22, 2, new int[] {2, 2}, new int[] {1, 1}, 0, 0), new int[] {1, 1, 4, 4},
                new double[] {0, 0, 1.1, 2.2, 0, 0, 3.3, 4.4, 2.2, 4.4, 3.3, 6.6, 6.6, 8.8, 9.9, 13.2});
    }

    @ParameterizedTest
    @EnumSource(Transposed.class)
    void convTranspose2dDilation2(Transposed impl) {
        ConvLayer dilated = transposed2d(W22, 2, new int[] {1, 1}, new int[] {2, 2}, 0, 0);
        checkDecimal(impl, dilated, new int[] {1, 1, 4, 4},
                new double[] {0, 1.1, 0, 2.2, 2.2, 3.3, 4.4, 6.6, 0, 3.3, 0, 4.4, 6.6, 9.9, 8.8, 13.2});
        ConvLayer spread = transposed2d(new double[] {1.1, 0, 2.2, 0, 0, 0, 3.3, 0, 4.4}, 3, new int[] {1, 1},
                new int[] {1, 1}, 0, 0);
        // the zero taps add exact zeros, so the two agree bit for bit
        Expect.same(impl.apply(spread, X22), impl.apply(dilated, X22), "dilation 2 vs the spread 3x3 kernel");
    }

    @ParameterizedTest
    @EnumSource(Transposed.class)
    void convTranspose2dPadding1CropsToCentre(Transposed impl) {
        checkDecimal(impl, transposed2d(W22, 2, new int[] {1, 1}, new int[] {1, 1}, 1, 0), new int[] {1, 1, 1, 1},
                new double[] {11});
    }

    @ParameterizedTest
    @EnumSource(Transposed.class)
    void convTranspose2dStride2OutputPadding1(Transposed impl) {
        checkDecimal(impl, transposed2d(W22, 2, new int[] {2, 2}, new int[] {1, 1}, 0, 1), new int[] {1, 1, 5, 5},
                new double[] {
                    0, 0, 1.1, 2.2, 0,
                    0, 0, 3.3, 4.4, 0,
                    2.2, 4.4, 3.3, 6.6, 0,
                    6.6, 8.8, 9.9, 13.2, 0,
                    0, 0, 0, 0, 0});
    }

    @ParameterizedTest
    @EnumSource(Transposed.class)
    void convTranspose1dGroupsAndBias(Transposed impl) {
        // in 4, out 2, groups 2: co 0 sums ci 0,1 and co 1 sums ci 2,3; weight [4, 1, 1]
        ConvLayer layer = ConvLayer.of(ConvSpec.builder(Op.CONV_TRANSPOSE, 4, 2, 1).groups(2).build(),
                new double[] {1, 2, 3, 4}, new double[] {0.5, -0.5});
        Tensor x = Tensor.of(new int[] {1, 4, 1}, new double[] {1, 10, 100, 1000});
        Expect.exactly(new int[] {1, 2, 1}, new double[] {21.5, 4299.5}, impl.apply(layer, x));
        // in 2, out 4, groups 2: ci 0 feeds co 0,1 and ci 1 feeds co 2,3; weight [2, 2, 1]; batch of 2
        ConvLayer wide = ConvLayer.of(ConvSpec.builder(Op.CONV_TRANSPOSE, 2, 4, 1).groups(2).build(),
                new double[] {1, 2, 3, 4}, null);
        Tensor x2 = Tensor.of(new int[] {2, 2, 1}, new double[] {1, 10, -1, -2});
        Expect.exactly(new int[] {2, 4, 1}, new double[] {1, 2, 30, 40, -1, -2, -6, -8}, impl.apply(wide, x2));
    }

    @ParameterizedTest
    @EnumSource(Transposed.class)
    void convTranspose1dStrideDilationPaddingIntegers(Transposed impl) {
        // n 3, k 2, s 3, dil 2, p 1, op 2: full = 2*3 + 2 + 1 + 2 = 11; taps of x[i] at 3i and 3i+2
        ConvLayer layer = ConvLayer.of(ConvSpec.builder(Op.CONV_TRANSPOSE, 1, 1, 2).stride(3).dilation(2).padding(1)
                .outputPadding(2).build(), new double[] {1, 10}, new double[] {7});
        Tensor x = Tensor.of(new int[] {1, 1, 3}, new double[] {1, 2, 3});
        // full: [1, 0, 10, 2, 0, 20, 3, 0, 30, 0, 0] -> crop 1 each end -> 9 elements, + 7
        Expect.exactly(new int[] {1, 1, 9}, new double[] {7, 17, 9, 7, 27, 10, 7, 37, 7}, impl.apply(layer, x));
    }

    @Test
    void d2lConv2d() {
        Tensor x = Tensor.of(new int[] {1, 1, 3, 3}, new double[] {0, 1, 2, 3, 4, 5, 6, 7, 8});
        ConvSpec spec = ConvSpec.builder(Op.CONV, 1, 1, 2, 2).build();
        Expect.exactly(new int[] {1, 1, 2, 2}, new double[] {27, 37, 57, 67},
                DirectConvolution.apply(ConvLayer.of(spec, new double[] {1, 2, 3, 4}, null), x));
        Expect.exactly(new int[] {1, 1, 2, 2}, new double[] {19, 25, 37, 43},
                DirectConvolution.apply(ConvLayer.of(spec, new double[] {0, 1, 2, 3}, null), x));
    }

    /** x = [1, 2, 3, 4], w = [1, 10, 100], padding 2: y[o] = xpad[o] + 10 xpad[o+1] + 100 xpad[o+2]. */
    @ParameterizedTest
    @CsvSource({
        "ZEROS,     100 210 321 432 43 4",      // xpad = 0 0 1 2 3 4 0 0
        "REFLECT,   123 212 321 432 343 234",   // xpad = 3 2 1 2 3 4 3 2
        "REPLICATE, 111 211 321 432 443 444",   // xpad = 1 1 1 2 3 4 4 4
        "CIRCULAR,  143 214 321 432 143 214"})  // xpad = 3 4 1 2 3 4 1 2
    void conv1dPaddingModes(PaddingMode mode, String expected) {
        ConvLayer layer = ConvLayer.of(ConvSpec.builder(Op.CONV, 1, 1, 3).padding(2).paddingMode(mode).build(),
                new double[] {1, 10, 100}, null);
        Tensor x = Tensor.of(new int[] {1, 1, 4}, new double[] {1, 2, 3, 4});
        Expect.exactly(new int[] {1, 1, 6}, numbers(expected), DirectConvolution.apply(layer, x));
    }

    @Test
    void conv1dReflectAsymmetricPairsWithStride() {
        // xpad = [2 | 1 2 3 4 | 3 2 1], windows start at 0, 2, 4
        ConvLayer layer = ConvLayer.of(ConvSpec.builder(Op.CONV, 1, 1, 3).stride(2)
                .padding(Padding.pairs(new int[] {1}, new int[] {3})).paddingMode(PaddingMode.REFLECT).build(),
                new double[] {1, 10, 100}, null);
        Tensor x = Tensor.of(new int[] {1, 1, 4}, new double[] {1, 2, 3, 4});
        Expect.exactly(new int[] {1, 1, 3}, new double[] {212, 432, 234}, DirectConvolution.apply(layer, x));
    }

    @Test
    void conv1dCircularPaddingAsLongAsTheInput() {
        ConvLayer layer = ConvLayer.of(ConvSpec.builder(Op.CONV, 1, 1, 1).padding(2)
                .paddingMode(PaddingMode.CIRCULAR).build(), new double[] {1}, null);
        Expect.exactly(new int[] {1, 1, 6}, new double[] {1, 2, 1, 2, 1, 2},
                DirectConvolution.apply(layer, Tensor.of(new int[] {1, 1, 2}, new double[] {1, 2})));
    }

    @Test
    void conv1dSamePaddingPutsTheOddElementAfter() {
        // k 4: total 3 = 1 before + 2 after; xpad = 0 1 2 3 0 0
        ConvLayer layer = ConvLayer.of(ConvSpec.builder(Op.CONV, 1, 1, 4).padding(Padding.same()).build(),
                new double[] {1, 10, 100, 1000}, null);
        Expect.exactly(new int[] {1, 1, 3}, new double[] {3210, 321, 32},
                DirectConvolution.apply(layer, Tensor.of(new int[] {1, 1, 3}, new double[] {1, 2, 3})));
    }

    @Test
    void conv1dStrideAndDilation() {
        // k 2, dil 3, s 2 on 7 elements: windows {0, 3} and {2, 5}
        ConvLayer layer = ConvLayer.of(ConvSpec.builder(Op.CONV, 1, 1, 2).stride(2).dilation(3).build(),
                new double[] {1, 10}, null);
        Expect.exactly(new int[] {1, 1, 2}, new double[] {41, 63},
                DirectConvolution.apply(layer, Tensor.of(new int[] {1, 1, 7}, new double[] {1, 2, 3, 4, 5, 6, 7})));
    }

    /** A 1x1 identity kernel with padding 1 shows the padded 3x3 input, corners included. */
    @ParameterizedTest
    @CsvSource({
        "REFLECT,   4 3 4 5 4  1 0 1 2 1  4 3 4 5 4  7 6 7 8 7  4 3 4 5 4",
        "REPLICATE, 0 0 1 2 2  0 0 1 2 2  3 3 4 5 5  6 6 7 8 8  6 6 7 8 8",
        "CIRCULAR,  8 6 7 8 6  2 0 1 2 0  5 3 4 5 3  8 6 7 8 6  2 0 1 2 0",
        "ZEROS,     0 0 0 0 0  0 0 1 2 0  0 3 4 5 0  0 6 7 8 0  0 0 0 0 0"})
    void conv2dPaddingModesAtTheCorners(PaddingMode mode, String expected) {
        ConvLayer layer = ConvLayer.of(ConvSpec.builder(Op.CONV, 1, 1, 1, 1).padding(1, 1).paddingMode(mode).build(),
                new double[] {1}, null);
        Tensor x = Tensor.of(new int[] {1, 1, 3, 3}, new double[] {0, 1, 2, 3, 4, 5, 6, 7, 8});
        Expect.exactly(new int[] {1, 1, 5, 5}, numbers(expected), DirectConvolution.apply(layer, x));
    }

    @Test
    void conv1dGroupsBiasAndBatch() {
        // in 4, out 4, groups 2: co 0,1 read ci 0,1; co 2,3 read ci 2,3; weight [4, 2, 1]
        ConvLayer layer = ConvLayer.of(ConvSpec.builder(Op.CONV, 4, 4, 1).groups(2).build(),
                new double[] {1, 2, 3, 4, 5, 6, 7, 8}, new double[] {0, 0, 0, 0.5});
        Tensor x = Tensor.of(new int[] {2, 4, 1}, new double[] {1, 10, 100, 1000, 0, 1, 0, -1});
        Expect.exactly(new int[] {2, 4, 1}, new double[] {21, 43, 6500, 8700.5, 2, 4, -6, -7.5},
                DirectConvolution.apply(layer, x));
    }

    @Test
    void conv3dAndConv4d() {
        double[] ones = {1, 1, 1, 1, 1, 1, 1, 1};
        ConvLayer c3 = ConvLayer.of(ConvSpec.builder(Op.CONV, 1, 1, 2, 2, 2).build(), ones, null);
        Tensor x3 = Tensor.of(new int[] {1, 1, 2, 2, 2}, new double[] {0, 1, 2, 3, 4, 5, 6, 7});
        Expect.exactly(new int[] {1, 1, 1, 1, 1}, new double[] {28}, DirectConvolution.apply(c3, x3));
        ConvLayer c4 = ConvLayer.of(ConvSpec.builder(Op.CONV, 1, 1, 1, 1, 1, 2).build(), new double[] {1, 10}, null);
        Tensor x4 = Tensor.of(new int[] {1, 1, 1, 1, 1, 3}, new double[] {1, 2, 3});
        Expect.exactly(new int[] {1, 1, 1, 1, 1, 2}, new double[] {21, 32}, DirectConvolution.apply(c4, x4));
    }

    @Test
    void emptyBatch() {
        ConvLayer layer = ConvLayer.of(ConvSpec.builder(Op.CONV, 1, 2, 2).build(), new double[] {1, 2, 3, 4}, null);
        Expect.exactly(new int[] {0, 2, 2}, new double[0],
                DirectConvolution.apply(layer, Tensor.of(new int[] {0, 1, 3}, new double[0])));
    }

    @Test
    void rejectsInputsThatDoNotFit() {
        ConvLayer conv = ConvLayer.of(ConvSpec.builder(Op.CONV, 2, 1, 3).padding(1)
                .paddingMode(PaddingMode.REFLECT).build(), new double[6], null);
        ConvLayer convT = ConvLayer.of(ConvSpec.builder(Op.CONV_TRANSPOSE, 2, 1, 1).padding(1).build(),
                new double[2], null);
        rejects("conv_transpose", () -> DirectConvolution.apply(convT, Tensor.of(new int[] {1, 2, 3}, new double[6])));
        rejects("conv", () -> ScatterTransposedConvolution.apply(conv, Tensor.of(new int[] {1, 2, 3}, new double[6])));
        rejects("rank 3", () -> DirectConvolution.apply(conv, Tensor.of(new int[] {2, 3}, new double[6])));
        rejects("in_channels = 2", () -> DirectConvolution.apply(conv, Tensor.of(new int[] {1, 3, 2}, new double[6])));
        rejects("in_channels = 2", () -> ZeroInsertionTransposedConvolution.apply(convT,
                Tensor.of(new int[] {1, 3, 2}, new double[6])));
        rejects("reflect", () -> DirectConvolution.apply(conv, Tensor.of(new int[] {1, 2, 1}, new double[2])));
        ConvLayer longKernel = ConvLayer.of(ConvSpec.builder(Op.CONV, 1, 1, 3).dilation(2).build(), new double[3], null);
        rejects("kernel_size[0] = 3", () -> DirectConvolution.apply(longKernel,
                Tensor.of(new int[] {1, 1, 4}, new double[4])));
        // full length 1 on a length-1 input, padding 1 crops both ends of it
        rejects("padding[0] = 1", () -> ScatterTransposedConvolution.apply(convT,
                Tensor.of(new int[] {1, 2, 1}, new double[2])));
        rejects("padding[0] = 1", () -> ZeroInsertionTransposedConvolution.apply(convT,
                Tensor.of(new int[] {1, 2, 1}, new double[2])));
    }

    private static void rejects(String fragment, Runnable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
        assertTrue(e.getMessage().contains(fragment), () -> "message should name '" + fragment + "': " + e.getMessage());
    }

    private static double[] numbers(String spaced) {
        String[] parts = spaced.trim().split("\\s+");
        double[] v = new double[parts.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = Double.parseDouble(parts[i]);
        }
        return v;
    }
}
