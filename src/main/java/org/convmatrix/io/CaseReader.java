package org.convmatrix.io;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import org.convmatrix.spec.ConvLayer;
import org.convmatrix.spec.ConvSpec;
import org.convmatrix.spec.InvalidSpecException;
import org.convmatrix.spec.Op;
import org.convmatrix.spec.Padding;
import org.convmatrix.spec.PaddingMode;
import org.convmatrix.spec.Tensor;

/**
 * Reads and validates a case file. Every problem becomes an {@link InvalidSpecException} whose message
 * names the top-level field, the value and what is allowed; the reader never lets a Jackson or
 * arithmetic exception through.
 *
 * <p>Besides the exact forms of the case format it accepts what PyTorch accepts for the same field:
 * a single integer for a per-axis setting ({@code "stride": 2} means 2 on every axis; a single
 * {@code kernel_size} takes its number of axes from the weight's rank), and an integral float such as
 * {@code 2.0} where an integer goes. Unknown fields are ignored; a field given twice, or text after the
 * case's object, makes the file invalid.
 * Stateless and thread-safe.
 */
public final class CaseReader {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private CaseReader() {
    }

    /** Reads a case file; an unreadable or unparseable file names field {@code case}. */
    public static CaseFile read(Path path) {
        String text;
        try {
            text = Files.readString(path);
        } catch (NoSuchFileException e) {
            throw new InvalidSpecException("case", "case file " + path + " does not exist");
        } catch (IOException | RuntimeException e) {
            throw new InvalidSpecException("case", "case file " + path + " cannot be read: " + e.getMessage());
        }
        return parse(text);
    }

