package org.convmatrix.lower;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.convmatrix.spec.ArrayLimits;
import org.convmatrix.sparse.CscMatrix;
import org.convmatrix.spec.AvgPoolSpec;
import org.convmatrix.spec.ConvSpec;
import org.convmatrix.spec.InvalidSpecException;
import org.convmatrix.spec.Op;
import org.convmatrix.spec.PaddingMode;
import org.junit.jupiter.api.Test;

/**
 * Size limits of the other lowerings, given sizes past them (nothing of the refused size is allocated), and
 * {@link PaddingMatrix} for zero padding, which the lowering never asks for (it gathers zero padding directly).
 */
class LoweringLimitsTest {
    private static final int MAX = ArrayLimits.MAX_ARRAY;

    /** A column vector of {@code n} rows with {@code entries} ones at its top. */
    private static CscMatrix column(int n, int entries) {
        int[] rows = new int[entries];
        double[] values = new double[entries];
        for (int i = 0; i < entries; i++) {
            rows[i] = i;
            values[i] = 1;
        }
        return CscMatrix.wrap(n, 1, new int[] {0, entries}, rows, values);
    }

    /** {@code 2^31 − 9 = 119 · 18046081}: a Kronecker product of exactly that many rows is indexable, one more is not. */
    @Test
    void aKroneckerProductMayHaveExactlyTheLargestArrayOfRows() {
        CscMatrix k = UpsampleLowering.kronecker(column(119, 1), column(18_046_081, 1));
        assertEquals(MAX, k.rows());
        assertEquals(1, k.nnz());
        InvalidSpecException e = assertThrows(InvalidSpecException.class,
                () -> UpsampleLowering.kronecker(column(8, 1), column(268_435_455, 1)));
        assertEquals("input: A would be " + (MAX + 1L) + "x1, more than " + MAX + " rows or columns (int indexing)",
                e.getMessage());
        // 46341 columns twice: 46341^2 = 2^31 + 4633 columns, counted before anything of that size is allocated
        CscMatrix wide = CscMatrix.wrap(1, 46_341, new int[46_342], new int[0], new double[0]);
        InvalidSpecException cols = assertThrows(InvalidSpecException.class, () -> UpsampleLowering.kronecker(wide, wide));
        assertEquals("input: A would be 1x2147488281, more than " + MAX + " rows or columns (int indexing)",
                cols.getMessage());
    }

    /** 40000 x 2 (dense) ⊗ 40000 x 1 (dense): 1.6e9 rows, but 3.2e9 entries. */
    @Test
    void aKroneckerProductOfMoreEntriesThanAnArrayHoldsIsRefused() {
        int p = 40_000;
        int[] rows = new int[2 * p];
        double[] values = new double[2 * p];
        for (int i = 0; i < 2 * p; i++) {
            rows[i] = i % p;
            values[i] = 1;
        }
        CscMatrix a = CscMatrix.wrap(p, 2, new int[] {0, p, 2 * p}, rows, values);
        InvalidSpecException e = assertThrows(InvalidSpecException.class,
                () -> UpsampleLowering.kronecker(a, column(p, p)));
        assertEquals("input: A would have more than " + MAX + " entries (int indexing)", e.getMessage());
        // one column of the product is fine: 1.6e9 entries counted, not allocated by this check
        CscMatrix one = CscMatrix.wrap(p, 1, new int[] {0, 1}, new int[] {0}, new double[] {1});
        assertEquals(p, UpsampleLowering.kronecker(one, column(p, p)).nnz());
    }

    /** avg_pool, kernel 1 on {@code [1, 2^16 + 1, 2^15]}: {@code 2^31 + 2^15} entries, one per input element. */
    @Test
    void anAvgPoolMatrixOfMoreEntriesThanAnArrayHoldsIsRefused() {
        AvgPoolSpec spec = AvgPoolSpec.of(new int[] {1}, null, null, false, true, null);
        int channels = (1 << 16) + 1;
        InvalidSpecException e = assertThrows(InvalidSpecException.class,
                () -> AvgPoolLowering.lower(spec, new int[] {1, channels, 1 << 15}));
        assertEquals("input", e.field());
        assertEquals("input: the avg_pool matrix would have " + ((long) channels << 15) + " entries, more than a Java "
                + "array holds (" + MAX + ")", e.getMessage());
    }

    /** Zero padding: the padded positions outside the input have empty rows, the others one 1. */
    @Test
    void theZeroPaddingMatrixHasEmptyRowsOutsideTheInput() {
        ConvSpec spec = ConvSpec.builder(Op.CONV, 2, 1, 3).padding(1).build();
        CscMatrix p = PaddingMatrix.of(spec, 2, 3);
        assertEquals(10, p.rows());
        assertEquals(6, p.cols());
        assertEquals(6, p.nnz());
        for (int c = 0; c < 2; c++) {
            for (int t = 0; t < 5; t++) {
                for (int i = 0; i < 3; i++) {
                    assertEquals(t == i + 1 ? 1.0 : 0.0, p.get(c * 5 + t, c * 3 + i), "row " + (c * 5 + t));
                }
            }
        }
        // replicate on the same grid: the two borders copy the edge elements
        ConvSpec rep = spec.toBuilder().paddingMode(PaddingMode.REPLICATE).build();
        CscMatrix q = PaddingMatrix.of(rep, 1, 3);
        assertEquals(5, q.nnz());
        assertArrayEquals(new int[] {0, 2, 3, 5}, q.colPtr());
        assertArrayEquals(new int[] {0, 1, 2, 3, 4}, q.rowIdx());
    }

