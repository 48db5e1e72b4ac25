package org.convmatrix.testing;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import org.convmatrix.spec.Tensor;
import org.convmatrix.spec.UpsampleMode;
import org.convmatrix.spec.UpsampleSpec;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.SourceDSL;

/**
 * QuickTheories generators of valid upsample layers, valid by construction: the mode is drawn among those that fit
 * the number of spatial dimensions, scale factors are drawn so that every output size is at least 1 (integers,
 * one-decimal factors above 1.1, or {@code (out + f)/in} with {@code f} in {@code [0.05, 0.95]}, away from integer
 * products), and align_corners only for the interpolating modes. Small, so thousands run in seconds.
 */
public final class Upsamples {
    private Upsamples() {
    }

    /** A generated layer, its input batch shape and a seed for its data. */
    public record Case(UpsampleSpec spec, int[] inputShape, long seed) {
        /** @return a batch of the input's shape: integers in [-5, 5] or doubles in [-1, 1) */
        public Tensor input(boolean integers) {
            return data(inputShape, integers, seed);
        }

        /** @return a tensor of the output's shape */
        public Tensor gradOutput(boolean integers) {
            return data(spec.outputShape(inputShape), integers, seed + 1);
        }

        @Override
        public String toString() {
            return spec + " on " + Arrays.toString(inputShape);
        }
    }

    /** Which layers. */
    public enum Family {
        /** any mode, size or scale_factor, align_corners, recompute_scale_factor */
        ANY,
        /** nearest or nearest-exact, any size or scale_factor */
        NEAREST,
        /** nearest or nearest-exact by an integer factor per axis, as size or as scale_factor */
        NEAREST_INTEGER_FACTOR,
        /** linear, bilinear, bicubic, trilinear */
        INTERPOLATING,
        /** interpolating modes with align_corners and every output size at least 2 */
        ALIGNED_CORNERS
    }

    /** @return generated cases of a family */
    public static Gen<Case> cases(Family family) {
        return in -> {
            SplittableRandom r = new SplittableRandom(SourceDSL.longs().all().generate(in));
            return draw(family, r);
        };
    }

    private static Case draw(Family family, SplittableRandom r) {
        int d = 1 + r.nextInt(3);
        UpsampleMode mode = mode(family, d, r);
        int[] shape = new int[d + 2];
        shape[0] = 1 + r.nextInt(2);
        shape[1] = 1 + r.nextInt(3);
        for (int a = 0; a < d; a++) {
            shape[a + 2] = 1 + r.nextInt(d == 3 ? 4 : 5);
        }
        boolean align = family == Family.ALIGNED_CORNERS || mode.interpolating() && r.nextBoolean();
        if (family == Family.NEAREST_INTEGER_FACTOR) {
            return integerFactor(mode, shape, r);
        }
        boolean bySize = family == Family.ALIGNED_CORNERS || r.nextInt(5) < 2;
        int[] size = null;
        double[] scale = null;
        if (bySize) {
            size = new int[d];
            for (int a = 0; a < d; a++) {
                size[a] = (family == Family.ALIGNED_CORNERS ? 2 : 1) + r.nextInt(d == 3 ? 6 : 9);
            }
        } else {
            scale = new double[d];
            for (int a = 0; a < d; a++) {
                scale[a] = scale(shape[a + 2], r);
            }
        }
        boolean recompute = scale != null && r.nextInt(4) == 0;
        return new Case(UpsampleSpec.of(mode, d, size, scale, align, recompute), shape, r.nextLong());
    }

    private static UpsampleMode mode(Family family, int d, SplittableRandom r) {
        Predicate<UpsampleMode> wanted = switch (family) {
            case NEAREST, NEAREST_INTEGER_FACTOR -> m -> !m.interpolating();
            case INTERPOLATING, ALIGNED_CORNERS -> UpsampleMode::interpolating;
            default -> m -> true;
        };
        UpsampleMode[] fit = Arrays.stream(UpsampleMode.values()).filter(m -> m.fits(d) && wanted.test(m))
                .toArray(UpsampleMode[]::new);
        return fit[r.nextInt(fit.length)];
    }

    private static double scale(int in, SplittableRandom r) {
        switch (r.nextInt(3)) {
            case 0:
                return 1 + r.nextInt(3);
            case 1:
                return (11 + r.nextInt(22)) / 10.0;
            default:
                int out = 1 + r.nextInt(8);
                return (out + 0.05 + 0.9 * r.nextDouble()) / in;
        }
    }

    private static Case integerFactor(UpsampleMode mode, int[] shape, SplittableRandom r) {
        int d = shape.length - 2;
        int[] factor = new int[d];
        for (int a = 0; a < d; a++) {
            factor[a] = 1 + r.nextInt(3);
        }
        boolean bySize = r.nextBoolean();
        int[] size = new int[d];
        double[] scale = new double[d];
        for (int a = 0; a < d; a++) {
            size[a] = factor[a] * shape[a + 2];
            scale[a] = factor[a];
        }
        return new Case(UpsampleSpec.of(mode, d, bySize ? size : null, bySize ? null : scale, false, false), shape,
                r.nextLong());
    }

    /** @return the integer factor per axis of a {@link Family#NEAREST_INTEGER_FACTOR} case */
    public static int[] factors(Case c) {
        int[] out = c.spec().outputShape(c.inputShape());
        int[] f = new int[c.spec().dims()];
        for (int a = 0; a < f.length; a++) {
            f[a] = out[a + 2] / c.inputShape()[a + 2];
        }
        return f;
    }

    static Tensor data(int[] shape, boolean integers, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = 1;
        for (int s : shape) {
            n *= s;
        }
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = integers ? r.nextInt(-5, 6) : r.nextDouble(-1, 1);
        }
        return Tensor.of(shape, v);
    }
}
