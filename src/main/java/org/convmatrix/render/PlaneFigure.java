package org.convmatrix.render;

import java.util.List;

/**
 * One 2-D plane of values (an image: a layer's output channel, a gain map) drawn as a heatmap with diverging
 * colours centred on zero, rows down and columns across. Stateless and thread-safe.
 */
public final class PlaneFigure {
    private PlaneFigure() {
    }

    /**
     * @param title    the figure's title
     * @param subtitle lines under the title
     * @param values   {@code rows·cols} values, row-major
     * @param cols     the plane's width (its last axis)
     * @param legend   what the colour shows
     * @param maxPlot  the largest plot side in pixels
     */
    public static HeatmapFigure of(String title, List<String> subtitle, double[] values, int cols, String legend,
            int maxPlot) {
        int rows = values.length / Math.max(cols, 1);
        CellGrid grid = CellGrid.dense(rows, cols, values.clone(), null);
        double max = 0;
        for (double v : values) {
            max = Math.max(max, Math.abs(v));
        }
        ColorScale scale = DivergingColorMap.symmetric(max, legend);
        HeatmapAxis rowAxis = new HeatmapAxis(rows > 1 ? "rows: output position (leading axes)" : "rows: (1-D output)",
                rows, 0, 0, "", Integer::toString);
        HeatmapAxis colAxis = new HeatmapAxis("columns: output position along the last axis (0.." + (cols - 1) + ")",
                cols, 0, 0, "", Integer::toString);
        return new HeatmapFigure(title, subtitle, rowAxis, colAxis, grid, scale, false, maxPlot);
    }
}
