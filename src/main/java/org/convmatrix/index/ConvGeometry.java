package org.convmatrix.index;

import java.util.Arrays;
import org.convmatrix.spec.ConvSpec;
import org.convmatrix.spec.Op;
import org.convmatrix.spec.PaddingMode;

/**
 * The gather (convolution) that a layer's matrix {@code W} represents, shared by the lowering
 * ({@code lower}) and the matrix-free operator ({@code operator}); the reference layers compute theirs
 * independently on purpose.
 *
 * <p>Rows of {@code W} are {@code (rowChannel, position in rowSpatial)}, columns
 * {@code (colChannel, position in colSpatial)}, both flat row-major with the channel first. Per axis
 * {@code a}, row position {@code o_a} reads through tap {@code j_a} the padded position
 * {@code t_a = o_a·s_a + j_a·d_a}, i.e. column position {@code src(t_a - p_a)} with {@code p_a} =
 * {@link #padBefore()} and {@code src} = {@link PaddingMode#source(int, int)} of {@link #mode()}.
 * <ul>
 *   <li>conv: rows {@code C_out × m} (its output), columns {@code C_in × n} (its input), the layer's padding
 *       mode.</li>
 *   <li>conv_transpose: the convolution whose adjoint the layer is, read with the same weight tensor:
 *       rows {@code C_in × n} (the layer's input), columns {@code C_out × n'} (its output), zero padding
 *       {@code p} before (what the layer crops).</li>
 * </ul>
 * Immutable.
 */
public final class ConvGeometry {
    private final int rowChannels;
    private final int colChannels;
    private final int[] rowSpatial;
    private final int[] colSpatial;
    private final int[] padBefore;
    private final PaddingMode mode;

    private ConvGeometry(int rowChannels, int colChannels, int[] rowSpatial, int[] colSpatial, int[] padBefore,
            PaddingMode mode) {
        this.rowChannels = rowChannels;
        this.colChannels = colChannels;
        this.rowSpatial = rowSpatial;
        this.colSpatial = colSpatial;
        this.padBefore = padBefore;
        this.mode = mode;
    }

    /**
     * @param spec         a validated spec
     * @param inputSpatial the layer's spatial input shape, validated here by {@link ConvSpec#outputSpatial}
     */
    public static ConvGeometry of(ConvSpec spec, int[] inputSpatial) {
        int[] outputSpatial = spec.outputSpatial(inputSpatial);
        int[] pads = new int[spec.dims()];
        for (int a = 0; a < pads.length; a++) {
            pads[a] = spec.padBefore(a);
        }
        if (spec.op() == Op.CONV) {
            return new ConvGeometry(spec.outChannels(), spec.inChannels(), outputSpatial, inputSpatial.clone(), pads,
                    spec.paddingMode());
        }
        return new ConvGeometry(spec.inChannels(), spec.outChannels(), inputSpatial.clone(), outputSpatial, pads,
                PaddingMode.ZEROS);
    }

    /** @return the channels of the rows: {@code C_out} for conv, {@code C_in} for conv_transpose */
    public int rowChannels() {
        return rowChannels;
    }

    /** @return the channels of the columns: {@code C_in} for conv, {@code C_out} for conv_transpose */
    public int colChannels() {
        return colChannels;
    }

    /** @return the spatial shape of the rows: the conv's output, the conv_transpose's input */
    public int[] rowSpatial() {
        return rowSpatial.clone();
    }

    /** @return the spatial shape of the columns: the conv's input, the conv_transpose's output */
    public int[] colSpatial() {
        return colSpatial.clone();
    }

    /** @return the padding before each axis, {@code p_a} */
    public int[] padBefore() {
        return padBefore.clone();
    }

    /** @return how padded positions read the columns: the layer's mode for conv, zeros for conv_transpose */
    public PaddingMode mode() {
        return mode;
    }

    /** @return {@code [rowChannels, *rowSpatial]}, what the rows of {@code W} index */
    public int[] rowShape() {
        return prepend(rowChannels, rowSpatial);
    }

    /** @return {@code [colChannels, *colSpatial]}, what the columns of {@code W} index */
    public int[] colShape() {
        return prepend(colChannels, colSpatial);
    }

    /**
     * The padded-position source map of one channel: padded position {@code t} (flat row-major in
     * {@code padded}) reads the unpadded position {@code src(t - p)} (flat row-major in {@code unpadded}), per
     * axis {@code src_a(t_a - p_a)} = {@link PaddingMode#source(int, int)}; {@code -1} where the mode reads 0
     * (outside the input, zero padding). {@code padded} may be any extent, e.g. {@code n + p_b + p_a} (the
     * padding matrix) or the positions some output reads (the matrix-free gather).
     *
     * @param padded   the padded grid's shape; its volume must fit an {@code int}
     * @param unpadded the input's spatial shape
     * @param padBefore the padding before each axis
     * @param mode     the padding mode
     * @return {@code Π padded} flat sources
     */
    public static int[] sourceMap(int[] padded, int[] unpadded, int[] padBefore, PaddingMode mode) {
        int d = padded.length;
        int[][] axis = new int[d][];
        int size = 1;
        for (int a = 0; a < d; a++) {
            axis[a] = new int[padded[a]];
            for (int t = 0; t < padded[a]; t++) {
                axis[a][t] = mode.source(t - padBefore[a], unpadded[a]);
            }
            size = Math.multiplyExact(size, padded[a]);
        }
        int[] src = new int[size];
        int[] t = new int[d];
        for (int flat = 0; flat < size; flat++) {
            int s = 0;
            for (int a = 0; a < d && s >= 0; a++) {
                int sa = axis[a][t[a]];
                s = sa < 0 ? -1 : s * unpadded[a] + sa;
            }
            src[flat] = s;
            for (int a = d - 1; a >= 0 && ++t[a] == padded[a]; a--) {
                t[a] = 0;
            }
        }
        return src;
    }

    private static int[] prepend(int first, int[] rest) {
        int[] s = new int[rest.length + 1];
        s[0] = first;
        System.arraycopy(rest, 0, s, 1, rest.length);
        return s;
    }

    @Override
    public String toString() {
        return "gather rows " + rowChannels + "x" + Arrays.toString(rowSpatial) + ", cols " + colChannels + "x"
                + Arrays.toString(colSpatial);
    }
}
