package org.convmatrix.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import org.convmatrix.lower.LoweredLayer;
import org.convmatrix.reference.DirectUpsample;
import org.convmatrix.sparse.CscMatrix;
import org.convmatrix.sparse.CscOps;
import org.convmatrix.spec.Tensor;
import org.convmatrix.spec.UpsampleMode;
import org.convmatrix.spec.UpsampleSpec;
import org.convmatrix.testing.Upsamples;
import org.convmatrix.testing.Upsamples.Case;
import org.convmatrix.testing.Upsamples.Family;
import org.convmatrix.verify.Comparison;
import org.convmatrix.verify.DotTest;
import org.junit.jupiter.api.Test;

/**
 * Identities of the upsample op on generated layers (every mode, 1 to 3 spatial dimensions, size or scale factors,
 * align_corners, recompute_scale_factor, 1 to 3 channels, batches of 1 or 2): the lowered {@code A} against the
 * direct implementation (forward, columns, backward), the adjoint identity, and the op's own facts (nearest by an
 * integer factor has sum pooling as adjoint; interpolation rows sum to 1; align_corners maps corners to corners).
 *
 * <p><b>Bounds.</b> An output is a sum of at most {@code 4^d} products of {@code d} per-axis weights and one input
 * element; the lowering merges up to 4 taps per axis into one weight first. Either way each result is within
 * {@code γ_t·T} of the exact sum over the same double weights, {@code t = 4^d + 4d} (the products' {@code d}
 * roundings, the merges' at most {@code 3d}, the summation's {@code 4^d}), {@code T} the same sum over absolute
 * values ({@link DirectUpsample#forwardOfAbsolutes}); the two agree within {@code 2·γ_t·T} ({@link Comparison}).
 * Backward: an input element receives at most {@code colNnz(A)·4^d} products, so {@code t = colNnz·4^d + 4d}.
 */
class UpsamplePropertiesTest {
    private static final long SEED = 0x0B5A3D1EL;

    private static long forwardTerms(UpsampleSpec spec) {
        return (1L << (2 * spec.dims())) + 4L * spec.dims();
    }

    private static void assertAgree(Tensor a, Tensor b, Tensor absolute, long terms, Case c) {
        Comparison.Outcome o = Comparison.compare(a, b, absolute, terms);
        assertTrue(o.passed(), () -> c + ": " + o);
    }

    @Test
    void loweredTimesXEqualsDirectUpsample() {
        qt().withFixedSeed(SEED).withExamples(2000).forAll(Upsamples.cases(Family.ANY)).checkAssert(c -> {
            Tensor x = c.input(false);
            Tensor viaMatrix = Ops.lower(c.spec(), c.inputShape()).apply(x);
            assertAgree(viaMatrix, Ops.forward(c.spec(), x), DirectUpsample.forwardOfAbsolutes(c.spec(), x),
                    forwardTerms(c.spec()), c);
        });
    }

    /** The nearest modes copy: both implementations give the same numbers exactly. */
    @Test
    void nearestLoweredTimesXEqualsDirectExactly() {
        qt().withFixedSeed(SEED).withExamples(1000).forAll(Upsamples.cases(Family.NEAREST)).checkAssert(c -> {
            Tensor x = c.input(true);
            assertArrayEquals(Ops.forward(c.spec(), x).data(), Ops.lower(c.spec(), c.inputShape()).apply(x).data(),
                    c::toString);
        });
    }

    @Test
    void columnJOfAEqualsForwardOfUnitVector() {
        qt().withFixedSeed(SEED).withExamples(400).forAll(Upsamples.cases(Family.ANY)).checkAssert(c -> {
            int[] one = c.inputShape().clone();
            one[0] = 1;
            double[][] a = CscOps.toDense(Ops.lower(c.spec(), one).matrix());
            int cols = a.length == 0 ? 0 : a[0].length;
            for (int j = 0; j < cols; j++) {
                double[] unit = new double[cols];
                unit[j] = 1;
                Tensor e = Tensor.of(one, unit);
                Tensor y = Ops.forward(c.spec(), e);
                double[] column = new double[a.length];
                for (int i = 0; i < a.length; i++) {
                    column[i] = a[i][j];
                }
                assertAgree(Tensor.of(y.shape(), column), y, DirectUpsample.forwardOfAbsolutes(c.spec(), e),
                        forwardTerms(c.spec()), c);
            }
        });
    }

