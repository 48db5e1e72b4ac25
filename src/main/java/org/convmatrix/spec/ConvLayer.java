package org.convmatrix.spec;

import java.util.Arrays;

/**
 * A layer with its parameters: a {@link ConvSpec}, the weight tensor in PyTorch's layout
 * ({@link ConvSpec#weightShape()}) and an optional bias of length {@code out_channels}.
 *
 * <p>Immutable and thread-safe. {@link #inputShape}/{@link #outputShape} check a batch shape
 * {@code [N, C, *spatial]} against the layer.
 */
public final class ConvLayer implements Layer {
    private final ConvSpec spec;
    private final Tensor weight;
    private final double[] bias;

    private ConvLayer(ConvSpec spec, Tensor weight, double[] bias) {
        this.spec = spec;
        this.weight = weight;
        this.bias = bias;
    }

    /**
     * @param spec   the layer description
     * @param weight conv {@code [out, in/groups, *k]}, conv_transpose {@code [in, out/groups, *k]}
     * @param bias   {@code [out_channels]}, or {@code null} for none
     * @throws InvalidSpecException naming {@code weight} or {@code bias} when a shape does not fit
     */
    public static ConvLayer of(ConvSpec spec, Tensor weight, Tensor bias) {
        int[] expected = spec.weightShape();
        if (!Arrays.equals(expected, weight.shape())) {
            throw new InvalidSpecException("weight", "weight.shape must be " + Arrays.toString(expected) + " ("
                    + (spec.op() == Op.CONV ? "[out_channels, in_channels/groups, *kernel_size]"
                    : "[in_channels, out_channels/groups, *kernel_size]") + ") but was " + Arrays.toString(weight.shape()));
        }
        double[] b = null;
        if (bias != null) {
            if (bias.rank() != 1 || bias.dim(0) != spec.outChannels()) {
                throw new InvalidSpecException("bias", "bias.shape must be [" + spec.outChannels() + "] (out_channels) but was "
                        + Arrays.toString(bias.shape()));
            }
            b = bias.data();
        }
        return new ConvLayer(spec, weight, b);
    }

    /** Convenience: flat weight and bias arrays (copied), shapes taken from the spec. */
    public static ConvLayer of(ConvSpec spec, double[] weight, double[] bias) {
        return of(spec, Tensor.of(spec.weightShape(), weight),
                bias == null ? null : Tensor.of(new int[] {bias.length}, bias));
    }

    /** @return {@code "conv"} or {@code "conv_transpose"} */
    @Override
    public String op() {
        return spec.op().jsonName();
    }

    public ConvSpec spec() {
        return spec;
    }

    public Tensor weight() {
        return weight;
    }

    /** @return whether the layer has a bias */
    public boolean hasBias() {
        return bias != null;
    }

    /** @return a copy of the bias, or {@code null} */
    public double[] bias() {
        return bias == null ? null : bias.clone();
    }

    /** @return bias[c], or 0 without bias */
    public double bias(int c) {
        return bias == null ? 0.0 : bias[c];
    }

    /**
     * Checks a batch shape {@code [N, in_channels, *spatial]}.
     *
     * @return the spatial part
     * @throws InvalidSpecException naming {@code input}
     */
    public int[] inputSpatial(int[] inputShape) {
        int d = spec.dims();
        if (inputShape.length != d + 2) {
            throw new InvalidSpecException("input", "input.shape must be [N, in_channels, *spatial] with " + d
                    + " spatial dimensions (rank " + (d + 2) + ") but was " + Arrays.toString(inputShape));
        }
        if (inputShape[1] != spec.inChannels()) {
            throw new InvalidSpecException("input", "input.shape[1] must be in_channels = " + spec.inChannels() + " but was "
                    + inputShape[1]);
        }
        return Arrays.copyOfRange(inputShape, 2, inputShape.length);
    }

    /** @return the output batch shape {@code [N, out_channels, *spatial_out]} for a valid input shape */
    @Override
    public int[] outputShape(int[] inputShape) {
        int[] spatial = spec.outputSpatial(inputSpatial(inputShape));
        int[] out = new int[spatial.length + 2];
        out[0] = inputShape[0];
        out[1] = spec.outChannels();
        System.arraycopy(spatial, 0, out, 2, spatial.length);
        return out;
    }
}
