package org.convmatrix.lower;

import org.convmatrix.index.AxisClasses;
import org.convmatrix.index.SpatialClasses;
import org.convmatrix.parallel.Ranges;
import org.convmatrix.sparse.CscBuffers;
import org.convmatrix.sparse.CscMatrix;

/**
 * The fill of {@code W}'s CSC arrays from the column classes of the spatial pattern.
 *
 * <p>Column {@code (ci, q)} of {@code W} holds, for each output channel {@code co} of the group of
 * {@code ci} and each entry {@code e} of the class {@code c(q)}: row {@code co·M + base(q) + relRow(e)},
 * value {@code w[co, ci - g·C/G, tap(e)]}. The values depend on {@code (c, ci)} only, so they are
 * gathered once per class and channel into a block and copied ({@code System.arraycopy}) into every column
 * of that class; the rows are a per-class template plus one offset, a loop the JIT vectorises. When the
 * blocks would exceed 1/64 of the result (many classes), values are gathered per column instead.
 * Short columns (a single-channel 3×3 layer's hold 9 entries) are written a run at a time
 * ({@link ColumnRuns}): on the S layer (1→1, 3×3 on 256×256) 0.72 ms against 1.37 ms column by column.
 * Column counts {@code (C_row/G)·|c(q)|} are known before the fill, so ranges of columns are filled
 * in parallel, each into its own slice. Stateless.
 */
final class ClassFill {
    private ClassFill() {
    }

    static SpatialClasses classes(GatherGeometry g) {
        int d = g.dims();
        AxisClasses[] axes = new AxisClasses[d];
        for (int a = 0; a < d; a++) {
            axes[a] = AxisClasses.of(g.rowSpatial[a], g.colSpatial[a], g.kernel[a], g.stride[a], g.dilation[a],
                    g.padBefore[a]);
        }
        return SpatialClasses.of(axes, g.rowSpatial, g.kernel);
    }

    /** @return the stored entries, {@code C_col·(C_row/G)·Π_a Σ_{i} |class_a(i)|} */
    static long nnz(GatherGeometry g, SpatialClasses sc) {
        long spatial = 1;
        for (int a = 0; a < g.dims(); a++) {
            AxisClasses ax = sc.axis(a);
            long sum = 0;
            for (int i = 0; i < g.colSpatial[a]; i++) {
                sum += ax.size(ax.classOf(i));
            }
            spatial = Math.multiplyExact(spatial, sum);
        }
        return Math.multiplyExact(Math.multiplyExact((long) g.colChannels, g.rowChannelsPerGroup()), spatial);
    }

    static CscMatrix fill(GatherGeometry g, double[] weight, int threads, CscBuffers buffers) {
        return fill(g, weight, threads, buffers, Tuning.DEFAULT);
    }

    /**
     * The fill's knobs, which only tests change: each selects between paths that write the same {@code W}.
     *
     * @param blockLimit   the most doubles of value blocks to precompute; {@code -1} for the default
     *     {@code max(2^16, nnz/64)}, {@code 0} to gather values per column
     * @param overlapBytes the smallest fresh {@code W} (bytes of its arrays) whose allocation is overlapped with the
     *     writing of its pattern ({@link #OVERLAP_BYTES}; {@code 0} overlaps every build)
     * @param runEntries   entries per copy for runs of short columns ({@link ColumnRuns#ENTRIES}; {@code 0} writes
     *     every column alone, small values make runs cross copies)
     */
    record Tuning(long blockLimit, long overlapBytes, int runEntries) {
        /** The production settings. */
        static final Tuning DEFAULT = new Tuning(-1, OVERLAP_BYTES, ColumnRuns.ENTRIES);

        /** @return these settings with values gathered per column (no value blocks) */
        Tuning perColumnValues() {
            return new Tuning(0, overlapBytes, runEntries);
        }

        /** @return these settings with {@code runEntries} entries per run copy */
        Tuning runEntries(int entries) {
            return new Tuning(blockLimit, overlapBytes, entries);
        }

        /** @return these settings with the allocation overlapped from {@code bytes} on */
        Tuning overlapFrom(long bytes) {
            return new Tuning(blockLimit, bytes, runEntries);
        }
    }

