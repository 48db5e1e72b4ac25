package org.convmatrix.spectral;

import java.util.SplittableRandom;
import org.convmatrix.operator.LinearOperator;
import org.convmatrix.solve.Lsqr;

/**
 * A vector {@code x ≠ 0} with {@code A·x = 0} up to rounding: what no method can recover from {@code A·x}.
 * From a seeded random {@code z}, {@code x = z − A⁺A z} is the projection of {@code z} on {@code null(A)}
 * ({@code A⁺A} is the orthogonal projector on the row space; {@code A⁺(Az)} is computed by {@link Lsqr}, which
 * returns the row-space solution). When the null space is trivial, {@code x} is at rounding level and
 * {@link Witness#ratio()} is not small. Stateless.
 *
 * @see DenseSpectrum#nullVector() the dense alternative for small layers
 */
public final class NullSpaceWitness {
    private NullSpaceWitness() {
    }

    /**
     * @param x      the witness
     * @param ratio  {@code ||A x|| / ||x||}, recomputed
     * @param iterations the LSQR iterations spent
     */
    public record Witness(double[] x, double ratio, int iterations) {
    }

    /** @return the projection of a seeded random vector on {@code null(A)} */
    public static Witness of(LinearOperator a, long seed, double tol, int maxIter, int threads) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] z = new double[a.cols()];
        for (int i = 0; i < z.length; i++) {
            z[i] = rnd.nextDouble() * 2 - 1;
        }
        Lsqr.Result r = Lsqr.solve(a, a.apply(z), new Lsqr.Options(0, tol, maxIter, threads));
        double[] x = z.clone();
        VectorOps.axpy(-1, r.x(), x, threads);
        return new Witness(x, ratio(a, x, threads), r.iterations());
    }

    /** @return {@code ||A x|| / ||x||} ({@code +∞} for {@code x = 0}) */
    public static double ratio(LinearOperator a, double[] x, int threads) {
        double nx = VectorOps.norm(x, threads);
        return nx == 0 ? Double.POSITIVE_INFINITY : VectorOps.norm(a.apply(x), threads) / nx;
    }
}
