package org.convmatrix.render;

/**
 * What a layer heatmap shows and how large it is. Immutable.
 *
 * @param title           the title, or null for the default (the matrix and the layer)
 * @param showTitle       whether the title and subtitle lines are drawn
 * @param maxPlot         the largest plot side in pixels when no final size is asked for
 * @param width           the final image width in pixels, 0 for the figure's own
 * @param height          the final image height in pixels, 0 for the figure's own
 * @param rows            {@code [first, end)} of the rows to draw, or null for all (or the block's)
 * @param cols            {@code [first, end)} of the columns to draw, or null for all (or the block's)
 * @param block           {@code [rowChannel, colChannel]}: draw the block of one channel pair, or null
 * @param symbolicWeights whether the layer carries the index weights {@code w[j] = j + 1} (colours then show
 *                        which weight, never a value)
 */
public record HeatmapOptions(String title, boolean showTitle, int maxPlot, int width, int height, int[] rows,
        int[] cols, int[] block, boolean symbolicWeights) {
    /** The whole matrix with the default title at the default size. */
    public static HeatmapOptions defaults(int maxPlot, boolean symbolicWeights) {
        return new HeatmapOptions(null, true, maxPlot, 0, 0, null, null, null, symbolicWeights);
    }

    /** @return whether a final size is asked for */
    boolean sized() {
        return width > 0 || height > 0;
    }
}
