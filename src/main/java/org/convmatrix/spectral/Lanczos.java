package org.convmatrix.spectral;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.convmatrix.backend.DenseLinearAlgebra;
import org.convmatrix.operator.LinearOperator;
import org.convmatrix.verify.DotTest;

/**
 * The largest singular values of an operator {@code A} with certified intervals: the Lanczos process on
 * {@code B = MᵀM}, where {@code M} is {@code A} or {@code Aᵀ}, whichever has fewer columns (same nonzero
 * singular values, shorter vectors), keeping the basis semi-orthogonal by Simon's partial reorthogonalisation
 * ({@link Semiorthogonality}: when the estimated loss of orthogonality passes {@code √ε}, classical Gram–Schmidt
 * against every basis vector, repeated when the norm drops by more than {@code 1/√2}: Kahan–Parlett "twice is
 * enough"; on short vectors, {@code n <= 4096}, at every step).
 * Every few steps the tridiagonal {@code T} is diagonalised and the Lanczos residual estimates
 * {@code β_j·|s_{j,i}|} say whether the top {@code k} Ritz values are near the requested tolerance; then
 * {@code k + 1} Ritz vectors are formed and certified explicitly ({@link RitzCertificate}: lower bounds
 * without assumption, upper bounds by Kato–Temple under the stated no-missed-eigenvalue assumption), and the
 * process stops when every interval's relative width is at most the tolerance. The top {@code k >= 2} come
 * from {@code k} deflated runs (each orthogonal to the top vectors of the runs before), so repeated singular
 * values show every copy.
 *
 * <p>Each step costs one {@code M·v} and one {@code Mᵀ·w}; a certification two products and two
 * {@code |M|} products per Ritz vector. Memory: one basis vector of length {@code min(rows, cols)} per step, kept in large
 * blocks ({@link KrylovBasis}); a step allocates no vector.
 * Not thread-safe per call (it uses the operators' own threads); independent calls may run concurrently.
 */
public final class Lanczos {
    /** The statement every upper bound relies on, for output next to the numbers. */
    public static final String ASSUMPTION = "upper bounds assume the Krylov space of the random start vector missed no "
            + "eigenvalue of A^T A above the next Ritz value (Kato-Temple, used once that Ritz pair has converged); "
            + "lower bounds need no assumption";

    private static final double U = 0x1p-53;
    /**
     * The tridiagonal is diagonalised (with its eigenvectors, {@code O(dim³)}) every {@code max(1, dim/32)} steps up to
     * {@link #DENSE_LOOKS_UP_TO} steps, where a look costs a few milliseconds, and every {@code dim/8} steps beyond, so
     * that all looks together cost a few times the last one.
     */
    private static final int DENSE_LOOKS_UP_TO = 256;

    private Lanczos() {
    }

    /** Reports progress after each step. */
    @FunctionalInterface
    public interface Progress {
        /**
         * @param steps    Lanczos steps so far
         * @param products products with {@code A} or {@code Aᵀ} so far
         * @param estimate the current estimate of the relative width (infinite before the first estimate)
         */
        void step(int steps, int products, double estimate);
    }

    /**
     * What to compute.
     *
     * @param top      how many of the largest singular values ({@code >= 1})
     * @param relTol   the relative width {@code (upper − lower)/lower} to reach ({@code > 0})
     * @param maxSteps the most Lanczos steps ({@code >= 1})
     * @param seed     the seed of the Gaussian start vector
     * @param threads  threads of the vector kernels
     * @param start    a start vector for {@code A}'s columns ({@link WarmStart}), or {@code null} for a seeded
     *                 Gaussian one; used only when Lanczos runs on {@code AᵀA} (at least as many rows as columns)
     */
    public record Options(int top, double relTol, int maxSteps, long seed, int threads, double[] start) {
        /** Options with a Gaussian start vector. */
        public Options(int top, double relTol, int maxSteps, long seed, int threads) {
            this(top, relTol, maxSteps, seed, threads, null);
        }

