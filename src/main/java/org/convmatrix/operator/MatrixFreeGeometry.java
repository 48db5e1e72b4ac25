package org.convmatrix.operator;

import org.convmatrix.index.ConvGeometry;
import org.convmatrix.spec.ArrayLimits;
import org.convmatrix.spec.ConvSpec;
import org.convmatrix.spec.InvalidSpecException;
import org.convmatrix.spec.PaddingMode;

/**
 * The gather that a layer's matrix {@code W} represents, resolved into flat offsets for
 * {@link MatrixFreeConv}: rows {@code (r, o)}, columns {@code (c, i)}, both flat row-major with the
 * channel first, exactly as {@code KernelToMatrix} numbers them.
 *
 * <p><b>The gather.</b> Per axis {@code a}, output position {@code o_a} reads through tap {@code j_a}
 * the padded position {@code t_a = o_a·s_a + j_a·d_a}, which is the column-space position
 * {@code i_a = t_a - p_a} ({@code p_a} the padding before); so
 * <pre>  (W·x)[r, o] = Σ_{c in group(r)} Σ_j w[r, c - g·C_col/G, j] · xpad[c, o·s + j·d],
 *   xpad[c, t] = x[c, src(t - p)]  (0 where the padding mode gives no source)</pre>
 * with {@code src} per axis {@link PaddingMode#source(int, int)}. The padded grid spans
 * {@code T_a = (m_a - 1)·s_a + (k_a - 1)·d_a + 1} positions, every position some output reads.
 * <ul>
 *   <li>conv: rows {@code C_out × m}, columns {@code C_in × n}, the layer's padding and mode
 *       (for reflect/replicate/circular this is {@code W = W₀·P}: the gather from the mode-padded input).</li>
 *   <li>conv_transpose: the convolution whose adjoint the layer is: rows {@code C_in × n} (the layer's input),
 *       columns {@code C_out × n'} (its output), zero padding {@code p} before (what the layer crops);
 *       the weight {@code [C_in, C_out/G, *k]} is read with the same formula.</li>
 * </ul>
 * The adjoint scatters into the padded grid and folds it back, {@code x[c, src(t - p)] += g[c, t]} (that is
 * {@code Pᵀ}). Immutable and thread-safe.
 */
final class MatrixFreeGeometry {
    final int dims;
    final int rowChannels;
    final int colChannels;
    final int rowsPerGroup;
    final int colsPerGroup;
    final int kernelVolume;
    /** {@code Π m}, the positions of one row channel. */
    final int rowSize;
    /** {@code Π n}, the positions of one column channel. */
    final int colSize;
    /** {@code Π T}, the positions of one padded column channel. */
    final int padSize;
    /** {@code m_{d-1}}, the length of one output row (the vectorised inner loop). */
    final int rowLength;
    /** {@code s_{d-1}}, the stride of the last axis. */
    final int lastStride;
    /** Offset in the padded grid of the first position output row {@code q} reads (outer axes only). */
    final int[] rowOffset;
    /**
     * Term {@code u = cl·K + j} (column channel {@code cl} within the group, tap {@code j}): its offset in the
     * padded buffer of the group's columns, {@code cl·Π T + Σ_a j_a·d_a·stride_a(T)}.
     */
    final int[] termOffset;
    /** Padded position {@code t} → column-space position {@code src(t - p)} flat, or {@code -1}. */
    final int[] sourceOf;

    private MatrixFreeGeometry(ConvGeometry gather, int groups, int[] kernel, int[] stride, int[] dilation) {
        int rowChannels = gather.rowChannels();
        int colChannels = gather.colChannels();
        int[] rowSpatial = gather.rowSpatial();
        int[] colSpatial = gather.colSpatial();
        int d = kernel.length;
        this.dims = d;
        this.rowChannels = rowChannels;
        this.colChannels = colChannels;
        this.rowsPerGroup = rowChannels / groups;
        this.colsPerGroup = colChannels / groups;
        int[] padded = new int[d];
        int taps = 1;
        int rows = 1;
        int cols = 1;
        int pad = 1;
        for (int a = 0; a < d; a++) {
            long extent = (long) (rowSpatial[a] - 1) * stride[a] + (long) (kernel[a] - 1) * dilation[a] + 1;
            padded[a] = toInt(extent, "padded input size [" + a + "]");
            taps = Math.multiplyExact(taps, kernel[a]);
            rows = Math.multiplyExact(rows, rowSpatial[a]);
            cols = Math.multiplyExact(cols, colSpatial[a]);
            pad = Math.multiplyExact(pad, padded[a]);
        }
        this.kernelVolume = taps;
        this.rowSize = rows;
        this.colSize = cols;
        this.padSize = pad;
        toInt((long) colChannels * pad, "padded input (" + colChannels + " channels x " + pad + " positions)");
        toInt((long) rowChannels * rows, "operator rows (" + rowChannels + " channels x " + rows + " positions)");
        toInt((long) colChannels * cols, "operator columns (" + colChannels + " channels x " + cols + " positions)");
        this.rowLength = rowSpatial[d - 1];
        this.lastStride = stride[d - 1];

        int[] padStride = rowMajorStrides(padded);
        this.rowOffset = new int[rows / rowLength];
        int[] o = new int[d];
        for (int q = 0; q < rowOffset.length; q++) {
            int off = 0;
            for (int a = 0; a < d - 1; a++) {
                off += o[a] * stride[a] * padStride[a];
            }
            rowOffset[q] = off;
            advance(o, rowSpatial, d - 2);
        }
        this.termOffset = new int[Math.multiplyExact(colsPerGroup, taps)];
        int[] j = new int[d];
        for (int tap = 0; tap < taps; tap++) {
            int off = 0;
            for (int a = 0; a < d; a++) {
                off += j[a] * dilation[a] * padStride[a];
            }
            for (int cl = 0; cl < colsPerGroup; cl++) {
                termOffset[cl * taps + tap] = cl * pad + off;
            }
            advance(j, kernel, d - 1);
        }
        this.sourceOf = ConvGeometry.sourceMap(padded, colSpatial, gather.padBefore(), gather.mode());
    }

    /**
     * @param spec         a validated spec
     * @param inputSpatial the layer's spatial input shape, validated here by {@link ConvSpec#outputSpatial}
     */
    static MatrixFreeGeometry of(ConvSpec spec, int[] inputSpatial) {
        return new MatrixFreeGeometry(ConvGeometry.of(spec, inputSpatial), spec.groups(), spec.kernelSize(),
                spec.stride(), spec.dilation());
    }

    /** @return the most products in one row of {@code W}: {@code (C_col/G)·K} */
    int termsPerRow() {
        return termOffset.length;
    }

    /** Row-major strides of a shape: {@code stride[a] = Π_{b > a} shape[b]}. */
    private static int[] rowMajorStrides(int[] shape) {
        int[] s = new int[shape.length];
        int acc = 1;
        for (int a = shape.length - 1; a >= 0; a--) {
            s[a] = acc;
            acc *= shape[a];
        }
        return s;
    }

    /** Advances the multi-index {@code idx[0..last]} in row-major order, wrapping to zeros after the end. */
    private static void advance(int[] idx, int[] shape, int last) {
        for (int a = last; a >= 0 && ++idx[a] == shape[a]; a--) {
            idx[a] = 0;
        }
    }

    private static int toInt(long value, String what) {
        if (value > ArrayLimits.MAX_ARRAY) {
            throw new InvalidSpecException("input", what + " = " + value + " exceeds the largest Java array ("
                    + ArrayLimits.MAX_ARRAY + " elements)");
        }
        return (int) value;
    }
}