    @Test
    void transposeTimesYEqualsDirectBackward() {
        qt().withFixedSeed(SEED).withExamples(2000).forAll(Upsamples.cases(Family.ANY)).checkAssert(c -> {
            Tensor g = c.gradOutput(false);
            LoweredLayer lowered = Ops.lower(c.spec(), c.inputShape());
            long terms = maxColumnCount(lowered.matrix()) * (1L << (2 * c.spec().dims())) + 4L * c.spec().dims();
            assertAgree(lowered.applyAdjoint(g), Ops.backward(c.spec(), c.inputShape(), g),
                    DirectUpsample.backwardOfAbsolutes(c.spec(), c.inputShape(), g), terms, c);
        });
    }

    @Test
    void adjointIdentityHoldsWithinDerivedBound() {
        qt().withFixedSeed(SEED).withExamples(2000).forAll(Upsamples.cases(Family.ANY)).checkAssert(c -> {
            CscMatrix a = Ops.lower(c.spec(), c.inputShape()).matrix();
            DotTest.Report r = DotTest.run(a, sample(c.input(false), a.cols()), sample(c.gradOutput(false), a.rows()));
            assertTrue(r.passed(), () -> c + ": " + r);
        });
    }

    /** Nearest weights are 1: on integers both sides are exact and equal. */
    @Test
    void nearestAdjointIdentityHoldsExactlyOnIntegers() {
        qt().withFixedSeed(SEED).withExamples(1000).forAll(Upsamples.cases(Family.NEAREST_INTEGER_FACTOR))
                .checkAssert(c -> {
                    CscMatrix a = Ops.lower(c.spec(), c.inputShape()).matrix();
                    DotTest.Report r = DotTest.run(a, sample(c.input(true), a.cols()),
                            sample(c.gradOutput(true), a.rows()));
                    assertTrue(r.exact(), () -> c + ": " + r);
                });
    }

    /**
     * Nearest upsampling by integer factors {@code r_a} copies each input into an {@code r_1 × … × r_d} block, so
     * its adjoint sums each block: {@code Aᵀ·y} is sum pooling of {@code y} with kernel and stride {@code r}.
     */
    @Test
    void nearestByIntegerFactorHasSumPoolingAdjoint() {
        qt().withFixedSeed(SEED).withExamples(1000).forAll(Upsamples.cases(Family.NEAREST_INTEGER_FACTOR))
                .checkAssert(c -> {
                    Tensor y = c.gradOutput(true);
                    double[] pooled = sumPool(y, Upsamples.factors(c));
                    assertArrayEquals(pooled, Ops.lower(c.spec(), c.inputShape()).applyAdjoint(y).data(),
                            c::toString);
                    assertArrayEquals(pooled, Ops.backward(c.spec(), c.inputShape(), y).data(), c::toString);
                });
    }

    /**
     * Each output of an interpolating mode is a combination of inputs with weights summing to 1. Per axis the
     * weights sum to 1 up to {@code ε}: linear {@code (1-λ)+λ}, at most {@code 2u}; cubic, Horner's rule on the
     * four cubics at arguments within 2 of 0 (absolute-coefficient polynomials at most 4.5 and 36, Higham (5.3):
     * {@code γ_7·(2·4.5 + 2·36)}) plus the rounded arguments {@code 1-t}, {@code 2-t} (at most {@code 4u} times a
     * slope below 1.5) plus the merges ({@code γ_3·1.375}): {@code ε <= 600u}. The row of
     * {@code A = I ⊗ A_1 ⊗ … ⊗ A_d} sums to {@code Π s_a}, formed with {@code d} product and {@code K} sum roundings
     * over terms of absolute sum at most {@code 1.375^d}: {@code |Σ_j A_ij − 1| <= (1+ε)^d − 1 + γ_{K+d}·1.375^d}.
     */
    @Test
    void interpolationRowsSumToOne() {
        qt().withFixedSeed(SEED).withExamples(1500).forAll(Upsamples.cases(Family.INTERPOLATING)).checkAssert(c -> {
            CscMatrix a = Ops.lower(c.spec(), c.inputShape()).matrix();
            int d = c.spec().dims();
            double eps = c.spec().mode() == UpsampleMode.BICUBIC ? 600 * DotTest.U : 2 * DotTest.U;
            double[] sums = CscOps.multiply(a, ones(a.cols()));
            int[] counts = CscOps.rowCounts(a);
            for (int i = 0; i < sums.length; i++) {
                double bound = Math.pow(1 + eps, d) - 1 + DotTest.gamma(counts[i] + d) * Math.pow(1.375, d);
                double s = sums[i];
                assertTrue(Math.abs(s - 1) <= bound, () -> c + ": a row sums to " + s);
            }
        });
    }

