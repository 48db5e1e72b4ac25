package org.convmatrix.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;

import org.convmatrix.spec.Tensor;
import org.convmatrix.testing.Layers;
import org.junit.jupiter.api.Test;

/** Properties tying the reference implementations to each other. */
class TransposedConvolutionTest {

    /**
     * The zero-insertion recipe and the scatter definition compute the same transposed convolution:
     * on integer data every sum is exact, so they agree exactly whatever the summation order.
     */
    @Test
    void zeroInsertionEqualsScatter() {
        qt().withFixedSeed(0x7C0L).withExamples(4000).forAll(Layers.cases(Layers.Kind.CONV_TRANSPOSE, Layers.Values.INTEGERS))
                .checkAssert(c -> Expect.same(ScatterTransposedConvolution.apply(c.layer(), c.input()),
                        ZeroInsertionTransposedConvolution.apply(c.layer(), c.input()), c));
    }

    /**
     * The transposed convolution is the adjoint of the convolution with the same weights:
     * {@code ⟨conv(x), y⟩ = ⟨x, conv_transpose(y)⟩} (no bias, zero padding, output_padding chosen so
     * that conv_transpose maps back onto x's shape). Exact on integer data. Both transposed
     * implementations are checked.
     */
    @Test
    void scatterIsAdjointOfGather() {
        qt().withFixedSeed(0x7C1L).withExamples(3000).forAll(AdjointCases.cases()).checkAssert(c -> {
            Tensor cx = DirectConvolution.apply(c.conv(), c.x());
            assertArrayEquals(c.y().shape(), cx.shape(), () -> "conv output shape of " + c);
            double lhs = Expect.dot(cx, c.y());
            Tensor scattered = ScatterTransposedConvolution.apply(c.transposed(), c.y());
            assertArrayEquals(c.x().shape(), scattered.shape(), () -> "conv_transpose output shape of " + c);
            assertEquals(lhs, Expect.dot(c.x(), scattered), () -> "<conv(x), y> vs <x, scatter(y)> for " + c);
            Tensor inserted = ZeroInsertionTransposedConvolution.apply(c.transposed(), c.y());
            assertEquals(lhs, Expect.dot(c.x(), inserted), () -> "<conv(x), y> vs <x, zero-insertion(y)> for " + c);
        });
    }
}
