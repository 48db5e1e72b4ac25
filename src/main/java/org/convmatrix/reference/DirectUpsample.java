package org.convmatrix.reference;

import java.util.Arrays;
import org.convmatrix.spec.InvalidSpecException;
import org.convmatrix.spec.Tensor;
import org.convmatrix.spec.UpsampleMode;
import org.convmatrix.spec.UpsampleSpec;

/**
 * Upsampling written directly from PyTorch 1.13's CPU kernels, one output element at a time: for each output
 * position and each axis the source taps are computed with the kernels' own functions
 * ({@code compute_scales_value}, {@code area_pixel_compute_scale}, {@code area_pixel_compute_source_index},
 * {@code nearest_idx}, {@code nearest_exact_idx}, {@code compute_source_index_and_lambda},
 * {@code get_cubic_upsample_coefficients}, {@code upsample_get_value_bounded}), and the output is the sum over
 * every combination of one tap per axis of {@code Π_axis weight · x[source]}. Taps are not merged: a bicubic tap
 * clamped onto a neighbour's position is added separately, as PyTorch does.
 *
 * <p>The backward pass is the adjoint of that forward pass, written as its own definition: every output
 * element scatters {@code Π weight · g} onto each source it read. (PyTorch 1.13's own
 * {@code upsample_nearest*_backward} does not always do this: it uses {@code nearest_idx}, with its special cases
 * and float32 step, also where the forward pass took the generic kernel; see the package tests.)
 *
 * <p>Shares no index code with {@code lower/} or {@code index/}: the kernel's choice of its channels-last nearest
 * path (a 2-d/3-d input with one channel) and the fused multiply-add of the half-pixel source coordinate are
 * decided here on their own. Stateless.
 */
public final class DirectUpsample {
    private DirectUpsample() {
    }

    /** @return the upsampled batch {@code [N, C, *out]} */
    public static Tensor forward(UpsampleSpec spec, Tensor input) {
        return gather(spec, input, false);
    }

    /** @return the same sums taken over {@code |weight|·|x|}: the size rounding errors are measured against */
    public static Tensor forwardOfAbsolutes(UpsampleSpec spec, Tensor input) {
        return gather(spec, input, true);
    }

    /**
     * PyTorch's backward: each output's gradient scattered onto the sources its backward kernel reads. That is
     * {@code Aᵀ·g} except for the nearest modes, whose {@code upsample_nearest*_backward} kernels take the float32
     * {@code nearest_idx} geometry for every input, also where the forward took the generic kernel (one dimension,
     * or more than one channel): there PyTorch's gradient is {@code Bᵀ·g} for a matrix {@code B ≠ A}; and bicubic's,
     * which copies the gradient when the output has the input's size (the forward still interpolates).
     *
     * @return the input gradient PyTorch 1.13 computes, of shape {@code inputShape}
     */
    public static Tensor backward(UpsampleSpec spec, int[] inputShape, Tensor gradOutput) {
        if (spec.mode() == UpsampleMode.BICUBIC && Arrays.equals(spec.outputShape(inputShape), inputShape)
                && Arrays.equals(gradOutput.shape(), inputShape)) {
            // upsample_bicubic2d_backward's special case: input and output of the same size, the gradient is copied
            return Tensor.ofOwned("grad_input", inputShape.clone(), gradOutput.data());
        }
        return scatter(spec, inputShape, gradOutput, false, true);
    }

    /** @return {@code Aᵀ·g} with the forward's own geometry: the exact adjoint of {@link #forward} */
    public static Tensor adjointOfForward(UpsampleSpec spec, int[] inputShape, Tensor gradOutput) {
        return scatter(spec, inputShape, gradOutput, false, false);
    }

    /** @return the backward sums taken over {@code |weight|·|g|} */
    public static Tensor backwardOfAbsolutes(UpsampleSpec spec, int[] inputShape, Tensor gradOutput) {
        return scatter(spec, inputShape, gradOutput, true, true);
    }

    private static Tensor gather(UpsampleSpec spec, Tensor input, boolean absolute) {
        int[] inShape = input.shape();
        int[] outShape = spec.outputShape(inShape);
        double[] y = new double[RowMajor.volume(outShape)];
        Visit v = new Visit(spec, inShape, outShape);
        for (int q = 0; q < y.length; q++) {
            double sum = 0;
            for (int t = 0; t < v.combinations; t++) {
                double w = v.weight(t);
                double x = input.get(v.source(t));
                sum += absolute ? Math.abs(w) * Math.abs(x) : w * x;
            }
            y[q] = sum;
            v.next();
        }
        return Tensor.ofOwned("output", outShape, y);
    }

