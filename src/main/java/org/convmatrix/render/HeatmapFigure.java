package org.convmatrix.render;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.convmatrix.io.AtomicFiles;

/**
 * A labelled heatmap of a matrix (or of a count grid), drawn identically as PNG and SVG.
 *
 * <p><b>What it shows.</b> Each cell is coloured by {@link ColorScale} (for {@code W}: a diverging map
 * centred on zero with limits {@code ±max|w|}). Entries that are not stored (structural zeros) are light
 * grey with a dot, stored entries that are exactly zero (explicit zeros) are pale yellow with an amber
 * outline. Dark lines separate channel blocks, light lines the rows of the spatial grid. The title names
 * the matrix and the layer, the axis titles say what rows and columns index, and the legend explains the
 * colours and lines. When every cell is at least {@value #LABEL_MIN_PX} px, each cell shows its entry or
 * symbol and each row and column its index.
 *
 * <p><b>Large matrices.</b> When the matrix has more rows or columns than fit ({@code maxPlotWidth},
 * {@code maxPlotHeight}, one pixel per cell at least), the entries are aggregated in blocks
 * ({@link CellGrid}): a cell shows the signed entry of largest magnitude of its block, and the title
 * says how many entries a cell covers.
 *
 * <p>Immutable after construction; painting is thread-safe for distinct canvases.
 */
public final class HeatmapFigure {
    /** Cells at least this large show their label. */
    public static final int LABEL_MIN_PX = 20;
    /** Colour of structural zeros (entries not stored). */
    public static final int STRUCTURAL_RGB = 0xE3E3E3;
    /** Colour of explicit zeros (stored entries equal to 0). */
    public static final int EXPLICIT_ZERO_RGB = 0xFFF3B0;
    static final int EXPLICIT_ZERO_EDGE = 0xD99A00;
    static final int DOT_RGB = 0xB5B5B5;
    static final int MAJOR_RGB = 0x1A1A1A;
    static final int MINOR_RGB = 0x8C8C8C;
    static final int TEXT_RGB = 0x1A1A1A;
    static final int MUTED_RGB = 0x555555;

    private static final int PAD = 24;
    private static final float TITLE = 19f;
    private static final float SUB = 13f;
    private static final float AXIS = 14f;
    private static final float TICK = 11.5f;

    private final String title;
    private final List<String> subtitle;
    private final HeatmapAxis rowAxis;
    private final HeatmapAxis colAxis;
    private final CellGrid grid;
    private final ColorScale scale;
    private final boolean zeroLegend;

    private final int cw;
    private final int ch;
    private final boolean labelled;
    private final int plotX;
    private final int plotY;
    private final int width;
    private final int height;
    private final int colTickHeight;
    private final List<String> titleLines;
    private final List<String> subtitleLines;
    private final int ox;
    private final int oy;
    private final int marginW;
    private final int marginH;

    /**
     * How a figure is laid out.
     *
     * @param showTitle whether the title and subtitle lines are drawn (wrapped to the figure's width)
     * @param plotW     the largest plot width in pixels
     * @param plotH     the largest plot height in pixels
     * @param maxCell   the largest cell side in pixels
     * @param width     the final image width (the figure is centred in it), 0 for the figure's own width
     * @param height    the final image height, 0 for the figure's own height
     */
    public record Layout(boolean showTitle, int plotW, int plotH, int maxCell, int width, int height) {
        /** The default: title shown, plot up to {@code maxPlot x 5/6 maxPlot}, cells up to 64 px, natural size. */
        public static Layout natural(int maxPlot) {
            return new Layout(true, maxPlot, maxPlot * 5 / 6, 64, 0, 0);
        }
    }

