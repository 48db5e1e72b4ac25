package org.convmatrix.operator;

import java.util.Arrays;
import org.convmatrix.index.ConvGeometry;
import org.convmatrix.parallel.Ranges;
import org.convmatrix.spec.ConvLayer;
import org.convmatrix.spec.ConvSpec;
import org.convmatrix.spec.InvalidSpecException;
import org.convmatrix.spec.Op;

/**
 * The matrix {@code W} of a layer ({@code KernelToMatrix.lower(layer, inputSpatial).matrix()}) as a
 * {@link LinearOperator} that never stores it: same {@link #rows()}, {@link #cols()}, and
 * {@link #apply} {@code = W·x}, {@link #applyAdjoint} {@code = Wᵀ·y}, computed from the weights in
 * {@code O(nnz(W))} time and {@code O(rows + cols)} memory. The bias is not part of the operator.
 *
 * <p><b>Forward (gather).</b> With rows {@code (r, o)}, columns {@code (c, i)} and {@code g = r / (R/G)},
 * <pre>  (W·x)[r, o] = Σ_{c in group g} Σ_j w[r, c - g·C/G, j] · xpad[c, o·s + j·d]</pre>
 * where {@code xpad} is each column channel padded by {@code padBefore} (and as far after as any tap reads)
 * with zeros, or for conv with reflect/replicate/circular by the mode ({@code xpad = P·x}, so this is
 * {@code W₀·P·x = W·x}).
 * <ul>
 *   <li>conv: {@code W·x} is the layer without bias; {@code Wᵀ·y} its adjoint.</li>
 *   <li>conv_transpose: {@code W} is the convolution whose adjoint the layer is, so {@code W·x} gathers the
 *       layer's output space onto its input space and {@code Wᵀ·y} is the transposed layer itself, without
 *       bias (output_padding included: it only lengthens the column space).</li>
 * </ul>
 *
 * <p><b>Adjoint (scatter, then fold).</b> {@code Wᵀ·y} scatters, per column channel {@code c}, every
 * {@code w[r, c, j]·y[r, o]} into a padded buffer at {@code o·s + j·d}, then folds the buffer onto the
 * column space, {@code x[c, src(t - p)] += g[t]} with {@code src} of {@link org.convmatrix.spec.PaddingMode}
 * (that is {@code Pᵀ}; for zero padding the border is dropped).
 *
 * <p><b>Speed.</b> With stride 1 on every axis and finite weights, a product whose destination channels number at
 * least {@link FlatGrid#MIN_SHARED} per group runs on {@link FlatGrid}: the whole padded grid in blocks, from
 * shifted copies of the source, with loops C2 turns into SIMD code (about 3× the row-by-row loops below on a 64→64
 * layer, and bit-identical to them forward; depthwise and narrow groups stay row by row, where the copies would
 * cost as much as the multiply-adds). Otherwise the innermost loop runs
 * along the last spatial axis over contiguous memory and sums three products per destination element
 * ({@link MatrixFreeKernels}; C2 leaves these loops scalar, since their sources sit at different offsets of
 * one array); then two channels of one group are computed together so each source row is loaded
 * once for both. Loop order: row channel (pair), terms {@code (c, j)} in threes, output row, last axis.
 * {@code apply} is parallel over row channels, {@code applyAdjoint} over column channels; every output
 * element is computed by one thread with the same expression in the same order (paired or not), so results
 * are bit-identical for any thread count.
 *
 * <p><b>Far beyond the kernel's reach.</b> When the padded grid is much larger than the input and the
 * taps ({@link #farBeyondReach}: huge padding, stride or dilation), the gather and scatter look their
 * sources up in per-axis tables instead ({@code TabulatedGather}), keeping no padded copy.
 *
 * <p><b>Thread safety and memory.</b> Immutable apart from scratch: each calling thread keeps one padded copy of
 * the input ({@code C·Π T} doubles, see {@link #paddedInputLength()}) and each worker two padded channels
 * ({@code 2·Π T} doubles); on the whole-grid path each worker also keeps the rows and destination blocks of one
 * group ({@code (C/G)·K·b + (C/G)·b} doubles, {@code b <= 256}), and for the adjoint each calling thread a spread
 * copy of {@code y} and the padded gradient ({@code C_row·(M + Π T) + C_col·Π T} doubles, about twice the padded
 * input), in {@link ThreadLocal}s that live as long as this operator. Safe for concurrent calls with distinct
 * output arrays.
 */
