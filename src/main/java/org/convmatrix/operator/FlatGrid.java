package org.convmatrix.operator;

import java.util.Arrays;
import org.convmatrix.parallel.Ranges;

/**
 * The products of {@link MatrixFreeConv} for layers with stride 1 on every axis, computed in blocks of the
 * whole padded grid from shifted copies of the source (an im2col by blocks), so that C2 compiles the innermost
 * loop to SIMD code.
 *
 * <p><b>The flat gather.</b> With stride 1, output position {@code o} reads the padded position
 * {@code o + j·d}; in the padded grid's flat row-major numbering ({@code T_a} positions per axis) output
 * {@code o} sits at {@code φ(o) = Σ_a o_a·stride_a(T)} and reads {@code xpad[c, φ(o) + τ_j]}, with the tap
 * offset {@code τ_j = Σ_a j_a·d_a·stride_a(T)} the same for every output. So
 * <pre>  acc[p] = Σ_u w[r, u]·xpad[c_u, p + τ_u],   0 <= p < F = φ(m − 1) + 1,</pre>
 * and {@code (W·x)[r, o] = acc[φ(o)]}; the positions {@code p} that are no {@code φ(o)} (the {@code T_a − m_a}
 * columns between output rows) are computed and dropped, a waste of {@code F / Π m − 1} (3.6 % for a 3×3
 * kernel on 56×56). The adjoint is the same gather with negative shifts: with {@code ybuf[r, M + φ(o)] = y[r, o]}
 * and zero elsewhere ({@code M = max τ}),
 * <pre>  gpad[c, t] = Σ_{r, j} w[r, c, j]·ybuf[r, M + t − τ_j],   0 <= t < Π T = F + M,</pre>
 * which {@link MatrixFreeConv} folds onto the columns as before ({@code Pᵀ}).
 *
 * <p><b>Why copies.</b> HotSpot's C2 (JDK 17) vectorises {@code d[i] += a₀·s₀[i] + a₁·s₁[i] + a₂·s₂[i]} only when
 * every array is indexed by the same expression: sources at different offsets of one array (the row-by-row
 * loops) or a second destination in the same loop leave it scalar (measured: 3–4 against 13 multiply-adds per
 * ns on one core). So each block of {@link #block} positions first copies, for every term {@code u}, its
 * shifted source {@code xpad[c_u, p₀ + τ_u + i]} into a row {@code rows[u][i]} of its own, then adds the terms
 * three at a time ({@link #addThree}) into one block per destination channel. The rows are copied one group at a
 * time, and only where {@link #MIN_SHARED} or more destination channels per group share them. Terms go in passes of
 * {@link #CHUNK} threes over all destination channels of the group, so the nine source rows of a pass stay in
 * the first-level cache and the destination blocks in the second. Blocks are independent and go to the
 * threads as they free up.
 *
 * <p><b>Same numbers.</b> Every element sums the same products, grouped in the same threes and in the same order
 * as the row-by-row loops ({@link MatrixFreeKernels}), so the forward results are bit-identical to them, for
 * any thread count; the adjoint also adds, for the zeros between rows, products {@code w·0}, which change at
 * most the sign of a zero result. That needs finite weights ({@code ∞·0} is NaN), so {@link #of} requires them.
 *
 * <p><b>Memory.</b> Per worker thread the rows of one group's terms ({@code (C/G)·K × block} doubles, {@code K} the
 * taps) and one block per destination channel of a group (the block, 64 to 256 positions, is chosen so these take
 * about 256 KiB); per calling thread, for the adjoint, the spread copy of {@code y} and the padded gradient
 * ({@code C_row·(M + Π T) + C_col·Π T} doubles). Pieces of work are position blocks, and for small grids with many channels also
 * ranges of destination channels, so two threads always have work.
 */
final class FlatGrid {
    /** The flat range may exceed the outputs by at most this factor (else the row-by-row loops are used). */
    private static final double MAX_WASTE = 2.0;
    /**
     * Destination channels per group that must share the copied rows for the flat path to pay: the copies cost
     * about {@code 1/shared} of the multiply-adds (a depthwise layer copies as much as it computes, and the
     * row-by-row loops are faster there).
     */
    static final int MIN_SHARED = 4;
    /** Bytes of destination blocks (one per destination channel of a group) the block length aims at. */
    private static final int ACC_BYTES = 1 << 18;
    private static final int MIN_BLOCK = 64;
    private static final int MAX_BLOCK = 256;
    /** Threes of terms per pass over the destination channels: their 9 rows of a block stay in L1. */
    private static final int CHUNK = 3;