    /** Fills {@code W}: checks its size, builds the row templates and value blocks, then writes the columns. */
    static CscMatrix fill(GatherGeometry g, double[] weight, int threads, CscBuffers buffers, Tuning tuning) {
        long spatialRowsL = saturatingVolume(g.rowSpatial);
        long rowsL = saturatingProduct(g.rowChannels, spatialRowsL);
        long colsL = saturatingProduct(g.colChannels, saturatingVolume(g.colSpatial));
        KernelToMatrix.requireIndexable(rowsL, colsL, 0);
        long predicted = KernelToMatrix.predictedNnz(g); // O(Σ k): refuse a W too large before the O(n·k) classes
        KernelToMatrix.requireIndexable(rowsL, colsL, predicted);
        KernelToMatrix.requireMemory(buffers.growthBytes((int) colsL, (int) predicted), predicted);
        SpatialClasses sc = classes(g);
        long nnzL;
        try {
            nnzL = nnz(g, sc);
        } catch (ArithmeticException e) {
            nnzL = Long.MAX_VALUE;
        }
        KernelToMatrix.requireIndexable(rowsL, colsL, nnzL);
        int cols = (int) colsL;
        KernelToMatrix.requireMemory(buffers.growthBytes(cols, (int) nnzL), nnzL);
        int rpg = g.rowChannelsPerGroup();
        int[] tmplStart = templateStarts(sc, rpg);
        int[] tmpl = templates(sc, rpg, (int) spatialRowsL, tmplStart);
        long limit = tuning.blockLimit() < 0 ? Math.max(1 << 16, nnzL / 64) : tuning.blockLimit();
        double[] blocks = (long) tmpl.length * g.colChannels <= limit ? valueBlocks(g, sc, weight, tmplStart, tmpl.length)
                : null;
        int last = g.dims() - 1;
        ColumnRuns runs = ColumnRuns.of(sc.axis(last), g.colSpatial[last], tmpl, tmplStart, blocks, g.colChannels,
                rpg * sc.maxSize(), tuning.runEntries(), limit);
        ColumnWriter writer = new ColumnWriter(g, sc, weight, kernelVolume(g), tmpl, tmplStart, blocks, runs,
                nnzL / g.colChannels, new ColumnPrefix(g, sc, rpg));
        int minPiece = Math.max(1, (1 << 14) / Math.max(1, rpg * sc.maxSize()));
        writeColumns(writer, buffers, cols, (int) nnzL, threads, minPiece, tuning.overlapBytes());
        return buffers.toMatrix((int) rowsL, cols);
    }

    private static int kernelVolume(GatherGeometry g) {
        int taps = 1;
        for (int k : g.kernel) {
            taps *= k;
        }
        return taps;
    }

    /** @return where each class's row template starts: {@code Σ_{c' < c} (C_row/G)·|class c'|} */
    private static int[] templateStarts(SpatialClasses sc, int rpg) {
        int[] tmplStart = new int[sc.classes() + 1];
        for (int c = 0; c < sc.classes(); c++) {
            tmplStart[c + 1] = tmplStart[c] + rpg * sc.size(c);
        }
        return tmplStart;
    }

    /** @return the per-class row templates: {@code coLocal·M + relRow(e)} for each local output channel and entry */
    private static int[] templates(SpatialClasses sc, int rpg, int spatialRows, int[] tmplStart) {
        int[] tmpl = new int[tmplStart[sc.classes()]];
        int[] relRow = sc.relRows();
        for (int c = 0; c < sc.classes(); c++) {
            int p = tmplStart[c];
            for (int r = 0; r < rpg; r++) {
                for (int e = sc.start(c); e < sc.start(c) + sc.size(c); e++) {
                    tmpl[p++] = r * spatialRows + relRow[e];
                }
            }
        }
        return tmpl;
    }

    /** @return the per-(class, input channel) value blocks, in the order of the templates */
    private static double[] valueBlocks(GatherGeometry g, SpatialClasses sc, double[] weight, int[] tmplStart,
            int templateLength) {
        int rpg = g.rowChannelsPerGroup();
        int cpg = g.colChannelsPerGroup();
        int taps = kernelVolume(g);
        int[] tap = sc.taps();
        double[] blocks = new double[templateLength * g.colChannels];
        for (int c = 0; c < sc.classes(); c++) {
            for (int ci = 0; ci < g.colChannels; ci++) {
                int p = tmplStart[c] * g.colChannels + ci * (rpg * sc.size(c));
                int group = ci / cpg;
                int cil = ci - group * cpg;
                for (int r = 0; r < rpg; r++) {
                    int wBase = ((group * rpg + r) * cpg + cil) * taps;
                    for (int e = sc.start(c); e < sc.start(c) + sc.size(c); e++) {
                        blocks[p++] = weight[wBase + tap[e]];
                    }
                }
            }
        }
        return blocks;
    }

