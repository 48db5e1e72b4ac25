package org.convmatrix.spectral;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link KrylovBasis}: the vectors it stores in blocks come back unchanged, and its kernels give bit for bit what
 * {@link VectorOps}' kernels give on the same vectors held as separate arrays, across block boundaries and for every
 * count (the four-at-a-time part and the tail).
 */
class KrylovBasisTest {
    private static double[][] random(int count, int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[][] v = new double[count][n];
        for (double[] x : v) {
            for (int i = 0; i < n; i++) {
                x[i] = rnd.nextDouble(-1, 1);
            }
        }
        return v;
    }

    /** n = 2²⁰ + 1: two vectors per block, seven vectors span four blocks (the last one partly used). */
    @Test
    void kernelsAcrossBlocksEqualThoseOnSeparateArrays() {
        int n = (1 << 20) + 1;
        int count = 7;
        double[][] v = random(count + 1, n, 0xB10CL);
        KrylovBasis b = new KrylovBasis(n, 8);
        assertEquals(2, b.perBlock());
        for (int j = 0; j < count; j++) {
            b.add(v[j]);
        }
        assertEquals(count, b.size());
        for (int j = 0; j < count; j++) {
            assertArrayEquals(v[j], b.vector(j), "vector " + j);
        }
        double[] w = v[count];
        for (int threads : new int[] {1, 2, 3}) {
            for (int c = 0; c <= count; c++) {
                assertArrayEquals(VectorOps.dots(v, c, w, threads), b.dots(c, w, threads), "dots of " + c);
                double[] h = new double[c];
                for (int j = 0; j < c; j++) {
                    h[j] = 0.25 * (j + 1) - 1;
                }
                double[] expected = w.clone();
                VectorOps.subtractCombination(v, c, h, expected, threads);
                double[] actual = w.clone();
                b.subtractCombination(c, h, actual, threads);
                assertArrayEquals(expected, actual, "subtractCombination of " + c);
                if (c > 0) {
                    assertArrayEquals(VectorOps.combination(v, c, h, threads), b.combination(c, h, threads),
                            "combination of " + c);
                }
            }
        }
    }

    /** Short vectors: one block holds the whole capacity; later vectors do not overwrite earlier ones. */
    @Test
    void shortVectorsShareOneBlock() {
        double[][] v = random(5, 3, 7);
        KrylovBasis b = new KrylovBasis(3, 5);
        assertEquals(5, b.perBlock());
        for (double[] x : v) {
            b.add(x);
        }
        for (int j = 0; j < 5; j++) {
            assertArrayEquals(v[j], b.vector(j));
        }
        double[] h = b.dots(5, v[0], 1);
        for (int j = 0; j < 5; j++) {
            assertEquals(v[j][0] * v[0][0] + v[j][1] * v[0][1] + v[j][2] * v[0][2], h[j], 0);
        }
    }

    /** A vector is copied: changing the caller's array afterwards does not change the basis. */
    @Test
    void addCopies() {
        double[] x = {1, 2, 3};
        KrylovBasis b = new KrylovBasis(3, 2);
        b.add(x);
        x[0] = 99;
        assertArrayEquals(new double[] {1, 2, 3}, b.vector(0));
    }

    @Test
    void refusesWrongLengthsCountsAndOverflow() {
        KrylovBasis b = new KrylovBasis(3, 1);
        assertThrows(IllegalArgumentException.class, () -> b.add(new double[2]));
        b.add(new double[3]);
        IllegalStateException full = assertThrows(IllegalStateException.class, () -> b.add(new double[3]));
        assertTrue(full.getMessage().contains("capacity of 1"), full.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> b.dots(2, new double[3], 1));
        assertThrows(IndexOutOfBoundsException.class, () -> b.subtractCombination(2, new double[2], new double[3], 1));
        assertThrows(IndexOutOfBoundsException.class, () -> b.combination(2, new double[2], 1));
        assertThrows(IndexOutOfBoundsException.class, () -> b.dots(-1, new double[3], 1));
        assertThrows(IndexOutOfBoundsException.class, () -> b.vector(1));
        assertThrows(IllegalArgumentException.class, () -> new KrylovBasis(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new KrylovBasis(1, 0));
    }
}
