package org.convmatrix.reference;

/**
 * The reference package's own row-major (C order) index arithmetic, kept private to the package so
 * that the oracle shares no index code with the lowering.
 *
 * <p>For a shape {@code [e_0, ..., e_{r-1}]} the element at position {@code p} lies at flat offset
 * {@code Σ_a p_a · stride_a} with {@code stride_{r-1} = 1} and {@code stride_a = stride_{a+1} · e_{a+1}}.
 * Positions are visited with an odometer: the last axis turns fastest.
 */
final class RowMajor {
    private RowMajor() {
    }

    /** @return {@code Π shape}, failing on {@code int} overflow */
    static int volume(int[] shape) {
        int v = 1;
        for (int e : shape) {
            v = Math.multiplyExact(v, e);
        }
        return v;
    }

    /** @return the row-major strides of {@code shape}: {@code stride[a] = Π_{b > a} shape[b]} */
    static int[] strides(int[] shape) {
        int[] st = new int[shape.length];
        int s = 1;
        for (int a = shape.length - 1; a >= 0; a--) {
            st[a] = s;
            s = Math.multiplyExact(s, shape[a]);
        }
        return st;
    }

    /** @return {@code Σ_a pos[a] · strides[a]} */
    static int offset(int[] pos, int[] strides) {
        int off = 0;
        for (int a = 0; a < pos.length; a++) {
            off += pos[a] * strides[a];
        }
        return off;
    }

    /**
     * Advances the odometer {@code pos} over the box {@code [0, extent)} (last axis fastest).
     *
     * @return {@code false} once every position has been visited ({@code pos} is then all zeros again)
     */
    static boolean advance(int[] pos, int[] extent) {
        for (int a = pos.length - 1; a >= 0; a--) {
            if (++pos[a] < extent[a]) {
                return true;
            }
            pos[a] = 0;
        }
        return false;
    }
}
