package org.convmatrix.reference;

import java.util.Arrays;
import org.convmatrix.spec.AvgPoolSpec;
import org.convmatrix.spec.Tensor;

/**
 * Average pooling from its definition, in the order of PyTorch 1.13's CPU kernels ({@code cpu_avg_pool},
 * {@code avg_pool3d_out_frame}): for each output, per axis the window start {@code t = o·s − p} and padded end
 * {@code e = min(t + k, in + p)} give {@code pool_size = Π(e − t)}; the window is then clipped to the input,
 * its elements summed in row-major order and the sum divided by {@code divisor_override}, {@code pool_size}
 * ({@code count_include_pad}) or the clipped window's size. The backward adds {@code g / divisor} to every
 * input element of each output's window, as {@code cpu_avg_pool_backward} does.
 */
public final class DirectAvgPool {
    private DirectAvgPool() {
    }

    /** @return the pooled batch {@code [N, C, *out]} */
    public static Tensor forward(AvgPoolSpec spec, Tensor input) {
        int[] inShape = input.shape();
        int[] outShape = spec.outputShape(inShape);
        Planes pl = new Planes(inShape, outShape);
        double[] y = new double[RowMajor.volume(outShape)];
        int k = 0;
        for (int q = 0; q < pl.planes; q++) {
            int[] o = new int[pl.outSpatial.length];
            do {
                Window w = window(spec, pl.inSpatial, o);
                double sum = 0;
                int[] off = new int[o.length];
                do {
                    sum += input.get(q * pl.inPlane + w.offset(off, pl.inStrides));
                } while (RowMajor.advance(off, w.extent));
                y[k++] = sum / w.divisor;
            } while (RowMajor.advance(o, pl.outSpatial));
        }
        return Tensor.ofOwned("output", outShape, y);
    }

    /** @return {@code Aᵀ·g}, the gradient with respect to the input, of shape {@code inputShape} */
    public static Tensor backward(AvgPoolSpec spec, int[] inputShape, Tensor gradOutput) {
        int[] outShape = GradientShape.require("DirectAvgPool", spec, inputShape, gradOutput);
        Planes pl = new Planes(inputShape, outShape);
        double[] g = new double[RowMajor.volume(inputShape)];
        int k = 0;
        for (int q = 0; q < pl.planes; q++) {
            int[] o = new int[pl.outSpatial.length];
            do {
                Window w = window(spec, pl.inSpatial, o);
                double delta = gradOutput.get(k++) / w.divisor;
                int[] off = new int[o.length];
                do {
                    g[q * pl.inPlane + w.offset(off, pl.inStrides)] += delta;
                } while (RowMajor.advance(off, w.extent));
            } while (RowMajor.advance(o, pl.outSpatial));
        }
        return Tensor.ofOwned("grad_input", inputShape.clone(), g);
    }

    private static Window window(AvgPoolSpec spec, int[] in, int[] o) {
        int[] k = spec.kernelSize();
        int[] s = spec.stride();
        int[] p = spec.padding();
        int[] lo = new int[o.length];
        int[] extent = new int[o.length];
        long poolSize = 1;
        long inside = 1;
        for (int a = 0; a < o.length; a++) {
            int start = o[a] * s[a] - p[a];
            int end = Math.min(start + k[a], in[a] + p[a]);
            poolSize *= end - start;
            lo[a] = Math.max(start, 0);
            extent[a] = Math.min(end, in[a]) - lo[a];
            inside *= extent[a];
        }
        long divisor = spec.divisorOverride().isPresent() ? spec.divisorOverride().getAsInt()
                : spec.countIncludePad() ? poolSize : inside;
        return new Window(lo, extent, divisor);
    }

    /** The part of one output's window inside the input: {@code [lo, lo + extent)} per axis, and its divisor. */
    private record Window(int[] lo, int[] extent, long divisor) {
        int offset(int[] off, int[] strides) {
            int at = 0;
            for (int a = 0; a < off.length; a++) {
                at += (lo[a] + off[a]) * strides[a];
            }
            return at;
        }
    }

    /** The batch as {@code N·C} planes of spatial elements. */
    private static final class Planes {
        final int planes;
        final int[] inSpatial;
        final int[] outSpatial;
        final int inPlane;
        final int[] inStrides;

        Planes(int[] inShape, int[] outShape) {
            planes = inShape[0] * inShape[1];
            inSpatial = Arrays.copyOfRange(inShape, 2, inShape.length);
            outSpatial = Arrays.copyOfRange(outShape, 2, outShape.length);
            inPlane = RowMajor.volume(inSpatial);
            inStrides = RowMajor.strides(inSpatial);
        }
    }
}
