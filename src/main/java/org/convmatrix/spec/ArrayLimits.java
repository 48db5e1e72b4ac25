package org.convmatrix.spec;

/**
 * The one size limit every package checks against: the largest Java array.
 *
 * <p>The JVM refuses arrays of length close to {@code Integer.MAX_VALUE} (it reserves a few words
 * for the header), so a count {@code n} is storable in one {@code int[]}/{@code double[]} only when
 * {@code n <= MAX_ARRAY = 2^31 - 1 - 8}. It lives in {@code spec}, which depends on nothing, so the
 * lowering, the reference layers, the matrix-free operator and the readers all use the same value
 * without depending on each other.
 */
public final class ArrayLimits {
    /** The largest array Java allocates reliably: {@code Integer.MAX_VALUE - 8}. */
    public static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

    private ArrayLimits() {
    }
}
