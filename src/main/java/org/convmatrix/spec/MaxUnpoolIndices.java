package org.convmatrix.spec;

import java.util.Arrays;

/**
 * The checks on {@code max_unpool}'s indices: integers, each in {@code [0, Π out)} and distinct within the
 * plane of one batch element and channel. Memory and time grow with the indices, not with the output plane
 * (a plane's indices are sorted to find a repeat), so a huge {@code output_size} costs nothing here.
 */
final class MaxUnpoolIndices {
    private MaxUnpoolIndices() {
    }

    /**
     * @param indices    {@code [N, C, *in]}
     * @param outSpatial the spatial output sizes
     * @param field      the field name errors give
     * @return the indices as integers, flat row-major
     * @throws InvalidSpecException naming {@code field} and the first offending position
     */
    static int[] check(Tensor indices, int[] outSpatial, String field) {
        long plane = 1;
        for (int o : outSpatial) {
            plane = Math.multiplyExact(plane, (long) o);
        }
        int[] shape = indices.shape();
        int per = 1;
        for (int a = 2; a < shape.length; a++) {
            per = Math.multiplyExact(per, shape[a]);
        }
        int[] idx = new int[indices.size()];
        for (int i = 0; i < idx.length; i++) {
            double v = indices.get(i);
            if (v != Math.rint(v) || v < 0 || v >= plane) {
                throw new InvalidSpecException(field, field + ".data[" + i + "] " + where(shape, i, per) + " = " + v
                        + " must be an integer in [0, " + plane + ") (the flattened output plane "
                        + Arrays.toString(outSpatial) + ")");
            }
            idx[i] = (int) v;
        }
        for (int start = 0; start < idx.length; start += per) {
            requireDistinct(idx, start, per, shape, field);
        }
        return idx;
    }

    /** Finds the first position of the plane {@code [start, start + per)} whose index occurred before in it. */
    private static void requireDistinct(int[] idx, int start, int per, int[] shape, String field) {
        long[] keyed = new long[per]; // index in the high bits, position in the low bits: sorted, repeats are adjacent
        for (int i = 0; i < per; i++) {
            keyed[i] = (long) idx[start + i] << 32 | i;
        }
        Arrays.sort(keyed);
        int firstRepeat = -1;
        for (int t = 1; t < per; t++) {
            if (keyed[t] >>> 32 == keyed[t - 1] >>> 32) {
                int at = (int) keyed[t];
                if (firstRepeat < 0 || at < firstRepeat) {
                    firstRepeat = at;
                }
            }
        }
        if (firstRepeat >= 0) {
            int i = start + firstRepeat;
            int e = start + firstEqual(idx, start, idx[i]);
            throw new InvalidSpecException(field, field + ".data[" + i + "] " + where(shape, i, per) + " = " + idx[i]
                    + " repeats " + field + ".data[" + e + "]: indices must be distinct within the plane of one batch "
                    + "element and channel");
        }
    }

    private static int firstEqual(int[] idx, int start, int value) {
        int t = 0;
        while (idx[start + t] != value) {
            t++;
        }
        return t;
    }

    private static String where(int[] shape, int i, int per) {
        int plane = i / per;
        return "(batch element " + plane / shape[1] + ", channel " + plane % shape[1] + ")";
    }
}
