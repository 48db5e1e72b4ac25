package org.convmatrix.ops;

import com.fasterxml.jackson.databind.JsonNode;
import org.convmatrix.io.CaseFields;
import org.convmatrix.lower.KernelToMatrix;
import org.convmatrix.lower.LoweredConv;
import org.convmatrix.lower.LoweredLayer;
import org.convmatrix.reference.ConvolutionBackward;
import org.convmatrix.reference.DirectConvolution;
import org.convmatrix.reference.ScatterTransposedConvolution;
import org.convmatrix.spec.ConvLayer;
import org.convmatrix.spec.ConvSpec;
import org.convmatrix.spec.InvalidSpecException;
import org.convmatrix.spec.Op;
import org.convmatrix.spec.Padding;
import org.convmatrix.spec.PaddingMode;
import org.convmatrix.spec.Tensor;

/**
 * The two convolution ops, {@code conv} and {@code conv_transpose}: fields as PyTorch's {@code Conv*d} /
 * {@code ConvTranspose*d}, lowered by {@link KernelToMatrix} ({@code A = W} for conv, {@code A = Wᵀ} held as
 * {@code W} for conv_transpose), direct forwards {@link DirectConvolution} / {@link ScatterTransposedConvolution},
 * backwards {@link ConvolutionBackward}.
 *
 * <p>Besides the exact forms of the case format the reader accepts what PyTorch accepts for the same field: one
 * integer for a per-axis setting ({@code "stride": 2}; a single {@code kernel_size} takes its number of axes
 * from the weight's rank) and an integral float such as {@code 2.0} where an integer goes.
 */
public abstract class ConvKind implements OpKind<ConvLayer> {
    private final Op op;

    private ConvKind(Op op) {
        this.op = op;
    }

    /** {@code conv}: PyTorch's {@code Conv1d/2d/3d}. */
    public static final class Conv extends ConvKind {
        public Conv() {
            super(Op.CONV);
        }

        @Override
        public Tensor forward(ConvLayer layer, Tensor input) {
            return DirectConvolution.apply(layer, input);
        }

        @Override
        public Tensor backward(ConvLayer layer, int[] inputShape, Tensor gradOutput) {
            return ConvolutionBackward.ofConv(layer, inputShape, gradOutput);
        }
    }

    /** {@code conv_transpose}: PyTorch's {@code ConvTranspose1d/2d/3d}. */
    public static final class Transpose extends ConvKind {
        public Transpose() {
            super(Op.CONV_TRANSPOSE);
        }

        @Override
        public Tensor forward(ConvLayer layer, Tensor input) {
            return ScatterTransposedConvolution.apply(layer, input);
        }

        @Override
        public Tensor backward(ConvLayer layer, int[] inputShape, Tensor gradOutput) {
            return ConvolutionBackward.ofTranspose(layer, inputShape, gradOutput);
        }
    }

    /** The convolution with {@code |w|} and {@code |b|}: taps that padding merges into one entry of W count apart. */
    @Override
    public Tensor magnitude(ConvLayer layer, int[] inputShape, Tensor absInput) {
        return forward(absolute(layer), absInput);
    }

    @Override
    public Tensor magnitudeOfBackward(ConvLayer layer, int[] inputShape, Tensor absGrad) {
        return backward(absolute(layer), inputShape, absGrad);
    }

    @Override
    public long roundings(ConvLayer layer, int[] inputShape) {
        return roundings(layer);
    }

    /** @return products per output (channels per group times kernel volume) plus the bias, and one more */
    public static long roundings(ConvLayer layer) {
        ConvSpec spec = layer.spec();
        return (long) Math.max(spec.inChannelsPerGroup(), spec.outChannelsPerGroup()) * spec.kernelVolume() + 2;
    }

    /** @return the layer with {@code |w|} and {@code |b|}: applied to {@code |x|}, the scale of its rounding errors */
    public static ConvLayer absolute(ConvLayer layer) {
        double[] b = layer.hasBias() ? MagnitudeOfMatrix.abs(layer.bias()) : null;
        return ConvLayer.of(layer.spec(), MagnitudeOfMatrix.abs(layer.weight().data()), b);
    }

    @Override
    public String name() {
        return op.jsonName();
    }

    @Override
    public Class<ConvLayer> type() {
        return ConvLayer.class;
    }

