package org.convmatrix.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import org.convmatrix.spec.Tensor;

/** Assertions on tensors for the reference tests. */
final class Expect {
    private Expect() {
    }

    /** Asserts the shape and that every element is {@code ==} the expected one (so 0.0 == -0.0). */
    static void exactly(int[] shape, double[] expected, Tensor actual) {
        assertArrayEquals(shape, actual.shape(), "shape");
        for (int i = 0; i < expected.length; i++) {
            if (expected[i] != actual.get(i)) {
                fail("element " + i + ": expected " + expected[i] + " but was " + actual.get(i) + "; expected "
                        + Arrays.toString(expected) + " but was " + Arrays.toString(actual.data()));
            }
        }
    }

    /** Asserts two tensors have the same shape and {@code ==} elements. */
    static void same(Tensor expected, Tensor actual, Object context) {
        assertArrayEquals(expected.shape(), actual.shape(), () -> "shape of " + context);
        for (int i = 0; i < expected.size(); i++) {
            if (expected.get(i) != actual.get(i)) {
                fail("element " + i + " of " + context + ": expected " + expected.get(i) + " but was " + actual.get(i)
                        + "; expected " + Arrays.toString(expected.data()) + " but was " + Arrays.toString(actual.data()));
            }
        }
    }

    /**
     * Asserts {@code |actual_i - expected_i| <= (terms + 3) · ulp(absSum_i)} element by element.
     *
     * <p>The bound, for an output that is a sum of {@code terms} products {@code x·w} with integer
     * {@code x} and a decimal weight {@code w} stored as the nearest double, no bias, compared with the
     * nearest double to its exact decimal value: with {@code u = 2^-53} and {@code S = Σ|x·w|}, storing
     * each weight errs by at most {@code u·|x·w|} and rounding each product by as much again
     * ({@code <= 2u·S} in all); each of the {@code terms - 1} additions rounds a partial sum of magnitude
     * {@code <= S} by at most {@code u·S}; the expected literal is off by at most {@code u·|y| <= u·S}.
     * So the difference is at most {@code (terms + 2)·u·S + O(u²)}, which is below
     * {@code (terms + 3)·ulp(S)} as {@code ulp(S) > u·S}. {@code absSum} is {@code S} computed by the same
     * implementation on {@code |x|} and {@code |w|} (its own rounding is covered by the slack).
     */
    static void within(int[] shape, double[] expected, Tensor actual, Tensor absSum, int terms) {
        assertArrayEquals(shape, actual.shape(), "shape");
        for (int i = 0; i < expected.length; i++) {
            double bound = (terms + 3) * Math.ulp(absSum.get(i));
            double err = Math.abs(actual.get(i) - expected[i]);
            if (!(err <= bound)) {
                fail("element " + i + ": expected " + expected[i] + " ± " + bound + " but was " + actual.get(i)
                        + "; expected " + Arrays.toString(expected) + " but was " + Arrays.toString(actual.data()));
            }
        }
    }

    /** @return the elementwise absolute value */
    static Tensor abs(Tensor t) {
        double[] v = t.data();
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.abs(v[i]);
        }
        return Tensor.of(t.shape(), v);
    }

    /** @return {@code Σ_i a_i b_i} in index order */
    static double dot(Tensor a, Tensor b) {
        assertArrayEquals(a.shape(), b.shape(), "shapes of an inner product");
        double s = 0;
        for (int i = 0; i < a.size(); i++) {
            s += a.get(i) * b.get(i);
        }
        return s;
    }
}
