package org.convmatrix.reference;

import org.convmatrix.spec.PixelUnshuffleSpec;
import org.convmatrix.spec.Tensor;

/**
 * Pixel unshuffle from its definition, {@code out[n, c·r² + i·r + j, h, w] = in[n, c, h·r + i, w·r + j]}: the
 * forward gathers each output element from the input; the backward gathers each input gradient from the
 * output gradient, {@code g_in[n, c, y, x] = g[n, c·r² + (y mod r)·r + (x mod r), ⌊y/r⌋, ⌊x/r⌋]}.
 */
public final class DirectPixelUnshuffle {
    private DirectPixelUnshuffle() {
    }

    /** @return the unshuffled batch {@code [N, C·r², H, W]} */
    public static Tensor forward(PixelUnshuffleSpec spec, Tensor input) {
        int[] in = input.shape();
        int[] out = spec.outputShape(in);
        int r = spec.downscaleFactor();
        double[] y = new double[RowMajor.volume(out)];
        int[] pos = new int[4];
        int[] inStrides = RowMajor.strides(in);
        int k = 0;
        if (y.length > 0) {
            do {
                int oc = pos[1];
                int[] src = {pos[0], oc / (r * r), pos[2] * r + (oc / r) % r, pos[3] * r + oc % r};
                y[k++] = input.get(RowMajor.offset(src, inStrides));
            } while (RowMajor.advance(pos, out));
        }
        return Tensor.ofOwned("output", out, y);
    }

    /** @return {@code Aᵀ·g}, the gradient with respect to the input, of shape {@code inputShape} */
    public static Tensor backward(PixelUnshuffleSpec spec, int[] inputShape, Tensor gradOutput) {
        int[] out = GradientShape.require("DirectPixelUnshuffle", spec, inputShape, gradOutput);
        int r = spec.downscaleFactor();
        int[] in = inputShape.clone();
        double[] g = new double[RowMajor.volume(in)];
        int[] pos = new int[4];
        int[] outStrides = RowMajor.strides(out);
        int k = 0;
        if (g.length > 0) {
            do {
                int y = pos[2];
                int x = pos[3];
                int[] dst = {pos[0], pos[1] * r * r + (y % r) * r + x % r, y / r, x / r};
                g[k++] = gradOutput.get(RowMajor.offset(dst, outStrides));
            } while (RowMajor.advance(pos, in));
        }
        return Tensor.ofOwned("grad_input", in, g);
    }
}
