package org.convmatrix.lower;

import java.util.Arrays;
import org.convmatrix.index.ConvGeometry;
import org.convmatrix.spec.ArrayLimits;
import org.convmatrix.spec.ConvSpec;
import org.convmatrix.spec.InvalidSpecException;
import org.convmatrix.spec.PaddingMode;

/**
 * The gather (convolution) that a layer's matrix {@code W} represents ({@link ConvGeometry}, shared with the
 * matrix-free operator), with the padding resolved for the build:
 * rows are {@code (rowChannel, output position)}, columns {@code (colChannel, input position)}, both
 * flat in row-major order ({@code index = channel·Π(spatial) + rowMajor(position)}).
 *
 * <ul>
 *   <li>conv, zero padding: the layer itself, rows {@code out × m}, columns {@code in × n}.</li>
 *   <li>conv, reflect/replicate/circular: the zero-padding-free convolution of the already padded input,
 *       columns {@code in × (n + p_b + p_a)}; {@code W = W_gather · P} with the padding matrix.</li>
 *   <li>conv_transpose: the convolution whose adjoint the layer is, read with the same weight tensor:
 *       rows {@code in × n} (the transposed layer's input), columns {@code out × n'} (its output),
 *       padding {@code p} before (what the transposed layer crops).</li>
 * </ul>
 * Immutable.
 */
final class GatherGeometry {
    final int rowChannels;
    final int colChannels;
    final int groups;
    final int[] rowSpatial;
    final int[] colSpatial;
    final int[] kernel;
    final int[] stride;
    final int[] dilation;
    final int[] padBefore;

    private GatherGeometry(ConvSpec spec, ConvGeometry gather, int[] colSpatial, int[] padBefore) {
        this.rowChannels = gather.rowChannels();
        this.colChannels = gather.colChannels();
        this.groups = spec.groups();
        this.rowSpatial = gather.rowSpatial();
        this.colSpatial = colSpatial;
        this.kernel = spec.kernelSize();
        this.stride = spec.stride();
        this.dilation = spec.dilation();
        this.padBefore = padBefore;
    }

    /**
     * @param spec         a validated spec
     * @param inputSpatial the layer's spatial input shape (validated by {@link ConvSpec#outputSpatial})
     */
    static GatherGeometry of(ConvSpec spec, int[] inputSpatial) {
        ConvGeometry gather = ConvGeometry.of(spec, inputSpatial);
        if (gather.mode() == PaddingMode.ZEROS) { // conv_transpose, or conv with zero padding
            return new GatherGeometry(spec, gather, gather.colSpatial(), gather.padBefore());
        }
        int d = spec.dims();
        int[] padded = new int[d];
        for (int a = 0; a < d; a++) {
            long length = (long) inputSpatial[a] + spec.padBefore(a) + spec.padAfter(a);
            if (length > ArrayLimits.MAX_ARRAY) {
                throw new InvalidSpecException("padding", "padding[" + a + "] = [" + spec.padBefore(a) + ", "
                        + spec.padAfter(a) + "] makes the padded input axis " + a + " " + length + " long, more than "
                        + ArrayLimits.MAX_ARRAY + ": W = W0*P of padding_mode \"" + spec.paddingMode().jsonName()
                        + "\" is built on the padded grid; apply the layer without W (--via direct or --via "
                        + "matrix_free)");
            }
            padded[a] = (int) length;
        }
        return new GatherGeometry(spec, gather, padded, new int[d]);
    }

    int dims() {
        return kernel.length;
    }

    int rowChannelsPerGroup() {
        return rowChannels / groups;
    }

    int colChannelsPerGroup() {
        return colChannels / groups;
    }

    @Override
    public String toString() {
        return "gather rows " + rowChannels + "x" + Arrays.toString(rowSpatial) + ", cols " + colChannels + "x"
                + Arrays.toString(colSpatial);
    }
}
