package org.convmatrix.reference;

import org.convmatrix.spec.ConvLayer;
import org.convmatrix.spec.ConvSpec;
import org.convmatrix.spec.Op;
import org.convmatrix.spec.PaddingMode;
import org.convmatrix.spec.Tensor;

/**
 * The input gradients of the two convolution layers, written from their definitions (PyTorch's
 * {@code backward}): for {@code L(x) = Σ g · layer(x)}, {@code ∂L/∂x = Aᵀ·g}. An independent oracle for the
 * lowered {@code Aᵀ}: it shares no index code with the lowering nor with the forward references.
 *
 * <p><b>Conv.</b> The forward reads {@code y[co, o] = Σ_c Σ_j w[co, c, j] · x[ci, src(o·s + j·δ − b)]} where
 * {@code src} maps a padded coordinate to the input element it reads (per axis: zeros reads nothing outside
 * {@code [0, n)}; reflect {@code q < 0 → −q}, {@code q ≥ n → 2(n−1) − q}; replicate clamps; circular takes
 * {@code q mod n}). Its gradient scatters each term back: {@code gx[ci, src(…)] += w[co, c, j] · g[co, o]}.
 *
 * <p><b>Conv_transpose.</b> The forward scatters {@code y[co, i·s + j·δ − p] += w[ci, c, j] · x[ci, i]}; its
 * gradient gathers: {@code gx[ci, i] = Σ_c Σ_j w[ci, c, j] · g[co, i·s + j·δ − p]} over the taps that land inside
 * the output ({@code co = g·C_out/G + c}).
 *
 * <p>Stateless and thread-safe. Sizes must fit the layer (callers validate); no padded copy is made.
 */
public final class ConvolutionBackward {
    private ConvolutionBackward() {
    }

    /**
     * @param layer      a conv layer
     * @param inputShape the forward input's batch shape {@code [N, C_in, *n]}
     * @param grad       the output gradient, {@code [N, C_out, *m]}
     * @return {@code ∂L/∂x}, of {@code inputShape}
     */
    public static Tensor ofConv(ConvLayer layer, int[] inputShape, Tensor grad) {
        ConvSpec spec = layer.spec();
        require(spec, Op.CONV);
        Geometry geo = new Geometry(spec, inputShape, grad.shape());
        double[] w = layer.weight().data();
        double[] g = grad.data();
        double[] gx = new double[geo.inVolume * geo.batch * spec.inChannels()];
        int[] o = new int[geo.d];
        int[] j = new int[geo.d];
        for (int b = 0; b < geo.batch; b++) {
            for (int co = 0; co < spec.outChannels(); co++) {
                int group = co / spec.outChannelsPerGroup();
                for (int oi = 0; oi < geo.outVolume; oi++) {
                    geo.unflatten(oi, geo.out, o);
                    double gv = g[(b * spec.outChannels() + co) * geo.outVolume + oi];
                    for (int ji = 0; ji < geo.kVolume; ji++) {
                        geo.unflatten(ji, geo.k, j);
                        int src = sourceOfConvTap(spec, geo, o, j);
                        if (src < 0) {
                            continue;
                        }
                        for (int c = 0; c < spec.inChannelsPerGroup(); c++) {
                            int ci = group * spec.inChannelsPerGroup() + c;
                            double wv = w[(co * spec.inChannelsPerGroup() + c) * geo.kVolume + ji];
                            gx[(b * spec.inChannels() + ci) * geo.inVolume + src] += wv * gv;
                        }
                    }
                }
            }
        }
        return Tensor.ofOwned("grad_input", inputShape.clone(), gx);
    }

