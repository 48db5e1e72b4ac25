package org.convmatrix.operator;

import java.util.Arrays;
import org.convmatrix.index.ConvGeometry;
import org.convmatrix.parallel.Ranges;
import org.convmatrix.spec.ConvSpec;
import org.convmatrix.spec.PaddingMode;

/**
 * {@link MatrixFreeConv}'s path for geometry far beyond the kernel's reach (padding, stride or dilation
 * much larger than the input and output): the same gather {@code (W·x)[r, o] = Σ_c Σ_j w[r, c, j]·x[c, src(o·s + j·d - p)]}
 * and its adjoint, with {@code src} looked up in per-axis tables of {@code m_a × k_a} entries instead of
 * a padded copy of the input of {@code Π T_a} elements (which for stride {@code 2³¹-1} and padding
 * {@code 1.5·10⁹} would not fit an array). Time {@code O(rows·terms)}, memory {@code O(Σ m_a·k_a)}
 * beyond the vectors. Every output element is computed by one thread in a fixed order, so results do not
 * depend on the thread count. Immutable and thread-safe.
 */
final class TabulatedGather {
    private static final int MIN_PIECE_WORK = 1 << 16;

    private final int rowChannels;
    private final int colChannels;
    private final int rowsPerGroup;
    private final int colsPerGroup;
    private final int[] rowSpatial;
    private final int[] colSpatial;
    private final int[] kernel;
    private final int rowSize;
    private final int colSize;
    private final int taps;
    /** Per axis, {@code src[o·k + j]}: the column-space index tap {@code j} of output {@code o} reads, or -1. */
    private final int[][] src;
    private final int[] colStrides;

    private TabulatedGather(int rowChannels, int colChannels, int groups, int[] rowSpatial, int[] colSpatial,
            ConvSpec spec, PaddingMode mode) {
        this.rowChannels = rowChannels;
        this.colChannels = colChannels;
        this.rowsPerGroup = rowChannels / groups;
        this.colsPerGroup = colChannels / groups;
        this.rowSpatial = rowSpatial;
        this.colSpatial = colSpatial;
        this.kernel = spec.kernelSize();
        int d = kernel.length;
        this.src = new int[d][];
        int rows = 1;
        int cols = 1;
        int k = 1;
        for (int a = 0; a < d; a++) {
            src[a] = axis(rowSpatial[a], kernel[a], spec.stride()[a], spec.dilation()[a], spec.padBefore(a),
                    colSpatial[a], mode);
            rows = Math.multiplyExact(rows, rowSpatial[a]);
            cols = Math.multiplyExact(cols, colSpatial[a]);
            k = Math.multiplyExact(k, kernel[a]);
        }
        this.rowSize = rows;
        this.colSize = cols;
        this.taps = k;
        this.colStrides = new int[d];
        for (int a = d - 1, st = 1; a >= 0; st *= colSpatial[a], a--) {
            colStrides[a] = st;
        }
    }

    /** The tabulated gather of {@code W} for a validated spec and input shape (as {@link MatrixFreeGeometry#of}). */
    static TabulatedGather of(ConvSpec spec, int[] inputSpatial) {
        ConvGeometry geo = ConvGeometry.of(spec, inputSpatial);
        return new TabulatedGather(geo.rowChannels(), geo.colChannels(), spec.groups(), geo.rowSpatial(),
                geo.colSpatial(), spec, geo.mode());
    }

    /**
     * @return per row position {@code o < m} and tap {@code j < k}, {@code source(o·s + j·d - p)} in
     *     {@code [0, n)}, or {@code -1} for a zero
     */
    private static int[] axis(int m, int k, int s, int dil, int before, int n, PaddingMode mode) {
        int[] table = new int[Math.multiplyExact(m, k)];
        for (int o = 0; o < m; o++) {
            for (int j = 0; j < k; j++) {
                table[o * k + j] = source((long) o * s + (long) j * dil - before, n, mode);
            }
        }
        return table;
    }