    /**
     * @param title      the headline, naming the matrix and the layer
     * @param subtitle   further lines (input shape, size, aggregation)
     * @param rowAxis    the rows
     * @param colAxis    the columns
     * @param grid       the cells
     * @param scale      the colour scale
     * @param zeroLegend whether to explain structural and explicit zeros in the legend
     * @param maxPlot    the largest plot width (and height) in pixels
     */
    public HeatmapFigure(String title, List<String> subtitle, HeatmapAxis rowAxis, HeatmapAxis colAxis, CellGrid grid,
            ColorScale scale, boolean zeroLegend, int maxPlot) {
        this(title, subtitle, rowAxis, colAxis, grid, scale, zeroLegend, Layout.natural(maxPlot));
    }

    /** A figure laid out as {@code layout} says; other parameters as in the other constructor. */
    public HeatmapFigure(String title, List<String> subtitle, HeatmapAxis rowAxis, HeatmapAxis colAxis, CellGrid grid,
            ColorScale scale, boolean zeroLegend, Layout layout) {
        this.title = title;
        this.subtitle = List.copyOf(subtitle);
        this.rowAxis = rowAxis;
        this.colAxis = colAxis;
        this.grid = grid;
        this.scale = scale;
        this.zeroLegend = zeroLegend;
        int w = clamp(layout.plotW() / Math.max(1, grid.gridCols), 1, layout.maxCell());
        int h = clamp(layout.plotH() / Math.max(1, grid.gridRows), 1, layout.maxCell());
        if (Math.min(w, h) >= 4 || grid.rowsPerCell == grid.colsPerCell) { // square cells: entries never stretched
            w = Math.min(w, h);
            h = w;
        }
        this.cw = w;
        this.ch = h;
        this.labelled = grid.exact() && cw >= LABEL_MIN_PX && ch >= LABEL_MIN_PX;
        int pw = cw * grid.gridCols;
        int ph = ch * grid.gridRows;

        double rowTickW = 0;
        double colTickH = 0;
        for (String s : ticks(rowAxis, ph, ch, grid.rowsPerCell)) {
            rowTickW = Math.max(rowTickW, Fonts.width(s, TICK, false));
        }
        for (String s : ticks(colAxis, pw, cw, grid.colsPerCell)) {
            colTickH = Math.max(colTickH, Fonts.width(s, TICK, false));
        }
        this.colTickHeight = (int) Math.ceil(colTickH) + 8;
        int plotLeft = PAD + 22 + (int) Math.ceil(rowTickW) + 10;
        int naturalW = plotLeft + pw + 36 + legendWidth() + PAD;
        // the title wraps to the figure (at least 480 px wide) instead of widening it
        double wrapAt = Math.max(480, naturalW - 2 * PAD);
        this.titleLines = layout.showTitle() ? Fonts.wrap(title, TITLE, true, wrapAt) : List.of();
        List<String> subs = new ArrayList<>();
        if (layout.showTitle()) {
            for (String line : subtitle) {
                subs.addAll(Fonts.wrap(line, SUB, false, wrapAt));
            }
        }
        this.subtitleLines = subs;
        int header = titleLines.isEmpty() ? 0 : 26 + 24 * (titleLines.size() - 1) + 18 * subs.size() + 12;
        int plotTop = PAD + header + 22 + colTickHeight;
        naturalW = Math.max(naturalW, titleLines.isEmpty() ? 0 : (int) Math.ceil(wrapAt) + 2 * PAD);
        // the rotated row-axis title is centred on the plot and must end inside the picture
        int rowTitleHalf = (int) Math.ceil(Fonts.width(rowAxis.title(), AXIS, true) / 2);
        int naturalH = Math.max(Math.max(plotTop + ph, plotTop + legendHeight()) + 24 + PAD,
                plotTop + ph / 2 + rowTitleHalf + PAD);
        this.width = Math.max(naturalW, layout.width());
        this.height = Math.max(naturalH, layout.height());
        this.marginW = naturalW - pw;
        this.marginH = plotTop + 24 + PAD;
        this.ox = (width - naturalW) / 2;
        this.oy = (height - naturalH) / 2;
        this.plotX = plotLeft + ox;
        this.plotY = plotTop + oy;
    }

    /** @return the width of everything but the plot (labels, legend, padding), in pixels */
    public int marginWidth() {
        return marginW;
    }

