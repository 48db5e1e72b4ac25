package org.convmatrix.spectral;

import java.util.Arrays;
import org.convmatrix.io.CaseFile;
import org.convmatrix.lower.KernelToMatrix;
import org.convmatrix.lower.LoweredLayer;
import org.convmatrix.operator.CscOperator;
import org.convmatrix.ops.Ops;
import org.convmatrix.sparse.CscOps;
import org.convmatrix.operator.LinearOperator;
import org.convmatrix.operator.MatrixFreeConv;
import org.convmatrix.sparse.CscMatrix;
import org.convmatrix.spec.ConvLayer;
import org.convmatrix.spec.Op;
import org.convmatrix.spec.Tensor;

/**
 * The one place where a layer becomes the operator {@code A} of {@code output = A·x + b} for the spectral
 * and solve code; everything in {@code spectral/} and {@code solve/} sees only {@link LinearOperator} and
 * {@link CscMatrix}. Today: conv gives {@code A = W} ({@link MatrixFreeConv}), conv_transpose the adjoint
 * view {@code A = Wᵀ}; every other op its lowered matrix {@code A} (sparse products).
 */
public final class CaseOperators {
    private CaseOperators() {
    }

    /**
     * The operator of one layer on one sample, with what the rounding bounds need.
     *
     * @param a           {@code A}, matrix-free, on the threads asked for
     * @param absA        an operator {@code |A|'} with {@code |A|·|v| <= |A|'·|v|} element-wise (the layer with
     *                    {@code |w|}: equal for zero padding, an upper bound where padding sums taps)
     * @param maxRowTerms the most products summed into one element of {@code A·x}
     * @param maxColTerms the most products summed into one element of {@code Aᵀ·y}
     * @param colShape    {@code [channels, *spatial]} of {@code x}
     * @param rowShape    {@code [channels, *spatial]} of {@code A·x}
     * @param layer       the convolution layer behind {@code A}, for the weight-based bounds
     * @param inputSpatial the layer's spatial input shape
     */
    public record Operators(LinearOperator a, LinearOperator absA, int maxRowTerms, int maxColTerms, int[] colShape,
            int[] rowShape, ConvLayer layer, int[] inputSpatial, LoweredLayer lowered) {

        /** The operators of a convolution (matrix-free). */
        public Operators(LinearOperator a, LinearOperator absA, int maxRowTerms, int maxColTerms, int[] colShape,
                int[] rowShape, ConvLayer layer, int[] inputSpatial) {
            this(a, absA, maxRowTerms, maxColTerms, colShape, rowShape, layer, inputSpatial, null);
        }

        /** @return whether {@code A} is a convolution's (so that the weight-based bounds and warm start apply) */
        public boolean convolution() {
            return layer != null;
        }

        /** @return {@code A} stored (lowered, and transposed for conv_transpose): for dense work on small layers */
        public CscMatrix matrix() {
            return lowered != null ? lowered.matrix() : KernelToMatrix.lower(layer, inputSpatial).layerMatrix();
        }

        /** @return the bias {@code b} of {@code output = A·x + b} (zeros when the layer has none) */
        public double[] bias() {
            return lowered != null ? lowered.biasVector() : KernelToMatrix.lower(layer, inputSpatial).biasVector();
        }

        /** @return {@code rows·cols} as a long */
        public long entries() {
            return (long) a.rows() * a.cols();
        }
    }

    /**
     * @return the operators of a case's layer for the case's input shape: a convolution matrix-free, any other op
     *     through its lowered matrix (one sample's {@code A}; the whole batch's for {@code max_unpool})
     */
    public static Operators of(CaseFile c, int threads) {
        if (c.isConvolution()) {
            return of(c.conv(), c.conv().inputSpatial(c.inputShape()), threads);
        }
        return of(Ops.lower(c.layer(), c.inputShape()), threads);
    }

    /** @return the operators of a lowered layer: {@code A} and {@code |A|} as sparse products on {@code threads} */
    public static Operators of(LoweredLayer lowered, int threads) {
        CscMatrix a = lowered.matrix();
        CscMatrix abs = CscOps.absolute(a);
        int maxRow = CscOps.longestRow(a);
        int maxCol = CscOps.longestColumn(a);
        int[] in = lowered.inputShape();
        int[] out = lowered.outputShape();
        int from = lowered.wholeBatch() ? 0 : 1;
        return new Operators(CscOperator.parallel(a, threads), CscOperator.parallel(abs, threads), maxRow, maxCol,
                Arrays.copyOfRange(in, from, in.length), Arrays.copyOfRange(out, from, out.length), null, null, lowered);
    }

    /** @return the operators of a layer on {@code inputSpatial} */
    public static Operators of(ConvLayer layer, int[] inputSpatial, int threads) {
        MatrixFreeConv w = MatrixFreeConv.of(layer, inputSpatial, threads);
        MatrixFreeConv absW = MatrixFreeConv.of(absolute(layer), inputSpatial, threads);
        int[] out = layer.spec().outputSpatial(inputSpatial);
        if (layer.spec().op() == Op.CONV) {
            return new Operators(w, absW, w.maxRowTerms(), w.maxColumnTerms(),
                    prepend(layer.spec().inChannels(), inputSpatial), prepend(layer.spec().outChannels(), out), layer,
                    inputSpatial.clone());
        }
        return new Operators(w.adjoint(), absW.adjoint(), w.maxColumnTerms(), w.maxRowTerms(),
                prepend(layer.spec().inChannels(), inputSpatial), prepend(layer.spec().outChannels(), out), layer,
                inputSpatial.clone());
    }

    private static ConvLayer absolute(ConvLayer layer) {
        double[] w = layer.weight().data();
        for (int i = 0; i < w.length; i++) {
            w[i] = Math.abs(w[i]);
        }
        return ConvLayer.of(layer.spec(), w, null);
    }

    /** @return {@code [first, *rest]} */
    public static int[] prepend(int first, int[] rest) {
        int[] s = new int[rest.length + 1];
        s[0] = first;
        System.arraycopy(rest, 0, s, 1, rest.length);
        return s;
    }

    /** @return {@code v} as a one-sample tensor {@code [1, *shape]} */
    public static Tensor sample(int[] shape, double[] v) {
        int[] s = prepend(1, shape);
        if (Arrays.stream(shape).asLongStream().reduce(1, Math::multiplyExact) != v.length) {
            throw new IllegalArgumentException("a vector of length " + v.length + " does not fill " + Arrays.toString(shape));
        }
        return Tensor.of(s, v);
    }
}
