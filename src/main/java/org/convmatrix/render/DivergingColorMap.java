package org.convmatrix.render;

/**
 * A diverging colour map centred on zero, ColorBrewer's RdBu (Brewer, Harrower 2003) reversed: blue for
 * negative values, near-white {@code #F7F7F7} for zero, red for positive ones. The limits are symmetric,
 * {@code ±limit} with {@code limit = max |w|}, so equal magnitudes get equal intensity and the sign is the
 * hue: {@code rgb(v) = RdBu((v + limit) / (2·limit))}. Immutable and thread-safe.
 */
public final class DivergingColorMap implements ColorScale {
    /** RdBu, 11 classes, from most negative (dark blue) to most positive (dark red). */
    static final int[] STOPS = {0x053061, 0x2166AC, 0x4393C3, 0x92C5DE, 0xD1E5F0, 0xF7F7F7, 0xFDDBC7, 0xF4A582,
        0xD6604D, 0xB2182B, 0x67001F};

    private final double limit;
    private final String label;

    private DivergingColorMap(double limit, String label) {
        this.limit = limit;
        this.label = label;
    }

    /**
     * @param maxAbs the largest magnitude to show; 0 or not finite falls back to 1
     * @param label  what the colour shows
     */
    public static DivergingColorMap symmetric(double maxAbs, String label) {
        double l = maxAbs > 0 && Double.isFinite(maxAbs) ? maxAbs : 1.0;
        return new DivergingColorMap(l, label);
    }

    @Override
    public int rgb(double v) {
        return ColorScale.interpolate(STOPS, (v + limit) / (2 * limit));
    }

    @Override
    public double min() {
        return -limit;
    }

    @Override
    public double max() {
        return limit;
    }

    /**
     * Round ticks: multiples of a step {@code m·10^e}, {@code m} in {1, 2, 5}, the largest not above
     * {@code limit / 2}, from {@code -limit} to {@code limit} (so 0 and at least two each side); written
     * as {@code k·m·10^e} parsed from decimal text, so 0.2·3 prints as 0.6, not 0.6000000000000001.
     */
    @Override
    public double[] ticks() {
        double raw = limit / 2;
        int e = (int) Math.floor(Math.log10(raw));
        int m = 1;
        for (int candidate : new int[] {5, 2, 1}) {
            if (Double.parseDouble(candidate + "e" + e) <= raw) {
                m = candidate;
                break;
            }
        }
        if (Double.parseDouble(m + "e" + e) > raw) { // log10 rounding put e one too high
            e--;
            m = 5;
        }
        long k = (long) Math.floor(limit / Double.parseDouble(m + "e" + e) + 1e-9);
        double[] t = new double[(int) (2 * k + 1)];
        for (long i = -k; i <= k; i++) {
            t[(int) (i + k)] = new java.math.BigDecimal(i * m).scaleByPowerOfTen(e).doubleValue();
        }
        return t;
    }

    @Override
    public String label() {
        return label;
    }
}