    /** {@link PaddingMode#source} for an index that may lie far outside {@code [0, n)} (zeros, replicate). */
    static int source(long i, int n, PaddingMode mode) {
        if (i >= 0 && i < n) {
            return (int) i;
        }
        if (mode == PaddingMode.ZEROS) {
            return -1;
        }
        if (mode == PaddingMode.REPLICATE) {
            return i < 0 ? 0 : n - 1;
        }
        return mode.source((int) i, n); // reflect, circular: the spec keeps the padding within n
    }

    int rows() {
        return rowChannels * rowSize;
    }

    int cols() {
        return colChannels * colSize;
    }

    /** @return the most products in one row, {@code (C_col/G)·Π k} */
    int maxRowTerms() {
        return colsPerGroup * taps;
    }

    /** @return the most products in one column: {@code (C_row/G)} times the most (o, j) that read one position */
    int maxColumnTerms() {
        int most = rowsPerGroup;
        for (int a = 0; a < src.length; a++) {
            int[] count = new int[colSpatial[a]];
            int axisMost = 1;
            for (int i : src[a]) {
                if (i >= 0) {
                    axisMost = Math.max(axisMost, ++count[i]);
                }
            }
            most = Math.multiplyExact(most, axisMost);
        }
        return most;
    }

    /** Fills {@code flat[j]} with the column-space offset tap {@code j} of row position {@code o} reads, or -1. */
    private void sources(int[] o, int[] flat) {
        int d = kernel.length;
        int[] j = new int[d];
        for (int tap = 0; tap < flat.length; tap++) {
            int off = 0;
            for (int a = 0; a < d && off >= 0; a++) {
                int i = src[a][o[a] * kernel[a] + j[a]];
                off = i < 0 ? -1 : off + i * colStrides[a];
            }
            flat[tap] = off;
            advance(j, kernel);
        }
    }

    /** Overwrites {@code y} with {@code W·x}, in parallel over row channels. */
    void apply(double[] weight, double[] x, double[] y, int threads) {
        long work = (long) maxRowTerms() * rowSize;
        Ranges.run(threads, rowChannels, (int) Math.max(1, MIN_PIECE_WORK / Math.max(1, work)), (from, to) -> {
            int[] flat = new int[taps];
            int[] o = new int[rowSpatial.length];
            for (int q = 0; q < rowSize; q++) {
                sources(o, flat);
                for (int r = from; r < to; r++) {
                    int c0 = (r / rowsPerGroup) * colsPerGroup;
                    double sum = 0.0;
                    for (int cl = 0; cl < colsPerGroup; cl++) {
                        int wBase = (r * colsPerGroup + cl) * taps;
                        int xBase = (c0 + cl) * colSize;
                        for (int j = 0; j < taps; j++) {
                            if (flat[j] >= 0) {
                                sum += weight[wBase + j] * x[xBase + flat[j]];
                            }
                        }
                    }
                    y[r * rowSize + q] = sum;
                }
                advance(o, rowSpatial);
            }
        });
    }

    /** Overwrites {@code x} with {@code Wᵀ·y}, in parallel over column channels. */
    void applyAdjoint(double[] weight, double[] y, double[] x, int threads) {
        long work = (long) rowsPerGroup * taps * rowSize;
        Ranges.run(threads, colChannels, (int) Math.max(1, MIN_PIECE_WORK / Math.max(1, work)), (from, to) -> {
            Arrays.fill(x, from * colSize, to * colSize, 0.0);
            int[] flat = new int[taps];
            int[] o = new int[rowSpatial.length];
            for (int q = 0; q < rowSize; q++) {
                sources(o, flat);
                for (int c = from; c < to; c++) {
                    int cl = c % colsPerGroup;
                    int r0 = (c / colsPerGroup) * rowsPerGroup;
                    int xBase = c * colSize;
                    for (int r = r0; r < r0 + rowsPerGroup; r++) {
                        double yv = y[r * rowSize + q];
                        int wBase = (r * colsPerGroup + cl) * taps;
                        for (int j = 0; j < taps; j++) {
                            if (flat[j] >= 0) {
                                x[xBase + flat[j]] += weight[wBase + j] * yv;
                            }
                        }
                    }
                }
                advance(o, rowSpatial);
            }
        });
    }

    private static void advance(int[] idx, int[] shape) {
        for (int a = idx.length - 1; a >= 0 && ++idx[a] == shape[a]; a--) {
            idx[a] = 0;
        }
    }
}
