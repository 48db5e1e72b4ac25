package org.convmatrix.reference;

import java.util.function.UnaryOperator;
import org.convmatrix.spec.Tensor;

/**
 * A gather: {@code out[pos] = source[sourceOf(pos)]} for every position of the result, visited row-major. The
 * layers that only move elements (pixel shuffle and unshuffle, forward and backward) are gathers with the
 * source position taken from their definition.
 */
final class Gather {
    private Gather() {
    }

    /**
     * @param name     the result's name in errors
     * @param shape    the result's shape
     * @param source   the tensor read
     * @param sourceOf maps a result position to the source position it reads (may reuse its argument)
     */
    static Tensor of(String name, int[] shape, Tensor source, UnaryOperator<int[]> sourceOf) {
        double[] out = new double[RowMajor.volume(shape)];
        if (out.length > 0) {
            int[] strides = RowMajor.strides(source.shape());
            int[] pos = new int[shape.length];
            int k = 0;
            do {
                out[k++] = source.get(RowMajor.offset(sourceOf.apply(pos.clone()), strides));
            } while (RowMajor.advance(pos, shape));
        }
        return Tensor.ofOwned(name, shape.clone(), out);
    }
}
