package org.convmatrix.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.convmatrix.operator.CscOperator;
import org.convmatrix.operator.LinearOperator;
import org.convmatrix.sparse.CscMatrix;
import org.convmatrix.sparse.CscOps;
import org.junit.jupiter.api.Test;

/**
 * {@link DotTest}'s verdicts seen to pass and to fail: subnormal matrices (the underflow term), a
 * wrong adjoint, and the report's exactness.
 */
class DotTestTest {
    /** A dense 3 x 4 matrix in CSC form. */
    private static CscMatrix dense(double[][] a) {
        int rows = a.length;
        int cols = a[0].length;
        int[] colPtr = new int[cols + 1];
        int[] rowIdx = new int[rows * cols];
        double[] values = new double[rows * cols];
        for (int j = 0, p = 0; j < cols; j++) {
            for (int i = 0; i < rows; i++, p++) {
                rowIdx[p] = i;
                values[p] = a[i][j];
            }
            colPtr[j + 1] = (j + 1) * rows;
        }
        return CscMatrix.wrap(rows, cols, colPtr, rowIdx, values);
    }

    private static double[][] random(SplittableRandom r, int rows, int cols, double scale) {
        double[][] a = new double[rows][cols];
        for (double[] row : a) {
            for (int j = 0; j < cols; j++) {
                row[j] = r.nextDouble(-1, 1) * scale;
            }
        }
        return a;
    }

    private static double[] vector(SplittableRandom r, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextDouble(-1, 1);
        }
        return v;
    }

    @Test
    void adjointIdentityHoldsOnSubnormalMatrices() {
        SplittableRandom r = new SplittableRandom(3);
        int inexact = 0;
        for (int trial = 0; trial < 500; trial++) {
            CscMatrix w = dense(random(r, 3, 4, 1e-308));
            DotTest.Report rep = DotTest.run(w, vector(r, 4), vector(r, 3));
            assertTrue(rep.passed(), rep.toString());
            if (!rep.exact()) {
                inexact++;
                assertTrue(rep.bound() > 0);
            }
        }
        assertTrue(inexact > 50, "subnormal sums that differ between the sides: " + inexact);
    }

    @Test
    void aWrongAdjointFailsOnSubnormalMatrices() {
        SplittableRandom r = new SplittableRandom(5);
        double[][] a = random(r, 3, 4, 1e-308);
        CscMatrix w = dense(a);
        a[1][2] += 64 * Double.MIN_VALUE * 4; // far beyond the underflow term of 7 products
        CscMatrix wrong = dense(a);
        LinearOperator op = new LinearOperator() {
            @Override
            public int rows() {
                return 3;
            }

            @Override
            public int cols() {
                return 4;
            }

            @Override
            public void apply(double[] x, double[] y) {
                CscOps.multiply(w, x, y);
            }

            @Override
            public void applyAdjoint(double[] y, double[] x) {
                CscOps.multiplyTranspose(wrong, y, x);
            }
        };
        double[] x = {0, 0, 1, 0};
        double[] y = {0, 1, 0};
        DotTest.Report rep = DotTest.runWithBoundOf(op, w, x, y);
        assertFalse(rep.passed(), rep.toString());
        assertFalse(rep.exact());
        assertTrue(rep.toString().endsWith("FAILED"), rep.toString());
        assertTrue(DotTest.runWithBoundOf(CscOperator.of(w), w, x, y).passed());
    }

    @Test
    void theBoundCarriesTheUnderflowTermOfEachSide() {
        // A = [1e-310 3e-311] (1 x 2), x = (1, -2), y = (3): r_max = 2, c_max = 1, R = 1, C = 2
        CscMatrix w = dense(new double[][] {{1e-310, 3e-311}});
        DotTest.Report rep = DotTest.run(w, new double[] {1, -2}, new double[] {3});
        double gRow = DotTest.gamma(2 + 1);
        double gCol = DotTest.gamma(1 + 2);
        double s = (1e-310 * 1 + 3e-311 * 2) * 3;
        double under = DotTest.ETA * (2 * 3.0 + 1 + 1 * 3.0 + 2);
        assertEquals((gRow + gCol) * (s / (1 - gRow)) + under, rep.bound());
        assertEquals(12 * Double.MIN_VALUE, rep.bound(), "the underflow term is the whole bound here");
    }

    @Test
    void gammaIsClaimedBelowOneThirdOnly() {
        assertEquals(Double.POSITIVE_INFINITY, DotTest.gamma(1L << 51));
        assertTrue(DotTest.gamma((1L << 51) - 1) < 1.0 / 3);
    }

    @Test
    void reportsAreExactOnlyWhenBothSidesAreEqual() {
        DotTest.Report equal = new DotTest.Report(2.5, 2.5, 0);
        assertTrue(equal.exact());
        assertTrue(equal.passed());
        DotTest.Report close = new DotTest.Report(2.5, Math.nextUp(2.5), 1e-15);
        assertFalse(close.exact());
        assertTrue(close.passed());
        assertFalse(close.toString().contains("FAILED"), "only a failing report says FAILED: " + close);
        assertFalse(new DotTest.Report(2.5, 2.5 + 1e-14, 1e-15).passed());
    }

    @Test
    void gammaAndDotCheckTheirArguments() {
        assertEquals(Double.POSITIVE_INFINITY, DotTest.gamma(1L << 53));
        assertEquals(2 * 0x1p-53 / (1 - 2 * 0x1p-53), DotTest.gamma(2));
        assertEquals(0x1p-53 / (1 - 0x1p-53), DotTest.gamma(1));
        assertThrows(IllegalArgumentException.class, () -> DotTest.dot(new double[2], new double[3]));
        assertEquals(11.0, DotTest.dot(new double[] {1, 2}, new double[] {3, 4}));
    }
}
