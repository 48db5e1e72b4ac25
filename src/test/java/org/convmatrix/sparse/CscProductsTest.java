package org.convmatrix.sparse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
                CscProducts products = new CscProducts(threads);
                double[] ax = new double[w.rows()];
                double[] aty = new double[w.cols()];
                products.multiply(w, x, ax);
                products.multiplyTranspose(w, y, aty);
                assertArrayEquals(CscOps.multiply(w, x), ax, 0.0, c::toString);
                assertArrayEquals(CscOps.multiplyTranspose(w, y), aty, 0.0, c::toString);
            }
        });
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
