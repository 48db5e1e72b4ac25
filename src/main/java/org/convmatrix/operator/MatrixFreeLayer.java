package org.convmatrix.operator;

import org.convmatrix.spec.ConvLayer;
import org.convmatrix.spec.Op;
import org.convmatrix.spec.Tensor;

/**
 * A whole layer applied through {@link MatrixFreeConv}, bias and batch included:
 * {@code W·x_n + b} for conv, {@code Wᵀ·y_n + b} for conv_transpose, without storing {@code W}.
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
        int[] spatial = layer.inputSpatial(inShape);
        int[] outShape = layer.outputShape(inShape);
        MatrixFreeConv op = MatrixFreeConv.of(layer, spatial);
        boolean conv = layer.spec().op() == Op.CONV;
        int inSize = conv ? op.cols() : op.rows();
        int outSize = conv ? op.rows() : op.cols();
        int perChannel = outSize / layer.spec().outChannels();
        double[] in = input.data();
        double[] out = new double[Math.multiplyExact(inShape[0], outSize)];
        double[] x = new double[inSize];
        double[] y = new double[outSize];
        for (int n = 0; n < inShape[0]; n++) {
            System.arraycopy(in, n * inSize, x, 0, inSize);
            if (conv) {
                op.apply(x, y);
            } else {
                op.applyAdjoint(x, y);
            }
            for (int i = 0; i < outSize; i++) {
                out[n * outSize + i] = y[i] + layer.bias(i / perChannel);
            }
        }
        return Tensor.ofOwned("output", outShape, out);
    }
}
