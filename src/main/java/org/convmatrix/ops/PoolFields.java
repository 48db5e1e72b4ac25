package org.convmatrix.ops;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import org.convmatrix.io.CaseFields;
import org.convmatrix.spec.InvalidSpecException;

/**
 * Reading the per-axis fields of the pooling layers as PyTorch's modules take them: {@code kernel_size} a list
 * (its length is the number of spatial dimensions) or one integer for every spatial dimension of the input;
 * {@code stride} and {@code padding} a list of that length or one integer; {@code stride} {@code null} or
 * {@code []} meaning the kernel size.
 */
final class PoolFields {
    private PoolFields() {
    }

    /** @return {@code kernel_size} (required) */
    static int[] kernelSize(CaseFields f, int[] inputShape, String op) {
        JsonNode n = f.get("kernel_size");
        if (n == null) {
            throw new InvalidSpecException(f.field("kernel_size"), f.field("kernel_size") + " is required but is missing");
        }
        if (n.isArray()) {
            return f.perAxisInts("kernel_size", -1);
        }
        if (inputShape == null || inputShape.length < 3 || inputShape.length > 5) {
            throw new InvalidSpecException("input", "input must be [N, C, *spatial] with 1 to 3 spatial dimensions for "
                    + op + " (kernel_size " + n + " is given for every spatial dimension) but had shape "
                    + (inputShape == null ? "unknown" : Arrays.toString(inputShape)));
        }
        return f.perAxisInts("kernel_size", inputShape.length - 2);
    }

    /** @return {@code stride}, or {@code null} (meaning the kernel size) when absent, null or {@code []} */
    static int[] stride(CaseFields f, int d) {
        JsonNode n = f.get("stride");
        if (n != null && n.isArray() && n.size() == 0) {
            return null;
        }
        return f.perAxisInts("stride", d);
    }
}
