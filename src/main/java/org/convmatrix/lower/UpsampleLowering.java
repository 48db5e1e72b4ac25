package org.convmatrix.lower;

import org.convmatrix.spec.ArrayLimits;
import org.convmatrix.index.UpsampleAxis;
import org.convmatrix.sparse.CscMatrix;
import org.convmatrix.spec.InvalidSpecException;
import org.convmatrix.spec.UpsampleSpec;

/**
 * Lowers an upsampling layer to its matrix {@code A} of one sample, built as the Kronecker product
 * <pre>  A = I_C ⊗ A_1 ⊗ … ⊗ A_d</pre>
 * of the channels' identity and the per-axis interpolation matrices {@code A_k} ({@code out_k × in_k}, row
 * {@code o} holding the taps of {@link UpsampleAxis}). Rows are the output {@code (c, position)} row-major,
 * columns the input's; entry {@code (o, j)} of the product is {@code Π_k A_k[o_k, j_k]}. The CSC is written
 * directly: column {@code J = (j_0, …, j_d)} holds {@code Π_k nnz(A_k[:, j_k])} entries (counts, prefix sums,
 * fill), whose rows come out increasing because every factor's column is. The layer has no bias. Stateless.
 */
public final class UpsampleLowering {
    private UpsampleLowering() {
    }

    /** @return {@code A} for an input batch shape {@code [N, C, *in]}, without bias */
    public static LoweredLayer lower(UpsampleSpec spec, int[] inputShape) {
        return lower(UpsampleAxis.of(spec, inputShape), spec.outputShape(inputShape), inputShape);
    }

    /**
     * The matrix {@code B} whose transpose PyTorch 1.13's autograd applies ({@link UpsampleAxis#ofPytorchBackward}):
     * {@code B = A} except for some nearest and nearest-exact layers, where {@code Bᵀ·g} is the {@code expected_grad_input} PyTorch
     * reports and {@code Aᵀ·g} is not. For explaining such a difference, never as the layer's matrix.
     */
    public static LoweredLayer lowerAsPytorchBackward(UpsampleSpec spec, int[] inputShape) {
        return lower(UpsampleAxis.ofPytorchBackward(spec, inputShape), spec.outputShape(inputShape), inputShape);
    }

    private static LoweredLayer lower(UpsampleAxis[] axes, int[] outputShape, int[] inputShape) {
        CscMatrix[] factors = new CscMatrix[axes.length + 1];
        factors[0] = identity(inputShape[1]);
        for (int a = 0; a < axes.length; a++) {
            factors[a + 1] = axisMatrix(axes[a]);
        }
        return LoweredLayer.of(kronecker(factors), null, inputShape, outputShape);
    }

    /** {@code A_k} in CSC: column {@code j} holds the outputs reading position {@code j}, in increasing order. */
    static CscMatrix axisMatrix(UpsampleAxis axis) {
        int[] colPtr = new int[axis.inSize() + 1];
        for (int p = 0; p < axis.taps(); p++) {
            colPtr[axis.index(p) + 1]++;
        }
        for (int j = 0; j < axis.inSize(); j++) {
            colPtr[j + 1] += colPtr[j];
        }
        int[] next = colPtr.clone();
        int[] rows = new int[axis.taps()];
        double[] values = new double[axis.taps()];
        for (int o = 0; o < axis.outSize(); o++) {
            for (int p = axis.first(o); p < axis.end(o); p++) {
                int q = next[axis.index(p)]++;
                rows[q] = o;
                values[q] = axis.weight(p);
            }
        }
        return CscMatrix.wrap(axis.outSize(), axis.inSize(), colPtr, rows, values);
    }

    private static CscMatrix identity(int n) {
        int[] colPtr = new int[n + 1];
        int[] rows = new int[n];
        double[] values = new double[n];
        for (int j = 0; j < n; j++) {
            colPtr[j + 1] = j + 1;
            rows[j] = j;
            values[j] = 1.0;
        }
        return CscMatrix.wrap(n, n, colPtr, rows, values);
    }

