package org.convmatrix.lower;

import java.util.List;
import org.convmatrix.sparse.CscBlocks;
import org.convmatrix.sparse.CscMatrix;
import org.convmatrix.sparse.CscOps;

/**
 * The lowering of a chain of layers: {@code A = A_k ··· A_1} and {@code b = A_k(··· (A_2·b_1 + b_2) ···) + b_k}.
 * When a link indexes the whole batch ({@link LoweredLayer#wholeBatch()}, a {@code max_unpool}), every link is
 * lifted to the batch as {@code I_N ⊗ A_i} (and its bias repeated) before the product, and so is the result.
 * Stateless and thread-safe.
 */
public final class LoweredChain {
    private LoweredChain() {
    }

    /**
     * @param links the lowered layers in order, each lowered for the output shape of the one before
     * @return the chain lowered for the first link's input shape
     */
    public static LoweredLayer of(List<LoweredLayer> links) {
        boolean wholeBatch = links.stream().anyMatch(LoweredLayer::wholeBatch);
        int[] inputShape = links.get(0).inputShape();
        int[] outputShape = links.get(links.size() - 1).outputShape();
        int batch = inputShape[0];
        CscMatrix a = null;
        double[] b = null;
        boolean anyBias = false;
        for (LoweredLayer link : links) {
            CscMatrix m = link.matrix();
            double[] bias = link.biasVector();
            if (wholeBatch && !link.wholeBatch()) {
                m = CscBlocks.blockDiagonal(m, batch);
                bias = CscBlocks.repeat(bias, batch);
            }
            anyBias |= link.hasBias();
            if (a == null) {
                a = m;
                b = bias;
            } else {
                a = CscOps.multiply(m, a);
                double[] mb = CscOps.multiply(m, b);
                for (int i = 0; i < mb.length; i++) {
                    mb[i] += bias[i];
                }
                b = mb;
            }
        }
        double[] bias = anyBias ? b : null;
        LoweredLayer chain = wholeBatch ? LoweredLayer.ofWholeBatch(a, bias, inputShape, outputShape)
                : LoweredLayer.of(a, bias, inputShape, outputShape);
        return links.stream().anyMatch(LoweredLayer::backwardDiffers) ? chain.withBackward(backward(links, wholeBatch))
                : chain;
    }

    /** @return {@code B_k ··· B_1}: the chain's backward is the links' backwards in reverse, {@code B_1ᵀ ··· B_kᵀ} */
    private static CscMatrix backward(List<LoweredLayer> links, boolean wholeBatch) {
        int batch = links.get(0).inputShape()[0];
        CscMatrix b = null;
        for (LoweredLayer link : links) {
            CscMatrix m = link.backwardMatrix();
            if (wholeBatch && !link.wholeBatch()) {
                m = CscBlocks.blockDiagonal(m, batch);
            }
            b = b == null ? m : CscOps.multiply(m, b);
        }
        return b;
    }
}
