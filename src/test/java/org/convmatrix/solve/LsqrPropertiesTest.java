package org.convmatrix.solve;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import org.convmatrix.backend.DenseLinearAlgebra;
import org.convmatrix.operator.LinearOperator;
import org.convmatrix.sparse.CscMatrix;
import org.convmatrix.sparse.CscOps;
import org.convmatrix.spectral.CaseOperators;
import org.convmatrix.spectral.DenseSpectrum;
import org.convmatrix.testing.GeneratedCase;
import org.convmatrix.testing.Layers;
import org.convmatrix.verify.DotTest;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * LSQR against dense least squares on generated layers. Every bound is an identity of exact arithmetic plus
 * the rounding of the quantities it is computed from:
 * <ul>
 *   <li>if {@code d = x̂ − x*} lies in the row space, {@code ||d|| <= ||AᵀA d|| / σ_r²} and
 *       {@code ||d|| <= ||A d|| / σ_r} ({@code σ_r} the smallest nonzero singular value);</li>
 *   <li>{@code AᵀA(x̂ − x*) = Aᵀ(Ax̂ − y) − Aᵀ(Ax* − y)}, both normal residuals computed explicitly;</li>
 *   <li>the part of {@code x̂} outside the row space (rounding only: LSQR builds {@code x̂} from {@code Aᵀu}
 *       vectors) is measured with the dense {@code V} and added.</li>
 * </ul>
 */
class LsqrPropertiesTest {
    private static final long SEED = 0x15C7L;

    private static Gen<GeneratedCase> layers() {
        Gen<GeneratedCase> conv = Layers.cases(Layers.Kind.CONV_ANY_PADDING_MODE, Layers.Values.DOUBLES, 2);
        Gen<GeneratedCase> convT = Layers.cases(Layers.Kind.CONV_TRANSPOSE, Layers.Values.DOUBLES, 2);
        return in -> Layers.pick(in, 3) == 0 ? convT.generate(in) : conv.generate(in);
    }

    /** Dense facts of {@code A}: {@code V}, singular values, rank. */
    private record Dense(double[][] v, double[] s, int rank, double[][] a) {
        static Dense of(CscMatrix m) {
            DenseLinearAlgebra.Svd svd = DenseLinearAlgebra.svd(CscOps.toDense(m), true);
            int rank = DenseSpectrum.of(m, false).rank();
            return new Dense(svd.v(), svd.values(), rank, CscOps.toDense(m));
        }

        /** @return the projection of {@code x} on the row space (first {@code rank} columns of V) */
        double[] rowPart(double[] x) {
            return filtered(x, rank, i -> 1);
        }

        /** @return {@code A⁺y = Σ_{i<rank} v_i (v_iᵀAᵀy)/σ_i²} */
        double[] pinv(LinearOperator op, double[] y) {
            return filtered(op.applyAdjoint(y), rank, i -> 1 / (s[i] * s[i]));
        }

        /** @return {@code Σ_{i<count} v_i (v_iᵀb)·scale(i)} */
        double[] filtered(double[] b, int count, java.util.function.IntToDoubleFunction scale) {
            double[] x = new double[b.length];
            for (int i = 0; i < count; i++) {
                double c = 0;
                for (int r = 0; r < x.length; r++) {
                    c += v[r][i] * b[r];
                }
                c *= scale.applyAsDouble(i);
                for (int r = 0; r < x.length; r++) {
                    x[r] += c * v[r][i];
                }
            }
            return x;
        }
    }

