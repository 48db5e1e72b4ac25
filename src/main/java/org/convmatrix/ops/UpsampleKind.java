package org.convmatrix.ops;

import org.convmatrix.io.CaseFields;
import org.convmatrix.lower.LoweredLayer;
import org.convmatrix.lower.UpsampleLowering;
import org.convmatrix.reference.DirectUpsample;
import org.convmatrix.spec.InvalidSpecException;
import org.convmatrix.spec.Tensor;
import org.convmatrix.spec.UpsampleMode;
import org.convmatrix.spec.UpsampleSpec;

/**
 * The {@code "upsample"} op: PyTorch's {@code nn.Upsample} / {@code F.interpolate}. Fields: {@code mode}
 * (default {@code "nearest"}, as PyTorch's), exactly one of {@code size} and {@code scale_factor} (a list with one
 * value per spatial dimension, or one number for all), {@code align_corners} (interpolating modes only; for the
 * nearest modes it must be absent or null, as PyTorch raises even for {@code false}), {@code recompute_scale_factor}
 * (default false). The input's shape gives the number of spatial dimensions.
 */
final class UpsampleKind implements OpKind<UpsampleSpec> {
    @Override
    public String name() {
        return "upsample";
    }

    @Override
    public Class<UpsampleSpec> type() {
        return UpsampleSpec.class;
    }

    @Override
    public UpsampleSpec read(CaseFields f, int[] inputShape) {
        if (inputShape == null) {
            throw new InvalidSpecException(f.field("input"), f.field("input") + ".shape is needed to read an upsample "
                    + "(its length gives the number of spatial dimensions) but is unknown");
        }
        UpsampleMode mode = f.has("mode") ? UpsampleMode.named(f.requiredString("mode"), f.field("mode"))
                : UpsampleMode.NEAREST;
        int dims = inputShape.length - 2;
        UpsampleSpec.checkDims(f.prefix(), mode, dims);
        if (!mode.interpolating()) {
            f.refuse("align_corners", "it applies only to the modes linear, bilinear, bicubic, trilinear (PyTorch "
                    + "raises for mode \"" + mode.caseName() + "\" even when it is false)");
        }
        UpsampleSpec spec = UpsampleSpec.of(f.prefix(), mode, dims, f.perAxisInts("size", dims),
                f.perAxisDoubles("scale_factor", dims), f.optBool("align_corners", false),
                f.optBool("recompute_scale_factor", false));
        spec.outputShape(inputShape);
        return spec;
    }

    @Override
    public LoweredLayer lower(UpsampleSpec layer, int[] inputShape) {
        return UpsampleLowering.lower(layer, inputShape);
    }

    @Override
    public Tensor forward(UpsampleSpec layer, Tensor input) {
        return DirectUpsample.forward(layer, input);
    }

    @Override
    public Tensor backward(UpsampleSpec layer, int[] inputShape, Tensor gradOutput) {
        return DirectUpsample.backward(layer, inputShape, gradOutput);
    }
}
