package org.convmatrix.spec;

import java.util.Arrays;

/**
 * A dense tensor of doubles: a shape and its elements flat in row-major (C) order, as PyTorch's
 * {@code tensor.flatten().tolist()} gives them.
 *
 * <p>Immutable: {@link #of(int[], double[])} copies its arguments and the accessors return copies;
 * {@link #get(int)} reads one element without copying. Thread-safe.
 */
public final class Tensor {
    private final int[] shape;
    private final double[] data;

    private Tensor(int[] shape, double[] data) {
        this.shape = shape;
        this.data = data;
    }

    /**
     * @param shape the extent of each axis, each {@code >= 0}
     * @param data  {@code Π shape} elements in row-major order
     * @throws IllegalArgumentException if the data length is not the product of the shape
     */
    public static Tensor of(int[] shape, double[] data) {
        return ofOwned("tensor", shape.clone(), data.clone());
    }

    /**
     * Like {@link #of} but names {@code field} in the error and takes ownership of the arrays
     * (the caller must not keep them). For readers and producers that have just built the arrays.
     */
    public static Tensor ofOwned(String field, int[] shape, double[] data) {
        long n = 1;
        for (int a = 0; a < shape.length; a++) {
            if (shape[a] < 0) {
                throw new InvalidSpecException(field, field + ".shape[" + a + "] must be >= 0 but was " + shape[a]);
            }
            if (shape[a] != 0 && n > Integer.MAX_VALUE / shape[a]) {
                throw new InvalidSpecException(field, field + ".shape " + Arrays.toString(shape) + " has more than "
                        + Integer.MAX_VALUE + " elements");
            }
            n *= shape[a];
        }
        if (n != data.length) {
            throw new InvalidSpecException(field, field + ".data must have " + n + " elements (the product of shape "
                    + Arrays.toString(shape) + ") but had " + data.length);
        }
        return new Tensor(shape, data);
    }

    /** @return a copy of the shape */
    public int[] shape() {
        return shape.clone();
    }

    /** @return the extent of {@code axis} */
    public int dim(int axis) {
        return shape[axis];
    }

    /** @return the number of axes */
    public int rank() {
        return shape.length;
    }

    /** @return the number of elements */
    public int size() {
        return data.length;
    }

    /** @return a copy of the elements in row-major order */
    public double[] data() {
        return data.clone();
    }

    /** @return the element at flat row-major position {@code i} */
    public double get(int i) {
        return data[i];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tensor && Arrays.equals(shape, ((Tensor) o).shape) && Arrays.equals(data, ((Tensor) o).data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Tensor" + Arrays.toString(shape);
    }
}
