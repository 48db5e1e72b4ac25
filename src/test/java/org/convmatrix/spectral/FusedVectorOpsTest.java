package org.convmatrix.spectral;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The one-pass kernels of a Lanczos step give bit for bit what the separate passes give: {@code axpyDot} =
 * {@code axpy} then {@code dot}, {@code axpyNormSquared} = {@code axpy} then {@code dot(y, y)}, {@code scaleInto} and
 * {@link KrylovBasis#addScaled} = {@code scale} then a copy; on lengths that split into several ranges and a
 * remainder, on 1, 2 and 3 threads.
 */
class FusedVectorOpsTest {
    private static double[] random(int n, SplittableRandom rnd) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = rnd.nextDouble(-1, 1) * Math.pow(2, rnd.nextInt(-30, 30));
        }
        return v;
    }

    @Test
    void fusedKernelsEqualTheSeparatePasses() {
        SplittableRandom rnd = new SplittableRandom(0xF05EL);
        for (int n : new int[] {1, 7, 16384, 3 * 16384 + 5, 200_001}) {
            for (int threads : new int[] {1, 2, 3}) {
                double[] x = random(n, rnd);
                double[] y = random(n, rnd);
                double[] c = random(n, rnd);
                double alpha = rnd.nextDouble(-3, 3);

                double[] y1 = y.clone();
                VectorOps.axpy(alpha, x, y1, threads);
                double dot = VectorOps.dot(c, y1, threads);
                double[] y2 = y.clone();
                assertEquals(dot, VectorOps.axpyDot(alpha, x, y2, c, threads), 0, "axpyDot n=" + n);
                assertArrayEquals(y1, y2, "axpyDot's update n=" + n);

                double norm2 = VectorOps.dot(y1, y1, threads);
                double[] y3 = y.clone();
                assertEquals(norm2, VectorOps.axpyNormSquared(alpha, x, y3, threads), 0, "axpyNormSquared n=" + n);
                assertArrayEquals(y1, y3, "axpyNormSquared's update n=" + n);

                double[] s1 = y.clone();
                VectorOps.scale(alpha, s1, threads);
                double[] s2 = y.clone();
                double[] dst = new double[n + 9];
                VectorOps.scaleInto(alpha, s2, dst, 4, threads);
                assertArrayEquals(s1, s2, "scaleInto's update n=" + n);
                for (int i = 0; i < n + 9; i++) {
                    assertEquals(i >= 4 && i < n + 4 ? s1[i - 4] : 0, dst[i], 0, "scaleInto's copy at " + i);
                }

                KrylovBasis b = new KrylovBasis(n, 2);
                b.add(x);
                double[] s3 = y.clone();
                b.addScaled(alpha, s3, threads);
                assertArrayEquals(s1, s3, "addScaled's update n=" + n);
                assertArrayEquals(s1, b.vector(1), "addScaled's copy n=" + n);
                assertArrayEquals(x, b.vector(0), "the vector before n=" + n);
            }
        }
    }
}
