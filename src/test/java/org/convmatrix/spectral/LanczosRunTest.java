package org.convmatrix.spectral;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.convmatrix.operator.LinearOperator;
import org.junit.jupiter.api.Test;

/**
 * {@link Lanczos} on small explicit matrices whose singular values are known: what it reports spending against what
 * it spent (counted by {@link DenseOperator}), where it stops (an exhausted Krylov space, the step limit), which side
 * it runs on, and the intervals against the known values.
 */
class LanczosRunTest {
    private static double[][] random(int rows, int cols, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[][] a = new double[rows][cols];
        for (double[] row : a) {
            for (int j = 0; j < cols; j++) {
                row[j] = rnd.nextDouble(-1, 1);
            }
        }
        return a;
    }

    private record Step(int steps, int products, double estimate, int counted) {
    }

    /** {@code products} and {@code absProducts} are the products with {@code A} and {@code |A|} that were computed. */
    @Test
    void reportedProductsAreTheProductsSpent() {
        for (int[] shape : new int[][] {{12, 7}, {7, 12}, {9, 9}}) {
            for (int top = 1; top <= 3; top += 2) {
                DenseOperator a = DenseOperator.of(random(shape[0], shape[1], 31 * shape[0] + top));
                DenseOperator abs = a.absolute();
                List<Step> seen = new ArrayList<>();
                Lanczos.Result r = Lanczos.run(a, abs, a.rowTerms(), a.colTerms(), new Lanczos.Options(top, 1e-9, 50, 5, 1),
                        (s, p, e) -> seen.add(new Step(s, p, e, a.products())));
                String msg = shape[0] + "x" + shape[1] + ", top " + top;
                assertEquals(a.products(), r.products(), msg);
                assertEquals(abs.products(), r.absProducts(), msg);
                for (int i = 0; i < seen.size(); i++) {
                    if (top == 1) {
                        assertEquals(i + 1, seen.get(i).steps(), msg);
                    } else {
                        // k deflated runs: steps and products count on from the runs before ("so far")
                        assertTrue(i == 0 || seen.get(i).steps() > seen.get(i - 1).steps(), msg + ", report " + i);
                        assertTrue(seen.get(i).steps() <= r.steps(), msg + ", report " + i);
                    }
                    assertEquals(seen.get(i).counted(), seen.get(i).products(), msg + ", report " + i);
                }
                assertTrue(seen.size() >= r.steps() - top, msg);
                assertEquals(shape[0] < shape[1], r.transposed(), msg);
                assertEquals(Math.min(shape[0], shape[1]), r.topVector().length, msg);
                assertTrue(r.converged(), msg);
            }
        }
    }

    /**
     * {@code σ = 4, 3, 2, 1} of a 6×4 diagonal matrix (rows of zeros below): every interval contains its own value,
     * meets the tolerance, the top vector is {@code ±e_1}, and {@code normBound} is
     * {@code √(||A||₁·||A||_∞) = 4} rounded up by the products' error bound.
     */
    @Test
    void intervalsContainTheKnownSingularValuesInOrder() {
        double[] sigma = {4, 3, 2, 1};
        for (boolean wide : new boolean[] {false, true}) {
            DenseOperator d = DenseOperator.tall(6, 1, 3, 4, 2);
            var a = wide ? d.adjoint() : d;
            var abs = wide ? d.absolute().adjoint() : d.absolute();
            for (int top = 1; top <= 5; top++) {
                Lanczos.Result r = Lanczos.run(a, abs, 1, 1, new Lanczos.Options(top, 1e-10, 20, 3, 1), null);
                String msg = "wide " + wide + ", top " + top + ": " + java.util.Arrays.toString(r.top());
                assertEquals(Math.min(top, 4), r.top().length, msg);
                for (int i = 0; i < r.top().length; i++) {
                    assertTrue(r.top()[i].contains(sigma[i]), msg);
                    assertTrue(r.top()[i].relativeWidth() <= 1e-10, msg);
                }
                assertTrue(r.converged(), msg);
                assertEquals(wide, r.transposed(), msg);
                assertEquals(1, Math.abs(r.topVector()[2]), 1e-12, msg);
                assertTrue(r.normBound() >= 4 && r.normBound() <= 4 * (1 + 1e-15), msg + ": " + r.normBound());
                assertTrue(r.orthogonalityDefect() >= 0 && r.orthogonalityDefect() <= 1e-15, msg);
            }
        }
    }