    /** Allocates (or reuses) the arrays and writes every column, in parallel ranges. */
    private static void writeColumns(ColumnWriter writer, CscBuffers buffers, int cols, int nnz, int threads,
            int minPiece, long overlapBytes) {
        if (threads >= 2 && !buffers.fits(cols, nnz) && 12L * nnz >= overlapBytes) {
            // fresh arrays: the JVM zeroes each on the allocating thread, and on a fresh heap that zeroing is
            // also the first touch of the memory. One thread allocates the pattern and writes it while the
            // other allocates the (twice as large) values; then all threads write the values.
            Ranges.runPieces(2, 2, piece -> {
                if (piece == 0) {
                    buffers.ensurePattern(cols, nnz);
                    writer.write(0, cols, buffers.colPtr(), buffers.rowIdx(), null);
                } else {
                    buffers.ensureValues(nnz);
                }
            });
            double[] values = buffers.values();
            Ranges.run(threads, cols, minPiece, (from, to) -> writer.write(from, to, null, null, values));
        } else {
            buffers.ensure(cols, nnz);
            int[] colPtr = buffers.colPtr();
            int[] rowIdx = buffers.rowIdx();
            double[] values = buffers.values();
            if ((long) nnz >= (long) SPLIT_COLUMN_LENGTH * cols) {
                Ranges.run(threads, cols, minPiece, (from, to) -> {
                    writer.write(from, to, colPtr, rowIdx, null);
                    writer.write(from, to, null, null, values);
                });
            } else {
                Ranges.run(threads, cols, minPiece, (from, to) -> writer.write(from, to, colPtr, rowIdx, values));
            }
        }
        buffers.colPtr()[cols] = nnz;
    }

    /**
     * Builds of at least this many bytes into fresh arrays overlap the allocation of the values with the
     * writing of the pattern (cold build of the L layer: about 0.21 s against 0.34 s allocating both first).
     */
    static final long OVERLAP_BYTES = 64L << 20;

    /**
     * Columns at least this long on average are written in two passes (pattern, then values) also into
     * reused arrays: as fast as one pass there, and the same code as the cold build's, so that the JIT
     * has compiled it by the second build. Shorter columns are written in one pass.
     */
    static final int SPLIT_COLUMN_LENGTH = 32;

    /**
     * Writes the columns of {@code W} from the templates and value blocks: the pattern (column pointers
     * and rows), the values, or both in one pass. Holds no mutable state: ranges may be written by
     * concurrent threads.
     */
    private static final class ColumnWriter {
        private final GatherGeometry g;
        private final SpatialClasses sc;
        private final double[] weight;
        private final int kernelVolume;
        private final int[] tmpl;
        private final int[] tmplStart;
        private final double[] valueBlocks;
        private final ColumnRuns runs;
        private final long perChannel;
        private final ColumnPrefix prefix;
        private final int spatialRows;
        private final int spatialCols;
        private final int[] taps;

        ColumnWriter(GatherGeometry g, SpatialClasses sc, double[] weight, int kernelVolume, int[] tmpl, int[] tmplStart,
                double[] valueBlocks, ColumnRuns runs, long perChannel, ColumnPrefix prefix) {
            this.g = g;
            this.sc = sc;
            this.weight = weight;
            this.kernelVolume = kernelVolume;
            this.tmpl = tmpl;
            this.tmplStart = tmplStart;
            this.valueBlocks = valueBlocks;
            this.runs = runs;
            this.perChannel = perChannel;
            this.prefix = prefix;
            this.spatialRows = (int) saturatingVolume(g.rowSpatial);
            this.spatialCols = (int) saturatingVolume(g.colSpatial);
            this.taps = sc.taps();
        }

