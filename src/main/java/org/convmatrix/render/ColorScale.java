package org.convmatrix.render;

/**
 * Maps a value to a colour ({@code 0xRRGGBB}) over a range shown by the legend's colour bar.
 * Implementations are immutable and thread-safe.
 */
public interface ColorScale {
    /** @return the colour of {@code v}; values outside {@code [min, max]} take the end colours */
    int rgb(double v);

    /** @return the lower end of the colour bar */
    double min();

    /** @return the upper end of the colour bar */
    double max();

    /** @return the values labelled on the colour bar, ascending */
    double[] ticks();

    /** @return what the colour shows, e.g. {@code "entry value"} */
    String label();

    /** @return the names of the categories of a categorical scale (a legend of swatches), or null for a colour bar */
    default java.util.List<String> categories() {
        return null;
    }

    /** @return the colour of category {@code i} of {@link #categories()} */
    default int categoryRgb(int i) {
        throw new UnsupportedOperationException("not a categorical scale");
    }

    /** Linear interpolation between colour stops spread evenly over {@code t} in [0, 1]. */
    static int interpolate(int[] stops, double t) {
        if (!(t > 0)) {
            return stops[0];
        }
        if (t >= 1) {
            return stops[stops.length - 1];
        }
        double pos = t * (stops.length - 1);
        int i = (int) Math.floor(pos);
        double f = pos - i;
        int a = stops[i];
        int b = stops[i + 1];
        int r = (int) Math.round(((a >> 16) & 255) * (1 - f) + ((b >> 16) & 255) * f);
        int g = (int) Math.round(((a >> 8) & 255) * (1 - f) + ((b >> 8) & 255) * f);
        int bl = (int) Math.round((a & 255) * (1 - f) + (b & 255) * f);
        return (r << 16) | (g << 8) | bl;
    }

    /** @return the relative luminance in [0, 1] (sRGB weights, no gamma), to pick a readable text colour */
    static double luminance(int rgb) {
        return (0.2126 * ((rgb >> 16) & 255) + 0.7152 * ((rgb >> 8) & 255) + 0.0722 * (rgb & 255)) / 255.0;
    }
}
