package org.convmatrix.spec;

import java.util.Arrays;

/**
 * An immutable, validated description of one convolution layer: PyTorch's {@code Conv{d}d}
 * ({@link Op#CONV}) or {@code ConvTranspose{d}d} ({@link Op#CONV_TRANSPOSE}) for any number
 * {@code d >= 1} of spatial dimensions, without its weights.
 *
 * <p>Per axis {@code a} the convolution computes, for output channel {@code co} in group
 * {@code g = co / (out_channels/groups)},
 * <pre>  y[co, o] = Σ_{ci in group g} Σ_{j < k} w[co, ci - g·in/groups, j] · xpad[ci, o·s + j·d]</pre>
 * with {@code xpad} the input padded by {@code padBefore(a)}, {@code padAfter(a)} according to
 * {@link #paddingMode()}; output lengths follow {@link AxisArithmetic}. The transposed layer is the
 * adjoint of the convolution with the same weight tensor read as {@code [in, out/groups, *k]}.
 *
 * <p>Every constructor path validates: a {@link InvalidSpecException} names the field, the value and
 * the allowed range. Instances are immutable and thread-safe; arrays are copied in and out.
 */
public final class ConvSpec {
    private final Op op;
    private final int inChannels;
    private final int outChannels;
    private final int groups;
    private final int[] kernel;
    private final int[] stride;
    private final int[] dilation;
    private final Padding padding;
    private final int[] padBefore;
    private final int[] padAfter;
    private final int[] outputPadding;
    private final PaddingMode paddingMode;

    private ConvSpec(Builder b, int[] padBefore, int[] padAfter) {
        this.op = b.op;
        this.inChannels = b.inChannels;
        this.outChannels = b.outChannels;
        this.groups = b.groups;
        this.kernel = b.kernel;
        this.stride = b.stride;
        this.dilation = b.dilation;
        this.padding = b.padding;
        this.padBefore = padBefore;
        this.padAfter = padAfter;
        this.outputPadding = b.outputPadding;
        this.paddingMode = b.paddingMode;
    }

    /**
     * Starts a layer description.
     *
     * @param op          conv or conv_transpose
     * @param inChannels  the layer's input channels
     * @param outChannels the layer's output channels
     * @param kernelSize  one size per spatial axis; its length is the number of spatial axes
     */
    public static Builder builder(Op op, int inChannels, int outChannels, int... kernelSize) {
        return new Builder(op, inChannels, outChannels, kernelSize);
    }

    /** @return a builder initialised with every setting of this spec */
    public Builder toBuilder() {
        return new Builder(op, inChannels, outChannels, kernel)
                .groups(groups).stride(stride).dilation(dilation).padding(padding)
                .outputPadding(outputPadding).paddingMode(paddingMode);
    }

    public Op op() {
        return op;
    }

    public int inChannels() {
        return inChannels;
    }

    public int outChannels() {
        return outChannels;
    }

    public int groups() {
        return groups;
    }

    /** @return {@code in_channels / groups} */
    public int inChannelsPerGroup() {
        return inChannels / groups;
    }

    /** @return {@code out_channels / groups} */
    public int outChannelsPerGroup() {
        return outChannels / groups;
    }

    /** @return the number of spatial axes {@code d} */
    public int dims() {
        return kernel.length;
    }

    public int kernelSize(int axis) {
        return kernel[axis];
    }

    public int[] kernelSize() {
        return kernel.clone();
    }

    public int stride(int axis) {
        return stride[axis];
    }

    public int[] stride() {
        return stride.clone();
    }

    public int dilation(int axis) {
        return dilation[axis];
    }

    public int[] dilation() {
        return dilation.clone();
    }

    /** @return the padding as written (form and amounts) */
    public Padding padding() {
        return padding;
    }

    /** @return the resolved padding before {@code axis} (for conv_transpose: cropped from the start) */
    public int padBefore(int axis) {
        return padBefore[axis];
    }

