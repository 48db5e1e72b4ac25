package org.convmatrix.render;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.convmatrix.io.MatrixAxes;
import org.convmatrix.sparse.CscMatrix;

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
    public static HeatmapFigure figure(LayerMatrices lc, MatrixKind kind, SymbolicWeights symbols, int maxPlot) {
        CscMatrix m = kind.of(lc);
        MatrixAxes axes = kind.axes(lc);
        String[] labels = null;
        if (symbols != null && kind.symbolic()) {
            labels = new String[m.nnz()];
            CscMatrix w = symbols.pattern();
            if (kind == MatrixKind.W) {
                for (int p = 0; p < labels.length; p++) {
                    labels[p] = symbols.plain(p);
                }
            } else {
                int[] cp = m.colPtrView();
                int[] ri = m.rowIdxView();
                for (int j = 0; j < m.cols(); j++) {
                    for (int p = cp[j]; p < cp[j + 1]; p++) {
                        labels[p] = symbols.plain(j, ri[p]);
                    }
                }
            }
            if (w.nnz() != lc.base().nnz()) {
                throw new IllegalStateException("symbol pattern differs from W");
            }
        }
        CellGrid grid = CellGrid.of(m, maxPlot, maxPlot * 5 / 6, labels);
        String what = labels != null ? "symbolic weights" : "entry value";
        String scaleLabel = grid.exact() ? (labels != null ? "colour: value of the weight (" + what + " in the cells)"
                : "colour: entry value") : "colour: signed max |entry| of each block";
        ColorScale scale = DivergingColorMap.symmetric(grid.maxAbs(), scaleLabel);
        String title = lc.symbol(kind) + " of " + lc.title();
        List<String> sub = new ArrayList<>();
        sub.add((lc.convolution() ? identity(kind, !lc.layerIsTranspose()) : identityOfA(kind)) + "   " + lc.sizes());
        sub.add(m.rows() + " x " + m.cols() + " matrix, " + m.nnz() + " stored entries ("
                + String.format(java.util.Locale.ROOT, "%.3g", 100.0 * m.nnz() / Math.max(1.0, (double) m.rows() * m.cols()))
                + "% of all), max |entry| = " + ValueFormat.compact(grid.maxAbs()).replace('\u2212', '-'));
        if (!grid.exact()) {
            sub.add("aggregated: each cell shows the entry of largest |value| (with its sign) in a block of "
                    + grid.rowsPerCell() + " x " + grid.colsPerCell() + " entries");
        }
        HeatmapAxis rows = axis("rows", axes.rowMeaning(), axes.rowShape(), m.rows());
        HeatmapAxis cols = axis("columns", axes.colMeaning(), axes.colShape(), m.cols());
        return new HeatmapFigure(title, sub, rows, cols, grid, scale, true, maxPlot);
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

    private static HeatmapAxis axis(String side, String meaning, int[] shape, int length) {
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
        String title = side + ": " + meaning + " " + tuple + ", " + sizes + (length > product(shape) ? " + bias column" : "");
        int major = shape[0] > 1 ? spatial : 0;
        return new HeatmapAxis(title, length, major, minor, "ch ", i -> {
            if (i >= product(shape)) {
                return "b";
            }
            int[] idx = MatrixAxes.unflatten(i, shape);
            StringBuilder sb = new StringBuilder();
            for (int a = shape[0] > 1 ? 0 : 1; a < idx.length; a++) {
                sb.append(sb.length() == 0 ? "" : ",").append(idx[a]);
            }
            return i + " (" + sb + ")";
        });
    }

    private static long product(int[] shape) {
        long p = 1;
        for (int s : shape) {
            p *= s;
        }
        return p;
    }
}