    /**
     * A start vector that is an eigenvector of {@code AᵀA} spans an invariant space of dimension one: one step, and
     * the run certifies at once. On a wide {@code A} the start vector (in {@code A}'s columns) is ignored, as it is
     * when its length is wrong, and on the top-{@code k} path it seeds only the first run.
     */
    @Test
    void anEigenvectorStartExhaustsTheKrylovSpaceInOneStep() {
        DenseOperator a = DenseOperator.tall(5, 1, 3, 4, 2);
        double[] e3 = {0, 0, 1, 0};
        Lanczos.Result r = Lanczos.run(a, a.absolute(), 1, 1, new Lanczos.Options(1, 1e-10, 20, 3, 1, e3), null);
        assertEquals(1, r.steps());
        assertTrue(r.converged() && r.sigmaMax().contains(4), r.sigmaMax().toString());
        assertArrayEquals(e3, r.topVector());
        assertEquals(2 + 2, r.products(), "one step and one certificate of one vector");
        Lanczos.Result wrongLength = Lanczos.run(a, a.absolute(), 1, 1,
                new Lanczos.Options(1, 1e-10, 20, 3, 1, new double[] {0, 0, 1}), null);
        assertTrue(wrongLength.steps() > 1, "a start vector of the wrong length is ignored");
        Lanczos.Result wide = Lanczos.run(a.adjoint(), a.absolute().adjoint(), 1, 1,
                new Lanczos.Options(1, 1e-10, 20, 3, 1, new double[] {0, 0, 1, 0, 0}), null);
        assertTrue(wide.steps() > 1, "a start vector is not used on AAᵀ");
        Lanczos.Result two = Lanczos.run(a, a.absolute(), 1, 1, new Lanczos.Options(2, 1e-10, 20, 3, 1, e3), null);
        assertTrue(two.top()[0].contains(4) && two.top()[1].contains(3), java.util.Arrays.toString(two.top()));
        assertTrue(two.steps() > 2, "the second run starts from a Gaussian vector: " + two.steps());
        // started on the eigenvector of σ = 3, the first run locks 3 and the second finds 4: the intervals are sorted
        Lanczos.Result second = Lanczos.run(a, a.absolute(), 1, 1,
                new Lanczos.Options(2, 1e-10, 20, 3, 1, new double[] {0, 1, 0, 0}), null);
        assertTrue(second.top()[0].contains(4) && second.top()[1].contains(3), java.util.Arrays.toString(second.top()));
        assertEquals(1, Math.abs(second.topVector()[2]), 1e-12);
    }

    /**
     * {@code AᵀA} with three distinct eigenvalues, each twice, has Krylov spaces of dimension three: the run exhausts
     * its space at step three and certifies the top value from there.
     */
    @Test
    void aKrylovSpaceOfRepeatedValuesExhaustsAtItsDimension() {
        DenseOperator a = DenseOperator.diagonal(1, 2, 3, 1, 2);
        Lanczos.Result r = Lanczos.run(a, a.absolute(), 1, 1, new Lanczos.Options(1, 1e-10, 20, 8, 1), null);
        assertEquals(3, r.steps());
        assertTrue(r.converged() && r.sigmaMax().contains(3), r.sigmaMax().toString());
        assertEquals(2 * 3 + 2 * 2, r.products(), "three steps and one certificate of two vectors");
    }

    /**
     * Exhaustion is told from rounding at any size and scale: {@code A = diag(s·(1.1, 2.3, 3.7, …))}, the three values
     * repeated over {@code n = 12000} entries, has Krylov spaces of dimension three; at step three the residual is
     * rounding of the size {@code u·||AᵀA||} (not exactly zero: the values are not integers), and the run must stop
     * there for scales {@code s = 10⁻³} and {@code 10³}, with the top value certified. The tolerance 10⁻¹⁷ cannot be
     * met, so only the exhaustion ends the run before its 50 steps.
     */
    @Test
    void exhaustionIsDetectedOnLongOperatorsOfAnyScale() {
        for (double scale : new double[] {1e-3, 1e3}) {
            double[] d = new double[12000];
            for (int i = 0; i < d.length; i++) {
                d[i] = scale * new double[] {1.1, 2.3, 3.7}[i % 3];
            }
            LinearOperator a = DenseOperator.longDiagonal(d, new int[1]);
            Lanczos.Result r = Lanczos.run(a, a, 1, 1, new Lanczos.Options(1, 1e-17, 50, 5, 1), null);
            assertEquals(3, r.steps(), "scale " + scale);
            assertFalse(r.converged(), "10^-17 is out of reach");
            assertTrue(r.sigmaMax().contains(3.7 * scale) && r.sigmaMax().relativeWidth() < 1e-10, r.sigmaMax().toString());
        }
    }

