package org.convmatrix.render;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.convmatrix.sparse.CscMatrix;

/**
 * Where the panels of an {@link AnimationFigure} go, below its header: the drawn input planes (one per
 * drawn input channel and, for a 3-D layer, per depth the slice's footprints touch), the output grid of each
 * animated channel, and the matrix. x coordinates are absolute, rows and columns count cells. Immutable.
 */
final class AnimationLayout {
    static final int MARGIN = 16;
    static final int GAP = 28;

    final ConvAnimation anim;
    final int cell;
    final int matrixCell;
    final List<int[]> planes;
    final int[] outChannels;
    private final int matrixCols;

    AnimationLayout(ConvAnimation anim, CscMatrix a, int cell) {
        this.anim = anim;
        this.cell = cell;
        this.matrixCell = Math.max(1, Math.min(cell / 2, 320 / Math.max(a.rows(), a.cols())));
        this.planes = planes(anim);
        this.outChannels = anim.frames().stream().mapToInt(ConvAnimation.Frame::outChannel).distinct().toArray();
        this.matrixCols = a.cols();
    }

    /** @return the x just right of the matrix plus the margin */
    int panelsWidth() {
        return matrixX() + matrixCols * matrixCell + MARGIN;
    }

    /** @return {channel, lead} per drawn input plane; lead is the drawn index on axis 0 of a 3-D layer, else -1 */
    static List<int[]> planes(ConvAnimation anim) {
        TreeSet<Integer> channels = new TreeSet<>();
        TreeSet<Integer> leads = new TreeSet<>();
        int dims = anim.viewShape().length;
        for (ConvAnimation.Frame f : anim.frames()) {
            for (int c : anim.inputChannels(f.outChannel())) {
                channels.add(c);
            }
            for (int u : f.cells()) {
                leads.add(dims >= 3 ? ConvAnimation.unflatten(u, anim.viewShape())[0] : -1);
            }
        }
        List<int[]> planes = new ArrayList<>();
        for (int c : channels.stream().limit(AnimationFigure.MAX_DRAWN_CHANNELS).toList()) {
            for (int lead : leads) {
                planes.add(new int[] {c, lead});
            }
        }
        return planes;
    }

    /** @return the most cell rows of an input plane or an output grid */
    int gridRows() {
        int[] v = anim.viewShape();
        int[] o = anim.outputSpatial();
        int rows = v.length == 1 ? 1 : v[v.length - 2];
        int outRows = o.length == 1 ? 1 : o[o.length - 2];
        return Math.max(rows, outRows);
    }

    /** @return the cell columns of an input plane */
    int viewCols() {
        int[] v = anim.viewShape();
        return v[v.length - 1];
    }

    /** @return the left edge of input plane {@code p} */
    int planeX(int p) {
        return MARGIN + p * (viewCols() * cell + 12);
    }

    /** @return the left edge of the output grid of the {@code k}-th animated channel */
    int outputX(int k) {
        int[] o = anim.outputSpatial();
        return planeX(planes.size()) + GAP - 12 + k * (o[o.length - 1] * cell + 12);
    }

    /** @return the left edge of the matrix */
    int matrixX() {
        return outputX(outChannels.length) + GAP - 12;
    }

    /** @return {lead, row, col} of a drawn cell (lead -1 below 3 axes) */
    int[] place(int viewCell) {
        int[] v = anim.viewShape();
        int[] u = ConvAnimation.unflatten(viewCell, v);
        int d = u.length;
        return new int[] {d >= 3 ? u[0] : -1, d == 1 ? 0 : u[d - 2], u[d - 1]};
    }

    /** Breaks {@code text} at spaces into lines at most {@code px} wide (a longer word stays whole). */
    static List<String> wrap(String text, double px, float size, boolean bold) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            String next = line.length() == 0 ? word : line + " " + word;
            if (line.length() > 0 && Fonts.width(next, size, bold) > px) {
                lines.add(line.toString());
                line.setLength(0);
                line.append(word);
            } else {
                line.setLength(0);
                line.append(next);
            }
        }
        lines.add(line.toString());
        return lines;
    }
}