public final class MatrixFreeConv implements LinearOperator {
    /** Work (multiply-adds) below which splitting over threads does not pay. */
    private static final int MIN_PIECE_WORK = 1 << 16;
    /** Padded grids this much larger than the input and taps still take the vectorised path. */
    private static final double PADDED_FLOOR = 1 << 16;

    private final ConvSpec spec;
    private final int[] inputSpatial;
    private final MatrixFreeGeometry g;
    private final double[] weight;
    private final int threads;
    private final int maxColumnTerms;
    private final ThreadLocal<double[]> paddedInput;
    private final ThreadLocal<double[]> paddedChannel;
    /** The path for geometry far beyond the kernel's reach, or {@code null} (then {@code g} is used). */
    private final TabulatedGather table;
    /** The whole-grid loops for stride 1 ({@link FlatGrid}), or {@code null} (then row by row). */
    private final FlatGrid flat;

    private MatrixFreeConv(ConvSpec spec, int[] inputSpatial, MatrixFreeGeometry g, TabulatedGather table,
            FlatGrid flat, double[] weight, int threads, int maxColumnTerms) {
        this.spec = spec;
        this.flat = flat;
        this.inputSpatial = inputSpatial;
        this.g = g;
        this.table = table;
        this.weight = weight;
        this.threads = threads;
        this.maxColumnTerms = maxColumnTerms;
        this.paddedInput = ThreadLocal.withInitial(() -> new double[g.colChannels * g.padSize]);
        this.paddedChannel = ThreadLocal.withInitial(() -> new double[2 * g.padSize]);
    }

    /** The operator of {@code W} for a spatial input shape, on all available processors. */
    public static MatrixFreeConv of(ConvLayer layer, int[] inputSpatial) {
        return of(layer, inputSpatial, Ranges.defaultThreads());
    }

    /**
     * The operator of {@code W} for a spatial input shape.
     *
     * @param layer        the layer; its bias is ignored
     * @param inputSpatial the layer's spatial input shape (without batch and channel)
     * @param threads      threads per call ({@code >= 1}); results do not depend on it
     * @throws InvalidSpecException when the input does not fit the layer ({@link ConvSpec#outputSpatial}) or a
     *     vector or padded buffer would exceed the largest Java array
     * @throws IllegalArgumentException when {@code threads < 1}
     */
    public static MatrixFreeConv of(ConvLayer layer, int[] inputSpatial, int threads) {
        return of(layer, inputSpatial, threads, FlatGrid.MIN_SHARED);
    }

    /**
     * The tabulated path far beyond the kernel's reach; else the padded-copy path, on {@link FlatGrid} where stride
     * and weights allow it and at least {@code minShared} destination channels per group share the copied rows
     * ({@link Integer#MAX_VALUE}: never).
     */
    private static MatrixFreeConv of(ConvLayer layer, int[] inputSpatial, int threads, int minShared) {
        requireThreads(threads);
        if (farBeyondReach(layer.spec(), inputSpatial)) {
            return tabulated(layer, inputSpatial, threads);
        }
        MatrixFreeGeometry g = MatrixFreeGeometry.of(layer.spec(), inputSpatial);
        FlatGrid flat = FlatGrid.of(g, layer.spec().stride(), layer.weight().data(), minShared);
        int maxColumnTerms = Math.multiplyExact(Math.multiplyExact(g.rowsPerGroup, g.kernelVolume), foldMultiplicity(g));
        return new MatrixFreeConv(layer.spec(), inputSpatial.clone(), g, null, flat, layer.weight().data(), threads,
                maxColumnTerms);
    }

    /**
     * The operator on the whole-grid path wherever stride and weights allow it, however few channels share the copied
     * rows (for tests: the flat loops on every such layer).
     */
    static MatrixFreeConv flatWherePossible(ConvLayer layer, int[] inputSpatial, int threads) {
        return of(layer, inputSpatial, threads, 1);
    }

    /** The operator on the row-by-row path whatever the stride (for tests: both paths on the same layers). */
    static MatrixFreeConv rowByRow(ConvLayer layer, int[] inputSpatial, int threads) {
        return of(layer, inputSpatial, threads, Integer.MAX_VALUE);
    }

    /** @return whether this operator uses the whole-grid loops of {@link FlatGrid} both ways */
    boolean flat() {
        return flat != null && flat.forward && flat.adjoint;
    }

