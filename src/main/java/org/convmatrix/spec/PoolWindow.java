package org.convmatrix.spec;

import java.util.Arrays;
import java.util.function.UnaryOperator;

/**
 * The window of a pooling or unpooling layer of 1 to 3 spatial dimensions: {@code kernel_size} (each
 * {@code >= 1}), {@code stride} (each {@code >= 1}, the kernel size when not given) and {@code padding} (zeros
 * when not given; its range is the layer's to check), one entry per spatial dimension. Immutable.
 */
final class PoolWindow {
    final int[] kernel;
    final int[] stride;
    final int[] padding;

    private PoolWindow(int[] kernel, int[] stride, int[] padding) {
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
    }

    /**
     * @param module the PyTorch module family named in errors, e.g. {@code "AvgPool"}
     * @param name   the field name errors give a key
     * @throws InvalidSpecException naming {@code kernel_size}, {@code stride} or {@code padding}
     */
    static PoolWindow of(String module, int[] kernelSize, int[] stride, int[] padding, UnaryOperator<String> name) {
        int d = kernelSize.length;
        if (d < 1 || d > 3) {
            throw new InvalidSpecException(name.apply("kernel_size"), name.apply("kernel_size") + " must have 1 to 3 "
                    + "entries (" + module + "1d/2d/3d) but had " + d);
        }
        PoolChecks.atLeast(name, "kernel_size", kernelSize, 1);
        int[] s = stride == null ? kernelSize.clone() : stride.clone();
        int[] p = padding == null ? new int[d] : padding.clone();
        PoolChecks.length(name, "stride", s, d);
        PoolChecks.atLeast(name, "stride", s, 1);
        PoolChecks.length(name, "padding", p, d);
        return new PoolWindow(kernelSize.clone(), s, p);
    }

    int dims() {
        return kernel.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PoolWindow && Arrays.equals(kernel, ((PoolWindow) o).kernel)
                && Arrays.equals(stride, ((PoolWindow) o).stride) && Arrays.equals(padding, ((PoolWindow) o).padding);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(new int[] {Arrays.hashCode(kernel), Arrays.hashCode(stride), Arrays.hashCode(padding)});
    }

    @Override
    public String toString() {
        return "kernel_size=" + Arrays.toString(kernel) + ", stride=" + Arrays.toString(stride) + ", padding="
                + Arrays.toString(padding);
    }
}
