package org.convmatrix.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import org.convmatrix.io.CaseFile;
import org.convmatrix.io.CaseReader;
import org.convmatrix.lower.KernelToMatrix;
import org.convmatrix.lower.LoweredConv;
import org.convmatrix.spec.ConvLayer;
import org.convmatrix.spec.ConvSpec;
import org.convmatrix.spec.InvalidSpecException;
import org.convmatrix.spec.Op;
import org.convmatrix.spec.Padding;
import org.convmatrix.spec.PaddingMode;
import picocli.CommandLine.Option;

/**
 * The layer flags shared by {@code shape}, {@code matrix}, {@code heatmap} and {@code overlap}: either
 * {@code --case FILE} (shared/case-format.md) or flags named as PyTorch's constructor arguments. The
 * flags are validated by {@link ConvSpec.Builder#build()}; its errors are reported with the flag's name,
 * e.g. {@code --stride: stride[1] must be >= 1 but was 0}.
 */
final class LayerOptions {
    /** How weights are made when the layer comes from flags. */
    enum Weights {
        random,
        symbolic
    }

    @Option(names = "--case", paramLabel = "FILE", description = "take the layer, its weights and the input shape from "
            + "a case file (shared/case-format.md) instead of the flags below")
    Path casePath;

    @Option(names = "--op", paramLabel = "OP", description = "conv (PyTorch Conv1d/2d/3d) or conv_transpose "
            + "(ConvTranspose1d/2d/3d); default conv")
    String op;

    @Option(names = "--in-channels", paramLabel = "N", description = "in_channels; default 1")
    Integer inChannels;

    @Option(names = "--out-channels", paramLabel = "N", description = "out_channels; default 1")
    Integer outChannels;

    @Option(names = "--groups", paramLabel = "N", description = "groups; default 1")
    Integer groups;

    @Option(names = {"--kernel", "--kernel-size"}, split = ",", paramLabel = "K", description = "kernel_size, one per "
            + "spatial axis, e.g. 3,3 (its length is the number of spatial axes)")
    int[] kernel;

    @Option(names = "--stride", split = ",", paramLabel = "S", description = "stride per axis; default 1")
    int[] stride;

    @Option(names = "--padding", paramLabel = "P", description = "padding per axis (1,0), or before:after pairs "
            + "(1:2,0:0, conv only), or same / valid (conv only); default 0")
    String padding;

    @Option(names = "--dilation", split = ",", paramLabel = "D", description = "dilation per axis; default 1")
    int[] dilation;

    @Option(names = "--output-padding", split = ",", paramLabel = "OP", description = "output_padding per axis "
            + "(conv_transpose only); default 0")
    int[] outputPadding;

    @Option(names = "--padding-mode", paramLabel = "MODE", description = "zeros, reflect, replicate or circular "
            + "(conv only); default zeros")
    String paddingMode;

    @Option(names = "--input", split = ",", paramLabel = "N", description = "spatial input size per axis, e.g. 7,6 "
            + "(required with flags)")
    int[] input;

