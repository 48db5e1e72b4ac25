package org.convmatrix.spec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A chain of layers, PyTorch's {@code nn.Sequential}: the input goes through {@code layers} in order, so the
 * chain's matrix is {@code A = A_k ··· A_2·A_1} and its bias the composed offset
 * {@code b = A_k(··· (A_2·b_1 + b_2) ···) + b_k}.
 *
 * <p>Immutable and thread-safe. A layer whose input does not fit the previous layer's output is an error naming
 * {@code layers[i]}.
 *
 * @param layers the layers, at least one
 */
public record SequentialSpec(List<Layer> layers) implements Layer {
    /** The case-format name. */
    public static final String OP = "sequential";

    public SequentialSpec {
        if (layers == null || layers.isEmpty()) {
            throw new InvalidSpecException("layers", "layers must be a list of at least 1 layer but was "
                    + (layers == null ? "missing" : "empty"));
        }
        layers = List.copyOf(layers);
    }

    @Override
    public String op() {
        return OP;
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        List<int[]> shapes = shapes(inputShape);
        return shapes.get(shapes.size() - 1);
    }

    /**
     * @return the batch shape entering each layer and, last, the chain's output shape ({@code layers.size() + 1}
     *     shapes)
     * @throws InvalidSpecException naming {@code layers[i]} when layer {@code i} does not take the shape it is given
     */
    public List<int[]> shapes(int[] inputShape) {
        List<int[]> shapes = new ArrayList<>();
        int[] shape = inputShape.clone();
        shapes.add(shape);
        for (int i = 0; i < layers.size(); i++) {
            shape = outputOfLayer(i, shape);
            shapes.add(shape);
        }
        return shapes;
    }

    private int[] outputOfLayer(int i, int[] shape) {
        try {
            return layers.get(i).outputShape(shape);
        } catch (InvalidSpecException e) {
            String field = "layers[" + i + "]";
            throw new InvalidSpecException(field, field + " (" + layers.get(i).op() + ") does not fit its input "
                    + (i == 0 ? "(the case's input) " : "(the output of layers[" + (i - 1) + "]) ")
                    + Arrays.toString(shape) + ": " + e.getMessage());
        }
    }
}