    private static Tensor scatter(UpsampleSpec spec, int[] inShape, Tensor gradOutput, boolean absolute,
            boolean pytorchBackward) {
        int[] outShape = spec.outputShape(inShape);
        if (!Arrays.equals(gradOutput.shape(), outShape)) {
            throw new InvalidSpecException("grad_output", "grad_output.shape must be " + Arrays.toString(outShape)
                    + " (the output's) but was " + Arrays.toString(gradOutput.shape()));
        }
        double[] x = new double[RowMajor.volume(inShape)];
        Visit v = new Visit(spec, inShape, outShape, pytorchBackward);
        for (int q = 0; q < gradOutput.size(); q++) {
            double g = gradOutput.get(q);
            for (int t = 0; t < v.combinations; t++) {
                double w = v.weight(t);
                x[v.source(t)] += absolute ? Math.abs(w) * Math.abs(g) : w * g;
            }
            v.next();
        }
        return Tensor.ofOwned("grad_input", inShape.clone(), x);
    }

    /** Walks the output elements in row-major order, holding the taps of the current one per axis. */
    private static final class Visit {
        private final UpsampleSpec spec;
        private final int[] inShape;
        private final int[] outShape;
        private final int[] inStrides;
        private final int[] pos;
        private final int[][] at;
        private final double[][] w;
        private final boolean nearestIdxKernel;
        private int combinations;

        Visit(UpsampleSpec spec, int[] inShape, int[] outShape) {
            this(spec, inShape, outShape, false);
        }

        /** @param nearestIdxKernel whether the nearest modes take the float32 nearest_idx kernel whatever the input */
        Visit(UpsampleSpec spec, int[] inShape, int[] outShape, boolean nearestIdxKernel) {
            this.nearestIdxKernel = nearestIdxKernel;
            this.spec = spec;
            this.inShape = inShape;
            this.outShape = outShape;
            this.inStrides = RowMajor.strides(inShape);
            this.pos = new int[outShape.length];
            this.at = new int[spec.dims()][];
            this.w = new double[spec.dims()][];
            load();
        }

        void next() {
            RowMajor.advance(pos, outShape);
            load();
        }

        private void load() {
            combinations = 1;
            for (int a = 0; a < at.length; a++) {
                Kernel.taps(spec, a, inShape, outShape[a + 2], pos[a + 2], this);
                combinations *= at[a].length;
            }
        }

        void set(int axis, int[] positions, double[] weights) {
            at[axis] = positions;
            w[axis] = weights;
        }

        /** @return the product of the weights of combination {@code t} (its digits pick one tap per axis) */
        double weight(int t) {
            double p = 1;
            for (int a = at.length - 1; a >= 0; a--) {
                p *= w[a][t % at[a].length];
                t /= at[a].length;
            }
            return p;
        }

        /** @return the flat input offset combination {@code t} reads */
        int source(int t) {
            int off = pos[0] * inStrides[0] + pos[1] * inStrides[1];
            for (int a = at.length - 1; a >= 0; a--) {
                off += at[a][t % at[a].length] * inStrides[a + 2];
                t /= at[a].length;
            }
            return off;
        }
    }

    /** PyTorch's per-axis index functions, one output coordinate at a time. */
    private static final class Kernel {
        private static final double A = -0.75;

        static void taps(UpsampleSpec spec, int axis, int[] inShape, int outSize, int o, Visit v) {
            int inSize = inShape[axis + 2];
            double scale = spec.kernelScale(axis);
            boolean channelsLastKernel = v.nearestIdxKernel || inShape.length >= 4 && inShape[1] == 1;
            UpsampleMode m = spec.mode();
            if (m == UpsampleMode.NEAREST || m == UpsampleMode.NEAREST_EXACT) {
                boolean exact = m == UpsampleMode.NEAREST_EXACT;
                int src = channelsLastKernel
                        ? (exact ? nearestExactIdx(o, inSize, outSize, scale) : nearestIdx(o, inSize, outSize, scale))
                        : genericNearest(o, inSize, outSize, scale, exact);
                v.set(axis, new int[] {src}, new double[] {1.0});
            } else if (m == UpsampleMode.BICUBIC) {
                cubic(o, inSize, outSize, scale, spec.alignCorners(), v, axis);
            } else {
                linear(o, inSize, outSize, scale, spec.alignCorners(), v, axis);
            }
        }

