package org.convmatrix.sparse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link CscMatrix#wrap} refuses every broken invariant with a message naming it, and
 * {@link CscOps#multiply(CscMatrix, CscMatrix)} equals the dense product on random values (not only the
 * 1.0 entries of a padding matrix).
 */
class CscInvariantsTest {
    private static IllegalArgumentException refused(int rows, int cols, int[] cp, int[] ri, double[] v) {
        return assertThrows(IllegalArgumentException.class, () -> CscMatrix.wrap(rows, cols, cp, ri, v));
    }

    @Test
    void brokenInvariantsAreRefusedByName() {
        assertTrue(refused(-1, 1, new int[] {0, 0}, new int[0], new double[0]).getMessage().contains("non-negative"));
        assertTrue(refused(1, -1, new int[] {0}, new int[0], new double[0]).getMessage().contains("non-negative"));
        assertTrue(refused(2, 2, new int[] {0, 1}, new int[] {0}, new double[1]).getMessage().contains("cols+1"));
        assertTrue(refused(2, 1, new int[] {1, 1}, new int[] {0}, new double[1]).getMessage().contains("starting at 0"));
        assertTrue(refused(2, 1, new int[] {0, 2}, new int[] {0}, new double[2]).getMessage().contains("nnz = 2"));
        assertTrue(refused(2, 1, new int[] {0, 2}, new int[] {0, 1}, new double[1]).getMessage().contains("nnz = 2"));
        assertTrue(refused(2, 2, new int[] {0, 1, 0}, new int[] {0}, new double[1]).getMessage()
                .contains("non-decreasing"));
        assertTrue(refused(2, 1, new int[] {0, 1}, new int[] {2}, new double[1]).getMessage().contains("has row 2"));
        assertTrue(refused(2, 1, new int[] {0, 1}, new int[] {-1}, new double[1]).getMessage().contains("has row -1"));
        assertTrue(refused(3, 1, new int[] {0, 2}, new int[] {1, 1}, new double[2]).getMessage()
                .contains("strictly increasing"));
        assertTrue(refused(3, 1, new int[] {0, 2}, new int[] {2, 1}, new double[2]).getMessage()
                .contains("entry 1 has row 1"));
        assertEquals("colPtr must have cols+1 = 3 entries starting at 0",
                refused(2, 2, new int[] {0, 1}, new int[] {0}, new double[1]).getMessage());
        assertEquals("colPtr must be non-decreasing but colPtr[2] < colPtr[1]",
                refused(2, 2, new int[] {0, 1, 0}, new int[] {0}, new double[1]).getMessage());
        // empty shapes are valid: no rows (columns without entries), no columns
        assertEquals(0, CscMatrix.wrap(0, 2, new int[] {0, 0, 0}, new int[0], new double[0]).rows());
        assertEquals(0, CscMatrix.wrap(2, 0, new int[] {0}, new int[0], new double[0]).cols());
        assertEquals("CscMatrix[3x2, nnz=3]",
                CscMatrix.wrap(3, 2, new int[] {0, 2, 3}, new int[] {0, 2, 1}, new double[] {1, 2, 3}).toString());
        CscMatrix ok = CscMatrix.wrap(3, 2, new int[] {0, 2, 3}, new int[] {0, 2, 1}, new double[] {1, 2, 3});
        assertEquals(3, ok.nnz());
        // a row index of the next column may be smaller: strictness is per column
        assertEquals(2, CscMatrix.wrap(3, 2, new int[] {0, 1, 2}, new int[] {2, 0}, new double[2]).nnz());
    }

    private static double[][] randomDense(SplittableRandom r, int rows, int cols) {
        double[][] a = new double[rows][cols];
        for (double[] row : a) {
            for (int j = 0; j < cols; j++) {
                row[j] = r.nextInt(3) == 0 ? r.nextInt(-4, 5) : 0; // integers: the products are exact
            }
        }
        return a;
    }

