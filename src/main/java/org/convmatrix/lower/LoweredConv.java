package org.convmatrix.lower;

import java.util.Arrays;
import org.convmatrix.index.ConvGeometry;
import org.convmatrix.sparse.CscMatrix;
import org.convmatrix.sparse.CscOps;
import org.convmatrix.spec.ConvLayer;
import org.convmatrix.spec.InvalidSpecException;
import org.convmatrix.spec.Op;
import org.convmatrix.spec.Tensor;

/**
 * A layer lowered for one spatial input shape: the matrix {@code W} of its convolution, and the layer
 * as an affine map of one sample, {@code layer(x) = A·x + b} with {@code A = W} for conv and
 * {@code A = Wᵀ} for conv_transpose.
 *
 * <p><b>Indexing.</b> Row {@code r} of {@code W} is {@code (channel, position) = (r / Π m, rowMajor⁻¹(r mod Π m))}
 * of the convolution's output, column {@code c} likewise of its input; for conv_transpose the roles
 * swap (rows: the transposed layer's input, columns: its output). {@link #rowShape()} and
 * {@link #colShape()} give {@code [channels, *spatial]} of both.
 *
 * <p>Immutable and thread-safe.
 */
public final class LoweredConv {
    private final ConvLayer layer;
    private final int[] inputSpatial;
    private final int[] outputSpatial;
    private final CscMatrix w;

    LoweredConv(ConvLayer layer, int[] inputSpatial, CscMatrix w) {
        this.layer = layer;
        this.inputSpatial = inputSpatial.clone();
        this.outputSpatial = layer.spec().outputSpatial(inputSpatial);
        this.w = w;
    }

    public ConvLayer layer() {
        return layer;
    }

    /** @return {@code W}, the matrix of the convolution (for conv_transpose: of the one it is the adjoint of) */
    public CscMatrix matrix() {
        return w;
    }

    /** @return {@code A}: {@code W} for conv, {@code Wᵀ} (formed) for conv_transpose */
    public CscMatrix layerMatrix() {
        return layer.spec().op() == Op.CONV ? w : CscOps.transpose(w);
    }

    /** @return the layer's spatial input shape */
    public int[] inputSpatial() {
        return inputSpatial.clone();
    }

    /** @return the layer's spatial output shape */
    public int[] outputSpatial() {
        return outputSpatial.clone();
    }

    /** @return {@code [channels, *spatial]} indexed by the rows of {@code W} */
    public int[] rowShape() {
        return ConvGeometry.of(layer.spec(), inputSpatial).rowShape();
    }

    /** @return {@code [channels, *spatial]} indexed by the columns of {@code W} */
    public int[] colShape() {
        return ConvGeometry.of(layer.spec(), inputSpatial).colShape();
    }

    /** @return {@code b}: the bias of output channel {@code c} at each of its positions (zeros without bias) */
    public double[] biasVector() {
        int perChannel = 1;
        for (int m : outputSpatial) {
            perChannel *= m;
        }
        int channels = layer.spec().outChannels();
        double[] b = new double[channels * perChannel];
        for (int c = 0; c < channels; c++) {
            Arrays.fill(b, c * perChannel, (c + 1) * perChannel, layer.bias(c));
        }
        return b;
    }

    /** @return {@code [A | b]}, so that {@code [A | b]·[x; 1] = layer(x)} */
    public CscMatrix augmented() {
        return CscOps.appendColumn(layerMatrix(), biasVector());
    }

    /**
     * Applies the layer to a batch through the matrix: {@code W·x_n + b} (conv) or {@code Wᵀ·x_n + b}
     * (conv_transpose) for each sample {@code n}, without forming {@code Wᵀ}.
     *
     * @param input {@code [N, in_channels, *spatial]} with the spatial shape this layer was lowered for
     * @return {@code [N, out_channels, *spatial_out]}
     */
    public Tensor apply(Tensor input) {
        int[] inShape = input.shape();
        int[] spatial = layer.inputSpatial(inShape);
        if (!Arrays.equals(spatial, inputSpatial)) {
            throw new InvalidSpecException("input", "input spatial shape " + Arrays.toString(spatial)
                    + " differs from the shape W was lowered for " + Arrays.toString(inputSpatial));
        }
        boolean conv = layer.spec().op() == Op.CONV;
        int inSize = conv ? w.cols() : w.rows();
        int outSize = conv ? w.rows() : w.cols();
        int batch = inShape[0];
        double[] b = biasVector();
        double[] in = input.data();
        double[] out = new double[Math.multiplyExact(batch, outSize)];
        double[] x = new double[inSize];
        double[] y = new double[outSize];
        for (int n = 0; n < batch; n++) {
            System.arraycopy(in, n * inSize, x, 0, inSize);
            if (conv) {
                CscOps.multiply(w, x, y);
            } else {
                CscOps.multiplyTranspose(w, x, y);
            }
            for (int i = 0; i < outSize; i++) {
                out[n * outSize + i] = y[i] + b[i];
            }
        }
        return Tensor.ofOwned("output", layer.outputShape(inShape), out);
    }
}
