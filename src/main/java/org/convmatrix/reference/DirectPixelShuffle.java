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
        int r = spec.upscaleFactor();
        return Gather.of("output", spec.outputShape(input.shape()), input,
                p -> new int[] {p[0], p[1] * r * r + (p[2] % r) * r + p[3] % r, p[2] / r, p[3] / r});
    }

    /** @return {@code Aᵀ·g}, the gradient with respect to the input, of shape {@code inputShape} */
    public static Tensor backward(PixelShuffleSpec spec, int[] inputShape, Tensor gradOutput) {
        GradientShape.require("DirectPixelShuffle", spec, inputShape, gradOutput);
        int r = spec.upscaleFactor();
        return Gather.of("grad_input", inputShape, gradOutput,
                p -> new int[] {p[0], p[1] / (r * r), p[2] * r + (p[1] / r) % r, p[3] * r + p[1] % r});
    }
}
