package org.convmatrix.lower;

import org.convmatrix.index.AxisClasses;

/**
 * Runs of short columns written as long copies. Along the last spatial axis (contiguous in both the rows
 * and the columns of {@code W}), neighbouring input positions {@code i, i+1} of one class whose first
 * outputs differ by exactly one have the same entries one row apart:
 * <pre>  rows(i + r) = rows(i) + r,   values(i + r) = values(i)   for r within the run</pre>
 * (away from the borders with stride 1 every position is in one run). A column of a single-channel 3×3
 * layer holds 9 entries, so writing it alone is mostly loop overhead; here {@code k} columns of a run
 * are written at once from a template that already holds {@code k} shifted copies of the class' rows
 * ({@code tmpl + r}) and a block that holds {@code k} copies of its values: one vectorised offset copy of
 * {@code k·len} rows and one {@code System.arraycopy} of {@code k·len} values.
 *
 * <p>Used only where the columns are short ({@code k >= 2} columns fit in {@link #ENTRIES} entries) and
 * the values come from per-class blocks. Immutable after construction; shared by the filling threads.
 */
final class ColumnRuns {
    /** Columns written in runs since the JVM started (a test sees that runs were used by what they did). */
    static final java.util.concurrent.atomic.LongAdder COLUMNS_WRITTEN = new java.util.concurrent.atomic.LongAdder();

    /** About this many entries are written per copy (a chunk of {@code k} columns of a run). */
    static final int ENTRIES = 256;

    /** Columns per chunk. */
    private final int chunkCols;
    private final int[] runLength;
    private final int[] runTmpl;
    private final double[] runBlocks;

    private ColumnRuns(int chunkCols, int[] runLength, int[] runTmpl, double[] runBlocks) {
        this.chunkCols = chunkCols;
        this.runLength = runLength;
        this.runTmpl = runTmpl;
        this.runBlocks = runBlocks;
    }

    /**
     * @param last      the classes of the last spatial axis
     * @param n         the input length of the last axis
     * @param tmpl      per-class row templates, class {@code c}'s from {@code tmplStart[c]} on (see {@link ClassFill})
     * @param tmplStart where each class' template starts; {@code tmplStart[classes] = tmpl.length}
     * @param blocks    per-(class, channel) value blocks, {@code tmplStart[c]·C + ci·len(c)}
     * @param channels  {@code C}, the column channels
     * @param maxLen    the longest column
     * @param entries   entries per chunk ({@link #ENTRIES}; smaller in tests, so that runs cross chunks)
     * @param limit     the most doubles the repeated blocks may take
     * @return the runs, or {@code null} where they do not pay (long columns, or too much memory)
     */
    static ColumnRuns of(AxisClasses last, int n, int[] tmpl, int[] tmplStart, double[] blocks, int channels, int maxLen,
            int entries, long limit) {
        int chunkCols = entries / Math.max(1, maxLen);
        if (chunkCols < 2 || blocks == null || (long) chunkCols * blocks.length > limit) {
            return null;
        }
        int[] runLength = runLengths(last, n);
        if (!anyRun(runLength)) {
            return null;
        }
        // class c's templates and blocks are len(c) long and start at tmplStart[c] (blocks: ·C); the repeated
        // ones start at chunkCols times those offsets, each holding chunkCols consecutive copies
        int[] runTmpl = new int[Math.multiplyExact(chunkCols, tmpl.length)];
        double[] runBlocks = new double[Math.multiplyExact(chunkCols, blocks.length)];
        for (int c = 0; c + 1 < tmplStart.length; c++) {
            int t0 = tmplStart[c];
            int len = tmplStart[c + 1] - t0;
            for (int r = 0; r < chunkCols; r++) {
                int q = chunkCols * t0 + r * len;
                for (int i = 0; i < len; i++) {
                    runTmpl[q + i] = tmpl[t0 + i] + r;
                }
            }
            for (int ci = 0; ci < channels; ci++) {
                int b0 = t0 * channels + ci * len;
                for (int r = 0; r < chunkCols; r++) {
                    System.arraycopy(blocks, b0, runBlocks, chunkCols * b0 + r * len, len);
                }
            }
        }
        return new ColumnRuns(chunkCols, runLength, runTmpl, runBlocks);
    }

    /** @return how many columns from last-axis position {@code i} on form one run (at least 1) */
    int runFrom(int i) {
        return runLength[i];
    }

    /**
     * Writes {@code run} columns of one run from column {@code col} on, the first at entry {@code p} with rows
     * {@code tmpl + add}: the pointers and rows where {@code rowIdx} is not null, the values where
     * {@code values} is not null.
     *
     * @param t0  where the class' template starts, {@code tmplStart[c]}
     * @param b0  the class' block of this channel, {@code tmplStart[c]·C + ci·len}
     * @param len the class' entries per column
     */
    void write(int col, int run, int t0, int b0, int len, int add, int p, int[] colPtr, int[] rowIdx,
            double[] values) {
        COLUMNS_WRITTEN.add(run);
        for (int k = 0; k < run; k += chunkCols) {
            int m = Math.min(chunkCols, run - k);
            int q = p + k * len;
            if (rowIdx != null) {
                for (int r = 0; r < m; r++) {
                    colPtr[col + k + r] = q + r * len;
                }
                ClassFill.offsetCopy(runTmpl, chunkCols * t0, rowIdx, q, m * len, add + k);
            }
            if (values != null) {
                System.arraycopy(runBlocks, chunkCols * b0, values, q, m * len);
            }
        }
    }

    private static boolean anyRun(int[] runLength) {
        for (int length : runLength) {
            if (length > 1) {
                return true;
            }
        }
        return false;
    }

    /** @return for each position {@code i} of the last axis, the columns from {@code i} to the end of its run */
    private static int[] runLengths(AxisClasses last, int n) {
        int[] runLength = new int[n];
        for (int i = n - 1; i >= 0; i--) {
            boolean joins = i + 1 < n && last.classOf(i + 1) == last.classOf(i)
                    && last.firstOutput(i + 1) == last.firstOutput(i) + 1;
            runLength[i] = joins ? runLength[i + 1] + 1 : 1;
        }
        return runLength;
    }
}