    /** @return the height above and below the plot (title, column labels, padding), in pixels */
    public int marginHeight() {
        return marginH;
    }

    /** @return the plot area's width in pixels */
    public int plotWidth() {
        return cw * grid.gridCols;
    }

    /** @return the plot area's height in pixels */
    public int plotHeight() {
        return ch * grid.gridRows;
    }

    /** @return the image width in pixels */
    public int width() {
        return width;
    }

    /** @return the image height in pixels */
    public int height() {
        return height;
    }

    /** @return whether cells show their labels */
    public boolean labelled() {
        return labelled;
    }

    /** @return the cells */
    public CellGrid grid() {
        return grid;
    }

    /** @return the pixel rectangle of the cell holding entry {@code (r, c)} (without the gap between cells) */
    public Rectangle cellRect(int r, int c) {
        int gr = r / grid.rowsPerCell;
        int gc = c / grid.colsPerCell;
        int gap = labelled ? 1 : 0;
        return new Rectangle(plotX + gc * cw + gap, plotY + gr * ch + gap, cw - gap, ch - gap);
    }

    /** @return how the picture maps entries to pixels, for the command's report */
    public String scaleNote() {
        if (grid.exact()) {
            return "one cell per entry, " + cw + " x " + ch + " px";
        }
        return "each " + cw + " x " + ch + " px cell shows max |w| (signed) of a block of " + grid.rowsPerCell + " x "
                + grid.colsPerCell + " entries";
    }

    /** Renders and writes a PNG atomically. */
    public void writePng(Path target) throws IOException {
        BufferedImage img = toImage();
        AtomicFiles.write(target, out -> {
            if (!ImageIO.write(img, "png", out)) {
                throw new IOException("no PNG writer available in this JVM");
            }
        });
    }

    /** Renders and writes an SVG atomically. */
    public void writeSvg(Path target) throws IOException {
        AtomicFiles.writeString(target, toSvg());
    }

    /** @return the picture as an RGB image */
    public BufferedImage toImage() {
        PngCanvas c = new PngCanvas(width, height);
        paint(c, null);
        return c.image();
    }

    /** @return the picture as SVG text */
    public String toSvg() {
        SvgCanvas c = new SvgCanvas(width, height);
        paint(c, c);
        return c.finish();
    }

    private void paint(Canvas c, SvgCanvas svg) {
        int pw = cw * grid.gridCols;
        int ph = ch * grid.gridRows;
        double y = PAD + oy + 19;
        for (int i = 0; i < titleLines.size(); i++) {
            c.text(titleLines.get(i), PAD + ox, y, TITLE, true, TEXT_RGB, Canvas.Anchor.START, false);
            y += i + 1 < titleLines.size() ? 24 : 8;
        }
        for (String s : subtitleLines) {
            y += 18;
            c.text(s, PAD + ox, y, SUB, false, MUTED_RGB, Canvas.Anchor.START, false);
        }
        // column axis title above the column ticks, row axis title rotated at the left
        c.text(colAxis.title(), plotX + pw / 2.0, plotY - colTickHeight - 10, AXIS, true, TEXT_RGB, Canvas.Anchor.MIDDLE,
                false);
        c.text(rowAxis.title(), PAD + ox + 14, plotY + ph / 2.0, AXIS, true, TEXT_RGB, Canvas.Anchor.MIDDLE, true);

        paintCells(c, svg);
        paintBoundaries(c, pw, ph);
        c.strokeRect(plotX - 0.5, plotY - 0.5, pw + 1, ph + 1, MAJOR_RGB, 1);
        paintTicks(c, pw, ph);
        paintLegend(c, plotX + pw + 36, plotY);
    }

