package org.convmatrix.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.math.BigDecimal;
import java.util.HashSet;
import java.util.Set;
import org.convmatrix.cli.LayerOptionsAccess;
import org.convmatrix.lower.KernelToMatrix;
import org.convmatrix.lower.LoweredConv;
import org.convmatrix.sparse.CscMatrix;
import org.convmatrix.spec.ConvLayer;
import org.convmatrix.spec.ConvSpec;
import org.convmatrix.spec.InvalidSpecException;
import org.convmatrix.spec.Op;
import org.junit.jupiter.api.Test;

/** Heatmaps for slides: final size, wrapped or absent titles, categorical symbols, zoom, round ticks. */
class HeatmapForSlidesTest {
    static final ConvSpec D2L = ConvSpec.builder(Op.CONV, 1, 1, 2, 2).build();

    static LoweredConv indexWeighted(ConvSpec spec, int... input) {
        return KernelToMatrix.lower(LayerOptionsAccess.withIndexWeights(spec), input);
    }

    static HeatmapOptions sized(int w, int h, boolean symbolic) {
        return new HeatmapOptions(null, true, 1200, w, h, null, null, null, symbolic);
    }

    @Test
    void aFigureAskedForByItsFinalSizeHasItAndThePlotTakesMostOfIt() {
        LoweredConv lc = indexWeighted(D2L, 3, 3);
        HeatmapFigure fig = LayerHeatmap.figure(lc, MatrixKind.W, SymbolicWeights.of(D2L, 3, 3), sized(1280, 720, true));
        BufferedImage img = fig.toImage();
        assertEquals(1280, img.getWidth());
        assertEquals(720, img.getHeight());
        // a 4 x 9 matrix is width-bound: the plot spans most of the width the legend leaves
        assertTrue(fig.plotWidth() >= 0.65 * 1280, "plot " + fig.plotWidth() + " px of 1280");
    }

    @Test
    void aLongTitleWrapsInsteadOfWideningTheFigure() {
        LoweredConv lc = indexWeighted(D2L, 3, 3);
        String longTitle = "W of the d2l.ai example " + "with a title that goes on and on ".repeat(12);
        HeatmapFigure plain = LayerHeatmap.figure(lc, MatrixKind.W, null, HeatmapOptions.defaults(1200, false));
        HeatmapFigure wrapped = LayerHeatmap.figure(lc, MatrixKind.W, null,
                new HeatmapOptions(longTitle, true, 1200, 0, 0, null, null, null, false));
        HeatmapFigure none = LayerHeatmap.figure(lc, MatrixKind.W, null,
                new HeatmapOptions(null, false, 1200, 0, 0, null, null, null, false));
        assertEquals(plain.width(), wrapped.width());
        assertTrue(wrapped.height() > plain.height(), "the extra title lines go below each other");
        assertTrue(none.height() < plain.height(), "--no-title saves the header");
        assertTrue(!none.toSvg().contains("d2l") && wrapped.toSvg().contains("goes on and on"));
    }

    @Test
    void symbolicCellsAreColouredByWhichWeightTheyAre() {
        LoweredConv lc = indexWeighted(D2L, 3, 3);
        SymbolicWeights s = SymbolicWeights.of(D2L, 3, 3);
        HeatmapFigure fig = LayerHeatmap.figure(lc, MatrixKind.W, s, HeatmapOptions.defaults(1200, true));
        BufferedImage img = fig.toImage();
        CscMatrix w = lc.matrix();
        Set<Integer> colours = new HashSet<>();
        for (int c = 0; c < w.cols(); c++) {
            for (int r = 0; r < w.rows(); r++) {
                if (!w.isStored(r, c)) {
                    continue;
                }
                int weight = (int) w.get(r, c) - 1;
                Rectangle cell = fig.cellRect(r, c);
                int rgb = img.getRGB(cell.x + 2, cell.y + 2) & 0xFFFFFF;
                assertEquals(CategoricalColors.PALETTE[weight], rgb, "entry (" + r + "," + c + ") is w" + weight);
                colours.add(rgb);
            }
        }
        assertEquals(4, colours.size());
        // more weights than colours: one neutral fill, never a value scale
        ConvSpec big = ConvSpec.builder(Op.CONV, 1, 1, 4, 4).build();
        HeatmapFigure many = LayerHeatmap.figure(indexWeighted(big, 5, 5), MatrixKind.W, SymbolicWeights.of(big, 5, 5),
                HeatmapOptions.defaults(1200, true));
        Rectangle first = many.cellRect(0, 0);
        assertEquals(CategoricalColors.NEUTRAL_RGB, many.toImage().getRGB(first.x + 2, first.y + 2) & 0xFFFFFF);
    }

