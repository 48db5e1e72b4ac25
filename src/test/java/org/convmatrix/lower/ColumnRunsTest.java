package org.convmatrix.lower;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.convmatrix.index.AxisClasses;
import org.junit.jupiter.api.Test;

/**
 * {@link ColumnRuns#pays}: runs pay where at least two columns of the longest length fit in the entries of one
 * copy and some run along the last axis is longer than one column.
 */
class ColumnRunsTest {
    @Test
    void runsPayFromTwoColumnsPerCopyOnAnAxisWithRuns() {
        // k = 3, stride 1, padding 1 on 10: positions 1..8 share a class, first outputs 0..7 (one run of 8)
        AxisClasses runs = AxisClasses.of(10, 10, 3, 1, 1, 1);
        assertTrue(ColumnRuns.pays(runs, 10, 9, 18));
        assertFalse(ColumnRuns.pays(runs, 10, 9, 17), "17 entries hold one column of 9");
        assertTrue(ColumnRuns.pays(runs, 10, 0, 2), "an empty longest column counts as one entry");
        assertFalse(ColumnRuns.pays(runs, 10, 0, 1));
    }

    @Test
    void runsDoNotPayWithoutARunLongerThanOneColumn() {
        // k = 1, stride 2 on 10: even positions read output i/2, odd ones nothing; neighbours never share a class
        AxisClasses alternating = AxisClasses.of(5, 10, 1, 2, 1, 0);
        assertFalse(ColumnRuns.pays(alternating, 10, 1, 1 << 20));
        // a single position is a run of one
        assertFalse(ColumnRuns.pays(AxisClasses.of(1, 1, 1, 1, 1, 0), 1, 1, 1 << 20));
    }
}
