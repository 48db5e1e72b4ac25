package org.convmatrix.lower;

import org.convmatrix.spec.ArrayLimits;
import org.convmatrix.index.TapPattern;
import org.convmatrix.parallel.Ranges;
import org.convmatrix.sparse.CscBuffers;
import org.convmatrix.sparse.CscMatrix;
import org.convmatrix.sparse.CscOps;
import org.convmatrix.spec.ConvLayer;
import org.convmatrix.spec.ConvSpec;
import org.convmatrix.spec.InvalidSpecException;
import org.convmatrix.spec.Op;
import org.convmatrix.spec.PaddingMode;

/**
 * Lowers a convolution layer to the sparse matrix {@code W} with {@code conv(x) = W·x}.
 *
 * <p><b>The matrix.</b> With rows {@code (co, o)} and columns {@code (ci, i)} flat in row-major order,
 * <pre>  W[(co, o), (ci, i)] = w[co, ci - g·C_in/G, j]   where o·s + j·d - p_b = i per axis, g = co / (C_out/G)</pre>
 * and 0 elsewhere. For zero padding {@code W} is block Toeplitz: block {@code (co, ci)} is the
 * {@code d}-level Toeplitz matrix of the kernel {@code w[co, ci]}, zero outside the groups' blocks.
 * For reflect, replicate and circular padding {@code W = W₀·P}, with {@code W₀} the unpadded convolution
 * of the padded input and {@code P} the 0/1 padding matrix ({@link PaddingMatrix}). A conv_transpose layer
 * {@code ConvTranspose(w)} lowers to the matrix {@code W} of the convolution whose adjoint it is, so that
 * the layer is {@code Wᵀ·y} (see {@link LoweredConv#apply}).
 *
 * <p><b>The build.</b> One pass into CSC. The spatial pattern (which output position reads which input
 * position through which tap) is the Kronecker product of per-axis patterns ({@link TapPattern}); its
 * columns fall into a few classes of equal shape ({@link org.convmatrix.index.SpatialClasses}), so one
 * row template and one block of values per class and channel serve every column
 * ({@link ClassFill}). Column counts are {@code (C_out/G)·|pattern(i)|}, known before any value is
 * written, so column pointers are a prefix sum, rows come out sorted without sorting, and the fill
 * runs in parallel over column ranges. Nothing is boxed and nothing is allocated per entry.
 *
 * <p>Stateless and thread-safe.
 */
public final class KernelToMatrix {
    private static final String HINT = "; apply or verify the layer without storing W instead (apply --via "
            + "matrix_free or --via direct; MatrixFreeConv as a library)";

    private KernelToMatrix() {
    }

    /** Lowers a layer for one input shape on all available processors. */
    public static LoweredConv lower(ConvLayer layer, int[] inputSpatial) {
        return lower(layer, inputSpatial, Ranges.defaultThreads());
    }

    /**
     * Lowers a layer for one spatial input shape.
     *
     * @param inputSpatial the layer's spatial input shape (without batch and channel)
     * @param threads      threads for the fill ({@code >= 1}); the result does not depend on it
     * @throws InvalidSpecException when the input does not fit the layer, or {@code W} cannot be indexed
     *     with {@code int} or stored in this JVM's heap
     */
    public static LoweredConv lower(ConvLayer layer, int[] inputSpatial, int threads) {
        return new LoweredConv(layer, inputSpatial, matrix(layer, inputSpatial, threads));
    }

    /** @return {@code W} of the layer for the spatial input shape (see {@link #lower(ConvLayer, int[], int)}) */
    public static CscMatrix matrix(ConvLayer layer, int[] inputSpatial, int threads) {
        return matrix(layer, inputSpatial, threads, new CscBuffers());
    }

