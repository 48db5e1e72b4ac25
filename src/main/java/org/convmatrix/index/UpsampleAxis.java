package org.convmatrix.index;

import java.util.Arrays;
import org.convmatrix.spec.UpsampleMode;
import org.convmatrix.spec.UpsampleSpec;

/**
 * The geometry of one axis of an upsampling, as PyTorch 1.13's CPU kernels compute it: for each output position
 * {@code o} the input positions it reads and their weights, so that along this axis
 * {@code out[o] = Σ_p weight(p)·in[index(p)]} over {@code p} in {@code [first(o), end(o))}. A d-dimensional upsample
 * is separable: its matrix per sample is {@code I_C ⊗ A_1 ⊗ … ⊗ A_d} with {@code A_k} this axis' matrix.
 *
 * <p>With {@code s} the kernel's step ({@code 1/scale_factor} when the kernel gets a scale, else {@code in/out};
 * for the linear modes with {@code align_corners} {@code (in-1)/(out-1)}, or 0 when {@code out = 1}), in double:
 * <ul>
 * <li><b>nearest</b>: {@code j = min(floorf(s·o), in-1)}, where {@code floorf} first rounds its argument to float32
 * (which moves some indices against exact arithmetic).</li>
 * <li><b>nearest-exact</b>: {@code r = max(s·(o+½)-½, 0)}, {@code j = min(floorf(r+½), in-1)}.</li>
 * <li><b>nearest, nearest-exact on a 2-d/3-d input with one channel</b>: such an input is also channels-last
 * contiguous, and PyTorch takes its channels-last kernel, whose {@code nearest_idx} computes in float32:
 * {@code o} itself when {@code out = in}, {@code o >> 1} when {@code out = 2·in} (whatever the scale), else
 * {@code min(floorf((float) o · s_f), in-1)} with {@code s_f = (float)(1/scale)} or {@code (float) in / out};
 * nearest-exact {@code min(floorf((o+½)·s_f), in-1)}.</li>
 * <li><b>linear</b> (linear, bilinear, trilinear): {@code o} with weight 1 when {@code out = in}; else
 * {@code r = s·o} (align_corners) or {@code max(s·(o+½)-½, 0)}, {@code j0 = min((long) r, in-1)},
 * {@code j1 = j0 + 1} clamped to {@code in-1}, {@code λ1 = clamp(r - j0, 0, 1)}, {@code λ0 = 1 - λ1}.</li>
 * <li><b>bicubic</b>: {@code r} as for linear but not clamped to 0, {@code j = floorf(r)}, {@code t = r - j},
 * weights {@code W(t+1), W(t), W(1-t), W(2-t)} of Keys' kernel with {@code A = -0.75} at positions
 * {@code j-1 … j+2}, each clamped to {@code [0, in-1]}.</li>
 * </ul>
 * Taps that land on the same position are one tap whose weight is the sum (PyTorch adds both products); taps of
 * weight exactly 0 are dropped. {@code s·(o+½)-½} is evaluated as one fused multiply-add, as the AVX2/AVX-512
 * builds of PyTorch's kernel compute it (GCC contracts it; {@code ATEN_CPU_CAPABILITY=default} does not, and then
 * differs in the last bit, which moves a linear weight of {@code 2⁻⁵³} to the neighbouring position); Keys'
 * cubics likewise use the fused steps of that build, which decide whether a far tap's weight is exactly 0.
 *
 * <p>Immutable and thread-safe. The lowering ({@code lower.UpsampleLowering}) builds {@code A_k} from it; the
 * reference implementation computes its indices on its own.
 */
public final class UpsampleAxis {
    private static final double CUBIC_A = -0.75;

    private final int in;
    private final int out;
    private final int[] start;
    private final int[] index;
    private final double[] weight;

    private UpsampleAxis(int in, int out, int[] start, int[] index, double[] weight) {
        this.in = in;
        this.out = out;
        this.start = start;
        this.index = index;
        this.weight = weight;
    }

    /**
     * The axes of a layer for an input batch shape.
     *
     * @param inputShape {@code [N, C, *in]}, checked by {@link UpsampleSpec#outputShape(int[])}
     */
    public static UpsampleAxis[] of(UpsampleSpec spec, int[] inputShape) {
        return of(spec, inputShape, spec.dims() >= 2 && inputShape[1] == 1);
    }

