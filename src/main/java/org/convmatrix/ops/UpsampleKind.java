package org.convmatrix.ops;

import org.convmatrix.io.CaseFields;
import org.convmatrix.lower.LoweredLayer;
import org.convmatrix.sparse.CscMatrix;
import org.convmatrix.lower.UpsampleLowering;
import org.convmatrix.reference.DirectUpsample;
import org.convmatrix.spec.InvalidSpecException;
import org.convmatrix.spec.Tensor;
import org.convmatrix.spec.UpsampleMode;
import org.convmatrix.spec.UpsampleSpec;

/**
 * The {@code "upsample"} op: PyTorch's {@code nn.Upsample} / {@code F.interpolate}. Fields: {@code mode}
 * (required: the case format gives it no default), exactly one of {@code size} and {@code scale_factor} (a list with one
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
        UpsampleMode mode = UpsampleMode.named(f.requiredString("mode"), f.field("mode"));
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
        LoweredLayer a = UpsampleLowering.lower(layer, inputShape);
        if (layer.mode().interpolating() && layer.mode() != UpsampleMode.BICUBIC) {
            return a;
        }
        CscMatrix b = UpsampleLowering.lowerAsPytorchBackward(layer, inputShape).stored();
        return sameEntries(a.stored(), b) ? a : a.withBackward(b);
    }

    private static boolean sameEntries(CscMatrix a, CscMatrix b) {
        return java.util.Arrays.equals(a.colPtr(), b.colPtr()) && java.util.Arrays.equals(a.rowIdx(), b.rowIdx())
                && java.util.Arrays.equals(a.values(), b.values());
    }

    /** The sums over {@code |weight|·|x|} with every tap apart (taps PyTorch reads twice are one entry of A). */
    @Override
    public Tensor magnitude(UpsampleSpec layer, int[] inputShape, Tensor absInput) {
        return DirectUpsample.forwardOfAbsolutes(layer, absInput);
    }

    @Override
    public Tensor magnitudeOfBackward(UpsampleSpec layer, int[] inputShape, Tensor absGrad) {
        return DirectUpsample.backwardOfAbsolutes(layer, inputShape, absGrad);
    }

    /**
     * @return the most terms in an output or an input gradient, counting merged taps apart: the longest row or column
     *     of {@code A} times the taps one output reads per merged entry at most ({@code 1}, {@code 2^d} or {@code 4^d}
     *     for the nearest, linear and cubic modes), plus a rounding per axis for the weight products and two more
     */
    @Override
    public long roundings(UpsampleSpec layer, int[] inputShape) {
        long most = MagnitudeOfMatrix.longestLine(UpsampleLowering.lower(layer, inputShape).stored());
        int d = inputShape.length - 2;
        long perEntry = layer.mode().interpolating() ? (long) Math.pow(layer.mode() == UpsampleMode.BICUBIC ? 4 : 2, d) : 1;
        return most * perEntry + d + 2;
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