    /** The step limit ends the run with the certificate of the last step, unconverged. */
    @Test
    void theStepLimitEndsTheRunUnconverged() {
        double[] d = new double[300];
        for (int i = 0; i < d.length; i++) {
            d[i] = 1 + i / 3000.0;
        }
        DenseOperator a = DenseOperator.diagonal(d);
        Lanczos.Result r = Lanczos.run(a, a.absolute(), 1, 1, new Lanczos.Options(1, 1e-12, 6, 8, 1), null);
        assertEquals(6, r.steps());
        assertFalse(r.converged());
        assertTrue(r.sigmaMax().relativeWidth() > 1e-12);
        assertTrue(r.sigmaMax().contains(d[299]), r.sigmaMax().toString());
        assertEquals(2 * 6 + 2 * 2, r.products(), "six steps and one certificate of two vectors");
    }

    /**
     * The start vector without a warm start is a seeded standard Gaussian vector, normalised (Box–Muller). On
     * {@code A = I} the run exhausts its space at step one and its top Ritz vector is that start vector {@code q₀}:
     * the {@code n = 40000} values {@code z_i = √n·q₀_i} have the moments of {@code N(0, 1)}, mean 0 (standard error
     * {@code 1/√n = 0.005}), {@code E|z| = √(2/π)} (error 0.003) and {@code E z⁴ = 3} (error 0.05), checked to five
     * standard errors, and a fourth of them lie above 0.67449 and a fourth below −0.67449 (the normal quartiles, error
     * 0.0022).
     */
    @Test
    void theDefaultStartVectorIsAStandardGaussian() {
        int n = 40000;
        double[] ones = new double[n];
        java.util.Arrays.fill(ones, 1);
        int[] counter = new int[1];
        LinearOperator identity = DenseOperator.longDiagonal(ones, counter);
        Lanczos.Result r = Lanczos.run(identity, identity, 1, 1, new Lanczos.Options(1, 1e-8, 5, 2024, 1), null);
        assertEquals(1, r.steps(), "A = I exhausts its Krylov space at once");
        double mean = 0;
        double abs = 0;
        double fourth = 0;
        int upperQuarter = 0;
        int lowerQuarter = 0;
        for (double v : r.topVector()) {
            double z = v * Math.sqrt(n);
            mean += z / n;
            abs += Math.abs(z) / n;
            fourth += z * z * z * z / n;
            upperQuarter += z > 0.6744897501960817 ? 1 : 0;
            lowerQuarter += z < -0.6744897501960817 ? 1 : 0;
        }
        double se = 1 / Math.sqrt(n);
        assertEquals(0, mean, 5 * se, "mean");
        assertEquals(Math.sqrt(2 / Math.PI), abs, 5 * 0.6028 * se, "E|z|");
        assertEquals(3, fourth, 5 * Math.sqrt(96) * se, "E z^4");
        assertEquals(0.25, upperQuarter / (double) n, 5 * Math.sqrt(0.25 * 0.75) * se, "above the upper quartile");
        assertEquals(0.25, lowerQuarter / (double) n, 5 * Math.sqrt(0.25 * 0.75) * se, "below the lower quartile");
        Lanczos.Result again = Lanczos.run(identity, identity, 1, 1, new Lanczos.Options(1, 1e-8, 5, 2024, 1), null);
        assertArrayEquals(r.topVector(), again.topVector(), "seeded");
    }

