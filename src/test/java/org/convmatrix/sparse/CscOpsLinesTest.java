package org.convmatrix.sparse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The longest row and column of a CSC matrix and its absolute values, on a matrix written out by hand. */
class CscOpsLinesTest {
    /** [[1, 0, -2], [0, 0, 3], [-4, 5, 0], [0, 0, -6]]: rows hold 2, 1, 2, 1 entries, columns 2, 1, 3. */
    private static CscMatrix example() {
        return CscMatrix.wrap(4, 3, new int[] {0, 2, 3, 6}, new int[] {0, 2, 2, 0, 1, 3},
                new double[] {1, -4, 5, -2, 3, -6});
    }

    @Test
    void longestRowAndColumnCountStoredEntries() {
        assertEquals(2, CscOps.longestRow(example()));
        assertEquals(3, CscOps.longestColumn(example()));
        assertEquals(0, CscOps.longestRow(CscMatrix.wrap(2, 0, new int[] {0}, new int[0], new double[0])));
    }

    @Test
    void absoluteKeepsThePatternAndDropsTheSigns() {
        CscMatrix abs = CscOps.absolute(example());
        assertArrayEquals(example().rowIdx(), abs.rowIdx());
        assertArrayEquals(new double[] {1, 4, 5, 2, 3, 6}, abs.values(), 0.0);
        assertArrayEquals(new double[] {1, -4, 5, -2, 3, -6}, example().values(), 0.0);
    }
}
