package org.convmatrix.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * {@link Tensor}'s shape checks at their limits (negative extents, more than {@code 2³¹ − 1} elements, empty axes)
 * and its value equality.
 */
class TensorTest {
    private static String refused(int[] shape, double[] data) {
        return assertThrows(InvalidSpecException.class, () -> Tensor.ofOwned("input", shape, data)).getMessage();
    }

    @Test
    void extentsMustBeNonNegative() {
        assertEquals("input.shape[1] must be >= 0 but was -1", refused(new int[] {2, -1}, new double[0]));
    }

    /** {@code 3 · 715827882 = 2³¹ − 2} still counts (the data then do not match); one more row does not. */
    @Test
    void theElementCountMustFitAnInt() {
        assertEquals("input.data must have 2147483646 elements (the product of shape [3, 715827882]) but had 0",
                refused(new int[] {3, 715827882}, new double[0]));
        assertEquals("input.shape [4, 715827882] has more than 2147483647 elements",
                refused(new int[] {4, 715827882}, new double[0]));
    }

    @Test
    void anEmptyAxisMakesAnEmptyTensor() {
        assertEquals(0, Tensor.of(new int[] {0, 7}, new double[0]).size());
        assertEquals(0, Tensor.of(new int[] {3, 0, Integer.MAX_VALUE}, new double[0]).size());
    }

    @Test
    void tensorsAreEqualExactlyWhenShapeAndDataAre() {
        Tensor t = Tensor.of(new int[] {1, 2}, new double[] {1, 2});
        Tensor same = Tensor.of(new int[] {1, 2}, new double[] {1, 2});
        assertEquals(t, same);
        assertEquals(t.hashCode(), same.hashCode());
        assertNotEquals(t, Tensor.of(new int[] {2, 1}, new double[] {1, 2}));
        assertNotEquals(t, Tensor.of(new int[] {1, 2}, new double[] {1, 3}));
        assertNotEquals(t, "Tensor[1, 2]");
        assertEquals("Tensor[1, 2]", t.toString());
    }
}
