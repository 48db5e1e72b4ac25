package org.convmatrix.render;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.convmatrix.io.MatrixAxes;
import org.convmatrix.lower.LoweredConv;
import org.convmatrix.sparse.CscMatrix;
import org.convmatrix.spec.Op;

/**
 * The heatmap of one matrix of a lowered layer ({@link MatrixKind}): diverging colours centred on zero
 * with limits {@code ±max|entry|}, rows and columns labelled with the (channel, position) they index,
 * channel blocks and spatial rows separated by lines, and symbols in the cells when asked and small enough.
 * Stateless and thread-safe.
 */
public final class LayerHeatmap {
    /** The largest plot side in pixels; larger matrices are aggregated. */
    public static final int MAX_PLOT = 1200;

    private LayerHeatmap() {
    }

    /**
     * @param lc      the lowered layer
     * @param kind    which matrix
     * @param symbols symbols of {@code W} to show in the cells, or {@code null} for numbers
     * @param maxPlot the largest plot side in pixels
     */
    /** The heatmap of a lowered convolution ({@link LayerMatrices#of(LoweredConv)}), default options. */
    public static HeatmapFigure figure(LoweredConv lc, MatrixKind kind, SymbolicWeights symbols, int maxPlot) {
        return figure(LayerMatrices.of(lc), kind, symbols, maxPlot);
    }

    /** The heatmap of a lowered convolution ({@link LayerMatrices#of(LoweredConv)}). */
    public static HeatmapFigure figure(LoweredConv lc, MatrixKind kind, SymbolicWeights symbols, HeatmapOptions opts) {
        return figure(LayerMatrices.of(lc), kind, symbols, opts);
    }

    public static HeatmapFigure figure(LayerMatrices lc, MatrixKind kind, SymbolicWeights symbols, int maxPlot) {
        return figure(lc, kind, symbols, HeatmapOptions.defaults(maxPlot, false));
    }

    /**
     * @param lc      the lowered layer (with the index weights {@code j + 1} when {@code opts.symbolicWeights()})
     * @param kind    which matrix
     * @param symbols symbols of {@code W} to show in the cells, or {@code null}; with weights that are not the
     *                index weights the colours still show the values
     * @param opts    title, zoom and size
     * @throws org.convmatrix.spec.InvalidSpecException naming {@code rows}, {@code cols}, {@code block},
     *     {@code width} or {@code height} when the zoom is outside the matrix or the size cannot hold the figure
     */
    public static HeatmapFigure figure(LayerMatrices lc, MatrixKind kind, SymbolicWeights symbols, HeatmapOptions opts) {
        CscMatrix whole = kind.of(lc);
        MatrixAxes axes = kind.axes(lc);
        boolean symbolic = opts.symbolicWeights();
        String[] labels = symbols == null ? null : kind.symbolic() ? entryLabels(whole, kind, symbols)
                : gramLabels(whole, kind, symbols);
        CscMatrix coded = symbolic && kind.symbolic() && symbols != null ? codes(symbols, kind) : whole;
        MatrixWindow win = HeatmapZoom.window(opts, axes, whole.rows(), whole.cols());
        MatrixWindow.Cut cut = win.cut(coded, labels);
        CscMatrix m = cut.matrix();
        String[] cutLabels = cut.labels();
        ColorScale scale = symbolic ? symbolicScale(lc, kind, symbols, cut) : null;
        boolean conv = !lc.layerIsTranspose();
        String title = opts.title() != null ? opts.title() : lc.symbol(kind) + " of " + lc.title();
        List<String> sub = subtitle(lc, kind, whole, win, conv, m, !symbolic);
        HeatmapAxis rows = axis("rows", axes.rowMeaning(), axes.rowShape(), m.rows(), win.r0());
        HeatmapAxis cols = axis("columns", axes.colMeaning(), axes.colShape(), m.cols(), win.c0());
        if (!opts.sized()) {
            HeatmapFigure.Layout layout = new HeatmapFigure.Layout(opts.showTitle(), opts.maxPlot(),
                    opts.maxPlot() * 5 / 6, 64, 0, 0);
            return build(title, sub, rows, cols, m, cutLabels, scale, symbols != null, layout);
        }
        return sized(title, sub, rows, cols, m, cutLabels, scale, symbols != null, opts);
    }