    @Test
    void aBlockIsDrawnAtFullResolutionWithItsOwnIndices() {
        ConvSpec spec = ConvSpec.builder(Op.CONV, 3, 4, 3, 3).padding(1, 1).build();
        double[] weights = new double[4 * 3 * 9];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = (i % 7) - 3.5;
        }
        LoweredConv lc = KernelToMatrix.lower(ConvLayer.of(spec, weights, null), new int[] {12, 12});
        HeatmapFigure fig = LayerHeatmap.figure(lc, MatrixKind.W, null,
                new HeatmapOptions(null, true, 1200, 0, 0, new int[] {10, 50}, null, new int[] {2, 1}, false));
        CellGrid g = fig.grid();
        assertTrue(g.exact(), "one cell per entry");
        assertEquals(40, g.gridRows);
        assertEquals(144, g.gridCols);
        CscMatrix w = lc.matrix();
        for (int i = 0; i < 40; i++) {
            for (int j = 0; j < 144; j++) {
                int r = 2 * 144 + 10 + i;
                int c = 144 + j;
                assertEquals(w.isStored(r, c) ? (w.get(r, c) == 0 ? CellGrid.EXPLICIT_ZERO : CellGrid.VALUE)
                        : CellGrid.STRUCTURAL, g.state[i * 144 + j], "(" + r + "," + c + ")");
                if (w.isStored(r, c)) {
                    assertEquals((float) w.get(r, c), g.value[i * 144 + j]);
                }
            }
        }
        assertTrue(fig.toSvg().contains("zoom: rows 298\u2013337, columns 144\u2013287 of the 576 x 432 matrix"));
    }

    @Test
    void zoomAndSizeOutsideTheirRangesAreRefusedByFlag() {
        LoweredConv lc = indexWeighted(D2L, 3, 3);
        InvalidSpecException block = assertThrows(InvalidSpecException.class, () -> LayerHeatmap.figure(lc,
                MatrixKind.W, null, new HeatmapOptions(null, true, 1200, 0, 0, null, null, new int[] {1, 0}, false)));
        assertEquals("--block: the row channel must be in [0, 0] but was 1", block.getMessage());
        InvalidSpecException rows = assertThrows(InvalidSpecException.class, () -> LayerHeatmap.figure(lc,
                MatrixKind.W, null, new HeatmapOptions(null, true, 1200, 0, 0, new int[] {3, 3}, null, null, false)));
        assertEquals("--rows: A:B must satisfy 0 <= A < B <= 4 but was 3:3", rows.getMessage());
        InvalidSpecException tiny = assertThrows(InvalidSpecException.class, () -> LayerHeatmap.figure(lc,
                MatrixKind.W, null, sized(200, 200, false)));
        assertTrue(tiny.getMessage().startsWith("--width: 200 px cannot hold") || tiny.getMessage().startsWith(
                "--height: 200 px cannot hold"), tiny.getMessage());
    }

    @Test
    void colourBarTicksAreRoundNumbers() {
        assertArrayEquals(new double[] {-0.4, -0.2, 0, 0.2, 0.4}, DivergingColorMap.symmetric(0.495, "").ticks());
        assertArrayEquals(new double[] {-4, -2, 0, 2, 4}, DivergingColorMap.symmetric(4, "").ticks());
        qt().withFixedSeed(20261206).withExamples(2000).forAll(doubles().between(1e-6, 1e6)).checkAssert(limit -> {
            double[] t = DivergingColorMap.symmetric(limit, "").ticks();
            assertTrue(t.length >= 5 && t.length <= 9 && t.length % 2 == 1, limit + ": " + t.length + " ticks");
            assertEquals(0.0, t[t.length / 2]);
            BigDecimal step = new BigDecimal(Double.toString(t[t.length / 2 + 1])).stripTrailingZeros();
            assertTrue(step.unscaledValue().abs().toString().matches("[125]"), limit + ": step " + step);
            for (int i = 0; i < t.length; i++) {
                assertEquals(0.0, t[i] + t[t.length - 1 - i], "symmetric");
                assertTrue(Math.abs(t[i]) <= limit * (1 + 1e-9), limit + ": tick " + t[i]);
                BigDecimal k = new BigDecimal(Double.toString(t[i])).divide(step);
                assertEquals(0, k.remainder(BigDecimal.ONE).signum(), limit + ": tick " + t[i] + " not a multiple");
            }
            assertTrue(t[t.length - 1] + Double.parseDouble(step.toString()) > limit, limit + ": ticks stop early");
        });
    }

    @Test
    void differentWeightsGetDifferentColours() {
        Set<Integer> seen = new HashSet<>();
        for (int rgb : CategoricalColors.PALETTE) {
            assertTrue(seen.add(rgb));
            assertNotEquals(HeatmapFigure.STRUCTURAL_RGB, rgb);
            assertNotEquals(HeatmapFigure.EXPLICIT_ZERO_RGB, rgb);
            assertNotEquals(CategoricalColors.NEUTRAL_RGB, rgb);
        }
    }
}
