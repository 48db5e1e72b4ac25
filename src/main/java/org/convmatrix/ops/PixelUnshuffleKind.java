package org.convmatrix.ops;

import org.convmatrix.io.CaseFields;
import org.convmatrix.lower.LoweredLayer;
import org.convmatrix.lower.PixelUnshuffleLowering;
import org.convmatrix.reference.DirectPixelUnshuffle;
import org.convmatrix.spec.PixelUnshuffleSpec;
import org.convmatrix.spec.Tensor;

/** The {@code pixel_unshuffle} op ({@code nn.PixelUnshuffle}): field {@code downscale_factor}. */
public final class PixelUnshuffleKind implements OpKind<PixelUnshuffleSpec> {
    @Override
    public String name() {
        return PixelUnshuffleSpec.OP;
    }

    @Override
    public Class<PixelUnshuffleSpec> type() {
        return PixelUnshuffleSpec.class;
    }

    @Override
    public PixelUnshuffleSpec read(CaseFields fields, int[] inputShape) {
        return PixelUnshuffleSpec.of(fields.requiredInt("downscale_factor"), fields::field);
    }

    @Override
    public LoweredLayer lower(PixelUnshuffleSpec layer, int[] inputShape) {
        return PixelUnshuffleLowering.lower(layer, inputShape);
    }

    @Override
    public Tensor forward(PixelUnshuffleSpec layer, Tensor input) {
        return DirectPixelUnshuffle.forward(layer, input);
    }

    @Override
    public Tensor backward(PixelUnshuffleSpec layer, int[] inputShape, Tensor gradOutput) {
        return DirectPixelUnshuffle.backward(layer, inputShape, gradOutput);
    }
}
