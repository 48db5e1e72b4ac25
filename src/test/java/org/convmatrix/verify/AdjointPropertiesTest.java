package org.convmatrix.verify;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import java.util.SplittableRandom;
import org.convmatrix.lower.KernelToMatrix;
import org.convmatrix.operator.LinearOperator;
import org.convmatrix.sparse.CscMatrix;
import org.convmatrix.sparse.CscOps;
import org.convmatrix.testing.GeneratedCase;
import org.convmatrix.testing.Layers;
import org.convmatrix.testing.Layers.Kind;
import org.convmatrix.testing.Layers.Values;
import org.junit.jupiter.api.Test;

/**
 * The adjoint identity {@code ⟨W x, y⟩ = ⟨x, Wᵀ y⟩} on generated layers of 1 to 3 dimensions, with
 * channels, groups, every padding form and mode, and conv_transpose: exactly on integer data, within
 * the bound {@link DotTest} derives from the data on random doubles.
 */
class AdjointPropertiesTest {
    private static final long SEED = 0xAD701L;

    private static DotTest.Report dotTest(GeneratedCase c, Values values, long seed) {
        CscMatrix w = KernelToMatrix.lower(c.layer(), c.inputSpatial(), 1).matrix();
        double[] x = vector(w.cols(), values, seed);
        double[] y = vector(w.rows(), values, seed + 1);
        return DotTest.run(w, x, y);
    }

    @Test
    void adjointIdentityHoldsExactlyOnIntegers() {
        qt().withFixedSeed(SEED).withExamples(3000).forAll(Layers.cases(Kind.ANY, Values.INTEGERS))
                .checkAssert(c -> {
                    DotTest.Report r = dotTest(c, Values.INTEGERS, c.hashCode());
                    assertTrue(r.exact(), () -> c + ": " + r);
                });
    }

    @Test
    void adjointIdentityHoldsWithinDerivedBound() {
        qt().withFixedSeed(SEED).withExamples(3000).forAll(Layers.cases(Kind.ANY, Values.DOUBLES))
                .checkAssert(c -> {
                    DotTest.Report r = dotTest(c, Values.DOUBLES, c.hashCode());
                    assertTrue(r.passed(), () -> c + ": " + r);
                });
    }

    /** The bound is tight enough to catch a wrong adjoint: one entry of Wᵀ off by 2^-30 relative. */
    @Test
    void dotTestDetectsAnAdjointOffInOneEntry() {
        qt().withFixedSeed(SEED).withExamples(500).forAll(Layers.cases(Kind.ANY, Values.DOUBLES))
                .checkAssert(c -> {
                    CscMatrix w = KernelToMatrix.lower(c.layer(), c.inputSpatial(), 1).matrix();
                    double[] values = w.values();
                    if (values.length == 0) {
                        return; // a layer whose taps all fall in the cropped padding: W = 0, nothing to perturb
                    }
                    int p = Math.floorMod(c.hashCode(), values.length);
                    values[p] = values[p] == 0 ? 0x1p-30 : values[p] * (1 + 0x1p-30);
                    CscMatrix perturbed = CscMatrix.wrap(w.rows(), w.cols(), w.colPtr(), w.rowIdx(), values);
                    LinearOperator wrong = new LinearOperator() {
                        @Override
                        public int rows() {
                            return w.rows();
                        }

                        @Override
                        public int cols() {
                            return w.cols();
                        }

                        @Override
                        public void apply(double[] x, double[] y) {
                            CscOps.multiply(w, x, y);
                        }

                        @Override
                        public void applyAdjoint(double[] y, double[] x) {
                            CscOps.multiplyTranspose(perturbed, y, x);
                        }
                    };
                    // x, y concentrated on the perturbed entry's row and column
                    int col = columnOf(w, p);
                    int row = w.rowAt(p);
                    double[] x = new double[w.cols()];
                    double[] y = new double[w.rows()];
                    x[col] = 1;
                    y[row] = 1;
                    DotTest.Report r = DotTest.runWithBoundOf(wrong, w, x, y);
                    assertFalse(r.passed(), () -> c + ": " + r);
                });
    }

    static int columnOf(CscMatrix w, int p) {
        int[] cp = w.colPtr();
        int j = 0;
        while (cp[j + 1] <= p) {
            j++;
        }
        return j;
    }

    static double[] vector(int n, Values values, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = values == Values.INTEGERS ? r.nextInt(-5, 6) : r.nextDouble(-1, 1);
        }
        return v;
    }
}
