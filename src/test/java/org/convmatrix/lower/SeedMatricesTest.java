package org.convmatrix.lower;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.convmatrix.sparse.CscMatrix;
import org.convmatrix.sparse.CscOps;
import org.convmatrix.spec.ConvLayer;
import org.convmatrix.spec.ConvSpec;
import org.convmatrix.spec.Op;
import org.convmatrix.spec.PaddingMode;
import org.convmatrix.spec.Tensor;
import org.junit.jupiter.api.Test;

/** The seed examples of the issue, with their exact numbers, through the matrix. */
class SeedMatricesTest {
    private static final double[] KERNEL_1234 = {1, 2, 3, 4};
    private static final double[] SEED_WEIGHT = {1.1, 2.2, 3.3, 4.4};

    @Test
    void d2lConvolutionIsTheFourByNineMatrix() {
        ConvLayer layer = ConvLayer.of(ConvSpec.builder(Op.CONV, 1, 1, 2, 2).build(), KERNEL_1234, null);
        LoweredConv lowered = KernelToMatrix.lower(layer, new int[] {3, 3});
        double[][] expected = {
            {1, 2, 0, 3, 4, 0, 0, 0, 0},
            {0, 1, 2, 0, 3, 4, 0, 0, 0},
            {0, 0, 0, 1, 2, 0, 3, 4, 0},
            {0, 0, 0, 0, 1, 2, 0, 3, 4}};
        assertArrayEquals(expected, CscOps.toDense(lowered.matrix()));
        assertEquals(16, lowered.matrix().nnz());
        Tensor x = Tensor.of(new int[] {1, 1, 3, 3}, new double[] {0, 1, 2, 3, 4, 5, 6, 7, 8});
        assertArrayEquals(new double[] {27, 37, 57, 67}, lowered.apply(x).data());
    }

    private static Tensor transposed(ConvSpec spec) {
        ConvLayer layer = ConvLayer.of(spec, SEED_WEIGHT, null);
        Tensor y = Tensor.of(new int[] {1, 1, 2, 2}, new double[] {0, 1, 2, 3});
        return KernelToMatrix.lower(layer, new int[] {2, 2}).apply(y);
    }

    /** Each entry is a sum of at most two products of the inputs 0..3 with the weights. */
    private static void assertClose(double[] expected, Tensor actual) {
        for (int i = 0; i < expected.length; i++) {
            // two products and one addition: at most 3 roundings of terms bounded by 3 * 4.4 each
            double bound = 3 * 0x1p-53 * 2 * 3 * 4.4 * 1.01;
            assertEquals(expected[i], actual.get(i), bound, "element " + i);
        }
    }

    @Test
    void seedTransposedConvolutionStride1() {
        Tensor out = transposed(ConvSpec.builder(Op.CONV_TRANSPOSE, 1, 1, 2, 2).build());
        assertArrayEquals(new int[] {1, 1, 3, 3}, out.shape());
        assertClose(new double[] {0, 1.1, 2.2, 2.2, 11, 11, 6.6, 18.7, 13.2}, out);
    }

    @Test
    void seedTransposedConvolutionStride1x2() {
        Tensor out = transposed(ConvSpec.builder(Op.CONV_TRANSPOSE, 1, 1, 2, 2).stride(1, 2).build());
        assertArrayEquals(new int[] {1, 1, 3, 4}, out.shape());
        // y01 = 1 lands at columns 2..3, y10 = 2 at columns 0..1 of rows 1..2, y11 = 3 at columns 2..3 of rows 1..2
        assertClose(new double[] {0, 0, 1.1, 2.2, 2.2, 4.4, 6.6, 11, 6.6, 8.8, 9.9, 13.2}, out);
    }

    @Test
    void seedTransposedConvolutionDilation2EqualsStride1WithSpreadKernel() {
        Tensor dilated = transposed(ConvSpec.builder(Op.CONV_TRANSPOSE, 1, 1, 2, 2).dilation(2, 2).build());
        ConvLayer spread = ConvLayer.of(ConvSpec.builder(Op.CONV_TRANSPOSE, 1, 1, 3, 3).build(),
                new double[] {1.1, 0, 2.2, 0, 0, 0, 3.3, 0, 4.4}, null);
        Tensor y = Tensor.of(new int[] {1, 1, 2, 2}, new double[] {0, 1, 2, 3});
        Tensor viaSpread = KernelToMatrix.lower(spread, new int[] {2, 2}).apply(y);
        assertArrayEquals(new int[] {1, 1, 4, 4}, dilated.shape());
        assertArrayEquals(viaSpread.data(), dilated.data(), 0.0);
    }

    @Test
    void seedTransposedConvolutionPadding1CropsToEleven() {
        Tensor out = transposed(ConvSpec.builder(Op.CONV_TRANSPOSE, 1, 1, 2, 2).padding(1, 1).build());
        assertArrayEquals(new int[] {1, 1, 1, 1}, out.shape());
        assertClose(new double[] {11}, out);
    }

    @Test
    void seedTransposedConvolutionStride2OutputPadding1IsFiveByFive() {
        Tensor out = transposed(ConvSpec.builder(Op.CONV_TRANSPOSE, 1, 1, 2, 2).stride(2, 2).outputPadding(1, 1).build());
        assertArrayEquals(new int[] {1, 1, 5, 5}, out.shape());
        // no overlaps at stride 2 with a 2x2 kernel: each element is one product y*w, exact to one rounding
        assertClose(new double[] {
            0, 0, 1.1, 2.2, 0,
            0, 0, 3.3, 4.4, 0,
            2.2, 4.4, 3.3, 6.6, 0,
            6.6, 8.8, 9.9, 13.2, 0,
            0, 0, 0, 0, 0}, out);
    }

    @Test
    void reflectPaddingMatrixSumsTapsThatReadTheSameElement() {
        // n = 2, reflect padding 1: xpad = [x1, x0, x1, x0]; kernel [a, b, c] reads (x1, x0, x1) then (x0, x1, x0)
        ConvSpec spec = ConvSpec.builder(Op.CONV, 1, 1, 3).padding(1).paddingMode(PaddingMode.REFLECT).build();
        CscMatrix w = KernelToMatrix.lower(ConvLayer.of(spec, new double[] {1, 10, 100}, null), new int[] {2}).matrix();
        assertArrayEquals(new double[][] {{10, 101}, {101, 10}}, CscOps.toDense(w));
    }
}
