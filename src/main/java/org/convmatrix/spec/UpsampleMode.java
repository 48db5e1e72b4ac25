package org.convmatrix.spec;

/**
 * The interpolation modes of PyTorch 1.13's {@code nn.Upsample} / {@code F.interpolate} that are linear maps
 * of the input, with the number of spatial dimensions PyTorch implements each for.
 *
 * <p>{@code nearest} and {@code nearest-exact} copy one input element per output element (1 to 3 spatial
 * dimensions); {@code linear} (1), {@code bilinear} (2) and {@code trilinear} (3) take a convex combination
 * of the two neighbours per axis; {@code bicubic} (2) uses Keys' cubic convolution with {@code A = -0.75}
 * on four neighbours per axis. Only the interpolating modes accept {@code align_corners}.
 */
public enum UpsampleMode {
    NEAREST("nearest", 1, 3),
    NEAREST_EXACT("nearest-exact", 1, 3),
    LINEAR("linear", 1, 1),
    BILINEAR("bilinear", 2, 2),
    BICUBIC("bicubic", 2, 2),
    TRILINEAR("trilinear", 3, 3);

    private final String caseName;
    private final int minDims;
    private final int maxDims;

    UpsampleMode(String caseName, int minDims, int maxDims) {
        this.caseName = caseName;
        this.minDims = minDims;
        this.maxDims = maxDims;
    }

    /** @return the case-format (and PyTorch) name, e.g. {@code "nearest-exact"} */
    public String caseName() {
        return caseName;
    }

    /** @return whether PyTorch implements this mode for {@code d} spatial dimensions */
    public boolean fits(int d) {
        return d >= minDims && d <= maxDims;
    }

    /** @return the allowed numbers of spatial dimensions, e.g. {@code "1 to 3"} or {@code "2"} */
    public String allowedDims() {
        return minDims == maxDims ? Integer.toString(minDims) : minDims + " to " + maxDims;
    }

    /** @return whether the mode interpolates (linear, bilinear, bicubic, trilinear): {@code align_corners} applies */
    public boolean interpolating() {
        return this != NEAREST && this != NEAREST_EXACT;
    }

    /**
     * @return the mode named {@code name} in a case
     * @throws InvalidSpecException naming {@code field} for any other name
     */
    public static UpsampleMode named(String name, String field) {
        for (UpsampleMode m : values()) {
            if (m.caseName.equals(name)) {
                return m;
            }
        }
        throw new InvalidSpecException(field, field + " must be one of \"nearest\", \"nearest-exact\", \"linear\", "
                + "\"bilinear\", \"bicubic\", \"trilinear\" but was \"" + name + "\"");
    }
}
