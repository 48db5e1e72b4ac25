package org.convmatrix.spec;

import java.util.Arrays;
import java.util.function.UnaryOperator;

/**
 * PyTorch's {@code nn.MaxUnpool1d/2d/3d} (1.13): places each input element at the position its index names in
 * a zero output, {@code out[n, c, indices[n, c, i]] = in[n, c, i]}, where an index addresses the flattened
 * (row-major) spatial output plane of the same batch element and channel, as
 * {@code MaxPool*d(return_indices=True)} returns them. Unpooling is the adjoint of that max pool's selection.
 *
 * <p>Output size per axis ({@code torch.nn.functional._unpool_output_size}): by default
 * {@code (in − 1)·s − 2p + k}; an explicit {@code output_size} (the spatial sizes, or with the leading
 * {@code N, C}, which PyTorch ignores) must lie strictly between {@code default − s} and {@code default + s}.
 * Indices must be integers in {@code [0, Π out)} and distinct within a plane (PyTorch leaves repeated ones
 * unspecified). The indices fix the batch size: the input must have the indices' shape.
 *
 * <p>Immutable and thread-safe.
 */
public final class MaxUnpoolSpec implements Layer {
    /** The case-format name. */
    public static final String OP = "max_unpool";

    private final PoolWindow window;
    private final int[] outSpatial;
    private final int[] indicesShape;
    private final int[] indices;

    private MaxUnpoolSpec(PoolWindow window, int[] outSpatial, int[] indicesShape, int[] indices) {
        this.window = window;
        this.outSpatial = outSpatial;
        this.indicesShape = indicesShape;
        this.indices = indices;
    }

    /** As {@link #of(int[], int[], int[], int[], Tensor, UnaryOperator)} with the plain field names. */
    public static MaxUnpoolSpec of(int[] kernelSize, int[] stride, int[] padding, int[] outputSize, Tensor indices) {
        return of(kernelSize, stride, padding, outputSize, indices, UnaryOperator.identity());
    }

    /**
     * @param kernelSize {@code k}, 1 to 3 entries, each {@code >= 1}
     * @param stride     {@code s >= 1} per axis; {@code null} means {@code kernelSize}
     * @param padding    {@code p} per axis (PyTorch accepts any integer); {@code null} means zeros
     * @param outputSize {@code null} for the default, else {@code d} or {@code d + 2} sizes
     * @param indices    {@code [N, C, *in]}, integer-valued
     * @param name       the field name errors give a key (adds the path of a nested layer)
     * @throws InvalidSpecException naming the field at fault; for {@code indices} with the offending position
     */
    public static MaxUnpoolSpec of(int[] kernelSize, int[] stride, int[] padding, int[] outputSize, Tensor indices,
            UnaryOperator<String> name) {
        PoolWindow w = PoolWindow.of("MaxUnpool", kernelSize, stride, padding, name);
        int d = w.dims();
        int[] shape = indices.shape();
        if (shape.length != d + 2) {
            throw new InvalidSpecException(name.apply("indices"), name.apply("indices") + ".shape must be [N, C, *spatial]"
                    + " with " + d + " spatial dimensions (kernel_size has " + d + ") but was " + Arrays.toString(shape));
        }
        int[] given = outputSize == null ? null : spatialOutputSize(outputSize, d, name);
        int[] out = resolveOutputSize(w, given, Arrays.copyOfRange(shape, 2, shape.length), name);
        requireVolume(shape, out, name.apply(given == null ? "input" : "output_size"));
        int[] idx = MaxUnpoolIndices.check(indices, out, name.apply("indices"));
        return new MaxUnpoolSpec(w, out, shape, idx);
    }

    private static int[] spatialOutputSize(int[] outputSize, int d, UnaryOperator<String> name) {
        if (outputSize.length != d && outputSize.length != d + 2) {
            throw new InvalidSpecException(name.apply("output_size"), name.apply("output_size") + " must have " + d
                    + " entries (the spatial sizes) or " + (d + 2) + " (with N, C) but had " + outputSize.length);
        }
        return Arrays.copyOfRange(outputSize, outputSize.length - d, outputSize.length);
    }