    /** @return the resolved padding after {@code axis} (for conv_transpose: cropped from the end) */
    public int padAfter(int axis) {
        return padAfter[axis];
    }

    public int outputPadding(int axis) {
        return outputPadding[axis];
    }

    public int[] outputPadding() {
        return outputPadding.clone();
    }

    public PaddingMode paddingMode() {
        return paddingMode;
    }

    /** @return {@code Π kernel_size}, the taps of one (out, in) channel pair */
    public int kernelVolume() {
        int v = 1;
        for (int k : kernel) {
            v = Math.multiplyExact(v, k);
        }
        return v;
    }

    /**
     * @return the PyTorch weight shape: conv {@code [out, in/groups, *k]}, conv_transpose
     *     {@code [in, out/groups, *k]}
     */
    public int[] weightShape() {
        int[] shape = new int[dims() + 2];
        shape[0] = op == Op.CONV ? outChannels : inChannels;
        shape[1] = op == Op.CONV ? inChannelsPerGroup() : outChannelsPerGroup();
        System.arraycopy(kernel, 0, shape, 2, dims());
        return shape;
    }

    /**
     * The spatial output shape for a spatial input shape, validating that the input fits the layer.
     *
     * @param inputSpatial one length per spatial axis
     * @throws InvalidSpecException naming {@code input}, {@code kernel_size} or {@code padding} when the
     *     input has the wrong rank, an empty axis, is shorter than the dilated kernel, is too short for
     *     reflect/circular padding, or leaves a transposed layer no output
     */
    public int[] outputSpatial(int... inputSpatial) {
        if (inputSpatial.length != dims()) {
            throw new InvalidSpecException("input", "input must have " + dims() + " spatial dimensions (kernel_size has "
                    + dims() + ") but had " + inputSpatial.length);
        }
        int[] out = new int[dims()];
        for (int a = 0; a < dims(); a++) {
            int n = inputSpatial[a];
            if (n < 1) {
                throw new InvalidSpecException("input", "input spatial size [" + a + "] must be >= 1 but was " + n);
            }
            long len = op == Op.CONV ? convAxis(a, n) : transposedAxis(a, n);
            if (len > Integer.MAX_VALUE) {
                // the padding is to blame when it alone outgrows the input; otherwise the input (or stride) is
                boolean padding = (long) padBefore(a) + padAfter(a) > n;
                throw new InvalidSpecException(padding ? "padding" : "input", "output size [" + a + "] = " + len
                        + " from input size " + n + ", padding [" + padBefore(a) + ", " + padAfter(a) + "], stride "
                        + stride[a] + " exceeds the largest supported length " + Integer.MAX_VALUE + " (reduce "
                        + (padding ? "padding[" + a + "]" : "the input") + ")");
            }
            out[a] = (int) len;
        }
        return out;
    }

    private long convAxis(int a, int n) {
        int before = padBefore[a];
        int after = padAfter[a];
        if (paddingMode == PaddingMode.REFLECT && (before >= n || after >= n)) {
            throw new InvalidSpecException("padding", "padding[" + a + "] = [" + before + ", " + after
                    + "] must be < input size " + n + " for padding_mode \"reflect\"");
        }
        if (paddingMode == PaddingMode.CIRCULAR && (before > n || after > n)) {
            throw new InvalidSpecException("padding", "padding[" + a + "] = [" + before + ", " + after
                    + "] must be <= input size " + n + " for padding_mode \"circular\"");
        }
        long extent = AxisArithmetic.dilatedExtent(kernel[a], dilation[a]);
        long padded = (long) n + before + after;
        if (extent > padded) {
            throw new InvalidSpecException("kernel_size", "kernel_size[" + a + "] = " + kernel[a] + " with dilation "
                    + dilation[a] + " spans " + extent + " elements, more than the padded input: input size " + n
                    + " + padding " + before + " + " + after + " = " + padded);
        }
        return AxisArithmetic.convLength(n, kernel[a], stride[a], dilation[a], before, after);
    }

