package org.convmatrix.io;

import org.convmatrix.spec.ArrayLimits;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Reads a case's JSON into a tree whose tensor {@code data} lists are not trees: every array under a key
 * {@code "data"} goes straight from the parser into a {@code double[]} held here, keyed by the tensor's object, so
 * that a case of many numbers takes about eight bytes per number instead of a node per number. The tree keeps a
 * placeholder at {@code "data"}. Elements that are not finite numbers are remembered (the first one's index and
 * text) and reported by {@link CaseFields} with the tensor's field name. Not thread-safe; one instance per read.
 */
final class StreamedTensors {
    /** What was read of one {@code data} list. */
    record Data(double[] values, int length, int badIndex, String badText) {
        /** @return the values, trimmed to their count */
        double[] trimmed() {
            return values.length == length ? values : java.util.Arrays.copyOf(values, length);
        }
    }

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private final Map<JsonNode, Data> data = new IdentityHashMap<>();

    /** @return what was streamed for the tensor object {@code tensor}, or {@code null} */
    Data of(JsonNode tensor) {
        return data.get(tensor);
    }

    /** Reads the value at the parser's current token (already advanced to it). */
    JsonNode read(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT:
                return object(p);
            case START_ARRAY:
                ArrayNode a = NODES.arrayNode();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    a.add(read(p));
                }
                return a;
            case VALUE_STRING:
                return NODES.textNode(p.getText());
            case VALUE_TRUE:
            case VALUE_FALSE:
                return NODES.booleanNode(t == JsonToken.VALUE_TRUE);
            case VALUE_NULL:
                return NODES.nullNode();
            case VALUE_NUMBER_INT:
                switch (p.getNumberType()) {
                    case INT:
                        return NODES.numberNode(p.getIntValue());
                    case LONG:
                        return NODES.numberNode(p.getLongValue());
                    default:
                        return NODES.numberNode(p.getBigIntegerValue());
                }
            case VALUE_NUMBER_FLOAT:
                return NODES.numberNode(p.getDoubleValue());
            default:
                throw new IOException("unexpected token " + t);
        }
    }

    private ObjectNode object(JsonParser p) throws IOException {
        ObjectNode o = NODES.objectNode();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            JsonToken v = p.nextToken();
            if (key.equals("data") && v == JsonToken.START_ARRAY) {
                data.put(o, numbers(p));
                o.put(key, "<numbers>");
            } else {
                o.set(key, read(p));
            }
        }
        return o;
    }

    /** Reads an array of numbers into a growing {@code double[]}, remembering the first element that is not one. */
    private static Data numbers(JsonParser p) throws IOException {
        double[] v = new double[64];
        int n = 0;
        int bad = -1;
        String badText = null;
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (n == v.length) {
                v = java.util.Arrays.copyOf(v, (int) Math.min((long) v.length * 2, ArrayLimits.MAX_ARRAY));
            }
            double x;
            if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
                x = p.getDoubleValue();
                if (!Double.isFinite(x) && bad < 0) {
                    bad = n;
                    badText = p.getText();
                }
            } else {
                if (bad < 0) {
                    bad = n;
                    badText = t.isStructStart() ? "a nested " + (t == JsonToken.START_ARRAY ? "list" : "object")
                            : p.getText();
                }
                p.skipChildren();
                x = Double.NaN;
            }
            v[n++] = x;
        }
        return new Data(v, n, bad, badText);
    }
}
