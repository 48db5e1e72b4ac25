package org.convmatrix.testing;

import org.convmatrix.spec.AxisArithmetic;
import org.convmatrix.spec.ConvLayer;
import org.convmatrix.spec.ConvSpec;
import org.convmatrix.spec.Op;
import org.convmatrix.spec.Padding;
import org.convmatrix.spec.PaddingMode;
import org.convmatrix.spec.Tensor;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.SourceDSL;

/**
 * QuickTheories generators of valid layers, built valid by construction (channels as groups x
 * channels-per-group, per-axis geometry chosen so the kernel always fits), never by filtering.
 * Sizes stay small so that thousands of cases, dense checks included, run in seconds.
 */
public final class Layers {
    private Layers() {
    }

    /** How the generated numbers look. */
    public enum Values {
        /** Small integers in [-3, 3]: every sum of products is exact in double. */
        INTEGERS,
        /** Uniform doubles in [-1, 1). */
        DOUBLES
    }

    /** Which layers. */
    public enum Kind {
        CONV_ZEROS,
        CONV_ANY_PADDING_MODE,
        CONV_TRANSPOSE,
        ANY
    }

    /** Generates cases with 1 to 3 spatial dimensions. */
    public static Gen<GeneratedCase> cases(Kind kind, Values values) {
        return cases(kind, values, 3);
    }

    /**
     * @param kind     which ops and padding modes
     * @param values   integer-valued or real weights, bias and input
     * @param maxDims  the largest number of spatial dimensions (1 to 3)
     */
    public static Gen<GeneratedCase> cases(Kind kind, Values values, int maxDims) {
        return in -> {
            Gen<Integer> dimsGen = SourceDSL.integers().between(1, maxDims);
            int d = dimsGen.generate(in);
            Op op;
            switch (kind) {
                case CONV_TRANSPOSE:
                    op = Op.CONV_TRANSPOSE;
                    break;
                case ANY:
                    op = pick(in, 2) == 0 ? Op.CONV : Op.CONV_TRANSPOSE;
                    break;
                default:
                    op = Op.CONV;
            }
            int groups = 1 + pick(in, 3);
            int inPer = 1 + pick(in, 2);
            int outPer = 1 + pick(in, 2);
            int maxLen = d == 3 ? 4 : d == 2 ? 6 : 9;
            int[] k = new int[d];
            int[] s = new int[d];
            int[] dil = new int[d];
            int[] before = new int[d];
            int[] after = new int[d];
            int[] op2 = new int[d];
            int[] n = new int[d];
            PaddingMode mode = PaddingMode.ZEROS;
            if (op == Op.CONV && kind != Kind.CONV_ZEROS) {
                mode = PaddingMode.values()[pick(in, 4)];
            }
            int form = op == Op.CONV ? pick(in, 4) : 0; // 0 symmetric, 1 pairs, 2 same, 3 valid
            if (form == 2) {
                for (int a = 0; a < d; a++) {
                    s[a] = 1;
                }
            }
            for (int a = 0; a < d; a++) {
                k[a] = 1 + pick(in, d == 3 ? 2 : 3);
                if (form != 2) {
                    s[a] = 1 + pick(in, 3);
                }
                dil[a] = 1 + pick(in, 2);
                int span = dil[a] * (k[a] - 1);
                if (op == Op.CONV) {
                    switch (form) {
                        case 0:
                            before[a] = pick(in, 3);
                            after[a] = before[a];
                            break;
                        case 1:
                            before[a] = pick(in, 3);
                            after[a] = pick(in, 3);
                            break;
                        case 2:
                            before[a] = span / 2;
                            after[a] = span - span / 2;
                            break;
                        default:
                            break;
                    }
                    int minN = Math.max(1, span + 1 - before[a] - after[a]);
                    if (mode == PaddingMode.REFLECT) {
                        minN = Math.max(minN, Math.max(before[a], after[a]) + 1);
                    } else if (mode == PaddingMode.CIRCULAR) {
                        minN = Math.max(minN, Math.max(before[a], after[a]));
                    }
                    n[a] = minN + pick(in, Math.max(1, maxLen - minN + 1));
                } else {
                    n[a] = 1 + pick(in, Math.max(1, maxLen / 2));
                    op2[a] = pick(in, Math.max(s[a], dil[a]));
                    long full = AxisArithmetic.transposedLength(n[a], k[a], s[a], dil[a], 0, op2[a]);
                    int maxPad = (int) Math.min(2, (full - 1) / 2);
                    before[a] = pick(in, maxPad + 1);
                    after[a] = before[a];
                }
            }
            ConvSpec.Builder b = ConvSpec.builder(op, groups * inPer, groups * outPer, k).groups(groups).stride(s)
                    .dilation(dil).paddingMode(mode);
            if (op == Op.CONV_TRANSPOSE) {
                b.padding(before).outputPadding(op2);
            } else if (form == 0) {
                b.padding(before);
            } else if (form == 1) {
                b.padding(Padding.pairs(before, after));
            } else if (form == 2) {
                b.padding(Padding.same());
            } else {
                b.padding(Padding.valid());
            }
            ConvSpec spec = b.build();
            double[] w = numbers(in, values, spec.kernelVolume() * spec.weightShape()[0] * spec.weightShape()[1]);
            double[] bias = pick(in, 2) == 0 ? null : numbers(in, values, spec.outChannels());
            ConvLayer layer = ConvLayer.of(spec, w, bias);
            int batch = 1 + pick(in, 2);
            int[] shape = new int[d + 2];
            shape[0] = batch;
            shape[1] = spec.inChannels();
            int size = batch * spec.inChannels();
            for (int a = 0; a < d; a++) {
                shape[a + 2] = n[a];
                size *= n[a];
            }
            return new GeneratedCase(layer, Tensor.of(shape, numbers(in, values, size)));
        };
    }

    /** @return {@code count} numbers of the given kind */
    public static double[] numbers(org.quicktheories.core.RandomnessSource in, Values values, int count) {
        double[] x = new double[count];
        Gen<Integer> ints = SourceDSL.integers().between(-3, 3);
        Gen<Double> reals = SourceDSL.doubles().between(-1.0, 1.0);
        for (int i = 0; i < count; i++) {
            x[i] = values == Values.INTEGERS ? ints.generate(in) : reals.generate(in);
        }
        return x;
    }

    /** @return a uniform integer in {@code [0, bound)} */
    public static int pick(org.quicktheories.core.RandomnessSource in, int bound) {
        return SourceDSL.integers().between(0, bound - 1).generate(in);
    }
}
