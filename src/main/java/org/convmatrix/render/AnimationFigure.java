package org.convmatrix.render;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.convmatrix.lower.LoweredConv;
import org.convmatrix.sparse.CscMatrix;
import org.convmatrix.spec.InvalidSpecException;

/**
 * Draws a {@link ConvAnimation}: per frame, the (padded, for conv_transpose zero-inserted and padded) input
 * with the kernel footprint (each tap labelled with its weight, dilation gaps left open), the output being
 * filled (each output cell labelled with its row of the matrix), and the matrix {@code A} ({@code W} for conv,
 * {@code Wᵀ} for conv_transpose) with the frame's row framed and the columns it reads marked. Dark blue taps
 * read an input: they are the row's stored entries; orange taps fall on padding or an inserted zero: no entry.
 *
 * <p>The picture is a static base ({@link #paintBase}) and a per-frame overlay ({@link #paintFrame}), so the
 * SVG holds the base once and one small group per frame. Immutable; painting is thread-safe for distinct
 * canvases.
 */
public final class AnimationFigure {
    /** The most rows or columns of {@code A} drawn entry by entry. */
    public static final int MAX_MATRIX_SIDE = 600;
    /** The most input channels drawn side by side. */
    public static final int MAX_DRAWN_CHANNELS = 4;

    static final int INPUT_RGB = 0xC6DBEF;
    static final int PAD_READS_RGB = 0xE3ECF6;
    static final int PAD_RGB = 0xF0F0F0;
    static final int INSERTED_RGB = 0xFFFFFF;
    static final int TAP_RGB = 0x2171B5;
    static final int TAP_ZERO_RGB = 0xFDAE6B;
    static final int DONE_RGB = 0xA1D99B;
    static final int CURRENT_RGB = 0x238B45;
    static final int ROW_RGB = 0xE6550D;
    static final int GRID_RGB = 0x9E9E9E;
    static final int TEXT_RGB = 0x1A1A1A;
    static final int MUTED_RGB = 0x6B6B6B;

    private static final int MARGIN = AnimationLayout.MARGIN;
    private static final int LABEL_H = 20;
    private static final int MIN_WIDTH = 480;
    private static final int LEGEND_H = 30;

    private final ConvAnimation anim;
    private final CscMatrix a;
    private final String[] weightLabels;
    private final AnimationLayout layout;
    private final int cell;
    private final int matrixCell;
    private final List<int[]> planes;
    private final int[] outChannels;
    private final List<String> titleLines;
    private final List<String> subtitleLines;
    private final int headerH;
    private final int width;
    private final int height;

    private AnimationFigure(ConvAnimation anim, CscMatrix a, String[] weightLabels, int cell, String title) {
        this.anim = anim;
        this.a = a;
        this.weightLabels = weightLabels;
        this.layout = new AnimationLayout(anim, a, cell);
        this.cell = cell;
        this.matrixCell = layout.matrixCell;
        this.planes = layout.planes;
        this.outChannels = layout.outChannels;
        this.width = (int) Math.ceil(Math.max(Math.max(layout.panelsWidth(), MIN_WIDTH), 2 * MARGIN + legendWidth()));
        this.titleLines = AnimationLayout.wrap(title, width - 2 * MARGIN, 14f, true);
        this.subtitleLines = AnimationLayout.wrap(subtitle(), width - 2 * MARGIN, 12f, false);
        this.headerH = 24 + 18 * titleLines.size() + 16 * subtitleLines.size() + 10;
        this.height = headerH + LABEL_H + Math.max(Math.max(layout.gridRows() * cell, a.rows() * matrixCell + 10), 40)
                + LEGEND_H + MARGIN;
    }

