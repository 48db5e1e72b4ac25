package org.convmatrix.lower;

import org.convmatrix.spec.PixelUnshuffleSpec;

/**
 * The matrix of a pixel unshuffle: column {@code (c, y, x)} of the input {@code [C, H·r, W·r]} has its one entry
 * in row {@code (c·r² + (y mod r)·r + (x mod r), ⌊y/r⌋, ⌊x/r⌋)} of the output {@code [C·r², H, W]} (one sample;
 * rows and columns row-major). The transpose of the pixel shuffle's permutation, hence its inverse.
 */
public final class PixelUnshuffleLowering {
    private PixelUnshuffleLowering() {
    }

    /** @return {@code A} of one sample for the input batch shape {@code [N, C, H·r, W·r]} */
    public static LoweredLayer lower(PixelUnshuffleSpec spec, int[] inputShape) {
        int[] outShape = spec.outputShape(inputShape);
        int r = spec.downscaleFactor();
        int c = inputShape[1];
        int h = inputShape[2];
        int w = inputShape[3];
        int outH = outShape[2];
        int outW = outShape[3];
        int[] rowOf = new int[Math.multiplyExact(c, Math.multiplyExact(h, w))];
        int col = 0;
        for (int ch = 0; ch < c; ch++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int outChannel = (ch * r + y % r) * r + x % r;
                    rowOf[col++] = (outChannel * outH + y / r) * outW + x / r;
                }
            }
        }
        return LoweredLayer.of(SelectionColumns.of(rowOf.length, rowOf), null, inputShape, outShape);
    }
}
