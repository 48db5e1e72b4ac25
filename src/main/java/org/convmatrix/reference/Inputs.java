package org.convmatrix.reference;

import java.util.Arrays;
import org.convmatrix.spec.ConvLayer;
import org.convmatrix.spec.ConvSpec;
import org.convmatrix.spec.Op;
import org.convmatrix.spec.Tensor;

/**
 * Checks that a layer has the expected op and that an input batch {@code [N, C_in, *spatial]} fits it:
 * rank {@code d + 2}, {@code C_in = in_channels}, every spatial length {@code >= 1}.
 */
final class Inputs {
    private Inputs() {
    }

    /**
     * @param who      the calling class, named in messages
     * @param expected the op the caller implements
     * @return the spatial lengths {@code input.shape[2:]}
     * @throws IllegalArgumentException naming the op, the rank, the channel count or the empty axis at fault
     */
    static int[] spatial(String who, Op expected, ConvLayer layer, Tensor input) {
        if (layer == null || input == null) {
            throw new IllegalArgumentException(who + ": layer and input must not be null");
        }
        ConvSpec spec = layer.spec();
        if (spec.op() != expected) {
            throw new IllegalArgumentException(who + " computes op \"" + expected.jsonName() + "\" but the layer is "
                    + spec + " (op \"" + spec.op().jsonName() + "\")");
        }
        int d = spec.dims();
        int[] shape = input.shape();
        if (shape.length != d + 2) {
            throw new IllegalArgumentException(who + ": input.shape must be [N, " + spec.inChannels() + ", *spatial] with "
                    + d + " spatial dimensions (rank " + (d + 2) + ", as the kernel has " + d + " axes) but was "
                    + Arrays.toString(shape) + " (rank " + shape.length + ")");
        }
        if (shape[1] != spec.inChannels()) {
            throw new IllegalArgumentException(who + ": input.shape[1] must be in_channels = " + spec.inChannels()
                    + " but input.shape was " + Arrays.toString(shape));
        }
        int[] n = Arrays.copyOfRange(shape, 2, shape.length);
        for (int a = 0; a < d; a++) {
            if (n[a] < 1) {
                throw new IllegalArgumentException(who + ": input spatial size [" + a + "] (input.shape[" + (a + 2)
                        + "]) must be >= 1 but input.shape was " + Arrays.toString(shape));
            }
        }
        return n;
    }

    /** @return {@code [N, channels, *spatial]} */
    static int[] batchShape(int batch, int channels, int[] spatial) {
        int[] shape = new int[spatial.length + 2];
        shape[0] = batch;
        shape[1] = channels;
        System.arraycopy(spatial, 0, shape, 2, spatial.length);
        return shape;
    }
}
