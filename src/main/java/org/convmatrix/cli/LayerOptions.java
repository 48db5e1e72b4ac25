package org.convmatrix.cli;

import org.convmatrix.spec.ArrayLimits;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import org.convmatrix.io.CaseFile;
import org.convmatrix.io.CaseReader;
import org.convmatrix.lower.KernelToMatrix;
import org.convmatrix.ops.Ops;
import org.convmatrix.render.LayerMatrices;
import org.convmatrix.lower.LoweredConv;
import org.convmatrix.spec.ConvLayer;
import org.convmatrix.spec.ConvSpec;
import org.convmatrix.spec.InvalidSpecException;
import org.convmatrix.spec.Layer;
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

    @Option(names = "--input", split = ",", paramLabel = "N", description = "spatial input size per axis, e.g. 7,6, "
            + "or one size for every axis (required with flags)")
    int[] input;

    @Option(names = "--weights", paramLabel = "KIND", description = "random (seeded uniform in [-1, 1], two decimals, "
            + "never 0) or symbolic (cells and LaTeX show w00, w01, ...; numeric files hold the weight's flat index + 1). "
            + "With --case the case's weights are used unless symbolic; default random")
    Weights weights;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "seed of the random weights; "
            + "default ${DEFAULT-VALUE}")
    long seed;

    @Option(names = "--weight", split = ",", paramLabel = "W", description = "explicit weights, flat in PyTorch's "
            + "layout (conv [out, in/groups, *kernel], conv_transpose [in, out/groups, *kernel]) row-major, e.g. "
            + "--kernel 2,2 --weight 1,2,3,4; the count must match that shape")
    double[] weightValues;

    @Option(names = "--bias", arity = "0..1", fallbackValue = "random", paramLabel = "B", description = "a bias for a "
            + "flag-built layer (shown in [A | b]): one value per output channel (--bias 0.5,-1), or random (also the "
            + "meaning of a bare --bias)")
    String bias;

    /**
     * A resolved layer: {@code any} and its input batch shape for every op; {@code layer} and {@code inputSpatial}
     * only for a convolution (null otherwise), for the commands' convolution-specific views.
     */
    record Resolved(ConvLayer layer, int[] inputSpatial, boolean symbolic, String source, Layer any, int[] inputShape) {
        /** A convolution resolved from flags: batch 1. */
        Resolved(ConvLayer layer, int[] inputSpatial, boolean symbolic, String source) {
            this(layer, inputSpatial, symbolic, source, layer, batchShape(layer, inputSpatial));
        }

        /** @return the matrices the views show: {@code W} of a convolution, {@code A} of any other op */
        LayerMatrices matrices() {
            if (layer != null) {
                return LayerMatrices.of(KernelToMatrix.lower(layer, inputSpatial));
            }
            return LayerMatrices.of(Ops.lower(any, inputShape), any.op() + " layer (" + source + ")");
        }

        /** @return whether the layer is a conv or conv_transpose */
        boolean convolution() {
            return layer != null;
        }

        /** @return the convolution; an error naming {@code op} for other ops */
        ConvLayer conv(String what) {
            if (layer == null) {
                throw new InvalidSpecException("op", what + " is available for op \"conv\" and \"conv_transpose\" "
                        + "only, but the case's op is \"" + any.op() + "\"");
            }
            return layer;
        }

        private static int[] batchShape(ConvLayer layer, int[] spatial) {
            int[] shape = new int[spatial.length + 2];
            shape[0] = 1;
            shape[1] = layer.spec().inChannels();
            System.arraycopy(spatial, 0, shape, 2, spatial.length);
            return shape;
        }
    }

    /** @return whether any layer flag (not --case) was given */
    boolean anyLayerFlag() {
        return op != null || inChannels != null || outChannels != null || groups != null || kernel != null
                || stride != null || padding != null || dilation != null || outputPadding != null || paddingMode != null
                || input != null || weightValues != null || bias != null;
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
            if (!c.isConvolution()) {
                if (symbolic) {
                    throw new InvalidSpecException("weights", "--weights symbolic: op \"" + c.layer().op() + "\" has no "
                            + "weights to name; symbolic entries exist for conv and conv_transpose only");
                }
                return new Resolved(null, null, false, casePath.toString(), c.layer(), c.inputShape());
            }
            ConvLayer conv = c.conv();
            int[] spatial = conv.inputSpatial(c.inputShape());
            ConvLayer layer = symbolic ? withIndexWeights(conv.spec(), conv.bias()) : conv;
            return new Resolved(layer, spatial, symbolic, casePath.toString(), layer, c.inputShape());
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
        int[] n = inputSpatial();
        try {
            spec.outputSpatial(n);
        } catch (InvalidSpecException e) {
            throw flagged(e);
        }
        double[] b = biasValues(spec);
        if (symbolic && weightValues != null) {
            throw new InvalidSpecException("weights", "--weights: symbolic and --weight (explicit values) exclude each other");
        }
        ConvLayer layer = symbolic ? withIndexWeights(spec, b) : ConvLayer.of(spec, weightValues(spec), b);
        return new Resolved(layer, n, symbolic, "flags");
    }

    /** @return {@code --input} with one size per axis of {@code --kernel} (a single size spread to all) */
    int[] inputSpatial() {
        if (input == null) {
            throw new InvalidSpecException("input", "--input: the spatial input size is required (e.g. --input 7,6)");
        }
        return perAxis("--input", input, kernel == null ? input.length : kernel.length);
    }

    /** @return the explicit weights (their count checked against the weight's shape) or seeded random ones */
    private double[] weightValues(ConvSpec spec) {
        int count = weightCount(spec);
        if (weightValues == null) {
            return randomValues(new Random(seed), count);
        }
        if (weightValues.length != count) {
            throw new InvalidSpecException("weight", "--weight: the weight " + Arrays.toString(spec.weightShape())
                    + " needs " + count + " values (flat, row-major) but " + weightValues.length + " were given");
        }
        return weightValues.clone();
    }

    /** @return {@code --bias}: null without it, seeded random for a bare one, else its values per out channel */
    private double[] biasValues(ConvSpec spec) {
        if (bias == null) {
            return null;
        }
        if (bias.trim().equalsIgnoreCase("random")) {
            return randomValues(new Random(seed + 1), spec.outChannels());
        }
        String[] parts = bias.split(",");
        double[] b = new double[parts.length];
        try {
            for (int i = 0; i < parts.length; i++) {
                b[i] = Double.parseDouble(parts[i].trim());
            }
        } catch (NumberFormatException e) {
            throw new InvalidSpecException("bias", "--bias: must be numbers, one per output channel, or random but was '"
                    + bias + "'");
        }
        if (b.length != spec.outChannels()) {
            throw new InvalidSpecException("bias", "--bias: needs " + spec.outChannels() + " values (one per output "
                    + "channel) but " + b.length + " were given");
        }
        return b;
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
                b.stride(perAxis("--stride", stride, kernel.length));
            }
            if (dilation != null) {
                b.dilation(perAxis("--dilation", dilation, kernel.length));
            }
            if (outputPadding != null) {
                b.outputPadding(perAxis("--output-padding", outputPadding, kernel.length));
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
            if (n > ArrayLimits.MAX_ARRAY) {
                throw new InvalidSpecException("in_channels", "--in-channels/--out-channels/--kernel: the weight "
                        + java.util.Arrays.toString(spec.weightShape()) + " has more than " + ArrayLimits.MAX_ARRAY
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

    /**
     * The one spreading rule of every per-axis flag: one value is used on every axis (as PyTorch spreads an
     * int), otherwise there must be one value per axis of {@code --kernel}.
     *
     * @throws InvalidSpecException naming the flag when the count is neither 1 nor {@code d}
     */
    static int[] perAxis(String flag, int[] v, int d) {
        if (v.length == 1) {
            int[] all = new int[d];
            Arrays.fill(all, v[0]);
            return all;
        }
        if (v.length != d) {
            throw new InvalidSpecException(flag.substring(2).replace('-', '_'), flag + ": must have 1 value (for every "
                    + "axis) or " + d + " (one per axis of --kernel) but had " + v.length);
        }
        return v.clone();
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
                return Padding.pairs(perAxis("--padding", before, d), perAxis("--padding", after, d));
            }
            int[] p = new int[parts.length];
            for (int a = 0; a < parts.length; a++) {
                p[a] = Integer.parseInt(parts[a].trim());
            }
            return Padding.symmetric(perAxis("--padding", p, d));
        } catch (NumberFormatException e) {
            throw new InvalidSpecException("padding", "padding must be integers per axis (1,0), before:after pairs "
                    + "(1:2,0:0), same or valid but was '" + text + "'");
        }
    }

    /** @return the exception with the flag name in front of the message */
    /**
     * The matrices the views show ({@link Resolved#matrices()}); a convolution's size is checked from the closed
     * form before anything is built, a refusal naming the flag ({@code --input}) or, for a case, the field.
     */
    LayerMatrices matrices(Resolved r) {
        return r.convolution() ? LayerMatrices.of(lower(r)) : r.matrices();
    }

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
            case "weight":
            case "weights":
                return "--" + field;
            default:
                return "--" + field.replace('_', '-');
        }
    }
}
