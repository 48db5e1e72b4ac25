package org.convmatrix.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import java.awt.image.BufferedImage;
import org.convmatrix.lower.KernelToMatrix;
import org.convmatrix.sparse.CscOps;
import org.convmatrix.spec.ConvSpec;
import org.convmatrix.spec.Op;
import org.convmatrix.testing.Layers;
import org.junit.jupiter.api.Test;

class OverlapMapTest {
    /** The map is the row nonzero counts of Wᵀ, divided by in_channels/groups (taps per (in, out) channel pair). */
    @Test
    void overlapEqualsRowCountsOfWTransposeOnGeneratedLayers() {
        qt().withFixedSeed(0x0E1L).withExamples(500).forAll(Layers.cases(Layers.Kind.CONV_TRANSPOSE, Layers.Values.INTEGERS)).checkAssert(c -> {
            ConvSpec spec = c.layer().spec();
            int[] counts = OverlapMap.of(spec, c.inputSpatial()).counts();
            int[] rows = CscOps.rowCounts(CscOps.transpose(KernelToMatrix.lower(c.layer(), c.inputSpatial()).matrix()));
            int perChannel = counts.length;
            assertEquals(spec.outChannels() * perChannel, rows.length);
            for (int co = 0; co < spec.outChannels(); co++) {
                for (int i = 0; i < perChannel; i++) {
                    assertEquals(spec.inChannelsPerGroup() * counts[i], rows[co * perChannel + i]);
                }
            }
        });
    }

    /** The evenness rule, checked against the counts themselves on a long 1-D axis away from the borders. */
    @Test
    void evennessRuleMatchesInteriorCounts() {
        qt().withFixedSeed(0x0E2L).withExamples(500).forAll(integers().between(1, 7), integers().between(1, 5), integers().between(1, 4))
                .checkAssert((k, s, d) -> {
                    ConvSpec spec = ConvSpec.builder(Op.CONV_TRANSPOSE, 1, 1, k).stride(s).dilation(d).build();
                    int n = 40;
                    int[] counts = OverlapMap.of(spec, n).counts();
                    int from = d * (k - 1);
                    int to = (n - 1) * s;
                    boolean constant = true;
                    for (int t = from; t <= to; t++) {
                        constant &= counts[t] == counts[from];
                        assertEquals(OverlapMap.interiorCounts(k, s, d)[t % s], counts[t], "t = " + t);
                    }
                    assertEquals(constant, OverlapMap.evenAxis(k, s, d), "k=" + k + " s=" + s + " d=" + d);
                });
    }

    @Test
    void checkerboardExample() {
        ConvSpec spec = ConvSpec.builder(Op.CONV_TRANSPOSE, 1, 1, 3, 3).stride(2, 2).build();
        OverlapMap map = OverlapMap.of(spec, 3, 3);
        assertArrayEquals(new int[] {7, 7}, map.outputSpatial());
        String grid = map.grid();
        assertTrue(grid.startsWith("1 1 2 1 2 1 1\n1 1 2 1 2 1 1\n2 2 4 2 4 2 2\n"), grid);
        assertTrue(map.explain().get(0).contains("UNEVEN"));
        HeatmapFigure fig = map.figure(900);
        BufferedImage img = fig.toImage();
        assertEquals(fig.width(), img.getWidth());
        java.awt.Rectangle four = fig.cellRect(2, 2);
        assertEquals(SequentialColorMap.counts(0, 4, "").rgb(4), img.getRGB(four.x + 2, four.y + 2) & 0xFFFFFF);
        ConvSpec even = ConvSpec.builder(Op.CONV_TRANSPOSE, 1, 1, 4, 4).stride(2, 2).padding(1, 1).build();
        assertTrue(OverlapMap.of(even, 4, 4).even());
    }
}
