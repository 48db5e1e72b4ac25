package org.convmatrix.spec;

import java.util.Arrays;
import java.util.OptionalInt;
import java.util.function.UnaryOperator;

/**
 * PyTorch's {@code nn.AvgPool1d/2d/3d} (1.13, CPU): each output is the sum of the input elements in its window
 * divided by a divisor. Per axis, output {@code o} has the window start {@code t = o·s − p}, padded end
 * {@code e = min(t + k, in + p)} and input part {@code [max(t, 0), min(e, in))}; the divisor is
 * {@code divisor_override} when given, else the product over axes of {@code e − t} ({@code count_include_pad},
 * the window clipped to the padded input) or of the input part's length.
 *
 * <p>Output size per axis (ATen's {@code pooling_output_shape}):
 * {@code out = ⌊(in + 2p − k + (ceil_mode ? s − 1 : 0)) / s⌋ + 1}, and with {@code ceil_mode} the last window
 * must start inside the input or its left padding: if {@code (out − 1)·s >= in + p} then {@code out − 1}.
 * PyTorch requires {@code p <= k/2} (so every window meets the input), {@code out >= 1}, and for 3 spatial
 * dimensions an unpadded input at least as large as the kernel.
 *
 * <p>Immutable and thread-safe.
 */
public final class AvgPoolSpec implements Layer {
    /** The case-format name. */
    public static final String OP = "avg_pool";

    private final PoolWindow window;
    private final boolean ceilMode;
    private final boolean countIncludePad;
    private final int divisorOverride;

    private AvgPoolSpec(PoolWindow window, boolean ceilMode, boolean countIncludePad, int divisorOverride) {
        this.window = window;
        this.ceilMode = ceilMode;
        this.countIncludePad = countIncludePad;
        this.divisorOverride = divisorOverride;
    }

    /** As {@link #of(int[], int[], int[], boolean, boolean, Integer, UnaryOperator)} with the plain field names. */
    public static AvgPoolSpec of(int[] kernelSize, int[] stride, int[] padding, boolean ceilMode,
            boolean countIncludePad, Integer divisorOverride) {
        return of(kernelSize, stride, padding, ceilMode, countIncludePad, divisorOverride, UnaryOperator.identity());
    }

    /**
     * @param kernelSize      {@code k}, 1 to 3 entries, each {@code >= 1}
     * @param stride          {@code s}, one per axis, each {@code >= 1}; {@code null} means {@code kernelSize}
     * @param padding         {@code p}, one per axis, each in {@code [0, k/2]}; {@code null} means zeros
     * @param divisorOverride {@code null} for none, else non-zero (PyTorch accepts negative divisors); 2 and 3
     *     spatial dimensions only
     * @param name            the field name errors give a key (adds the path of a nested layer)
     * @throws InvalidSpecException naming the field at fault
     */
    public static AvgPoolSpec of(int[] kernelSize, int[] stride, int[] padding, boolean ceilMode,
            boolean countIncludePad, Integer divisorOverride, UnaryOperator<String> name) {
        PoolWindow w = PoolWindow.of("AvgPool", kernelSize, stride, padding, name);
        int d = w.dims();
        int[] p = w.padding;
        PoolChecks.atLeast(name, "padding", p, 0);
        for (int a = 0; a < d; a++) {
            if (p[a] > kernelSize[a] / 2) {
                throw new InvalidSpecException(name.apply("padding"), name.apply("padding") + "[" + a + "] must be at "
                        + "most half of kernel_size[" + a + "] = " + kernelSize[a] + ", i.e. in [0, "
                        + kernelSize[a] / 2 + "], but was " + p[a]);
            }
        }
        if (divisorOverride != null && d == 1) {
            throw new InvalidSpecException(name.apply("divisor_override"), name.apply("divisor_override") + " is not "
                    + "allowed for 1 spatial dimension (AvgPool1d has none; 2 and 3 only) but was " + divisorOverride);
        }
        if (divisorOverride != null && divisorOverride == 0) {
            throw new InvalidSpecException(name.apply("divisor_override"), name.apply("divisor_override")
                    + " must be a non-zero integer (or null for none) but was 0");
        }
        return new AvgPoolSpec(w, ceilMode, countIncludePad, divisorOverride == null ? 0 : divisorOverride);
    }

    /** @return the number of spatial dimensions */
    public int dims() {
        return window.dims();
    }

