package org.convmatrix.ops;

import java.util.Arrays;
import org.convmatrix.io.CaseFields;
import org.convmatrix.lower.LoweredLayer;
import org.convmatrix.lower.MaxUnpoolLowering;
import org.convmatrix.reference.DirectMaxUnpool;
import org.convmatrix.spec.InvalidSpecException;
import org.convmatrix.spec.MaxUnpoolSpec;
import org.convmatrix.spec.Tensor;

/**
 * The {@code max_unpool} op ({@code nn.MaxUnpool1d/2d/3d}): fields {@code kernel_size}, {@code stride},
 * {@code padding}, {@code indices} (a tensor of the input's shape), {@code output_size}. Its matrix covers the
 * whole batch.
 */
public final class MaxUnpoolKind implements OpKind<MaxUnpoolSpec> {
    @Override
    public String name() {
        return MaxUnpoolSpec.OP;
    }

    @Override
    public Class<MaxUnpoolSpec> type() {
        return MaxUnpoolSpec.class;
    }

    @Override
    public MaxUnpoolSpec read(CaseFields f, int[] inputShape) {
        int[] kernel = PoolFields.kernelSize(f, inputShape, MaxUnpoolSpec.OP);
        int d = kernel.length;
        int[] stride = PoolFields.stride(f, d);
        int[] padding = f.perAxisInts("padding", d);
        int[] outputSize = f.perAxisInts("output_size", -1);
        Tensor indices = f.requiredTensor("indices");
        if (inputShape != null && !Arrays.equals(indices.shape(), inputShape)) {
            throw new InvalidSpecException(f.field("indices"), f.field("indices") + ".shape must be the input's shape "
                    + Arrays.toString(inputShape) + " but was " + Arrays.toString(indices.shape()));
        }
        return MaxUnpoolSpec.of(kernel, stride, padding, outputSize, indices, f::field);
    }

    @Override
    public LoweredLayer lower(MaxUnpoolSpec layer, int[] inputShape) {
        return MaxUnpoolLowering.lower(layer, inputShape);
    }

    @Override
    public Tensor forward(MaxUnpoolSpec layer, Tensor input) {
        return DirectMaxUnpool.forward(layer, input);
    }

    @Override
    public Tensor backward(MaxUnpoolSpec layer, int[] inputShape, Tensor gradOutput) {
        return DirectMaxUnpool.backward(layer, inputShape, gradOutput);
    }
}