    private void paintCells(Canvas c, SvgCanvas svg) {
        if (!labelled) {
            BufferedImage raster = new BufferedImage(grid.gridCols, grid.gridRows, BufferedImage.TYPE_INT_RGB);
            for (int r = 0; r < grid.gridRows; r++) {
                for (int k = 0; k < grid.gridCols; k++) {
                    raster.setRGB(k, r, color(r * grid.gridCols + k));
                }
            }
            if (svg != null) {
                svg.tag("cells", null);
            }
            c.raster(raster, plotX, plotY, cw * grid.gridCols, ch * grid.gridRows);
            return;
        }
        c.fillRect(plotX, plotY, cw * grid.gridCols, ch * grid.gridRows, 0xFFFFFF);
        for (int r = 0; r < grid.gridRows; r++) {
            for (int k = 0; k < grid.gridCols; k++) {
                int i = r * grid.gridCols + k;
                double x = plotX + k * cw + 1;
                double y = plotY + r * ch + 1;
                byte st = grid.state[i];
                if (svg != null) {
                    svg.tag(st == CellGrid.STRUCTURAL ? "structural" : st == CellGrid.EXPLICIT_ZERO ? "cell explicit-zero"
                            : "cell", "(" + r + ", " + k + ") " + (st == CellGrid.STRUCTURAL ? "not stored"
                            : grid.labels[i] + (st == CellGrid.EXPLICIT_ZERO ? " (stored zero)" : "")));
                }
                int rgb = color(i);
                c.fillRect(x, y, cw - 1, ch - 1, rgb);
                if (st == CellGrid.STRUCTURAL) {
                    c.dot(x + (cw - 1) / 2.0, y + (ch - 1) / 2.0, Math.max(1.2, cw / 18.0), DOT_RGB);
                    continue;
                }
                if (st == CellGrid.EXPLICIT_ZERO) {
                    c.strokeRect(x + 1, y + 1, cw - 3, ch - 3, EXPLICIT_ZERO_EDGE, 1.2);
                }
                String label = grid.labels[i];
                if (label != null) {
                    float size = (float) Math.min(15, Math.min(ch * 0.36, cw * 0.36));
                    double tw = Fonts.width(label, size, false);
                    if (tw > cw - 5) {
                        size = (float) (size * (cw - 5) / tw);
                    }
                    if (size >= 7) {
                        int textRgb = ColorScale.luminance(rgb) < 0.5 ? 0xFFFFFF : TEXT_RGB;
                        c.text(label, x + (cw - 1) / 2.0, y + (ch - 1) / 2.0 + size * 0.36, size, false, textRgb,
                                Canvas.Anchor.MIDDLE, false);
                    }
                }
            }
        }
    }

    private int color(int cell) {
        switch (grid.state[cell]) {
            case CellGrid.STRUCTURAL:
                return STRUCTURAL_RGB;
            case CellGrid.EXPLICIT_ZERO:
                return EXPLICIT_ZERO_RGB;
            default:
                return scale.rgb(grid.value[cell]);
        }
    }

    private void paintBoundaries(Canvas c, int pw, int ph) {
        lines(c, rowAxis, grid.rowsPerCell, ch, false, pw, ph);
        lines(c, colAxis, grid.colsPerCell, cw, true, pw, ph);
    }

    private void lines(Canvas c, HeatmapAxis axis, int perCell, int px, boolean vertical, int pw, int ph) {
        for (int pass = 0; pass < 2; pass++) {
            int period = pass == 0 ? axis.minor() : axis.major();
            if (!drawn(axis, perCell, px, pass == 1)) {
                continue;
            }
            long firstLine = period - Math.floorMod(axis.offset(), period);
            for (long b = firstLine == 0 ? period : firstLine; b < axis.length(); b += period) {
                if (pass == 0 && axis.major() > 0 && (b + axis.offset()) % axis.major() == 0) {
                    continue;
                }
                double at = (double) b / perCell * px + 0.5;
                int rgb = pass == 0 ? MINOR_RGB : MAJOR_RGB;
                double w = pass == 0 ? 1 : (labelled ? 2 : 1.2);
                if (vertical) {
                    c.line(plotX + at, plotY, plotX + at, plotY + ph, rgb, w);
                } else {
                    c.line(plotX, plotY + at, plotX + pw, plotY + at, rgb, w);
                }
            }
        }
    }