    @Override
    public LoweredLayer lower(ConvLayer layer, int[] inputShape) {
        int[] outputShape = layer.outputShape(inputShape);
        LoweredConv lc = KernelToMatrix.lower(layer, layer.inputSpatial(inputShape));
        double[] bias = layer.hasBias() ? lc.biasVector() : null;
        return op == Op.CONV ? LoweredLayer.of(lc.matrix(), bias, inputShape, outputShape)
                : LoweredLayer.ofTransposed(lc.matrix(), bias, inputShape, outputShape);
    }

    @Override
    public ConvLayer read(CaseFields f, int[] inputShape) {
        int in = f.requiredInt("in_channels");
        int out = f.requiredInt("out_channels");
        Tensor weight = f.requiredTensor("weight");
        int[] kernel = kernelSize(f, weight);
        int d = kernel.length;
        ConvSpec.Builder b = ConvSpec.builder(op, in, out, kernel);
        if (f.has("groups")) {
            b.groups(f.requiredInt("groups"));
        }
        int[] stride = f.perAxisInts("stride", d);
        if (stride != null) {
            b.stride(stride);
        }
        int[] dilation = f.perAxisInts("dilation", d);
        if (dilation != null) {
            b.dilation(dilation);
        }
        int[] outputPadding = f.perAxisInts("output_padding", d);
        if (outputPadding != null) {
            b.outputPadding(outputPadding);
        }
        JsonNode padding = f.get("padding");
        if (padding != null) {
            b.padding(padding(f, padding, d));
        }
        JsonNode mode = f.get("padding_mode");
        if (mode != null) {
            if (!mode.isTextual()) {
                throw new InvalidSpecException(f.field("padding_mode"), f.field("padding_mode") + " must be one of "
                        + "\"zeros\", \"reflect\", \"replicate\", \"circular\" but was " + mode);
            }
            b.paddingMode(PaddingMode.fromJson(mode.asText()));
        }
        ConvSpec spec = b.build();
        return ConvLayer.of(spec, weight, f.optTensor("bias"));
    }

    private static int[] kernelSize(CaseFields f, Tensor weight) {
        JsonNode k = f.get("kernel_size");
        if (k == null) {
            throw new InvalidSpecException(f.field("kernel_size"), f.field("kernel_size") + " is required but is missing");
        }
        if (k.isArray()) {
            return f.perAxisInts("kernel_size", -1);
        }
        int d = weight.rank() - 2;
        if (d < 1) {
            throw new InvalidSpecException(f.field("kernel_size"), f.field("kernel_size") + " must be a list with one "
                    + "integer per spatial dimension but was " + k + " (and weight.shape has no spatial dimensions to "
                    + "infer them from)");
        }
        return f.perAxisInts("kernel_size", d);
    }

    private static Padding padding(CaseFields f, JsonNode n, int d) {
        String field = f.field("padding");
        if (n.isTextual()) {
            switch (n.asText()) {
                case "same":
                    return Padding.same();
                case "valid":
                    return Padding.valid();
                default:
                    throw new InvalidSpecException(field, field + " must be an integer, one integer or [before, after] "
                            + "pair per axis, \"same\" or \"valid\" but was " + n);
            }
        }
        if (!n.isArray()) {
            return Padding.symmetric(f.perAxisInts("padding", d));
        }
        boolean pairs = false;
        for (JsonNode e : n) {
            pairs |= e.isArray();
        }
        if (!pairs) {
            return Padding.symmetric(f.perAxisInts("padding", -1));
        }
        int[] before = new int[n.size()];
        int[] after = new int[n.size()];
        for (int a = 0; a < n.size(); a++) {
            JsonNode e = n.get(a);
            if (e.isArray()) {
                if (e.size() != 2) {
                    throw new InvalidSpecException(field, field + "[" + a + "] must be an integer or a [before, after] "
                            + "pair but was " + e);
                }
                before[a] = CaseFields.integer(e.get(0), field, field + "[" + a + "][0]");
                after[a] = CaseFields.integer(e.get(1), field, field + "[" + a + "][1]");
            } else {
                before[a] = CaseFields.integer(e, field, field + "[" + a + "]");
                after[a] = before[a];
            }
        }
        return Padding.pairs(before, after);
    }
}