    /**
     * The axes whose transpose PyTorch 1.13's autograd applies. Its {@code upsample_nearest*_backward} and
     * {@code _upsample_nearest_exact*_backward} kernels use the float32 {@code nearest_idx} /
     * {@code nearest_exact_idx} geometry for every input, also where the forward pass took the generic kernel (one
     * dimension, or more than one channel): there PyTorch's gradient is not the transpose of its forward pass
     * (1.5 % to 2.5 % of random nearest layers given by scale_factor; e.g. nearest, scale 2.1 on 3 elements, where the
     * {@code out = 2·in} shortcut applies only backward; nearest-exact, scale 1.94 on 49 elements, where the float32
     * step moves one index). Bicubic's backward copies the gradient when the output has the input's size (its
     * "same size, just copy" special case) while its forward interpolates with the given scale. The linear modes'
     * backward matches their forward.
     */
    public static UpsampleAxis[] ofPytorchBackward(UpsampleSpec spec, int[] inputShape) {
        int[] out = spec.outputShape(inputShape);
        boolean sameSize = true;
        for (int a = 2; a < out.length; a++) {
            sameSize &= out[a] == inputShape[a];
        }
        if (spec.mode() == UpsampleMode.BICUBIC && sameSize) {
            // upsample_bicubic2d_backward: "Special case: input/output same size, just copy"
            UpsampleAxis[] copy = new UpsampleAxis[spec.dims()];
            for (int a = 0; a < copy.length; a++) {
                copy[a] = of(UpsampleMode.NEAREST, inputShape[a + 2], out[a + 2], Double.NaN, false, true);
            }
            return copy;
        }
        return of(spec, inputShape, true);
    }

    private static UpsampleAxis[] of(UpsampleSpec spec, int[] inputShape, boolean channelsLast) {
        int[] outShape = spec.outputShape(inputShape);
        UpsampleAxis[] axes = new UpsampleAxis[spec.dims()];
        for (int a = 0; a < axes.length; a++) {
            axes[a] = of(spec.mode(), inputShape[a + 2], outShape[a + 2], spec.kernelScale(a), spec.alignCorners(),
                    channelsLast);
        }
        return axes;
    }

    /**
     * One axis.
     *
     * @param scale        the scale the kernel gets, or {@code NaN} for none
     * @param channelsLast whether PyTorch takes its channels-last nearest kernel (a 2-d/3-d input with one channel)
     */
    public static UpsampleAxis of(UpsampleMode mode, int in, int out, double scale, boolean alignCorners,
            boolean channelsLast) {
        Builder b = new Builder(in, out);
        for (int o = 0; o < out; o++) {
            switch (mode) {
                case NEAREST -> b.add(channelsLast ? nearestIdx(o, in, out, scale) : nearest(o, in, out, scale), 1.0);
                case NEAREST_EXACT -> b.add(channelsLast ? nearestExactIdx(o, in, out, scale)
                        : nearestExact(o, in, out, scale), 1.0);
                case BICUBIC -> cubicTaps(b, o, in, out, scale, alignCorners);
                default -> linearTaps(b, o, in, out, scale, alignCorners);
            }
            b.endOutput();
        }
        return b.build();
    }

    /** The kernel's step in double: {@code compute_scales_value} / {@code area_pixel_compute_scale}. */
    private static double step(int in, int out, double scale, boolean alignCorners) {
        if (alignCorners) {
            return out > 1 ? (double) (in - 1) / (out - 1) : 0.0;
        }
        return Double.isNaN(scale) ? (double) in / out : 1.0 / scale;
    }

    /** {@code area_pixel_compute_source_index} without the clamp at 0: the half-pixel source coordinate. */
    private static double source(double step, int o, boolean alignCorners) {
        return alignCorners ? step * o : Math.fma(step, o + 0.5, -0.5);
    }

    private static int floorFloat(double v) {
        return (int) Math.floor((float) v);
    }

    private static int nearest(int o, int in, int out, double scale) {
        return Math.min(floorFloat(step(in, out, scale, false) * o), in - 1);
    }

    private static int nearestExact(int o, int in, int out, double scale) {
        double r = Math.max(source(step(in, out, scale, false), o, false), 0.0);
        return Math.min(floorFloat(r + 0.5), in - 1);
    }

