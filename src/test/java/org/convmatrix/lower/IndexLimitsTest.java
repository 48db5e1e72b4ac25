package org.convmatrix.lower;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.convmatrix.spec.ArrayLimits;
import org.convmatrix.spec.ConvSpec;
import org.convmatrix.spec.InvalidSpecException;
import org.convmatrix.spec.Op;
import org.convmatrix.spec.PaddingMode;
import org.junit.jupiter.api.Test;

/**
 * The limits of {@code int} indexing, exactly at the limit and one past it, through
 * {@link KernelToMatrix#predictedSize} (pure arithmetic: nothing of the size of {@code W} is allocated).
 * {@code MAX = 2^31 − 9 = ArrayLimits.MAX_ARRAY} rows, columns and nonzeros are storable, {@code MAX + 1} are not.
 */
class IndexLimitsTest {
    private static final int MAX = ArrayLimits.MAX_ARRAY;

    private static ConvSpec conv1d(int in, int out, int k, int padding) {
        return ConvSpec.builder(Op.CONV, in, out, k).padding(padding).build();
    }

    @Test
    void exactlyTheLargestArrayOfRowsColumnsAndNonzerosIsIndexable() {
        // 1 -> 1, kernel 1: rows = columns = nonzeros = n
        assertArrayEquals(new long[] {MAX, MAX, MAX}, KernelToMatrix.predictedSize(conv1d(1, 1, 1, 0), MAX));
        InvalidSpecException e = assertThrows(InvalidSpecException.class,
                () -> KernelToMatrix.predictedSize(conv1d(1, 1, 1, 0), MAX + 1));
        assertEquals("input", e.field());
        assertTrue(e.getMessage().startsWith("input: W would be " + (MAX + 1L) + " x " + (MAX + 1L)), e.getMessage());
    }

    @Test
    void rowsAndColumnsAreCheckedEachOnItsOwn() {
        int n = 1 << 30;
        // 1 -> 2 channels: 2^31 rows, 2^30 columns
        InvalidSpecException rows = assertThrows(InvalidSpecException.class,
                () -> KernelToMatrix.predictedSize(conv1d(1, 2, 1, 0), n));
        assertTrue(rows.getMessage().startsWith("input: W would be " + (2L * n) + " x " + n + ", more rows or columns"),
                rows.getMessage());
        // 2 -> 1 channels: 2^30 rows, 2^31 columns (and 2^31 nonzeros: the dimensions are named first)
        InvalidSpecException cols = assertThrows(InvalidSpecException.class,
                () -> KernelToMatrix.predictedSize(conv1d(2, 1, 1, 0), n));
        assertTrue(cols.getMessage().startsWith("input: W would be " + n + " x " + (2L * n) + ", more rows or columns"),
                cols.getMessage());
    }

    @Test
    void exactlyTheLargestArrayOfNonzerosIsIndexable() {
        // kernel 5, padding 2: 5n − 6 entries (the border outputs lose 2 + 1 taps at each end); 5n − 6 = MAX
        int n = 429_496_729;
        assertEquals(MAX, 5L * n - 6);
        assertArrayEquals(new long[] {n, n, MAX}, KernelToMatrix.predictedSize(conv1d(1, 1, 5, 2), n));
        InvalidSpecException e = assertThrows(InvalidSpecException.class,
                () -> KernelToMatrix.predictedSize(conv1d(1, 1, 5, 2), n + 1));
        assertEquals("input: W would have " + (MAX + 5L) + " nonzeros, more than " + MAX + " (the largest Java array)"
                + "; apply or verify the layer without storing W instead (apply --via matrix_free or --via direct; "
                + "MatrixFreeConv as a library)", e.getMessage());
    }

    @Test
    void thePaddedGridOfMergedPaddingMayHoldExactlyTheLargestArray() {
        // circular padding p <= n on both sides: W0 is built on the padded grid of n + 2p positions
        int p = 1 << 29;
        int n = MAX - 2 * p;
        ConvSpec spec = ConvSpec.builder(Op.CONV, 1, 1, 1).padding(p).paddingMode(PaddingMode.CIRCULAR).build();
        assertArrayEquals(new long[] {MAX, MAX, MAX}, KernelToMatrix.predictedSize(spec, n));
        InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> KernelToMatrix.predictedSize(spec, n + 1));
        assertEquals("padding", e.field());
        assertTrue(e.getMessage().startsWith("padding[0] = [" + p + ", " + p + "] makes the padded input axis 0 "
                + (MAX + 1L) + " long, more than " + MAX + ": W = W0*P of padding_mode \"circular\""), e.getMessage());
    }

    @Test
    void theGatherNamesItsShape() {
        ConvSpec spec = ConvSpec.builder(Op.CONV, 2, 3, 3, 3).padding(1, 1).paddingMode(PaddingMode.REFLECT).build();
        assertEquals("gather rows 3x[5, 6], cols 2x[7, 8]", GatherGeometry.of(spec, new int[] {5, 6}).toString());
    }

    /** {@code a·b} where it fits a {@code long}, {@code Long.MAX_VALUE} from the first product that does not. */
    @Test
    void sizeProductsSaturateExactlyWhereTheyWouldOverflow() {
        long max = Long.MAX_VALUE;
        assertEquals(max / 3 * 3, ClassFill.saturatingProduct(max / 3, 3)); // 2^63 − 2: the largest multiple of 3
        assertEquals(max, ClassFill.saturatingProduct(max / 3 + 1, 3));
        assertEquals(max, ClassFill.saturatingProduct(max / 2 + 1, 2));
        assertEquals(0, ClassFill.saturatingProduct(max, 0));
        assertEquals(0, ClassFill.saturatingProduct(0, 0));
        assertEquals(35, ClassFill.saturatingProduct(5, 7));
        assertEquals(1L << 62, ClassFill.saturatingVolume(new int[] {1 << 30, 1 << 30, 4}));
        assertEquals(max, ClassFill.saturatingVolume(new int[] {1 << 30, 1 << 30, 8}));
        assertEquals(0, ClassFill.saturatingVolume(new int[] {1 << 30, 1 << 30, 8, 0}), "an empty axis: no positions");
        assertEquals(1, ClassFill.saturatingVolume(new int[0]));
    }
}