        static double computeScalesValue(double scale, int inSize, int outSize) {
            return !Double.isNaN(scale) && scale > 0 ? 1.0 / scale : (double) inSize / outSize;
        }

        static double areaPixelComputeScale(int inSize, int outSize, boolean alignCorners, double scale) {
            if (alignCorners) {
                return outSize > 1 ? (double) (inSize - 1) / (outSize - 1) : 0.0;
            }
            return computeScalesValue(scale, inSize, outSize);
        }

        /** The half-pixel form {@code scale·(dst+½) - ½} is one fused multiply-add in PyTorch's AVX2 build. */
        static double areaPixelComputeSourceIndex(double scale, int dst, boolean alignCorners, boolean cubic) {
            if (alignCorners) {
                return scale * dst;
            }
            double src = Math.fma(scale, dst + 0.5, -0.5);
            return !cubic && src < 0 ? 0.0 : src;
        }

        static long floorf(double v) {
            return (long) Math.floor((float) v);
        }

        static int genericNearest(int o, int inSize, int outSize, double scale, boolean exact) {
            double s = areaPixelComputeScale(inSize, outSize, false, scale);
            long idx = exact ? floorf(areaPixelComputeSourceIndex(s, o, false, false) + 0.5)
                    : floorf(areaPixelComputeSourceIndex(s, o, true, false));
            return (int) Math.min(idx, inSize - 1);
        }

        static float floatScalesValue(double scale, int inSize, int outSize) {
            return !Double.isNaN(scale) && scale > 0 ? (float) (1.0 / scale) : (float) inSize / outSize;
        }

        static int nearestIdx(int o, int inSize, int outSize, double scale) {
            if (outSize == inSize) {
                return o;
            } else if (outSize == 2 * inSize) {
                return o >> 1;
            }
            float s = floatScalesValue(scale, inSize, outSize);
            return (int) Math.min(floorf(o * s), inSize - 1);
        }

        static int nearestExactIdx(int o, int inSize, int outSize, double scale) {
            float s = floatScalesValue(scale, inSize, outSize);
            return (int) Math.min(floorf((o + 0.5) * (double) s), inSize - 1);
        }

        static void linear(int o, int inSize, int outSize, double scale, boolean alignCorners, Visit v, int slot) {
            if (outSize == inSize) {
                v.set(slot, new int[] {o, o}, new double[] {1.0, 0.0});
                return;
            }
            double ratio = areaPixelComputeScale(inSize, outSize, alignCorners, scale);
            double real = areaPixelComputeSourceIndex(ratio, o, alignCorners, false);
            int i0 = (int) Math.min((long) real, inSize - 1);
            int i1 = i0 + (i0 < inSize - 1 ? 1 : 0);
            double l1 = Math.min(Math.max(real - i0, 0.0), 1.0);
            v.set(slot, new int[] {i0, i1}, new double[] {1.0 - l1, l1});
        }

        static void cubic(int o, int inSize, int outSize, double scale, boolean alignCorners, Visit v, int slot) {
            double ratio = areaPixelComputeScale(inSize, outSize, alignCorners, scale);
            double real = areaPixelComputeSourceIndex(ratio, o, alignCorners, true);
            long input = floorf(real);
            double t = real - input;
            double x2 = 1.0 - t;
            double[] coeffs = {convolution2(t + 1.0), convolution1(t), convolution1(x2), convolution2(x2 + 1.0)};
            int[] access = new int[4];
            for (int k = 0; k < 4; k++) {
                access[k] = (int) Math.max(Math.min(input - 1 + k, inSize - 1), 0);
            }
            v.set(slot, access, coeffs);
        }

        /** {@code cubic_convolution1} as PyTorch's AVX2 build evaluates it: only {@code (A+2)·x - (A+3)} fused. */
        static double convolution1(double x) {
            double inner = Math.fma(A + 2, x, -(A + 3));
            return inner * x * x + 1;
        }

        /** {@code cubic_convolution2} likewise: the first two Horner steps fused, the last one not. */
        static double convolution2(double x) {
            double h = Math.fma(A, x, -5 * A);
            h = Math.fma(h, x, 8 * A);
            return h * x - 4 * A;
        }
    }
}
