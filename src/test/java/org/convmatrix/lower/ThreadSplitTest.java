package org.convmatrix.lower;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.convmatrix.sparse.CscMatrix;
import org.convmatrix.spec.ConvLayer;
import org.convmatrix.spec.ConvSpec;
import org.convmatrix.spec.InvalidSpecException;
import org.convmatrix.spec.Op;
import org.convmatrix.spec.Tensor;
import org.junit.jupiter.api.Test;

/**
 * A layer large enough that the thread ranges split a channel's columns (so each range starts its
 * odometer inside a channel, {@code ClassFill.ColumnPrefix.of}): built on 3 threads it is the matrix
 * built on 1, array for array; and {@link LoweredConv#apply} refuses an input of another shape.
 */
class ThreadSplitTest {
    @Test
    void aTwoToThreeChannelConvOn200x200IsTheSameOnThreeThreadsAsOnOne() {
        ConvSpec spec = ConvSpec.builder(Op.CONV, 2, 3, 3, 3).padding(1, 1).build();
        double[] w = new SplittableRandom(3).doubles(3 * 2 * 9, -1, 1).toArray();
        ConvLayer layer = ConvLayer.of(spec, w, null);
        int[] n = {200, 200};
        CscMatrix one = KernelToMatrix.matrix(layer, n, 1);
        CscMatrix three = KernelToMatrix.matrix(layer, n, 3);
        assertArrayEquals(one.colPtr(), three.colPtr());
        assertArrayEquals(one.rowIdx(), three.rowIdx());
        assertArrayEquals(one.values(), three.values(), 0.0);
    }

    /**
     * Splits inside a channel on one and three spatial axes, with stride 2 (two column classes per axis) and with
     * two groups (a range that starts in group 1 starts its rows at that group's output channels).
     */
    @Test
    void rangesStartingInsideAChannelOfAnyRankAndGroupWriteWhatOneThreadWrites() {
        ConvSpec[] specs = {
            ConvSpec.builder(Op.CONV, 2, 3, 3).stride(2).padding(1).build(),
            ConvSpec.builder(Op.CONV, 2, 3, 3, 3, 3).stride(2, 1, 2).padding(1, 0, 1).build(),
            ConvSpec.builder(Op.CONV, 4, 6, 3, 3).groups(2).padding(1, 1).build(),
            ConvSpec.builder(Op.CONV_TRANSPOSE, 4, 2, 3, 3).groups(2).stride(2, 2).build(),
        };
        int[][] inputs = {{20_000}, {30, 30, 30}, {100, 100}, {60, 60}};
        for (int t = 0; t < specs.length; t++) {
            ConvSpec spec = specs[t];
            int weights = spec.weightShape()[0] * spec.weightShape()[1] * spec.kernelVolume();
            double[] w = new SplittableRandom(3 + t).doubles(weights, -1, 1).toArray();
            ConvLayer layer = ConvLayer.of(spec, w, null);
            CscMatrix one = KernelToMatrix.matrix(layer, inputs[t], 1);
            CscMatrix three = KernelToMatrix.matrix(layer, inputs[t], 3);
            String what = spec.toString();
            assertArrayEquals(one.colPtr(), three.colPtr(), what);
            assertArrayEquals(one.rowIdx(), three.rowIdx(), what);
            assertArrayEquals(one.values(), three.values(), 0.0, what);
        }
    }

    @Test
    void applyRefusesAnInputOfAnotherShape() {
        ConvSpec spec = ConvSpec.builder(Op.CONV, 1, 1, 3).build();
        LoweredConv lc = KernelToMatrix.lower(ConvLayer.of(spec, new double[] {1, 2, 3}, null), new int[] {5});
        InvalidSpecException e = assertThrows(InvalidSpecException.class,
                () -> lc.apply(Tensor.of(new int[] {1, 1, 6}, new double[6])));
        assertEquals("input", e.field());
        assertEquals(3, lc.apply(Tensor.of(new int[] {1, 1, 5}, new double[5])).size());
    }
}
