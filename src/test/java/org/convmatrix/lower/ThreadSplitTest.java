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
