package org.convmatrix.lower;

import org.convmatrix.spec.PixelShuffleSpec;

/**
 * The matrix of a pixel shuffle: column {@code (c·r² + i·r + j, h, w)} of the input {@code [C·r², H, W]} has its
 * one entry in row {@code (c, h·r + i, w·r + j)} of the output {@code [C, H·r, W·r]} (one sample; rows and
 * columns row-major). A permutation matrix.
 */
public final class PixelShuffleLowering {
    private PixelShuffleLowering() {
    }

    /** @return {@code A} of one sample for the input batch shape {@code [N, C·r², H, W]} */
    public static LoweredLayer lower(PixelShuffleSpec spec, int[] inputShape) {
        int[] outShape = spec.outputShape(inputShape);
        int r = spec.upscaleFactor();
        int cin = inputShape[1];
        int h = inputShape[2];
        int w = inputShape[3];
        int outH = outShape[2];
        int outW = outShape[3];
        int[] rowOf = new int[Math.multiplyExact(cin, Math.multiplyExact(h, w))];
        int col = 0;
        for (int ch = 0; ch < cin; ch++) {
            int c = ch / (r * r);
            int i = ch / r % r;
            int j = ch % r;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    rowOf[col++] = (c * outH + y * r + i) * outW + x * r + j;
                }
            }
        }
        return LoweredLayer.of(SelectionColumns.of(rowOf.length, rowOf), null, inputShape, outShape);
    }
}
