package org.convmatrix.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.convmatrix.lower.KernelToMatrix;
import org.convmatrix.lower.LoweredConv;
import org.convmatrix.sparse.CscMatrix;
import org.convmatrix.spec.ConvLayer;
import org.convmatrix.spec.ConvSpec;
import org.convmatrix.spec.Op;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class HeatmapFigureTest {
    @TempDir
    Path tmp;

    /** A 2-channel conv with a positive, a negative and a zero weight: every kind of cell appears. */
    static LoweredConv mixed() {
        ConvSpec spec = ConvSpec.builder(Op.CONV, 1, 2, 2, 2).padding(1, 0).build();
        double[] w = {1.5, -2.0, 0.0, 0.25, -0.5, 3.0, 0.75, -1.0};
        return KernelToMatrix.lower(ConvLayer.of(spec, w, null), new int[] {3, 3});
    }

    @Test
    void pngHasTheAnnouncedSizeAndCellColours() throws Exception {
        LoweredConv lc = mixed();
        HeatmapFigure fig = LayerHeatmap.figure(LayerMatrices.of(lc), MatrixKind.W, null, LayerHeatmap.MAX_PLOT);
        Path png = tmp.resolve("w.png");
        fig.writePng(png);
        if (System.getenv("CM_KEEP_IMAGES") != null) {
            Files.copy(png, Path.of(System.getenv("CM_KEEP_IMAGES"), "mixed-W.png"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(fig.width(), img.getWidth());
        assertEquals(fig.height(), img.getHeight());
        assertTrue(fig.labelled());
        CscMatrix w = lc.matrix();
        DivergingColorMap map = DivergingColorMap.symmetric(3.0, "");
        int checkedPos = 0;
        int checkedNeg = 0;
        int checkedZero = 0;
        int checkedStructural = 0;
        for (int r = 0; r < w.rows(); r++) {
            for (int c = 0; c < w.cols(); c++) {
                Rectangle cell = fig.cellRect(r, c);
                int rgb = img.getRGB(cell.x + 2, cell.y + 2) & 0xFFFFFF;
                if (!w.isStored(r, c)) {
                    assertEquals(HeatmapFigure.STRUCTURAL_RGB, rgb, "structural zero at " + r + "," + c);
                    checkedStructural++;
                } else if (w.get(r, c) == 0) {
                    assertEquals(HeatmapFigure.EXPLICIT_ZERO_RGB, rgb, "explicit zero at " + r + "," + c);
                    checkedZero++;
                } else {
                    assertEquals(map.rgb(w.get(r, c)), rgb, "entry " + w.get(r, c) + " at " + r + "," + c);
                    if (w.get(r, c) > 0) {
                        checkedPos++;
                    } else {
                        checkedNeg++;
                    }
                }
            }
        }
        assertTrue(checkedPos > 0 && checkedNeg > 0 && checkedZero > 0 && checkedStructural > 0);
        // red for positive, blue for negative
        int pos = map.rgb(3.0);
        int neg = map.rgb(-3.0);
        assertTrue(((pos >> 16) & 255) > (pos & 255));
        assertTrue((neg & 255) > ((neg >> 16) & 255));
    }

    @Test
    void svgIsWellFormedWithOneCellPerStoredEntry() throws Exception {
        LoweredConv lc = mixed();
        HeatmapFigure fig = LayerHeatmap.figure(LayerMatrices.of(lc), MatrixKind.W, SymbolicWeights.of(lc.layer().spec(), 3, 3),
                LayerHeatmap.MAX_PLOT);
        String svg = fig.toSvg();
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        assertEquals("svg", doc.getDocumentElement().getTagName());
        assertEquals(Integer.toString(fig.width()), doc.getDocumentElement().getAttribute("width"));
        NodeList rects = doc.getElementsByTagName("rect");
        int cells = 0;
        int zeros = 0;
        for (int i = 0; i < rects.getLength(); i++) {
            String cls = ((Element) rects.item(i)).getAttribute("class");
            if (cls.equals("cell") || cls.equals("cell explicit-zero")) {
                cells++;
            }
            if (cls.equals("cell explicit-zero")) {
                zeros++;
            }
        }
        assertEquals(lc.matrix().nnz(), cells);
        assertTrue(zeros > 0);
        assertTrue(svg.contains(">w1,0,0,1<"), "symbol of weight [1,0,0,1] in a cell");
    }

    @Test
    void largeMatrixIsAggregatedQuickly() throws Exception {
        ConvSpec spec = ConvSpec.builder(Op.CONV, 1, 1, 3, 3).padding(1, 1).build();
        double[] w = {1, -1, 2, -2, 4, -2, 2, -1, 1};
        long t0 = System.nanoTime();
        LoweredConv lc = KernelToMatrix.lower(ConvLayer.of(spec, w, null), new int[] {1000, 1000});
        HeatmapFigure fig = LayerHeatmap.figure(LayerMatrices.of(lc), MatrixKind.W, null, LayerHeatmap.MAX_PLOT);
        BufferedImage img = fig.toImage();
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertEquals(1_000_000, lc.matrix().cols());
        assertTrue(fig.grid().colsPerCell() > 1);
        assertTrue(img.getWidth() <= 1700, "width " + img.getWidth());
        assertTrue(seconds < 10, "took " + seconds + " s");
        if (System.getenv("CM_KEEP_IMAGES") != null) {
            ImageIO.write(img, "png", Path.of(System.getenv("CM_KEEP_IMAGES"), "large-W.png").toFile());
        }
    }
}