    private static int[] resolveOutputSize(PoolWindow w, int[] given, int[] in, UnaryOperator<String> name) {
        int[] k = w.kernel;
        int[] s = w.stride;
        int[] p = w.padding;
        int[] out = new int[k.length];
        for (int a = 0; a < k.length; a++) {
            long def = (long) (in[a] - 1) * s[a] - 2L * p[a] + k[a];
            if (given == null) {
                if (def < 1 || def > Integer.MAX_VALUE) {
                    throw new InvalidSpecException("input", "input spatial size [" + a + "] = " + in[a] + " gives the "
                            + "default output size (" + in[a] + " - 1)*" + s[a] + " - 2*" + p[a] + " + " + k[a] + " = "
                            + def + ", which must be in [1, " + Integer.MAX_VALUE + "]");
                }
                out[a] = (int) def;
            } else {
                if (given[a] < 1 || given[a] <= def - s[a] || given[a] >= def + s[a]) {
                    throw new InvalidSpecException(name.apply("output_size"), name.apply("output_size") + " spatial ["
                            + a + "] must be >= 1 and strictly between " + (def - s[a]) + " and " + (def + s[a])
                            + " (the default " + def + " -/+ stride " + s[a] + ") but was " + given[a]);
                }
                out[a] = given[a];
            }
        }
        return out;
    }

    /** Refuses an output batch of more elements than a Java array holds (before anything is allocated). */
    private static void requireVolume(int[] shape, int[] out, String field) {
        long v = (long) shape[0] * shape[1];
        for (int o : out) {
            v *= o;
            if (v > Integer.MAX_VALUE) {
                throw new InvalidSpecException(field, field + ": the output " + Arrays.toString(out) + " of " + shape[0]
                        + "x" + shape[1] + " planes has more than " + Integer.MAX_VALUE + " elements (a tensor's limit)");
            }
        }
    }

    /** @return the number of spatial dimensions */
    public int dims() {
        return window.dims();
    }

    /** @return a copy of {@code kernel_size} */
    public int[] kernelSize() {
        return window.kernel.clone();
    }

    /** @return a copy of the stride */
    public int[] stride() {
        return window.stride.clone();
    }

    /** @return a copy of the padding */
    public int[] padding() {
        return window.padding.clone();
    }

    /** @return the spatial output sizes (given or default) */
    public int[] outputSpatial() {
        return outSpatial.clone();
    }

    /** @return the shape of the indices, which the input must have */
    public int[] indicesShape() {
        return indicesShape.clone();
    }

    /** @return the index at flat row-major position {@code i} of the indices tensor */
    public int index(int i) {
        return indices[i];
    }

    @Override
    public String op() {
        return OP;
    }

    /** @return per axis: the output size, given or {@code (n − 1)·stride − 2·padding + kernel} */
    @Override
    public java.util.List<String> shapeFormula(int[] inputShape) {
        java.util.List<String> lines = new java.util.ArrayList<>();
        lines.add("per axis: output_size, default (n - 1)*stride - 2*padding + kernel");
        for (int a = 0; a < dims(); a++) {
            long n = indicesShape[a + 2];
            long dflt = (n - 1) * window.stride[a] - 2L * window.padding[a] + window.kernel[a];
            lines.add("  axis " + a + ": (" + n + " - 1)*" + window.stride[a] + " - 2*" + window.padding[a] + " + "
                    + window.kernel[a] + " = " + dflt + (dflt == outSpatial[a] ? "" : "; output_size gives "
                    + outSpatial[a]));
        }
        return lines;
    }

    /**
     * @return {@code [N, C, *output_size]}
     * @throws InvalidSpecException naming {@code input} unless the input has the indices' shape
     */
    @Override
    public int[] outputShape(int[] inputShape) {
        if (!Arrays.equals(inputShape, indicesShape)) {
            throw new InvalidSpecException("input", "input.shape must be the shape of max_unpool's indices "
                    + Arrays.toString(indicesShape) + " but was " + Arrays.toString(inputShape));
        }
        int[] out = Arrays.copyOf(inputShape, inputShape.length);
        System.arraycopy(outSpatial, 0, out, 2, outSpatial.length);
        return out;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof MaxUnpoolSpec)) {
            return false;
        }
        MaxUnpoolSpec b = (MaxUnpoolSpec) o;
        return window.equals(b.window) && Arrays.equals(outSpatial, b.outSpatial) && Arrays.equals(indicesShape, b.indicesShape)
                && Arrays.equals(indices, b.indices);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(new int[] {window.hashCode(), Arrays.hashCode(outSpatial), Arrays.hashCode(indices)});
    }

    @Override
    public String toString() {
        return "MaxUnpool" + dims() + "d(" + window + ", output_size=" + Arrays.toString(outSpatial)
                + ", indices of shape " + Arrays.toString(indicesShape) + ")";
    }
}
