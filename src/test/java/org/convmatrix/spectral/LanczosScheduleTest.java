package org.convmatrix.spectral;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * When {@link Lanczos} looks at its tridiagonal, seen through {@link Lanczos.Progress}: the estimate is finite exactly
 * at the looks, which its javadoc schedules every {@code max(1, dim/32)} steps up to 256 steps and every
 * {@code dim/8} beyond (the first at step 2, the last at the step limit; from step 2 the looks pass 254 and 261, never
 * 256 itself); products are two per step until the
 * certificate at the step limit adds two per Ritz vector.
 */
class LanczosScheduleTest {
    private record Seen(int steps, int products, double estimate, int counted) {
    }

    /** @return the steps at which the documented schedule looks, for a run of {@code maxSteps} steps */
    private static Set<Integer> looks(int maxSteps) {
        Set<Integer> at = new TreeSet<>();
        for (int d = 2; d < maxSteps; d += Math.max(1, d / (d <= 256 ? 32 : 8))) {
            at.add(d);
        }
        at.add(maxSteps);
        return at;
    }

    @Test
    void looksFollowTheDocumentedSchedule() {
        int n = 2000;
        int maxSteps = 270;
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = Math.sqrt(1 - i / (double) n); // λ evenly spread: nothing converges to the tolerance
        }
        int[] counter = new int[1];
        var a = DenseOperator.longDiagonal(d, counter);
        List<Seen> seen = new ArrayList<>();
        Lanczos.Result r = Lanczos.run(a, DenseOperator.longDiagonal(d, new int[1]), 1, 1, new Lanczos.Options(1, 1e-300, maxSteps, 4, 1),
                (s, p, e) -> seen.add(new Seen(s, p, e, counter[0])));
        Set<Integer> looks = looks(maxSteps);
        // ... 247, 254 (+7), 261 (+32 next: 293, past the limit; every dim/32 would look at 269)
        assertTrue(looks.contains(254) && looks.contains(261) && !looks.contains(269), looks.toString());
        assertEquals(maxSteps, r.steps());
        assertFalse(r.converged());
        assertEquals(maxSteps, seen.size());
        for (int i = 0; i < seen.size(); i++) {
            Seen s = seen.get(i);
            int dim = i + 1;
            assertEquals(dim, s.steps());
            assertEquals(looks.contains(dim), Double.isFinite(s.estimate()), "step " + dim + ": " + s.estimate());
            assertEquals(dim < maxSteps ? 2 * dim : 2 * dim + 4, s.products(), "step " + dim);
            assertEquals(s.counted(), s.products(), "step " + dim);
        }
        assertEquals(2 * maxSteps + 4, r.products());
        assertTrue(r.sigmaMax().contains(1), r.sigmaMax().toString());
    }
}
