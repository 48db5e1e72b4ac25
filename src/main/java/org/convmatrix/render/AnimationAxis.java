package org.convmatrix.render;

import org.convmatrix.spec.ConvSpec;
import org.convmatrix.spec.Op;

/**
 * One spatial axis of the convolution-arithmetic picture (Dumoulin and Visin, "A guide to convolution
 * arithmetic for deep learning", 2016): the line of cells the kernel slides over, and where the kernel
 * lands for each output position.
 *
 * <p><b>conv.</b> The drawn line is the padded input, {@code L = p_b + n + p_a} cells; cell {@code u} holds
 * input {@code u - p_b} or padding. Output {@code o}'s tap {@code j} (weight {@code j}) reads cell
 * {@code u = o·s + j·d}. With padding mode reflect, replicate or circular a padding cell reads an input
 * element ({@link #source}); with zeros it reads nothing.
 *
 * <p><b>conv_transpose</b> as the equivalent direct convolution ("fractionally strided"): {@code s − 1}
 * zeros are inserted between the {@code n} inputs, the result is padded by {@code d(k−1) − p_b} before and
 * {@code d(k−1) − p_a + output_padding} after (a negative amount crops), and a stride-1 convolution with the
 * flipped kernel runs over it: output {@code t}'s tap {@code j} reads cell {@code u = t + j·d} with weight
 * {@code k − 1 − j}. Cell {@code u} is input {@code i} when {@code u − (d(k−1) − p_b) = i·s}; so
 * {@code L = out + d(k−1)} and each output's taps on real inputs are exactly the pairs
 * {@code t = i·s + (k−1−j)·d − p_b} of the scatter definition.
 *
 * <p>Immutable and thread-safe.
 */
public final class AnimationAxis {
    /** Kind of a drawn cell: an input element. */
    public static final byte INPUT = 0;
    /** Kind of a drawn cell: padding. */
    public static final byte PADDING = 1;
    /** Kind of a drawn cell: a zero inserted between inputs (conv_transpose with stride > 1). */
    public static final byte INSERTED = 2;

    private final byte[] kind;
    private final int[] source;
    private final int outputs;
    private final int step;
    private final int dilation;
    private final int kernel;
    private final boolean flipped;

    private AnimationAxis(byte[] kind, int[] source, int outputs, int step, int dilation, int kernel, boolean flipped) {
        this.kind = kind;
        this.source = source;
        this.outputs = outputs;
        this.step = step;
        this.dilation = dilation;
        this.kernel = kernel;
        this.flipped = flipped;
    }

    /**
     * @param spec  the layer
     * @param axis  the spatial axis
     * @param input the layer's input length on that axis
     * @param out   the layer's output length on that axis ({@link ConvSpec#outputSpatial}, which validates)
     */
    static AnimationAxis of(ConvSpec spec, int axis, int input, int out) {
        int k = spec.kernelSize(axis);
        int d = spec.dilation(axis);
        int s = spec.stride(axis);
        if (spec.op() == Op.CONV) {
            int before = spec.padBefore(axis);
            int length = Math.addExact(Math.addExact(before, input), spec.padAfter(axis));
            byte[] kind = new byte[length];
            int[] source = new int[length];
            for (int u = 0; u < length; u++) {
                int i = u - before;
                kind[u] = i >= 0 && i < input ? INPUT : PADDING;
                source[u] = spec.paddingMode().source(i, input);
            }
            return new AnimationAxis(kind, source, out, s, d, k, false);
        }
        int reach = Math.multiplyExact(d, k - 1);
        int before = reach - spec.padBefore(axis);
        int length = Math.addExact(out, reach);
        byte[] kind = new byte[length];
        int[] source = new int[length];
        for (int u = 0; u < length; u++) {
            int z = u - before;
            boolean onGrid = z >= 0 && z % s == 0 && z / s < input;
            kind[u] = onGrid ? INPUT : z >= 0 && z <= (input - 1) * (long) s ? INSERTED : PADDING;
            source[u] = onGrid ? z / s : -1;
        }
        return new AnimationAxis(kind, source, out, 1, d, k, true);
    }

    /** @return the number of drawn cells */
    public int length() {
        return kind.length;
    }

    /** @return {@link #INPUT}, {@link #PADDING} or {@link #INSERTED} for drawn cell {@code u} */
    public byte kind(int u) {
        return kind[u];
    }

    /** @return the input element drawn cell {@code u} reads (an input, or a padding cell of a non-zero mode), or -1 */
    public int source(int u) {
        return source[u];
    }

    /** @return the number of output positions on this axis */
    public int outputs() {
        return outputs;
    }

    /** @return the number of taps on this axis */
    public int kernel() {
        return kernel;
    }

    /** @return the drawn cell read by tap {@code j} of output position {@code o}: {@code o·step + j·d} */
    public int cell(int o, int j) {
        return o * step + j * dilation;
    }

    /** @return the kernel index of the weight tap {@code j} multiplies ({@code k − 1 − j} for conv_transpose) */
    public int weightTap(int j) {
        return flipped ? kernel - 1 - j : j;
    }
}
