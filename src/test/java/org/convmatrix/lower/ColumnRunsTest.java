package org.convmatrix.lower;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.convmatrix.index.AxisClasses;
import org.junit.jupiter.api.Test;

/**
 * {@link ColumnRuns#of} builds runs exactly where they pay: at least two columns of the longest length fit in the
 * entries of one copy, the values come in blocks whose repeated copies fit the memory limit, and some run along the
 * last axis is longer than one column; otherwise it returns {@code null} and the columns are written one by one.
 * (That the filling uses the runs it is given is checked by {@code LoweringPropertiesTest} through
 * {@link ColumnRuns#COLUMNS_WRITTEN}.)
 */
class ColumnRunsTest {
    private static final double[] ONE_BLOCK = {1.0};

    /** @return the runs of one class with a one-row template and one channel */
    private static ColumnRuns runs(AxisClasses last, int n, int maxLen, int entries, double[] blocks, long limit) {
        return ColumnRuns.of(last, n, new int[] {0}, new int[] {0, 1}, blocks, 1, maxLen, entries, limit);
    }

    @Test
    void runsAreBuiltFromTwoColumnsPerCopyOnAnAxisWithRuns() {
        // k = 3, stride 1, padding 1 on 10: positions 1..8 share a class, first outputs 0..7 (one run of 8)
        AxisClasses runs = AxisClasses.of(10, 10, 3, 1, 1, 1);
        assertNotNull(runs(runs, 10, 9, 18, ONE_BLOCK, 1 << 20));
        assertNull(runs(runs, 10, 9, 17, ONE_BLOCK, 1 << 20), "17 entries hold one column of 9");
        assertNotNull(runs(runs, 10, 0, 2, ONE_BLOCK, 1 << 20), "an empty longest column counts as one entry");
        assertNull(runs(runs, 10, 0, 1, ONE_BLOCK, 1 << 20));
        assertNull(runs(runs, 10, 9, 18, null, 1 << 20), "values not in blocks");
        assertNull(runs(runs, 10, 9, 18, ONE_BLOCK, 1), "two copies of the block exceed a limit of one double");
        assertNotNull(runs(runs, 10, 9, 18, ONE_BLOCK, 2));
    }

    @Test
    void runsAreNotBuiltWithoutARunLongerThanOneColumn() {
        // k = 1, stride 2 on 10: even positions read output i/2, odd ones nothing; neighbours never share a class
        AxisClasses alternating = AxisClasses.of(5, 10, 1, 2, 1, 0);
        assertNull(runs(alternating, 10, 1, 1 << 20, ONE_BLOCK, 1L << 40));
        // a single position is a run of one
        assertNull(runs(AxisClasses.of(1, 1, 1, 1, 1, 0), 1, 1, 1 << 20, ONE_BLOCK, 1L << 40));
    }
}
