package org.convmatrix.io;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;
import org.convmatrix.spec.InvalidSpecException;
import org.convmatrix.spec.Tensor;

/**
 * The fields of one JSON object of a case (the case itself, or one of a sequential's {@code layers}), read
 * with the checks of the case format: typed getters whose errors name the field, its value and what is
 * allowed, and a record of the keys read so that {@link #rejectUnknown()} can refuse any other key by name
 * (a typo such as {@code "dilatoin"} must not fall back to a default). Keys {@code name} and those starting
 * with {@code _} are free notes.
 *
 * <p>Field names in errors carry the object's path: {@code stride} at the top level, {@code layers[1].stride}
 * inside a sequential. Not thread-safe (it records what was read); one instance per object being read.
 */
public final class CaseFields {
    private final JsonNode node;
    private final String prefix;
    private final StreamedTensors streamed;
    private final Set<String> read = new HashSet<>();

    private CaseFields(JsonNode node, String prefix, StreamedTensors streamed) {
        this.node = node;
        this.prefix = prefix;
        this.streamed = streamed;
    }

    /**
     * @param node   a JSON object
     * @param prefix what error messages put before a key: {@code ""} at the top level, {@code "layers[2]."} inside
     */
    public static CaseFields of(JsonNode node, String prefix) {
        return new CaseFields(node, prefix, null);
    }

    /** The fields of a tree read by {@link StreamedTensors}, whose tensor data it holds. */
    static CaseFields streamed(JsonNode node, StreamedTensors streamed) {
        return new CaseFields(node, "", streamed);
    }

    /**
     * @param child  a JSON object inside this one (a sequential's layer)
     * @param prefix its path for error messages, e.g. {@code "layers[2]."}
     * @return the child's fields, reading tensor data the way this object does
     */
    public CaseFields child(JsonNode child, String prefix) {
        return new CaseFields(child, prefix, streamed);
    }

    /** @return the name errors give {@code key}: the prefix and the key */
    public String field(String key) {
        return prefix + key;
    }

    /** @return the path prefix of this object */
    public String prefix() {
        return prefix;
    }

    /** @return whether {@code key} is present and not {@code null} (and marks it read) */
    public boolean has(String key) {
        read.add(key);
        JsonNode n = node.get(key);
        return n != null && !n.isNull();
    }

    /** @return whether {@code key} is present at all, even as {@code null} (and marks it read) */
    public boolean given(String key) {
        read.add(key);
        return node.has(key);
    }

    /** @return the raw node of {@code key}, or {@code null} when absent or JSON null (and marks it read) */
    public JsonNode get(String key) {
        read.add(key);
        JsonNode n = node.get(key);
        return n == null || n.isNull() ? null : n;
    }

    /** Refuses {@code key} when it is present with a value other than null: it does not apply to this op. */
    public void refuse(String key, String why) {
        if (has(key)) {
            throw new InvalidSpecException(field(key), field(key) + " is not allowed here: " + why + " (it was "
                    + abbreviate(node.get(key)) + ")");
        }
    }

