package org.convmatrix.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Supplier;
import org.convmatrix.lower.LoweredLayer;
import org.convmatrix.operator.LinearOperator;
import org.convmatrix.ops.Ops;
import org.convmatrix.sparse.CscMatrix;
import org.convmatrix.sparse.CscOps;
import org.convmatrix.spec.Layer;
import org.convmatrix.spec.Tensor;
import org.convmatrix.verify.Comparison;
import org.convmatrix.verify.DotTest;

/**
 * The identities every op's three rooms must satisfy, through the generic registry ({@link Ops}): the lowered
 * {@code A} against the direct forward and backward, probing, and the adjoint identity of the direct pair.
 * Tolerances: two computations of a sum of at most {@code t} rounded terms agree within {@code 2·γ_t·T_i},
 * {@code T = |A|·|x|} ({@link Comparison}); {@code t = 0} demands equality.
 */
public final class OpIdentities {
    private OpIdentities() {
    }

    /** {@code A·x_n} (through the lowering) equals the direct forward, within {@code 2·γ_t·(|A|·|x|)}. */
    public static void matrixTimesXEqualsForward(Layer layer, Tensor input, long terms, Supplier<String> what) {
        matrixTimesXEquals(layer, input, Ops.forward(layer, input), terms, what);
    }

    /** {@code A·x_n} (through the lowering) equals {@code expected} within {@code 2·γ_t·(|A|·|x|)}. */
    public static void matrixTimesXEquals(Layer layer, Tensor input, Tensor expected, long terms,
            Supplier<String> what) {
        LoweredLayer lowered = Ops.lower(layer, input.shape());
        Tensor viaMatrix = lowered.apply(input);
        assertArrayEquals(expected.shape(), viaMatrix.shape(), what);
        Tensor bound = absoluteProducts(lowered, input, false);
        Comparison.Outcome o = Comparison.compare(viaMatrix, expected, bound, terms);
        assertTrue(o.passed(), () -> what.get() + ": " + o);
    }

    /** {@code Aᵀ·g_n} (through the lowering) equals the direct backward, within {@code 2·γ_t·(|A|ᵀ·|g|)}. */
    public static void adjointTimesYEqualsBackward(Layer layer, int[] inputShape, Tensor grad, long terms,
            Supplier<String> what) {
        adjointTimesYEquals(layer, inputShape, grad, Ops.backward(layer, inputShape, grad), terms, what);
    }

    /** {@code Aᵀ·g_n} (through the lowering) equals {@code expected} within {@code 2·γ_t·(|A|ᵀ·|g|)}. */
    public static void adjointTimesYEquals(Layer layer, int[] inputShape, Tensor grad, Tensor expected, long terms,
            Supplier<String> what) {
        LoweredLayer lowered = Ops.lower(layer, inputShape);
        Tensor viaMatrix = lowered.applyAdjoint(grad);
        assertArrayEquals(inputShape, expected.shape(), what);
        Tensor bound = absoluteProducts(lowered, grad, true);
        Comparison.Outcome o = Comparison.compare(viaMatrix, expected, bound, terms);
        assertTrue(o.passed(), () -> what.get() + ": " + o);
    }

    /**
     * Column {@code j} of {@code A} equals the direct forward of the unit vector {@code e_j} (placed in sample 0
     * for a per-sample {@code A}; the other samples' outputs must be zero), exactly.
     */
    public static void columnJEqualsForwardOfUnitVector(Layer layer, int[] inputShape, Supplier<String> what) {
        LoweredLayer lowered = Ops.lower(layer, inputShape);
        double[][] a = CscOps.toDense(lowered.matrix());
        int cols = a.length == 0 ? 0 : a[0].length;
        for (int j = 0; j < cols; j++) {
            Tensor column = Ops.forward(layer, Dense.unit(inputShape, j));
            for (int i = 0; i < column.size(); i++) {
                double expected = i < a.length ? a[i][j] : 0.0;
                int row = i;
                int col = j;
                assertEquals(expected, column.get(i), 0.0, () -> what.get() + ": A[" + row + ", " + col + "]");
            }
        }
    }

    /**
     * {@code ⟨f(x), y⟩ = ⟨x, b(y)⟩} for the direct forward {@code f} and backward {@code b}, within the bound
     * {@link DotTest} derives from {@code A}; for a per-sample {@code A} on one sample.
     */
    public static DotTest.Report directPairAdjointIdentity(Layer layer, int[] inputShape, double[] x, double[] y) {
        LoweredLayer lowered = Ops.lower(layer, inputShape);
        int[] in = inputShape.clone();
        if (!lowered.wholeBatch()) {
            in[0] = 1;
        }
        int[] out = layer.outputShape(in);
        CscMatrix a = lowered.matrix();
        LinearOperator direct = new LinearOperator() {
            @Override
            public int rows() {
                return a.rows();
            }

            @Override
            public int cols() {
                return a.cols();
            }

            @Override
            public void apply(double[] v, double[] w) {
                System.arraycopy(Ops.forward(layer, Tensor.of(in, v)).data(), 0, w, 0, w.length);
            }

            @Override
            public void applyAdjoint(double[] w, double[] v) {
                System.arraycopy(Ops.backward(layer, in, Tensor.of(out, w)).data(), 0, v, 0, v.length);
            }
        };
        return DotTest.runWithBoundOf(direct, a, x, y);
    }

    /** @return {@code |A|·|x_n|} per sample (or {@code |A|ᵀ·|g_n|} when {@code adjoint}) */
    private static Tensor absoluteProducts(LoweredLayer lowered, Tensor t, boolean adjoint) {
        CscMatrix a = lowered.matrix();
        double[] abs = a.values();
        for (int p = 0; p < abs.length; p++) {
            abs[p] = Math.abs(abs[p]);
        }
        CscMatrix absA = CscMatrix.wrap(a.rows(), a.cols(), a.colPtr(), a.rowIdx(), abs);
        int inSize = adjoint ? a.rows() : a.cols();
        int outSize = adjoint ? a.cols() : a.rows();
        int blocks = inSize == 0 ? 0 : t.size() / inSize;
        double[] result = new double[blocks * outSize];
        double[] v = new double[inSize];
        for (int n = 0; n < blocks; n++) {
            for (int i = 0; i < inSize; i++) {
                v[i] = Math.abs(t.get(n * inSize + i));
            }
            double[] r = adjoint ? CscOps.multiplyTranspose(absA, v) : CscOps.multiply(absA, v);
            System.arraycopy(r, 0, result, n * outSize, outSize);
        }
        return Tensor.of(adjoint ? lowered.inputShape() : lowered.outputShape(), result);
    }
}
