package org.convmatrix.ops;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.convmatrix.io.CaseFields;
import org.convmatrix.lower.LoweredLayer;
import org.convmatrix.spec.InvalidSpecException;
import org.convmatrix.spec.Layer;
import org.convmatrix.spec.Tensor;

/**
 * The registry of ops: maps a case's {@code op} to its {@link OpKind}, and a {@link Layer} to the kind that
 * handles its type. Commands and checks see only these generic entry points. Thread-safe (immutable after
 * class initialisation).
 */
public final class Ops {
    private static final Map<String, OpKind<?>> BY_NAME = new LinkedHashMap<>();

    static {
        // one line per op kind
        register(new ConvKind.Conv());
        register(new ConvKind.Transpose());
        register(new SequentialKind());
        register(new PixelShuffleKind());
        register(new PixelUnshuffleKind());
        register(new AvgPoolKind());
        register(new MaxUnpoolKind());
        register(new UpsampleKind());
    }

    private Ops() {
    }

    private static void register(OpKind<?> kind) {
        BY_NAME.put(kind.name(), kind);
    }

    /** @return the case-format names of every op, in registration order */
    public static String names() {
        return BY_NAME.keySet().stream().map(n -> "\"" + n + "\"").collect(Collectors.joining(", "));
    }

    /**
     * @param prefix the field path of the object whose {@code op} this is ({@code ""} or {@code "layers[i]."})
     * @return the kind named {@code name}
     * @throws InvalidSpecException naming {@code op} for an unknown name
     */
    public static OpKind<?> named(String name, String prefix) {
        OpKind<?> k = BY_NAME.get(name);
        if (k == null) {
            throw new InvalidSpecException(prefix + "op", prefix + "op must be one of " + names() + " but was \"" + name
                    + "\"");
        }
        return k;
    }

    /** Reads a layer object: its {@code op}, then that op's fields. Does not check for unknown keys. */
    public static Layer read(CaseFields fields, int[] inputShape) {
        return named(fields.requiredString("op"), fields.prefix()).read(fields, inputShape);
    }

    @SuppressWarnings("unchecked")
    private static <L extends Layer> OpKind<L> kindOf(L layer) {
        OpKind<?> k = BY_NAME.get(layer.op());
        if (k == null || !k.type().isInstance(layer)) {
            throw new IllegalArgumentException("no op kind is registered for " + layer.getClass().getName());
        }
        return (OpKind<L>) k;
    }

    /** @return the layer lowered for an input batch shape */
    public static LoweredLayer lower(Layer layer, int[] inputShape) {
        return kindOf(layer).lower(layer, inputShape);
    }

    /** @return the direct forward pass of a batch */
    public static Tensor forward(Layer layer, Tensor input) {
        return kindOf(layer).forward(layer, input);
    }

    /** @return the scale of the forward's rounding errors on {@code |x|} ({@link OpKind#magnitude}) */
    public static Tensor magnitude(Layer layer, int[] inputShape, Tensor absInput) {
        return kindOf(layer).magnitude(layer, inputShape, absInput);
    }

    /** @return the scale of the backward's rounding errors on {@code |g|} ({@link OpKind#magnitudeOfBackward}) */
    public static Tensor magnitudeOfBackward(Layer layer, int[] inputShape, Tensor absGrad) {
        return kindOf(layer).magnitudeOfBackward(layer, inputShape, absGrad);
    }

    /** @return {@code t}, the most roundings in one output ({@link OpKind#roundings}) */
    public static long roundings(Layer layer, int[] inputShape) {
        return kindOf(layer).roundings(layer, inputShape);
    }

    /** @return the direct backward pass: {@code Aᵀ·gradOutput}, of the input's shape */
    public static Tensor backward(Layer layer, int[] inputShape, Tensor gradOutput) {
        return kindOf(layer).backward(layer, inputShape, gradOutput);
    }
}
