package org.convmatrix.spec;

/**
 * PyTorch's per-axis output-length formulas, in exact {@code long} arithmetic.
 *
 * <p>For an input of length {@code n}, kernel {@code k}, stride {@code s}, dilation {@code d} and
 * padding {@code p_b, p_a} the convolution reads {@code xpad[o·s + j·d]}, {@code 0 <= j < k}, so its
 * output length is the number of {@code o} whose last tap fits the padded input:
 * <pre>  m = floor((n + p_b + p_a - d·(k-1) - 1) / s) + 1     (needs n + p_b + p_a >= d·(k-1) + 1)</pre>
 * The transposed convolution spreads each of its {@code n} inputs over {@code d·(k-1)+1} positions
 * spaced {@code s} apart, crops {@code p} at both ends and extends the far end by {@code op}:
 * <pre>  n' = (n-1)·s - 2p + d·(k-1) + op + 1</pre>
 * Stateless and thread-safe.
 */
public final class AxisArithmetic {
    private AxisArithmetic() {
    }

    /** @return {@code d·(k-1) + 1}, the extent of a dilated kernel */
    public static long dilatedExtent(int kernel, int dilation) {
        return (long) dilation * (kernel - 1) + 1;
    }

    /**
     * @return the convolution output length {@code floor((n + pb + pa - d(k-1) - 1)/s) + 1}, or a value
     *     {@code <= 0} when the dilated kernel is longer than the padded input
     */
    public static long convLength(int n, int kernel, int stride, int dilation, int padBefore, int padAfter) {
        long span = (long) n + padBefore + padAfter - dilatedExtent(kernel, dilation);
        return span < 0 ? 0 : span / stride + 1;
    }

    /** @return the transposed-convolution output length {@code (n-1)s - 2p + d(k-1) + op + 1} */
    public static long transposedLength(int n, int kernel, int stride, int dilation, int padding, int outputPadding) {
        return ((long) n - 1) * stride - 2L * padding + dilatedExtent(kernel, dilation) + outputPadding;
    }

    /**
     * @return the output_padding {@code (n + 2p - d(k-1) - 1) mod s} with which the transposed convolution
     *     maps the convolution's output length back to {@code n}
     */
    public static int roundTripOutputPadding(int n, int kernel, int stride, int dilation, int padding) {
        long span = (long) n + 2L * padding - dilatedExtent(kernel, dilation);
        return (int) Math.floorMod(span, (long) stride);
    }
}
