package org.convmatrix.reference;

import org.convmatrix.spec.PixelShuffleSpec;
import org.convmatrix.spec.Tensor;

/**
 * Pixel shuffle from its definition, {@code out[n, c, h·r + i, w·r + j] = in[n, c·r² + i·r + j, h, w]}: the
 * forward gathers each output element from the input; the backward gathers each input gradient from the
 * output gradient, {@code g_in[n, c·r² + i·r + j, h, w] = g[n, c, h·r + i, w·r + j]} (what PyTorch computes as a
 * pixel unshuffle of the gradient).
 */
public final class DirectPixelShuffle {
    private DirectPixelShuffle() {
    }

    /** @return the shuffled batch {@code [N, C, H·r, W·r]} */
    public static Tensor forward(PixelShuffleSpec spec, Tensor input) {
        int[] in = input.shape();
        int[] out = spec.outputShape(in);
        int r = spec.upscaleFactor();
        double[] y = new double[RowMajor.volume(out)];
        int[] pos = new int[4];
        int[] inStrides = RowMajor.strides(in);
        int k = 0;
        if (y.length > 0) {
            do {
                int n = pos[0];
                int c = pos[1];
                int oh = pos[2];
                int ow = pos[3];
                int[] src = {n, c * r * r + (oh % r) * r + ow % r, oh / r, ow / r};
                y[k++] = input.get(RowMajor.offset(src, inStrides));
            } while (RowMajor.advance(pos, out));
        }
        return Tensor.ofOwned("output", out, y);
    }

    /** @return {@code Aᵀ·g}, the gradient with respect to the input, of shape {@code inputShape} */
    public static Tensor backward(PixelShuffleSpec spec, int[] inputShape, Tensor gradOutput) {
        int[] out = GradientShape.require("DirectPixelShuffle", spec, inputShape, gradOutput);
        int r = spec.upscaleFactor();
        int[] in = inputShape.clone();
        double[] g = new double[RowMajor.volume(in)];
        int[] pos = new int[4];
        int[] outStrides = RowMajor.strides(out);
        int k = 0;
        if (g.length > 0) {
            do {
                int ch = pos[1];
                int[] dst = {pos[0], ch / (r * r), pos[2] * r + (ch / r) % r, pos[3] * r + ch % r};
                g[k++] = gradOutput.get(RowMajor.offset(dst, outStrides));
            } while (RowMajor.advance(pos, in));
        }
        return Tensor.ofOwned("grad_input", in, g);
    }
}