    @Test
    void lsqrEqualsDenseMinimumNormLeastSquares() {
        qt().withFixedSeed(SEED).withExamples(150).forAll(layers()).checkAssert(c -> {
            CaseOperators.Operators ops = CaseOperators.of(c.layer(), c.inputSpatial(), 1);
            LinearOperator a = ops.a();
            Dense d = Dense.of(ops.matrix());
            if (d.rank == 0) {
                return;
            }
            double[] y = pseudoRandom(a.rows(), 3);
            Lsqr.Result r = Lsqr.solve(a, y, new Lsqr.Options(0, 1e-14, 50 * a.cols(), 1));
            double[] xStar = d.pinv(a, y);
            double sr = d.s[d.rank - 1];
            double bound = (normalResidual(ops, r.x(), y) + normalResidual(ops, xStar, y)) / (sr * sr)
                    + norm(minus(r.x(), d.rowPart(r.x()))) + norm(minus(xStar, d.rowPart(xStar)));
            double diff = norm(minus(r.x(), xStar));
            assertTrue(diff <= bound, c + ": ||x^ - A+y|| = " + diff + " > " + bound);
            assertTrue(r.converged(), c + ": LSQR did not converge in " + r.iterations());
            // its stopping tests: S1 ||r|| <= tol(||y|| + ||A|| ||x^||) or S2 ||A^T r|| <= tol ||A|| ||r||, ||A|| <= ||A||_F
            double fro = org.convmatrix.spectral.NormBounds.frobenius(d.a);
            double tol = 1e-14;
            double rn = norm(minus(a.apply(r.x()), y));
            double allowed = fro * tol * (norm(y) + fro * norm(r.x())) + tol * fro * rn;
            double normal = normalResidual(ops, r.x(), y);
            assertTrue(normal <= 2 * allowed + (normal - norm(a.applyAdjoint(minus(a.apply(r.x()), y)))),
                    c + ": ||A^T r|| = " + normal + " > " + allowed);
        });
    }

    @Test
    void recoveryIsExactForFullColumnRankAndTheRowSpaceProjectionOtherwise() {
        qt().withFixedSeed(SEED + 1).withExamples(150).forAll(layers()).checkAssert(c -> {
            CaseOperators.Operators ops = CaseOperators.of(c.layer(), c.inputSpatial(), 1);
            LinearOperator a = ops.a();
            Dense d = Dense.of(ops.matrix());
            if (d.rank == 0) {
                return;
            }
            double[] x = pseudoRandom(a.cols(), 5);
            double[] y = a.apply(x);
            Lsqr.Result r = Lsqr.solve(a, y, new Lsqr.Options(0, 1e-14, 50 * a.cols(), 1));
            double[] target = d.rank == a.cols() ? x : d.rowPart(x);
            double[] res = minus(a.apply(r.x()), y);
            double roundY = DotTest.gamma(ops.maxRowTerms() + 1L) * (norm(ops.absA().apply(abs(x)))
                    + norm(ops.absA().apply(abs(r.x()))));
            double sr = d.s[d.rank - 1];
            double bound = (norm(res) + roundY) / sr + norm(minus(r.x(), d.rowPart(r.x())))
                    + (d.rank == a.cols() ? 0 : norm(minus(target, d.rowPart(target))));
            double diff = norm(minus(r.x(), target));
            assertTrue(diff <= bound, c + " (rank " + d.rank + " of " + a.cols() + "): ||x^ - target|| = " + diff
                    + " > " + bound);
            if (d.rank < a.cols()) {
                assertTrue(norm(minus(x, target)) > bound, c + ": the null-space part of x must be visible, "
                        + norm(minus(x, target)) + " <= " + bound);
            }
        });
    }

