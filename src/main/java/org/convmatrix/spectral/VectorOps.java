package org.convmatrix.spectral;

import org.convmatrix.parallel.Ranges;

/**
 * The vector kernels of the Krylov methods ({@link Lanczos}, {@link org.convmatrix.solve.Lsqr}), on
 * {@code threads} threads over contiguous ranges. Sums are taken per range and then added in range order,
 * so a result depends on the thread count only through that fixed split. Stateless and thread-safe.
 */
public final class VectorOps {
    private static final int MIN_PIECE = 1 << 14;

    private VectorOps() {
    }

    /** @return {@code Σ a_i b_i} */
    public static double dot(double[] a, double[] b, int threads) {
        int pieces = pieces(a.length, threads);
        double[] part = new double[pieces];
        Ranges.runPieces(threads, pieces, p -> {
            double s = 0;
            for (int i = from(a.length, p, pieces), e = from(a.length, p + 1, pieces); i < e; i++) {
                s += a[i] * b[i];
            }
            part[p] = s;
        });
        return sum(part);
    }

    /** @return the parts added in order */
    private static double sum(double[] part) {
        double s = 0;
        for (double v : part) {
            s += v;
        }
        return s;
    }

    /** @return {@code ||a||₂} */
    public static double norm(double[] a, int threads) {
        return Math.sqrt(dot(a, a, threads));
    }

    /** {@code y += alpha·x} */
    public static void axpy(double alpha, double[] x, double[] y, int threads) {
        Ranges.run(threads, y.length, MIN_PIECE, (f, t) -> {
            for (int i = f; i < t; i++) {
                y[i] += alpha * x[i];
            }
        });
    }

    /**
     * {@code y += alpha·x}, then {@code Σ c_i y_i} of the updated {@code y}, in one pass: the same roundings as
     * {@link #axpy} followed by {@link #dot} (the same elementwise updates, the same per-range sums in the same order)
     *
     * @return {@code c·y} after the update
     */
    public static double axpyDot(double alpha, double[] x, double[] y, double[] c, int threads) {
        int pieces = pieces(y.length, threads);
        double[] part = new double[pieces];
        Ranges.runPieces(threads, pieces, p -> {
            double s = 0;
            for (int i = from(y.length, p, pieces), e = from(y.length, p + 1, pieces); i < e; i++) {
                double v = y[i] + alpha * x[i];
                y[i] = v;
                s += c[i] * v;
            }
            part[p] = s;
        });
        return sum(part);
    }

    /**
     * {@code y += alpha·x}, then {@code ||y||₂²} of the updated {@code y}, in one pass: the same roundings as
     * {@link #axpy} followed by {@link #dot}{@code (y, y)}
     *
     * @return {@code y·y} after the update
     */
    public static double axpyNormSquared(double alpha, double[] x, double[] y, int threads) {
        return axpyDot(alpha, x, y, y, threads);
    }

    /** {@code x *= alpha} */
    public static void scale(double alpha, double[] x, int threads) {
        Ranges.run(threads, x.length, MIN_PIECE, (f, t) -> {
            for (int i = f; i < t; i++) {
                x[i] *= alpha;
            }
        });
    }

    /**
     * {@code x *= alpha}, and a copy of the scaled {@code x} into {@code dst[off .. off + x.length)}, in one pass (the
     * roundings of {@link #scale})
     */
    static void scaleInto(double alpha, double[] x, double[] dst, int off, int threads) {
        Ranges.run(threads, x.length, MIN_PIECE, (f, t) -> {
            for (int i = f; i < t; i++) {
                double v = x[i] * alpha;
                x[i] = v;
                dst[off + i] = v;
            }
        });
    }

    /**
     * @return {@code h_j = q_j·w} for {@code j < count}, in one pass over {@code w} per range; four {@code q_j} at a
     *     time, each summed in index order by its own accumulator (four independent chains of additions, the same
     *     sums as one vector at a time)
     */
    public static double[] dots(double[][] q, int count, double[] w, int threads) {
        return dots(q, new int[count], count, w, threads);
    }