    private static float floatStep(int in, int out, double scale) {
        return Double.isNaN(scale) ? (float) in / (float) out : (float) (1.0 / scale);
    }

    private static int nearestIdx(int o, int in, int out, double scale) {
        if (out == in) {
            return o;
        }
        if (out == 2 * in) {
            return o >> 1;
        }
        return Math.min(floorFloat((float) o * floatStep(in, out, scale)), in - 1);
    }

    private static int nearestExactIdx(int o, int in, int out, double scale) {
        return Math.min(floorFloat((o + 0.5) * floatStep(in, out, scale)), in - 1);
    }

    private static void linearTaps(Builder b, int o, int in, int out, double scale, boolean alignCorners) {
        if (out == in) {
            b.add(o, 1.0);
            return;
        }
        double r = Math.max(source(step(in, out, scale, alignCorners), o, alignCorners), 0.0);
        int j0 = (int) Math.min((long) r, in - 1);
        int j1 = j0 < in - 1 ? j0 + 1 : j0;
        double lambda1 = Math.min(Math.max(r - j0, 0.0), 1.0);
        b.add(j0, 1.0 - lambda1);
        b.add(j1, lambda1);
    }

    private static void cubicTaps(Builder b, int o, int in, int out, double scale, boolean alignCorners) {
        double r = source(step(in, out, scale, alignCorners), o, alignCorners);
        int j = floorFloat(r);
        double t = r - j;
        double u = 1.0 - t;
        double[] w = {keysFar(t + 1.0), keysNear(t), keysNear(u), keysFar(u + 1.0)};
        for (int k = 0; k < 4; k++) {
            b.add(Math.max(Math.min(j - 1 + k, in - 1), 0), w[k]);
        }
    }

    /**
     * Keys' kernel for {@code |x| <= 1}: {@code ((A+2)x - (A+3))·x·x + 1}, the inner step fused as in PyTorch's AVX2
     * build (its last step is not: measured on 10⁴ weights against PyTorch).
     */
    private static double keysNear(double x) {
        return Math.fma(CUBIC_A + 2, x, -(CUBIC_A + 3)) * x * x + 1;
    }

    /** Keys' kernel for {@code 1 < |x| < 2}: {@code ((Ax - 5A)x + 8A)·x - 4A}, the two inner steps fused. */
    private static double keysFar(double x) {
        return Math.fma(Math.fma(CUBIC_A, x, -5 * CUBIC_A), x, 8 * CUBIC_A) * x - 4 * CUBIC_A;
    }

    /** @return the input length */
    public int inSize() {
        return in;
    }

    /** @return the output length */
    public int outSize() {
        return out;
    }

    /** @return the first tap of output {@code o} */
    public int first(int o) {
        return start[o];
    }

    /** @return one past the last tap of output {@code o} */
    public int end(int o) {
        return start[o + 1];
    }

    /** @return the input position tap {@code p} reads */
    public int index(int p) {
        return index[p];
    }

    /** @return the weight of tap {@code p} */
    public double weight(int p) {
        return weight[p];
    }

    /** @return the number of taps over all outputs */
    public int taps() {
        return start[out];
    }

    /** Collects taps per output, merging consecutive taps on the same position (they arrive in order). */
    private static final class Builder {
        private final int in;
        private final int[] start;
        private int[] index;
        private double[] weight;
        private int n;
        private int o;

        Builder(int in, int out) {
            this.in = in;
            this.start = new int[out + 1];
            this.index = new int[Math.max(4, out)];
            this.weight = new double[index.length];
        }

        void add(int j, double w) {
            if (n > start[o] && index[n - 1] == j) {
                weight[n - 1] += w;
                return;
            }
            if (n == index.length) {
                index = Arrays.copyOf(index, 2 * n);
                weight = Arrays.copyOf(weight, 2 * n);
            }
            index[n] = j;
            weight[n++] = w;
        }

        void endOutput() {
            int keep = start[o];
            for (int p = start[o]; p < n; p++) {
                if (weight[p] != 0.0) {
                    index[keep] = index[p];
                    weight[keep++] = weight[p];
                }
            }
            n = keep;
            start[++o] = n;
        }

        UpsampleAxis build() {
            return new UpsampleAxis(in, o, start, Arrays.copyOf(index, n), Arrays.copyOf(weight, n));
        }
    }
}