    private final MatrixFreeGeometry g;
    /** {@code F}: flat positions from the first to one past the last output. */
    final int flatLength;
    /** {@code M}: the largest tap offset {@code τ}. */
    final int margin;
    /** Positions per block. */
    final int block;
    /** Whether {@code W·x} takes this path ({@code C_row/G >= minShared}). */
    final boolean forward;
    /** Whether {@code Wᵀ·y} takes this path ({@code C_col/G >= minShared}). */
    final boolean adjoint;
    private final ThreadLocal<Scratch> scratch;
    private final ThreadLocal<double[]> spreadY;
    private final ThreadLocal<double[]> gradient;

    /** One worker's rows (the terms of one group) and destination blocks (the destinations of one group). */
    private static final class Scratch {
        final double[][] rows;
        final double[][] acc;

        Scratch(int rows, int destinations, int block) {
            this.rows = new double[rows][block];
            this.acc = new double[destinations][block];
        }
    }

    private FlatGrid(MatrixFreeGeometry g, boolean forward, boolean adjoint) {
        this.g = g;
        this.forward = forward;
        this.adjoint = adjoint;
        this.flatLength = g.rowOffset[g.rowOffset.length - 1] + g.rowLength;
        this.margin = g.termOffset[g.kernelVolume - 1];
        int perGroup = Math.max(g.colsPerGroup, g.rowsPerGroup);
        this.block = blockLength(perGroup);
        this.scratch = ThreadLocal.withInitial(() -> new Scratch(perGroup * g.kernelVolume, perGroup, block));
        this.spreadY = ThreadLocal.withInitial(() -> new double[Math.toIntExact(spreadLength(g, margin))]);
        this.gradient = ThreadLocal.withInitial(() -> new double[g.colChannels * g.padSize]);
    }

    /** The largest power of two in {@code [MIN_BLOCK, MAX_BLOCK]} whose destination blocks fit {@link #ACC_BYTES}. */
    private static int blockLength(int destinations) {
        int b = MAX_BLOCK;
        while (b > MIN_BLOCK && (long) destinations * b * Double.BYTES > ACC_BYTES) {
            b >>= 1;
        }
        return b;
    }

    private static long spreadLength(MatrixFreeGeometry g, int margin) {
        return (long) g.rowChannels * ((long) margin + g.padSize);
    }

    /**
     * @return the flat plan, or {@code null} when it does not apply: a stride other than 1, a weight that is not
     *     finite, a flat range more than {@link #MAX_WASTE} times the outputs, or fewer than {@code minShared}
     *     destination channels per group in both directions ({@link #MIN_SHARED} in production, 1 in tests);
     *     the adjoint is also left out when its buffers would exceed a Java array
     */
    static FlatGrid of(MatrixFreeGeometry g, int[] stride, double[] weight, int minShared) {
        for (int s : stride) {
            if (s != 1) {
                return null;
            }
        }
        for (double w : weight) {
            if (!Double.isFinite(w)) {
                return null;
            }
        }
        boolean forward = g.rowsPerGroup >= minShared;
        boolean adjoint = g.colsPerGroup >= minShared;
        int flatLength = g.rowOffset[g.rowOffset.length - 1] + g.rowLength;
        int margin = g.termOffset[g.kernelVolume - 1];
        boolean fits = spreadLength(g, margin) <= org.convmatrix.spec.ArrayLimits.MAX_ARRAY;
        adjoint &= fits;
        if (!(forward || adjoint) || flatLength > MAX_WASTE * g.rowSize) {
            return null;
        }
        return new FlatGrid(g, forward, adjoint);
    }

    /**
     * Pieces of work: {@code blocks} position blocks times enough destination ranges that there are at least
     * {@code 2·threads} pieces (a small grid with many channels is split by channel, not left to one thread).
     */
    private static int parts(int blocks, int destinations, int threads) {
        return Math.max(1, Math.min(destinations, (2 * threads + blocks - 1) / blocks));
    }

    /** One piece: the block of positions starting at {@code p0}, destination channels {@code [from, to)}. */
    @FunctionalInterface
    private interface BlockTask {
        void run(int p0, int from, int to);
    }

