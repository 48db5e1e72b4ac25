package org.convmatrix.reference;

import org.convmatrix.spec.PaddingMode;

/**
 * What a padded position reads, from the definitions of PyTorch's padding modes, evaluated on the fly
 * (the padded input is never stored, so padding far beyond the kernel's reach costs nothing).
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
final class PaddingImage {
    private PaddingImage() {
    }

    /**
     * @return the input index that index {@code i} (possibly far outside {@code [0, n)}) reads along an
     *     axis of length {@code n}, or {@code -1} for a zero
     */
    static int image(long i, int n, PaddingMode mode) {
        switch (mode) {
            case ZEROS:
                return i >= 0 && i < n ? (int) i : -1;
            case REPLICATE:
                return (int) Math.max(0, Math.min(n - 1, i));
            case CIRCULAR:
                return (int) Math.floorMod(i, (long) n);
            case REFLECT:
                if (n == 1) {
                    return 0;
                }
                long period = 2L * (n - 1);
                long r = Math.floorMod(i, period);
                return (int) (r < n ? r : period - r);
            default:
                throw new IllegalArgumentException("unknown padding mode " + mode);
        }
    }
}