    /** One factor's arrays (copied once; the factors are small). */
    private record Factor(int rows, int cols, int[] colPtr, int[] rowIdx, double[] values) {
        static Factor of(CscMatrix m) {
            return new Factor(m.rows(), m.cols(), m.colPtr(), m.rowIdx(), m.values());
        }

        int count(int j) {
            return colPtr[j + 1] - colPtr[j];
        }
    }

    /** The Kronecker product of the matrices, first one outermost (row-major over the factors' indices). */
    static CscMatrix kronecker(CscMatrix... matrices) {
        Factor[] f = new Factor[matrices.length];
        long rows = 1;
        long cols = 1;
        for (int k = 0; k < f.length; k++) {
            f[k] = Factor.of(matrices[k]);
            rows = Math.multiplyExact(rows, f[k].rows());
            cols = Math.multiplyExact(cols, f[k].cols());
        }
        if (rows > ArrayLimits.MAX_ARRAY || cols > ArrayLimits.MAX_ARRAY) {
            throw new InvalidSpecException("input", "input: A would be " + rows + "x" + cols + ", more than "
                    + ArrayLimits.MAX_ARRAY + " rows or columns (int indexing)");
        }
        int[] colPtr = columnPointers(f, (int) cols);
        int[] rowIdx = new int[colPtr[(int) cols]];
        double[] values = new double[rowIdx.length];
        int[] j = new int[f.length];
        for (int c = 0; c < cols; c++) {
            fillColumn(f, j, colPtr[c], rowIdx, values);
            increment(j, f);
        }
        return CscMatrix.wrap((int) rows, (int) cols, colPtr, rowIdx, values);
    }

    /** Column {@code (j_0, …)} of the product holds {@code Π_k count_k(j_k)} entries; prefix sums of those. */
    private static int[] columnPointers(Factor[] f, int cols) {
        int[] colPtr = new int[cols + 1];
        int[] j = new int[f.length];
        for (int c = 0; c < cols; c++) {
            long count = 1;
            for (int k = 0; k < f.length; k++) {
                count *= f[k].count(j[k]);
            }
            long end = colPtr[c] + count;
            if (end > ArrayLimits.MAX_ARRAY) {
                throw new InvalidSpecException("input", "input: A would have more than " + ArrayLimits.MAX_ARRAY
                        + " entries (int indexing)");
            }
            colPtr[c + 1] = (int) end;
            increment(j, f);
        }
        return colPtr;
    }

    /** Writes column {@code (j_0, …)} of the product: every combination of the factors' entries, odometer order. */
    private static void fillColumn(Factor[] f, int[] j, int at, int[] rowIdx, double[] values) {
        int[] p = new int[f.length];
        for (int k = 0; k < f.length; k++) {
            if (f[k].count(j[k]) == 0) {
                return; // an empty factor column: the product's column is empty
            }
            p[k] = f[k].colPtr()[j[k]];
        }
        int q = at;
        int k;
        do {
            long row = 0;
            double v = 1.0;
            for (int i = 0; i < f.length; i++) {
                row = row * f[i].rows() + f[i].rowIdx()[p[i]];
                v *= f[i].values()[p[i]];
            }
            rowIdx[q] = (int) row;
            values[q++] = v;
            k = f.length - 1;
            while (k >= 0 && ++p[k] == f[k].colPtr()[j[k] + 1]) {
                p[k] = f[k].colPtr()[j[k]];
                k--;
            }
        } while (k >= 0);
    }

    /** Advances the multi-index {@code j} over the factors' columns, last factor fastest. */
    private static void increment(int[] j, Factor[] f) {
        for (int k = f.length - 1; k >= 0; k--) {
            if (++j[k] < f[k].cols()) {
                return;
            }
            j[k] = 0;
        }
    }
}