    /**
     * Builds {@code W} into reusable buffers: with buffers large enough from an earlier build nothing of
     * the size of {@code W} is allocated. The result wraps the buffers and is valid until their next use.
     * (Non-zero padding modes compose {@code W₀·P} into a fresh matrix.)
     */
    public static CscMatrix matrix(ConvLayer layer, int[] inputSpatial, int threads, CscBuffers buffers) {
        ConvSpec spec = layer.spec();
        GatherGeometry g = GatherGeometry.of(spec, inputSpatial);
        double[] weight = layer.weight().data();
        CscMatrix gathered = ClassFill.fill(g, weight, threads, buffers);
        if (spec.op() == Op.CONV && spec.paddingMode() != PaddingMode.ZEROS) {
            // W0·P has at most W0's entries: one more matrix of that size, plus P (one entry per padded element)
            requireMemory(12L * gathered.nnz() + 16L * gathered.cols(), gathered.nnz());
            CscMatrix w = CscOps.multiply(gathered, PaddingMatrix.of(spec, spec.inChannels(), inputSpatial));
            requireFiniteMerge(w, spec.paddingMode());
            return w;
        }
        return gathered;
    }

    /**
     * Refuses a {@code W = W₀·P} whose merged entries overflow. Reflect, replicate and circular padding
     * sum the taps that read one input element into one entry, {@code W[r, c] = Σ w_j}; with finite
     * weights that sum can exceed the double range while every product {@code w_j·x_c} of the layer
     * itself is finite (k = 3, replicate, {@code w = [1e308]×3}: {@code W[0, 0] = 2e308}). Such a
     * {@code W} is not the layer's matrix in doubles, so it is refused (the direct and matrix-free
     * paths, which never merge, compute the layer). Subnormal weights merge exactly: a sum in the
     * subnormal range is not rounded.
     *
     * @throws InvalidSpecException naming {@code weight}, the entry and its value
     */
    static void requireFiniteMerge(CscMatrix w, PaddingMode mode) {
        for (int p = 0; p < w.nnz(); p++) {
            if (!Double.isFinite(w.valueAt(p))) {
                int col = 0;
                while (w.colEnd(col) <= p) {
                    col++;
                }
                throw new InvalidSpecException("weight", "weight: the taps that padding_mode \"" + mode.jsonName()
                        + "\" maps onto one input element sum to " + w.valueAt(p) + " in W[" + w.rowAt(p) + ", "
                        + col + "], beyond the double range (max " + Double.MAX_VALUE + "), so W = W0*P cannot be "
                        + "stored; the layer itself may be finite: apply it without W (--via direct or --via "
                        + "matrix_free)");
            }
        }
    }

    /**
     * The number of entries {@code W} stores, in closed form, for zero padding and for conv_transpose
     * (reflect/replicate/circular may merge entries whose taps read the same input element, so there it is
     * an upper bound: the entries of {@code W₀}):
     * {@code C_col · (C_row/G) · Π_axes Σ_{j<k} |{o ∈ [0, m) : 0 <= o·s + j·d - p < n}|}, in
     * {@code O(Σ k_a)} time (each tap's outputs form an interval), saturating at {@link Long#MAX_VALUE}.
     * Commands call it before building anything, so that a {@code W} too large is refused at once.
     */
    public static long predictedNnz(ConvSpec spec, int... inputSpatial) {
        return predictedNnz(GatherGeometry.of(spec, inputSpatial));
    }

    static long predictedNnz(GatherGeometry g) {
        long spatial = 1;
        for (int a = 0; a < g.dims(); a++) {
            spatial = ClassFill.saturatingProduct(spatial, axisEntries(g.rowSpatial[a], g.colSpatial[a], g.kernel[a],
                    g.stride[a], g.dilation[a], g.padBefore[a]));
        }
        return ClassFill.saturatingProduct(ClassFill.saturatingProduct(g.colChannels, g.rowChannelsPerGroup()), spatial);
    }

