package org.convmatrix.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * PyTorch's output-length arithmetic ({@link AxisArithmetic}) against brute-force counts from the
 * definitions, and the round-trip identities between conv and conv_transpose lengths.
 */
class ShapePropertiesTest {
    private static final long SEED = 0x54A9EL;

    /** One axis: input length n, kernel k, stride s, dilation d, padding p. */
    private static final Gen<int[]> AXIS = integers().between(1, 40).zip(integers().between(1, 6),
            (n, k) -> new int[] {n, k}).zip(integers().between(1, 5).zip(integers().between(1, 4),
            (s, d) -> new int[] {s, d}), (a, b) -> new int[] {a[0], a[1], b[0], b[1]})
            .zip(integers().between(0, 6), (a, p) -> new int[] {a[0], a[1], a[2], a[3], p});

    @FunctionalInterface
    private interface AxisCheck {
        void check(int n, int k, int s, int d, int p);
    }

    private static void check(int[] g, AxisCheck c) {
        c.check(g[0], g[1], g[2], g[3], g[4]);
    }

    /** Brute force: the number of {@code o >= 0} whose last tap {@code o·s + d·(k-1)} is inside the padded input. */
    private static long countOutputs(int n, int k, int s, int d, int pb, int pa) {
        long count = 0;
        for (long o = 0; o * s + (long) d * (k - 1) <= (long) n + pb + pa - 1; o++) {
            count++;
        }
        return count;
    }

    @Test
    void convLengthCountsTheOutputsWhoseTapsFit() {
        qt().withFixedSeed(SEED).withExamples(20000)
                .forAll(AXIS).checkAssert(g -> check(g, (n, k, s, d, p) -> assertEquals(countOutputs(n, k, s, d, p, p + 1),
                        AxisArithmetic.convLength(n, k, s, d, p, p + 1))));
    }

    @Test
    void transposedLengthFedBackToConvGivesInputLength() {
        qt().withFixedSeed(SEED).withExamples(20000)
                .forAll(AXIS).checkAssert(g -> check(g, (m, k, s, d, p) -> {
                    for (int op = 0; op < s; op++) {
                        long nPrime = AxisArithmetic.transposedLength(m, k, s, d, p, op);
                        if (nPrime >= 1) {
                            assertEquals(m, countOutputs((int) nPrime, k, s, d, p, p));
                            assertEquals(m, AxisArithmetic.convLength((int) nPrime, k, s, d, p, p));
                        }
                    }
                }));
    }

    @Test
    void outputPaddingFromModuloRestoresLength() {
        qt().withFixedSeed(SEED).withExamples(20000)
                .forAll(AXIS).checkAssert(g -> check(g, (n, k, s, d, p) -> {
                    if ((long) n + 2L * p >= AxisArithmetic.dilatedExtent(k, d)) {
                        long m = AxisArithmetic.convLength(n, k, s, d, p, p);
                        int op = AxisArithmetic.roundTripOutputPadding(n, k, s, d, p);
                        assertTrue(op >= 0 && op < s);
                        assertEquals(n, AxisArithmetic.transposedLength((int) m, k, s, d, p, op));
                    }
                }));
    }

    @Test
    void everyReadIndexLiesInsidePaddedInput() {
        qt().withFixedSeed(SEED).withExamples(20000)
                .forAll(AXIS).checkAssert(g -> check(g, (n, k, s, d, p) -> {
                    long m = AxisArithmetic.convLength(n, k, s, d, p, p);
                    for (long o = 0; o < m; o++) {
                        for (int j = 0; j < k; j++) {
                            long index = o * s + (long) j * d;
                            assertTrue(index >= 0 && index < (long) n + 2L * p, "index " + index);
                        }
                    }
                }));
    }

    @Test
    void specOutputShapeFollowsTheFormulasPerAxis() {
        ConvSpec conv = ConvSpec.builder(Op.CONV, 2, 4, 3, 2).groups(2).stride(2, 1).padding(1, 0).dilation(1, 2).build();
        assertEquals(4, conv.outputSpatial(7, 6)[0]);
        assertEquals(4, conv.outputSpatial(7, 6)[1]);
        ConvSpec same = ConvSpec.builder(Op.CONV, 1, 1, 4).padding(Padding.same()).build();
        assertEquals(1, same.padBefore(0));
        assertEquals(2, same.padAfter(0));
        assertEquals(5, same.outputSpatial(5)[0]);
        ConvSpec t = ConvSpec.builder(Op.CONV_TRANSPOSE, 1, 1, 2, 2).stride(2, 2).outputPadding(1, 1).build();
        assertEquals(5, t.outputSpatial(2, 2)[0]);
    }
}