    /** @return a copy of {@code kernel_size} */
    public int[] kernelSize() {
        return window.kernel.clone();
    }

    /** @return a copy of the stride (the kernel size when none was given) */
    public int[] stride() {
        return window.stride.clone();
    }

    /** @return a copy of the padding */
    public int[] padding() {
        return window.padding.clone();
    }

    /** @return whether the output size rounds up */
    public boolean ceilMode() {
        return ceilMode;
    }

    /** @return whether the divisor counts padded positions */
    public boolean countIncludePad() {
        return countIncludePad;
    }

    /** @return the divisor override, if any */
    public OptionalInt divisorOverride() {
        return divisorOverride == 0 ? OptionalInt.empty() : OptionalInt.of(divisorOverride);
    }

    @Override
    public String op() {
        return OP;
    }

    /**
     * @return {@code [N, C, *out]} with {@code out} per axis as in the class comment
     * @throws InvalidSpecException naming {@code input} when the shape does not fit or an output size is below 1
     */
    @Override
    public int[] outputShape(int[] inputShape) {
        int[] in = PoolChecks.spatial(OP, inputShape, dims());
        int[] out = Arrays.copyOf(inputShape, inputShape.length);
        for (int a = 0; a < dims(); a++) {
            int k = window.kernel[a];
            if (dims() == 3 && in[a] < k) {
                throw new InvalidSpecException("input", "input spatial size [" + a + "] = " + in[a] + " must be >= "
                        + "kernel_size[" + a + "] = " + k + " (PyTorch's avg_pool3d needs the unpadded input "
                        + "to hold the kernel)");
            }
            long o = outputSize(in[a], k, window.stride[a], window.padding[a], ceilMode);
            if (o < 1) {
                throw new InvalidSpecException("input", "output size [" + a + "] = " + o + " must be >= 1: input "
                        + "spatial size " + in[a] + " with padding " + window.padding[a] + " is too small for "
                        + "kernel_size " + k + " (stride " + window.stride[a] + ")");
            }
            out[a + 2] = Math.toIntExact(o);
        }
        return out;
    }

    /** @return per axis: {@code floor|ceil((n + 2p − k) / s) + 1}, worked out, and the ceil rule where it drops one */
    @Override
    public java.util.List<String> shapeFormula(int[] inputShape) {
        int[] in = PoolChecks.spatial(OP, inputShape, dims());
        java.util.List<String> lines = new java.util.ArrayList<>();
        lines.add("per axis: " + (ceilMode ? "ceil" : "floor") + "((n + 2*padding - kernel) / stride) + 1"
                + (ceilMode ? ", minus 1 when the last window would start in the right padding" : ""));
        for (int a = 0; a < dims(); a++) {
            int k = window.kernel[a];
            int s = window.stride[a];
            int p = window.padding[a];
            long plain = Math.floorDiv(in[a] + 2L * p - k + (ceilMode ? s - 1 : 0), s) + 1;
            long o = outputSize(in[a], k, s, p, ceilMode);
            lines.add("  axis " + a + ": " + (ceilMode ? "ceil" : "floor") + "((" + in[a] + " + 2*" + p + " - " + k
                    + ") / " + s + ") + 1 = " + plain + (o != plain ? " - 1 (the last window would start at "
                    + (plain - 1) * s + " >= n + padding = " + (in[a] + p) + ") = " + o : ""));
        }
        return lines;
    }

    /** ATen's {@code pooling_output_shape} (dilation 1), in {@code long} so that no sum overflows. */
    static long outputSize(long in, long k, long s, long p, boolean ceil) {
        long out = Math.floorDiv(in + 2 * p - k + (ceil ? s - 1 : 0), s) + 1;
        if (ceil && (out - 1) * s >= in + p) {
            out--;
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof AvgPoolSpec)) {
            return false;
        }
        AvgPoolSpec b = (AvgPoolSpec) o;
        return window.equals(b.window) && ceilMode == b.ceilMode && countIncludePad == b.countIncludePad
                && divisorOverride == b.divisorOverride;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(new int[] {window.hashCode(), ceilMode ? 1 : 0, countIncludePad ? 1 : 0, divisorOverride});
    }

    @Override
    public String toString() {
        return "AvgPool" + dims() + "d(" + window + ", ceil_mode=" + ceilMode + ", count_include_pad="
                + countIncludePad + (divisorOverride == 0 ? "" : ", divisor_override=" + divisorOverride) + ")";
    }
}