    /**
     * Whether the padded grid, {@code Π T_a} with {@code T_a = (m_a - 1)·s_a + (k_a - 1)·d_a + 1}, exceeds
     * twice the input and the taps together ({@code Π n + Π m·Π k} per channel) by more than
     * {@code 2¹⁶} elements: the padding, stride or dilation reach far beyond the kernel, and the tabulated
     * path ({@link TabulatedGather}), which never stores the padded input, is used. Ordinary layers
     * (padding of a few elements) and small ones keep the vectorised path.
     */
    static boolean farBeyondReach(ConvSpec spec, int[] inputSpatial) {
        ConvGeometry geo = ConvGeometry.of(spec, inputSpatial);
        int[] rowSpatial = geo.rowSpatial();
        int[] colSpatial = geo.colSpatial();
        double padded = 1;
        double cols = 1;
        double rowTaps = 1;
        for (int a = 0; a < spec.dims(); a++) {
            int k = spec.kernelSize()[a];
            padded *= (double) (rowSpatial[a] - 1) * spec.stride()[a] + (double) (k - 1) * spec.dilation()[a] + 1;
            cols *= colSpatial[a];
            rowTaps *= (double) rowSpatial[a] * k;
        }
        return padded > 2 * (cols + rowTaps) + PADDED_FLOOR;
    }

    /** The operator on the tabulated path whatever the geometry (for tests: both paths on the same layers). */
    static MatrixFreeConv tabulated(ConvLayer layer, int[] inputSpatial, int threads) {
        requireThreads(threads);
        TabulatedGather table = TabulatedGather.of(layer.spec(), inputSpatial);
        return new MatrixFreeConv(layer.spec(), inputSpatial.clone(), null, table, null, layer.weight().data(),
                threads, table.maxColumnTerms());
    }

    /** @return whether this operator uses the tabulated path of {@link #farBeyondReach} */
    boolean tabulated() {
        return table != null;
    }

    /** @return the layer description */
    public ConvSpec spec() {
        return spec;
    }

    /** @return the layer's spatial input shape */
    public int[] inputSpatial() {
        return inputSpatial.clone();
    }

    /** @return the threads each call uses */
    public int threads() {
        return threads;
    }

    /** @return the same operator on {@code threads} threads (shares the weights) */
    public MatrixFreeConv withThreads(int threads) {
        requireThreads(threads);
        return threads == this.threads ? this : new MatrixFreeConv(spec, inputSpatial, g, table, flat, weight, threads,
                maxColumnTerms);
    }

    @Override
    public int rows() {
        return table != null ? table.rows() : g.rowChannels * g.rowSize;
    }

    @Override
    public int cols() {
        return table != null ? table.cols() : g.colChannels * g.colSize;
    }

    /**
     * @return the most products summed into one element of {@code W·x}, {@code (C_col/G)·Π k} (padding reads
     *     included), the {@code r_max} of {@link org.convmatrix.verify.DotTest}
     */
    public int maxRowTerms() {
        return table != null ? table.maxRowTerms() : g.termsPerRow();
    }

    /**
     * @return the most products summed into one element of {@code Wᵀ·y}: {@code (C_row/G)·Π k} times the most
     *     padded positions folded onto one input element, the {@code c_max} of {@link org.convmatrix.verify.DotTest}
     */
    public int maxColumnTerms() {
        return maxColumnTerms;
    }

    /** @return the doubles of the padded input copy {@link #apply} keeps per calling thread (0: none is kept) */
    public long paddedInputLength() {
        return table != null ? 0 : (long) g.colChannels * g.padSize;
    }

    /** Overwrites {@code y} (length {@link #rows()}) with {@code W·x} (length {@link #cols()}). */
    @Override
    public void apply(double[] x, double[] y) {
        requireLength("x", x.length, cols());
        requireLength("y", y.length, rows());
        if (table != null) {
            table.apply(weight, x, y, threads);
            return;
        }
        double[] xpad = paddedInput.get();
        Ranges.run(threads, g.colChannels, Math.max(1, MIN_PIECE_WORK / g.padSize), (from, to) -> {
            for (int c = from; c < to; c++) {
                pad(x, c, xpad);
            }
        });
        if (flat != null && flat.forward) {
            flat.forward(weight, xpad, y, threads);
            return;
        }
        long work = (long) g.termsPerRow() * g.rowSize;
        Ranges.run(threads, g.rowChannels, (int) Math.max(1, MIN_PIECE_WORK / Math.max(1, work)), (from, to) -> {
            for (int r = from; r < to; ) {
                if (r + 1 < to && g.lastStride == 1 && (r + 1) % g.rowsPerGroup != 0) {
                    gatherRowChannelPair(r, xpad, y);
                    r += 2;
                } else {
                    gatherRowChannel(r, xpad, y);
                    r++;
                }
            }
        });
    }

