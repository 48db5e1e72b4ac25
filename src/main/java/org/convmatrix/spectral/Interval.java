package org.convmatrix.spectral;

/**
 * A closed interval {@code [lower, upper]} that contains a singular value.
 *
 * @param lower the lower end
 * @param upper the upper end ({@code >= lower})
 */
public record Interval(double lower, double upper) {
    public Interval {
        if (!(lower <= upper)) {
            throw new IllegalArgumentException("interval must have lower <= upper but was [" + lower + ", " + upper + "]");
        }
    }

    /** @return {@code (upper - lower) / lower}, infinite when {@code lower <= 0} */
    public double relativeWidth() {
        return lower > 0 ? (upper - lower) / lower : Double.POSITIVE_INFINITY;
    }

    /** @return whether {@code v} lies in the interval */
    public boolean contains(double v) {
        return lower <= v && v <= upper;
    }

    /** @return the midpoint */
    public double mid() {
        return 0.5 * (lower + upper);
    }

    /** @return {@code [√lower, √upper]} of an interval of eigenvalues of {@code AᵀA}, rounded outwards */
    static Interval sqrtOf(double lambdaLower, double lambdaUpper) {
        double lo = lambdaLower <= 0 ? 0 : Math.nextDown(Math.sqrt(lambdaLower));
        return new Interval(Math.max(0, lo), Math.nextUp(Math.sqrt(Math.max(0, lambdaUpper))));
    }
}
