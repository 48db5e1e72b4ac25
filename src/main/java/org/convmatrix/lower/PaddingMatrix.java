package org.convmatrix.lower;

import org.convmatrix.index.ConvGeometry;
import org.convmatrix.sparse.CscMatrix;
import org.convmatrix.sparse.CscOps;
import org.convmatrix.spec.ConvSpec;
import org.convmatrix.spec.PaddingMode;

/**
 * The padding matrix {@code P} of a layer: {@code xpad = P·x}, mapping each channel's input
 * ({@code Π n_a} positions) to its padded grid ({@code Π (n_a + p_b + p_a)} positions).
 *
 * <p>Row {@code t} (a padded position) holds a single 1 in the column of the input element it copies,
 * {@link PaddingMode#source(int, int)} per axis; for zero padding the rows outside the input are empty.
 * So {@code P = I_C ⊗ P_0 ⊗ … ⊗ P_{d-1}} with one entry per row, and {@code W = W₀·P} sums the
 * taps that reflect, replicate or wrap onto the same input element. Stateless and thread-safe.
 */
public final class PaddingMatrix {
    private PaddingMatrix() {
    }

    /**
     * @param spec         the layer (its resolved padding and padding mode)
     * @param channels     the number of channels padded alike
     * @param inputSpatial the unpadded spatial shape
     * @return {@code P}, of shape {@code (C·Π padded) x (C·Π n)}
     */
    public static CscMatrix of(ConvSpec spec, int channels, int... inputSpatial) {
        int d = inputSpatial.length;
        int[] padded = new int[d];
        int[] padBefore = new int[d];
        int inSize = 1;
        int padSize = 1;
        for (int a = 0; a < d; a++) {
            padBefore[a] = spec.padBefore(a);
            padded[a] = Math.addExact(Math.addExact(inputSpatial[a], padBefore[a]), spec.padAfter(a));
            inSize = Math.multiplyExact(inSize, inputSpatial[a]);
            padSize = Math.multiplyExact(padSize, padded[a]);
        }
        // Pᵀ has at most one entry per column (padded position): its source input element.
        int[] sourceOf = ConvGeometry.sourceMap(padded, inputSpatial, padBefore, spec.paddingMode());
        int stored = 0;
        for (int src : sourceOf) {
            if (src >= 0) {
                stored++;
            }
        }
        int cols = Math.multiplyExact(channels, padSize);
        int[] colPtr = new int[cols + 1];
        int[] rowIdx = new int[Math.multiplyExact(channels, stored)];
        double[] values = new double[rowIdx.length];
        int p = 0;
        for (int c = 0, col = 0; c < channels; c++) {
            for (int t = 0; t < padSize; t++, col++) {
                if (sourceOf[t] >= 0) {
                    rowIdx[p] = c * inSize + sourceOf[t];
                    values[p] = 1.0;
                    p++;
                }
                colPtr[col + 1] = p;
            }
        }
        CscMatrix transposed = CscMatrix.wrap(Math.multiplyExact(channels, inSize), cols, colPtr, rowIdx, values);
        return CscOps.transpose(transposed);
    }
}
