package org.convmatrix.sparse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import java.util.SplittableRandom;
import org.convmatrix.lower.KernelToMatrix;
import org.convmatrix.testing.Layers;
import org.convmatrix.testing.Layers.Kind;
import org.convmatrix.testing.Layers.Values;
import org.convmatrix.verify.DotTest;
import org.junit.jupiter.api.Test;

/** The parallel products against the sequential ones: equal on integers, within γ_n·Σ|a||v| on doubles. */
class CscProductsTest {
    private static final long SEED = 0xC5CL;

    @Test
    void parallelProductsEqualSequentialOnIntegers() {
        qt().withFixedSeed(SEED).withExamples(1000).forAll(Layers.cases(Kind.ANY, Values.INTEGERS)).checkAssert(c -> {
            CscMatrix w = KernelToMatrix.lower(c.layer(), c.inputSpatial(), 1).matrix();
            SplittableRandom r = new SplittableRandom(c.hashCode());
            double[] x = r.ints(w.cols(), -4, 5).asDoubleStream().toArray();
            double[] y = r.ints(w.rows(), -4, 5).asDoubleStream().toArray();
            for (int threads : new int[] {1, 2, 3}) {
                for (int maskedRows : new int[] {CscProducts.MASKED_ROWS, 0}) { // both scatter kernels
                    CscProducts products = new CscProducts(threads, maskedRows);
                    double[] ax = new double[w.rows()];
                    double[] aty = new double[w.cols()];
                    products.multiply(w, x, ax);
                    products.multiplyTranspose(w, y, aty);
                    assertArrayEquals(CscOps.multiply(w, x), ax, 0.0, c::toString);
                    assertArrayEquals(CscOps.multiplyTranspose(w, y), aty, 0.0, c::toString);
                }
            }
        });
    }

    /** One instance across matrices of every size: its reused accumulators never leak into a result. */
    @Test
    void reusedInstanceAgreesWithTheSequentialProductWithinRounding() {
        CscProducts two = new CscProducts(2);
        CscProducts one = new CscProducts(1);
        qt().withFixedSeed(SEED).withExamples(500).forAll(Layers.cases(Kind.ANY, Values.DOUBLES)).checkAssert(c -> {
            CscMatrix w = KernelToMatrix.lower(c.layer(), c.inputSpatial(), 1).matrix();
            double[] x = new SplittableRandom(c.hashCode()).doubles(w.cols(), -1, 1).toArray();
            double[] seq = CscOps.multiply(w, x);
            double[] ax1 = new double[w.rows()];
            one.multiply(w, x, ax1);
            double[] ax = new double[w.rows()];
            two.multiply(w, x, ax);
            double[] scale = new double[w.rows()];
            int[] count = new int[w.rows()];
            int[] cp = w.colPtrView();
            for (int j = 0; j < w.cols(); j++) {
                for (int p = cp[j]; p < cp[j + 1]; p++) {
                    scale[w.rowIdxView()[p]] += Math.abs(w.valuesView()[p] * x[j]);
                    count[w.rowIdxView()[p]]++;
                }
            }
            for (int i = 0; i < w.rows(); i++) {
                double bound = 2 * DotTest.gamma(count[i]) * scale[i];
                assertTrue(Math.abs(seq[i] - ax[i]) <= bound, c::toString);
                assertTrue(Math.abs(seq[i] - ax1[i]) <= bound, c::toString);
            }
        });
    }

    /** Vectors that do not fit the matrix are refused before any product, with both lengths and the shape. */
    @Test
    void vectorsOfTheWrongLengthAreRefused() {
        CscMatrix a = CscMatrix.wrap(3, 2, new int[] {0, 2, 3}, new int[] {0, 2, 1}, new double[] {1, 2, 3});
        CscProducts p = new CscProducts(2);
        assertEquals(2, p.threads());
        IllegalArgumentException t = assertThrows(IllegalArgumentException.class,
                () -> p.multiplyTranspose(a, new double[2], new double[2]));
        assertEquals("vectors of lengths x=2, y=2 do not fit the 3x2 matrix", t.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> p.multiplyTranspose(a, new double[3], new double[3]));
        assertThrows(IllegalArgumentException.class,
                () -> p.multiply(a, new double[3], new double[3]));
        assertThrows(IllegalArgumentException.class,
                () -> p.multiply(a, new double[2], new double[2]));
    }

    @Test
    void accumulatorsArePowersOfTwoUpToTheLimit() {
        assertEquals(1, CscProducts.accumulatorLength(0, 16));
        assertEquals(1, CscProducts.accumulatorLength(1, 16));
        assertEquals(2, CscProducts.accumulatorLength(2, 16));
        assertEquals(16, CscProducts.accumulatorLength(9, 16));
        assertEquals(16, CscProducts.accumulatorLength(16, 16));
        assertEquals(17, CscProducts.accumulatorLength(17, 16));
        assertEquals(1 << 24, CscProducts.accumulatorLength((1 << 23) + 1, CscProducts.MASKED_ROWS));
    }

    @Test
    void parallelProductsAgreeWithinRoundingBoundOnDoubles() {
        qt().withFixedSeed(SEED).withExamples(1000).forAll(Layers.cases(Kind.ANY, Values.DOUBLES)).checkAssert(c -> {
            CscMatrix w = KernelToMatrix.lower(c.layer(), c.inputSpatial(), 1).matrix();
            SplittableRandom r = new SplittableRandom(c.hashCode());
            double[] y = r.doubles(w.rows(), -1, 1).toArray();
            double[] seq = CscOps.multiplyTranspose(w, y);
            double[] par = new double[w.cols()];
            new CscProducts(2).multiplyTranspose(w, y, par);
            int[] cp = w.colPtrView();
            for (int j = 0; j < w.cols(); j++) {
                double scale = 0;
                for (int p = cp[j]; p < cp[j + 1]; p++) {
                    scale += Math.abs(w.valuesView()[p] * y[w.rowIdxView()[p]]);
                }
                double bound = 2 * DotTest.gamma(cp[j + 1] - cp[j]) * scale;
                assertTrue(Math.abs(seq[j] - par[j]) <= bound, c::toString);
            }
        });
    }
}
