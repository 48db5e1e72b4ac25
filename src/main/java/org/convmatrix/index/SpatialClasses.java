package org.convmatrix.index;

/**
 * The column classes of a {@code d}-dimensional tap pattern: the Kronecker product of the per-axis
 * {@link AxisClasses}. Column {@code q = (q_0, …, q_{d-1})} (row-major) has class
 * {@code c = Σ cls_a(q_a)·Π_{b>a} C_b} and base row {@code Σ o_first,a(q_a)·Π_{b>a} m_b}; its entries are
 * {@code base + relRow(c, e)} with tap {@code tap(c, e)}, rows increasing in {@code e}. Every column of one
 * class has the same taps in the same order, so a channel pair's values for the class are one block.
 * Immutable.
 */
public final class SpatialClasses {
    private final AxisClasses[] axes;
    private final int[] outLen;
    private final int[] classStride;
    private final int[] start;
    private final int[] relRow;
    private final int[] tap;

    private SpatialClasses(AxisClasses[] axes, int[] outLen, int[] kernel) {
        this.axes = axes;
        this.outLen = outLen.clone();
        int d = axes.length;
        classStride = new int[d];
        int classes = 1;
        for (int a = d - 1; a >= 0; a--) {
            classStride[a] = classes;
            classes = Math.multiplyExact(classes, axes[a].classes());
        }
        start = new int[classes + 1];
        int[] idx = new int[d];
        for (int c = 0; c < classes; c++) {
            int size = 1;
            for (int a = 0; a < d; a++) {
                size = Math.multiplyExact(size, axes[a].size(idx[a]));
            }
            start[c + 1] = Math.addExact(start[c], size);
            next(idx);
        }
        relRow = new int[start[classes]];
        tap = new int[start[classes]];
        idx = new int[d];
        for (int c = 0; c < classes; c++) {
            fill(c, idx, kernel);
            next(idx);
        }
    }

    /** Builds the classes of a pattern with the given per-axis classes, output lengths and kernel sizes. */
    public static SpatialClasses of(AxisClasses[] axes, int[] outLen, int[] kernel) {
        return new SpatialClasses(axes.clone(), outLen, kernel);
    }

    private void next(int[] idx) {
        for (int a = idx.length - 1; a >= 0; a--) {
            if (++idx[a] < axes[a].classes()) {
                return;
            }
            idx[a] = 0;
        }
    }

    /** Kronecker product of the per-axis entry lists of the classes {@code idx}, axis 0 outermost. */
    private void fill(int c, int[] idx, int[] kernel) {
        int d = axes.length;
        int[][] rel = new int[d][];
        int[][] taps = new int[d][];
        for (int a = 0; a < d; a++) {
            rel[a] = axes[a].relativeOutputs(idx[a]);
            taps[a] = axes[a].taps(idx[a]);
        }
        int p = start[c];
        int size = start[c + 1] - start[c];
        int[] e = new int[d];
        for (int k = 0; k < size; k++) {
            int row = 0;
            int t = 0;
            for (int a = 0; a < d; a++) {
                row = row * outLen[a] + rel[a][e[a]];
                t = t * kernel[a] + taps[a][e[a]];
            }
            relRow[p] = row;
            tap[p] = t;
            p++;
            for (int a = d - 1; a >= 0; a--) {
                if (++e[a] < rel[a].length) {
                    break;
                }
                e[a] = 0;
            }
        }
    }

    /** @return the number of classes */
    public int classes() {
        return start.length - 1;
    }

    /** @return the per-axis classes */
    public AxisClasses axis(int a) {
        return axes[a];
    }

    /** @return the multiplier of axis {@code a}'s class in the combined class index */
    public int classStride(int a) {
        return classStride[a];
    }

    /** @return the first entry of class {@code c} in {@link #relRows()} / {@link #taps()} */
    public int start(int c) {
        return start[c];
    }

    /** @return the number of entries of class {@code c} */
    public int size(int c) {
        return start[c + 1] - start[c];
    }

    /** @return the largest class */
    public int maxSize() {
        int max = 0;
        for (int c = 0; c < classes(); c++) {
            max = Math.max(max, size(c));
        }
        return max;
    }

    /** @return a copy of the relative rows of all classes, concatenated (class {@code c} from {@link #start(int)}) */
    public int[] relRows() {
        return relRow.clone();
    }

    /** @return a copy of the taps of all classes, concatenated (class {@code c} from {@link #start(int)}) */
    public int[] taps() {
        return tap.clone();
    }
}
