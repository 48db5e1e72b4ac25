package org.convmatrix.spec;

import java.util.Arrays;
import java.util.function.UnaryOperator;

/**
 * Checks shared by the validated specs of the pooling, unpooling and pixel-shuffle layers: per-axis integer
 * settings and the {@code [N, C, *spatial]} shape of an input batch. Errors name the field (through the
 * caller's {@code name}, which adds a path such as {@code layers[2].}), the value and the allowed range.
 */
final class PoolChecks {
    private PoolChecks() {
    }

    /** @throws InvalidSpecException naming {@code key} unless every {@code values[a] >= min} */
    static void atLeast(UnaryOperator<String> name, String key, int[] values, int min) {
        for (int a = 0; a < values.length; a++) {
            if (values[a] < min) {
                throw new InvalidSpecException(name.apply(key), name.apply(key) + "[" + a + "] must be >= " + min
                        + " but was " + values[a]);
            }
        }
    }

    /** @throws InvalidSpecException naming {@code key} unless {@code values} has {@code d} entries */
    static void length(UnaryOperator<String> name, String key, int[] values, int d) {
        if (values.length != d) {
            throw new InvalidSpecException(name.apply(key), name.apply(key) + " must have " + d + " entries (one per "
                    + "spatial dimension, as kernel_size) but had " + values.length);
        }
    }

    /**
     * Checks an input batch shape {@code [N, C, *spatial]} with {@code d} spatial dimensions, {@code C >= 1} and
     * every spatial size {@code >= 1}.
     *
     * @return a copy of the spatial sizes
     * @throws InvalidSpecException naming {@code input}
     */
    static int[] spatial(String op, int[] inputShape, int d) {
        if (inputShape.length != d + 2) {
            throw new InvalidSpecException("input", "input must be [N, C, *spatial] with " + d + " spatial dimension"
                    + (d == 1 ? "" : "s") + " for this " + op + " (kernel_size has " + d + " entries) but had shape "
                    + Arrays.toString(inputShape));
        }
        for (int a = 1; a < inputShape.length; a++) {
            if (inputShape[a] < 1) {
                throw new InvalidSpecException("input", "input.shape[" + a + "] must be >= 1 for " + op + " but was "
                        + inputShape[a]);
            }
        }
        return Arrays.copyOfRange(inputShape, 2, inputShape.length);
    }
}
