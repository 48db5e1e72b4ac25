package org.convmatrix.reference;

import java.util.Arrays;
import org.convmatrix.spec.ConvLayer;
import org.convmatrix.spec.ConvSpec;
import org.convmatrix.spec.Op;
import org.convmatrix.spec.Tensor;

/**
 * Reference transposed convolution ({@link Op#CONV_TRANSPOSE}) by the textbook recipe: insert zeros,
 * pad, and cross-correlate with the flipped kernel. Written independently of
 * {@link ScatterTransposedConvolution}, against which it is tested.
 *
 * <p>For an input {@code x} of shape {@code [N, C_in, *n]}, per axis {@code a} with kernel {@code k},
 * stride {@code s}, dilation {@code δ}, padding {@code p} and output_padding {@code q}:
 * <ol>
 *   <li>zero insertion: {@code u[i·s] = x[i]}, zeros elsewhere, length {@code U = (n-1)·s + 1}
 *       ({@code s - 1} zeros between neighbours);</li>
 *   <li>edges: {@code z[t] = u[t - L]} (zero outside {@code [0, U)}) for {@code 0 <= t < L + U + R}, with
 *       {@code L = δ(k-1) - p} before and {@code R = δ(k-1) - p + q} after; a negative {@code L} or
 *       {@code R} crops that many elements instead of padding;</li>
 *   <li>flipped kernel with channels swapped per group: for {@code co} in group
 *       {@code g = co / (C_out/G)}, {@code c' = co - g·C_out/G}, and {@code 0 <= c < C_in/G},
 *       <pre>  w'[co, c, j] = w[g·C_in/G + c, c', k-1-j]     (every spatial axis flipped)</pre></li>
 *   <li>a stride-1 cross-correlation with dilation {@code δ} and no padding:
 *       <pre>  y[b, co, t] = Σ_c Σ_{j < k} w'[co, c, j] · z[b, g·C_in/G + c, t + j·δ]  +  bias[co]</pre>
 *       for the {@code t} with {@code t + δ(k-1) < L + U + R}, i.e.
 *       {@code (n-1)s + δ(k-1) + 1 + q - 2p} of them.</li>
 * </ol>
 * {@code u} and {@code z} are read on the fly ({@code z[t]} is {@code x[i]} when {@code t - L = i·s},
 * else 0), never stored, so a huge stride or padding costs nothing beyond the output.
 * Stateless and thread-safe.
 */
public final class ZeroInsertionTransposedConvolution {
    private static final String WHO = "ZeroInsertionTransposedConvolution";

    private ZeroInsertionTransposedConvolution() {
    }