    /** Overwrites {@code x} (length {@link #cols()}) with {@code Wᵀ·y} (length {@link #rows()}). */
    @Override
    public void applyAdjoint(double[] y, double[] x) {
        requireLength("y", y.length, rows());
        requireLength("x", x.length, cols());
        if (table != null) {
            table.applyAdjoint(weight, y, x, threads);
            return;
        }
        if (flat != null && flat.adjoint) {
            double[] gpad = flat.adjoint(weight, y, threads);
            Ranges.run(threads, g.colChannels, Math.max(1, MIN_PIECE_WORK / g.padSize), (from, to) -> {
                for (int c = from; c < to; c++) {
                    fold(gpad, c * g.padSize, c, x);
                }
            });
            return;
        }
        long work = (long) g.rowsPerGroup * g.kernelVolume * g.rowSize;
        Ranges.run(threads, g.colChannels, (int) Math.max(1, MIN_PIECE_WORK / Math.max(1, work)), (from, to) -> {
            double[] gpad = paddedChannel.get();
            for (int c = from; c < to; ) {
                if (c + 1 < to && g.lastStride == 1 && (c + 1) % g.colsPerGroup != 0) {
                    scatterColumnChannelPair(c, y, gpad);
                    fold(gpad, 0, c, x);
                    fold(gpad, g.padSize, c + 1, x);
                    c += 2;
                } else {
                    scatterColumnChannel(c, y, gpad);
                    fold(gpad, 0, c, x);
                    c++;
                }
            }
        });
    }

    /** {@code xpad[c, t] = x[c, src(t - p)]}, or 0 without a source. */
    private void pad(double[] x, int c, double[] xpad) {
        int[] src = g.sourceOf;
        int base = c * g.padSize;
        int xBase = c * g.colSize;
        for (int t = 0; t < src.length; t++) {
            int s = src[t];
            xpad[base + t] = s < 0 ? 0.0 : x[xBase + s];
        }
    }

    /** {@code x[c, src(t - p)] = Σ_t gpad[from + t]}: the adjoint of {@link #pad} for one channel. */
    private void fold(double[] gpad, int from, int c, double[] x) {
        int[] src = g.sourceOf;
        int xBase = c * g.colSize;
        Arrays.fill(x, xBase, xBase + g.colSize, 0.0);
        for (int t = 0; t < src.length; t++) {
            int s = src[t];
            if (s >= 0) {
                x[xBase + s] += gpad[from + t];
            }
        }
    }

    /**
     * Row channel {@code r} of {@code W·x}: for each output row {@code q} (all axes but the last) and each
     * three terms {@code (c, j)} of the row, {@code y[r, q, :] += Σ w[r, c, j]·xpad[c, rowOffset(q) + tap(j) + s·:]}.
     */
    private void gatherRowChannel(int r, double[] xpad, double[] y) {
        int[] rowOffset = g.rowOffset;
        int[] term = g.termOffset;
        int len = g.rowLength;
        int ss = g.lastStride;
        int yBase = r * g.rowSize;
        Arrays.fill(y, yBase, yBase + g.rowSize, 0.0);
        int xBase = (r / g.rowsPerGroup) * g.colsPerGroup * g.padSize;
        int wBase = r * term.length;
        int u = 0;
        for (; u + 3 <= term.length; u += 3) {
            double a0 = weight[wBase + u];
            double a1 = weight[wBase + u + 1];
            double a2 = weight[wBase + u + 2];
            int s0 = xBase + term[u];
            int s1 = xBase + term[u + 1];
            int s2 = xBase + term[u + 2];
            for (int q = 0, d = yBase; q < rowOffset.length; q++, d += len) {
                int o = rowOffset[q];
                MatrixFreeKernels.axpy3(y, d, 1, xpad, s0 + o, s1 + o, s2 + o, ss, len, a0, a1, a2);
            }
        }
        if (term.length - u == 2) {
            double a0 = weight[wBase + u];
            double a1 = weight[wBase + u + 1];
            int s0 = xBase + term[u];
            int s1 = xBase + term[u + 1];
            for (int q = 0, d = yBase; q < rowOffset.length; q++, d += len) {
                int o = rowOffset[q];
                MatrixFreeKernels.axpy2(y, d, 1, xpad, s0 + o, s1 + o, ss, len, a0, a1);
            }
        } else if (term.length - u == 1) {
            double a0 = weight[wBase + u];
            int s0 = xBase + term[u];
            for (int q = 0, d = yBase; q < rowOffset.length; q++, d += len) {
                MatrixFreeKernels.axpy1(y, d, 1, xpad, s0 + rowOffset[q], ss, len, a0);
            }
        }
    }

