package org.convmatrix.ops;

import org.convmatrix.io.CaseFields;
import org.convmatrix.lower.AvgPoolLowering;
import org.convmatrix.lower.LoweredLayer;
import org.convmatrix.reference.DirectAvgPool;
import org.convmatrix.spec.AvgPoolSpec;
import org.convmatrix.spec.Tensor;

/**
 * The {@code avg_pool} op ({@code nn.AvgPool1d/2d/3d}): fields {@code kernel_size}, {@code stride},
 * {@code padding}, {@code ceil_mode}, {@code count_include_pad}, {@code divisor_override} (2 and 3 spatial
 * dimensions; {@code null} is the neutral value everywhere).
 */
public final class AvgPoolKind implements OpKind<AvgPoolSpec> {
    @Override
    public String name() {
        return AvgPoolSpec.OP;
    }

    @Override
    public Class<AvgPoolSpec> type() {
        return AvgPoolSpec.class;
    }

    @Override
    public AvgPoolSpec read(CaseFields f, int[] inputShape) {
        int[] kernel = PoolFields.kernelSize(f, inputShape, AvgPoolSpec.OP);
        int d = kernel.length;
        int[] stride = PoolFields.stride(f, d);
        int[] padding = f.perAxisInts("padding", d);
        boolean ceil = f.optBool("ceil_mode", false);
        boolean countPad = f.optBool("count_include_pad", true);
        Integer divisor = f.has("divisor_override") ? f.requiredInt("divisor_override") : null;
        return AvgPoolSpec.of(kernel, stride, padding, ceil, countPad, divisor, f::field);
    }

    @Override
    public LoweredLayer lower(AvgPoolSpec layer, int[] inputShape) {
        return AvgPoolLowering.lower(layer, inputShape);
    }

    @Override
    public Tensor forward(AvgPoolSpec layer, Tensor input) {
        return DirectAvgPool.forward(layer, input);
    }

    @Override
    public Tensor backward(AvgPoolSpec layer, int[] inputShape, Tensor gradOutput) {
        return DirectAvgPool.backward(layer, inputShape, gradOutput);
    }
}