    /**
     * With align_corners each output corner reads the input corner with weight 1 (and nothing else) up to rounding:
     * the last source coordinate {@code fl(fl((in-1)/(out-1))·(out-1))} is within {@code γ_2·(in-1)} of {@code in-1},
     * which moves a linear weight by as much and a cubic one by at most 1.5 times as much, plus the cubic's Horner
     * error {@code γ_7·36}; per axis {@code β = 1.5·γ_2·(in-1) + γ_7·36}, over {@code d} axes and their product
     * {@code (1+β)^d − 1 + γ_d}.
     */
    @Test
    void alignCornersMapsCornersToCorners() {
        qt().withFixedSeed(SEED).withExamples(1000).forAll(Upsamples.cases(Family.ALIGNED_CORNERS)).checkAssert(c -> {
            int[] one = c.inputShape().clone();
            one[0] = 1;
            int[] out = c.spec().outputShape(one);
            double[][] a = CscOps.toDense(Ops.lower(c.spec(), one).matrix());
            int d = c.spec().dims();
            double beta = 0;
            for (int ax = 0; ax < d; ax++) {
                beta = Math.max(beta, 1.5 * DotTest.gamma(2) * (one[ax + 2] - 1) + DotTest.gamma(7) * 36);
            }
            double bound = Math.pow(1 + beta, d) - 1 + DotTest.gamma(d);
            for (int corner = 0; corner < (1 << d); corner++) {
                int row = 0;
                int col = 0;
                for (int ax = 0; ax < d; ax++) {
                    boolean last = (corner >> (d - 1 - ax) & 1) == 1;
                    row = row * out[ax + 2] + (last ? out[ax + 2] - 1 : 0);
                    col = col * one[ax + 2] + (last ? one[ax + 2] - 1 : 0);
                }
                for (int j = 0; j < a[row].length; j++) {
                    double expected = j == col ? 1 : 0;
                    assertEquals(expected, a[row][j], bound, c + ": corner " + corner + ", column " + j);
                }
            }
        });
    }

    /** Sum pooling with kernel = stride = r over the spatial axes, written here as the test's own loops. */
    static double[] sumPool(Tensor y, int[] r) {
        int[] shape = y.shape();
        int d = r.length;
        int[] pooled = shape.clone();
        for (int a = 0; a < d; a++) {
            pooled[a + 2] = shape[a + 2] / r[a];
        }
        int planes = shape[0] * shape[1];
        int outPlane = 1;
        int inPlane = 1;
        for (int a = 0; a < d; a++) {
            outPlane *= pooled[a + 2];
            inPlane *= shape[a + 2];
        }
        double[] s = new double[planes * outPlane];
        for (int p = 0; p < planes; p++) {
            for (int q = 0; q < inPlane; q++) {
                int rest = q;
                int target = 0;
                int stride = 1;
                for (int a = d - 1; a >= 0; a--) {
                    int coordinate = rest % shape[a + 2];
                    rest /= shape[a + 2];
                    target += coordinate / r[a] * stride;
                    stride *= pooled[a + 2];
                }
                s[p * outPlane + target] += y.get(p * inPlane + q);
            }
        }
        return s;
    }

    private static long maxColumnCount(CscMatrix a) {
        int[] cp = a.colPtr();
        long max = 0;
        for (int j = 0; j < a.cols(); j++) {
            max = Math.max(max, cp[j + 1] - cp[j]);
        }
        return max;
    }

    private static double[] sample(Tensor batch, int n) {
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            s[i] = batch.get(i);
        }
        return s;
    }

    private static double[] ones(int n) {
        double[] v = new double[n];
        java.util.Arrays.fill(v, 1.0);
        return v;
    }
}
