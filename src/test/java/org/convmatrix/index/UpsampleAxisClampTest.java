package org.convmatrix.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.convmatrix.spec.UpsampleMode;
import org.junit.jupiter.api.Test;

/**
 * The clamps of PyTorch's upsampling kernels: every index is clamped to {@code in − 1}. Through {@code nn.Upsample}
 * the unclamped index stays below {@code in} for any output that fits in memory, but ATen's kernels
 * ({@code upsample_nearest1d(input, output_size, scales)}) take the output size and the scale separately; with an
 * output longer than {@code in·scale} the source coordinate {@code o / scale} runs past the input, and the kernel
 * reads its last element. Also the one-channel (channels-last) nearest-exact kernel, whose float32 step moves an
 * index against the generic kernel.
 */
class UpsampleAxisClampTest {
    /** {@code in = 4}, {@code out = 9}, scale 1.5: the last output's source {@code 8.5 / 1.5 − ½ ≈ 5.2} is past 3. */
    private static UpsampleAxis overlong(UpsampleMode mode, boolean channelsLast) {
        return UpsampleAxis.of(mode, 4, 9, 1.5, false, channelsLast);
    }

    private static void assertLastReadsTheLastInput(UpsampleAxis a, String what) {
        for (int p = 0; p < a.taps(); p++) {
            assertTrue(a.index(p) >= 0 && a.index(p) < 4, what + ": tap " + p + " reads " + a.index(p));
        }
        int last = a.outSize() - 1;
        assertEquals(1, a.end(last) - a.first(last), what + ": taps of the last output");
        assertEquals(3, a.index(a.first(last)), what + ": the last output reads");
        assertEquals(1.0, a.weight(a.first(last)), what + ": with weight");
    }

    @Test
    void nearestIndicesPastTheInputReadItsLastElement() {
        // o = 8: floor(8 / 1.5) = 5 -> 3 (generic), floor(8 · (float) (1/1.5)) = 5 -> 3 (channels-last)
        assertLastReadsTheLastInput(overlong(UpsampleMode.NEAREST, false), "nearest");
        assertLastReadsTheLastInput(overlong(UpsampleMode.NEAREST, true), "nearest, channels-last");
        // o = 8: floor(8.5 / 1.5) = 5 -> 3, both kernels
        assertLastReadsTheLastInput(overlong(UpsampleMode.NEAREST_EXACT, false), "nearest-exact");
        assertLastReadsTheLastInput(overlong(UpsampleMode.NEAREST_EXACT, true), "nearest-exact, channels-last");
    }

    /** Linear: {@code r ≈ 5.2}, {@code j0 = min(5, 3) = 3}, {@code j1 = 3}, {@code λ1 = min(r − 3, 1) = 1}: one tap on 3. */
    @Test
    void aLinearSourcePastTheInputReadsItsLastElement() {
        assertLastReadsTheLastInput(overlong(UpsampleMode.LINEAR, false), "linear");
    }

    /**
     * Nearest-exact, scale 1.94 on 49 elements (95 outputs), output 48: {@code 48.5 / 1.94 = 25} exactly; the double
     * step {@code 1/1.94} rounds up, so the generic kernel reads 25, while the float32 step
     * {@code 0.51546388…} rounds down, {@code 48.5 · 0.51546388… = 24.9999986}, and the channels-last kernel reads 24.
     */
    @Test
    void theChannelsLastNearestExactKernelUsesItsFloatStep() {
        UpsampleAxis generic = UpsampleAxis.of(UpsampleMode.NEAREST_EXACT, 49, 95, 1.94, false, false);
        UpsampleAxis last = UpsampleAxis.of(UpsampleMode.NEAREST_EXACT, 49, 95, 1.94, false, true);
        assertEquals(25, generic.index(generic.first(48)));
        assertEquals(24, last.index(last.first(48)));
    }
}
