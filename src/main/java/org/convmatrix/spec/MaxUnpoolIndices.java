package org.convmatrix.spec;

import java.util.Arrays;

/**
 * The checks on {@code max_unpool}'s indices: integers, each in {@code [0, Π out)} and distinct within the
 * plane of one batch element and channel.
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
            plane *= o;
        }
        int[] shape = indices.shape();
        int per = 1;
        for (int a = 2; a < shape.length; a++) {
            per = Math.multiplyExact(per, shape[a]);
        }
        int[] idx = new int[indices.size()];
        int[] seenAt = new int[(int) Math.min(plane, Integer.MAX_VALUE)];
        Arrays.fill(seenAt, -1);
        for (int start = 0; start < idx.length; start += per) {
            for (int i = start; i < start + per; i++) {
                double v = indices.get(i);
                if (v != Math.rint(v) || v < 0 || v >= plane) {
                    throw new InvalidSpecException(field, field + ".data[" + i + "] " + where(shape, i, per) + " = " + v
                            + " must be an integer in [0, " + plane + ") (the flattened output plane "
                            + Arrays.toString(outSpatial) + ")");
                }
                int k = (int) v;
                if (seenAt[k] >= 0) {
                    throw new InvalidSpecException(field, field + ".data[" + i + "] " + where(shape, i, per) + " = " + k
                            + " repeats " + field + ".data[" + seenAt[k] + "]: indices must be distinct within the "
                            + "plane of one batch element and channel");
                }
                seenAt[k] = i;
                idx[i] = k;
            }
            for (int i = start; i < start + per; i++) {
                seenAt[idx[i]] = -1; // forget this plane's marks, in time proportional to the plane's input
            }
        }
        return idx;
    }

    private static String where(int[] shape, int i, int per) {
        int plane = i / per;
        return "(batch element " + plane / shape[1] + ", channel " + plane % shape[1] + ")";
    }
}
