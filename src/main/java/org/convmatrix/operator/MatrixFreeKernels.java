package org.convmatrix.operator;

/**
 * The innermost loops of {@link MatrixFreeConv}: fused multiply-adds of up to three source rows into one
 * destination row,
 * <pre>  dst[d + i·ds] += a₀·src[s₀ + i·ss] + a₁·src[s₁ + i·ss] + a₂·src[s₂ + i·ss],   0 <= i < len,</pre>
 * and the {@code pair} forms, which add two such sums (weights {@code a} and {@code b}) of the same
 * source rows into two disjoint destination rows {@code d} and {@code e} of one array, loading the sources
 * once. With unit strides each is a plain counted loop over contiguous elements; HotSpot's C2 (JDK 17)
 * nevertheless leaves it scalar, because the sources sit at different offsets of one array (measured:
 * the same speed with {@code -XX:-UseSuperWord}); {@link FlatGrid} is the vectorised path for stride 1.
 * Fusing three terms loads and stores the destination once per three products.
 *
 * <p>Callers guarantee {@code dst != src} and that every index is in range (the padded buffers make the
 * loops free of bounds branches). Stateless and thread-safe.
 */
final class MatrixFreeKernels {
    /**
     * Whether this JVM compiles {@link Math#fma} to one instruction (HotSpot's {@code UseFMA}, on every x86-64 with
     * FMA3 and on AArch64); elsewhere {@code Math.fma} is emulated in software, and the kernels use a multiply and an
     * add instead. Fused, {@code d + a₀x₀ + a₁x₁ + a₂x₂} is {@code fma(a₂, x₂, fma(a₁, x₁, fma(a₀, x₀, d)))}: three
     * roundings instead of six, and 15 % faster in the vectorised loops ({@link FlatGrid}).
     */
    static final boolean FUSED = fusedMultiplyAdd();

    private MatrixFreeKernels() {
    }

    private static boolean fusedMultiplyAdd() {
        try {
            var bean = java.lang.management.ManagementFactory.getPlatformMXBean(
                    com.sun.management.HotSpotDiagnosticMXBean.class);
            return bean != null && "true".equals(bean.getVMOption("UseFMA").getValue());
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    /** {@code d + a0·x0}, fused when {@link #FUSED}. */
    static double madd(double d, double a0, double x0) {
        return madd(FUSED, d, a0, x0);
    }

    /** {@code d + a0·x0 + a1·x1}, fused when {@link #FUSED}. */
    static double madd(double d, double a0, double x0, double a1, double x1) {
        return madd(FUSED, d, a0, x0, a1, x1);
    }

    /** {@code d + a0·x0 + a1·x1 + a2·x2}, fused when {@link #FUSED}. */
    static double madd(double d, double a0, double x0, double a1, double x1, double a2, double x2) {
        return madd(FUSED, d, a0, x0, a1, x1, a2, x2);
    }

    /** {@code fma(a0, x0, d)}, or {@code d + a0·x0} (the hot loops pass the constant {@link #FUSED}). */
    static double madd(boolean fused, double d, double a0, double x0) {
        return fused ? Math.fma(a0, x0, d) : d + a0 * x0;
    }

    /** {@code fma(a1, x1, fma(a0, x0, d))}, or {@code d + (a0·x0 + a1·x1)}. */
    static double madd(boolean fused, double d, double a0, double x0, double a1, double x1) {
        return fused ? Math.fma(a1, x1, Math.fma(a0, x0, d)) : d + (a0 * x0 + a1 * x1);
    }

    /** {@code fma(a2, x2, fma(a1, x1, fma(a0, x0, d)))}, or {@code d + ((a0·x0 + a1·x1) + a2·x2)}. */
    static double madd(boolean fused, double d, double a0, double x0, double a1, double x1, double a2, double x2) {
        return fused ? Math.fma(a2, x2, Math.fma(a1, x1, Math.fma(a0, x0, d))) : d + (a0 * x0 + a1 * x1 + a2 * x2);
    }

    /** {@code dst[d + i·ds] += a0·src[s0 + i·ss]}. */
    static void axpy1(double[] dst, int d, int ds, double[] src, int s0, int ss, int len, double a0) {
        if (ds == 1 && ss == 1) {
            for (int i = 0; i < len; i++) {
                dst[d + i] = madd(dst[d + i], a0, src[s0 + i]);
            }
            return;
        }
        for (int i = 0; i < len; i++) {
            dst[d + i * ds] = madd(dst[d + i * ds], a0, src[s0 + i * ss]);
        }
    }

    /** {@code dst[d + i·ds] += a0·src[s0 + i·ss] + a1·src[s1 + i·ss]}. */
    static void axpy2(double[] dst, int d, int ds, double[] src, int s0, int s1, int ss, int len, double a0,
            double a1) {
        if (ds == 1 && ss == 1) {
            for (int i = 0; i < len; i++) {
                dst[d + i] = madd(dst[d + i], a0, src[s0 + i], a1, src[s1 + i]);
            }
            return;
        }
        for (int i = 0; i < len; i++) {
            int k = i * ss;
            dst[d + i * ds] = madd(dst[d + i * ds], a0, src[s0 + k], a1, src[s1 + k]);
        }
    }

    /** {@code dst[d + i·ds] += a0·src[s0 + i·ss] + a1·src[s1 + i·ss] + a2·src[s2 + i·ss]}. */
    static void axpy3(double[] dst, int d, int ds, double[] src, int s0, int s1, int s2, int ss, int len,
            double a0, double a1, double a2) {
        if (ds == 1 && ss == 1) {
            for (int i = 0; i < len; i++) {
                dst[d + i] = madd(dst[d + i], a0, src[s0 + i], a1, src[s1 + i], a2, src[s2 + i]);
            }
            return;
        }
        for (int i = 0; i < len; i++) {
            int k = i * ss;
            dst[d + i * ds] = madd(dst[d + i * ds], a0, src[s0 + k], a1, src[s1 + k], a2, src[s2 + k]);
        }
    }

    /** {@code dst[d + i] += a0·src[s0 + i]} and {@code dst[e + i] += b0·src[s0 + i]} (rows disjoint). */
    static void pair1(double[] dst, int d, int e, double[] src, int s0, int len, double a0, double b0) {
        for (int i = 0; i < len; i++) {
            double x0 = src[s0 + i];
            dst[d + i] = madd(dst[d + i], a0, x0);
            dst[e + i] = madd(dst[e + i], b0, x0);
        }
    }

    /** {@link #pair1} with two source rows. */
    static void pair2(double[] dst, int d, int e, double[] src, int s0, int s1, int len, double a0, double a1,
            double b0, double b1) {
        for (int i = 0; i < len; i++) {
            double x0 = src[s0 + i];
            double x1 = src[s1 + i];
            dst[d + i] = madd(dst[d + i], a0, x0, a1, x1);
            dst[e + i] = madd(dst[e + i], b0, x0, b1, x1);
        }
    }

    /** {@link #pair1} with three source rows. */
    static void pair3(double[] dst, int d, int e, double[] src, int s0, int s1, int s2, int len, double a0,
            double a1, double a2, double b0, double b1, double b2) {
        for (int i = 0; i < len; i++) {
            double x0 = src[s0 + i];
            double x1 = src[s1 + i];
            double x2 = src[s2 + i];
            dst[d + i] = madd(dst[d + i], a0, x0, a1, x1, a2, x2);
            dst[e + i] = madd(dst[e + i], b0, x0, b1, x1, b2, x2);
        }
    }
}
