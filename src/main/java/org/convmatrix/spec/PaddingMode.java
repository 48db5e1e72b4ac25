package org.convmatrix.spec;

/**
 * How a convolution fills the positions outside its input, as PyTorch's {@code padding_mode}.
 *
 * <p>For an axis of length {@code n} and a padded position {@code t} (input index {@code t - before}),
 * the value read is {@code 0} for {@link #ZEROS}, otherwise the input at {@link #source(int, int)}.
 */
public enum PaddingMode {
    /** Positions outside the input read 0. */
    ZEROS("zeros"),
    /** Mirror without repeating the edge: {@code -1 -> 1}, {@code n -> n-2}; needs padding {@code < n}. */
    REFLECT("reflect"),
    /** Repeat the edge: {@code -1 -> 0}, {@code n -> n-1}. */
    REPLICATE("replicate"),
    /** Wrap around: {@code i -> i mod n}; needs padding {@code <= n}. */
    CIRCULAR("circular");

    private final String jsonName;

    PaddingMode(String jsonName) {
        this.jsonName = jsonName;
    }

    /** @return the name used in case files */
    public String jsonName() {
        return jsonName;
    }

    /**
     * Parses a case-file name.
     *
     * @throws InvalidSpecException naming field {@code padding_mode} for any other string
     */
    public static PaddingMode fromJson(String name) {
        for (PaddingMode mode : values()) {
            if (mode.jsonName.equals(name)) {
                return mode;
            }
        }
        throw new InvalidSpecException("padding_mode",
                "padding_mode must be one of \"zeros\", \"reflect\", \"replicate\", \"circular\" but was \"" + name + "\"");
    }

    /**
     * The input index that a (possibly out of range) index {@code i} of an axis of length {@code n}
     * reads under this mode, or {@code -1} for {@link #ZEROS} outside {@code [0, n)}.
     * Valid for {@code -n < i < 2n - 1} (reflect), any {@code i} (replicate),
     * {@code -n <= i < 2n} (circular), which the spec's validation guarantees.
     */
    public int source(int i, int n) {
        if (i >= 0 && i < n) {
            return i;
        }
        switch (this) {
            case ZEROS:
                return -1;
            case REFLECT:
                return i < 0 ? -i : 2 * (n - 1) - i;
            case REPLICATE:
                return i < 0 ? 0 : n - 1;
            case CIRCULAR:
                return Math.floorMod(i, n);
            default:
                throw new AssertionError(this);
        }
    }
}
