package org.convmatrix.render;

/**
 * A sequential colour map for non-negative counts, from pale yellow (few) to dark purple-blue (many):
 * ColorBrewer's YlGnBu, {@code rgb(v) = YlGnBu((v - min) / (max - min))}. Integer ticks. Immutable and
 * thread-safe.
 */
public final class SequentialColorMap implements ColorScale {
    static final int[] STOPS = {0xFFFFD9, 0xEDF8B1, 0xC7E9B4, 0x7FCDBB, 0x41B6C4, 0x1D91C0, 0x225EA8, 0x253494,
        0x081D58};

    private final double min;
    private final double max;
    private final String label;

    private SequentialColorMap(double min, double max, String label) {
        this.min = min;
        this.max = max;
        this.label = label;
    }

    /** @return a map over the integers {@code [min, max]} (widened to at least one step) */
    public static SequentialColorMap counts(int min, int max, String label) {
        return new SequentialColorMap(Math.min(min, max), Math.max(max, min + 1), label);
    }

    @Override
    public int rgb(double v) {
        return ColorScale.interpolate(STOPS, (v - min) / (max - min));
    }

    @Override
    public double min() {
        return min;
    }

    @Override
    public double max() {
        return max;
    }

    @Override
    public double[] ticks() {
        int lo = (int) min;
        int hi = (int) max;
        int step = Math.max(1, (hi - lo + 5) / 6);
        int n = (hi - lo) / step + 1;
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = lo + (double) i * step;
        }
        return t;
    }

    @Override
    public String label() {
        return label;
    }
}