    /** A figure of exactly the asked size: the plot gets what the margins leave (measured, then refined). */
    private static HeatmapFigure sized(String title, List<String> sub, HeatmapAxis rows, HeatmapAxis cols, CscMatrix m,
            String[] labels, ColorScale scale, boolean withSymbols, HeatmapOptions opts) {
        int w = opts.width() > 0 ? opts.width() : 100_000;
        int h = opts.height() > 0 ? opts.height() : 100_000;
        int plotW = Math.min(4000, w * 2 / 3);
        int plotH = Math.min(4000, h * 2 / 3);
        HeatmapFigure fig = null;
        for (int round = 0; round < 4; round++) {
            fig = build(title, sub, rows, cols, m, labels, scale, withSymbols,
                    new HeatmapFigure.Layout(opts.showTitle(), plotW, plotH, 400, 0, 0));
            if (fig.width() <= w && fig.height() <= h && round > 0) {
                break;
            }
            plotW = Math.max(16, Math.min(4000, w - fig.marginWidth() - (round > 1 ? 8 * round : 0)));
            plotH = Math.max(16, Math.min(4000, h - fig.marginHeight() - (round > 1 ? 8 * round : 0)));
        }
        if (fig.width() > w || fig.height() > h) {
            String flag = fig.width() > w ? "width" : "height";
            throw new org.convmatrix.spec.InvalidSpecException(flag, "--" + flag + ": " + (flag.equals("width") ? w : h)
                    + " px cannot hold this figure's labels and legend; it needs about " + (flag.equals("width")
                    ? fig.width() : fig.height()) + " px (or use --no-title)");
        }
        return build(title, sub, rows, cols, m, labels, scale, withSymbols, new HeatmapFigure.Layout(opts.showTitle(),
                plotW, plotH, 400, opts.width(), opts.height()));
    }

    private static HeatmapFigure build(String title, List<String> sub, HeatmapAxis rows, HeatmapAxis cols, CscMatrix m,
            String[] labels, ColorScale given, boolean withSymbols, HeatmapFigure.Layout layout) {
        // one aggregation factor for rows and columns, so that blocks of entries stay square
        int f = Math.max(1, Math.max(CellGrid.ceilDiv(m.rows(), Math.max(1, layout.plotH())),
                CellGrid.ceilDiv(m.cols(), Math.max(1, layout.plotW()))));
        CellGrid grid = CellGrid.of(m, CellGrid.ceilDiv(m.cols(), f), CellGrid.ceilDiv(m.rows(), f), labels);
        ColorScale scale = given != null ? given : DivergingColorMap.symmetric(grid.maxAbs(), grid.exact()
                ? "colour: entry value" : "colour: signed max |entry| of each block");
        List<String> lines = new ArrayList<>(sub);
        if (!grid.exact()) {
            lines.add((given != null ? "aggregated: each cell shows one stored entry" : "aggregated: each cell shows the "
                    + "entry of largest |value| (with its sign)") + " in a block of " + grid.rowsPerCell() + " x "
                    + grid.colsPerCell() + " entries");
        }
        return new HeatmapFigure(title, lines, rows, cols, grid, scale, true, layout);
    }

    private static List<String> subtitle(LayerMatrices lc, MatrixKind kind, CscMatrix whole, MatrixWindow win,
            boolean conv, CscMatrix m, boolean values) {
        List<String> sub = new ArrayList<>();
        sub.add((lc.convolution() ? identity(kind, conv) : identityOfA(kind)) + "   " + lc.sizes());
        double maxAbs = 0;
        for (int p = 0; p < m.nnz(); p++) {
            maxAbs = Math.max(maxAbs, Math.abs(m.valueAt(p)));
        }
        sub.add(m.rows() + " x " + m.cols() + (win.whole(whole.rows(), whole.cols()) ? " matrix, " : " part, ") + m.nnz()
                + " stored entries (" + String.format(java.util.Locale.ROOT, "%.3g", 100.0 * m.nnz()
                / Math.max(1.0, (double) m.rows() * m.cols())) + "% of all)"
                + (values ? ", max |entry| = " + ValueFormat.compact(maxAbs).replace('\u2212', '-') : ""));
        if (!win.whole(whole.rows(), whole.cols())) {
            sub.add("zoom: rows " + win.r0() + "\u2013" + (win.r1() - 1) + ", columns " + win.c0() + "\u2013"
                    + (win.c1() - 1) + " of the " + whole.rows() + " x " + whole.cols() + " matrix");
        }
        return sub;
    }

    /** @return the symbol of every stored entry of {@code m} (W or Wᵀ), in CSC order */
    private static String[] entryLabels(CscMatrix m, MatrixKind kind, SymbolicWeights symbols) {
        String[] labels = new String[m.nnz()];
        if (symbols.pattern().nnz() != m.nnz()) {
            throw new IllegalStateException("symbol pattern differs from W");
        }
        if (kind == MatrixKind.W) {
            for (int p = 0; p < labels.length; p++) {
                labels[p] = symbols.plain(p);
            }
            return labels;
        }
        for (int j = 0; j < m.cols(); j++) {
            for (int p = m.colStart(j); p < m.colEnd(j); p++) {
                labels[p] = symbols.plain(j, m.rowAt(p));
            }
        }
        return labels;
    }

    /**
     * @return the plain polynomial of every stored entry of WᵀW or WWᵀ (e.g. {@code w0²+w1²}), blank for the
     *     affine matrix or a side above {@link LatexMatrix#MAX_SIDE}: numbers of the index weights mean nothing
     */
    private static String[] gramLabels(CscMatrix m, MatrixKind kind, SymbolicWeights symbols) {
        String[] labels = new String[m.nnz()];
        java.util.Arrays.fill(labels, "");
        boolean gram = kind == MatrixKind.WTW || kind == MatrixKind.WWT;
        if (!gram || m.rows() > LatexMatrix.MAX_SIDE) {
            return labels;
        }
        String[][] cells = SymbolicGram.cells(symbols, kind == MatrixKind.WTW, false);
        for (int j = 0; j < m.cols(); j++) {
            for (int p = m.colStart(j); p < m.colEnd(j); p++) {
                labels[p] = cells[m.rowAt(p)][j];
            }
        }
        return labels;
    }

