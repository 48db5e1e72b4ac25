package org.convmatrix.render;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.convmatrix.lower.KernelToMatrix;
import org.convmatrix.sparse.CscMatrix;
import org.convmatrix.spec.ConvLayer;
import org.convmatrix.spec.ConvSpec;
import org.convmatrix.spec.Op;
import org.convmatrix.spec.PaddingMode;

/**
 * Which weights make up each stored entry of {@code W}, so that {@code W} can be shown with symbols
 * ({@code w00, w01, ...}) instead of numbers.
 *
 * <p><b>How.</b> With zero padding (and for every conv_transpose) each entry is exactly one weight: the
 * layer is lowered once with the distinct integer weights {@code w[j] = j + 1} (exact in double), and an
 * entry of value {@code v} is weight {@code v - 1}. With reflect, replicate or circular padding an entry
 * can be the sum of several taps reading the same input element ({@code W = W₀·P}); the layer is then
 * lowered once per weight with the indicator weights {@code e_j}, and an entry's value is how many times
 * {@code w[j]} occurs in it. The pattern of {@code W} does not depend on the weight values (explicit zeros
 * are kept), so all lowerings share it.
 *
 * <p><b>Names.</b> Weight {@code j} is named by its index in PyTorch's weight layout (conv
 * {@code [out, in/groups, *k]}, conv_transpose {@code [in, out/groups, *k]}). A single-channel layer
 * ({@code [1, 1, *k]}) is named by the kernel position only: {@code w00, w01, w10, w11} for a 2x2 kernel,
 * LaTeX {@code w_{0,1}}; otherwise all indices are given: {@code w1,0,2,1}, LaTeX {@code w_{1,0,2,1}}.
 *
 * <p>Immutable and thread-safe.
 */
public final class SymbolicWeights {
    /** The largest number of weights for the indicator method (one lowering per weight). */
    public static final int MAX_INDICATOR_WEIGHTS = 4096;

    private final int[] weightShape;
    private final CscMatrix pattern;
    private final int[][] terms;

    private SymbolicWeights(int[] weightShape, CscMatrix pattern, int[][] terms) {
        this.weightShape = weightShape;
        this.pattern = pattern;
        this.terms = terms;
    }

    /**
     * @param spec         the layer (weights are not needed)
     * @param inputSpatial the spatial input shape
     * @throws IllegalArgumentException when a reflect/replicate/circular layer has more than
     *     {@link #MAX_INDICATOR_WEIGHTS} weights
     */
    public static SymbolicWeights of(ConvSpec spec, int... inputSpatial) {
        int[] shape = spec.weightShape();
        int count = 1;
        for (int s : shape) {
            count = Math.multiplyExact(count, s);
        }
        boolean single = spec.op() == Op.CONV_TRANSPOSE || spec.paddingMode() == PaddingMode.ZEROS;
        if (single) {
            double[] w = new double[count];
            for (int j = 0; j < count; j++) {
                w[j] = j + 1;
            }
            CscMatrix m = KernelToMatrix.matrix(ConvLayer.of(spec, w, null), inputSpatial, 1);
            int[][] terms = new int[m.nnz()][];
            for (int p = 0; p < m.nnz(); p++) {
                terms[p] = new int[] {(int) m.valueAt(p) - 1};
            }
            return new SymbolicWeights(shape, m, terms);
        }
        if (count > MAX_INDICATOR_WEIGHTS) {
            throw new IllegalArgumentException("symbolic entries for padding_mode \"" + spec.paddingMode().jsonName()
                    + "\" need one lowering per weight; the layer has " + count + " weights, at most "
                    + MAX_INDICATOR_WEIGHTS + " are supported");
        }
        CscMatrix pattern = null;
        List<List<Integer>> acc = null;
        for (int j = 0; j < count; j++) {
            double[] w = new double[count];
            w[j] = 1;
            CscMatrix m = KernelToMatrix.matrix(ConvLayer.of(spec, w, null), inputSpatial, 1);
            if (pattern == null) {
                pattern = m;
                acc = new ArrayList<>(m.nnz());
                for (int p = 0; p < m.nnz(); p++) {
                    acc.add(new ArrayList<>(2));
                }
            }
            for (int p = 0; p < m.nnz(); p++) {
                for (int t = 0; t < (int) m.valueAt(p); t++) {
                    acc.get(p).add(j);
                }
            }
        }
        int[][] terms = new int[pattern.nnz()][];
        for (int p = 0; p < terms.length; p++) {
            terms[p] = acc.get(p).stream().mapToInt(Integer::intValue).toArray();
        }
        return new SymbolicWeights(shape, pattern, terms);
    }

    /** @return the pattern of {@code W} (values are not meaningful) */
    public CscMatrix pattern() {
        return pattern;
    }

    /** @return the weight indices (flat, PyTorch layout, with repeats) of stored entry {@code p} in CSC order */
    public int[] terms(int entry) {
        return terms[entry].clone();
    }

    /** @return the plain symbol of entry {@code (r, c)}, {@code "0"} when it is not stored */
    public String plain(int r, int c) {
        int p = find(r, c);
        return p < 0 ? "0" : plain(p);
    }

    /** @return the LaTeX symbol of entry {@code (r, c)}, {@code "0"} when it is not stored */
    public String latex(int r, int c) {
        int p = find(r, c);
        return p < 0 ? "0" : latex(p);
    }

    /** @return e.g. {@code w01} or {@code w00+w11} or {@code 2w01} for stored entry {@code p} */
    public String plain(int entry) {
        return sum(terms[entry], false);
    }

    /** @return e.g. {@code w_{0,1}} or {@code w_{0,0}+w_{1,1}} for stored entry {@code p} */
    public String latex(int entry) {
        return sum(terms[entry], true);
    }

    /** @return the name of weight {@code j} */
    public String name(int j, boolean latex) {
        return name(weightShape, j, latex);
    }

    /** @return the name of flat weight index {@code j} of a tensor of shape {@code [A, B, *k]} */
    public static String name(int[] weightShape, int j, boolean latex) {
        int[] idx = new int[weightShape.length];
        int rest = j;
        for (int a = weightShape.length - 1; a >= 0; a--) {
            idx[a] = rest % weightShape[a];
            rest /= weightShape[a];
        }
        boolean single = weightShape[0] == 1 && weightShape[1] == 1;
        int[] shown = single ? Arrays.copyOfRange(idx, 2, idx.length) : idx;
        int[] extent = single ? Arrays.copyOfRange(weightShape, 2, weightShape.length) : weightShape;
        StringBuilder sb = new StringBuilder("w");
        if (latex) {
            sb.append("_{");
        }
        boolean digits = !latex && single && Arrays.stream(extent).allMatch(e -> e <= 10);
        for (int a = 0; a < shown.length; a++) {
            if (a > 0 && !digits) {
                sb.append(',');
            }
            sb.append(shown[a]);
        }
        if (latex) {
            sb.append('}');
        }
        return sb.toString();
    }

    private String sum(int[] t, boolean latex) {
        if (t.length == 0) {
            return "0";
        }
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (i < t.length) {
            int k = i;
            while (k < t.length && t[k] == t[i]) {
                k++;
            }
            if (sb.length() > 0) {
                sb.append('+');
            }
            if (k - i > 1) {
                sb.append(k - i);
            }
            sb.append(name(t[i], latex));
            i = k;
        }
        return sb.toString();
    }

    private int find(int r, int c) {
        return pattern.indexOf(r, c);
    }
}
