package org.convmatrix.reference;

import org.convmatrix.spec.PaddingMode;

/**
 * Materialises a padded input, from the definitions of PyTorch's padding modes.
 *
 * <p>Per axis of length {@code n} padded by {@code before} and {@code after}, padded position
 * {@code t ∈ [0, n + before + after)} stands for input index {@code i = t - before} and holds
 * <ul>
 *   <li>zeros: {@code x[i]} for {@code 0 <= i < n}, else {@code 0};</li>
 *   <li>reflect: {@code x[r]} with {@code r} the mirror image of {@code i} at the edges, the edge
 *       itself not repeated ({@code -1 -> 1}, {@code n -> n-2}): the sequence is even around 0 and
 *       around {@code n-1}, hence periodic with period {@code 2(n-1)};</li>
 *   <li>replicate: {@code x[clamp(i, 0, n-1)]};</li>
 *   <li>circular: {@code x[i mod n]} (mathematical modulus).</li>
 * </ul>
 * In several dimensions the mapping applies to each axis independently (a padded corner reads the
 * input at the per-axis images), which is what PyTorch's {@code F.pad} does axis by axis.
 */
final class ExplicitPadding {
    private ExplicitPadding() {
    }

    /**
     * @param x      {@code planes} row-major blocks of shape {@code n}
     * @param planes the number of leading (batch × channel) blocks
     * @param n      the spatial shape of each block
     * @param before the amount added before each axis
     * @param after  the amount added after each axis
     * @param mode   how the added positions are filled
     * @return {@code planes} row-major blocks of shape {@code n + before + after}
     */
    static double[] pad(double[] x, int planes, int[] n, int[] before, int[] after, PaddingMode mode) {
        int d = n.length;
        int[] padded = new int[d];
        for (int a = 0; a < d; a++) {
            padded[a] = Math.addExact(Math.addExact(n[a], before[a]), after[a]);
        }
        int inVol = RowMajor.volume(n);
        int outVol = RowMajor.volume(padded);
        int[] inStrides = RowMajor.strides(n);
        double[] out = new double[Math.multiplyExact(planes, outVol)];
        if (outVol == 0 || planes == 0) {
            return out;
        }
        // For every padded position, the flat input offset it reads (-1: a zero).
        int[] source = new int[outVol];
        int[] t = new int[d];
        int flat = 0;
        do {
            int off = 0;
            for (int a = 0; a < d && off >= 0; a++) {
                int i = image(t[a] - before[a], n[a], mode);
                off = i < 0 ? -1 : off + i * inStrides[a];
            }
            source[flat++] = off;
        } while (RowMajor.advance(t, padded));
        for (int p = 0; p < planes; p++) {
            for (int q = 0; q < outVol; q++) {
                out[p * outVol + q] = source[q] < 0 ? 0.0 : x[p * inVol + source[q]];
            }
        }
        return out;
    }

    /**
     * @return the input index that index {@code i} (possibly outside {@code [0, n)}) reads along an axis
     *     of length {@code n}, or {@code -1} for a zero
     */
    static int image(int i, int n, PaddingMode mode) {
        switch (mode) {
            case ZEROS:
                return i >= 0 && i < n ? i : -1;
            case REPLICATE:
                return Math.max(0, Math.min(n - 1, i));
            case CIRCULAR:
                return Math.floorMod(i, n);
            case REFLECT:
                if (n == 1) {
                    return 0;
                }
                int period = 2 * (n - 1);
                int r = Math.floorMod(i, period);
                return r < n ? r : period - r;
            default:
                throw new IllegalArgumentException("unknown padding mode " + mode);
        }
    }
}
