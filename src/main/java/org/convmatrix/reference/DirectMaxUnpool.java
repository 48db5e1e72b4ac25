package org.convmatrix.reference;

import org.convmatrix.spec.MaxUnpoolSpec;
import org.convmatrix.spec.Tensor;

/**
 * Max unpooling from its definition: the forward scatters, {@code out[n, c, indices[n, c, i]] = in[n, c, i]}
 * into zeros; the backward gathers at the indices, {@code g_in[n, c, i] = g[n, c, indices[n, c, i]]}, as
 * PyTorch's autograd does.
 */
public final class DirectMaxUnpool {
    private DirectMaxUnpool() {
    }

    /** @return the unpooled batch {@code [N, C, *output_size]} */
    public static Tensor forward(MaxUnpoolSpec spec, Tensor input) {
        int[] in = input.shape();
        int[] out = spec.outputShape(in);
        int planes = in[0] * in[1];
        int inPlane = planePart(in);
        int outPlane = planePart(out);
        double[] y = new double[RowMajor.volume(out)];
        for (int q = 0; q < planes; q++) {
            for (int i = 0; i < inPlane; i++) {
                y[q * outPlane + spec.index(q * inPlane + i)] = input.get(q * inPlane + i);
            }
        }
        return Tensor.ofOwned("output", out, y);
    }

    /** @return {@code Aᵀ·g}, the gradient with respect to the input, of shape {@code inputShape} */
    public static Tensor backward(MaxUnpoolSpec spec, int[] inputShape, Tensor gradOutput) {
        int[] out = GradientShape.require("DirectMaxUnpool", spec, inputShape, gradOutput);
        int planes = inputShape[0] * inputShape[1];
        int inPlane = planePart(inputShape);
        int outPlane = planePart(out);
        double[] g = new double[RowMajor.volume(inputShape)];
        for (int q = 0; q < planes; q++) {
            for (int i = 0; i < inPlane; i++) {
                g[q * inPlane + i] = gradOutput.get(q * outPlane + spec.index(q * inPlane + i));
            }
        }
        return Tensor.ofOwned("grad_input", inputShape.clone(), g);
    }

    private static int planePart(int[] shape) {
        int v = 1;
        for (int a = 2; a < shape.length; a++) {
            v = Math.multiplyExact(v, shape[a]);
        }
        return v;
    }
}
