package org.convmatrix.spectral;

/**
 * When {@link Lanczos} must reorthogonalise: Simon's partial reorthogonalisation (H. D. Simon, "The Lanczos
 * algorithm with partial reorthogonalization", Math. Comp. 42, 1984; as in Larsen's PROPACK). Full
 * reorthogonalisation against every basis vector costs a pass over the whole basis per step; it is needed only to
 * keep the basis <em>semi-orthogonal</em>, {@code |q_jᵀq_k| <= √ε}, under which the Ritz values of the
 * tridiagonal {@code T} are those of a fully orthogonal run up to {@code O(ε·||B||)} (Simon, Thm 4) and no spurious
 * copies appear.
 *
 * <p><b>The estimate.</b> With {@code B q_k = β_{k−1} q_{k−1} + α_k q_k + β_k q_{k+1}} for every {@code k}, the
 * symmetry of {@code B} gives for {@code ω_{j,k} = q_jᵀ q_k}
 * <pre>  β_j ω_{j+1,k} = β_k ω_{j,k+1} + (α_k − α_j) ω_{j,k} + β_{k−1} ω_{j,k−1} − β_{j−1} ω_{j−1,k} + ϑ,</pre>
 * {@code ω_{k,k} = 1}, {@code ω_{k+1,k} = ψ}, where the rounding terms are modelled by {@code ψ = ε√n/2} and
 * {@code |ϑ| = ψ·||B||'} ({@code ||B||'} the largest {@code |α_j| + β_j + β_{j−1}} so far) with the sign that makes
 * {@code |ω|} larger. When some {@code |ω_{j+1,k}|} exceeds {@code √ε}, the new vector is orthogonalised against the
 * whole basis, and so is the next one (Simon: both, or the loss comes back at once); the estimates are then reset
 * to {@code ψ}.
 *
 * <p>Vectors of at most {@link #ALWAYS_FULL_BELOW} elements are orthogonalised against the whole basis at every
 * step. The certificates do not rest on this: {@link RitzCertificate} bounds every Rayleigh quotient and residual of
 * the explicit Ritz vectors, and its lower bounds use their Gram matrix {@code YᵀY} as computed. Semi-orthogonality
 * only keeps the run as short as a fully reorthogonalised one. Not thread-safe (one per Lanczos run).
 */
final class Semiorthogonality {
    private static final double EPS = 0x1p-52;
    private static final double THRESHOLD = Math.sqrt(EPS);
    /** Vectors this short are reorthogonalised at every step: it costs little, and exhaustion is seen at once. */
    static final int ALWAYS_FULL_BELOW = 1 << 12;

    private final double[] alpha;
    private final double[] beta;
    private final double psi;
    private final boolean always;
    private double[] previous;
    private double[] current;
    private double[] next;
    private double normB;
    private boolean forceNext;
    private int fullSteps;

    /**
     * @param alpha the run's {@code α}, filled by the run before the following step
     * @param beta  the run's {@code β}, likewise
     * @param n     the length of the basis vectors
     */
    Semiorthogonality(double[] alpha, double[] beta, int n) {
        this.alpha = alpha;
        this.beta = beta;
        this.psi = EPS * Math.sqrt(n) / 2;
        this.always = n <= ALWAYS_FULL_BELOW;
        int size = alpha.length + 2;
        this.previous = new double[size];
        this.current = new double[size];
        this.next = new double[size];
        current[0] = 1;
    }

    /**
     * Estimates {@code ω_{j+1,k}} for the vector about to become {@code q_{j+1} = w/b}.
     *
     * @param j the step ({@code α_k, β_k} for {@code k < j} are final)
     * @param a {@code α_j}
     * @param b {@code ||w||}, the prospective {@code β_j}
     * @return whether {@code w} must be orthogonalised against the whole basis
     */
    boolean needsFull(int j, double a, double b) {
        normB = Math.max(normB, Math.abs(a) + b + (j > 0 ? beta[j - 1] : 0));
        double worst = 0;
        for (int k = 0; k < j; k++) {
            double t = beta[k] * current[k + 1] + (alpha[k] - a) * current[k] - beta[j - 1] * previous[k];
            if (k > 0) {
                t += beta[k - 1] * current[k - 1];
            }
            t += Math.copySign(psi * normB, t);
            next[k] = b > 0 ? t / b : Double.POSITIVE_INFINITY;
            worst = Math.max(worst, Math.abs(next[k]));
        }
        next[j] = psi;
        return always || forceNext || !(worst <= THRESHOLD);
    }

    /**
     * Records step {@code j}: after a full reorthogonalisation the estimates are reset to {@code ψ}, and one forced by
     * the threshold forces the next step's too.
     */
    void accept(int j, boolean full) {
        if (full) {
            fullSteps++;
            java.util.Arrays.fill(next, 0, j + 1, psi);
            forceNext = !forceNext;
        }
        next[j + 1] = 1;
        double[] spare = previous;
        previous = current;
        current = next;
        next = spare;
    }

    /** @return how many steps were orthogonalised against the whole basis */
    int fullSteps() {
        return fullSteps;
    }
}