    /**
     * {@link KernelToMatrix#requireStorable}: the heap for the values, rows and column pointers of {@code W}.
     * A layer of few nonzeros but {@code 2^31 − 9} columns (kernel 1, stride 2^20: one output per 2^20 inputs)
     * needs its column pointers alone, 8 GiB; a layer of many nonzeros needs 12 bytes for each.
     */
    @Test
    void storingWNeedsTheHeapForItsEntriesAndItsColumnPointers() {
        long max = Runtime.getRuntime().maxMemory();
        assumeTrue(4L * MAX > max, "a heap of 4 GiB or more could hold the column pointers");
        ConvSpec sparse = ConvSpec.builder(Op.CONV, 1, 1, 1).stride(1 << 20).build();
        assertEquals(2048, KernelToMatrix.predictedSize(sparse, MAX)[2]);
        InvalidSpecException pointers = assertThrows(InvalidSpecException.class,
                () -> KernelToMatrix.requireStorable(sparse, MAX));
        assertTrue(pointers.getMessage().contains("-Xmx"), pointers.getMessage());
        KernelToMatrix.requireStorable(sparse, 1 << 20); // 1 nonzero, 2^20 columns: 4 MiB

        ConvSpec dense = ConvSpec.builder(Op.CONV, 64, 64, 3, 3).padding(1, 1).build();
        int n = (int) Math.sqrt(Math.min(2 * max / 12, MAX - 1L) / (64.0 * 64 * 9));
        long nnz = KernelToMatrix.predictedNnz(dense, n, n);
        assumeTrue(12 * nnz > max && 4L * 64 * n * n < max / 4, "the entries, not the pointers, exceed the heap");
        InvalidSpecException entries = assertThrows(InvalidSpecException.class,
                () -> KernelToMatrix.requireStorable(dense, n, n));
        assertTrue(entries.getMessage().contains(" more bytes (" + nnz + " nonzeros x 12 bytes)"), entries.getMessage());
        KernelToMatrix.requireStorable(dense, 8, 8);
    }

    /** {@code (A ⊗ B ⊗ C)[(i, k, m), (j, l, n)] = A[i, j]·B[k, l]·C[m, n]}, on random sparse factors of any density. */
    @Test
    void kroneckerProductEqualsItsDefinitionEntryByEntry() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(17);
        for (int trial = 0; trial < 40; trial++) {
            CscMatrix[] f = new CscMatrix[1 + r.nextInt(3)];
            double[][][] dense = new double[f.length][][];
            for (int k = 0; k < f.length; k++) {
                dense[k] = new double[1 + r.nextInt(4)][1 + r.nextInt(4)];
                double fill = r.nextDouble();
                for (double[] row : dense[k]) {
                    for (int j = 0; j < row.length; j++) {
                        row[j] = r.nextDouble() < fill ? r.nextInt(1, 10) : 0;
                    }
                }
                f[k] = csc(dense[k]);
            }
            CscMatrix kron = UpsampleLowering.kronecker(f);
            int rows = 1;
            int cols = 1;
            for (double[][] d : dense) {
                rows *= d.length;
                cols *= d[0].length;
            }
            assertEquals(rows, kron.rows());
            assertEquals(cols, kron.cols());
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    double expected = 1;
                    int ri = i;
                    int cj = j;
                    for (int k = f.length - 1; k >= 0; k--) {
                        expected *= dense[k][ri % dense[k].length][cj % dense[k][0].length];
                        ri /= dense[k].length;
                        cj /= dense[k][0].length;
                    }
                    assertEquals(expected, kron.get(i, j), 0.0, "trial " + trial + " (" + i + ", " + j + ")");
                }
            }
            CscMatrix.wrap(kron.rows(), kron.cols(), kron.colPtr(), kron.rowIdx(), kron.values()); // sorted rows
        }
    }

    /** The CSC of a dense matrix, column by column, from its non-zero entries. */
    static CscMatrix csc(double[][] a) {
        int cols = a[0].length;
        int[] colPtr = new int[cols + 1];
        java.util.List<Integer> rows = new java.util.ArrayList<>();
        java.util.List<Double> values = new java.util.ArrayList<>();
        for (int j = 0; j < cols; j++) {
            for (int i = 0; i < a.length; i++) {
                if (a[i][j] != 0) {
                    rows.add(i);
                    values.add(a[i][j]);
                }
            }
            colPtr[j + 1] = rows.size();
        }
        return CscMatrix.wrap(a.length, cols, colPtr, rows.stream().mapToInt(Integer::intValue).toArray(),
                values.stream().mapToDouble(Double::doubleValue).toArray());
    }
}
