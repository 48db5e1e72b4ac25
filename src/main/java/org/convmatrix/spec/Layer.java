package org.convmatrix.spec;

/**
 * A linear (or affine) layer of the case format: {@code output = A·input + b} for a matrix {@code A} that
 * depends only on the layer and the input's shape. Implementations are immutable, validated descriptions
 * (a convolution with its weights, an upsampling, a pooling, a chain of layers); they know their op name
 * and how an input shape maps to an output shape, and nothing of matrices.
 *
 * <p>Shapes are batch shapes {@code [N, C, *spatial]}, as in PyTorch.
 */
public interface Layer {
    /** @return the case-format name of the op, e.g. {@code "conv"}, {@code "upsample"} */
    String op();

    /**
     * Checks an input batch shape against the layer and returns the output batch shape.
     *
     * @param inputShape {@code [N, C, *spatial]}
     * @return {@code [N, C_out, *spatial_out]}
     * @throws InvalidSpecException naming {@code input} (or the layer field at fault) when the input does not fit
     */
    int[] outputShape(int[] inputShape);

    /**
     * The output size worked out, one line per spatial axis (e.g. {@code axis 0: floor(7 * 2.5) = 17}), for the
     * {@code shape} command. The default says only the shapes.
     */
    default java.util.List<String> shapeFormula(int[] inputShape) {
        return java.util.List.of(op() + ": " + java.util.Arrays.toString(inputShape) + " -> "
                + java.util.Arrays.toString(outputShape(inputShape)));
    }
}
