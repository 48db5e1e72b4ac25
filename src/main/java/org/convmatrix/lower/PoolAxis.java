package org.convmatrix.lower;

import org.convmatrix.spec.AvgPoolSpec;

/**
 * One axis of an average pooling's geometry: output {@code o}'s window starts at {@code t = o·s − p}; its
 * length clipped to the padded input is {@code min(t + k, in + p) − t} and clipped to the input
 * {@code min(t + k, in) − max(t, 0)}; input index {@code i} lies in the windows of the outputs
 * {@code first[i], …, first[i] + count[i] − 1}.
 */
final class PoolAxis {
    final int in;
    final int out;
    final int[] padded;
    final int[] inside;
    final int[] first;
    final int[] count;

    private PoolAxis(int in, int out, int k, int s, int p) {
        this.in = in;
        this.out = out;
        this.padded = new int[out];
        this.inside = new int[out];
        this.first = new int[in];
        this.count = new int[in];
        for (int o = 0; o < out; o++) {
            int t = o * s - p;
            int end = Math.min(t + k, in + p);
            int lo = Math.max(t, 0);
            int hi = Math.min(end, in);
            padded[o] = end - t;
            inside[o] = hi - lo;
            for (int i = lo; i < hi; i++) {
                if (count[i]++ == 0) {
                    first[i] = o;
                }
            }
        }
    }

    /** @return the geometry of every spatial axis */
    static PoolAxis[] of(AvgPoolSpec spec, int[] inputShape, int[] outputShape) {
        int[] k = spec.kernelSize();
        int[] s = spec.stride();
        int[] p = spec.padding();
        PoolAxis[] axes = new PoolAxis[k.length];
        for (int a = 0; a < k.length; a++) {
            axes[a] = new PoolAxis(inputShape[a + 2], outputShape[a + 2], k[a], s[a], p[a]);
        }
        return axes;
    }

    /** @return {@code Σ_i count[i]}, the entries of the per-axis factor */
    long entries() {
        long n = 0;
        for (int c : count) {
            n += c;
        }
        return n;
    }

    /** Advances {@code pos} over the input positions (last axis fastest); {@code false} after the last. */
    static boolean advance(int[] pos, PoolAxis[] axes) {
        for (int a = axes.length - 1; a >= 0; a--) {
            if (++pos[a] < axes[a].in) {
                return true;
            }
            pos[a] = 0;
        }
        return false;
    }
}