    /** Runs {@code task} over the blocks of {@code positions} times the destination ranges of {@link #parts}. */
    private void runBlocks(int positions, int destinations, int threads, BlockTask task) {
        int blocks = (positions + block - 1) / block;
        int parts = parts(blocks, destinations, threads);
        Ranges.runPieces(threads, blocks * parts, piece -> {
            int part = piece % parts;
            task.run((piece / parts) * block, (int) ((long) destinations * part / parts),
                    (int) ((long) destinations * (part + 1) / parts));
        });
    }

    /** {@code y = W·x} from the padded input {@code xpad} ({@code C_col × Π T}). */
    void forward(double[] weight, double[] xpad, double[] y, int threads) {
        runBlocks(flatLength, g.rowChannels, threads, (p0, from, to) -> forwardBlock(weight, xpad, y, p0, from, to));
    }

    /** Row channels {@code [rFrom, rTo)} of the block at {@code p0}, group by group. */
    private void forwardBlock(double[] weight, double[] xpad, double[] y, int p0, int rFrom, int rTo) {
        Scratch s = scratch.get();
        int len = Math.min(block, flatLength - p0);
        int[] term = g.termOffset;
        int n = term.length; // (C_col/G)·K terms per row, u = cl·K + j
        int triples = n / 3;
        for (int group = rFrom / g.rowsPerGroup; group * g.rowsPerGroup < rTo; group++) {
            for (int cl = 0; cl < g.colsPerGroup; cl++) {
                int from = (group * g.colsPerGroup + cl) * g.padSize + p0;
                for (int j = 0; j < g.kernelVolume; j++) {
                    System.arraycopy(xpad, from + term[j], s.rows[cl * g.kernelVolume + j], 0, len);
                }
            }
            int rFirst = Math.max(rFrom, group * g.rowsPerGroup);
            int rEnd = Math.min(rTo, (group + 1) * g.rowsPerGroup);
            for (int r = rFirst; r < rEnd; r++) {
                Arrays.fill(s.acc[r - rFirst], 0, len, 0.0);
            }
            for (int t0 = 0; t0 < triples; t0 += CHUNK) {
                int t1 = Math.min(triples, t0 + CHUNK);
                for (int r = rFirst; r < rEnd; r++) {
                    double[] acc = s.acc[r - rFirst];
                    int w = r * n;
                    for (int u = 3 * t0; u < 3 * t1; u += 3) {
                        addThree(acc, s.rows[u], s.rows[u + 1], s.rows[u + 2], len,
                                weight[w + u], weight[w + u + 1], weight[w + u + 2]);
                    }
                }
            }
            int u = 3 * triples;
            for (int r = rFirst; r < rEnd; r++) {
                double[] acc = s.acc[r - rFirst];
                int w = r * n;
                if (n - u == 2) {
                    addTwo(acc, s.rows[u], s.rows[u + 1], len, weight[w + u], weight[w + u + 1]);
                } else if (n - u == 1) {
                    addOne(acc, s.rows[u], len, weight[w + u]);
                }
                copyOutputs(acc, p0, len, y, r * g.rowSize);
            }
        }
    }

    /** {@code y[yBase + q·m_last + i] = acc[φ − p₀]} for the outputs {@code φ = rowOffset(q) + i} in the block. */
    private void copyOutputs(double[] acc, int p0, int len, double[] y, int yBase) {
        int[] rowOffset = g.rowOffset;
        int m = g.rowLength;
        int q = firstRow(p0);
        for (; q < rowOffset.length && rowOffset[q] < p0 + len; q++) {
            int from = Math.max(rowOffset[q], p0);
            int to = Math.min(rowOffset[q] + m, p0 + len);
            if (from < to) {
                System.arraycopy(acc, from - p0, y, yBase + q * m + (from - rowOffset[q]), to - from);
            }
        }
    }