    private void paintTicks(Canvas c, int pw, int ph) {
        tickLabels(c, rowAxis, grid.rowsPerCell, ch, false, ph);
        tickLabels(c, colAxis, grid.colsPerCell, cw, true, pw);
    }

    private void tickLabels(Canvas c, HeatmapAxis axis, int perCell, int px, boolean columns, int extent) {
        for (Tick t : tickList(axis, extent, px, perCell)) {
            if (columns) {
                c.text(t.text, plotX + t.at + 4, plotY - 6, TICK, false, MUTED_RGB, Canvas.Anchor.START, true);
            } else {
                c.text(t.text, plotX - 6, plotY + t.at + 4, TICK, false, MUTED_RGB, Canvas.Anchor.END, false);
            }
        }
    }

    private record Tick(double at, String text) {
    }

    private List<String> ticks(HeatmapAxis axis, int extent, int px, int perCell) {
        List<String> s = new ArrayList<>();
        for (Tick t : tickList(axis, extent, px, perCell)) {
            s.add(t.text);
        }
        return s;
    }

    /** Index labels when cells are large, else channel-block labels, else a few evenly spaced indices. */
    private List<Tick> tickList(HeatmapAxis axis, int extent, int px, int perCell) {
        List<Tick> ticks = new ArrayList<>();
        boolean cellLabels = grid.exact() && cw >= LABEL_MIN_PX && ch >= LABEL_MIN_PX;
        if (cellLabels && axis.tick() != null) {
            for (int i = 0; i < axis.length(); i++) {
                ticks.add(new Tick((i + 0.5) * px - 4, axis.tick().apply(i)));
            }
            return ticks;
        }
        int major = axis.major();
        if (major > 0 && major < axis.length() && axis.offset() % major == 0) {
            double blockPx = major * (double) px / perCell;
            int blocks = CellGrid.ceilDiv(axis.length(), major);
            int every = Math.max(1, (int) Math.ceil(16 / blockPx));
            for (int b = 0; b < blocks; b += every) {
                ticks.add(new Tick((b + 0.5) * blockPx - 4, axis.majorName() + (b + axis.offset() / major)));
            }
            return ticks;
        }
        int n = axis.length();
        int step = niceStep(n, Math.max(2, extent / 70));
        for (int i = 0; i < n; i += step) {
            ticks.add(new Tick(((double) i / perCell + 0.5) * px - 4, Integer.toString(i + axis.offset())));
        }
        return ticks;
    }

    private static int niceStep(int n, int maxTicks) {
        int raw = Math.max(1, CellGrid.ceilDiv(n, maxTicks));
        int mag = 1;
        while (mag * 10 <= raw) {
            mag *= 10;
        }
        for (int m : new int[] {1, 2, 5, 10}) {
            if (m * mag >= raw) {
                return m * mag;
            }
        }
        return 10 * mag;
    }

    // ---- legend ----

    private static final int BAR_W = 20;

    private int barHeight() {
        List<String> cats = scale.categories();
        return cats != null ? 22 * cats.size() : clamp(ch * grid.gridRows, 150, 320);
    }

    private List<String> legendTitle() {
        return wrap(scale.label(), 30);
    }

    private List<String[]> legendItems() {
        List<String[]> items = new ArrayList<>();
        if (zeroLegend) {
            items.add(new String[] {"explicit", "stored entry equal to 0"});
            items.add(new String[] {"structural", "not stored (structural zero)"});
        }
        if (drawn(rowAxis, grid.rowsPerCell, ch, true) || drawn(colAxis, grid.colsPerCell, cw, true)) {
            items.add(new String[] {"major", "channel block boundary"});
        }
        if (drawn(rowAxis, grid.rowsPerCell, ch, false) || drawn(colAxis, grid.colsPerCell, cw, false)) {
            items.add(new String[] {"minor", "next row of the spatial grid"});
        }
        return items;
    }

