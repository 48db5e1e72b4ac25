package org.convmatrix.lower;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.convmatrix.index.TapPattern;
import org.junit.jupiter.api.Test;

/**
 * Two counts of one axis pattern agree: {@link KernelToMatrix#axisEntries} (per tap, an interval of
 * outputs, {@code O(k)}) and {@link TapPattern#countAxis} summed over the columns (per column, the taps
 * straight from the definition, {@code O(n·k)}), on random geometries including padding and strides
 * larger than the axis.
 */
class ClosedFormCountTest {
    @Test
    void perTapIntervalsCountWhatTheDefinitionCounts() {
        SplittableRandom r = new SplittableRandom(23);
        for (int trial = 0; trial < 20_000; trial++) {
            int n = 1 + r.nextInt(30);
            int k = 1 + r.nextInt(6);
            int s = 1 + r.nextInt(r.nextBoolean() ? 4 : 40);
            int d = 1 + r.nextInt(r.nextBoolean() ? 3 : 25);
            int p = r.nextInt(r.nextBoolean() ? 4 : 60);
            long span = (long) d * (k - 1);
            long padded = n + 2L * p;
            if (span >= padded) {
                continue; // no output: the spec refuses this layer
            }
            int m = (int) ((padded - span - 1) / s + 1);
            long byColumns = 0;
            for (int i = 0; i < n; i++) {
                byColumns += TapPattern.countAxis(i, m, k, s, d, p);
            }
            assertEquals(byColumns, KernelToMatrix.axisEntries(m, n, k, s, d, p),
                    "m=" + m + " n=" + n + " k=" + k + " s=" + s + " d=" + d + " p=" + p);
        }
    }
}