    /**
     * Column channel {@code c} of {@code Wᵀ·y} on the padded grid: for each tap {@code j}, each three row
     * channels {@code r} of the group and each output row {@code q},
     * {@code gpad[rowOffset(q) + tap(j) + s·:] += Σ w[r, c, j]·y[r, q, :]}.
     */
    private void scatterColumnChannel(int c, double[] y, double[] gpad) {
        Arrays.fill(gpad, 0, g.padSize, 0.0);
        int[] rowOffset = g.rowOffset;
        int len = g.rowLength;
        int ds = g.lastStride;
        int group = c / g.colsPerGroup;
        int cl = c - group * g.colsPerGroup;
        int rFirst = group * g.rowsPerGroup;
        int rEnd = rFirst + g.rowsPerGroup;
        int taps = g.kernelVolume;
        int wStride = g.colsPerGroup * taps; // weight of (r + 1, c, j) minus that of (r, c, j)
        for (int r = rFirst; r < rEnd; r += 3) {
            int n = Math.min(3, rEnd - r);
            int w0 = (r * g.colsPerGroup + cl) * taps;
            int y0 = r * g.rowSize;
            int y1 = y0 + g.rowSize;
            int y2 = y1 + g.rowSize;
            for (int j = 0; j < taps; j++) {
                int dTap = g.termOffset[j];
                double a0 = weight[w0 + j];
                if (n == 3) {
                    double a1 = weight[w0 + wStride + j];
                    double a2 = weight[w0 + 2 * wStride + j];
                    for (int q = 0, o = 0; q < rowOffset.length; q++, o += len) {
                        MatrixFreeKernels.axpy3(gpad, dTap + rowOffset[q], ds, y, y0 + o, y1 + o, y2 + o, 1, len, a0, a1, a2);
                    }
                } else if (n == 2) {
                    double a1 = weight[w0 + wStride + j];
                    for (int q = 0, o = 0; q < rowOffset.length; q++, o += len) {
                        MatrixFreeKernels.axpy2(gpad, dTap + rowOffset[q], ds, y, y0 + o, y1 + o, 1, len, a0, a1);
                    }
                } else {
                    for (int q = 0, o = 0; q < rowOffset.length; q++, o += len) {
                        MatrixFreeKernels.axpy1(gpad, dTap + rowOffset[q], ds, y, y0 + o, 1, len, a0);
                    }
                }
            }
        }
    }

    /**
     * Row channels {@code r} and {@code r + 1} (one group, last stride 1) of {@code W·x} together: as
     * {@link #gatherRowChannel}, loading each padded input row once for both.
     */
    private void gatherRowChannelPair(int r, double[] xpad, double[] y) {
        int[] rowOffset = g.rowOffset;
        int[] term = g.termOffset;
        int len = g.rowLength;
        int n = term.length;
        int yA = r * g.rowSize;
        int gap = g.rowSize;
        Arrays.fill(y, yA, yA + 2 * gap, 0.0);
        int xBase = (r / g.rowsPerGroup) * g.colsPerGroup * g.padSize;
        int wA = r * n;
        int wB = wA + n;
        int u = 0;
        for (; u + 3 <= n; u += 3) {
            double a0 = weight[wA + u];
            double a1 = weight[wA + u + 1];
            double a2 = weight[wA + u + 2];
            double b0 = weight[wB + u];
            double b1 = weight[wB + u + 1];
            double b2 = weight[wB + u + 2];
            int s0 = xBase + term[u];
            int s1 = xBase + term[u + 1];
            int s2 = xBase + term[u + 2];
            for (int q = 0, d = yA; q < rowOffset.length; q++, d += len) {
                int o = rowOffset[q];
                MatrixFreeKernels.pair3(y, d, d + gap, xpad, s0 + o, s1 + o, s2 + o, len, a0, a1, a2, b0, b1, b2);
            }
        }
        if (n - u == 2) {
            double a0 = weight[wA + u];
            double a1 = weight[wA + u + 1];
            double b0 = weight[wB + u];
            double b1 = weight[wB + u + 1];
            int s0 = xBase + term[u];
            int s1 = xBase + term[u + 1];
            for (int q = 0, d = yA; q < rowOffset.length; q++, d += len) {
                int o = rowOffset[q];
                MatrixFreeKernels.pair2(y, d, d + gap, xpad, s0 + o, s1 + o, len, a0, a1, b0, b1);
            }
        } else if (n - u == 1) {
            double a0 = weight[wA + u];
            double b0 = weight[wB + u];
            int s0 = xBase + term[u];
            for (int q = 0, d = yA; q < rowOffset.length; q++, d += len) {
                MatrixFreeKernels.pair1(y, d, d + gap, xpad, s0 + rowOffset[q], len, a0, b0);
            }
        }
    }

