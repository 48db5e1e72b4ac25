package org.convmatrix.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;

import java.util.SplittableRandom;
import org.convmatrix.lower.KernelToMatrix;
import org.convmatrix.sparse.CscMatrix;
import org.convmatrix.sparse.CscOps;
import org.convmatrix.spec.ConvLayer;
import org.convmatrix.spec.ConvSpec;
import org.convmatrix.spec.Op;
import org.convmatrix.spec.PaddingMode;
import org.convmatrix.spec.Tensor;
import org.convmatrix.testing.GeneratedCase;
import org.convmatrix.testing.Layers;
import org.convmatrix.testing.Layers.Kind;
import org.convmatrix.testing.Layers.Values;
import org.junit.jupiter.api.Test;

/**
 * The direct backward passes against the lowered matrix: for a conv, {@code ∂L/∂x = Wᵀ·g}; for a conv_transpose,
 * {@code ∂L/∂x = W·g}. Integer data make every sum exact, so the comparison is {@code ==}.
 */
class ConvolutionBackwardTest {
    private static final long SEED = 0xBAC4L;

    @Test
    void convBackwardEqualsTransposeOfWTimesG() {
        qt().withFixedSeed(SEED).withExamples(1500).forAll(Layers.cases(Kind.CONV_ANY_PADDING_MODE, Values.INTEGERS))
                .checkAssert(c -> {
                    CscMatrix w = KernelToMatrix.lower(c.layer(), c.inputSpatial(), 1).matrix();
                    double[] g = integers(w.rows(), c.hashCode());
                    Tensor grad = Tensor.of(shapeOf(c, w.rows(), true), g);
                    Tensor back = ConvolutionBackward.ofConv(c.layer(), oneSample(c), grad);
                    assertArrayEquals(CscOps.multiplyTranspose(w, g), back.data(), 0.0, c::toString);
                });
    }

    @Test
    void transposeBackwardEqualsWTimesG() {
        qt().withFixedSeed(SEED + 1).withExamples(1500).forAll(Layers.cases(Kind.CONV_TRANSPOSE, Values.INTEGERS))
                .checkAssert(c -> {
                    CscMatrix w = KernelToMatrix.lower(c.layer(), c.inputSpatial(), 1).matrix();
                    double[] g = integers(w.cols(), c.hashCode());
                    Tensor grad = Tensor.of(shapeOf(c, w.cols(), false), g);
                    Tensor back = ConvolutionBackward.ofTranspose(c.layer(), oneSample(c), grad);
                    assertArrayEquals(CscOps.multiply(w, g), back.data(), 0.0, c::toString);
                });
    }

    /** A named example: replicate padding sends the border taps back onto the border element (PyTorch's numbers). */
    @Test
    void replicatePaddingAccumulatesOntoTheBorder() {
        ConvSpec spec = ConvSpec.builder(Op.CONV, 1, 1, 3).padding(2).paddingMode(PaddingMode.REPLICATE).build();
        ConvLayer layer = ConvLayer.of(spec, new double[] {1, 10, 100}, null);
        // torch: conv1d(replicate-pad(x, 2), w=[1,10,100]) on x of length 2 -> output length 4; grad of sum(out * g)
        Tensor g = Tensor.of(new int[] {1, 1, 4}, new double[] {1, 2, 3, 4});
        Tensor back = ConvolutionBackward.ofConv(layer, new int[] {1, 1, 2}, g);
        // x = [a, b], padded [a, a, a, b, b, b]; out_o = w0*p[o] + w1*p[o+1] + w2*p[o+2]
        // d/da: o=0: 1+10+100; o=1: 1+10; o=2: 1; so 111*1 + 11*2 + 1*3 = 136
        // d/db: o=1: 100; o=2: 10+100; o=3: 1+10+100 -> 100*2 + 110*3 + 111*4 = 974
        assertArrayEquals(new double[] {136, 974}, back.data(), 0.0);
        assertEquals(2, back.size());
    }

    private static int[] oneSample(GeneratedCase c) {
        int[] s = c.input().shape();
        s[0] = 1;
        return s;
    }

    private static int[] shapeOf(GeneratedCase c, int size, boolean convOutput) {
        int[] out = c.layer().outputShape(oneSample(c));
        assertEquals(size, count(out));
        return out;
    }

    private static int count(int[] shape) {
        int n = 1;
        for (int e : shape) {
            n *= e;
        }
        return n;
    }

    private static double[] integers(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextInt(-3, 4);
        }
        return v;
    }
}
