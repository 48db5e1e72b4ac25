package org.convmatrix.io;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.CharConversionException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import org.convmatrix.ops.OpKind;
import org.convmatrix.ops.Ops;
import org.convmatrix.spec.InvalidSpecException;
import org.convmatrix.spec.Layer;
import org.convmatrix.spec.Tensor;

/**
 * Reads and validates a case file. Every problem becomes an {@link InvalidSpecException} whose message
 * names the top-level field, the value and what is allowed; the reader never lets a Jackson or
 * arithmetic exception through.
 *
 * <p>The {@code op} picks the layer's reader from the registry ({@link Ops}); the reader reads
 * {@code input.shape} first (its {@code data} may be absent where only the shape is needed), then the op's
 * fields, then the optional {@code expected}, {@code grad_output} and {@code expected_grad_input}, each checked
 * against the shape it must have. Keys are checked: a key the case format does not define for the op is an
 * error naming it (except {@code name} and keys starting with {@code _}); a field given twice, text after the
 * case's object, and a number that is not finite as a double ({@code NaN}, {@code Infinity}, {@code 1e400})
 * make the file invalid, naming the field and the index.
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

    /**
     * Reads a case file, streaming: tensor data go from the file into {@code double[]} without a tree of nodes
     * ({@link StreamedTensors}), so memory stays near eight bytes per number. An unreadable or unparseable file
     * names field {@code case}; a file too large for this JVM's heap says so.
     */
    public static CaseFile read(Path path) {
        try (InputStream in = Files.newInputStream(path); JsonParser p = JSON.createParser(in)) {
            return parse(p);
        } catch (NoSuchFileException e) {
            throw new InvalidSpecException("case", "case file " + path + " does not exist");
        } catch (CharConversionException | java.nio.charset.CharacterCodingException e) {
            throw new InvalidSpecException("case", "case file " + path + " cannot be read: it is not UTF-8 text ("
                    + e.getMessage() + ")");
        } catch (JsonProcessingException e) {
            throw notJson(e);
        } catch (OutOfMemoryError e) {
            throw new InvalidSpecException("case", "case file " + path + " is too large to read in this JVM's heap ("
                    + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB): raise -Xmx");
        } catch (IOException | RuntimeException e) {
            if (e instanceof InvalidSpecException) {
                throw (InvalidSpecException) e;
            }
            throw new InvalidSpecException("case", "case file " + path + " cannot be read: " + e.getMessage());
        }
    }

    /** Parses and validates the JSON text of a case. */
    public static CaseFile parse(String text) {
        try (JsonParser p = JSON.createParser(text)) {
            return parse(p);
        } catch (JsonProcessingException e) {
            throw notJson(e);
        } catch (IOException e) {
            throw new InvalidSpecException("case", "case cannot be read: " + e.getMessage());
        }
    }

    private static CaseFile parse(JsonParser p) throws IOException {
        StreamedTensors streamed = new StreamedTensors();
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw new InvalidSpecException("case", "case must be a JSON object with the fields of the case format");
        }
        JsonNode root = streamed.read(p);
        if (p.nextToken() != null) {
            throw new InvalidSpecException("case", "case is not valid JSON: text after the case's object (line "
                    + p.currentLocation().getLineNr() + ", column " + p.currentLocation().getColumnNr() + ")");
        }
        try {
            return fromTree(CaseFields.streamed(root, streamed));
        } catch (ArithmeticException e) {
            throw new InvalidSpecException("input", "input: the layer's sizes for this input overflow the integer "
                    + "range (" + e.getMessage() + ")");
        }
    }

    private static InvalidSpecException notJson(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        return new InvalidSpecException("case", "case is not valid JSON: " + e.getOriginalMessage().replace('\n', ' ')
                + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
    }

    private static CaseFile fromTree(CaseFields f) {
        OpKind<?> kind = Ops.named(f.requiredString("op"), "");
        int[] inputShape = f.requiredShape("input");
        Tensor input = f.hasData("input") ? f.requiredTensor("input") : null;
        Layer layer = kind.read(f, inputShape);
        int[] outShape = layer.outputShape(inputShape);
        Tensor expected = shaped(f, "expected", outShape, "the layer's output shape");
        Tensor gradOutput = shaped(f, "grad_output", outShape, "the layer's output shape");
        Tensor expectedGradInput = shaped(f, "expected_grad_input", inputShape, "the input's shape");
        f.rejectUnknown();
        JsonNode name = f.get("name");
        return new CaseFile(name != null && name.isTextual() ? name.asText() : null, layer, inputShape, input, expected,
                gradOutput, expectedGradInput);
    }

    private static Tensor shaped(CaseFields f, String key, int[] shape, String what) {
        Tensor t = f.optTensor(key);
        if (t != null && !Arrays.equals(t.shape(), shape)) {
            throw new InvalidSpecException(key, key + ".shape must be " + what + " " + Arrays.toString(shape)
                    + " but was " + Arrays.toString(t.shape()));
        }
        return t;
    }

}