    /**
     * Tikhonov: {@code x_λ = (AᵀA + λ²I)⁻¹Aᵀy = Σ_i v_i (v_iᵀAᵀy)/(σ_i² + λ²)}; since {@code AᵀA + λ²I >= λ²},
     * {@code ||x̂ − x_λ|| <= (||g(x̂)|| + ||g(x_λ)||)/λ²} with {@code g(x) = Aᵀ(y − Ax) − λ²x}, both recomputed.
     */
    @Test
    void dampedLsqrEqualsDenseTikhonov() {
        qt().withFixedSeed(SEED + 2).withExamples(100).forAll(layers()).checkAssert(c -> {
            CaseOperators.Operators ops = CaseOperators.of(c.layer(), c.inputSpatial(), 1);
            LinearOperator a = ops.a();
            Dense d = Dense.of(ops.matrix());
            double lambda = 0.1 + d.s[0] * 0.05;
            double[] y = pseudoRandom(a.rows(), 9);
            Lsqr.Result r = Lsqr.solve(a, y, new Lsqr.Options(lambda, 1e-14, 50 * a.cols(), 1));
            double[] xl = d.filtered(a.applyAdjoint(y), d.s.length, i -> 1 / (d.s[i] * d.s[i] + lambda * lambda));
            double l2 = lambda * lambda;
            double bound = (damped(ops, r.x(), y, l2) + damped(ops, xl, y, l2)) / l2;
            double diff = norm(minus(r.x(), xl));
            assertTrue(diff <= bound, c + " lambda " + lambda + ": ||x^ - x_lambda|| = " + diff + " > " + bound);
            assertTrue(r.converged(), c + ": not converged");
            double g = norm(gradient(ops, r.x(), y, l2));
            // LSQR's stopping tests on [A; λI] (Frobenius <= sqrt(||A||_F² + n λ²)) and r̄ = [y − Ax̂; −λx̂]
            double abar = Math.sqrt(Math.pow(org.convmatrix.spectral.NormBounds.frobenius(d.a), 2) + xl.length * l2);
            double rbar = Math.hypot(norm(minus(y, a.apply(r.x()))), lambda * norm(r.x()));
            double tol = 1e-14;
            double allowed = abar * tol * (norm(y) + abar * norm(r.x())) + tol * abar * rbar;
            double rounding = damped(ops, r.x(), y, l2) - g;
            assertTrue(g <= 2 * allowed + rounding, c + ": ||A^T r - lambda^2 x|| = " + g + " > " + allowed);
            assertTrue(Math.abs(r.normalResidual() - g) <= DotTest.gamma(r.x().length + 2L) * g,
                    "the result's normal residual is the recomputed ||A^T r - lambda^2 x||");
        });
    }

    private static double[] gradient(CaseOperators.Operators ops, double[] x, double[] y, double l2) {
        double[] g = ops.a().applyAdjoint(minus(y, ops.a().apply(x)));
        for (int i = 0; i < g.length; i++) {
            g[i] -= l2 * x[i];
        }
        return g;
    }

    /** @return {@code ||g(x)||} plus the rounding of computing it */
    private static double damped(CaseOperators.Operators ops, double[] x, double[] y, double l2) {
        return normalResidual(ops, x, y) - norm(ops.a().applyAdjoint(minus(ops.a().apply(x), y)))
                + norm(gradient(ops, x, y, l2)) + DotTest.gamma(2) * l2 * norm(x);
    }

    /** @return {@code ||Aᵀ(Ax − y)||} plus the rounding of computing it */
    private static double normalResidual(CaseOperators.Operators ops, double[] x, double[] y) {
        double[] r = minus(ops.a().apply(x), y);
        double[] g = ops.a().applyAdjoint(r);
        double[] absR = ops.absA().apply(abs(x));
        for (int i = 0; i < absR.length; i++) {
            absR[i] += Math.abs(y[i]);
        }
        double round = DotTest.gamma((long) ops.maxRowTerms() + ops.maxColTerms() + 2)
                * norm(ops.absA().applyAdjoint(absR)) * 2;
        return norm(g) + round;
    }

    static double[] pseudoRandom(int n, long seed) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextDouble() * 2 - 1;
        }
        return v;
    }

    static double[] minus(double[] a, double[] b) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i] - b[i];
        }
        return d;
    }

    static double[] abs(double[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = Math.abs(a[i]);
        }
        return d;
    }

    static double norm(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }
}
