package org.convmatrix.spectral;

import java.util.Arrays;
import org.convmatrix.backend.DenseLinearAlgebra;
import org.convmatrix.operator.LinearOperator;
import org.convmatrix.spec.ConvLayer;
import org.convmatrix.spec.ConvSpec;
import org.convmatrix.spec.PaddingMode;
import org.convmatrix.verify.DotTest;

/**
 * The estimates of {@code σ_max} people use, to print beside the exact value. Stateless, thread-safe.
 *
 * <ul>
 *   <li><b>Frobenius</b>: {@code ||A||_F >= σ_max}.</li>
 *   <li><b>Reshaped kernel</b> (Singla &amp; Feizi, "Fantastic Four", ICLR 2021, Thm 1, here for any number of
 *       spatial axes): for every split of the kernel axes into a set {@code S} and its complement,
 *       {@code R_S} is the weight reshaped to {@code (R·Π_{a∈S} k_a) × (C·Π_{a∉S} k_a)}; then
 *       {@code σ_max <= √(Π k)·min_S ||R_S||₂}, per group (maximum over groups). Proof sketch: each
 *       per-frequency matrix {@code K(ω) = Σ_j e^{iφ_j} W_j} factors as {@code P·R_S·Q} with {@code ||P||² = Π_{S} k},
 *       {@code ||Q||² = Π_{not S} k}; a zero-padded conv is a submatrix of a circular one on a larger grid, and
 *       stride keeps a subset of rows, so the bound holds for zero and circular padding. It does not hold for
 *       reflect/replicate ({@code W = W₀·P} with {@code ||P|| > 1}), nor for a circular output longer than a
 *       period (rows repeat): {@link #reshapedKernel} returns NaN there.</li>
 *   <li><b>Circular</b>: {@link CircularSpectrum#max} of the same weights on the same grid (Sedghi et al.).</li>
 * </ul>
 */
public final class NormBounds {
    private NormBounds() {
    }

    /**
     * @return {@code ||A||_F}: for zero padding from the layer with squared weights applied to ones (every
     *     entry of {@code W} is then one weight), rounded up; otherwise NaN (use {@link #frobenius(double[][])})
     */
    public static double frobeniusZeroPadding(CaseOperators.Operators ops) {
        if (!ops.convolution() || ops.layer().spec().paddingMode() != PaddingMode.ZEROS) {
            return Double.NaN;
        }
        double[] w = ops.layer().weight().data();
        for (int i = 0; i < w.length; i++) {
            w[i] = w[i] * w[i];
        }
        ConvLayer sq = ConvLayer.of(ops.layer().spec(), w, null);
        LinearOperator a2 = CaseOperators.of(sq, ops.inputSpatial(), 1).a();
        double[] ones = new double[a2.cols()];
        Arrays.fill(ones, 1);
        double s = 0;
        for (double v : a2.apply(ones)) {
            s += v;
        }
        long terms = (long) ops.maxRowTerms() + a2.rows() + 2;
        return Math.sqrt(s * (1 + DotTest.gamma(terms))) * (1 + 0x1p-52);
    }

    /** @return {@code ||A||_F} of a dense matrix */
    public static double frobenius(double[][] a) {
        double s = 0;
        for (double[] row : a) {
            for (double v : row) {
                s += v * v;
            }
        }
        return Math.sqrt(s);
    }

    /**
     * @return the Singla–Feizi bound, or NaN where it is no bound: reflect/replicate padding, and circular padding
     *     whose output positions wrap past one period ({@code (out_a − 1)·s_a >= N_a}: rows repeat)
     */
    public static double reshapedKernel(ConvLayer layer, int[] inputSpatial) {
        ConvSpec spec = layer.spec();
        if (spec.paddingMode() == PaddingMode.REFLECT || spec.paddingMode() == PaddingMode.REPLICATE) {
            return Double.NaN;
        }
        if (spec.paddingMode() == PaddingMode.CIRCULAR) {
            int[] out = spec.outputSpatial(inputSpatial);
            for (int a = 0; a < out.length; a++) {
                if ((long) (out[a] - 1) * spec.stride(a) >= inputSpatial[a]) {
                    return Double.NaN;
                }
            }
        }
        int d = spec.dims();
        int[] shape = spec.weightShape();
        int groups = spec.groups();
        int rg = shape[0] / groups;
        int cg = shape[1];
        int kv = spec.kernelVolume();
        double[] w = layer.weight().data();
        double best = Double.POSITIVE_INFINITY;
        for (int split = 0; split < (1 << d); split++) {
            double worstGroup = 0;
            for (int g = 0; g < groups; g++) {
                worstGroup = Math.max(worstGroup, DenseLinearAlgebra.singularValues(reshape(w, spec, g, rg, cg, kv, split))[0]);
            }
            best = Math.min(best, worstGroup);
        }
        return Math.sqrt(kv) * best;
    }

    /** @return {@code R_S} of group {@code g}: rows {@code (r, taps on S)}, columns {@code (c, taps off S)} */
    private static double[][] reshape(double[] w, ConvSpec spec, int g, int rg, int cg, int kv, int split) {
        int d = spec.dims();
        int inS = 1;
        for (int a = 0; a < d; a++) {
            if ((split >> a & 1) == 1) {
                inS *= spec.kernelSize(a);
            }
        }
        int outS = kv / inS;
        double[][] m = new double[rg * inS][cg * outS];
        for (int r = 0; r < rg; r++) {
            for (int c = 0; c < cg; c++) {
                for (int j = 0; j < kv; j++) {
                    int rest = j;
                    int si = 0;
                    int so = 0;
                    for (int a = d - 1, mi = 1, mo = 1; a >= 0; a--) {
                        int ja = rest % spec.kernelSize(a);
                        rest /= spec.kernelSize(a);
                        if ((split >> a & 1) == 1) {
                            si += ja * mi;
                            mi *= spec.kernelSize(a);
                        } else {
                            so += ja * mo;
                            mo *= spec.kernelSize(a);
                        }
                    }
                    m[r * inS + si][c * outS + so] = w[((g * rg + r) * cg + c) * kv + j];
                }
            }
        }
        return m;
    }
}
