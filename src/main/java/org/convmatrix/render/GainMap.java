package org.convmatrix.render;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.convmatrix.lower.LoweredLayer;
import org.convmatrix.sparse.CscMatrix;
import org.convmatrix.sparse.CscOps;

/**
 * The overlap map of any layer: for each output position of the first output channel (first sample), how many
 * input elements feed it (the stored entries of that row of {@code A}) and the output of an all-ones input without
 * the bias (the row sum of {@code A}: the "gain"). Checkerboard artifacts are where the gain is uneven away from
 * the borders: a {@code ConvTranspose(k3, s2)} alternates, a nearest upsample followed by a 3×3 convolution with
 * equal weights does not.
 *
 * <p>The interior is every position at least {@code m} elements away from each border of its axis, with
 * {@code m = min(2, (size − 1) / 2)}; the gain is called even when its interior values differ by at most
 * {@code 1e-12} times their largest magnitude. Immutable and thread-safe.
 */
public final class GainMap {
    private final String title;
    private final int[] spatial;
    private final int[] counts;
    private final double[] gain;

    private GainMap(String title, int[] spatial, int[] counts, double[] gain) {
        this.title = title;
        this.spatial = spatial;
        this.counts = counts;
        this.gain = gain;
    }

    /**
     * @param lowered the layer lowered for its input
     * @param title   what the layer is, for the figure
     */
    public static GainMap of(LoweredLayer lowered, String title) {
        int[] out = lowered.outputShape();
        int[] spatial = Arrays.copyOfRange(out, 2, out.length);
        int plane = 1;
        for (int e : spatial) {
            plane = Math.multiplyExact(plane, e);
        }
        CscMatrix a = lowered.matrix();
        int[] rowCounts = CscOps.rowCounts(a);
        double[] ones = new double[a.cols()];
        Arrays.fill(ones, 1.0);
        double[] sums = CscOps.multiply(a, ones);
        return new GainMap(title, spatial, Arrays.copyOf(rowCounts, plane), Arrays.copyOf(sums, plane));
    }

    /** @return the input elements feeding each output position of channel 0, row-major */
    public int[] counts() {
        return counts.clone();
    }

    /** @return the output of an all-ones input (no bias) at each position of channel 0, row-major */
    public double[] gain() {
        return gain.clone();
    }

    /** @return whether the gain is the same at every interior position (see the class comment) */
    public boolean even() {
        double[] range = interiorRange();
        return range[1] - range[0] <= 1e-12 * Math.max(Math.abs(range[1]), Math.abs(range[0]));
    }

    /** @return the interior gain's smallest and largest value */
    public double[] interiorRange() {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        int[] pos = new int[spatial.length];
        for (int i = 0; i < gain.length; i++) {
            unflatten(i, pos);
            if (interior(pos)) {
                lo = Math.min(lo, gain[i]);
                hi = Math.max(hi, gain[i]);
            }
        }
        return new double[] {lo, hi};
    }

    private boolean interior(int[] pos) {
        for (int a = 0; a < pos.length; a++) {
            int m = Math.min(2, (spatial[a] - 1) / 2);
            if (pos[a] < m || pos[a] >= spatial[a] - m) {
                return false;
            }
        }
        return true;
    }

    private void unflatten(int flat, int[] pos) {
        for (int a = spatial.length - 1; a >= 0; a--) {
            pos[a] = flat % spatial[a];
            flat /= spatial[a];
        }
    }

    /** @return the counts and the gain as text grids, the last spatial axis across */
    public String grids() {
        int cols = spatial.length == 0 ? 1 : spatial[spatial.length - 1];
        StringBuilder sb = new StringBuilder("input elements feeding each output position (channel 0):\n");
        for (int i = 0; i < counts.length; i++) {
            sb.append(i % cols == 0 ? "  " : " ").append(String.format(Locale.ROOT, "%3d", counts[i]));
            if (i % cols == cols - 1) {
                sb.append('\n');
            }
        }
        sb.append("gain: output of an all-ones input, no bias (channel 0):\n");
        for (int i = 0; i < gain.length; i++) {
            sb.append(i % cols == 0 ? "  " : " ").append(String.format(Locale.ROOT, "%8.4g", gain[i]));
            if (i % cols == cols - 1) {
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    /** @return the gain drawn as a heatmap, the last spatial axis across */
    public HeatmapFigure figure(int maxPlot) {
        int cols = spatial.length == 0 ? 1 : spatial[spatial.length - 1];
        double[] range = interiorRange();
        List<String> sub = new ArrayList<>();
        sub.add("Gain = row sums of A for output channel 0: " + (even() ? "even in the interior (no checkerboard)"
                : "UNEVEN in the interior: checkerboard") + String.format(Locale.ROOT, ", interior %.4g .. %.4g.",
                range[0], range[1]));
        return PlaneFigure.of("Gain map of " + title, sub, gain, cols, "colour: output of an all-ones input (gain), "
                + "channel 0", maxPlot);
    }
}
