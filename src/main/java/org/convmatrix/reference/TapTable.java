package org.convmatrix.reference;

/**
 * Which element each tap of each output position reads (or, for a scatter, writes), tabulated per
 * axis: {@code axis[a][o·k_a + j] ∈ [0, n_a)} or {@code -1} for none. The tables have
 * {@code Σ_a m_a·k_a} entries, whatever the padding, stride or dilation: nothing of the size of a
 * padded or zero-inserted signal is stored.
 */
final class TapTable {
    private final int[][] axis;
    private final int[] kernel;
    private final int[] strides;

    /**
     * @param axis    per axis, the {@code m_a × k_a} table
     * @param kernel  {@code k}
     * @param extent  {@code n}, the shape of what is read, for its row-major strides
     */
    TapTable(int[][] axis, int[] kernel, int[] extent) {
        this.axis = axis;
        this.kernel = kernel;
        this.strides = RowMajor.strides(extent);
    }

    /**
     * Fills {@code flat[tap]} (taps row-major over {@code k}) with the row-major offset each tap of
     * position {@code o} reads, or {@code -1} when any axis reads nothing.
     */
    void fill(int[] o, int[] flat) {
        int d = kernel.length;
        int[] j = new int[d];
        int tap = 0;
        do {
            int off = 0;
            for (int a = 0; a < d && off >= 0; a++) {
                int i = axis[a][o[a] * kernel[a] + j[a]];
                off = i < 0 ? -1 : off + i * strides[a];
            }
            flat[tap++] = off;
        } while (RowMajor.advance(j, kernel));
    }
}
