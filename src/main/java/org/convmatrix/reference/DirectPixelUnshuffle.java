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
        int r = spec.downscaleFactor();
        return Gather.of("output", spec.outputShape(input.shape()), input,
                p -> new int[] {p[0], p[1] / (r * r), p[2] * r + (p[1] / r) % r, p[3] * r + p[1] % r});
    }

    /** @return {@code Aᵀ·g}, the gradient with respect to the input, of shape {@code inputShape} */
    public static Tensor backward(PixelUnshuffleSpec spec, int[] inputShape, Tensor gradOutput) {
        GradientShape.require("DirectPixelUnshuffle", spec, inputShape, gradOutput);
        int r = spec.downscaleFactor();
        return Gather.of("grad_input", inputShape, gradOutput,
                p -> new int[] {p[0], p[1] * r * r + (p[2] % r) * r + p[3] % r, p[2] / r, p[3] / r});
    }
}