    @Test
    void optionsAndOperatorsAreChecked() {
        assertEquals("top must be >= 1 but was 0",
                assertThrows(IllegalArgumentException.class, () -> new Lanczos.Options(0, 0.1, 1, 0, 1)).getMessage());
        assertEquals("tolerance must be in (0, 1) but was 1.0",
                assertThrows(IllegalArgumentException.class, () -> new Lanczos.Options(1, 1, 1, 0, 1)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Lanczos.Options(1, 0, 1, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new Lanczos.Options(1, Double.NaN, 1, 0, 1));
        assertEquals("max steps must be >= 1 but was 0",
                assertThrows(IllegalArgumentException.class, () -> new Lanczos.Options(1, 0.1, 0, 0, 1)).getMessage());
        assertEquals("threads must be >= 1 but was 0",
                assertThrows(IllegalArgumentException.class, () -> new Lanczos.Options(1, 0.1, 1, 0, 0)).getMessage());
        new Lanczos.Options(1, 0.5, 1, 0, 1);
        DenseOperator empty = DenseOperator.of(new double[0][]);
        assertEquals("the operator is empty (0x0)", assertThrows(IllegalArgumentException.class,
                () -> Lanczos.run(empty, empty, 1, 1, new Lanczos.Options(1, 0.1, 5, 0, 1), null)).getMessage());
    }

    /**
     * Lanczos on a wide {@code A} with term counts {@code (r, c)} is Lanczos on the tall {@code Aᵀ} with {@code (c, r)}:
     * the same intervals to the bit (the counts are large enough to show in the rounding terms), only
     * {@code transposed} differs; and {@code normBound} is {@code √(max_i Σ_j|a_ij|·(1 + γ_{r+1})·max_j Σ_i|a_ij|·
     * (1 + γ_{c+1}))·(1 + 4u)}.
     */
    @Test
    void aWideOperatorIsItsTallAdjointWithTheTermCountsSwapped() {
        DenseOperator tall = DenseOperator.of(random(9, 5, 77));
        int r = 1_000_000;
        int c = 30_000_000;
        for (int top = 1; top <= 2; top++) {
            Lanczos.Options o = new Lanczos.Options(top, 1e-6, 30, 9, 1);
            Lanczos.Result wide = Lanczos.run(tall.adjoint(), tall.absolute().adjoint(), r, c, o, null);
            Lanczos.Result same = Lanczos.run(tall, tall.absolute(), c, r, o, null);
            assertTrue(wide.transposed() && !same.transposed());
            assertArrayEquals(same.top(), wide.top(), "top " + top);
            assertEquals(same.normBound(), wide.normBound());
        }
        double[] rowSums = tall.absolute().apply(new double[] {1, 1, 1, 1, 1});
        double[] colSums = tall.absolute().applyAdjoint(new double[] {1, 1, 1, 1, 1, 1, 1, 1, 1});
        double inf = java.util.Arrays.stream(rowSums).max().getAsDouble() * (1 + org.convmatrix.verify.DotTest.gamma(r + 1L));
        double one = java.util.Arrays.stream(colSums).max().getAsDouble() * (1 + org.convmatrix.verify.DotTest.gamma(c + 1L));
        assertEquals(Math.sqrt(inf * one) * (1 + 0x1p-51), Lanczos.normBound(tall.absolute(), r, c));
    }

    /**
     * The top {@code k} come from {@code k} runs, seen through {@link Lanczos.Progress}: steps count on from run to run
     * ("so far"), and the step at which a run certifies is not reported, so a new run shows as a gap of two or more in
     * the reported steps. A start vector that is an eigenvector ends the first run at its first step, before any
     * report, so the first report is step 2. A step limit too small for the tolerance leaves the result unconverged.
     */
    @Test
    void theTopKComeFromKRunsAndCanStayUnconverged() {
        DenseOperator a = DenseOperator.of(random(12, 7, 5));
        for (int top = 2; top <= 4; top++) {
            int[] last = new int[1];
            int[] runs = new int[1];
            Lanczos.Result r = Lanczos.run(a, a.absolute(), 7, 12, new Lanczos.Options(top, 1e-9, 50, 5, 1), (s, p, e) -> {
                assertTrue(s > last[0], "steps so far increase");
                runs[0] += s - last[0] >= 2 || last[0] == 0 ? 1 : 0;
                last[0] = s;
            });
            assertEquals(top, runs[0], "top " + top);
            assertTrue(last[0] < r.steps(), "the last run's certifying step is not reported");
        }
        DenseOperator d = DenseOperator.tall(5, 1, 3, 4, 2);
        int[] first = new int[1];
        Lanczos.Result r = Lanczos.run(d, d.absolute(), 1, 1, new Lanczos.Options(2, 1e-10, 20, 3, 1, new double[] {0, 0, 1, 0}),
                (s, p, e) -> first[0] = first[0] == 0 ? s : first[0]);
        assertEquals(2, first[0], "the first run, started on an eigenvector, ends at step 1 unreported");
        assertTrue(r.converged());
        Lanczos.Result limited = Lanczos.run(a, a.absolute(), 7, 12, new Lanczos.Options(3, 1e-12, 2, 5, 1), null);
        assertFalse(limited.converged());
        assertTrue(java.util.Arrays.stream(limited.top()).anyMatch(i -> i.relativeWidth() > 1e-12));
    }
}