    /**
     * Applies a transposed convolution layer to a batch.
     *
     * @param layer a layer with {@code layer.spec().op() == CONV_TRANSPOSE}; weight {@code [C_in, C_out/G, *k]}
     * @param input {@code [N, C_in, *n]} with {@code d} spatial axes, each {@code n_a >= 1}
     * @return {@code [N, C_out, *m]} with {@code m_a = (n_a-1)·s_a + δ_a·(k_a-1) + 1 + q_a - 2p_a}
     * @throws IllegalArgumentException if the op is not conv_transpose, the input's rank or channel count
     *     does not fit the layer, or the padding leaves an axis with no output
     */
    public static Tensor apply(ConvLayer layer, Tensor input) {
        int[] n = Inputs.spatial(WHO, Op.CONV_TRANSPOSE, layer, input);
        ConvSpec spec = layer.spec();
        int d = spec.dims();
        int[] k = spec.kernelSize();
        int[] s = spec.stride();
        int[] dil = spec.dilation();
        int batch = input.dim(0);
        int cin = spec.inChannels();

        // 1-2. Zero insertion and edges, read on the fly: z[t] = u[t - L], u[i·s] = x[i].
        int[] m = new int[d];
        int[][] reads = new int[d][];
        for (int a = 0; a < d; a++) {
            long upLen = ((long) n[a] - 1) * s[a] + 1;
            long span = (long) dil[a] * (k[a] - 1);
            long before = span - spec.padBefore(a);
            long after = span - spec.padAfter(a) + spec.outputPadding(a);
            long len = upLen + before + after;
            m[a] = outputs(len, span);
            if (m[a] == 0) {
                throw new IllegalArgumentException(WHO + ": padding[" + a + "] = " + spec.padBefore(a) + " leaves no output"
                        + " on axis " + a + ": the zero-inserted, padded length " + len + " is shorter than the dilated "
                        + "kernel " + (span + 1) + " (input.shape " + Arrays.toString(input.shape()) + ")");
            }
            reads[a] = axisReads(m[a], k[a], dil[a], before, s[a], n[a]);
        }
        TapTable taps = new TapTable(reads, k, n);

        // 3. Flipped kernel, channels swapped per group.
        double[] wf = flippedSwappedWeight(layer);

        // 4. Stride-1 dilated cross-correlation, no padding.
        int cout = spec.outChannels();
        int inPer = cin / spec.groups();
        int outPer = cout / spec.groups();
        double[] x = input.data();
        int nVol = RowMajor.volume(n);
        int kVol = RowMajor.volume(k);
        int mVol = RowMajor.volume(m);
        double[] y = new double[Math.multiplyExact(Math.multiplyExact(batch, cout), mVol)];
        int[] source = new int[kVol];
        int[] t = new int[d];
        int at = 0;
        do {
            taps.fill(t, source);
            for (int b = 0; b < batch; b++) {
                for (int co = 0; co < cout; co++) {
                    int g = co / outPer;
                    double sum = 0.0;
                    for (int c = 0; c < inPer; c++) {
                        int plane = (b * cin + g * inPer + c) * nVol;
                        int wi = (co * inPer + c) * kVol;
                        for (int j = 0; j < kVol; j++) {
                            double z = source[j] < 0 ? 0.0 : x[plane + source[j]]; // an inserted or padded zero
                            sum += wf[wi + j] * z;
                        }
                    }
                    y[(b * cout + co) * mVol + at] = sum + layer.bias(co);
                }
            }
            at++;
        } while (RowMajor.advance(t, m));
        return Tensor.ofOwned("output", Inputs.batchShape(batch, cout, m), y);
    }

    /**
     * @return per output position {@code t < m} and tap {@code j < k}, the input index {@code i} with
     *     {@code z[t + j·δ] = u[t + j·δ - L] = x[i]}, i.e. {@code t + j·δ - L = i·s} with {@code 0 <= i < n};
     *     {@code -1} for an inserted or padded zero
     */
    private static int[] axisReads(int m, int k, int dil, long lead, int s, int n) {
        int[] reads = new int[Math.multiplyExact(m, k)];
        for (int t = 0; t < m; t++) {
            for (int j = 0; j < k; j++) {
                long u = t + (long) j * dil - lead;
                reads[t * k + j] = u >= 0 && u % s == 0 && u / s < n ? (int) (u / s) : -1;
            }
        }
        return reads;
    }

    /** @return the conv weight {@code [C_out, C_in/G, *k]}: {@code w'[co, c, j] = w[g·C_in/G + c, c', k-1-j]} */
    private static double[] flippedSwappedWeight(ConvLayer layer) {
        ConvSpec spec = layer.spec();
        int[] k = spec.kernelSize();
        int d = k.length;
        int kVol = RowMajor.volume(k);
        int[] kStrides = RowMajor.strides(k);
        int cout = spec.outChannels();
        int inPer = spec.inChannels() / spec.groups();
        int outPer = cout / spec.groups();
        double[] w = layer.weight().data();
        double[] wf = new double[Math.multiplyExact(Math.multiplyExact(cout, inPer), kVol)];
        int[] j = new int[d];
        for (int co = 0; co < cout; co++) {
            int g = co / outPer;
            int cPrime = co - g * outPer;
            for (int c = 0; c < inPer; c++) {
                int ci = g * inPer + c;
                int dst = (co * inPer + c) * kVol;
                do {
                    int flipped = 0;
                    for (int a = 0; a < d; a++) {
                        flipped += (k[a] - 1 - j[a]) * kStrides[a];
                    }
                    wf[dst++] = w[(ci * outPer + cPrime) * kVol + flipped];
                } while (RowMajor.advance(j, k));
            }
        }
        return wf;
    }

    /** @return the number of {@code t >= 0} with {@code t + span < len}, counted one by one */
    private static int outputs(long len, long span) {
        int count = 0;
        for (long t = 0; t + span < len; t++) {
            count++;
        }
        return count;
    }
}
