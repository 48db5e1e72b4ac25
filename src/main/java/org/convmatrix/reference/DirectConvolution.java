package org.convmatrix.reference;

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
 *   <li>{@code xpad} is {@code x} padded explicitly to length {@code P_a = n_a + b_a + e_a} per axis
 *       according to the padding mode (see {@code ExplicitPadding}: zeros, reflect, replicate,
 *       circular);</li>
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
        int[] s = spec.stride();
        int[] dil = spec.dilation();
        int[] before = new int[d];
        int[] after = new int[d];
        int[] padded = new int[d];
        int[] m = new int[d];
        PaddingMode mode = spec.paddingMode();
        for (int a = 0; a < d; a++) {
            before[a] = spec.padBefore(a);
            after[a] = spec.padAfter(a);
            checkPaddingFits(a, n[a], before[a], after[a], mode);
            padded[a] = Math.addExact(Math.addExact(n[a], before[a]), after[a]);
            m[a] = placements(padded[a], k[a], s[a], dil[a]);
            if (m[a] == 0) {
                throw new IllegalArgumentException(WHO + ": kernel_size[" + a + "] = " + k[a] + " with dilation " + dil[a]
                        + " spans " + ((long) dil[a] * (k[a] - 1) + 1) + " elements, more than the padded input axis "
                        + a + ": " + n[a] + " + " + before[a] + " + " + after[a] + " = " + padded[a]
                        + " (input.shape " + Arrays.toString(input.shape()) + ")");
            }
        }
        int batch = input.dim(0);
        int cin = spec.inChannels();
        int cout = spec.outChannels();
        int inPer = cin / spec.groups();
        int outPer = cout / spec.groups();
        double[] xpad = ExplicitPadding.pad(input.data(), batch * cin, n, before, after, mode);
        double[] w = layer.weight().data();

        int padVol = RowMajor.volume(padded);
        int[] padStrides = RowMajor.strides(padded);
        int kVol = RowMajor.volume(k);
        int mVol = RowMajor.volume(m);
        // Flat offset, within one padded plane, of tap j relative to the window start: Σ_a j_a·δ_a·stride_a.
        int[] tapOffset = new int[kVol];
        int[] j = new int[d];
        int tap = 0;
        do {
            int off = 0;
            for (int a = 0; a < d; a++) {
                off += j[a] * dil[a] * padStrides[a];
            }
            tapOffset[tap++] = off;
        } while (RowMajor.advance(j, k));

        double[] y = new double[Math.multiplyExact(Math.multiplyExact(batch, cout), mVol)];
        int[] o = new int[d];
        for (int b = 0; b < batch; b++) {
            for (int co = 0; co < cout; co++) {
                int g = co / outPer;
                int out = (b * cout + co) * mVol;
                do {
                    int start = 0;
                    for (int a = 0; a < d; a++) {
                        start += o[a] * s[a] * padStrides[a];
                    }
                    double sum = 0.0;
                    for (int c = 0; c < inPer; c++) {
                        int plane = (b * cin + g * inPer + c) * padVol + start;
                        int wBase = (co * inPer + c) * kVol;
                        for (int t = 0; t < kVol; t++) {
                            sum += w[wBase + t] * xpad[plane + tapOffset[t]];
                        }
                    }
                    y[out++] = sum + layer.bias(co);
                } while (RowMajor.advance(o, m));
            }
        }
        return Tensor.ofOwned("output", Inputs.batchShape(batch, cout, m), y);
    }

    /** @return the number of {@code o >= 0} with {@code o·s + δ·(k-1) < padded}, counted one by one */
    private static int placements(int padded, int k, int s, int dil) {
        long last = (long) dil * (k - 1);
        int count = 0;
        for (long start = 0; start + last < padded; start += s) {
            count++;
        }
        return count;
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
