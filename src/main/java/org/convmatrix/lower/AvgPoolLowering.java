package org.convmatrix.lower;

import org.convmatrix.spec.ArrayLimits;
import java.util.Arrays;
import org.convmatrix.sparse.CscMatrix;
import org.convmatrix.spec.AvgPoolSpec;
import org.convmatrix.spec.InvalidSpecException;

/**
 * The matrix of an average pooling, one sample: row {@code (c, o)} has the entry {@code 1/divisor(o)} in every
 * column {@code (c, i)} whose input position lies in the window of {@code o} (per axis
 * {@code o·s − p <= i < o·s − p + k}), where {@code divisor(o)} is the override, or the product over axes of the
 * window clipped to the padded input ({@code count_include_pad}) or to the input (see {@link AvgPoolSpec}).
 *
 * <p>Built column by column: the windows covering an input index along an axis are a contiguous range of
 * outputs, so column {@code (c, i)} has {@code Π_a count_a(i_a)} entries, visited in row-major order of the
 * outputs, which is increasing row order.
 */
public final class AvgPoolLowering {
    private AvgPoolLowering() {
    }

    /** @return {@code A} of one sample for the input batch shape {@code [N, C, *spatial]} */
    public static LoweredLayer lower(AvgPoolSpec spec, int[] inputShape) {
        int[] outShape = spec.outputShape(inputShape);
        PoolAxis[] axes = PoolAxis.of(spec, inputShape, outShape);
        int channels = inputShape[1];
        int inPlane = 1;
        int outPlane = 1;
        long perChannel = 1;
        for (PoolAxis ax : axes) {
            inPlane = Math.multiplyExact(inPlane, ax.in);
            outPlane = Math.multiplyExact(outPlane, ax.out);
            perChannel = Math.multiplyExact(perChannel, ax.entries());
        }
        long nnz = Math.multiplyExact(perChannel, channels);
        if (nnz > ArrayLimits.MAX_ARRAY) {
            throw new InvalidSpecException("input", "input: the avg_pool matrix would have " + nnz + " entries, more "
                    + "than a Java array holds (" + ArrayLimits.MAX_ARRAY + ")");
        }
        int cols = Math.multiplyExact(channels, inPlane);
        int[] colPtr = new int[cols + 1];
        int[] rowIdx = new int[(int) nnz];
        double[] values = new double[(int) nnz];
        Filler f = new Filler(spec, axes, outPlane, rowIdx, values);
        int col = 0;
        for (int c = 0; c < channels; c++) {
            int[] pos = new int[axes.length];
            do {
                colPtr[col + 1] = f.fillColumn(c, pos, colPtr[col]);
                col++;
            } while (PoolAxis.advance(pos, axes));
        }
        CscMatrix a = CscMatrix.wrap(Math.multiplyExact(channels, outPlane), cols, colPtr, rowIdx, values);
        return LoweredLayer.of(a, null, inputShape, outShape);
    }

    /** Writes the entries of one column. */
    private static final class Filler {
        private final AvgPoolSpec spec;
        private final PoolAxis[] axes;
        private final int outPlane;
        private final int[] rowIdx;
        private final double[] values;
        private final int[] offset;
        private final int override;

        Filler(AvgPoolSpec spec, PoolAxis[] axes, int outPlane, int[] rowIdx, double[] values) {
            this.spec = spec;
            this.axes = axes;
            this.outPlane = outPlane;
            this.rowIdx = rowIdx;
            this.values = values;
            this.offset = new int[axes.length];
            this.override = spec.divisorOverride().orElse(0);
        }

        /** @return the end of the column that starts at {@code p} */
        int fillColumn(int channel, int[] pos, int p) {
            for (int a = 0; a < axes.length; a++) {
                if (axes[a].count[pos[a]] == 0) {
                    return p; // in no window along this axis
                }
            }
            Arrays.fill(offset, 0);
            do {
                int row = 0;
                long divisor = 1;
                for (int a = 0; a < axes.length; a++) {
                    int o = axes[a].first[pos[a]] + offset[a];
                    row = row * axes[a].out + o;
                    divisor *= spec.countIncludePad() ? axes[a].padded[o] : axes[a].inside[o];
                }
                rowIdx[p] = channel * outPlane + row;
                values[p] = 1.0 / (override != 0 ? override : divisor);
                p++;
            } while (nextOffset(pos));
            return p;
        }

        /** Advances {@code offset} over the windows covering {@code pos} (last axis fastest). */
        private boolean nextOffset(int[] pos) {
            for (int a = axes.length - 1; a >= 0; a--) {
                if (++offset[a] < axes[a].count[pos[a]]) {
                    return true;
                }
                offset[a] = 0;
            }
            return false;
        }
    }
}
