package org.convmatrix.spectral;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.convmatrix.sparse.CscMatrix;
import org.junit.jupiter.api.Test;

/** {@link Interval}'s arithmetic and {@link DenseSpectrum}'s rank rule on matrices with known singular values. */
class IntervalAndDenseSpectrumTest {
    @Test
    void intervalChecksItsEndsAndComputesWidthsAndMidpoints() {
        assertEquals("interval must have lower <= upper but was [2.0, 1.0]",
                assertThrows(IllegalArgumentException.class, () -> new Interval(2, 1)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Interval(Double.NaN, 1));
        assertThrows(IllegalArgumentException.class, () -> new Interval(0, Double.NaN));
        Interval point = new Interval(3, 3);
        assertEquals(0, point.relativeWidth());
        Interval i = new Interval(2, 2.5);
        assertEquals(0.25, i.relativeWidth());
        assertEquals(2.25, i.mid());
        assertTrue(i.contains(2) && i.contains(2.5) && i.contains(2.25));
        assertFalse(i.contains(Math.nextDown(2.0)) || i.contains(Math.nextUp(2.5)));
        assertEquals(Double.POSITIVE_INFINITY, new Interval(0, 1).relativeWidth());
        assertEquals(Double.POSITIVE_INFINITY, new Interval(0, 0).relativeWidth(), "not 0/0");
        assertEquals(Double.POSITIVE_INFINITY, new Interval(-1, 1).relativeWidth());
        assertEquals(-0.5, new Interval(-2, 1).mid());
    }

    /** {@code [√lo, √up]} rounded outwards by one ulp; nonpositive ends give 0 and the smallest positive number. */
    @Test
    void sqrtOfRoundsOutwards() {
        Interval s = Interval.sqrtOf(4, 9);
        assertEquals(Math.nextDown(2.0), s.lower());
        assertEquals(Math.nextUp(3.0), s.upper());
        assertEquals(new Interval(0, Math.nextUp(1.0)), Interval.sqrtOf(0, 1));
        assertEquals(new Interval(0, Math.nextUp(1.0)), Interval.sqrtOf(-1, 1));
        assertEquals(new Interval(0, Double.MIN_VALUE), Interval.sqrtOf(-1, -1));
        assertEquals(Math.nextDown(Math.sqrt(Double.MIN_VALUE)), Interval.sqrtOf(Double.MIN_VALUE, 1).lower());
    }

    private static CscMatrix diagonal(int rows, double... d) {
        int[] colPtr = new int[d.length + 1];
        int[] rowIdx = new int[d.length];
        for (int j = 0; j < d.length; j++) {
            colPtr[j + 1] = j + 1;
            rowIdx[j] = j;
        }
        return CscMatrix.wrap(rows, d.length, colPtr, rowIdx, d.clone());
    }

    /**
     * The rank counts values strictly above {@code max(m, n)·2⁻⁵³·σ_1}: here {@code 3·2⁻⁵³}, with a value just at it
     * and one just above.
     */
    @Test
    void rankCountsValuesAboveTheThreshold() {
        double tol = 3 * 0x1p-53;
        DenseSpectrum at = DenseSpectrum.of(diagonal(3, 1, tol), true);
        assertEquals(tol, at.tolerance());
        assertArrayEquals(new double[] {1, tol}, at.values());
        assertEquals(1, at.rank());
        assertEquals(1, Math.abs(at.nullVector()[1]), 1e-15);
        assertEquals(0, at.nullVector()[0], 1e-15);
        DenseSpectrum above = DenseSpectrum.of(diagonal(3, 1, Math.nextUp(tol)), true);
        assertEquals(2, above.rank());
        assertNull(above.nullVector(), "full column rank: no null vector");
        assertNull(DenseSpectrum.of(diagonal(3, 1, 0), false).nullVector(), "not asked for");
        DenseSpectrum scaled = DenseSpectrum.of(diagonal(2, -4, 3), false);
        assertEquals(4, scaled.max());
        assertEquals(3, scaled.min());
        assertEquals(2 * 0x1p-53 * 4, scaled.tolerance());
        assertEquals(0, new DenseSpectrum(new double[0], 0, 0, null).max());
        assertEquals(0, new DenseSpectrum(new double[0], 0, 0, null).min());
    }

    /** A matrix without columns (a layer on an empty input) has no singular value, rank 0 and threshold 0. */
    @Test
    void aMatrixWithoutColumnsHasAnEmptySpectrum() {
        DenseSpectrum s = DenseSpectrum.of(CscMatrix.wrap(3, 0, new int[] {0}, new int[0], new double[0]), true);
        assertEquals(0, s.values().length);
        assertEquals(0, s.rank());
        assertEquals(0, s.tolerance());
        assertEquals(0, s.max());
        assertNull(s.nullVector(), "no column, no null vector");
    }

    /** A wide matrix has a null space even at full row rank. */
    @Test
    void aWideMatrixHasANullVector() {
        CscMatrix wide = CscMatrix.wrap(1, 2, new int[] {0, 1, 2}, new int[] {0, 0}, new double[] {3, 4});
        DenseSpectrum s = DenseSpectrum.of(wide, true);
        assertEquals(1, s.rank());
        assertEquals(5, s.max(), 1e-15);
        double[] x = s.nullVector();
        assertEquals(0, 3 * x[0] + 4 * x[1], 1e-15);
        assertEquals(1, Math.hypot(x[0], x[1]), 1e-15);
    }

    /** The limit itself is densified: a 1×2²⁴ row with one entry (128 MiB dense) has that entry as its σ. */
    @Test
    void aMatrixOfExactlyTheLimitIsDensified() {
        int n = (int) DenseSpectrum.MAX_ENTRIES;
        int[] colPtr = new int[n + 1];
        java.util.Arrays.fill(colPtr, 8, n + 1, 1);
        DenseSpectrum s = DenseSpectrum.of(CscMatrix.wrap(1, n, colPtr, new int[] {0}, new double[] {-2.5}), false);
        assertArrayEquals(new double[] {2.5}, s.values());
        assertEquals(1, s.rank());
    }

    @Test
    void tooLargeMatricesAreRefused() {
        CscMatrix big = CscMatrix.wrap(4097, 4096, new int[4097], new int[0], new double[0]);
        assertEquals("dense SVD needs rows*cols <= 16777216 but was 16781312",
                assertThrows(IllegalArgumentException.class, () -> DenseSpectrum.of(big, false)).getMessage());
    }
}
