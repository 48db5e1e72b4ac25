package org.convmatrix.reference;

import static org.quicktheories.QuickTheory.qt;

import org.convmatrix.spec.ConvLayer;
import org.convmatrix.spec.ConvSpec;
import org.convmatrix.spec.Padding;
import org.convmatrix.spec.Tensor;
import org.convmatrix.testing.Layers;
import org.junit.jupiter.api.Test;

/** Properties of {@link DirectConvolution} that follow from the definitions, for every padding mode. */
class DirectConvolutionTest {

    /**
     * Mirror symmetry: every padding mode is defined symmetrically at both ends, so mirroring every
     * spatial axis of the input and of the kernel and swapping padding before/after mirrors the output:
     * {@code conv'(flip x) = flip conv(x)}. With stride {@code s} this holds when the last window ends
     * exactly at the end of the padded axis, {@code (P - δ(k-1) - 1) mod s = 0}; on other axes the
     * property is checked with stride 1. Exact on integer data.
     */
    @Test
    void mirroringInputAndKernelMirrorsTheOutput() {
        qt().withFixedSeed(0xD1C0L).withExamples(3000).forAll(Layers.cases(Layers.Kind.CONV_ANY_PADDING_MODE, Layers.Values.INTEGERS))
                .checkAssert(c -> {
                    ConvSpec spec = c.layer().spec();
                    int d = spec.dims();
                    int[] n = c.inputSpatial();
                    int[] stride = new int[d];
                    int[] before = new int[d];
                    int[] after = new int[d];
                    for (int a = 0; a < d; a++) {
                        before[a] = spec.padBefore(a);
                        after[a] = spec.padAfter(a);
                        int slack = n[a] + before[a] + after[a] - spec.dilation(a) * (spec.kernelSize(a) - 1) - 1;
                        stride[a] = slack % spec.stride(a) == 0 ? spec.stride(a) : 1;
                    }
                    ConvSpec base = spec.toBuilder().stride(stride).padding(Padding.pairs(before, after)).build();
                    ConvSpec mirrored = spec.toBuilder().stride(stride).padding(Padding.pairs(after, before)).build();
                    double[] bias = c.layer().bias();
                    Tensor biasT = bias == null ? null : Tensor.of(new int[] {bias.length}, bias);
                    Tensor y = DirectConvolution.apply(ConvLayer.of(base, c.layer().weight(), biasT), c.input());
                    Tensor yMirrored = DirectConvolution.apply(
                            ConvLayer.of(mirrored, flipSpatial(c.layer().weight()), biasT), flipSpatial(c.input()));
                    Expect.same(flipSpatial(y), yMirrored, c);
                });
    }

    /** @return {@code t} with every axis from 2 on reversed */
    static Tensor flipSpatial(Tensor t) {
        int[] shape = t.shape();
        int r = shape.length;
        double[] out = new double[t.size()];
        int[] pos = new int[r];
        for (int flat = 0; flat < out.length; flat++) {
            int src = 0;
            for (int a = 0; a < r; a++) {
                src = src * shape[a] + (a >= 2 ? shape[a] - 1 - pos[a] : pos[a]);
            }
            out[flat] = t.get(src);
            for (int a = r - 1; a >= 0 && ++pos[a] == shape[a]; a--) {
                pos[a] = 0;
            }
        }
        return Tensor.of(shape, out);
    }
}