    /**
     * @return {@code Σ_{j<k} |{o ∈ [0, m) : 0 <= o·s + j·d - p < n}|}: tap {@code j} of output {@code o} reads
     *     {@code i = o·s + off}, {@code off = j·d - p}, inside the axis for
     *     {@code ceil(-off/s) <= o <= floor((n - 1 - off)/s)}
     */
    static long axisEntries(int m, int n, int k, int s, int d, int p) {
        long total = 0;
        for (int j = 0; j < k; j++) {
            long off = (long) j * d - p;
            long lo = Math.max(0, -Math.floorDiv(off, (long) s));
            long hi = Math.min(m - 1L, Math.floorDiv(n - 1 - off, (long) s));
            if (hi >= lo) {
                total += hi - lo + 1;
            }
        }
        return total;
    }

    /**
     * @param columns {@code true} for {@code WᵀW}, {@code false} for {@code WWᵀ}
     * @return the entries the Gram matrix stores (see {@link GramSize}), or -1 for reflect, replicate and
     *     circular padding, whose merged columns the formula does not count
     */
    public static long predictedGramNnz(ConvSpec spec, int[] inputSpatial, boolean columns) {
        return GramSize.predict(spec, inputSpatial, columns);
    }

    /**
     * Refuses, before anything is built, a layer whose {@code W} cannot be indexed with {@code int} or
     * stored in this JVM's heap (rows, columns and {@link #predictedNnz}).
     *
     * @throws InvalidSpecException naming {@code input}, the size and what to do instead
     */
    public static void requireStorable(ConvSpec spec, int... inputSpatial) {
        long[] size = predictedSize(spec, inputSpatial);
        requireMemory(12L * size[2] + 4L * (size[1] + 1), size[2]);
    }

    /**
     * As {@link #requireStorable} without the heap: for a JVM yet to be started with its own heap.
     *
     * @return {@code {rows, cols, nnz}} of {@code W}
     */
    public static long[] predictedSize(ConvSpec spec, int... inputSpatial) {
        GatherGeometry g = GatherGeometry.of(spec, inputSpatial);
        long rows = ClassFill.saturatingProduct(g.rowChannels, ClassFill.saturatingVolume(g.rowSpatial));
        long cols = ClassFill.saturatingProduct(g.colChannels, ClassFill.saturatingVolume(g.colSpatial));
        long nnz = predictedNnz(g);
        requireIndexable(rows, cols, nnz);
        return new long[] {rows, cols, nnz};
    }

    /**
     * Refuses an allocation of {@code needed} bytes (for a {@code W} of {@code nnz} nonzeros) that this JVM's
     * heap cannot give, before trying it: an {@code OutOfMemoryError} halfway through helps nobody.
     */
    static void requireMemory(long needed, long nnz) {
        if (needed <= 0) {
            return;
        }
        long available = allocatable();
        if (needed > available) {
            System.gc(); // garbage (an earlier W, say) counts as used until collected: collect once and look again
            available = allocatable();
        }
        if (needed > available) {
            throw new InvalidSpecException("input", "input: W would need " + needed + " more bytes (" + nnz + " nonzeros x 12 "
                    + "bytes) but this JVM can allocate about " + available + " more (raise -Xmx)" + HINT);
        }
    }

    private static long allocatable() {
        Runtime rt = Runtime.getRuntime();
        return rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
    }

    /**
     * Refuses, before allocating, a matrix whose dimensions or nonzeros exceed {@code int} indexing (the
     * heap is checked by {@link #requireMemory} for what the build must actually allocate).
     */
    static void requireIndexable(long rows, long cols, long nnz) {
        String hint = HINT;
        if (rows > ArrayLimits.MAX_ARRAY || cols > ArrayLimits.MAX_ARRAY) {
            throw new InvalidSpecException("input", "input: W would be " + rows + " x " + cols + ", more rows or columns than "
                    + ArrayLimits.MAX_ARRAY + " (int indexing)" + hint);
        }
        if (nnz > ArrayLimits.MAX_ARRAY) {
            throw new InvalidSpecException("input", "input: W would have " + nnz + " nonzeros, more than " + ArrayLimits.MAX_ARRAY
                    + " (the largest Java array)" + hint);
        }
    }
}
