package org.convmatrix.lower;

import org.convmatrix.spec.ConvSpec;
import org.convmatrix.spec.Op;
import org.convmatrix.spec.PaddingMode;

/**
 * The number of entries of the Gram matrices {@code WᵀW} and {@code WWᵀ}, predicted from the geometry
 * before either is formed.
 *
 * <p>{@code (WᵀW)[(c, i), (c', i')]} is structural when some row {@code (r, o)} of {@code W} holds both
 * columns: {@code c, c'} in one group (every weight is structural) and, per axis, output {@code o} reads
 * {@code i} through some tap {@code j} and {@code i'} through some tap {@code j'}. The position condition
 * is a product over axes, so
 * <pre>  nnz(WᵀW) = C_col · (C_col/G) · Π_a Σ_{i < n_a} |{i' : ∃ o, j, j' : i = o·s + j·d - p, i' = o·s + j'·d - p}|</pre>
 * and likewise {@code nnz(WWᵀ) = C_row · (C_row/G) · Π_a Σ_o |{o' : o and o' read a common i}|}, in
 * {@code O(Σ_a n_a·k_a²)}. Exact for zero padding and for conv_transpose (the gather on the padded grid);
 * reflect, replicate and circular merge columns ({@code W = W₀·P}), for which {@link #predict} returns -1.
 */
final class GramSize {
    private GramSize() {
    }

    /**
     * @param columns {@code true} for {@code WᵀW}, {@code false} for {@code WWᵀ}
     * @return the entries of the Gram matrix, saturating at {@link Long#MAX_VALUE}; -1 where merged
     *     padding makes the formula inexact
     */
    static long predict(ConvSpec spec, int[] inputSpatial, boolean columns) {
        if (spec.op() == Op.CONV && spec.paddingMode() != PaddingMode.ZEROS) {
            return -1;
        }
        GatherGeometry g = GatherGeometry.of(spec, inputSpatial);
        long spatial = 1;
        for (int a = 0; a < g.dims(); a++) {
            long axis = axis(g.rowSpatial[a], g.colSpatial[a], g.kernel[a], g.stride[a], g.dilation[a],
                    g.padBefore[a], columns);
            spatial = ClassFill.saturatingProduct(spatial, axis);
        }
        long channels = columns ? (long) g.colChannels * g.colChannelsPerGroup()
                : (long) g.rowChannels * g.rowChannelsPerGroup();
        return ClassFill.saturatingProduct(channels, spatial);
    }

    /** One axis: the pairs (column, column) or (row, row) that share a row or column of the axis pattern. */
    private static long axis(int m, int n, int k, int s, int d, int p, boolean columns) {
        int size = columns ? n : m;
        int[] mark = new int[columns ? n : m];
        java.util.Arrays.fill(mark, -1);
        long total = 0;
        for (int x = 0; x < size; x++) {
            int count = 0;
            for (int j = 0; j < k; j++) {
                // columns: the outputs o reading i = x through tap j; rows: the inputs i output o = x reads
                long t = columns ? (long) x + p - (long) j * d : (long) x * s + (long) j * d - p;
                if (columns ? (t < 0 || t % s != 0 || t / s >= m) : (t < 0 || t >= n)) {
                    continue;
                }
                for (int j2 = 0; j2 < k; j2++) {
                    long y = columns ? t / s * s + (long) j2 * d - p : 0;
                    if (!columns) {
                        long u = t + p - (long) j2 * d; // o' = u / s reads i = t through tap j2
                        if (u < 0 || u % s != 0 || u / s >= m) {
                            continue;
                        }
                        y = u / s;
                    } else if (y < 0 || y >= n) {
                        continue;
                    }
                    if (mark[(int) y] != x) {
                        mark[(int) y] = x;
                        count++;
                    }
                }
            }
            total += count;
        }
        return total;
    }
}
