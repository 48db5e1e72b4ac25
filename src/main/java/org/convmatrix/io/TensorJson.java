package org.convmatrix.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import org.convmatrix.spec.Tensor;

/**
 * Writes a tensor as the case format's {@code {"shape": [...], "data": [...]}}. Doubles are written in
 * the shortest form that reads back to the same value ({@link Double#toString}), so nothing is lost;
 * non-finite values as the bare tokens {@code NaN}, {@code Infinity} that Python's {@code json} reads.
 * Thread-safe.
 */
public final class TensorJson {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
            .build();

    private TensorJson() {
    }

    /** Writes {@code {"shape": [...], "data": [...]}} and a newline. */
    public static void write(Tensor t, Writer out) throws IOException {
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.writeStartObject();
            g.writeFieldName("shape");
            int[] shape = t.shape();
            g.writeArray(shape, 0, shape.length);
            g.writeFieldName("data");
            g.writeStartArray();
            for (int i = 0; i < t.size(); i++) {
                g.writeNumber(t.get(i));
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        out.write('\n');
    }

    /** @return the JSON text of {@link #write} */
    public static String toJson(Tensor t) {
        StringWriter w = new StringWriter();
        try {
            write(t, w);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }
}