    private long transposedAxis(int a, int n) {
        long len = AxisArithmetic.transposedLength(n, kernel[a], stride[a], dilation[a], padBefore[a], outputPadding[a]);
        if (len < 1) {
            throw new InvalidSpecException("padding", "padding[" + a + "] = " + padBefore[a]
                    + " leaves no output: (input-1)*stride - 2*padding + dilation*(kernel_size-1) + output_padding + 1 = "
                    + len + " must be >= 1");
        }
        return len;
    }

    @Override
    public String toString() {
        String name = (op == Op.CONV ? "Conv" : "ConvTranspose") + dims() + "d";
        StringBuilder sb = new StringBuilder(name).append('(').append(inChannels).append(", ").append(outChannels)
                .append(", kernel_size=").append(Arrays.toString(kernel))
                .append(", stride=").append(Arrays.toString(stride))
                .append(", padding=").append(padding)
                .append(", dilation=").append(Arrays.toString(dilation));
        if (op == Op.CONV_TRANSPOSE) {
            sb.append(", output_padding=").append(Arrays.toString(outputPadding));
        }
        sb.append(", groups=").append(groups);
        if (paddingMode != PaddingMode.ZEROS) {
            sb.append(", padding_mode=").append(paddingMode.jsonName());
        }
        return sb.append(')').toString();
    }

    /**
     * Collects the settings of a {@link ConvSpec}; {@link #build()} validates them all. Per-axis
     * settings left unset take PyTorch's defaults: stride and dilation 1, padding and output_padding 0,
     * padding_mode zeros, groups 1. Not thread-safe.
     */
    public static final class Builder {
        private final Op op;
        private final int inChannels;
        private final int outChannels;
        private final int[] kernel;
        private int groups = 1;
        private int[] stride;
        private int[] dilation;
        private Padding padding;
        private int[] outputPadding;
        private PaddingMode paddingMode = PaddingMode.ZEROS;

        private Builder(Op op, int inChannels, int outChannels, int[] kernel) {
            if (op == null) {
                throw new InvalidSpecException("op", "op must be \"conv\" or \"conv_transpose\" but was missing");
            }
            this.op = op;
            this.inChannels = inChannels;
            this.outChannels = outChannels;
            this.kernel = kernel.clone();
        }

        public Builder groups(int groups) {
            this.groups = groups;
            return this;
        }

        public Builder stride(int... stride) {
            this.stride = stride.clone();
            return this;
        }

        public Builder dilation(int... dilation) {
            this.dilation = dilation.clone();
            return this;
        }

        /** Symmetric padding, one amount per axis. */
        public Builder padding(int... padding) {
            this.padding = Padding.symmetric(padding);
            return this;
        }

        public Builder padding(Padding padding) {
            this.padding = padding;
            return this;
        }

        public Builder outputPadding(int... outputPadding) {
            this.outputPadding = outputPadding.clone();
            return this;
        }

        public Builder paddingMode(PaddingMode paddingMode) {
            this.paddingMode = paddingMode;
            return this;
        }