    /**
     * @param anim     the frames
     * @param lc       the layer lowered for the same input (its weights are shown)
     * @param symbolic label taps with weight names ({@code w00}, ...) instead of values
     * @param cell     the side of an input cell in pixels
     * @throws InvalidSpecException naming {@code input} when {@code A} has more than {@value #MAX_MATRIX_SIDE}
     *     rows or columns
     */
    public static AnimationFigure of(ConvAnimation anim, LoweredConv lc, boolean symbolic, int cell) {
        CscMatrix a = lc.layerMatrix();
        if (a.rows() > MAX_MATRIX_SIDE || a.cols() > MAX_MATRIX_SIDE) {
            throw new InvalidSpecException("input", "--input: the layer's matrix is " + a.rows() + " x " + a.cols()
                    + "; the animation draws it entry by entry, at most " + MAX_MATRIX_SIDE
                    + " rows and columns: use a smaller input or fewer channels");
        }
        double[] w = lc.layer().weight().data();
        int[] shape = lc.layer().spec().weightShape();
        String[] labels = new String[w.length];
        for (int j = 0; j < w.length; j++) {
            labels[j] = symbolic ? SymbolicWeights.name(shape, j, false) : ValueFormat.compact(w[j]);
        }
        String title = lc.layer().spec() + " on " + Arrays.toString(lc.inputSpatial()) + " \u2192 "
                + Arrays.toString(lc.outputSpatial());
        return new AnimationFigure(anim, a, labels, cell, title);
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** @return the number of frames */
    public int frames() {
        return anim.frames().size();
    }

    /** @return frame {@code i} as an RGB image */
    public BufferedImage frameImage(int i) {
        PngCanvas c = new PngCanvas(width, height);
        paintBase(c);
        paintFrame(c, i);
        return c.image();
    }

    /**
     * @return the animation as one SVG: the base, then one group per frame shown in turn (SMIL
     *     {@code <animate>} of {@code visibility}, discrete, looping), {@code delayMs} per frame
     */
    public String toSvg(int delayMs) {
        SvgCanvas c = new SvgCanvas(width, height);
        paintBase(c);
        int n = frames();
        double total = n * delayMs / 1000.0;
        for (int i = 0; i < n; i++) {
            c.raw(AnimationWriter.svgFrameGroup(i, n, total));
            paintFrame(c, i);
            c.raw("</g>\n");
        }
        return c.finish();
    }

    private int panelY() {
        return headerH + LABEL_H;
    }

    // ---- base ----------------------------------------------------------------------------------------------

    void paintBase(Canvas c) {
        double y = 24;
        for (String line : titleLines) {
            c.text(line, MARGIN, y, 14f, true, TEXT_RGB, Canvas.Anchor.START, false);
            y += 18;
        }
        for (String line : subtitleLines) {
            c.text(line, MARGIN, y, 12f, false, MUTED_RGB, Canvas.Anchor.START, false);
            y += 16;
        }
        for (int p = 0; p < planes.size(); p++) {
            paintPlane(c, p);
        }
        for (int k = 0; k < outChannels.length; k++) {
            paintOutputGrid(c, k);
        }
        paintMatrix(c);
        paintLegend(c);
    }

    private String subtitle() {
        String view = anim.transposed() ? "zero-inserted, padded input (stride-1 conv, flipped kernel)"
                : "padded input";
        String more = planes.stream().mapToInt(p -> p[0]).distinct().count() < anim.inputChannels(outChannels[0]).length
                ? "; first " + MAX_DRAWN_CHANNELS + " input channels drawn, all are in " + (anim.transposed() ? "W\u1d40" : "W")
                : "";
        return "One frame per row of " + (anim.transposed() ? "W\u1d40" : "W") + ". Left: " + view
                + "; middle: output (cells show their row); right: " + (anim.transposed() ? "W\u1d40" : "W") + more + ".";
    }

    private void paintPlane(Canvas c, int p) {
        int[] plane = planes.get(p);
        int x0 = layout.planeX(p);
        int y0 = panelY();
        String label = plane[1] >= 0 ? "ch " + plane[0] + ", depth " + plane[1] : "input ch " + plane[0];
        c.text(label, x0, y0 - 6, 12f, true, TEXT_RGB, Canvas.Anchor.START, false);
        int[] v = anim.viewShape();
        int total = ConvAnimation.product(v);
        for (int u = 0; u < total; u++) {
            int[] at = layout.place(u);
            if (at[0] != plane[1]) {
                continue;
            }
            double x = x0 + at[2] * cell;
            double y = y0 + at[1] * cell;
            c.fillRect(x, y, cell, cell, baseColour(u));
            c.strokeRect(x + 0.5, y + 0.5, cell - 1, cell - 1, GRID_RGB, 1);
            if (cell >= 18 && baseColour(u) != INPUT_RGB && baseColour(u) != PAD_READS_RGB) {
                c.text("0", x + cell / 2.0, y + cell * 0.62, cell * 0.34f, false, 0xB0B0B0, Canvas.Anchor.MIDDLE, false);
            }
        }
    }

    private int baseColour(int viewCell) {
        int[] u = ConvAnimation.unflatten(viewCell, anim.viewShape());
        boolean reads = true;
        boolean inserted = false;
        boolean padding = false;
        for (int ax = 0; ax < u.length; ax++) {
            byte k = anim.axis(ax).kind(u[ax]);
            reads &= anim.axis(ax).source(u[ax]) >= 0;
            inserted |= k == AnimationAxis.INSERTED;
            padding |= k == AnimationAxis.PADDING;
        }
        if (reads) {
            return padding ? PAD_READS_RGB : INPUT_RGB;
        }
        return inserted && !padding ? INSERTED_RGB : PAD_RGB;
    }

    private void paintOutputGrid(Canvas c, int k) {
        int[] o = anim.outputSpatial();
        int cols = o[o.length - 1];
        int x0 = layout.outputX(k);
        int y0 = panelY();
        c.text("output ch " + outChannels[k], x0, y0 - 6, 12f, true, TEXT_RGB, Canvas.Anchor.START, false);
        for (ConvAnimation.Frame f : anim.frames()) {
            if (f.outChannel() != outChannels[k]) {
                continue;
            }
            double[] xy = outputCell(f, x0, y0, cols);
            c.fillRect(xy[0], xy[1], cell, cell, 0xFFFFFF);
            c.strokeRect(xy[0] + 0.5, xy[1] + 0.5, cell - 1, cell - 1, GRID_RGB, 1);
            if (cell >= 18) {
                c.text(Integer.toString(f.row()), xy[0] + cell / 2.0, xy[1] + cell * 0.62, cell * 0.32f, false,
                        MUTED_RGB, Canvas.Anchor.MIDDLE, false);
            }
        }
    }

    private double[] outputCell(ConvAnimation.Frame f, int x0, int y0, int cols) {
        int[] pos = f.outPosition();
        int d = pos.length;
        return new double[] {x0 + pos[d - 1] * cell, y0 + (d == 1 ? 0 : pos[d - 2]) * cell};
    }

    private void paintMatrix(Canvas c) {
        int x0 = layout.matrixX();
        int y0 = panelY();
        String name = anim.transposed() ? "W\u1d40" : "W";
        c.text(name + " (" + a.rows() + " x " + a.cols() + ")", x0, y0 - 6, 12f, true, TEXT_RGB, Canvas.Anchor.START, false);
        c.fillRect(x0, y0, a.cols() * matrixCell, a.rows() * matrixCell, 0xF4F4F4);
        double max = 0;
        for (int p = 0; p < a.nnz(); p++) {
            max = Math.max(max, Math.abs(a.valueAt(p)));
        }
        ColorScale scale = DivergingColorMap.symmetric(max, "entry value");
        for (int j = 0; j < a.cols(); j++) {
            for (int p = a.colStart(j); p < a.colEnd(j); p++) {
                c.fillRect(x0 + j * matrixCell, y0 + a.rowAt(p) * matrixCell, matrixCell, matrixCell,
                        a.valueAt(p) == 0 ? HeatmapFigure.EXPLICIT_ZERO_RGB : scale.rgb(a.valueAt(p)));
            }
        }
        c.strokeRect(x0 - 0.5, y0 - 0.5, a.cols() * matrixCell + 1, a.rows() * matrixCell + 1, GRID_RGB, 1);
    }

    /** @return {colour, text} of each legend item */
    private String[][] legendItems() {
        List<String[]> items = new ArrayList<>();
        items.add(new String[] {"" + INPUT_RGB, "input"});
        items.add(new String[] {"" + PAD_RGB, "padding"});
        if (anim.transposed()) {
            items.add(new String[] {"" + INSERTED_RGB, "inserted zero"});
        }
        items.add(new String[] {"" + TAP_RGB, "tap on an input = a stored entry of the row"});
        items.add(new String[] {"" + TAP_ZERO_RGB, "tap on a zero: no entry"});
        items.add(new String[] {"" + CURRENT_RGB, "current output = framed row"});
        return items.toArray(new String[0][]);
    }

    private static double legendItemWidth(String text) {
        return 19 + Fonts.width(text, 11.5f, false) + 16;
    }

    private double legendWidth() {
        double w = 0;
        for (String[] item : legendItems()) {
            w += legendItemWidth(item[1]);
        }
        return w;
    }

    private void paintLegend(Canvas c) {
        double y = height - MARGIN - 8;
        double x = MARGIN;
        for (String[] item : legendItems()) {
            c.fillRect(x, y - 11, 14, 14, Integer.parseInt(item[0]));
            c.strokeRect(x + 0.5, y - 10.5, 13, 13, GRID_RGB, 1);
            c.text(item[1], x + 19, y, 11.5f, false, TEXT_RGB, Canvas.Anchor.START, false);
            x += legendItemWidth(item[1]);
        }
    }

    // ---- frame overlay -------------------------------------------------------------------------------------

    void paintFrame(Canvas c, int i) {
        ConvAnimation.Frame f = anim.frames().get(i);
        c.text(caption(i, f), MARGIN, headerH - 4, 12.5f, true, CURRENT_RGB, Canvas.Anchor.START, false);
        for (int p = 0; p < planes.size(); p++) {
            paintFootprint(c, p, f);
        }
        for (int k = 0; k < outChannels.length; k++) {
            paintOutputProgress(c, k, i);
        }
        paintRow(c, f);
    }

    private String caption(int i, ConvAnimation.Frame f) {
        String name = anim.transposed() ? "W\u1d40" : "W";
        int[] cols = f.columns();
        return "frame " + (i + 1) + "/" + frames() + ": output (ch " + f.outChannel() + ", "
                + Arrays.toString(f.outPosition()).replace("[", "").replace("]", "") + ") = row " + f.row() + " of "
                + name + ", " + cols.length + " stored " + (cols.length == 1 ? "entry" : "entries");
    }

    private void paintFootprint(Canvas c, int p, ConvAnimation.Frame f) {
        int[] plane = planes.get(p);
        if (Arrays.stream(anim.inputChannels(f.outChannel())).noneMatch(ch -> ch == plane[0])) {
            return;
        }
        int[] cells = f.cells();
        for (int t = 0; t < cells.length; t++) {
            int[] at = layout.place(cells[t]);
            if (at[0] != plane[1]) {
                continue;
            }
            boolean reads = reads(cells[t]);
            int fill = reads ? TAP_RGB : TAP_ZERO_RGB;
            double x = layout.planeX(p) + at[2] * cell;
            double y = panelY() + at[1] * cell;
            c.fillRect(x, y, cell, cell, fill);
            c.strokeRect(x + 1, y + 1, cell - 2, cell - 2, 0x08306B, 2);
            if (cell >= 16) {
                String w = weightLabels[anim.weightIndex(f.outChannel(), plane[0], t)];
                float size = (float) Math.min(cell * 0.36, (cell - 4) * 1.6 / Math.max(2, w.length()));
                c.text(w, x + cell / 2.0, y + cell * 0.62, size, false, reads ? 0xFFFFFF : TEXT_RGB,
                        Canvas.Anchor.MIDDLE, false);
            }
        }
    }

    private boolean reads(int viewCell) {
        int[] u = ConvAnimation.unflatten(viewCell, anim.viewShape());
        for (int ax = 0; ax < u.length; ax++) {
            if (anim.axis(ax).source(u[ax]) < 0) {
                return false;
            }
        }
        return true;
    }

    private void paintOutputProgress(Canvas c, int k, int current) {
        int[] o = anim.outputSpatial();
        int cols = o[o.length - 1];
        for (int j = 0; j <= current; j++) {
            ConvAnimation.Frame f = anim.frames().get(j);
            if (f.outChannel() != outChannels[k]) {
                continue;
            }
            double[] xy = outputCell(f, layout.outputX(k), panelY(), cols);
            c.fillRect(xy[0] + 1, xy[1] + 1, cell - 2, cell - 2, j == current ? CURRENT_RGB : DONE_RGB);
            if (j == current) {
                c.strokeRect(xy[0] + 1, xy[1] + 1, cell - 2, cell - 2, 0x00441B, 2);
            }
            if (cell >= 18) {
                c.text(Integer.toString(f.row()), xy[0] + cell / 2.0, xy[1] + cell * 0.62, cell * 0.32f, j == current,
                        j == current ? 0xFFFFFF : TEXT_RGB, Canvas.Anchor.MIDDLE, false);
            }
        }
    }

    private void paintRow(Canvas c, ConvAnimation.Frame f) {
        int x0 = layout.matrixX();
        int y0 = panelY();
        double y = y0 + f.row() * matrixCell;
        c.strokeRect(x0 - 2, y - 2, a.cols() * matrixCell + 4, matrixCell + 4, ROW_RGB, 2);
        double below = y0 + a.rows() * matrixCell + 3;
        for (int col : f.columns()) {
            c.fillRect(x0 + col * matrixCell, below, Math.max(matrixCell, 2), 5, ROW_RGB);
        }
    }
}