    /**
     * {@link #dots(double[][], int, double[], int)} for vectors stored inside larger arrays: {@code q_j} is
     * {@code q[j][off[j] .. off[j] + w.length)} ({@link KrylovBasis})
     */
    static double[] dots(double[][] q, int[] off, int count, double[] w, int threads) {
        int n = w.length;
        int pieces = pieces(n, threads);
        double[][] part = new double[pieces][count];
        Ranges.runPieces(threads, pieces, p -> {
            int f = from(n, p, pieces);
            int t = from(n, p + 1, pieces);
            int j = 0;
            for (; j + 4 <= count; j += 4) {
                double[] q0 = q[j];
                double[] q1 = q[j + 1];
                double[] q2 = q[j + 2];
                double[] q3 = q[j + 3];
                int o0 = off[j];
                int o1 = off[j + 1];
                int o2 = off[j + 2];
                int o3 = off[j + 3];
                double s0 = 0;
                double s1 = 0;
                double s2 = 0;
                double s3 = 0;
                for (int i = f; i < t; i++) {
                    double wi = w[i];
                    s0 += q0[o0 + i] * wi;
                    s1 += q1[o1 + i] * wi;
                    s2 += q2[o2 + i] * wi;
                    s3 += q3[o3 + i] * wi;
                }
                part[p][j] = s0;
                part[p][j + 1] = s1;
                part[p][j + 2] = s2;
                part[p][j + 3] = s3;
            }
            for (; j < count; j++) {
                double[] qj = q[j];
                int o = off[j];
                double s = 0;
                for (int i = f; i < t; i++) {
                    s += qj[o + i] * w[i];
                }
                part[p][j] = s;
            }
        });
        double[] h = new double[count];
        for (double[] pp : part) {
            for (int j = 0; j < count; j++) {
                h[j] += pp[j];
            }
        }
        return h;
    }

    /**
     * {@code w -= Σ_j h_j q_j} for {@code j < count}, subtracting in order of {@code j}; four {@code q_j} per pass
     * over {@code w} (the same roundings as one at a time)
     */
    public static void subtractCombination(double[][] q, int count, double[] h, double[] w, int threads) {
        subtractCombination(q, new int[count], count, h, w, threads);
    }

    /** {@link #subtractCombination(double[][], int, double[], double[], int)} for vectors stored at offsets {@code off} */
    static void subtractCombination(double[][] q, int[] off, int count, double[] h, double[] w, int threads) {
        Ranges.run(threads, w.length, MIN_PIECE, (f, t) -> {
            int j = 0;
            for (; j + 4 <= count; j += 4) {
                double[] q0 = q[j];
                double[] q1 = q[j + 1];
                double[] q2 = q[j + 2];
                double[] q3 = q[j + 3];
                int o0 = off[j];
                int o1 = off[j + 1];
                int o2 = off[j + 2];
                int o3 = off[j + 3];
                double c0 = h[j];
                double c1 = h[j + 1];
                double c2 = h[j + 2];
                double c3 = h[j + 3];
                for (int i = f; i < t; i++) {
                    w[i] = w[i] - c0 * q0[o0 + i] - c1 * q1[o1 + i] - c2 * q2[o2 + i] - c3 * q3[o3 + i];
                }
            }
            for (; j < count; j++) {
                double[] qj = q[j];
                int o = off[j];
                double c = h[j];
                for (int i = f; i < t; i++) {
                    w[i] -= c * qj[o + i];
                }
            }
        });
    }

    /** @return {@code Σ_j s_j q_j} for {@code j < count} */
    public static double[] combination(double[][] q, int count, double[] s, int threads) {
        return combination(q, new int[count], count, s, q[0].length, threads);
    }

    /** @return {@code Σ_j s_j q_j} for {@code j < count}, {@code q_j} of length {@code n} stored at offsets {@code off} */
    static double[] combination(double[][] q, int[] off, int count, double[] s, int n, int threads) {
        double[] y = new double[n];
        double[] neg = new double[count];
        for (int j = 0; j < count; j++) {
            neg[j] = -s[j];
        }
        subtractCombination(q, off, count, neg, y, threads);
        return y;
    }

    /** @return {@code |v|} element-wise, in a new array */
    public static double[] abs(double[] v) {
        double[] a = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            a[i] = Math.abs(v[i]);
        }
        return a;
    }

    private static int pieces(int n, int threads) {
        return (int) Math.max(1, Math.min((long) threads * 4, n / MIN_PIECE));
    }

    private static int from(int n, int piece, int pieces) {
        return (int) ((long) n * piece / pieces);
    }
}
