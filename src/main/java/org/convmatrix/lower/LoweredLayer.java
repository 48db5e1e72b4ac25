package org.convmatrix.lower;

import java.util.Arrays;
import org.convmatrix.operator.CscOperator;
import org.convmatrix.operator.LinearOperator;
import org.convmatrix.sparse.CscMatrix;
import org.convmatrix.sparse.CscOps;
import org.convmatrix.spec.InvalidSpecException;
import org.convmatrix.spec.Tensor;

/**
 * Any layer lowered for one input batch shape: the matrix {@code A} and bias {@code b} with
 * {@code output = A·input + b}, PyTorch's input gradient being {@code Aᵀ·grad_output}.
 *
 * <p><b>Indexing.</b> Unless {@link #wholeBatch()}, {@code A} maps one sample: its columns are the input's
 * {@code (channel, position)} flattened row-major ({@code c·Π(spatial) + rowMajor(position)}), its rows the
 * output's, and the batch is {@code I_N ⊗ A}. A whole-batch {@code A} ({@code max_unpool}, whose indices
 * differ per sample, and chains containing one) indexes {@code (n, channel, position)} flattened row-major.
 * {@code A} may be held as the transpose of a stored matrix ({@link #stored()}): a conv_transpose is held as
 * the {@code W} of the convolution it is the adjoint of, and its {@code A = Wᵀ} is never formed for products.
 *
 * <p>Immutable and thread-safe.
 */
public final class LoweredLayer {
    private final CscMatrix stored;
    private final boolean transposed;
    private final double[] bias;
    private final boolean wholeBatch;
    private final int[] inputShape;
    private final int[] outputShape;
    private final CscMatrix backward;

    private LoweredLayer(CscMatrix stored, boolean transposed, double[] bias, boolean wholeBatch, int[] inputShape,
            int[] outputShape) {
        this(stored, transposed, bias, wholeBatch, inputShape, outputShape, null);
    }

    private LoweredLayer(CscMatrix stored, boolean transposed, double[] bias, boolean wholeBatch, int[] inputShape,
            int[] outputShape, CscMatrix backward) {
        this.backward = backward;
        this.stored = stored;
        this.transposed = transposed;
        this.bias = bias;
        this.wholeBatch = wholeBatch;
        this.inputShape = inputShape.clone();
        this.outputShape = outputShape.clone();
        long in = wholeBatch ? count(inputShape, 0) : count(inputShape, 1);
        long out = wholeBatch ? count(outputShape, 0) : count(outputShape, 1);
        if (rowsOf() != out || colsOf() != in) {
            throw new IllegalArgumentException("A must be " + out + "x" + in + " for input " + Arrays.toString(inputShape)
                    + " and output " + Arrays.toString(outputShape) + " but was " + rowsOf() + "x" + colsOf());
        }
        if (bias != null && bias.length != out) {
            throw new IllegalArgumentException("bias must have " + out + " entries but had " + bias.length);
        }
    }

    /**
     * @param a           {@code A} of one sample
     * @param bias        {@code b} of one sample (length {@code rows}), or {@code null} for none
     * @param inputShape  the input batch shape {@code [N, C, *spatial]}
     * @param outputShape the output batch shape
     */
    public static LoweredLayer of(CscMatrix a, double[] bias, int[] inputShape, int[] outputShape) {
        return new LoweredLayer(a, false, bias, false, inputShape, outputShape);
    }

    /** Like {@link #of} with {@code A = wᵀ}, held as {@code w} (a conv_transpose). */
    public static LoweredLayer ofTransposed(CscMatrix w, double[] bias, int[] inputShape, int[] outputShape) {
        return new LoweredLayer(w, true, bias, false, inputShape, outputShape);
    }

    /** {@code A} of the whole batch: rows and columns index {@code (n, channel, position)}. */
    public static LoweredLayer ofWholeBatch(CscMatrix a, double[] bias, int[] inputShape, int[] outputShape) {
        return new LoweredLayer(a, false, bias, true, inputShape, outputShape);
    }

    /**
     * The layer with the matrix {@code B} whose transpose PyTorch's backward applies, where that is not {@code A}
     * (PyTorch 1.13's nearest upsampling, whose backward kernel takes another index geometry than some forwards):
     * {@link #applyAdjoint} then computes {@code Bᵀ·g}, what PyTorch's autograd returns; {@link #operator()} stays
     * {@code A}, and {@link #backwardDiffers()} says so.
     *
     * @param b {@code B}, of {@code A}'s shape and held the same way (not transposed)
     */
    public LoweredLayer withBackward(CscMatrix b) {
        if (transposed || b.rows() != stored.rows() || b.cols() != stored.cols()) {
            throw new IllegalArgumentException("B must be " + stored.rows() + "x" + stored.cols() + " like A");
        }
        return new LoweredLayer(stored, false, bias, wholeBatch, inputShape, outputShape, b);
    }