    /**
     * @param layer      a conv_transpose layer
     * @param inputShape the forward input's batch shape {@code [N, C_in, *n]}
     * @param grad       the output gradient, {@code [N, C_out, *m]}
     * @return {@code ∂L/∂x}, of {@code inputShape}
     */
    public static Tensor ofTranspose(ConvLayer layer, int[] inputShape, Tensor grad) {
        ConvSpec spec = layer.spec();
        require(spec, Op.CONV_TRANSPOSE);
        Geometry geo = new Geometry(spec, inputShape, grad.shape());
        double[] w = layer.weight().data();
        double[] g = grad.data();
        int outPer = spec.outChannelsPerGroup();
        double[] gx = new double[geo.inVolume * geo.batch * spec.inChannels()];
        int[] i = new int[geo.d];
        int[] j = new int[geo.d];
        for (int b = 0; b < geo.batch; b++) {
            for (int ci = 0; ci < spec.inChannels(); ci++) {
                int group = ci / spec.inChannelsPerGroup();
                for (int ii = 0; ii < geo.inVolume; ii++) {
                    geo.unflatten(ii, geo.in, i);
                    double sum = 0.0;
                    for (int ji = 0; ji < geo.kVolume; ji++) {
                        geo.unflatten(ji, geo.k, j);
                        int target = targetOfTransposeTap(spec, geo, i, j);
                        if (target < 0) {
                            continue;
                        }
                        for (int c = 0; c < outPer; c++) {
                            int co = group * outPer + c;
                            sum += w[(ci * outPer + c) * geo.kVolume + ji]
                                    * g[(b * spec.outChannels() + co) * geo.outVolume + target];
                        }
                    }
                    gx[(b * spec.inChannels() + ci) * geo.inVolume + ii] = sum;
                }
            }
        }
        return Tensor.ofOwned("grad_input", inputShape.clone(), gx);
    }

    /** @return the flat input position tap {@code j} of output {@code o} reads, or −1 for a zero-padding read */
    private static int sourceOfConvTap(ConvSpec spec, Geometry geo, int[] o, int[] j) {
        int flat = 0;
        for (int a = 0; a < geo.d; a++) {
            long q = (long) o[a] * spec.stride(a) + (long) j[a] * spec.dilation(a) - spec.padBefore(a);
            long n = geo.in[a];
            long src = source(spec.paddingMode(), q, n);
            if (src < 0) {
                return -1;
            }
            flat = flat * geo.in[a] + (int) src;
        }
        return flat;
    }

    /** @return the input element a padded coordinate {@code q} reads under {@code mode}, or −1 (zeros outside) */
    private static long source(PaddingMode mode, long q, long n) {
        if (q >= 0 && q < n) {
            return q;
        }
        switch (mode) {
            case REFLECT:
                return q < 0 ? -q : 2 * (n - 1) - q;
            case REPLICATE:
                return q < 0 ? 0 : n - 1;
            case CIRCULAR:
                return Math.floorMod(q, n);
            default:
                return -1;
        }
    }

    /** @return the flat output position input {@code i}'s tap {@code j} lands on, or −1 when it is cropped */
    private static int targetOfTransposeTap(ConvSpec spec, Geometry geo, int[] i, int[] j) {
        int flat = 0;
        for (int a = 0; a < geo.d; a++) {
            long t = (long) i[a] * spec.stride(a) + (long) j[a] * spec.dilation(a) - spec.padBefore(a);
            if (t < 0 || t >= geo.out[a]) {
                return -1;
            }
            flat = flat * geo.out[a] + (int) t;
        }
        return flat;
    }

    private static void require(ConvSpec spec, Op op) {
        if (spec.op() != op) {
            throw new IllegalArgumentException("ConvolutionBackward: expected a " + op.jsonName() + " layer but was " + spec);
        }
    }

    /** Spatial extents of the input, output and kernel, and their volumes. */
    private static final class Geometry {
        final int d;
        final int batch;
        final int[] in;
        final int[] out;
        final int[] k;
        final int inVolume;
        final int outVolume;
        final int kVolume;

        Geometry(ConvSpec spec, int[] inputShape, int[] gradShape) {
            d = spec.dims();
            batch = inputShape[0];
            in = java.util.Arrays.copyOfRange(inputShape, 2, inputShape.length);
            out = java.util.Arrays.copyOfRange(gradShape, 2, gradShape.length);
            k = spec.kernelSize();
            inVolume = volume(in);
            outVolume = volume(out);
            kVolume = volume(k);
        }

        /** Writes the row-major multi-index of {@code flat} within {@code extent} into {@code pos}. */
        void unflatten(int flat, int[] extent, int[] pos) {
            for (int a = extent.length - 1; a >= 0; a--) {
                pos[a] = flat % extent[a];
                flat /= extent[a];
            }
        }

        private static int volume(int[] shape) {
            int v = 1;
            for (int e : shape) {
                v = Math.multiplyExact(v, e);
            }
            return v;
        }
    }
}
