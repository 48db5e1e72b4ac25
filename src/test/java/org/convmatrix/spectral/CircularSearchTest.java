package org.convmatrix.spectral;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.convmatrix.backend.DenseLinearAlgebra;
import org.convmatrix.spec.ConvSpec;
import org.convmatrix.spec.Op;
import org.junit.jupiter.api.Test;

/**
 * The two pieces of {@link CircularSpectrum#approximateTop}'s frequency search against their definitions: the
 * candidate frequencies (a lattice of spacing {@code s}, then the box within {@code s} of a centre, wrapping around),
 * enumerated here by nested loops; and the power estimate of {@code σ_max(K(ω))²}, a Rayleigh quotient of
 * {@code KᴴK}, against the singular values of {@code K(ω) = Σ_j W_j e^{2πi ωjd/N}} built here from the weights.
 */
class CircularSearchTest {
    /** @return the flat indices (row-major) of all {@code ω} with {@code ω_a ∈ values[a]}, in row-major order */
    private static int[] product(int[] grid, int[][] values) {
        List<Integer> out = new ArrayList<>();
        int[] at = new int[grid.length];
        collect(grid, values, 0, at, out);
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    private static void collect(int[] grid, int[][] values, int axis, int[] at, List<Integer> out) {
        if (axis == grid.length) {
            int flat = 0;
            for (int a = 0; a < grid.length; a++) {
                flat = flat * grid[a] + at[a];
            }
            out.add(flat);
            return;
        }
        for (int v : values[axis]) {
            at[axis] = v;
            collect(grid, values, axis + 1, at, out);
        }
    }

    /**
     * The lattice: every {@code s_a}-th frequency from 0 on each axis ({@code 0, s, 2s, … < N}); the box: the
     * {@code 2s + 1} frequencies {@code c − s … c + s} modulo {@code N} on each axis, or all {@code N} of them, from
     * {@code c − ⌊(N − 1)/2⌋}, when {@code N <= 2s}.
     */
    @Test
    void candidatesAreTheLatticeAndTheBoxAroundTheCentre() {
        int[] grid = {30, 7, 3};
        int[] step = {4, 1, 2};
        assertArrayEquals(product(grid, new int[][] {{0, 4, 8, 12, 16, 20, 24, 28}, {0, 1, 2, 3, 4, 5, 6}, {0, 2}}),
                CircularSpectrum.candidates(grid, new int[3], step, false));
        assertArrayEquals(product(grid, new int[][] {{27, 28, 29, 0, 1, 2, 3, 4, 5}, {5, 6, 0}, {0, 1, 2}}),
                CircularSpectrum.candidates(grid, new int[] {1, 6, 1}, step, true));
        assertArrayEquals(product(new int[] {12}, new int[][] {{0, 3, 6, 9}}),
                CircularSpectrum.candidates(new int[] {12}, new int[1], new int[] {3}, false));
        assertArrayEquals(product(new int[] {12}, new int[][] {{8, 9, 10, 11, 0, 1, 2}}),
                CircularSpectrum.candidates(new int[] {12}, new int[] {11}, new int[] {3}, true));
    }

    /** @return {@code [[Re K, −Im K], [Im K, Re K]]} of the 1-D layer {@code rows×cols×k}, dilation {@code d}, at {@code ω} */
    private static double[][] embedding(double[] w, int rows, int cols, int k, int d, int omega, int n) {
        double[][] e = new double[2 * rows][2 * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                double re = 0;
                double im = 0;
                for (int j = 0; j < k; j++) {
                    double phase = 2 * Math.PI * ((long) omega * j * d % n) / n;
                    double v = w[(r * cols + c) * k + j];
                    re += v * Math.cos(phase);
                    im += v * Math.sin(phase);
                }
                e[r][c] = re;
                e[r][cols + c] = -im;
                e[rows + r][c] = im;
                e[rows + r][cols + c] = re;
            }
        }
        return e;
    }

    /**
     * On random 2→3 and 3→2 kernels of size 3 (dilation 2) the estimate is a Rayleigh quotient of {@code KᴴK}, never
     * above {@code σ_max²} (beyond rounding), and equal to it to 10⁻¹² where {@code σ_2 < σ_max/2}; and on a kernel {@code W_j = c_j·u vᵀ + 10⁻³·E_j} with complex
     * {@code Σ_j c_j e^{iφ_j}}, whose top singular value stands far above the rest, its 24 power steps reach
     * {@code σ_max²} to 10⁻¹⁰ at every frequency.
     */
    @Test
    void powerEstimateIsARayleighQuotientThatFindsAClearTop() {
        int n = 16;
        SplittableRandom rnd = new SplittableRandom(77);
        int checked = 0;
        for (int[] rc : new int[][] {{3, 2}, {2, 3}}) {
            int rows = rc[0];
            int cols = rc[1];
            ConvSpec spec = ConvSpec.builder(Op.CONV, cols, rows, 3).dilation(2).build();
            double[] w = new double[rows * cols * 3];
            for (int i = 0; i < w.length; i++) {
                w[i] = rnd.nextDouble(-1, 1);
            }
            CircularSpectrum.Kernel random = new CircularSpectrum.Kernel(spec, w, new int[] {n});
            double[] u = new double[rows];
            double[] v = new double[cols];
            for (int i = 0; i < rows; i++) {
                u[i] = rnd.nextDouble(-1, 1);
            }
            for (int i = 0; i < cols; i++) {
                v[i] = rnd.nextDouble(-1, 1);
            }
            double[] coef = {1, 0.7, -0.4};
            double[] clear = new double[w.length];
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    for (int j = 0; j < 3; j++) {
                        clear[(r * cols + c) * 3 + j] = coef[j] * u[r] * v[c] + 1e-3 * rnd.nextDouble(-1, 1);
                    }
                }
            }
            CircularSpectrum.Kernel dominated = new CircularSpectrum.Kernel(spec, clear, new int[] {n});
            for (int f = 0; f < n; f++) {
                double[] sv = DenseLinearAlgebra.singularValues(embedding(w, rows, cols, 3, 2, f, n));
                double top = sv[0];
                double estimate = random.powerEstimate(f);
                String at = rows + "x" + cols + " at " + f;
                assertTrue(estimate <= top * top * (1 + 1e-13), at + ": " + estimate + " > " + top * top);
                assertTrue(estimate > 0, at);
                // the embedding repeats every σ of K(ω): σ_2 is sv[2]; with σ_2/σ_1 < 1/2 the 24 steps converge
                // as (σ_2/σ_1)^96 < 10^-28
                if (sv[2] < top / 2) {
                    assertEquals(top * top, estimate, 1e-12 * top * top, at + ", σ_2/σ_1 = " + sv[2] / top);
                    checked++;
                }
                double clearTop = DenseLinearAlgebra.singularValues(embedding(clear, rows, cols, 3, 2, f, n))[0];
                assertEquals(clearTop * clearTop, dominated.powerEstimate(f), 1e-10 * clearTop * clearTop, at);
            }
        }
        assertTrue(checked >= 8, "frequencies with a gap: " + checked);
    }
}