        /**
         * Writes columns {@code [from, to)}: the pointers and rows where {@code rowIdx} is not null, the values
         * where {@code values} is not null; both in one pass where both are given (for short columns, where a
         * second walk over the columns would cost about as much as the writing).
         */
        void write(int from, int to, int[] colPtr, int[] rowIdx, double[] values) {
            int rpg = g.rowChannelsPerGroup();
            int cpg = g.colChannelsPerGroup();
            int ci = from / spatialCols;
            Odometer o = new Odometer(g, sc, from - ci * spatialCols);
            int p = (int) (ci * perChannel + prefix.of(from - ci * spatialCols));
            int group = ci / cpg;
            int rowBase = group * rpg * spatialRows;
            for (int col = from; col < to; col++) {
                int c = o.cls;
                int t0 = tmplStart[c];
                int len = tmplStart[c + 1] - t0;
                int add = rowBase + o.base;
                int run = runs == null ? 1 : Math.min(runs.runFrom(o.lastIndex()), to - col);
                if (run > 1) {
                    runs.write(col, run, t0, t0 * g.colChannels + ci * len, len, add, p, colPtr, rowIdx, values);
                    p += run * len;
                    col += run - 1;
                    if (o.skip(run)) {
                        ci++;
                        group = ci / cpg;
                        rowBase = group * rpg * spatialRows;
                    }
                    continue;
                }
                if (rowIdx != null) {
                    colPtr[col] = p;
                }
                if (rowIdx != null && values != null && valueBlocks != null) {
                    copyColumn(tmpl, t0, add, valueBlocks, t0 * g.colChannels + ci * len, rowIdx, values, p, len);
                } else {
                    if (rowIdx != null) {
                        offsetCopy(tmpl, t0, rowIdx, p, len, add);
                    }
                    if (values != null && valueBlocks != null) {
                        copy(valueBlocks, t0 * g.colChannels + ci * len, values, p, len);
                    } else if (values != null) {
                        int wBase = (group * rpg * cpg + ci - group * cpg) * kernelVolume;
                        gatherValues(weight, wBase, cpg * kernelVolume, taps, sc.start(c), sc.size(c), rpg,
                                values, p);
                    }
                }
                p += len;
                if (o.next()) {
                    ci++;
                    group = ci / cpg;
                    rowBase = group * rpg * spatialRows;
                }
            }
        }
    }

    /** @return {@code Π dims}, or {@code Long.MAX_VALUE} where it would overflow */
    static long saturatingVolume(int[] dims) {
        long v = 1;
        for (int n : dims) {
            v = saturatingProduct(v, n);
        }
        return v;
    }

    /** @return {@code a·b} for non-negative factors, or {@code Long.MAX_VALUE} where it would overflow */
    static long saturatingProduct(long a, long b) {
        return b != 0 && a > Long.MAX_VALUE / b ? Long.MAX_VALUE : a * b;
    }

    /**
     * One column: rows {@code tmpl[t0 + i] + add} and values {@code block[b0 + i]} at {@code p + i}, in one
     * loop (the JIT vectorises it).
     */
    static void copyColumn(int[] tmpl, int t0, int add, double[] block, int b0, int[] rows, double[] values, int p,
            int len) {
        for (int i = 0; i < len; i++) {
            rows[p + i] = tmpl[t0 + i] + add;
            values[p + i] = block[b0 + i];
        }
    }

    /**
     * {@code dst[dstPos + i] = src[srcPos + i]} for {@code i < len}: a loop the JIT vectorises, cheaper than
     * {@code System.arraycopy} on the short columns of single-channel layers (9 entries for 3×3).
     */
    static void copy(double[] src, int srcPos, double[] dst, int dstPos, int len) {
        for (int i = 0; i < len; i++) {
            dst[dstPos + i] = src[srcPos + i];
        }
    }

    /**
     * {@code dst[dstPos + i] = src[srcPos + i] + add} for {@code i < len}. A method of its own so the JIT
     * compiles (and vectorises) it within the first build instead of after an on-stack replacement.
     */
    static void offsetCopy(int[] src, int srcPos, int[] dst, int dstPos, int len, int add) {
        for (int i = 0; i < len; i++) {
            dst[dstPos + i] = src[srcPos + i] + add;
        }
    }

    /** The values of one column: for each of {@code rpg} output channels, the weights of the class' taps. */
    static void gatherValues(double[] weight, int wBase, int wStride, int[] tap, int start, int size, int rpg,
            double[] dst, int p) {
        for (int r = 0; r < rpg; r++, wBase += wStride) {
            for (int e = start; e < start + size; e++) {
                dst[p++] = weight[wBase + tap[e]];
            }
        }
    }

