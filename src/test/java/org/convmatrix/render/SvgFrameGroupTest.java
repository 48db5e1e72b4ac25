package org.convmatrix.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The SVG's frame timing: with {@code calcMode="discrete"} value {@code v[m]} holds from {@code keyTimes[m]}
 * to the next key time (the last to the end of the loop), so at any moment of the loop exactly one frame,
 * frame {@code floor(t·n)}, is visible.
 */
class SvgFrameGroupTest {
    private static final Pattern VALUES = Pattern.compile("values=\"([^\"]*)\"");
    private static final Pattern TIMES = Pattern.compile("keyTimes=\"([^\"]*)\"");
    private static final Pattern START = Pattern.compile("visibility=\"(visible|hidden)\"");

    @Test
    void exactlyFrameFloorOfTNIsVisibleAtEveryMoment() {
        for (int n : new int[] {1, 2, 3, 7, 25}) {
            for (int s = 0; s < 20 * n; s++) {
                double t = (s + 0.5) / (20.0 * n);
                int visible = 0;
                int which = -1;
                for (int i = 0; i < n; i++) {
                    if (visibleAt(AnimationWriter.svgFrameGroup(i, n, n * 0.7), t)) {
                        visible++;
                        which = i;
                    }
                }
                assertEquals(1, visible, "n=" + n + " t=" + t);
                assertEquals((int) Math.floor(t * n), which, "n=" + n + " t=" + t);
            }
        }
    }

    /** The visibility of a frame group at loop fraction {@code t} in [0, 1). */
    private static boolean visibleAt(String group, double t) {
        Matcher v = VALUES.matcher(group);
        if (!v.find()) {
            Matcher start = START.matcher(group);
            return !start.find() || start.group(1).equals("visible");
        }
        Matcher k = TIMES.matcher(group);
        k.find();
        String[] values = v.group(1).split(";");
        String[] times = k.group(1).split(";");
        assertEquals(values.length, times.length, group);
        String current = values[0];
        for (int m = 0; m < times.length; m++) {
            if (Double.parseDouble(times[m]) <= t) {
                current = values[m];
            }
        }
        return current.equals("visible");
    }
}
