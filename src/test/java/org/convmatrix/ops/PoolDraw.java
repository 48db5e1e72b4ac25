package org.convmatrix.ops;

import org.convmatrix.testing.Layers;
import org.quicktheories.core.RandomnessSource;

/**
 * The start of a generated pooling geometry: {@code d} spatial dimensions in 1..3, batch and channels in 1..2
 * ({@code shape[0]}, {@code shape[1]}), and empty per-axis kernel, stride and padding arrays and spatial sizes
 * ({@code shape[2..]}) for the generator to fill axis by axis.
 */
final class PoolDraw {
    final int d;
    final int[] k;
    final int[] s;
    final int[] p;
    final int[] shape;

    private PoolDraw(RandomnessSource in) {
        d = 1 + Layers.pick(in, 3);
        k = new int[d];
        s = new int[d];
        p = new int[d];
        shape = new int[d + 2];
        shape[0] = 1 + Layers.pick(in, 2);
        shape[1] = 1 + Layers.pick(in, 2);
    }

    static PoolDraw of(RandomnessSource in) {
        return new PoolDraw(in);
    }
}