    @Option(names = "--weights", paramLabel = "KIND", description = "random (seeded uniform in [-1, 1], two decimals, "
            + "never 0) or symbolic (cells and LaTeX show w00, w01, ...; numeric files hold the weight's flat index + 1). "
            + "With --case the case's weights are used unless symbolic; default random")
    Weights weights;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "seed of the random weights; "
            + "default ${DEFAULT-VALUE}")
    long seed;

    @Option(names = "--bias", description = "give a flag-built layer a random bias (shown in [A | b])")
    boolean bias;

    /** A layer ready for lowering. */
    record Resolved(ConvLayer layer, int[] inputSpatial, boolean symbolic, String source) {
    }

    /** @return whether any layer flag (not --case) was given */
    boolean anyLayerFlag() {
        return op != null || inChannels != null || outChannels != null || groups != null || kernel != null
                || stride != null || padding != null || dilation != null || outputPadding != null || paddingMode != null
                || input != null;
    }

    /** Builds the layer, mapping case-field errors to flag names. */
    Resolved resolve() {
        boolean symbolic = weights == Weights.symbolic;
        if (casePath != null) {
            if (anyLayerFlag()) {
                throw new InvalidSpecException("case", "--case: give the layer either as a case file or as flags "
                        + "(--op, --kernel, --input, ...), not both");
            }
            CaseFile c = CaseReader.read(casePath);
            int[] spatial = c.layer().inputSpatial(c.input().shape());
            ConvLayer layer = symbolic ? withIndexWeights(c.layer().spec(), c.layer().bias()) : c.layer();
            return new Resolved(layer, spatial, symbolic, casePath.toString());
        }
        if (kernel == null) {
            throw new InvalidSpecException("kernel_size", "--kernel: the kernel size is required (e.g. --kernel 3,3), "
                    + "or give a layer with --case FILE");
        }
        if (input == null) {
            throw new InvalidSpecException("input", "--input: the spatial input size is required (e.g. --input "
                    + String.join(",", java.util.Collections.nCopies(kernel.length, "5")) + ")");
        }
        ConvSpec spec = spec();
        try {
            spec.outputSpatial(input);
        } catch (InvalidSpecException e) {
            throw flagged(e);
        }
        double[] b = null;
        Random rnd = new Random(seed);
        if (bias) {
            b = randomValues(new Random(seed + 1), spec.outChannels());
        }
        ConvLayer layer = symbolic ? withIndexWeights(spec, b) : ConvLayer.of(spec, randomValues(rnd, weightCount(spec)), b);
        return new Resolved(layer, input.clone(), symbolic, "flags");
    }

    /** @return the spec from the flags (no input needed), errors naming the flag */
    ConvSpec spec() {
        try {
            Op o = op == null ? Op.CONV : Op.fromJson(op);
            if (kernel == null) {
                throw new InvalidSpecException("kernel_size", "kernel_size is required (e.g. --kernel 3,3)");
            }
            ConvSpec.Builder b = ConvSpec.builder(o, inChannels == null ? 1 : inChannels,
                    outChannels == null ? 1 : outChannels, kernel);
            if (groups != null) {
                b.groups(groups);
            }
            if (stride != null) {
                b.stride(expand(stride, kernel.length));
            }
            if (dilation != null) {
                b.dilation(expand(dilation, kernel.length));
            }
            if (outputPadding != null) {
                b.outputPadding(expand(outputPadding, kernel.length));
            }
            if (padding != null) {
                b.padding(parsePadding(padding, kernel.length));
            }
            if (paddingMode != null) {
                b.paddingMode(PaddingMode.fromJson(paddingMode));
            }
            return b.build();
        } catch (InvalidSpecException e) {
            throw flagged(e);
        }
    }

    /** @return the layer with weights {@code w[j] = j + 1}: numeric output then carries the weight index */
    static ConvLayer withIndexWeights(ConvSpec spec, double[] bias) {
        double[] w = new double[weightCount(spec)];
        for (int j = 0; j < w.length; j++) {
            w[j] = j + 1;
        }
        return ConvLayer.of(spec, w, bias);
    }

    static int weightCount(ConvSpec spec) {
        long n = 1;
        for (int s : spec.weightShape()) {
            n *= s;
            if (n > Integer.MAX_VALUE - 8) {
                throw new InvalidSpecException("in_channels", "--in-channels/--out-channels/--kernel: the weight "
                        + java.util.Arrays.toString(spec.weightShape()) + " has more than " + (Integer.MAX_VALUE - 8)
                        + " elements");
            }
        }
        return (int) n;
    }

    /** Uniform in [-1, 1], rounded to two decimals, never 0 (so every stored zero is a real zero weight). */
    static double[] randomValues(Random rnd, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            double x;
            do {
                x = Math.round((rnd.nextDouble() * 2 - 1) * 100) / 100.0;
            } while (x == 0);
            v[i] = x;
        }
        return v;
    }

    private static int[] expand(int[] v, int d) {
        if (v.length == 1 && d > 1) {
            int[] all = new int[d];
            Arrays.fill(all, v[0]);
            return all;
        }
        return v;
    }

    private static Padding parsePadding(String text, int d) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("same")) {
            return Padding.same();
        }
        if (t.equals("valid")) {
            return Padding.valid();
        }
        String[] parts = t.split(",");
        try {
            if (t.contains(":")) {
                int[] before = new int[parts.length];
                int[] after = new int[parts.length];
                for (int a = 0; a < parts.length; a++) {
                    String[] ba = parts[a].split(":");
                    if (ba.length != 2) {
                        throw new NumberFormatException(parts[a]);
                    }
                    before[a] = Integer.parseInt(ba[0].trim());
                    after[a] = Integer.parseInt(ba[1].trim());
                }
                return Padding.pairs(before, after);
            }
            int[] p = new int[parts.length];
            for (int a = 0; a < parts.length; a++) {
                p[a] = Integer.parseInt(parts[a].trim());
            }
            return Padding.symmetric(expand(p, d));
        } catch (NumberFormatException e) {
            throw new InvalidSpecException("padding", "padding must be integers per axis (1,0), before:after pairs "
                    + "(1:2,0:0), same or valid but was '" + text + "'");
        }
    }

    /** @return the exception with the flag name in front of the message */
    /**
     * Lowers the resolved layer, its size checked from the closed form before anything is built; a refusal
     * names the flag ({@code --input}) or, for a case, the field.
     */
    LoweredConv lower(Resolved r) {
        try {
            KernelToMatrix.requireStorable(r.layer().spec(), r.inputSpatial());
            return KernelToMatrix.lower(r.layer(), r.inputSpatial());
        } catch (InvalidSpecException e) {
            throw blame(e);
        }
    }

    /**
     * @return {@code e} naming the flag its field came from, or unchanged when the layer came from
     *     {@code --case} (then the field is the case's, not a flag's)
     */
    InvalidSpecException blame(InvalidSpecException e) {
        return casePath != null ? e : flagged(e);
    }

    static InvalidSpecException flagged(InvalidSpecException e) {
        String flag = flagOf(e.field());
        String msg = e.getMessage();
        return msg.startsWith(flag) ? e : new InvalidSpecException(e.field(), flag + ": " + msg);
    }

    static String flagOf(String field) {
        switch (field) {
            case "kernel_size":
                return "--kernel";
            case "input":
            case "op":
            case "stride":
            case "dilation":
            case "padding":
            case "groups":
            case "case":
            case "bias":
                return "--" + field;
            default:
                return "--" + field.replace('_', '-');
        }
    }
}