    /** The first output row that ends after {@code p0}. */
    private int firstRow(int p0) {
        int lo = 0;
        int hi = g.rowOffset.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (g.rowOffset[mid] + g.rowLength <= p0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /**
     * {@code Wᵀ·y} on the padded grid: returns {@code gpad} ({@code C_col × Π T}, kept per calling thread) for
     * {@link MatrixFreeConv} to fold; terms in the order of the row-by-row scatter, row channels in threes, then
     * taps.
     */
    double[] adjoint(double[] weight, double[] y, int threads) {
        double[] ybuf = spreadY.get();
        double[] gpad = gradient.get();
        Ranges.run(threads, g.rowChannels, Math.max(1, (1 << 16) / g.padSize), (from, to) -> spread(y, from, to, ybuf));
        runBlocks(g.padSize, g.colChannels, threads, (t0, from, to) -> adjointBlock(weight, ybuf, gpad, t0, from, to));
        return gpad;
    }

    /** {@code ybuf[r, M + φ(o)] = y[r, o]}, zero elsewhere, for row channels {@code from <= r < to}. */
    private void spread(double[] y, int from, int to, double[] ybuf) {
        int b = margin + g.padSize;
        int m = g.rowLength;
        for (int r = from; r < to; r++) {
            int base = r * b;
            Arrays.fill(ybuf, base, base + b, 0.0);
            for (int q = 0; q < g.rowOffset.length; q++) {
                System.arraycopy(y, r * g.rowSize + q * m, ybuf, base + margin + g.rowOffset[q], m);
            }
        }
    }

    /** Column channels {@code [cFrom, cTo)} of the block at {@code t0}, group by group. */
    private void adjointBlock(double[] weight, double[] ybuf, double[] gpad, int t0, int cFrom, int cTo) {
        Scratch s = scratch.get();
        int len = Math.min(block, g.padSize - t0);
        int taps = g.kernelVolume;
        int b = margin + g.padSize;
        int wStride = g.colsPerGroup * taps; // weight of (r + 1, c, j) minus that of (r, c, j)
        int rowTriples = (g.rowsPerGroup + 2) / 3;
        int sequence = rowTriples * taps; // term threes (row channels r..r+2, tap j), r outer
        for (int group = cFrom / g.colsPerGroup; group * g.colsPerGroup < cTo; group++) {
            int rFirst = group * g.rowsPerGroup;
            for (int rl = 0; rl < g.rowsPerGroup; rl++) {
                int from = (rFirst + rl) * b + margin + t0;
                for (int j = 0; j < taps; j++) {
                    System.arraycopy(ybuf, from - g.termOffset[j], s.rows[rl * taps + j], 0, len);
                }
            }
            int cFirst = Math.max(cFrom, group * g.colsPerGroup);
            int cEnd = Math.min(cTo, (group + 1) * g.colsPerGroup);
            for (int c = cFirst; c < cEnd; c++) {
                Arrays.fill(s.acc[c - cFirst], 0, len, 0.0);
            }
            for (int q0 = 0; q0 < sequence; q0 += CHUNK) {
                int q1 = Math.min(sequence, q0 + CHUNK);
                for (int c = cFirst; c < cEnd; c++) {
                    double[] acc = s.acc[c - cFirst];
                    int cl = c - group * g.colsPerGroup;
                    for (int q = q0; q < q1; q++) {
                        int rl = 3 * (q / taps);
                        int j = q % taps;
                        int k = Math.min(3, g.rowsPerGroup - rl);
                        int w = ((rFirst + rl) * g.colsPerGroup + cl) * taps + j;
                        double[] y0 = s.rows[rl * taps + j];
                        if (k == 3) {
                            addThree(acc, y0, s.rows[(rl + 1) * taps + j], s.rows[(rl + 2) * taps + j], len,
                                    weight[w], weight[w + wStride], weight[w + 2 * wStride]);
                        } else if (k == 2) {
                            addTwo(acc, y0, s.rows[(rl + 1) * taps + j], len, weight[w], weight[w + wStride]);
                        } else {
                            addOne(acc, y0, len, weight[w]);
                        }
                    }
                }
            }
            for (int c = cFirst; c < cEnd; c++) {
                System.arraycopy(s.acc[c - cFirst], 0, gpad, c * g.padSize + t0, len);
            }
        }
    }

    /** {@code d[i] += a0·s0[i] + a1·s1[i] + a2·s2[i]}, {@code 0 <= i < len}: one index for every array. */
    static void addThree(double[] d, double[] s0, double[] s1, double[] s2, int len, double a0, double a1,
            double a2) {
        for (int i = 0; i < len; i++) {
            d[i] = MatrixFreeKernels.madd(d[i], a0, s0[i], a1, s1[i], a2, s2[i]);
        }
    }

    /** {@code d[i] += a0·s0[i] + a1·s1[i]}. */
    static void addTwo(double[] d, double[] s0, double[] s1, int len, double a0, double a1) {
        for (int i = 0; i < len; i++) {
            d[i] = MatrixFreeKernels.madd(d[i], a0, s0[i], a1, s1[i]);
        }
    }

    /** {@code d[i] += a0·s0[i]}. */
    static void addOne(double[] d, double[] s0, int len, double a0) {
        for (int i = 0; i < len; i++) {
            d[i] = MatrixFreeKernels.madd(d[i], a0, s0[i]);
        }
    }
}
