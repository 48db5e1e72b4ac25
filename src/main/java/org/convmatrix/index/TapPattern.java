package org.convmatrix.index;

/**
 * Which output position reads which input position through which kernel tap, for one axis: the
 * sparsity pattern of a single-channel convolution.
 *
 * <p>With output positions {@code o < m} (rows) and input positions {@code i < n} (columns), the entry
 * {@code (o, i)} exists with tap {@code j} exactly when {@code o·s + j·d - p = i} for some
 * {@code 0 <= j < k}; since {@code d >= 1} that {@code j} is unique. Column {@code i} therefore holds the
 * taps {@code j} with {@code (i + p - j·d) ≡ 0 (mod s)} and {@code 0 <= (i + p - j·d)/s < m}. The pattern
 * of a {@code d}-dimensional convolution is the Kronecker product of its axes' patterns; the lowering
 * builds it class by class ({@link AxisClasses}, {@link SpatialClasses}), and {@link #countAxis} counts
 * it independently, straight from this definition. Stateless.
 */
public final class TapPattern {
    private TapPattern() {
    }

    /**
     * The number of entries in column {@code i} of an axis pattern: the taps {@code j < k} for which
     * {@code t = i + p - j·d} is a multiple of {@code s} in {@code [0, s·(m-1)]}.
     */
    public static int countAxis(int i, int m, int kernel, int stride, int dilation, int padBefore) {
        int count = 0;
        for (int j = 0; j < kernel; j++) {
            long t = (long) i + padBefore - (long) j * dilation;
            if (t >= 0 && t % stride == 0 && t / stride < m) {
                count++;
            }
        }
        return count;
    }
}