    /** Parses and validates the JSON text of a case. */
    public static CaseFile parse(String text) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new InvalidSpecException("case", "case is not valid JSON: " + e.getOriginalMessage().replace('\n', ' ')
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
        }
        if (root == null || !root.isObject()) {
            throw new InvalidSpecException("case", "case must be a JSON object with the fields of the case format");
        }
        try {
            return fromTree(root);
        } catch (ArithmeticException e) {
            throw new InvalidSpecException("input", "input: the layer's sizes for this input overflow the integer "
                    + "range (" + e.getMessage() + ")");
        }
    }

    private static CaseFile fromTree(JsonNode root) {
        Op op = Op.fromJson(requiredString(root, "op"));
        int in = requiredInt(root, "in_channels");
        int out = requiredInt(root, "out_channels");
        Tensor weight = requiredTensor(root, "weight");
        int[] kernel = kernelSize(root, weight);
        int d = kernel.length;
        ConvSpec.Builder b = ConvSpec.builder(op, in, out, kernel);
        if (present(root, "groups")) {
            b.groups(intValue(root.get("groups"), "groups", "groups"));
        }
        if (present(root, "stride")) {
            b.stride(perAxis(root, "stride", d));
        }
        if (present(root, "dilation")) {
            b.dilation(perAxis(root, "dilation", d));
        }
        if (present(root, "output_padding")) {
            b.outputPadding(perAxis(root, "output_padding", d));
        }
        if (present(root, "padding")) {
            b.padding(padding(root.get("padding"), d));
        }
        if (present(root, "padding_mode")) {
            JsonNode m = root.get("padding_mode");
            if (!m.isTextual()) {
                throw new InvalidSpecException("padding_mode", "padding_mode must be one of \"zeros\", \"reflect\", "
                        + "\"replicate\", \"circular\" but was " + m);
            }
            b.paddingMode(PaddingMode.fromJson(m.asText()));
        }
        ConvSpec spec = b.build();
        Tensor bias = present(root, "bias") ? tensor(root.get("bias"), "bias") : null;
        ConvLayer layer = ConvLayer.of(spec, weight, bias);
        Tensor input = requiredTensor(root, "input");
        int[] outShape = layer.outputShape(input.shape());
        Tensor expected = null;
        if (present(root, "expected")) {
            expected = tensor(root.get("expected"), "expected");
            if (!Arrays.equals(expected.shape(), outShape)) {
                throw new InvalidSpecException("expected", "expected.shape must be the layer's output shape "
                        + Arrays.toString(outShape) + " but was " + Arrays.toString(expected.shape()));
            }
        }
        JsonNode name = root.get("name");
        return new CaseFile(name != null && name.isTextual() ? name.asText() : null, layer, input, expected);
    }

    private static boolean present(JsonNode root, String field) {
        JsonNode n = root.get(field);
        return n != null && !n.isNull();
    }

    private static String requiredString(JsonNode root, String field) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            throw new InvalidSpecException(field, field + " is required but is missing");
        }
        if (!n.isTextual()) {
            throw new InvalidSpecException(field, field + " must be a string but was " + n);
        }
        return n.asText();
    }

    private static int requiredInt(JsonNode root, String field) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            throw new InvalidSpecException(field, field + " is required but is missing");
        }
        return intValue(n, field, field);
    }

    /** An integer JSON number (an integral float such as {@code 2.0} is accepted). */
    static int intValue(JsonNode n, String field, String what) {
        if (n.isIntegralNumber() && n.canConvertToInt()) {
            return n.intValue();
        }
        if (n.isFloatingPointNumber()) {
            double v = n.doubleValue();
            if (v == Math.rint(v) && Math.abs(v) <= Integer.MAX_VALUE) {
                return (int) v;
            }
        }
        throw new InvalidSpecException(field, what + " must be an integer in [" + Integer.MIN_VALUE + ", "
                + Integer.MAX_VALUE + "] but was " + n);
    }

    private static int[] kernelSize(JsonNode root, Tensor weight) {
        JsonNode k = root.get("kernel_size");
        if (k == null || k.isNull()) {
            throw new InvalidSpecException("kernel_size", "kernel_size is required but is missing");
        }
        if (k.isArray()) {
            return intArray(k, "kernel_size");
        }
        int d = weight.rank() - 2;
        if (d < 1) {
            throw new InvalidSpecException("kernel_size", "kernel_size must be a list with one integer per spatial "
                    + "dimension but was " + k + " (and weight.shape has no spatial dimensions to infer them from)");
        }
        int[] all = new int[d];
        Arrays.fill(all, intValue(k, "kernel_size", "kernel_size"));
        return all;
    }

    private static int[] perAxis(JsonNode root, String field, int d) {
        JsonNode n = root.get(field);
        if (n.isArray()) {
            return intArray(n, field);
        }
        int[] all = new int[d];
        Arrays.fill(all, intValue(n, field, field));
        return all;
    }

    private static int[] intArray(JsonNode n, String field) {
        int[] r = new int[n.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = intValue(n.get(i), field, field + "[" + i + "]");
        }
        return r;
    }

    private static Padding padding(JsonNode n, int d) {
        if (n.isTextual()) {
            switch (n.asText()) {
                case "same":
                    return Padding.same();
                case "valid":
                    return Padding.valid();
                default:
                    throw new InvalidSpecException("padding", "padding must be an integer, one integer or [before, after] "
                            + "pair per axis, \"same\" or \"valid\" but was " + n);
            }
        }
        if (!n.isArray()) {
            int[] all = new int[d];
            Arrays.fill(all, intValue(n, "padding", "padding"));
            return Padding.symmetric(all);
        }
        boolean pairs = false;
        for (JsonNode e : n) {
            pairs |= e.isArray();
        }
        int[] before = new int[n.size()];
        int[] after = new int[n.size()];
        for (int a = 0; a < n.size(); a++) {
            JsonNode e = n.get(a);
            if (e.isArray()) {
                if (e.size() != 2) {
                    throw new InvalidSpecException("padding", "padding[" + a + "] must be an integer or a [before, after] "
                            + "pair but was " + e);
                }
                before[a] = intValue(e.get(0), "padding", "padding[" + a + "][0]");
                after[a] = intValue(e.get(1), "padding", "padding[" + a + "][1]");
            } else {
                before[a] = intValue(e, "padding", "padding[" + a + "]");
                after[a] = before[a];
            }
        }
        return pairs ? Padding.pairs(before, after) : Padding.symmetric(before);
    }

    private static Tensor requiredTensor(JsonNode root, String field) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            throw new InvalidSpecException(field, field + " is required (a {\"shape\": [...], \"data\": [...]} tensor) "
                    + "but is missing");
        }
        return tensor(n, field);
    }

    /** Reads {@code {"shape": [...], "data": [...]}}, checking that the data fill the shape. */
    static Tensor tensor(JsonNode n, String field) {
        if (!n.isObject()) {
            throw new InvalidSpecException(field, field + " must be a {\"shape\": [...], \"data\": [...]} tensor but was "
                    + abbreviate(n));
        }
        JsonNode shapeNode = n.get("shape");
        JsonNode dataNode = n.get("data");
        if (shapeNode == null || !shapeNode.isArray()) {
            throw new InvalidSpecException(field, field + ".shape must be a list of non-negative integers but was "
                    + (shapeNode == null ? "missing" : abbreviate(shapeNode)));
        }
        if (dataNode == null || !dataNode.isArray()) {
            throw new InvalidSpecException(field, field + ".data must be a flat list of numbers but was "
                    + (dataNode == null ? "missing" : abbreviate(dataNode)));
        }
        int[] shape = new int[shapeNode.size()];
        for (int a = 0; a < shape.length; a++) {
            shape[a] = intValue(shapeNode.get(a), field, field + ".shape[" + a + "]");
        }
        double[] data = new double[dataNode.size()];
        for (int i = 0; i < data.length; i++) {
            JsonNode e = dataNode.get(i);
            if (!e.isNumber()) {
                throw new InvalidSpecException(field, field + ".data[" + i + "] must be a number but was " + abbreviate(e));
            }
            data[i] = e.doubleValue();
        }
        return Tensor.ofOwned(field, shape, data);
    }

    private static String abbreviate(JsonNode n) {
        String s = n.toString();
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }
}
