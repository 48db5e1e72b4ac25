package org.convmatrix.spectral;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link VectorOps} against loops written from the definitions, on one and two threads, for lengths below and above
 * the piece size ({@code 2¹⁴}) that are not multiples of four, and for counts of basis vectors that are not multiples
 * of four (the four-at-a-time kernels' remainder). Small-integer data make every sum exact, so results compare with
 * {@code ==} whatever the order of additions; on general data the class promises sums per range added in range order,
 * which {@link #dotOfGeneralDataIsTheSumOfItsRangeSumsInOrder} checks bit for bit.
 */
class VectorOpsTest {
    private static final int[] LENGTHS = {1, 7, 1001, (1 << 15) + 3, 5 * (1 << 14) + 1};
    private static final int PIECE = 1 << 14;

    private static double[] integers(SplittableRandom rnd, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = rnd.nextInt(-8, 9);
        }
        return v;
    }

    @Test
    void dotNormAxpyScaleAndAbsMatchTheirDefinitions() {
        SplittableRandom rnd = new SplittableRandom(0xD07L);
        for (int n : LENGTHS) {
            double[] a = integers(rnd, n);
            double[] b = integers(rnd, n);
            double dot = 0;
            double sq = 0;
            for (int i = 0; i < n; i++) {
                dot += a[i] * b[i];
                sq += a[i] * a[i];
            }
            for (int t = 1; t <= 2; t++) {
                String msg = "n = " + n + ", threads = " + t;
                assertEquals(dot, VectorOps.dot(a, b, t), msg);
                assertEquals(Math.sqrt(sq), VectorOps.norm(a, t), msg);
                double[] y = b.clone();
                VectorOps.axpy(-3, a, y, t);
                double[] x = a.clone();
                VectorOps.scale(-2, x, t);
                for (int i = 0; i < n; i++) {
                    assertEquals(b[i] - 3 * a[i], y[i], msg);
                    assertEquals(-2 * a[i], x[i], msg);
                }
            }
            double[] before = a.clone();
            double[] abs = VectorOps.abs(a);
            assertArrayEquals(before, a, "abs must not change its argument");
            for (int i = 0; i < n; i++) {
                assertEquals(Math.abs(a[i]), abs[i]);
            }
        }
    }

    @Test
    void dotsSubtractCombinationAndCombinationMatchTheirDefinitions() {
        SplittableRandom rnd = new SplittableRandom(0xC0BL);
        for (int n : LENGTHS) {
            for (int count = 1; count <= 9; count += count < 5 ? 1 : 4) {
                double[][] q = new double[count + 2][]; // rows past count must not be read
                for (int j = 0; j < q.length; j++) {
                    q[j] = integers(rnd, n);
                }
                double[] w = integers(rnd, n);
                double[] h = integers(rnd, count);
                double[] dots = new double[count];
                double[] rest = w.clone();
                double[] comb = new double[n];
                for (int j = 0; j < count; j++) {
                    for (int i = 0; i < n; i++) {
                        dots[j] += q[j][i] * w[i];
                        rest[i] -= h[j] * q[j][i];
                        comb[i] += h[j] * q[j][i];
                    }
                }
                for (int t = 1; t <= 2; t++) {
                    String msg = "n = " + n + ", count = " + count + ", threads = " + t;
                    assertArrayEquals(dots, VectorOps.dots(q, count, w, t), msg);
                    double[] v = w.clone();
                    VectorOps.subtractCombination(q, count, h, v, t);
                    assertArrayEquals(rest, v, msg);
                    assertArrayEquals(comb, VectorOps.combination(q, count, h, t), msg);
                }
            }
        }
    }

    /**
     * The documented order on general data: {@code p = max(1, min(4·threads, ⌊n/2¹⁴⌋))} ranges
     * {@code [⌊n·i/p⌋, ⌊n·(i+1)/p⌋)}, each summed in index order, the range sums added in range order; so one thread
     * and two give the same bits below {@code 2·2¹⁴} elements and may differ above.
     */
    @Test
    void dotOfGeneralDataIsTheSumOfItsRangeSumsInOrder() {
        SplittableRandom rnd = new SplittableRandom(0x0DEL);
        for (int n : LENGTHS) {
            double[] a = new double[n];
            double[] b = new double[n];
            for (int i = 0; i < n; i++) {
                a[i] = rnd.nextDouble(-1, 1);
                b[i] = rnd.nextDouble(-1, 1) * 1e3;
            }
            for (int t = 1; t <= 3; t++) {
                int p = (int) Math.max(1, Math.min(4L * t, n / PIECE));
                double s = 0;
                double[] h = new double[3];
                for (int r = 0; r < p; r++) {
                    double part = 0;
                    double[] parts = new double[3];
                    for (int i = (int) ((long) n * r / p); i < (int) ((long) n * (r + 1) / p); i++) {
                        part += a[i] * b[i];
                        parts[0] += b[i] * a[i];
                        parts[1] += a[i] * a[i];
                        parts[2] += b[i] * a[i];
                    }
                    s += part;
                    for (int j = 0; j < 3; j++) {
                        h[j] += parts[j];
                    }
                }
                String msg = "n = " + n + ", threads = " + t;
                assertEquals(s, VectorOps.dot(a, b, t), msg);
                assertArrayEquals(h, VectorOps.dots(new double[][] {b, a, b}, 3, a, t), msg);
            }
        }
    }
}