    /**
     * The first entry of each spatial column within one channel, in closed form, so that every thread can
     * start its range of columns without a sequential prefix sum. With {@code c_a(i)} the entries of axis
     * {@code a} at position {@code i}, {@code P_a(i) = Σ_{i' < i} c_a(i')} and {@code S_a = P_a(n_a)}, the
     * row-major column {@code q} starts at
     * {@code rpg · Σ_a (Π_{b<a} c_b(q_b)) · P_a(q_a) · (Π_{b>a} S_b)}.
     */
    private static final class ColumnPrefix {
        private final int[] n;
        private final long[][] prefix;
        private final long[][] count;
        private final long[] suffixTotal;
        private final int rpg;

        ColumnPrefix(GatherGeometry g, SpatialClasses sc, int rpg) {
            int d = g.dims();
            n = g.colSpatial;
            this.rpg = rpg;
            prefix = new long[d][];
            count = new long[d][];
            suffixTotal = new long[d + 1];
            for (int a = 0; a < d; a++) {
                AxisClasses ax = sc.axis(a);
                prefix[a] = new long[n[a] + 1];
                count[a] = new long[n[a]];
                for (int i = 0; i < n[a]; i++) {
                    count[a][i] = ax.size(ax.classOf(i));
                    prefix[a][i + 1] = prefix[a][i] + count[a][i];
                }
            }
            suffixTotal[d] = 1;
            for (int a = d - 1; a >= 0; a--) {
                suffixTotal[a] = suffixTotal[a + 1] * prefix[a][n[a]];
            }
        }

        /** @return the first entry of spatial column {@code q} (row-major flat) within its channel */
        long of(int q) {
            int d = n.length;
            int[] idx = new int[d];
            for (int a = d - 1; a >= 0; a--) {
                idx[a] = q % n[a];
                q /= n[a];
            }
            long sum = 0;
            long before = 1;
            for (int a = 0; a < d; a++) {
                sum += before * prefix[a][idx[a]] * suffixTotal[a + 1];
                before *= count[a][idx[a]];
            }
            return rpg * sum;
        }
    }

    /** Walks the spatial columns in row-major order, keeping the class and base row of the current one. */
    private static final class Odometer {
        private final int[] n;
        private final int[] rowStride;
        private final AxisClasses[] axes;
        private final int[] classStride;
        private final int[] idx;
        int cls;
        int base;

        Odometer(GatherGeometry g, SpatialClasses sc, int start) {
            int d = g.dims();
            n = g.colSpatial;
            axes = new AxisClasses[d];
            classStride = new int[d];
            rowStride = new int[d];
            int stride = 1;
            for (int a = d - 1; a >= 0; a--) {
                axes[a] = sc.axis(a);
                classStride[a] = sc.classStride(a);
                rowStride[a] = stride;
                stride *= g.rowSpatial[a];
            }
            idx = new int[d];
            for (int a = d - 1; a >= 0; a--) {
                idx[a] = start % n[a];
                start /= n[a];
            }
            recompute();
        }

        private void recompute() {
            cls = 0;
            base = 0;
            for (int a = 0; a < idx.length; a++) {
                cls += axes[a].classOf(idx[a]) * classStride[a];
                base += axes[a].firstOutput(idx[a]) * rowStride[a];
            }
        }

        /** @return the current column's position along the last axis */
        int lastIndex() {
            return idx[idx.length - 1];
        }

        /**
         * Advances by {@code run} columns of one run ({@link ColumnRuns}: same class, first output one further
         * each step along the last axis); @return whether the last step wrapped to the next channel.
         */
        boolean skip(int run) {
            idx[idx.length - 1] += run - 1;
            base += run - 1;
            return next();
        }

        /** Advances to the next column; @return whether it wrapped to the next channel. */
        boolean next() {
            int last = idx.length - 1;
            if (++idx[last] < n[last]) {
                AxisClasses ax = axes[last];
                cls += (ax.classOf(idx[last]) - ax.classOf(idx[last] - 1)) * classStride[last];
                base += (ax.firstOutput(idx[last]) - ax.firstOutput(idx[last] - 1)) * rowStride[last];
                return false;
            }
            idx[last] = 0;
            int a = last - 1;
            while (a >= 0 && ++idx[a] == n[a]) {
                idx[a] = 0;
                a--;
            }
            recompute();
            return a < 0;
        }
    }
}
