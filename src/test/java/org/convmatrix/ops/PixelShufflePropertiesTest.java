package org.convmatrix.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import java.util.Arrays;
import org.convmatrix.lower.PixelShuffleLowering;
import org.convmatrix.lower.PixelUnshuffleLowering;
import org.convmatrix.reference.DirectPixelShuffle;
import org.convmatrix.reference.DirectPixelUnshuffle;
import org.convmatrix.sparse.CscMatrix;
import org.convmatrix.sparse.CscOps;
import org.convmatrix.spec.Layer;
import org.convmatrix.spec.PixelShuffleSpec;
import org.convmatrix.spec.PixelUnshuffleSpec;
import org.convmatrix.spec.Tensor;
import org.convmatrix.testing.Layers;
import org.convmatrix.testing.OpIdentities;
import org.convmatrix.verify.DotTest;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * Pixel shuffle and unshuffle: the lowered permutation against the direct gathers, probing and the direct
 * backward (all exact: every entry is 1 and every row has one term), {@code AᵀA = I}, and unshuffle's
 * {@code A} is shuffle's {@code Aᵀ}.
 */
class PixelShufflePropertiesTest {
    private static final long SEED = 0x5B1F_2026L;

    /** A generated layer with an integer-valued input batch and gradient that fit it. */
    record ShuffleCase(Layer layer, Tensor input, Tensor grad) {
        @Override
        public String toString() {
            return layer + " on " + Arrays.toString(input.shape()) + ": " + Arrays.toString(input.data());
        }
    }

    private static Gen<ShuffleCase> cases(boolean unshuffle) {
        return in -> {
            int r = 1 + Layers.pick(in, 3);
            int c = 1 + Layers.pick(in, 2);
            int h = 1 + Layers.pick(in, 3);
            int w = 1 + Layers.pick(in, 3);
            int n = 1 + Layers.pick(in, 2);
            Layer layer = unshuffle ? PixelUnshuffleSpec.of(r) : PixelShuffleSpec.of(r);
            int[] shape = unshuffle ? new int[] {n, c, h * r, w * r} : new int[] {n, c * r * r, h, w};
            int size = n * c * r * r * h * w;
            Tensor input = Tensor.of(shape, Layers.numbers(in, Layers.Values.INTEGERS, size));
            Tensor grad = Tensor.of(layer.outputShape(shape), Layers.numbers(in, Layers.Values.INTEGERS, size));
            return new ShuffleCase(layer, input, grad);
        };
    }

    @Test
    void loweredTimesXEqualsDirectShuffle() {
        for (boolean un : new boolean[] {false, true}) {
            qt().withFixedSeed(SEED).withExamples(400).forAll(cases(un)).checkAssert(c ->
                    OpIdentities.matrixTimesXEqualsForward(c.layer(), c.input(), 0, c::toString));
        }
    }

    @Test
    void columnJEqualsShuffleOfUnitVector() {
        for (boolean un : new boolean[] {false, true}) {
            qt().withFixedSeed(SEED).withExamples(150).forAll(cases(un)).checkAssert(c ->
                    OpIdentities.columnJEqualsForwardOfUnitVector(c.layer(), c.input().shape(), c::toString));
        }
    }

    @Test
    void transposeTimesYEqualsDirectBackward() {
        for (boolean un : new boolean[] {false, true}) {
            qt().withFixedSeed(SEED).withExamples(400).forAll(cases(un)).checkAssert(c ->
                    OpIdentities.adjointTimesYEqualsBackward(c.layer(), c.input().shape(), c.grad(), 0, c::toString));
        }
    }

    @Test
    void adjointIdentityOfDirectPairHoldsExactly() {
        for (boolean un : new boolean[] {false, true}) {
            qt().withFixedSeed(SEED).withExamples(300).forAll(cases(un)).checkAssert(c -> {
                int per = c.input().size() / c.input().dim(0);
                DotTest.Report r = OpIdentities.directPairAdjointIdentity(c.layer(), c.input().shape(),
                        Arrays.copyOf(c.input().data(), per), Arrays.copyOf(c.grad().data(), per));
                assertTrue(r.exact(), () -> c + ": " + r);
            });
        }
    }

    @Test
    void shuffleIsAPermutation() {
        qt().withFixedSeed(SEED).withExamples(300).forAll(cases(false)).checkAssert(c -> {
            CscMatrix a = Ops.lower(c.layer(), c.input().shape()).matrix();
            assertEquals(a.rows(), a.cols(), c::toString);
            assertTrue(Arrays.stream(CscOps.rowCounts(a)).allMatch(k -> k == 1), () -> "one entry per row: " + c);
            CscMatrix ata = CscOps.multiply(CscOps.transpose(a), a);
            double[][] dense = CscOps.toDense(ata);
            for (int i = 0; i < dense.length; i++) {
                for (int j = 0; j < dense.length; j++) {
                    assertEquals(i == j ? 1.0 : 0.0, dense[i][j], 0.0, c::toString);
                }
            }
        });
    }

    @Test
    void unshuffleMatrixIsShufflesTranspose() {
        qt().withFixedSeed(SEED).withExamples(300).forAll(cases(false)).checkAssert(c -> {
            PixelShuffleSpec sh = (PixelShuffleSpec) c.layer();
            int[] shuffleIn = c.input().shape();
            int[] unshuffleIn = sh.outputShape(shuffleIn);
            CscMatrix a = PixelShuffleLowering.lower(sh, shuffleIn).matrix();
            CscMatrix b = PixelUnshuffleLowering.lower(PixelUnshuffleSpec.of(sh.upscaleFactor()), unshuffleIn).matrix();
            CscMatrix at = CscOps.transpose(a);
            assertArrayEquals(at.colPtr(), b.colPtr(), c::toString);
            assertArrayEquals(at.rowIdx(), b.rowIdx(), c::toString);
            assertArrayEquals(at.values(), b.values(), 0.0, c::toString);
        });
    }

    @Test
    void unshuffleOfShuffleIsIdentity() {
        qt().withFixedSeed(SEED).withExamples(300).forAll(cases(false)).checkAssert(c -> {
            PixelShuffleSpec sh = (PixelShuffleSpec) c.layer();
            Tensor there = DirectPixelShuffle.forward(sh, c.input());
            Tensor back = DirectPixelUnshuffle.forward(PixelUnshuffleSpec.of(sh.upscaleFactor()), there);
            assertEquals(c.input(), back, c::toString);
        });
    }
}
