package org.convmatrix.reference;

import java.util.Arrays;
import org.convmatrix.spec.ConvLayer;
import org.convmatrix.spec.ConvSpec;
import org.convmatrix.spec.Op;
import org.convmatrix.spec.Tensor;
import org.convmatrix.testing.Layers;
import org.quicktheories.core.Gen;

/**
 * Generates a bias-free convolution with symmetric zero padding, the transposed layer with the same
 * weight tensor that maps back onto the convolution's input shape, and integer inputs for both.
 *
 * <p>Per axis: kernel {@code k}, stride {@code s}, dilation {@code δ}, padding {@code p}, input length
 * {@code n >= max(1, δ(k-1) + 1 - 2p)}; the convolution's output length is
 * {@code m = floor((n + 2p - δ(k-1) - 1)/s) + 1}, and output_padding {@code q = (n + 2p - δ(k-1) - 1) mod s}
 * makes the transposed length {@code (m-1)s + δ(k-1) + 1 + q - 2p} equal {@code n}.
 */
final class AdjointCases {
    private AdjointCases() {
    }

    /**
     * @param conv       a conv layer, zeros padding, symmetric, no bias
     * @param transposed the conv_transpose layer with the same weight tensor
     * @param x          an input of the conv, {@code [N, in, *n]}
     * @param y          an input of the transposed layer, {@code [N, out, *m]}
     */
    record Case(ConvLayer conv, ConvLayer transposed, Tensor x, Tensor y) {
        @Override
        public String toString() {
            return conv.spec() + " / " + transposed.spec() + " on x " + Arrays.toString(x.shape()) + ", y "
                    + Arrays.toString(y.shape());
        }
    }

    static Gen<Case> cases() {
        return in -> {
            int d = 1 + Layers.pick(in, 3);
            int groups = 1 + Layers.pick(in, 3);
            int cin = groups * (1 + Layers.pick(in, 2));
            int cout = groups * (1 + Layers.pick(in, 2));
            int maxLen = d == 3 ? 5 : d == 2 ? 7 : 11;
            int[] k = new int[d];
            int[] s = new int[d];
            int[] dil = new int[d];
            int[] p = new int[d];
            int[] q = new int[d];
            int[] n = new int[d];
            int[] m = new int[d];
            for (int a = 0; a < d; a++) {
                k[a] = 1 + Layers.pick(in, d == 3 ? 2 : 3);
                s[a] = 1 + Layers.pick(in, 3);
                dil[a] = 1 + Layers.pick(in, 2);
                p[a] = Layers.pick(in, 3);
                int span = dil[a] * (k[a] - 1);
                int minN = Math.max(1, span + 1 - 2 * p[a]);
                n[a] = minN + Layers.pick(in, Math.max(1, maxLen - minN + 1));
                int last = n[a] + 2 * p[a] - span - 1;
                m[a] = last / s[a] + 1;
                q[a] = last % s[a];
            }
            ConvSpec convSpec = ConvSpec.builder(Op.CONV, cin, cout, k).groups(groups).stride(s).dilation(dil)
                    .padding(p).build();
            ConvSpec transposedSpec = ConvSpec.builder(Op.CONV_TRANSPOSE, cout, cin, k).groups(groups).stride(s)
                    .dilation(dil).padding(p).outputPadding(q).build();
            double[] w = Layers.numbers(in, Layers.Values.INTEGERS, convSpec.kernelVolume() * cout * (cin / groups));
            int batch = 1 + Layers.pick(in, 2);
            int[] xShape = shape(batch, cin, n);
            int[] yShape = shape(batch, cout, m);
            return new Case(ConvLayer.of(convSpec, w, null), ConvLayer.of(transposedSpec, w, null),
                    Tensor.of(xShape, Layers.numbers(in, Layers.Values.INTEGERS, volume(xShape))),
                    Tensor.of(yShape, Layers.numbers(in, Layers.Values.INTEGERS, volume(yShape))));
        };
    }

    private static int[] shape(int batch, int channels, int[] spatial) {
        int[] shape = new int[spatial.length + 2];
        shape[0] = batch;
        shape[1] = channels;
        System.arraycopy(spatial, 0, shape, 2, spatial.length);
        return shape;
    }

    private static int volume(int[] shape) {
        int v = 1;
        for (int e : shape) {
            v *= e;
        }
        return v;
    }
}
