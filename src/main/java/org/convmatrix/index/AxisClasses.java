package org.convmatrix.index;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The columns of one axis' tap pattern grouped by shape: two input positions {@code i} are in the same
 * class when they are read through the same taps {@code j} at the same output offsets relative to
 * their first output {@code o_first(i)}. Away from the borders all positions with the same
 * {@code (i + p) mod s} share a class, so an axis of any length has only a handful of classes.
 *
 * <p>For position {@code i}: {@link #classOf(int)} and {@link #firstOutput(int)}; for class {@code c}: the
 * entries {@code (o - o_first, j)} in increasing {@code o}. Immutable.
 */
public final class AxisClasses {
    private final int[] classOf;
    private final int[] firstOutput;
    private final int[][] relOutputs;
    private final int[][] taps;

    private AxisClasses(int[] classOf, int[] firstOutput, int[][] relOutputs, int[][] taps) {
        this.classOf = classOf;
        this.firstOutput = firstOutput;
        this.relOutputs = relOutputs;
        this.taps = taps;
    }

    /**
     * Classifies the input positions of one axis (see {@link TapPattern} for the pattern).
     *
     * @param m         output length
     * @param n         input length
     * @param kernel    taps
     * @param stride    stride
     * @param dilation  dilation
     * @param padBefore padding before
     */
    public static AxisClasses of(int m, int n, int kernel, int stride, int dilation, int padBefore) {
        int[] classOf = new int[n];
        int[] first = new int[n];
        Map<List<Integer>, Integer> ids = new HashMap<>();
        List<int[]> rel = new ArrayList<>();
        List<int[]> tapList = new ArrayList<>();
        int[] o = new int[kernel];
        int[] j = new int[kernel];
        for (int i = 0; i < n; i++) {
            int count = 0;
            for (int t = kernel - 1; t >= 0; t--) {
                long pos = (long) i + padBefore - (long) t * dilation;
                if (pos >= 0 && pos % stride == 0 && pos / stride < m) {
                    o[count] = (int) (pos / stride);
                    j[count] = t;
                    count++;
                }
            }
            first[i] = count == 0 ? 0 : o[0];
            List<Integer> key = new ArrayList<>(2 * count);
            for (int e = 0; e < count; e++) {
                key.add(o[e] - first[i]);
                key.add(j[e]);
            }
            Integer id = ids.get(key);
            if (id == null) {
                id = rel.size();
                ids.put(key, id);
                int[] r = new int[count];
                int[] t = new int[count];
                for (int e = 0; e < count; e++) {
                    r[e] = o[e] - first[i];
                    t[e] = j[e];
                }
                rel.add(r);
                tapList.add(t);
            }
            classOf[i] = id;
        }
        return new AxisClasses(classOf, first, rel.toArray(new int[0][]), tapList.toArray(new int[0][]));
    }

    /** @return the class of input position {@code i} */
    public int classOf(int i) {
        return classOf[i];
    }

    /** @return the first output position that reads input position {@code i} (0 if none) */
    public int firstOutput(int i) {
        return firstOutput[i];
    }

    /** @return the number of classes */
    public int classes() {
        return relOutputs.length;
    }

    /** @return the output offsets {@code o - o_first} of class {@code c}, increasing (a copy) */
    public int[] relativeOutputs(int c) {
        return relOutputs[c].clone();
    }

    /** @return the taps of class {@code c}, matching {@link #relativeOutputs(int)} (a copy) */
    public int[] taps(int c) {
        return taps[c].clone();
    }

    /** @return the entries of class {@code c} */
    public int size(int c) {
        return relOutputs[c].length;
    }

    @Override
    public String toString() {
        return "AxisClasses[" + classes() + " classes over " + classOf.length + " positions: " + Arrays.deepToString(taps) + "]";
    }
}