    /**
     * Column channels {@code c} and {@code c + 1} (one group, last stride 1) of {@code Wᵀ·y} together, on
     * {@code gpad[0, T)} and {@code gpad[T, 2T)}: as {@link #scatterColumnChannel}, loading each row of
     * {@code y} once for both.
     */
    private void scatterColumnChannelPair(int c, double[] y, double[] gpad) {
        Arrays.fill(gpad, 0, 2 * g.padSize, 0.0);
        int[] rowOffset = g.rowOffset;
        int len = g.rowLength;
        int gap = g.padSize;
        int group = c / g.colsPerGroup;
        int cl = c - group * g.colsPerGroup;
        int rFirst = group * g.rowsPerGroup;
        int rEnd = rFirst + g.rowsPerGroup;
        int taps = g.kernelVolume;
        int wStride = g.colsPerGroup * taps; // weight of (r + 1, c, j) minus that of (r, c, j)
        for (int r = rFirst; r < rEnd; r += 3) {
            int n = Math.min(3, rEnd - r);
            int w0 = (r * g.colsPerGroup + cl) * taps; // (r, c, 0); (r, c + 1, 0) is taps further
            int y0 = r * g.rowSize;
            int y1 = y0 + g.rowSize;
            int y2 = y1 + g.rowSize;
            for (int j = 0; j < taps; j++) {
                int dTap = g.termOffset[j];
                double a0 = weight[w0 + j];
                double b0 = weight[w0 + taps + j];
                if (n == 3) {
                    double a1 = weight[w0 + wStride + j];
                    double b1 = weight[w0 + wStride + taps + j];
                    double a2 = weight[w0 + 2 * wStride + j];
                    double b2 = weight[w0 + 2 * wStride + taps + j];
                    for (int q = 0, o = 0; q < rowOffset.length; q++, o += len) {
                        int d = dTap + rowOffset[q];
                        MatrixFreeKernels.pair3(gpad, d, d + gap, y, y0 + o, y1 + o, y2 + o, len, a0, a1, a2, b0, b1, b2);
                    }
                } else if (n == 2) {
                    double a1 = weight[w0 + wStride + j];
                    double b1 = weight[w0 + wStride + taps + j];
                    for (int q = 0, o = 0; q < rowOffset.length; q++, o += len) {
                        int d = dTap + rowOffset[q];
                        MatrixFreeKernels.pair2(gpad, d, d + gap, y, y0 + o, y1 + o, len, a0, a1, b0, b1);
                    }
                } else {
                    for (int q = 0, o = 0; q < rowOffset.length; q++, o += len) {
                        int d = dTap + rowOffset[q];
                        MatrixFreeKernels.pair1(gpad, d, d + gap, y, y0 + o, len, a0, b0);
                    }
                }
            }
        }
    }

    /** The most padded positions that read (and fold back onto) one column-space position. */
    private static int foldMultiplicity(MatrixFreeGeometry g) {
        int[] count = new int[g.colSize];
        int most = 1;
        for (int s : g.sourceOf) {
            if (s >= 0) {
                most = Math.max(most, ++count[s]);
            }
        }
        return most;
    }

    private static void requireThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1 but was " + threads);
        }
    }

    private void requireLength(String name, int actual, int expected) {
        if (actual != expected) {
            throw new IllegalArgumentException(name + " has length " + actual + " but the " + rows() + "x" + cols()
                    + " matrix-free operator of " + spec + " on input " + Arrays.toString(inputSpatial) + " needs "
                    + expected);
        }
    }

    @Override
    public String toString() {
        return "MatrixFreeConv[" + rows() + "x" + cols() + ", " + spec + " on input " + Arrays.toString(inputSpatial)
                + (spec.op() == Op.CONV ? "" : " (W of the convolution whose adjoint it is)") + ", threads " + threads
                + "]";
    }
}