    /** @return W (or Wᵀ) with each entry coded as its weight's flat index + 1, or -1 for a sum of weights */
    private static CscMatrix codes(SymbolicWeights symbols, MatrixKind kind) {
        CscMatrix w = symbols.pattern();
        double[] code = new double[w.nnz()];
        for (int p = 0; p < code.length; p++) {
            int[] t = symbols.terms(p);
            code[p] = t.length == 1 ? t[0] + 1 : CategoricalColors.SUM;
        }
        CscMatrix coded = CscMatrix.wrap(w.rows(), w.cols(), w.colPtr(), w.rowIdx(), code);
        return kind == MatrixKind.WT ? org.convmatrix.sparse.CscOps.transpose(coded) : coded;
    }

    /** Categories for W/Wᵀ with symbols; a neutral fill for anything else computed from index weights. */
    private static ColorScale symbolicScale(LayerMatrices lc, MatrixKind kind, SymbolicWeights symbols,
            MatrixWindow.Cut cut) {
        int[] shape = lc.weightShape();
        int count = 1;
        for (int s : shape) {
            count *= s;
        }
        List<String> names = new ArrayList<>();
        boolean exactNames = symbols != null && kind.symbolic();
        for (int j = 0; j < (exactNames ? count : 0); j++) {
            names.add(SymbolicWeights.name(shape, j, false));
        }
        boolean sums = false;
        CscMatrix part = cut.matrix();
        for (int p = 0; p < part.nnz(); p++) {
            sums |= part.valueAt(p) == CategoricalColors.SUM;
        }
        if (!exactNames) { // products or sums of index weights: no colour can say which weight
            return CategoricalColors.neutral(kind.symbolic() ? "a weight (too many cells for symbols)"
                    : "a sum of products of weights");
        }
        return CategoricalColors.of(names, sums);
    }

    private static String identityOfA(MatrixKind kind) {
        switch (kind) {
            case W:
                return "layer(x) = A\u00b7x (+ b).";
            case WT:
                return "A\u1d40 is the layer's backward: grad_input = A\u1d40\u00b7grad_output.";
            case AFFINE:
                return "layer(x) = [A | b]\u00b7[x; 1].";
            case WTW:
                return "A\u1d40A: how input positions interact.";
            default:
                return "AA\u1d40: how output positions interact.";
        }
    }

    private static String identity(MatrixKind kind, boolean conv) {
        switch (kind) {
            case W:
                return conv ? "conv(x) = W\u00b7x." : "convT(y) = W\u1d40\u00b7y (W is the conv this layer is the adjoint of).";
            case WT:
                return conv ? "W\u1d40 is the conv_transpose with the same weights: convT(y) = W\u1d40\u00b7y."
                        : "convT(y) = W\u1d40\u00b7y: this matrix is the layer.";
            case AFFINE:
                return "layer(x) = [A | b]\u00b7[x; 1], A = " + (conv ? "W." : "W\u1d40.");
            case WTW:
                return "W\u1d40W: how input positions interact; convT(conv(x)) = W\u1d40W\u00b7x.";
            default:
                return "WW\u1d40: how output positions interact; conv(convT(y)) = WW\u1d40\u00b7y.";
        }
    }

    private static HeatmapAxis axis(String side, String meaning, int[] shape, int length, int offset) {
        int spatial = 1;
        for (int a = 1; a < shape.length; a++) {
            spatial *= shape[a];
        }
        int minor = shape.length >= 3 ? shape[shape.length - 1] : 0;
        StringBuilder dims = new StringBuilder();
        for (int a = 0; a < shape.length; a++) {
            dims.append(a == 0 ? "" : " x ").append(shape[a]);
        }
        String tuple = MatrixAxes.tupleName(shape);
        String sizes = dims.toString();
        if (shape[0] == 1) {
            tuple = "(" + tuple.substring(tuple.indexOf(", ") + 2);
            sizes = "1 channel, " + sizes.substring(sizes.indexOf(" x ") + 3);
        }
        String title = side + ": " + meaning + " " + tuple + ", " + sizes
                + (offset + length > product(shape) ? " + bias column" : "");
        int major = shape[0] > 1 ? spatial : 0;
        return new HeatmapAxis(title, length, major, minor, "ch ", k -> {
            int i = k + offset;
            if (i >= product(shape)) {
                return "b";
            }
            int[] idx = MatrixAxes.unflatten(i, shape);
            StringBuilder sb = new StringBuilder();
            for (int a = shape[0] > 1 ? 0 : 1; a < idx.length; a++) {
                sb.append(sb.length() == 0 ? "" : ",").append(idx[a]);
            }
            return i + " (" + sb + ")";
        }, offset);
    }

    private static long product(int[] shape) {
        long p = 1;
        for (int s : shape) {
            p *= s;
        }
        return p;
    }
}
