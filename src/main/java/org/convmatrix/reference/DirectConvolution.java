package org.convmatrix.reference;

import org.convmatrix.spec.ArrayLimits;
import java.util.Arrays;
import org.convmatrix.spec.ConvLayer;
import org.convmatrix.spec.ConvSpec;
import org.convmatrix.spec.Op;
import org.convmatrix.spec.PaddingMode;
import org.convmatrix.spec.Tensor;

/**
 * Reference convolution ({@link Op#CONV}, PyTorch's {@code Conv{d}d}) computed directly from the
 * definition, by gathering: an independent oracle for the lowered matrix.
 *
 * <p>For an input {@code x} of shape {@code [N, C_in, n_0, ..., n_{d-1}]}, per axis {@code a} with
 * kernel {@code k_a}, stride {@code s_a}, dilation {@code δ_a} and padding {@code b_a} before,
 * {@code e_a} after:
 * <ol>
 *   <li>{@code xpad} is {@code x} padded to length {@code P_a = n_a + b_a + e_a} per axis according to
 *       the padding mode (see {@code PaddingImage}: zeros, reflect, replicate, circular); it is read on
 *       the fly, never stored, so padding far beyond the kernel's reach costs nothing;</li>
 *   <li>the output length {@code m_a} is the number of {@code o >= 0} whose last tap still lies in the
 *       padded input, {@code o·s_a + δ_a·(k_a - 1) < P_a}, i.e.
 *       {@code m_a = floor((P_a - δ_a(k_a-1) - 1) / s_a) + 1};</li>
 *   <li>for output channel {@code co} in group {@code g = co / (C_out/G)}, reading input channels
 *       {@code ci = g·(C_in/G) + c}, {@code 0 <= c < C_in/G}:
 *       <pre>  y[b, co, o] = Σ_c Σ_{j < k} w[co, c, j] · xpad[b, ci, o·s + j·δ]  +  bias[co]</pre>
 *       with {@code o·s + j·δ} taken per axis (a cross-correlation: the kernel is not flipped).</li>
 * </ol>
 * Stateless and thread-safe.
 */
public final class DirectConvolution {
    private static final String WHO = "DirectConvolution";

    private DirectConvolution() {
    }

    /**
     * Applies a convolution layer to a batch.
     *
     * @param layer a layer with {@code layer.spec().op() == CONV}; weight {@code [C_out, C_in/G, *k]}
     * @param input {@code [N, C_in, *n]} with {@code d} spatial axes, each {@code n_a >= 1}
     * @return {@code [N, C_out, *m]}, {@code m_a = floor((n_a + b_a + e_a - δ_a(k_a-1) - 1)/s_a) + 1}
     * @throws IllegalArgumentException if the op is not conv, the input's rank or channel count does not
     *     fit the layer, the padding is too large for a reflect ({@code >= n_a}) or circular
     *     ({@code > n_a}) padding mode, or the dilated kernel is longer than a padded axis
     */
    public static Tensor apply(ConvLayer layer, Tensor input) {
        int[] n = Inputs.spatial(WHO, Op.CONV, layer, input);
        ConvSpec spec = layer.spec();
        int d = spec.dims();
        int[] k = spec.kernelSize();
        int[] m = new int[d];
        int[][] reads = new int[d][];
        for (int a = 0; a < d; a++) {
            checkPaddingFits(a, n[a], spec.padBefore(a), spec.padAfter(a), spec.paddingMode());
            m[a] = placements(a, n[a], spec, input);
            reads[a] = axisReads(m[a], k[a], spec.stride()[a], spec.dilation()[a], spec.padBefore(a), n[a],
                    spec.paddingMode());
        }
        TapTable taps = new TapTable(reads, k, n);
        int batch = input.dim(0);
        int cin = spec.inChannels();
        int cout = spec.outChannels();
        int inPer = cin / spec.groups();
        int outPer = cout / spec.groups();
        double[] x = input.data();
        double[] w = layer.weight().data();
        int nVol = RowMajor.volume(n);
        int kVol = RowMajor.volume(k);
        int mVol = RowMajor.volume(m);
        double[] y = new double[Math.multiplyExact(Math.multiplyExact(batch, cout), mVol)];
        int[] source = new int[kVol];
        int[] o = new int[d];
        int at = 0;
        do {
            taps.fill(o, source);
            for (int b = 0; b < batch; b++) {
                for (int co = 0; co < cout; co++) {
                    int g = co / outPer;
                    double sum = 0.0;
                    for (int c = 0; c < inPer; c++) {
                        int plane = (b * cin + g * inPer + c) * nVol;
                        int wBase = (co * inPer + c) * kVol;
                        for (int t = 0; t < kVol; t++) {
                            double xpad = source[t] < 0 ? 0.0 : x[plane + source[t]]; // a zero of the padding
                            sum += w[wBase + t] * xpad;
                        }
                    }
                    y[(b * cout + co) * mVol + at] = sum + layer.bias(co);
                }
            }
            at++;
        } while (RowMajor.advance(o, m));
        return Tensor.ofOwned("output", Inputs.batchShape(batch, cout, m), y);
    }

    /**
     * @return per output position {@code o < m} and tap {@code j < k}, the input index that padded position
     *     {@code o·s + j·δ} reads ({@code -1}: a zero), by {@link PaddingImage#image}
     */
    private static int[] axisReads(int m, int k, int s, int dil, int before, int n, PaddingMode mode) {
        int[] reads = new int[Math.multiplyExact(m, k)];
        for (int o = 0; o < m; o++) {
            for (int j = 0; j < k; j++) {
                reads[o * k + j] = PaddingImage.image((long) o * s + (long) j * dil - before, n, mode);
            }
        }
        return reads;
    }

    /**
     * @return {@code m_a}, the number of {@code o >= 0} with {@code o·s + δ·(k-1) < P_a}, counted one by one
     * @throws IllegalArgumentException when there is none, or more than an array holds
     */
    private static int placements(int a, int n, ConvSpec spec, Tensor input) {
        int k = spec.kernelSize()[a];
        int s = spec.stride()[a];
        int dil = spec.dilation()[a];
        long padded = (long) n + spec.padBefore(a) + spec.padAfter(a);
        long last = (long) dil * (k - 1);
        long count = 0;
        for (long start = 0; start + last < padded; start += s) {
            count++;
        }
        if (count == 0 || count > ArrayLimits.MAX_ARRAY) {
            throw new IllegalArgumentException(WHO + ": kernel_size[" + a + "] = " + k + " with dilation " + dil
                    + " and stride " + s + " gives " + count + " outputs on the padded input axis " + a + ": " + n + " + "
                    + spec.padBefore(a) + " + " + spec.padAfter(a) + " = " + padded + " (input.shape "
                    + Arrays.toString(input.shape()) + "); there must be between 1 and " + ArrayLimits.MAX_ARRAY);
        }
        return (int) count;
    }

    private static void checkPaddingFits(int a, int n, int before, int after, PaddingMode mode) {
        if (mode == PaddingMode.REFLECT && (before >= n || after >= n)) {
            throw new IllegalArgumentException(WHO + ": padding[" + a + "] = [" + before + ", " + after
                    + "] must be < input spatial size [" + a + "] = " + n + " for padding_mode \"reflect\"");
        }
        if (mode == PaddingMode.CIRCULAR && (before > n || after > n)) {
            throw new IllegalArgumentException(WHO + ": padding[" + a + "] = [" + before + ", " + after
                    + "] must be <= input spatial size [" + a + "] = " + n + " for padding_mode \"circular\"");
        }
    }
}