    /** @return whether PyTorch's backward is the transpose of a matrix other than {@code A} */
    public boolean backwardDiffers() {
        return backward != null;
    }

    /** @return {@code B}, the matrix whose transpose PyTorch's backward applies ({@code A} unless it differs) */
    public CscMatrix backwardMatrix() {
        return backward != null ? backward : matrix();
    }

    /** @return whether {@code A} indexes the whole batch rather than one sample */
    public boolean wholeBatch() {
        return wholeBatch;
    }

    /** @return the matrix held: {@code A}, or {@code W} with {@code A = Wᵀ} when {@link #transposed()} */
    public CscMatrix stored() {
        return stored;
    }

    /** @return whether {@code A} is the transpose of {@link #stored()} */
    public boolean transposed() {
        return transposed;
    }

    /** @return {@code A}, formed (a transpose is built when {@link #transposed()}) */
    public CscMatrix matrix() {
        return transposed ? CscOps.transpose(stored) : stored;
    }

    /** @return {@code A} as a linear operator, without forming a transpose */
    public LinearOperator operator() {
        CscOperator op = CscOperator.of(stored);
        return transposed ? op.adjoint() : op;
    }

    /** @return whether the layer has a bias */
    public boolean hasBias() {
        return bias != null;
    }

    /** @return {@code b} (zeros without a bias), of length {@code rows(A)} */
    public double[] biasVector() {
        return bias == null ? new double[rowsOf()] : bias.clone();
    }

    /** @return the input batch shape this layer was lowered for */
    public int[] inputShape() {
        return inputShape.clone();
    }

    /** @return the output batch shape */
    public int[] outputShape() {
        return outputShape.clone();
    }

    /** @return {@code [A | b]}, so that {@code [A | b]·[x; 1] = layer(x)} */
    public CscMatrix augmented() {
        return CscOps.appendColumn(matrix(), biasVector());
    }

    /** Applies the layer to its input batch through the matrix: {@code A·x_n + b} per sample (or once). */
    public Tensor apply(Tensor input) {
        requireShape("input", input, inputShape);
        double[] y = products(operator(), input.data(), colsOf(), rowsOf(), bias, blocks());
        return Tensor.ofOwned("output", outputShape.clone(), y);
    }

    /**
     * Applies the backward to a gradient of the output's shape: {@code Aᵀ·g_n} per sample (or once); {@code Bᵀ·g_n}
     * where PyTorch's backward is the transpose of another matrix ({@link #withBackward}).
     */
    public Tensor applyAdjoint(Tensor gradOutput) {
        requireShape("grad_output", gradOutput, outputShape);
        LinearOperator back = backward != null ? CscOperator.of(backward).adjoint() : operator().adjoint();
        double[] x = products(back, gradOutput.data(), rowsOf(), colsOf(), null, blocks());
        return Tensor.ofOwned("grad_input", inputShape.clone(), x);
    }

    private int blocks() {
        return wholeBatch ? 1 : inputShape[0];
    }

    private static double[] products(LinearOperator op, double[] in, int inSize, int outSize, double[] add, int blocks) {
        double[] out = new double[Math.multiplyExact(blocks, outSize)];
        double[] x = new double[inSize];
        double[] y = new double[outSize];
        for (int n = 0; n < blocks; n++) {
            System.arraycopy(in, n * inSize, x, 0, inSize);
            op.apply(x, y);
            for (int i = 0; i < outSize; i++) {
                out[n * outSize + i] = add == null ? y[i] : y[i] + add[i];
            }
        }
        return out;
    }

    private static void requireShape(String field, Tensor t, int[] shape) {
        if (!Arrays.equals(t.shape(), shape)) {
            throw new InvalidSpecException(field, field + ".shape must be " + Arrays.toString(shape)
                    + " (the shape the layer was lowered for) but was " + Arrays.toString(t.shape()));
        }
    }

    private int rowsOf() {
        return transposed ? stored.cols() : stored.rows();
    }

    private int colsOf() {
        return transposed ? stored.rows() : stored.cols();
    }

    private static long count(int[] shape, int from) {
        long n = 1;
        for (int a = from; a < shape.length; a++) {
            n *= shape[a];
        }
        return n;
    }
}