        /**
         * @return the validated spec
         * @throws InvalidSpecException for the first setting out of its range
         */
        public ConvSpec build() {
            positive("in_channels", inChannels);
            positive("out_channels", outChannels);
            positive("groups", groups);
            if (inChannels % groups != 0) {
                throw new InvalidSpecException("groups", "groups = " + groups + " must divide in_channels = " + inChannels);
            }
            if (outChannels % groups != 0) {
                throw new InvalidSpecException("groups", "groups = " + groups + " must divide out_channels = " + outChannels);
            }
            int d = kernel.length;
            if (d < 1) {
                throw new InvalidSpecException("kernel_size", "kernel_size must have at least one spatial dimension");
            }
            for (int a = 0; a < d; a++) {
                if (kernel[a] < 1) {
                    throw new InvalidSpecException("kernel_size", "kernel_size[" + a + "] must be >= 1 but was " + kernel[a]);
                }
            }
            stride = perAxis("stride", stride, d, 1);
            dilation = perAxis("dilation", dilation, d, 1);
            outputPadding = perAxis("output_padding", outputPadding, d, 0);
            for (int a = 0; a < d; a++) {
                if (stride[a] < 1) {
                    throw new InvalidSpecException("stride", "stride[" + a + "] must be >= 1 but was " + stride[a]);
                }
                if (dilation[a] < 1) {
                    throw new InvalidSpecException("dilation", "dilation[" + a + "] must be >= 1 but was " + dilation[a]);
                }
            }
            if (paddingMode == null) {
                throw new InvalidSpecException("padding_mode", "padding_mode must be one of \"zeros\", \"reflect\", "
                        + "\"replicate\", \"circular\" but was missing");
            }
            if (padding == null) {
                padding = Padding.symmetric(new int[d]);
            }
            checkOpSpecific(d);
            if (padding.explicitDims() >= 0 && padding.explicitDims() != d) {
                throw new InvalidSpecException("padding", "padding must have " + d + " entries (one per spatial "
                        + "dimension of kernel_size) but had " + padding.explicitDims());
            }
            int[] before = new int[d];
            int[] after = new int[d];
            for (int a = 0; a < d; a++) {
                long span = (long) dilation[a] * (kernel[a] - 1);
                if (span > Integer.MAX_VALUE) {
                    throw new InvalidSpecException("dilation", "dilation[" + a + "] * (kernel_size[" + a + "] - 1) = "
                            + span + " exceeds " + Integer.MAX_VALUE + ", the largest supported extent");
                }
                before[a] = padding.before(a, span);
                after[a] = padding.after(a, span);
                if (before[a] < 0 || after[a] < 0) {
                    throw new InvalidSpecException("padding", "padding[" + a + "] must be >= 0 but was "
                            + (before[a] < 0 ? before[a] : after[a]));
                }
            }
            return new ConvSpec(this, before, after);
        }

        private void checkOpSpecific(int d) {
            if (op == Op.CONV) {
                for (int a = 0; a < d; a++) {
                    if (outputPadding[a] != 0) {
                        throw new InvalidSpecException("output_padding", "output_padding applies to conv_transpose only; "
                                + "for conv output_padding[" + a + "] must be 0 but was " + outputPadding[a]);
                    }
                }
                if (padding.form() == Padding.Form.SAME) {
                    for (int a = 0; a < d; a++) {
                        if (stride[a] != 1) {
                            throw new InvalidSpecException("padding", "padding \"same\" needs stride 1 on every axis but "
                                    + "stride[" + a + "] was " + stride[a]);
                        }
                    }
                }
                return;
            }
            if (padding.form() != Padding.Form.SYMMETRIC) {
                throw new InvalidSpecException("padding", "padding of a conv_transpose must be one integer per axis "
                        + "(elements cropped from both ends) but was " + padding);
            }
            if (paddingMode != PaddingMode.ZEROS) {
                throw new InvalidSpecException("padding_mode", "padding_mode of a conv_transpose must be \"zeros\" but was \""
                        + paddingMode.jsonName() + "\"");
            }
            for (int a = 0; a < d; a++) {
                int limit = Math.max(stride[a], dilation[a]);
                if (outputPadding[a] < 0 || outputPadding[a] >= limit) {
                    throw new InvalidSpecException("output_padding", "output_padding[" + a + "] must be in [0, "
                            + (limit - 1) + "] (smaller than stride " + stride[a] + " or dilation " + dilation[a]
                            + ") but was " + outputPadding[a]);
                }
            }
        }

        private static void positive(String field, int value) {
            if (value < 1) {
                throw new InvalidSpecException(field, field + " must be >= 1 but was " + value);
            }
        }

        private static int[] perAxis(String field, int[] given, int d, int fill) {
            if (given == null) {
                int[] all = new int[d];
                Arrays.fill(all, fill);
                return all;
            }
            if (given.length != d) {
                throw new InvalidSpecException(field, field + " must have " + d + " entries (one per spatial dimension of "
                        + "kernel_size) but had " + given.length);
            }
            return given;
        }
    }
}
