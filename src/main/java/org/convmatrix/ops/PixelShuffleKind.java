package org.convmatrix.ops;

import org.convmatrix.io.CaseFields;
import org.convmatrix.lower.LoweredLayer;
import org.convmatrix.lower.PixelShuffleLowering;
import org.convmatrix.reference.DirectPixelShuffle;
import org.convmatrix.spec.PixelShuffleSpec;
import org.convmatrix.spec.Tensor;

/** The {@code pixel_shuffle} op ({@code nn.PixelShuffle}): field {@code upscale_factor}. */
public final class PixelShuffleKind implements OpKind<PixelShuffleSpec> {
    @Override
    public String name() {
        return PixelShuffleSpec.OP;
    }

    @Override
    public Class<PixelShuffleSpec> type() {
        return PixelShuffleSpec.class;
    }

    @Override
    public PixelShuffleSpec read(CaseFields fields, int[] inputShape) {
        return PixelShuffleSpec.of(fields.requiredInt("upscale_factor"), fields::field);
    }

    @Override
    public LoweredLayer lower(PixelShuffleSpec layer, int[] inputShape) {
        return PixelShuffleLowering.lower(layer, inputShape);
    }

    @Override
    public Tensor forward(PixelShuffleSpec layer, Tensor input) {
        return DirectPixelShuffle.forward(layer, input);
    }

    @Override
    public Tensor backward(PixelShuffleSpec layer, int[] inputShape, Tensor gradOutput) {
        return DirectPixelShuffle.backward(layer, inputShape, gradOutput);
    }
}