    /** @throws InvalidSpecException naming the first key that was never read and is not a free note */
    public void rejectUnknown() {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String k = names.next();
            if (!read.contains(k) && !k.equals("name") && !k.startsWith("_")) {
                throw new InvalidSpecException(field(k), field(k) + " is not a field of this op (unknown key \"" + k
                        + "\"; see the case format; free notes go in keys that start with _)");
            }
        }
    }

    /** @return the string value of a required key */
    public String requiredString(String key) {
        JsonNode n = get(key);
        if (n == null) {
            throw missing(key);
        }
        if (!n.isTextual()) {
            throw new InvalidSpecException(field(key), field(key) + " must be a string but was " + abbreviate(n));
        }
        return n.asText();
    }

    /** @return the integer value of a required key */
    public int requiredInt(String key) {
        JsonNode n = get(key);
        if (n == null) {
            throw missing(key);
        }
        return integer(n, field(key), field(key));
    }

    /** @return the integer value of {@code key}, or {@code otherwise} when absent or null */
    public int optInt(String key, int otherwise) {
        JsonNode n = get(key);
        return n == null ? otherwise : integer(n, field(key), field(key));
    }

    /** @return the boolean value of {@code key}, or {@code otherwise} when absent or null */
    public boolean optBool(String key, boolean otherwise) {
        JsonNode n = get(key);
        if (n == null) {
            return otherwise;
        }
        if (!n.isBoolean()) {
            throw new InvalidSpecException(field(key), field(key) + " must be true or false but was " + abbreviate(n));
        }
        return n.booleanValue();
    }

    /**
     * A per-axis integer setting: a list of {@code d} integers, or one integer meaning that value on every axis
     * (as PyTorch's modules accept). {@code d < 0} means "any length" for a list (and refuses a scalar).
     *
     * @return the values, or {@code null} when the key is absent or null
     */
    public int[] perAxisInts(String key, int d) {
        JsonNode n = get(key);
        if (n == null) {
            return null;
        }
        if (n.isArray()) {
            int[] r = new int[n.size()];
            for (int i = 0; i < r.length; i++) {
                r[i] = integer(n.get(i), field(key), field(key) + "[" + i + "]");
            }
            if (d >= 0 && r.length != d) {
                throw new InvalidSpecException(field(key), field(key) + " must have " + d + " entries (one per spatial "
                        + "dimension) but had " + r.length);
            }
            return r;
        }
        if (d < 0) {
            throw new InvalidSpecException(field(key), field(key) + " must be a list of integers but was " + abbreviate(n));
        }
        int[] all = new int[d];
        Arrays.fill(all, integer(n, field(key), field(key)));
        return all;
    }

    /**
     * A per-axis number setting (a list of {@code d} finite numbers, or one number for every axis).
     *
     * @return the values, or {@code null} when the key is absent or null
     */
    public double[] perAxisDoubles(String key, int d) {
        JsonNode n = get(key);
        if (n == null) {
            return null;
        }
        if (n.isArray()) {
            double[] r = new double[n.size()];
            for (int i = 0; i < r.length; i++) {
                r[i] = finiteNumber(n.get(i), field(key), field(key) + "[" + i + "]");
            }
            if (r.length != d) {
                throw new InvalidSpecException(field(key), field(key) + " must have " + d + " entries (one per spatial "
                        + "dimension) but had " + r.length);
            }
            return r;
        }
        double[] all = new double[d];
        Arrays.fill(all, finiteNumber(n, field(key), field(key)));
        return all;
    }

    /** @return the tensor of a required key (data required) */
    public Tensor requiredTensor(String key) {
        JsonNode n = get(key);
        if (n == null) {
            throw new InvalidSpecException(field(key), field(key) + " is required (a {\"shape\": [...], \"data\": [...]} "
                    + "tensor) but is missing");
        }
        return tensorOf(n, field(key));
    }

    /** @return the tensor of {@code key}, or {@code null} when absent or null */
    public Tensor optTensor(String key) {
        JsonNode n = get(key);
        return n == null ? null : tensorOf(n, field(key));
    }

    /** @return whether the tensor object of {@code key} has {@code data} (not only a shape) */
    public boolean hasData(String key) {
        JsonNode n = get(key);
        return n != null && n.isObject() && n.has("data");
    }

    private Tensor tensorOf(JsonNode n, String field) {
        StreamedTensors.Data d = streamed == null ? null : streamed.of(n);
        if (d == null) {
            return tensor(n, field);
        }
        checkTensorKeys(n, field);
        int[] shape = shape(n, field);
        if (d.badIndex() >= 0) {
            throw new InvalidSpecException(field, field + ".data[" + d.badIndex() + "] must be a finite number (a double "
                    + "in [-1.8e308, 1.8e308]) but was " + d.badText());
        }
        return Tensor.ofOwned(field, shape, d.trimmed());
    }

    /** @return the shape of the tensor of a required key, whose {@code data} may be absent */
    public int[] requiredShape(String key) {
        JsonNode n = get(key);
        if (n == null) {
            throw new InvalidSpecException(field(key), field(key) + " is required (a {\"shape\": [...], \"data\": [...]} "
                    + "tensor) but is missing");
        }
        checkTensorKeys(n, field(key));
        return shape(n, field(key));
    }

    /** Reads {@code {"shape": [...], "data": [...]}}, checking its keys, that the data are finite and fill the shape. */
    static Tensor tensor(JsonNode n, String field) {
        checkTensorKeys(n, field);
        int[] shape = shape(n, field);
        JsonNode dataNode = n.get("data");
        if (dataNode == null || !dataNode.isArray()) {
            throw new InvalidSpecException(field, field + ".data must be a flat list of numbers but was "
                    + (dataNode == null ? "missing" : abbreviate(dataNode)));
        }
        double[] data = new double[dataNode.size()];
        for (int i = 0; i < data.length; i++) {
            data[i] = finiteNumber(dataNode.get(i), field, field + ".data[" + i + "]");
        }
        return Tensor.ofOwned(field, shape, data);
    }

    private static void checkTensorKeys(JsonNode n, String field) {
        if (!n.isObject()) {
            throw new InvalidSpecException(field, field + " must be a {\"shape\": [...], \"data\": [...]} tensor but was "
                    + abbreviate(n));
        }
        Iterator<String> names = n.fieldNames();
        while (names.hasNext()) {
            String k = names.next();
            if (!k.equals("shape") && !k.equals("data") && !k.startsWith("_")) {
                throw new InvalidSpecException(field, field + "." + k + " is not a field of a tensor (a tensor has "
                        + "\"shape\" and \"data\")");
            }
        }
    }

    private static int[] shape(JsonNode n, String field) {
        JsonNode shapeNode = n.get("shape");
        if (shapeNode == null || !shapeNode.isArray()) {
            throw new InvalidSpecException(field, field + ".shape must be a list of non-negative integers but was "
                    + (shapeNode == null ? "missing" : abbreviate(shapeNode)));
        }
        int[] shape = new int[shapeNode.size()];
        for (int a = 0; a < shape.length; a++) {
            shape[a] = integer(shapeNode.get(a), field, field + ".shape[" + a + "]");
            if (shape[a] < 0) {
                throw new InvalidSpecException(field, field + ".shape[" + a + "] must be >= 0 but was " + shape[a]);
            }
        }
        return shape;
    }

    /**
     * An integer JSON number in the int range (an integral float such as {@code 2.0} is accepted).
     *
     * @param field the field named by the error
     * @param what  the element named in the message, e.g. {@code padding[1][0]}
     */
    public static int integer(JsonNode n, String field, String what) {
        if (n.isIntegralNumber() && n.canConvertToInt()) {
            return n.intValue();
        }
        if (n.isFloatingPointNumber()) {
            double v = n.doubleValue();
            if (v == Math.rint(v) && Math.abs(v) <= Integer.MAX_VALUE) {
                return (int) v;
            }
            if (Double.isInfinite(v)) {
                throw new InvalidSpecException(field, what + " must be an integer but was a number beyond the double "
                        + "range");
            }
        }
        if (n.isNumber() && (n.isIntegralNumber() || n.doubleValue() == Math.rint(n.doubleValue()))) {
            throw new InvalidSpecException(field, what + " must be an integer that fits in 32 bits (at most "
                    + Integer.MAX_VALUE + " in magnitude) but was " + abbreviate(n));
        }
        throw new InvalidSpecException(field, what + " must be an integer but was " + abbreviate(n));
    }

    /** A JSON number whose double value is finite (NaN, infinities and numbers beyond the double range are refused). */
    static double finiteNumber(JsonNode n, String field, String what) {
        if (!n.isNumber()) {
            throw new InvalidSpecException(field, what + " must be a number but was " + abbreviate(n));
        }
        double v = n.doubleValue();
        if (!Double.isFinite(v)) {
            throw new InvalidSpecException(field, what + " must be a finite number (a double in [-1.8e308, 1.8e308]) "
                    + "but was " + abbreviate(n));
        }
        return v;
    }

    private InvalidSpecException missing(String key) {
        return new InvalidSpecException(field(key), field(key) + " is required but is missing");
    }

    static String abbreviate(JsonNode n) {
        String s = n.toString();
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }
}
