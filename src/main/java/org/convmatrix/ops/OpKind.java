package org.convmatrix.ops;

import org.convmatrix.io.CaseFields;
import org.convmatrix.lower.LoweredLayer;
import org.convmatrix.spec.Layer;
import org.convmatrix.spec.Tensor;

/**
 * One op of the case format, as a row through the project's rooms: how its fields are read and
 * validated ({@code io}, into a {@code spec} type), its lowering to the project's CSC ({@code lower}),
 * and a direct forward and a direct backward written from the op's own definition ({@code reference}),
 * which share no index code with the lowering. {@link Ops} maps the case's {@code op} to its kind; adding
 * an op is one spec, one lowering, one reference and one kind file, registered there.
 *
 * @param <L> the op's validated layer type
 */
public interface OpKind<L extends Layer> {
    /** @return the case-format name, e.g. {@code "upsample"} */
    String name();

    /** @return the layer type this kind handles */
    Class<L> type();

    /**
     * Reads and validates the op's own fields (not {@code input} or {@code expected}); marks each key it reads,
     * so that the caller can refuse the keys no one read.
     *
     * @param fields the layer's JSON object
     * @param inputShape the input batch shape when known (the top-level layer, or the shape threaded through a
     *     sequential), used for defaults that depend on it (e.g. the number of spatial dimensions)
     */
    L read(CaseFields fields, int[] inputShape);

    /**
     * Lowers the layer for an input batch shape: {@code A} (and the bias) with {@code output = A·x + b}.
     * {@code A} indexes one sample unless {@link LoweredLayer#wholeBatch()}.
     */
    LoweredLayer lower(L layer, int[] inputShape);

    /** The direct (loop) forward pass written from the op's definition: {@code A·x + b} for a batch. */
    Tensor forward(L layer, Tensor input);

    /**
     * The direct backward pass written from the op's definition: {@code Aᵀ·g}, PyTorch's gradient with respect
     * to the input of {@code (output · g).sum()}.
     *
     * @param inputShape the input batch shape
     * @param gradOutput a tensor of the output's shape
     */
    Tensor backward(L layer, int[] inputShape, Tensor gradOutput);

    /**
     * The scale of the rounding errors of the forward: the op's definition with every coefficient replaced by its
     * absolute value, applied to {@code absInput = |x|} (bias included as {@code |b|}). Two correct evaluations of
     * an output that sums {@code t} rounded terms agree within {@code 2·γ_t} times this (Higham, §3.1).
     *
     * <p>The default is {@code |A|·|x| + |b|} from the lowering: exact when no two coefficients of the definition
     * merge into one entry of {@code A}. An op whose definition sums several coefficients onto one input element
     * (a clamped interpolation tap, a padding mode) overrides it with the unmerged sum of absolute values.
     */
    default Tensor magnitude(L layer, int[] inputShape, Tensor absInput) {
        return MagnitudeOfMatrix.forward(lower(layer, inputShape), absInput);
    }

    /** The scale of the rounding errors of the backward: as {@link #magnitude}, {@code |A|ᵀ·|g|} by default. */
    default Tensor magnitudeOfBackward(L layer, int[] inputShape, Tensor absGrad) {
        return MagnitudeOfMatrix.backward(lower(layer, inputShape), absGrad);
    }

    /**
     * @return {@code t}, the most rounded operations in one output of the forward or the backward: by default the
     *     longest row or column of {@code A}, plus one rounding per spatial axis for a coefficient that is a product
     *     of per-axis factors, plus two (the product with the input, the bias)
     */
    default long roundings(L layer, int[] inputShape) {
        return MagnitudeOfMatrix.roundings(lower(layer, inputShape), inputShape.length - 2);
    }
}
