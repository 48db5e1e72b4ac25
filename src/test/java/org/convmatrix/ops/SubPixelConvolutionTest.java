package org.convmatrix.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import java.util.List;
import java.util.SplittableRandom;
import org.convmatrix.lower.LoweredLayer;
import org.convmatrix.sparse.CscOps;
import org.convmatrix.spec.ConvLayer;
import org.convmatrix.spec.ConvSpec;
import org.convmatrix.spec.Op;
import org.convmatrix.spec.PixelShuffleSpec;
import org.convmatrix.spec.SequentialSpec;
import org.junit.jupiter.api.Test;

/**
 * Sub-pixel convolution is a transposed convolution (Shi et al. 2016, "Is the deconvolution layer the same as a
 * convolutional layer?"): for a 2-D {@code Conv2d(C → C·r², k×k, padding p)} (stride 1, dilation 1, one group, zero
 * padding, {@code 0 <= p <= k − 1}) with weight {@code w}, followed by {@code PixelShuffle(r)},
 * <pre>  PixelShuffle_r(conv_w(x)) = ConvTranspose2d(C → C, kernel r·k, stride r, padding r·(k − 1 − p))_v(x)</pre>
 * with output_padding 0 and the rearranged weight
 * <pre>  v[c', c, m_y, m_x] = w[c·r² + (m_y mod r)·r + (m_x mod r), c', k − 1 − ⌊m_y / r⌋, k − 1 − ⌊m_x / r⌋].</pre>
 * Derivation (one axis): the shuffle writes conv output {@code (c·r² + i, h)} to {@code r·h + i}, which reads
 * {@code x[h + a − p]}; the transposed convolution puts input {@code s} at {@code s·r + m − P}; equal positions give
 * {@code m = r(k − 1 − a) + i} for {@code P = r(k − 1 − p)}, which covers {@code [0, r·k)} once. Both outputs have
 * {@code r·(n + 2p − k + 1)} elements per axis. A bias is equal only when it is the same on the {@code r²} channels
 * of a group (ConvTranspose has one bias per output channel), so the statement is for the linear part.
 *
 * <p>The test compares the two lowered matrices entry for entry, exactly (integer weights).
 */
class SubPixelConvolutionTest {
    @Test
    void pixelShuffleOfConvEqualsTransposedConvolutionWithRearrangedKernel() {
        qt().withFixedSeed(0x5B1CE1L).withExamples(300).forAll(integers().between(1, 3), integers().between(1, 3),
                integers().between(1, 4), integers().between(0, 1 << 16)).checkAssert((c, r, k, seed) -> {
                    SplittableRandom rnd = new SplittableRandom(seed);
                    int p = rnd.nextInt(k);
                    int h = k + rnd.nextInt(4);
                    int w = k + rnd.nextInt(4);
                    double[] weight = weights(c * r * r * c * k * k, rnd);
                    LoweredLayer subPixel = subPixel(c, r, k, p, weight, h, w);
                    LoweredLayer transposed = transposed(c, r, k, p, weight, h, w);
                    String what = "C=" + c + " r=" + r + " k=" + k + " p=" + p + " on " + h + "x" + w;
                    assertArrayEquals(subPixel.outputShape(), transposed.outputShape(), what);
                    assertArrayEquals(dense(subPixel), dense(transposed), what);
                });
    }

    /** The rearrangement matters: the kernel taken without flipping gives another matrix. */
    @Test
    void anUnflippedKernelIsNotTheSubPixelConvolution() {
        int c = 1;
        int r = 2;
        int k = 3;
        double[] weight = weights(c * r * r * c * k * k, new SplittableRandom(3));
        LoweredLayer subPixel = subPixel(c, r, k, 1, weight, 4, 4);
        ConvSpec spec = ConvSpec.builder(Op.CONV_TRANSPOSE, c, c, r * k, r * k).stride(r, r).padding(r, r).build();
        double[] v = rearranged(c, r, k, weight);
        double[] unflipped = new double[v.length];
        int side = r * k;
        for (int m = 0; m < side * side; m++) {
            unflipped[m] = v[(side - 1 - m / side) * side + (side - 1 - m % side)];
        }
        LoweredLayer wrong = Ops.lower(ConvLayer.of(spec, unflipped, null), new int[] {1, c, 4, 4});
        assertNotEquals(java.util.Arrays.deepToString(dense(subPixel)), java.util.Arrays.deepToString(dense(wrong)));
    }

    private static LoweredLayer subPixel(int c, int r, int k, int p, double[] weight, int h, int w) {
        ConvSpec conv = ConvSpec.builder(Op.CONV, c, c * r * r, k, k).padding(p, p).build();
        SequentialSpec chain = new SequentialSpec(List.of(ConvLayer.of(conv, weight, null), PixelShuffleSpec.of(r)));
        return Ops.lower(chain, new int[] {1, c, h, w});
    }

    private static LoweredLayer transposed(int c, int r, int k, int p, double[] weight, int h, int w) {
        int pad = r * (k - 1 - p);
        ConvSpec spec = ConvSpec.builder(Op.CONV_TRANSPOSE, c, c, r * k, r * k).stride(r, r).padding(pad, pad).build();
        return Ops.lower(ConvLayer.of(spec, rearranged(c, r, k, weight), null), new int[] {1, c, h, w});
    }

    /** {@code v[c', c, m_y, m_x] = w[c·r² + (m_y mod r)·r + (m_x mod r), c', k−1−⌊m_y/r⌋, k−1−⌊m_x/r⌋]}. */
    static double[] rearranged(int channels, int r, int k, double[] w) {
        int side = r * k;
        double[] v = new double[channels * channels * side * side];
        for (int ci = 0; ci < channels; ci++) {
            for (int co = 0; co < channels; co++) {
                for (int my = 0; my < side; my++) {
                    for (int mx = 0; mx < side; mx++) {
                        int convOut = co * r * r + (my % r) * r + (mx % r);
                        int a = k - 1 - my / r;
                        int b = k - 1 - mx / r;
                        v[((ci * channels + co) * side + my) * side + mx] = w[((convOut * channels + ci) * k + a) * k + b];
                    }
                }
            }
        }
        return v;
    }

    private static double[] weights(int n, SplittableRandom rnd) {
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = rnd.nextInt(1, 6) * (rnd.nextBoolean() ? 1 : -1);
        }
        return w;
    }

    private static double[][] dense(LoweredLayer l) {
        double[][] d = CscOps.toDense(l.matrix());
        assertEquals(l.matrix().rows(), d.length);
        return d;
    }
}
