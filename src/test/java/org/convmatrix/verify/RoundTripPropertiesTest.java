package org.convmatrix.verify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import java.util.Arrays;
import org.convmatrix.lower.KernelToMatrix;
import org.convmatrix.reference.DirectConvolution;
import org.convmatrix.reference.ScatterTransposedConvolution;
import org.convmatrix.sparse.CscMatrix;
import org.convmatrix.sparse.CscOps;
import org.convmatrix.spec.AxisArithmetic;
import org.convmatrix.spec.ConvLayer;
import org.convmatrix.spec.ConvSpec;
import org.convmatrix.spec.Op;
import org.convmatrix.spec.Padding;
import org.convmatrix.spec.Tensor;
import org.convmatrix.testing.Dense;
import org.convmatrix.testing.GeneratedCase;
import org.convmatrix.testing.Layers;
import org.convmatrix.testing.Layers.Kind;
import org.convmatrix.testing.Layers.Values;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * Round trips. Shapes: {@code convT(conv(x))} has the shape of {@code x} with output_padding
 * {@code (n + 2p - d(k-1) - 1) mod s}; {@code conv(convT(y))} has the shape of {@code y} exactly when
 * output_padding is below the stride on every axis. Values: {@code WᵀW ≠ I} whenever the output is
 * smaller than the input; {@code WWᵀ = I} exactly in the characterised cases.
 */
class RoundTripPropertiesTest {
    private static final long SEED = 0x7219L;

    /** The generated conv with symmetric zero padding {@code max(before, after)} per axis. */
    private static ConvLayer symmetric(ConvLayer layer) {
        ConvSpec s = layer.spec();
        int[] pad = new int[s.dims()];
        for (int a = 0; a < s.dims(); a++) {
            pad[a] = Math.max(s.padBefore(a), s.padAfter(a));
        }
        return ConvLayer.of(s.toBuilder().padding(Padding.symmetric(pad)).build(), layer.weight(), null);
    }

    @Test
    void convTransposeOfConvRestoresShape() {
        qt().withFixedSeed(SEED).withExamples(2000).forAll(Layers.cases(Kind.CONV_ZEROS, Values.INTEGERS))
                .checkAssert(c -> {
                    ConvLayer conv = symmetric(c.layer());
                    ConvSpec s = conv.spec();
                    int[] n = c.inputSpatial();
                    int[] op = new int[s.dims()];
                    int[] pad = new int[s.dims()];
                    for (int a = 0; a < s.dims(); a++) {
                        pad[a] = s.padBefore(a);
                        op[a] = AxisArithmetic.roundTripOutputPadding(n[a], s.kernelSize(a), s.stride(a), s.dilation(a),
                                pad[a]);
                    }
                    ConvSpec t = ConvSpec.builder(Op.CONV_TRANSPOSE, s.outChannels(), s.inChannels(), s.kernelSize())
                            .groups(s.groups()).stride(s.stride()).dilation(s.dilation()).padding(pad).outputPadding(op)
                            .build();
                    Tensor back = ScatterTransposedConvolution.apply(ConvLayer.of(t, conv.weight(), null),
                            DirectConvolution.apply(conv, c.input()));
                    assertArrayEquals(c.input().shape(), back.shape(), c::toString);
                });
    }

    @Test
    void convOfConvTransposeRestoresShapeExactlyWhenOutputPaddingBelowStride() {
        qt().withFixedSeed(SEED).withExamples(2000).forAll(Layers.cases(Kind.CONV_TRANSPOSE, Values.INTEGERS))
                .checkAssert(c -> {
                    ConvSpec t = c.layer().spec();
                    int[] pad = new int[t.dims()];
                    boolean below = true;
                    for (int a = 0; a < t.dims(); a++) {
                        pad[a] = t.padBefore(a);
                        below &= t.outputPadding(a) < t.stride(a);
                    }
                    ConvSpec conv = ConvSpec.builder(Op.CONV, t.outChannels(), t.inChannels(), t.kernelSize())
                            .groups(t.groups()).stride(t.stride()).dilation(t.dilation()).padding(pad).build();
                    Tensor back = DirectConvolution.apply(ConvLayer.of(conv, c.layer().weight(), null),
                            ScatterTransposedConvolution.apply(c.layer(), c.input()));
                    assertEquals(below, Arrays.equals(c.input().shape(), back.shape()), c::toString);
                });
    }

