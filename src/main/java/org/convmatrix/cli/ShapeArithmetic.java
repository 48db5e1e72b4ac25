package org.convmatrix.cli;

import java.util.OptionalInt;
import org.convmatrix.spec.AxisArithmetic;
import org.convmatrix.spec.ConvSpec;
import org.convmatrix.spec.Op;

/**
 * The per-axis output-size formulas with the numbers written out, the output sizes a conv_transpose can
 * reach through its output_padding, and the output_padding that yields a wanted size (PyTorch's
 * {@code output_size} argument of {@code ConvTranspose.forward}).
 *
 * <pre>
 *   conv:           m  = floor((n + p_b + p_a - d·(k-1) - 1) / s) + 1
 *   conv_transpose: n' = (n-1)·s - 2p + d·(k-1) + op + 1,   0 <= op < max(s, d)
 *   solve:          op = target - ((n-1)·s - 2p + d·(k-1) + 1), accepted iff 0 <= op < s
 * </pre>
 * The solver follows PyTorch 1.13's {@code _ConvTransposeNd._output_padding}: {@code output_size} is
 * accepted from the smallest size up to {@code stride - 1} above it, even where the layer itself would
 * take a larger output_padding (one below the dilation, {@code s <= op < d}): such a size is reachable
 * by setting output_padding, not through output_size.
 * Stateless and thread-safe.
 */
final class ShapeArithmetic {
    private ShapeArithmetic() {
    }

    /** @return e.g. {@code floor((7 + 1 + 1 - 1*(3-1) - 1) / 2) + 1 = 4} */
    static String formula(ConvSpec spec, int axis, int n) {
        int k = spec.kernelSize(axis);
        int s = spec.stride(axis);
        int d = spec.dilation(axis);
        if (spec.op() == Op.CONV) {
            long m = AxisArithmetic.convLength(n, k, s, d, spec.padBefore(axis), spec.padAfter(axis));
            return "floor((" + n + " + " + spec.padBefore(axis) + " + " + spec.padAfter(axis) + " - " + d + "*(" + k
                    + "-1) - 1) / " + s + ") + 1 = " + m;
        }
        int op = spec.outputPadding(axis);
        int p = spec.padBefore(axis);
        long len = AxisArithmetic.transposedLength(n, k, s, d, p, op);
        return "(" + n + "-1)*" + s + " - 2*" + p + " + " + d + "*(" + k + "-1) + " + op + " + 1 = " + len;
    }

    /** @return the largest legal output_padding + 1 on the axis, {@code max(stride, dilation)} */
    static int outputPaddingLimit(ConvSpec spec, int axis) {
        return Math.max(spec.stride(axis), spec.dilation(axis));
    }

    /** @return the conv_transpose output size for each legal output_padding {@code 0 .. max(s, d)-1} */
    static long[] reachable(ConvSpec spec, int axis, int n) {
        int limit = outputPaddingLimit(spec, axis);
        long[] sizes = new long[limit];
        for (int op = 0; op < limit; op++) {
            sizes[op] = AxisArithmetic.transposedLength(n, spec.kernelSize(axis), spec.stride(axis), spec.dilation(axis),
                    spec.padBefore(axis), op);
        }
        return sizes;
    }

    /**
     * @return the output_padding PyTorch's {@code output_size} derives for size {@code target}, or empty
     *     where PyTorch raises (target outside {@code [base, base + stride - 1]}, or no output)
     */
    static OptionalInt solveOutputPadding(ConvSpec spec, int axis, int n, long target) {
        long base = AxisArithmetic.transposedLength(n, spec.kernelSize(axis), spec.stride(axis), spec.dilation(axis),
                spec.padBefore(axis), 0);
        long op = target - base;
        if (op < 0 || op >= spec.stride(axis) || base + op < 1) {
            return OptionalInt.empty();
        }
        return OptionalInt.of((int) op);
    }
}
