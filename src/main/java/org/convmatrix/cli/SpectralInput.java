package org.convmatrix.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.convmatrix.io.AtomicFiles;
import org.convmatrix.io.CaseFile;
import org.convmatrix.io.CaseReader;
import org.convmatrix.spec.ConvLayer;
import org.convmatrix.spec.ConvSpec;
import org.convmatrix.spec.InvalidSpecException;
import org.convmatrix.spec.Tensor;
import org.convmatrix.spectral.CaseOperators;

/**
 * The layer of {@code spectrum} and {@code solve}: a positional case file, or the usual layer flags
 * ({@link LayerOptions}); and the case files these commands write (a case whose input is a given vector).
 */
final class SpectralInput {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SpectralInput() {
    }

    /** A resolved layer: the case when one was given, its operators. */
    record Source(CaseFile caseFile, ConvLayer layer, int[] inputSpatial, Path path) {
        CaseOperators.Operators operators(int threads) {
            return caseFile != null ? CaseOperators.of(caseFile, threads) : CaseOperators.of(layer, inputSpatial, threads);
        }
    }

    static Source resolve(Path casePath, LayerOptions flags) {
        if (casePath != null) {
            if (flags.anyLayerFlag() || flags.casePath != null) {
                throw new InvalidSpecException("case", "CASE: give the layer either as a case file or as flags, not both");
            }
            CaseFile c = CaseReader.read(casePath);
            if (!c.isConvolution()) {
                return new Source(c, null, null, casePath);
            }
            return new Source(c, c.conv(), c.conv().inputSpatial(c.inputShape()), casePath);
        }
        if (flags.casePath != null) {
            return resolve(flags.casePath, new LayerOptions());
        }
        LayerOptions.Resolved r = flags.resolve();
        return new Source(null, r.conv("spectrum and solve from flags"), r.inputSpatial(), null);
    }

    /**
     * Writes a case with the source's layer and {@code input} as its one-sample input (no expected): from a
     * case file its JSON with {@code input} replaced, from flags the layer's fields.
     */
    static void writeCase(Source s, Tensor input, Path out) throws IOException {
        ObjectNode root = s.path() != null ? (ObjectNode) JSON.readTree(Files.readString(s.path())) : fields(s.layer());
        root.remove("expected");
        root.set("input", tensor(input));
        AtomicFiles.writeString(out, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
    }

    private static ObjectNode fields(ConvLayer layer) {
        ConvSpec spec = layer.spec();
        ObjectNode o = JSON.createObjectNode();
        o.put("op", spec.op().jsonName());
        o.put("in_channels", spec.inChannels());
        o.put("out_channels", spec.outChannels());
        o.put("groups", spec.groups());
        o.set("kernel_size", ints(spec.kernelSize()));
        o.set("stride", ints(spec.stride()));
        ArrayNode pad = JSON.createArrayNode();
        for (int a = 0; a < spec.dims(); a++) {
            pad.add(JSON.createArrayNode().add(spec.padBefore(a)).add(spec.padAfter(a)));
        }
        if (spec.op() == org.convmatrix.spec.Op.CONV) {
            o.set("padding", pad);
        } else {
            int[] p = new int[spec.dims()];
            for (int a = 0; a < p.length; a++) {
                p[a] = spec.padBefore(a);
            }
            o.set("padding", ints(p));
            o.set("output_padding", ints(spec.outputPadding()));
        }
        o.set("dilation", ints(spec.dilation()));
        o.put("padding_mode", spec.paddingMode().jsonName());
        o.set("weight", tensor(layer.weight()));
        if (layer.hasBias()) {
            o.set("bias", tensor(Tensor.of(new int[] {spec.outChannels()}, layer.bias())));
        }
        return o;
    }

    static ObjectNode tensor(Tensor t) {
        ObjectNode o = JSON.createObjectNode();
        o.set("shape", ints(t.shape()));
        ArrayNode d = o.putArray("data");
        for (double v : t.data()) {
            d.add(v);
        }
        return o;
    }

    private static ArrayNode ints(int[] v) {
        ArrayNode a = JSON.createArrayNode();
        for (int x : v) {
            a.add(x);
        }
        return a;
    }

    /** @return a {@code {"shape", "data"}} file whose shape must be {@code [N, *sample]}, errors naming {@code flag} */
    static Tensor readTensor(Path file, int[] sample, String flag) throws IOException {
        JsonNode n;
        try {
            n = JSON.readTree(Files.readString(file));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InvalidSpecException("y", flag + ": " + file + " is not JSON: " + e.getOriginalMessage());
        }
        if (n == null || !n.path("shape").isArray() || !n.path("data").isArray()) {
            throw new InvalidSpecException("y", flag + ": " + file + " must be {\"shape\": [...], \"data\": [...]}");
        }
        int[] shape = new int[n.get("shape").size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = n.get("shape").get(i).asInt(-1);
        }
        if (shape.length != sample.length + 1 || shape[0] < 1
                || !Arrays.equals(Arrays.copyOfRange(shape, 1, shape.length), sample)) {
            throw new InvalidSpecException("y", flag + ": shape must be [N, " + Arrays.toString(sample).replaceAll("[\\[\\]]", "")
                    + "] (the layer's output) with N >= 1 but was " + Arrays.toString(shape));
        }
        JsonNode data = n.get("data");
        long size = Arrays.stream(shape).asLongStream().reduce(1, Math::multiplyExact);
        if (data.size() != size) {
            throw new InvalidSpecException("y", flag + ": data must hold " + size + " numbers but held " + data.size());
        }
        double[] v = new double[(int) size];
        for (int i = 0; i < v.length; i++) {
            if (!data.get(i).isNumber()) {
                throw new InvalidSpecException("y", flag + ": data[" + i + "] must be a number but was " + data.get(i));
            }
            v[i] = data.get(i).asDouble();
        }
        return Tensor.of(shape, v);
    }
}
