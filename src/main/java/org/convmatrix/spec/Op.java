package org.convmatrix.spec;

/**
 * The two layer kinds ConvMatrix lowers, named as in the case format.
 *
 * <p>{@link #CONV} is PyTorch's {@code Conv1d/2d/3d} (a cross-correlation); {@link #CONV_TRANSPOSE}
 * is {@code ConvTranspose1d/2d/3d}, the adjoint of the convolution with the same weights.
 */
public enum Op {
    /** Cross-correlation {@code y[co, o] = Σ w[co, ci, j] · xpad[ci, o·s + j·d]}. */
    CONV("conv"),
    /** The adjoint (transpose) of {@link #CONV} with the same weight tensor. */
    CONV_TRANSPOSE("conv_transpose");

    private final String jsonName;

    Op(String jsonName) {
        this.jsonName = jsonName;
    }

    /** @return the name used in case files, {@code "conv"} or {@code "conv_transpose"} */
    public String jsonName() {
        return jsonName;
    }

    /**
     * Parses a case-file name.
     *
     * @throws InvalidSpecException naming field {@code op} for any other string
     */
    public static Op fromJson(String name) {
        for (Op op : values()) {
            if (op.jsonName.equals(name)) {
                return op;
            }
        }
        throw new InvalidSpecException("op", "op must be \"conv\" or \"conv_transpose\" but was \"" + name + "\"");
    }
}
