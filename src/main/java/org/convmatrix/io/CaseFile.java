package org.convmatrix.io;

import org.convmatrix.spec.ConvLayer;
import org.convmatrix.spec.InvalidSpecException;
import org.convmatrix.spec.Layer;
import org.convmatrix.spec.Tensor;

/**
 * One case of the case format ({@code shared/case-format.md}): a layer, an input batch (or only its shape) and,
 * optionally, the output and the input gradient a reference framework computed. Instances come validated from
 * {@link CaseReader}: the input shape fits the layer, and every optional tensor has the shape it must have.
 *
 * @param name              the free-text name, or {@code null}
 * @param layer             the layer with its parameters
 * @param inputShape        {@code [N, C, *spatial]}
 * @param input             the input batch, or {@code null} when the case gives only its shape
 * @param expected          the reference output, or {@code null}
 * @param gradOutput        a tensor of the output's shape for the adjoint, or {@code null}
 * @param expectedGradInput the reference {@code Aᵀ·grad_output}, of the input's shape, or {@code null}
 */
public record CaseFile(String name, Layer layer, int[] inputShape, Tensor input, Tensor expected, Tensor gradOutput,
        Tensor expectedGradInput) {

    /** A case with an input and an optional expected output, no adjoint fields. */
    public CaseFile(String name, Layer layer, Tensor input, Tensor expected) {
        this(name, layer, input.shape(), input, expected, null, null);
    }

    @Override
    public int[] inputShape() {
        return inputShape.clone();
    }

    /** @return the input batch; an error naming {@code input.data} when the case gives only its shape */
    public Tensor requireInput() {
        if (input == null) {
            throw new InvalidSpecException("input", "input.data is required for this command but the case gives only "
                    + "input.shape");
        }
        return input;
    }

    /** @return {@code grad_output}; an error naming it when the case has none */
    public Tensor requireGradOutput() {
        if (gradOutput == null) {
            throw new InvalidSpecException("grad_output", "grad_output is required for the adjoint (a tensor of the "
                    + "output's shape) but the case has none");
        }
        return gradOutput;
    }

    /** @return whether the layer is a conv or conv_transpose */
    public boolean isConvolution() {
        return layer instanceof ConvLayer;
    }

    /** @return the convolution layer; an error naming {@code op} for any other op */
    public ConvLayer conv() {
        if (layer instanceof ConvLayer) {
            return (ConvLayer) layer;
        }
        throw new InvalidSpecException("op", "op must be \"conv\" or \"conv_transpose\" for this command but was \""
                + layer.op() + "\"");
    }
}
