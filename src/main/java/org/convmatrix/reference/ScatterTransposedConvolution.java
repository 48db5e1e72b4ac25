package org.convmatrix.reference;

import org.convmatrix.spec.ArrayLimits;
import java.util.Arrays;
import org.convmatrix.spec.ConvLayer;
import org.convmatrix.spec.ConvSpec;
import org.convmatrix.spec.Op;
import org.convmatrix.spec.Tensor;

/**
 * Reference transposed convolution ({@link Op#CONV_TRANSPOSE}, PyTorch's {@code ConvTranspose{d}d})
 * computed by scattering: every input element spreads a scaled copy of the kernel into the output.
 *
 * <p>For an input {@code x} of shape {@code [N, C_in, *n]}, per axis {@code a} with kernel {@code k_a},
 * stride {@code s_a}, dilation {@code δ_a}, padding {@code p_a} (cropped) and output_padding
 * {@code q_a}:
 * <ol>
 *   <li>a zero "full" output of length {@code F_a = (n_a-1)·s_a + δ_a·(k_a-1) + 1 + q_a} per axis;</li>
 *   <li>for input channel {@code ci} in group {@code g = ci / (C_in/G)} and each output channel
 *       {@code co = g·(C_out/G) + c}, {@code 0 <= c < C_out/G}:
 *       <pre>  full[b, co, i·s + j·δ] += x[b, ci, i] · w[ci, c, j]     for every i < n, j < k</pre>
 *       (per axis; the last {@code q_a} positions receive nothing: output_padding only lengthens the
 *       far end);</li>
 *   <li>the output crops {@code p_a} from both ends: {@code y[b, co, t] = full[b, co, t + p] + bias[co]}
 *       for {@code 0 <= t_a < F_a - 2p_a}.</li>
 * </ol>
 * The full output is not stored: a write to a cropped position is dropped as it happens, so a huge
 * stride or padding costs nothing beyond the output itself.
 * This is the adjoint of the convolution with the same weight tensor. Stateless and thread-safe.
 */
public final class ScatterTransposedConvolution {
    private static final String WHO = "ScatterTransposedConvolution";

    private ScatterTransposedConvolution() {
    }

    /**
     * Applies a transposed convolution layer to a batch.
     *
     * @param layer a layer with {@code layer.spec().op() == CONV_TRANSPOSE}; weight {@code [C_in, C_out/G, *k]}
     * @param input {@code [N, C_in, *n]} with {@code d} spatial axes, each {@code n_a >= 1}
     * @return {@code [N, C_out, *m]} with {@code m_a = (n_a-1)·s_a + δ_a·(k_a-1) + 1 + q_a - 2p_a}
     * @throws IllegalArgumentException if the op is not conv_transpose, the input's rank or channel count
     *     does not fit the layer, or the cropping leaves an axis with no output
     */
    public static Tensor apply(ConvLayer layer, Tensor input) {
        int[] n = Inputs.spatial(WHO, Op.CONV_TRANSPOSE, layer, input);
        ConvSpec spec = layer.spec();
        int d = spec.dims();
        int[] k = spec.kernelSize();
        int[] s = spec.stride();
        int[] dil = spec.dilation();
        int[] m = new int[d];
        int[][] writes = new int[d][];
        for (int a = 0; a < d; a++) {
            long f = ((long) n[a] - 1) * s[a] + (long) dil[a] * (k[a] - 1) + 1 + spec.outputPadding(a);
            long kept = f - spec.padBefore(a) - spec.padAfter(a);
            if (kept < 1 || kept > ArrayLimits.MAX_ARRAY) {
                throw new IllegalArgumentException(WHO + ": padding[" + a + "] = " + spec.padBefore(a) + " crops "
                        + "the full output length (n-1)*stride + dilation*(kernel_size-1) + 1 + output_padding = " + f
                        + " on axis " + a + " (input.shape " + Arrays.toString(input.shape()) + ") to " + kept
                        + ", outside [1, " + ArrayLimits.MAX_ARRAY + "]");
            }
            m[a] = (int) kept;
            writes[a] = axisWrites(n[a], k[a], s[a], dil[a], spec.padBefore(a), m[a]);
        }
        TapTable taps = new TapTable(writes, k, m);
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

        // The cropped part of the full output is never stored: a write there is dropped.
        double[] y = new double[Math.multiplyExact(Math.multiplyExact(batch, cout), mVol)];
        int[] target = new int[kVol];
        int[] i = new int[d];
        for (int b = 0; b < batch; b++) {
            for (int ci = 0; ci < cin; ci++) {
                int g = ci / inPer;
                int xi = (b * cin + ci) * nVol;
                do {
                    taps.fill(i, target);
                    double xv = x[xi++];
                    for (int c = 0; c < outPer; c++) {
                        int co = g * outPer + c;
                        int plane = (b * cout + co) * mVol;
                        int wi = (ci * outPer + c) * kVol;
                        for (int t = 0; t < kVol; t++, wi++) {
                            if (target[t] >= 0) {
                                y[plane + target[t]] += xv * w[wi];
                            }
                        }
                    }
                } while (RowMajor.advance(i, n));
            }
        }
        for (int b = 0; b < batch; b++) {
            for (int co = 0; co < cout; co++) {
                int plane = (b * cout + co) * mVol;
                for (int q = 0; q < mVol; q++) {
                    y[plane + q] += layer.bias(co);
                }
            }
        }
        return Tensor.ofOwned("output", Inputs.batchShape(batch, cout, m), y);
    }

    /**
     * @return per input position {@code i < n} and tap {@code j < k}, the output position
     *     {@code i·s + j·δ - p} it adds to, or {@code -1} when cropping drops it
     */
    private static int[] axisWrites(int n, int k, int s, int dil, int crop, int m) {
        int[] writes = new int[Math.multiplyExact(n, k)];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < k; j++) {
                long t = (long) i * s + (long) j * dil - crop;
                writes[i * k + j] = t >= 0 && t < m ? (int) t : -1;
            }
        }
        return writes;
    }
}
