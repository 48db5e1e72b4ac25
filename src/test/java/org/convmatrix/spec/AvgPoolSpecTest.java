package org.convmatrix.spec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link AvgPoolSpec}: the padding limit with its range in the error, and the output-size arithmetic as the
 * {@code shape} command prints it (the ceil rule's dropped window spelled out).
 */
class AvgPoolSpecTest {
    private static AvgPoolSpec pool(int k, int s, int p, boolean ceil) {
        return AvgPoolSpec.of(new int[] {k}, new int[] {s}, new int[] {p}, ceil, true, null);
    }

    @Test
    void paddingIsAtMostHalfTheKernel() {
        assertEquals(1, pool(3, 1, 1, false).padding()[0]);
        InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> pool(3, 1, 2, false));
        assertEquals("padding[0] must be at most half of kernel_size[0] = 3, i.e. in [0, 1], but was 2", e.getMessage());
    }

    @Test
    void theFloorFormulaIsWorkedOutPerAxis() {
        assertEquals(List.of("per axis: floor((n + 2*padding - kernel) / stride) + 1",
                "  axis 0: floor((5 + 2*1 - 2) / 2) + 1 = 3"), pool(2, 2, 1, false).shapeFormula(new int[] {1, 1, 5}));
        assertArrayEquals(new int[] {1, 1, 3}, pool(2, 2, 1, false).outputShape(new int[] {1, 1, 5}));
    }

    /** n = 5, k = 2, s = 2, p = 1, ceil: ceil(5/2) + 1 = 4, but window 3 would start at 6 = n + p: 3 windows. */
    @Test
    void theCeilFormulaSaysWhenTheLastWindowIsDropped() {
        assertEquals(List.of("per axis: ceil((n + 2*padding - kernel) / stride) + 1, minus 1 when the last window would "
                + "start in the right padding",
                "  axis 0: ceil((5 + 2*1 - 2) / 2) + 1 = 4 - 1 (the last window would start at 6 >= n + padding = 6) = 3"),
                pool(2, 2, 1, true).shapeFormula(new int[] {1, 1, 5}));
        assertArrayEquals(new int[] {1, 1, 3}, pool(2, 2, 1, true).outputShape(new int[] {1, 1, 5}));
        // n = 6: ceil(7/2) + 1 = 5, the last window starts at 8 >= 7: dropped as well; n = 4, k = 3, s = 2: none dropped
        assertEquals("  axis 0: ceil((4 + 2*0 - 3) / 2) + 1 = 2", pool(3, 2, 0, true).shapeFormula(new int[] {1, 1, 4})
                .get(1));
        assertEquals(true, pool(3, 2, 0, true).ceilMode());
        assertFalse(pool(3, 2, 0, false).ceilMode());
    }

    @Test
    void strideAndPaddingNeedOneEntryPerAxis() {
        InvalidSpecException stride = assertThrows(InvalidSpecException.class,
                () -> AvgPoolSpec.of(new int[] {2}, new int[] {1, 1}, null, false, true, null));
        assertEquals("stride must have 1 entries (one per spatial dimension, as kernel_size) but had 2",
                stride.getMessage());
        InvalidSpecException padding = assertThrows(InvalidSpecException.class,
                () -> AvgPoolSpec.of(new int[] {2, 2}, null, new int[] {0}, false, true, null));
        assertEquals("padding must have 2 entries (one per spatial dimension, as kernel_size) but had 1",
                padding.getMessage());
    }

    @Test
    void theInputMustHaveTheKernelsRankAndNoEmptyAxis() {
        AvgPoolSpec p = pool(2, 2, 0, false);
        assertEquals("input must be [N, C, *spatial] with 1 spatial dimension for this avg_pool (kernel_size has 1 entries) "
                + "but had shape [1, 1]", assertThrows(InvalidSpecException.class,
                        () -> p.outputShape(new int[] {1, 1})).getMessage());
        assertEquals("input.shape[1] must be >= 1 for avg_pool but was 0", assertThrows(InvalidSpecException.class,
                () -> p.outputShape(new int[] {1, 0, 4})).getMessage());
        assertEquals("input.shape[2] must be >= 1 for avg_pool but was 0", assertThrows(InvalidSpecException.class,
                () -> p.outputShape(new int[] {1, 1, 0})).getMessage());
        assertArrayEquals(new int[] {0, 1, 2}, p.outputShape(new int[] {0, 1, 4}), "an empty batch is allowed");
    }
}