    private static CscMatrix csc(double[][] a) {
        int rows = a.length;
        int cols = a[0].length;
        int[] cp = new int[cols + 1];
        int nnz = 0;
        for (int j = 0; j < cols; j++) {
            for (double[] row : a) {
                nnz += row[j] != 0 ? 1 : 0;
            }
            cp[j + 1] = nnz;
        }
        int[] ri = new int[nnz];
        double[] v = new double[nnz];
        for (int j = 0, p = 0; j < cols; j++) {
            for (int i = 0; i < rows; i++) {
                if (a[i][j] != 0) {
                    ri[p] = i;
                    v[p++] = a[i][j];
                }
            }
        }
        return CscMatrix.wrap(rows, cols, cp, ri, v);
    }

    @Test
    void sparseTimesSparseEqualsTheDenseProduct() {
        SplittableRandom r = new SplittableRandom(17);
        for (int trial = 0; trial < 200; trial++) {
            int n = 1 + r.nextInt(6);
            int k = 1 + r.nextInt(6);
            int m = 1 + r.nextInt(6);
            double[][] a = randomDense(r, n, k);
            double[][] b = randomDense(r, k, m);
            double[][] expected = new double[n][m];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < m; j++) {
                    for (int q = 0; q < k; q++) {
                        expected[i][j] += a[i][q] * b[q][j];
                    }
                }
            }
            double[][] got = CscOps.toDense(CscOps.multiply(csc(a), csc(b)));
            for (int i = 0; i < n; i++) {
                assertArrayEquals(expected[i], got[i], "row " + i + " of trial " + trial);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> CscOps.multiply(csc(new double[][] {{1, 2}}),
                csc(new double[][] {{1, 2}})));
    }

    @Test
    void matrixVectorProductsEqualTheDenseOnesForEveryColumnLength() {
        SplittableRandom r = new SplittableRandom(19);
        for (int trial = 0; trial < 200; trial++) {
            int n = 1 + r.nextInt(9);
            int m = 1 + r.nextInt(5);
            double[][] a = randomDense(r, n, m); // columns of 0 to 9 entries: the unrolled loop and its rest
            double[] x = r.ints(m, -4, 5).asDoubleStream().toArray();
            double[] y = r.ints(n, -4, 5).asDoubleStream().toArray();
            double[] ax = new double[n];
            double[] aty = new double[m];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < m; j++) {
                    ax[i] += a[i][j] * x[j];
                    aty[j] += a[i][j] * y[i];
                }
            }
            assertArrayEquals(ax, CscOps.multiply(csc(a), x));
            assertArrayEquals(aty, CscOps.multiplyTranspose(csc(a), y));
        }
        CscMatrix a = csc(new double[][] {{1, 0}, {0, 2}, {3, 0}});
        assertThrows(IllegalArgumentException.class, () -> CscOps.multiply(a, new double[3]));
        assertThrows(IllegalArgumentException.class, () -> CscOps.multiply(a, new double[2], new double[2]));
        assertThrows(IllegalArgumentException.class, () -> CscOps.multiplyTranspose(a, new double[2]));
        assertThrows(IllegalArgumentException.class, () -> CscOps.multiplyTranspose(a, new double[3], new double[3]));
    }

    @Test
    void appendColumnAddsADenseLastColumn() {
        CscMatrix a = csc(new double[][] {{1, 0}, {0, 2}, {3, 0}});
        CscMatrix ab = CscOps.appendColumn(a, new double[] {7, 0, -1});
        assertEquals(3, ab.cols());
        assertEquals(3 + 3, ab.nnz(), "every entry of the column is stored, zeros included");
        double[][] d = CscOps.toDense(ab);
        assertArrayEquals(new double[] {1, 0, 7}, d[0]);
        assertArrayEquals(new double[] {0, 2, 0}, d[1]);
        assertArrayEquals(new double[] {3, 0, -1}, d[2]);
        assertArrayEquals(new int[] {0, 2, 3, 6}, ab.colPtr());
        assertArrayEquals(new int[] {0, 2, 1, 0, 1, 2}, ab.rowIdx());
        assertThrows(IllegalArgumentException.class, () -> CscOps.appendColumn(a, new double[2]));
    }
}
