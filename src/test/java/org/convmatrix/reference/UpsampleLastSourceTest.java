package org.convmatrix.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.convmatrix.spec.Tensor;
import org.convmatrix.spec.UpsampleMode;
import org.convmatrix.spec.UpsampleSpec;
import org.junit.jupiter.api.Test;

/**
 * The nearest modes' last output reads the last input element. In exact arithmetic the source of output
 * {@code o = out − 1} is {@code floor(o·in/out) = in − 1} (nearest) or {@code floor((o + ½)·in/out) = in − 1}
 * (nearest-exact); PyTorch's kernels compute it in float32 ({@code floorf}), which rounds up to {@code in} once
 * {@code in/out} is below about half a float ulp of {@code in}, and then clamp it to {@code in − 1}. The sizes here
 * are the smallest (found by search) where the float32 index of {@code x = [10, 20, 30]} reaches 3:
 * {@code nearest_exact_idx} at 5 467 988 outputs, {@code nearest_idx} at 10 935 533 (the channels-last kernel
 * PyTorch takes for a 2-d input with one channel), the generic kernel's nearest-exact at 12 582 912 (a 1-d input).
 */
class UpsampleLastSourceTest {
    private static final double[] X = {10, 20, 30};

    private static double lastOf(UpsampleMode mode, int[] inShape, int[] size) {
        UpsampleSpec spec = UpsampleSpec.of(mode, size.length, size, null, false, false);
        Tensor y = DirectUpsample.forward(spec, Tensor.of(inShape, X.clone()));
        return y.get(y.size() - 1);
    }

    @Test
    void nearestExactIdxOfTheLastOutputIsClampedToTheLastInput() {
        assertEquals(30, lastOf(UpsampleMode.NEAREST_EXACT, new int[] {1, 1, 1, 3}, new int[] {1, 5_467_988}));
    }

    @Test
    void nearestIdxOfTheLastOutputIsClampedToTheLastInput() {
        assertEquals(30, lastOf(UpsampleMode.NEAREST, new int[] {1, 1, 1, 3}, new int[] {1, 10_935_533}));
    }

    @Test
    void genericNearestExactOfTheLastOutputIsClampedToTheLastInput() {
        assertEquals(30, lastOf(UpsampleMode.NEAREST_EXACT, new int[] {1, 1, 3}, new int[] {12_582_912}));
    }
}
