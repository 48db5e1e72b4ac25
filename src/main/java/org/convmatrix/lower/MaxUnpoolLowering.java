package org.convmatrix.lower;

import org.convmatrix.spec.MaxUnpoolSpec;

/**
 * The matrix of a max unpooling over the whole batch (its indices differ per batch element): column
 * {@code (n, c, i)} of the input has its one entry in row {@code (n, c, indices[n, c, i])} of the output, the
 * flattened spatial output plane of the same batch element and channel. The indices being distinct within a
 * plane, no row holds two entries: {@code AᵀA = I}, and {@code A = Sᵀ} for the selection {@code S} of the max
 * pool that returned the indices.
 */
public final class MaxUnpoolLowering {
    private MaxUnpoolLowering() {
    }

    /** @return {@code A} of the whole batch, rows and columns indexing {@code (n, channel, position)} */
    public static LoweredLayer lower(MaxUnpoolSpec spec, int[] inputShape) {
        int[] outShape = spec.outputShape(inputShape);
        int planes = Math.multiplyExact(inputShape[0], inputShape[1]);
        int inPlane = 1;
        int outPlane = 1;
        for (int a = 2; a < inputShape.length; a++) {
            inPlane = Math.multiplyExact(inPlane, inputShape[a]);
            outPlane = Math.multiplyExact(outPlane, outShape[a]);
        }
        int[] rowOf = new int[Math.multiplyExact(planes, inPlane)];
        for (int q = 0; q < planes; q++) {
            for (int i = 0; i < inPlane; i++) {
                int col = q * inPlane + i;
                rowOf[col] = q * outPlane + spec.index(col);
            }
        }
        int rows = Math.multiplyExact(planes, outPlane);
        return LoweredLayer.ofWholeBatch(SelectionColumns.of(rows, rowOf), null, inputShape, outShape);
    }
}
