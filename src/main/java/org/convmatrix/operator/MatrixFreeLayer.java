package org.convmatrix.operator;

import org.convmatrix.spec.ConvLayer;
import org.convmatrix.spec.Op;
import org.convmatrix.spec.Tensor;

/**
 * A whole layer applied through {@link MatrixFreeConv}, bias and batch included:
 * {@code W·x_n + b} for conv, {@code Wᵀ·y_n + b} for conv_transpose, and the adjoint of either
 * ({@link #applyAdjoint}), without storing {@code W}.
 */
public final class MatrixFreeLayer {
    private MatrixFreeLayer() {
    }

    /**
     * @param layer the layer
     * @param input {@code [N, in_channels, *spatial]}
     * @return {@code [N, out_channels, *spatial_out]}
     */
    public static Tensor apply(ConvLayer layer, Tensor input) {
        int[] inShape = input.shape();
        int[] outShape = layer.outputShape(inShape);
        MatrixFreeConv op = MatrixFreeConv.of(layer, layer.inputSpatial(inShape));
        LinearOperator a = layer.spec().op() == Op.CONV ? op : op.adjoint();
        int perChannel = a.rows() / layer.spec().outChannels();
        double[] out = perSample(a, input.data(), inShape[0]);
        for (int i = 0; i < out.length; i++) {
            out[i] += layer.bias((i % a.rows()) / perChannel);
        }
        return Tensor.ofOwned("output", outShape, out);
    }

    /**
     * The layer's input gradient {@code Aᵀ·g_n} per sample ({@code A = W} for conv, {@code Wᵀ} for conv_transpose).
     *
     * @param inputShape the layer's input batch shape
     * @param gradOutput a tensor of the output's shape
     * @return {@code Aᵀ·g}, of {@code inputShape}
     */
    public static Tensor applyAdjoint(ConvLayer layer, int[] inputShape, Tensor gradOutput) {
        int[] outShape = layer.outputShape(inputShape);
        if (!java.util.Arrays.equals(outShape, gradOutput.shape())) {
            throw new IllegalArgumentException("grad_output.shape must be " + java.util.Arrays.toString(outShape)
                    + " but was " + java.util.Arrays.toString(gradOutput.shape()));
        }
        MatrixFreeConv op = MatrixFreeConv.of(layer, layer.inputSpatial(inputShape));
        LinearOperator at = layer.spec().op() == Op.CONV ? op.adjoint() : op;
        return Tensor.ofOwned("grad_input", inputShape.clone(), perSample(at, gradOutput.data(), inputShape[0]));
    }

    private static double[] perSample(LinearOperator a, double[] in, int batch) {
        double[] out = new double[Math.multiplyExact(batch, a.rows())];
        double[] x = new double[a.cols()];
        double[] y = new double[a.rows()];
        for (int n = 0; n < batch; n++) {
            System.arraycopy(in, n * a.cols(), x, 0, a.cols());
            a.apply(x, y);
            System.arraycopy(y, 0, out, n * a.rows(), a.rows());
        }
        return out;
    }
}