    /** rank(WᵀW) <= rank(W) <= rows < cols, so WᵀW cannot be the cols x cols identity. */
    @Test
    void transposeTimesWIsNotIdentityWhenOutputSmaller() {
        qt().withFixedSeed(SEED).withExamples(1000).forAll(Layers.cases(Kind.CONV_ANY_PADDING_MODE, Values.INTEGERS))
                .checkAssert(c -> {
                    CscMatrix w = KernelToMatrix.lower(c.layer(), c.inputSpatial(), 1).matrix();
                    if (w.rows() < w.cols()) {
                        double[][] dense = CscOps.toDense(w);
                        assertFalse(Dense.isIdentity(Dense.multiply(Dense.transpose(dense), dense)), c::toString);
                    }
                });
    }

    /**
     * The characterisation: for a depthwise layer ({@code groups = in = out}) with no padding and integer
     * weights, {@code WWᵀ = I} exactly when every channel's kernel has exactly one non-zero tap and that
     * tap is {@code ±1}. (If: row {@code (c, o)} is the signed unit vector at input
     * {@code (c, o·s + j·d)}, distinct for distinct rows. Only if: row {@code (c, 0)} holds every tap,
     * so {@code Σ w² = 1} over integers.) Stride, dilation and kernel size are arbitrary.
     */
    @Test
    void wTimesTransposeIsIdentityExactlyWhenCharacterized() {
        qt().withFixedSeed(SEED).withExamples(2000).forAll(depthwiseValid()).checkAssert(c -> {
            CscMatrix w = KernelToMatrix.lower(c.layer(), c.inputSpatial(), 1).matrix();
            double[][] dense = CscOps.toDense(w);
            boolean identity = Dense.isIdentity(Dense.multiply(dense, Dense.transpose(dense)));
            assertEquals(oneUnitTapPerChannel(c.layer()), identity, c::toString);
        });
    }

    /** The example the issue names: stride equal to kernel size, one unit tap: WWᵀ = I, and WᵀW ≠ I. */
    @Test
    void strideEqualToKernelWithOneUnitTapGivesOrthonormalRows() {
        ConvSpec spec = ConvSpec.builder(Op.CONV, 1, 1, 3).stride(3).build();
        ConvLayer layer = ConvLayer.of(spec, new double[] {0, -1, 0}, null);
        double[][] w = CscOps.toDense(KernelToMatrix.lower(layer, new int[] {9}, 1).matrix());
        assertTrue(Dense.isIdentity(Dense.multiply(w, Dense.transpose(w))));
        assertFalse(Dense.isIdentity(Dense.multiply(Dense.transpose(w), w)));
    }

    private static boolean oneUnitTapPerChannel(ConvLayer layer) {
        int taps = layer.spec().kernelVolume();
        double[] w = layer.weight().data();
        for (int c = 0; c < layer.spec().outChannels(); c++) {
            int nonzero = 0;
            boolean unit = true;
            for (int j = 0; j < taps; j++) {
                double v = w[c * taps + j];
                if (v != 0) {
                    nonzero++;
                    unit &= Math.abs(v) == 1;
                }
            }
            if (nonzero != 1 || !unit) {
                return false;
            }
        }
        return true;
    }

    /** Depthwise layers, padding 0, weights that half the time have exactly one ±1 tap per channel. */
    private static Gen<GeneratedCase> depthwiseValid() {
        return in -> {
            int d = 1 + Layers.pick(in, 2);
            int channels = 1 + Layers.pick(in, 3);
            int[] k = new int[d];
            int[] s = new int[d];
            int[] dil = new int[d];
            int[] n = new int[channels == 0 ? 0 : d + 2];
            n[0] = 1;
            n[1] = channels;
            for (int a = 0; a < d; a++) {
                k[a] = 1 + Layers.pick(in, 3);
                s[a] = 1 + Layers.pick(in, 3);
                dil[a] = 1 + Layers.pick(in, 2);
                n[a + 2] = dil[a] * (k[a] - 1) + 1 + Layers.pick(in, 5);
            }
            ConvSpec spec = ConvSpec.builder(Op.CONV, channels, channels, k).groups(channels).stride(s).dilation(dil)
                    .build();
            int taps = spec.kernelVolume();
            double[] w = new double[channels * taps];
            boolean unitTaps = Layers.pick(in, 2) == 0;
            for (int c = 0; c < channels; c++) {
                if (unitTaps) {
                    w[c * taps + Layers.pick(in, taps)] = Layers.pick(in, 2) == 0 ? 1 : -1;
                } else {
                    for (int j = 0; j < taps; j++) {
                        w[c * taps + j] = Layers.pick(in, 5) - 2;
                    }
                }
            }
            int size = channels;
            for (int a = 0; a < d; a++) {
                size *= n[a + 2];
            }
            return new GeneratedCase(ConvLayer.of(spec, w, null), Tensor.of(n, new double[size]));
        };
    }
}
