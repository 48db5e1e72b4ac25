package org.convmatrix.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import java.util.Arrays;
import org.convmatrix.lower.AvgPoolLowering;
import org.convmatrix.lower.KernelToMatrix;
import org.convmatrix.sparse.CscMatrix;
import org.convmatrix.spec.AvgPoolSpec;
import org.convmatrix.spec.ConvLayer;
import org.convmatrix.spec.ConvSpec;
import org.convmatrix.spec.Op;
import org.convmatrix.spec.Tensor;
import org.convmatrix.testing.Layers;
import org.convmatrix.testing.Layers.Values;
import org.convmatrix.testing.OpIdentities;
import org.convmatrix.verify.DotTest;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;

/**
 * Average pooling of 1 to 3 spatial dimensions: the lowered {@code A} against the direct pooling (which sums
 * the window, then divides, as PyTorch does), probing and the direct backward, within {@code 2·γ_t·(|A|·|x|)}
 * where {@code t} counts the products of a row (a column for the adjoint) plus the one rounding of
 * {@code 1/divisor} or of the division; the adjoint identity; and, with {@code count_include_pad} and no
 * partial window, {@code A} equals the depthwise convolution with constant weights {@code 1/|k|}.
 */
class AvgPoolPropertiesTest {
    private static final long SEED = 0xA7_9001L;

    /** A generated pooling with an input batch and a gradient that fit it. */
    record PoolCase(AvgPoolSpec spec, Tensor input, Tensor grad) {
        long rowTerms() {
            return Arrays.stream(spec.kernelSize()).asLongStream().reduce(1, (a, b) -> a * b) + 1;
        }

        long columnTerms() {
            long t = 1;
            for (int a = 0; a < spec.dims(); a++) {
                t *= (spec.kernelSize()[a] + spec.stride()[a] - 1) / spec.stride()[a];
            }
            return t + 1;
        }

        @Override
        public String toString() {
            return spec + " on " + Arrays.toString(input.shape()) + ": " + Arrays.toString(input.data());
        }
    }

    /**
     * @param exactFit when true, {@code count_include_pad}, no divisor override, and every input size makes the
     *     windows tile the padded input ({@code in + 2p − k} a multiple of {@code s}), so that ceil mode adds no
     *     partial window
     */
    static Gen<PoolCase> cases(Values values, boolean exactFit) {
        return in -> {
            PoolDraw g = PoolDraw.of(in);
            int d = g.d;
            int[] k = g.k, s = g.s, p = g.p, shape = g.shape;
            for (int a = 0; a < d; a++) {
                k[a] = 1 + Layers.pick(in, d == 3 ? 3 : 4);
                s[a] = 1 + Layers.pick(in, 3);
                p[a] = Layers.pick(in, k[a] / 2 + 1);
                shape[a + 2] = inputSize(in, d, k[a], s[a], p[a], exactFit);
            }
            boolean ceil = Layers.pick(in, 2) == 0;
            boolean countPad = exactFit || Layers.pick(in, 2) == 0;
            Integer divisor = exactFit || d == 1 || Layers.pick(in, 3) != 0 ? null : Layers.pick(in, 9) - 4;
            if (divisor != null && divisor == 0) {
                divisor = 7;
            }
            int[] stride = Layers.pick(in, 4) == 0 && Arrays.equals(s, k) ? null : s;
            AvgPoolSpec spec = AvgPoolSpec.of(k, stride, p, ceil, countPad, divisor);
            Tensor input = Tensor.of(shape, Layers.numbers(in, values, volume(shape)));
            int[] out = spec.outputShape(shape);
            return new PoolCase(spec, input, Tensor.of(out, Layers.numbers(in, values, volume(out))));
        };
    }

    private static int inputSize(RandomnessSource in, int d, int k, int s, int p, boolean exactFit) {
        int least = Math.max(1, k - 2 * p);
        if (d == 3) {
            least = Math.max(least, k); // PyTorch's avg_pool3d needs the unpadded input to hold the kernel
        }
        if (!exactFit) {
            return least + Layers.pick(in, 5);
        }
        int m = (least - (k - 2 * p) + s - 1) / s + Layers.pick(in, 3);
        return k - 2 * p + s * m;
    }

    private static int volume(int[] shape) {
        return Arrays.stream(shape).reduce(1, (a, b) -> a * b);
    }

    @Test
    void loweredTimesXEqualsDirectPoolWithinDerivedBound() {
        for (Values v : Values.values()) {
            qt().withFixedSeed(SEED).withExamples(1500).forAll(cases(v, false)).checkAssert(c ->
                    OpIdentities.matrixTimesXEqualsForward(c.spec(), c.input(), c.rowTerms(), c::toString));
        }
    }

    @Test
    void columnJEqualsPoolOfUnitVector() {
        qt().withFixedSeed(SEED).withExamples(300).forAll(cases(Values.INTEGERS, false)).checkAssert(c ->
                OpIdentities.columnJEqualsForwardOfUnitVector(c.spec(), c.input().shape(), c::toString));
    }

    @Test
    void transposeTimesYEqualsDirectBackwardWithinDerivedBound() {
        for (Values v : Values.values()) {
            qt().withFixedSeed(SEED).withExamples(1500).forAll(cases(v, false)).checkAssert(c ->
                    OpIdentities.adjointTimesYEqualsBackward(c.spec(), c.input().shape(), c.grad(), c.columnTerms(),
                            c::toString));
        }
    }

    @Test
    void adjointIdentityOfDirectPairHolds() {
        qt().withFixedSeed(SEED).withExamples(800).forAll(cases(Values.DOUBLES, false)).checkAssert(c -> {
            int per = c.input().size() / c.input().dim(0);
            int perOut = c.grad().size() / c.grad().dim(0);
            DotTest.Report r = OpIdentities.directPairAdjointIdentity(c.spec(), c.input().shape(),
                    Arrays.copyOf(c.input().data(), per), Arrays.copyOf(c.grad().data(), perOut));
            assertTrue(r.passed(), () -> c + ": " + r);
        });
    }

    @Test
    void countIncludePadPoolEqualsDepthwiseConvWithConstantWeights() {
        qt().withFixedSeed(SEED).withExamples(1000).forAll(cases(Values.INTEGERS, true)).checkAssert(c -> {
            int[] shape = c.input().shape();
            CscMatrix pool = AvgPoolLowering.lower(c.spec(), shape).matrix();
            CscMatrix conv = KernelToMatrix.lower(depthwiseMean(c.spec(), shape[1]),
                    Arrays.copyOfRange(shape, 2, shape.length)).matrix();
            assertArrayEquals(conv.colPtr(), pool.colPtr(), c::toString);
            assertArrayEquals(conv.rowIdx(), pool.rowIdx(), c::toString);
            assertArrayEquals(conv.values(), pool.values(), 0.0, c::toString);
        });
    }

    /** Conv(C → C, groups C, kernel k, stride s, padding p) with every weight {@code 1/|k|}. */
    private static ConvLayer depthwiseMean(AvgPoolSpec spec, int channels) {
        int[] k = spec.kernelSize();
        ConvSpec conv = ConvSpec.builder(Op.CONV, channels, channels, k).groups(channels).stride(spec.stride())
                .padding(spec.padding()).build();
        int taps = Arrays.stream(k).reduce(1, (a, b) -> a * b);
        double[] w = new double[channels * taps];
        Arrays.fill(w, 1.0 / taps);
        return ConvLayer.of(conv, w, null);
    }
}