    /** @return whether the major (or minor) boundary lines of an axis are drawn: some exist and are far enough apart */
    private static boolean drawn(HeatmapAxis axis, int perCell, int px, boolean major) {
        int period = major ? axis.major() : axis.minor();
        double spacing = period * (double) px / perCell;
        return period > 0 && period < axis.length() && spacing >= (major ? 3 : perCell == 1 && px >= 4 ? 5 : 16);
    }

    private int legendWidth() {
        double w = 0;
        for (String s : legendTitle()) {
            w = Math.max(w, Fonts.width(s, 12.5f, true));
        }
        for (String[] item : legendItems()) {
            w = Math.max(w, 28 + Fonts.width(item[1], 12f, false));
        }
        double tickW = 0;
        for (double t : scale.ticks()) {
            tickW = Math.max(tickW, Fonts.width(ValueFormat.compact(t), 12f, false));
        }
        if (scale.categories() != null) {
            for (String name : scale.categories()) {
                tickW = Math.max(tickW, Fonts.width(name, 12f, false));
            }
        }
        return (int) Math.ceil(Math.max(w, BAR_W + 10 + tickW)) + 4;
    }

    private int legendHeight() {
        return 18 * legendTitle().size() + 8 + barHeight() + 24 + 24 * legendItems().size();
    }

    private void paintLegend(Canvas c, int x, int y) {
        double ty = y + 12;
        for (String s : legendTitle()) {
            c.text(s, x, ty, 12.5f, true, TEXT_RGB, Canvas.Anchor.START, false);
            ty += 18;
        }
        int top = (int) ty - 4;
        int bh = barHeight();
        if (scale.categories() != null) {
            List<String> cats = scale.categories();
            for (int i = 0; i < cats.size(); i++) {
                c.fillRect(x, top + 22 * i + 2, BAR_W, 16, scale.categoryRgb(i));
                c.strokeRect(x - 0.5, top + 22 * i + 1.5, BAR_W + 1, 17, MUTED_RGB, 1);
                c.text(cats.get(i), x + BAR_W + 8, top + 22 * i + 15, 12f, false, TEXT_RGB, Canvas.Anchor.START, false);
            }
            paintLegendItems(c, x, top + bh + 24);
            return;
        }
        for (int i = 0; i < bh; i++) {
            double v = scale.max() - (scale.max() - scale.min()) * (i + 0.5) / bh;
            c.fillRect(x, top + i, BAR_W, 1, scale.rgb(v));
        }
        c.strokeRect(x - 0.5, top - 0.5, BAR_W + 1, bh + 1, MUTED_RGB, 1);
        for (double t : scale.ticks()) {
            double at = top + (scale.max() - t) / (scale.max() - scale.min()) * bh;
            c.line(x + BAR_W, at, x + BAR_W + 5, at, MUTED_RGB, 1);
            c.text(ValueFormat.compact(t), x + BAR_W + 8, at + 4, 12f, false, TEXT_RGB, Canvas.Anchor.START, false);
        }
        paintLegendItems(c, x, top + bh + 24);
    }

    private void paintLegendItems(Canvas c, int x, double iy) {
        for (String[] item : legendItems()) {
            switch (item[0]) {
                case "explicit":
                    c.fillRect(x, iy - 12, 16, 16, EXPLICIT_ZERO_RGB);
                    c.strokeRect(x + 0.5, iy - 11.5, 15, 15, EXPLICIT_ZERO_EDGE, 1.2);
                    break;
                case "structural":
                    c.fillRect(x, iy - 12, 16, 16, STRUCTURAL_RGB);
                    c.dot(x + 8, iy - 4, 1.6, DOT_RGB);
                    break;
                case "major":
                    c.line(x, iy - 4, x + 16, iy - 4, MAJOR_RGB, 2);
                    break;
                default:
                    c.line(x, iy - 4, x + 16, iy - 4, MINOR_RGB, 1);
                    break;
            }
            c.text(item[1], x + 24, iy, 12f, false, TEXT_RGB, Canvas.Anchor.START, false);
            iy += 24;
        }
    }

    static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(word);
        }
        if (line.length() > 0) {
            lines.add(line.toString());
        }
        return lines;
    }

    private static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