        public Options {
            if (top < 1) {
                throw new IllegalArgumentException("top must be >= 1 but was " + top);
            }
            if (!(relTol > 0 && relTol < 1)) {
                throw new IllegalArgumentException("tolerance must be in (0, 1) but was " + relTol);
            }
            if (maxSteps < 1) {
                throw new IllegalArgumentException("max steps must be >= 1 but was " + maxSteps);
            }
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be >= 1 but was " + threads);
            }
        }
    }

    /**
     * The result.
     *
     * @param top          intervals for {@code σ_1 >= … >= σ_k}
     * @param products     products with {@code A} or {@code Aᵀ} (Lanczos steps and certificates)
     * @param absProducts  products with {@code |A|} (rounding bounds)
     * @param steps        Lanczos steps
     * @param converged    whether every interval reached the tolerance
     * @param normBound    an unconditional upper bound on {@code σ_1}: {@code √(||A||₁·||A||_∞)}
     * @param orthogonalityDefect {@code max |YᵀY − I|} of the certified Ritz vectors
     * @param topVector    the certified right singular vector of {@code M} for {@code σ_1} (normalised)
     * @param transposed   whether {@code M = Aᵀ} (then {@code topVector} is a left singular vector of {@code A})
     */
    public record Result(Interval[] top, int products, int absProducts, int steps, boolean converged, double normBound,
            double orthogonalityDefect, double[] topVector, boolean transposed) {
        Result withAbsProducts(int extra) {
            return new Result(top, products, absProducts + extra, steps, converged, normBound, orthogonalityDefect,
                    topVector, transposed);
        }

        /** @return the interval of {@code σ_max} */
        public Interval sigmaMax() {
            return top[0];
        }
    }

    /**
     * @param a        the operator
     * @param absA     {@code |A|'} bounding {@code |A|} element-wise
     * @param rowTerms the most products in one element of {@code A·x}
     * @param colTerms the most products in one element of {@code Aᵀ·y}
     */
    public static Result run(LinearOperator a, LinearOperator absA, int rowTerms, int colTerms, Options o,
            Progress progress) {
        boolean transposed = a.rows() < a.cols();
        LinearOperator m = transposed ? a.adjoint() : a;
        LinearOperator absM = transposed ? absA.adjoint() : absA;
        int mRowTerms = transposed ? colTerms : rowTerms;
        int mColTerms = transposed ? rowTerms : colTerms;
        int n = m.cols();
        if (n == 0 || m.rows() == 0) {
            throw new IllegalArgumentException("the operator is empty (" + a.rows() + "x" + a.cols() + ")");
        }
        int k = Math.min(o.top(), n);
        double normM = normBound(absM, mRowTerms, mColTerms);
        if (k == 1) {
            Run run = new Run(m, absM, mRowTerms, mColTerms, normM, o, 1, progress, transposed, new double[0][]);
            return run.iterate().withAbsProducts(2);
        }
        return deflated(m, absM, mRowTerms, mColTerms, normM, o, k, progress, transposed);
    }

    /**
     * The top {@code k >= 2}: {@code k} runs, run {@code i} on the complement of the top vectors of runs
     * {@code 1..i-1} (locked: every new basis vector is orthogonalised against them too), so a repeated singular
     * value shows all its copies; then all locked vectors and the last run's second Ritz vector are certified
     * together ({@link RitzCertificate}, sorted by Rayleigh quotient).
     */
    private static Result deflated(LinearOperator m, LinearOperator absM, int rowTerms, int colTerms, double normM,
            Options o, int k, Progress progress, boolean transposed) {
        double[][] locked = new double[0][];
        double[] spare = null;
        int products = 0;
        int absProducts = 2; // normBound's
        int steps = 0;
        for (int i = 0; i < k && locked.length < m.cols(); i++) {
            Options oi = new Options(1, o.relTol(), o.maxSteps(), o.seed() + i, o.threads(), i == 0 ? o.start() : null);
            int stepsBefore = steps;
            int productsBefore = products;
            Progress soFar = progress == null ? null
                    : (s, p, e) -> progress.step(stepsBefore + s, productsBefore + p, e);
            Run run = new Run(m, absM, rowTerms, colTerms, normM, oi, 1, soFar, transposed, locked);
            Result r = run.iterate();
            products += r.products();
            absProducts += r.absProducts();
            steps += r.steps();
            locked = java.util.Arrays.copyOf(locked, locked.length + 1);
            locked[locked.length - 1] = r.topVector();
            spare = run.lastVectors.length > 1 ? run.lastVectors[1] : null;
        }
        double[][] all = spare == null ? locked : java.util.Arrays.copyOf(locked, locked.length + 1);
        if (spare != null) {
            all[all.length - 1] = spare;
        }
        double[][] sorted = sortByRayleighQuotient(m, all, o.threads());
        products += all.length;
        RitzCertificate.Result c = RitzCertificate.certify(m, absM, rowTerms, colTerms, normM, sorted, o.threads());
        Interval[] top = java.util.Arrays.copyOf(c.sigma(), Math.min(k, c.sigma().length));
        boolean converged = true;
        for (Interval iv : top) {
            converged &= iv.relativeWidth() <= o.relTol();
        }
        return new Result(top, products + c.products(), absProducts + c.absProducts(), steps, converged, normM,
                c.orthogonalityDefect(), sorted[0], transposed);
    }

    private static double[][] sortByRayleighQuotient(LinearOperator m, double[][] y, int threads) {
        double[] rho = new double[y.length];
        Integer[] order = new Integer[y.length];
        for (int i = 0; i < y.length; i++) {
            double[] z = m.apply(y[i]);
            rho[i] = VectorOps.dot(z, z, threads) / VectorOps.dot(y[i], y[i], threads);
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(rho[b], rho[a]));
        double[][] out = new double[y.length][];
        for (int i = 0; i < y.length; i++) {
            out[i] = y[order[i]];
        }
        return out;
    }

    /** @return {@code √(||M||₁·||M||_∞)} from {@code |M|'}, rounded up (Hölder: {@code ||M||₂² <= ||M||₁||M||_∞}) */
    static double normBound(LinearOperator absM, int rowTerms, int colTerms) {
        double[] ones = new double[absM.cols()];
        Arrays.fill(ones, 1);
        double inf = max(absM.apply(ones)) * (1 + DotTest.gamma(rowTerms + 1L));
        double[] onesR = new double[absM.rows()];
        Arrays.fill(onesR, 1);
        double one = max(absM.applyAdjoint(onesR)) * (1 + DotTest.gamma(colTerms + 1L));
        return Math.sqrt(inf * one) * (1 + 4 * U);
    }

    private static double max(double[] v) {
        double m = 0;
        for (double x : v) {
            m = Math.max(m, x);
        }
        return m;
    }

    /** One Lanczos process: its basis, recurrence coefficients and counters. */
    private static final class Run {
        private final LinearOperator m;
        private final LinearOperator absM;
        private final int rowTerms;
        private final int colTerms;
        private final double normM;
        private final Options o;
        private final int k;
        private final Progress progress;
        private final boolean transposed;
        private final int n;
        private final int maxDim;
        /** {@code q_0 … q_j}: every basis vector, for reorthogonalisation and Ritz vectors */
        private final KrylovBasis q;
        /** {@code q_{j-1}}, {@code q_j} and the next vector, rotated each step so a step allocates no vector */
        private double[] previous;
        private double[] current;
        private double[] next;
        private final double[][] locked;
        private final double[] alpha;
        private final double[] beta;
        /** {@code M·q_j}, rewritten every step */
        private final double[] mq;
        private int products;
        private int absProducts;
        private double[][] lastVectors;
        private final Semiorthogonality orthogonality;

        Run(LinearOperator m, LinearOperator absM, int rowTerms, int colTerms, double normM, Options o, int k,
                Progress progress, boolean transposed, double[][] locked) {
            this.locked = locked;
            this.m = m;
            this.absM = absM;
            this.rowTerms = rowTerms;
            this.colTerms = colTerms;
            this.normM = normM;
            this.o = o;
            this.k = k;
            this.progress = progress;
            this.transposed = transposed;
            this.n = m.cols();
            this.maxDim = (int) Math.min(n - locked.length, (long) o.maxSteps());
            this.q = new KrylovBasis(n, maxDim + 1);
            this.alpha = new double[maxDim];
            this.beta = new double[maxDim];
            this.orthogonality = new Semiorthogonality(alpha, beta, n);
            this.mq = new double[m.rows()];
            this.previous = new double[n];
            this.next = new double[n];
        }

        Result iterate() {
            current = start();
            q.add(current);
            int dim = 0;
            int nextCheck = k + 1;
            double certifyBelow = o.relTol() / 4;
            RitzCertificate.Result last = null;
            double[] lastTop = null;
            while (dim < maxDim) {
                boolean exhausted = step(dim);
                dim++;
                double estimate = Double.POSITIVE_INFINITY;
                boolean check = exhausted || dim == maxDim || dim >= nextCheck;
                if (check) {
                    nextCheck = dim + Math.max(1, dim / (dim <= DENSE_LOOKS_UP_TO ? 32 : 8));
                    DenseLinearAlgebra.SymmetricEigen t = DenseLinearAlgebra.tridiagonalEigen(
                            Arrays.copyOf(alpha, dim), Arrays.copyOf(beta, Math.max(0, dim - 1)));
                    estimate = estimate(t, dim, exhausted);
                    if (estimate <= certifyBelow && neighbourReady(t, dim) || exhausted || dim == maxDim) {
                        int kc = Math.min(k + 1, dim);
                        double[][] y = ritzVectors(t, dim, kc);
                        last = RitzCertificate.certify(m, absM, rowTerms, colTerms, normM, y, o.threads());
                        products += last.products();
                        absProducts += last.absProducts();
                        lastTop = y[0];
                        lastVectors = y;
                        if (widest(last, k) <= o.relTol() || exhausted) {
                            return result(last, lastTop, dim, widest(last, k) <= o.relTol());
                        }
                        certifyBelow = estimate / 4;
                    }
                }
                if (progress != null) {
                    progress.step(dim, products, estimate);
                }
            }
            return result(last, lastTop, dim, false);
        }

        private Result result(RitzCertificate.Result c, double[] top, int dim, boolean converged) {
            return new Result(Arrays.copyOf(c.sigma(), Math.min(k, c.sigma().length)), products, absProducts, dim,
                    converged, normM, c.orthogonalityDefect(), top, transposed);
        }

        private double[] start() {
            double[] v = new double[n];
            if (!transposed && o.start() != null && o.start().length == n) {
                System.arraycopy(o.start(), 0, v, 0, n);
            } else {
                SplittableRandom rnd = new SplittableRandom(o.seed());
                for (int i = 0; i < n; i++) {
                    v[i] = gaussian(rnd);
                }
            }
            for (int pass = 0; pass < 2 && locked.length > 0; pass++) {
                VectorOps.subtractCombination(locked, locked.length, VectorOps.dots(locked, locked.length, v, o.threads()),
                        v, o.threads());
            }
            VectorOps.scale(1 / VectorOps.norm(v, o.threads()), v, o.threads());
            return v;
        }

        /** One step: {@code q[j+1]}, {@code alpha[j]}, {@code beta[j]}; @return whether the Krylov space is exhausted */
        private boolean step(int j) {
            int t = o.threads();
            double[] w = next;
            m.apply(current, mq);
            m.applyAdjoint(mq, w);
            products += 2;
            // w − β_{j−1}q_{j−1}, then α_j = q_jᵀw from the updated w (Paige's ordering), then w − α_jq_j and its norm:
            // two passes over w
            double a = j > 0 ? VectorOps.axpyDot(-beta[j - 1], previous, w, current, t) : VectorOps.dot(current, w, t);
            double normSquared = VectorOps.axpyNormSquared(-a, current, w, t);
            for (int pass = 0; pass < 2 && locked.length > 0; pass++) {
                VectorOps.subtractCombination(locked, locked.length, VectorOps.dots(locked, locked.length, w, t), w, t);
            }
            double before = locked.length > 0 ? VectorOps.norm(w, t) : Math.sqrt(normSquared);
            double after = before;
            boolean full = orthogonality.needsFull(j, a, before);
            for (int pass = 0; full && pass < 2; pass++) {
                double[] h = q.dots(j + 1, w, t);
                q.subtractCombination(j + 1, h, w, t);
                if (locked.length > 0) {
                    VectorOps.subtractCombination(locked, locked.length, VectorOps.dots(locked, locked.length, w, t), w, t);
                }
                a += h[j];
                after = VectorOps.norm(w, t);
                if (after > before / Math.sqrt(2)) {
                    break;
                }
                before = after;
            }
            orthogonality.accept(j, full);
            alpha[j] = a;
            beta[j] = after;
            double scaleT = Math.abs(a) + (j > 0 ? beta[j - 1] : 0);
            if (after <= 64 * U * Math.max(scaleT, Double.MIN_NORMAL) * Math.sqrt(n)) {
                return true;
            }
            if (j + 1 <= maxDim) {
                q.addScaled(1 / after, w, t);
                next = previous;
                previous = current;
                current = w;
            }
            return false;
        }

        /**
         * Whether the neighbours Kato–Temple will need have converged as {@link RitzCertificate} requires: for every
         * top Ritz value {@code θ_i} whose linear bound (residual estimate {@code β|s_{last,i}|}) is still wider than
         * the tolerance, the estimate of its neighbour's residual is below a quarter of
         * {@code NEIGHBOUR_CONVERGED·θ_{i+1}}. Certifying earlier spends products on a certificate that must fail.
         */
        private boolean neighbourReady(DenseLinearAlgebra.SymmetricEigen t, int dim) {
            double b = beta[dim - 1];
            for (int i = 0; i < Math.min(k, dim - 1); i++) {
                double theta = t.values()[i];
                double linear = b * Math.abs(t.vectors()[dim - 1][i]) / theta / 2;
                double next = t.values()[i + 1];
                double neighbour = b * Math.abs(t.vectors()[dim - 1][i + 1]);
                if (linear > o.relTol() && !(neighbour <= RitzCertificate.NEIGHBOUR_CONVERGED * next / 4)) {
                    return false;
                }
            }
            return true;
        }

        /** @return the largest estimated relative width of the top {@code k} σ intervals */
        private double estimate(DenseLinearAlgebra.SymmetricEigen t, int dim, boolean exhausted) {
            if (dim < Math.min(k + 1, n) && !exhausted) {
                return Double.POSITIVE_INFINITY;
            }
            double worst = 0;
            double b = beta[dim - 1];
            for (int i = 0; i < Math.min(k, dim); i++) {
                double theta = t.values()[i];
                double eps = b * Math.abs(t.vectors()[dim - 1][i]);
                double width = eps;
                if (i + 1 < dim) {
                    double a = t.values()[i + 1] + b * Math.abs(t.vectors()[dim - 1][i + 1]);
                    if (a < theta - eps) {
                        width = Math.min(eps, eps * eps / (theta - a));
                    }
                }
                worst = Math.max(worst, theta > 0 ? width / theta / 2 : Double.POSITIVE_INFINITY);
            }
            return worst;
        }

        private double[][] ritzVectors(DenseLinearAlgebra.SymmetricEigen t, int dim, int count) {
            double[][] y = new double[count][];
            for (int i = 0; i < count; i++) {
                double[] s = new double[dim];
                for (int r = 0; r < dim; r++) {
                    s[r] = t.vectors()[r][i];
                }
                y[i] = q.combination(dim, s, o.threads());
            }
            return y;
        }

        private static double widest(RitzCertificate.Result c, int k) {
            double w = 0;
            for (int i = 0; i < Math.min(k, c.sigma().length); i++) {
                w = Math.max(w, c.sigma()[i].relativeWidth());
            }
            return w;
        }

        private static double gaussian(SplittableRandom rnd) {
            double u1 = rnd.nextDouble();
            double u2 = rnd.nextDouble();
            return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
        }
    }
}
