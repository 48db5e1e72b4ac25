package org.convmatrix.cli;

import static org.convmatrix.cli.ViewCommandsTest.assertOneErrorLine;
import static org.convmatrix.cli.ViewCommandsTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.convmatrix.render.GifFrames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * {@code animate} end to end: the GIF has a frame per output position (read back with the JDK's reader),
 * the SVG parses and has a group per frame, {@code --frames} writes the numbered PNGs, and bad flags end in
 * one {@code error:} line with nothing written. (The frames' content is tested on the model, ConvAnimationTest.)
 */
class AnimateCommandTest {
    @TempDir
    Path tmp;

    @Test
    void classicFiveByFiveWritesGifSvgAndFrames() throws Exception {
        Path frames = tmp.resolve("slides");
        ViewCommandsTest.Run r = run("animate", "--kernel", "3,3", "--input", "5,5", "--padding", "1",
                "--weights", "symbolic", "--out-dir", tmp.toString(), "--name", "same", "--frames", frames.toString());
        assertEquals(0, r.code(), r.err());
        byte[] gif = Files.readAllBytes(tmp.resolve("same.gif"));
        assertEquals(25, GifFrames.count(gif), "one frame per output position of the 5x5 output");
        assertTrue(gif.length < 400 * 1024, "a few hundred KB at most: " + gif.length);
        assertEquals(25, svgFrames(tmp.resolve("same.svg")));
        List<Path> pngs;
        try (Stream<Path> s = Files.list(frames)) {
            pngs = s.sorted().toList();
        }
        assertEquals(25, pngs.size());
        assertEquals("same-001.png", pngs.get(0).getFileName().toString());
        assertEquals("same-025.png", pngs.get(24).getFileName().toString());
        BufferedImage last = ImageIO.read(pngs.get(24).toFile());
        assertTrue(last.getWidth() > 300 && last.getHeight() > 200, last.getWidth() + " x " + last.getHeight());
    }

    @Test
    void transposedOneAndThreeDimensionalLayersAnimate() throws Exception {
        ViewCommandsTest.Run t = run("animate", "--op", "conv_transpose", "--kernel", "3,3", "--stride", "2,2",
                "--input", "2,2", "--out-dir", tmp.toString(), "--name", "t", "--format", "gif");
        assertEquals(0, t.code(), t.err());
        assertEquals(25, GifFrames.count(Files.readAllBytes(tmp.resolve("t.gif"))), "5x5 output of the transposed conv");
        assertFalse(Files.exists(tmp.resolve("t.svg")));
        ViewCommandsTest.Run d1 = run("animate", "--kernel", "3", "--dilation", "2", "--input", "9", "--out-dir",
                tmp.toString(), "--name", "d1", "--format", "svg", "--in-channels", "2", "--out-channels", "2",
                "--channels", "0,1");
        assertEquals(0, d1.code(), d1.err());
        assertEquals(2 * 5, svgFrames(tmp.resolve("d1.svg")), "5 positions x 2 channels");
        ViewCommandsTest.Run d3 = run("animate", "--kernel", "2,3,3", "--padding", "0,1,1", "--input", "3,4,4",
                "--out-dir", tmp.toString(), "--name", "d3", "--slice", "1");
        assertEquals(0, d3.code(), d3.err());
        assertEquals(16, GifFrames.count(Files.readAllBytes(tmp.resolve("d3.gif"))), "one 4x4 output slice");
        assertTrue(d3.out().contains("output slice 1"), d3.out());
    }

    @Test
    void badFlagsNameTheFlagAndWriteNothing() throws Exception {
        String dir = tmp.resolve("none").toString();
        assertOneErrorLine(run("animate", "--kernel", "3,3", "--input", "5,5", "--delay", "5", "--out-dir", dir), "--delay");
        assertOneErrorLine(run("animate", "--kernel", "3,3", "--input", "5,5", "--size", "200", "--out-dir", dir), "--size");
        assertOneErrorLine(run("animate", "--kernel", "3,3", "--input", "5,5", "--channels", "1", "--out-dir", dir),
                "--channels");
        assertOneErrorLine(run("animate", "--kernel", "3,3", "--input", "5,5", "--slice", "0", "--out-dir", dir), "--slice");
        assertOneErrorLine(run("animate", "--kernel", "3,3,3", "--input", "5,5,5", "--slice", "3", "--out-dir", dir),
                "--slice");
        assertOneErrorLine(run("animate", "--kernel", "3,3", "--input", "80,80", "--out-dir", dir), "--input");
        assertOneErrorLine(run("animate", "--kernel", "2,2,2,2", "--input", "3,3,3,3", "--out-dir", dir), "--kernel");
        assertOneErrorLine(run("animate", "--in-channels", "30", "--out-channels", "30", "--kernel", "3,3", "--input", "6,6",
                "--out-dir", dir), "--input");
        assertOneErrorLine(run("animate", "--kernel", "3,3", "--input", "5,5", "--name", "a/b", "--out-dir", dir), "--name");
        assertOneErrorLine(run("animate", "--kernel", "3,3", "--input", "5,5", "--format", "mp4", "--out-dir", dir),
                "--format");
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        assertOneErrorLine(run("animate", "--kernel", "3,3", "--input", "5,5", "--frames", file.toString(), "--out-dir",
                dir), "--frames");
        assertFalse(Files.exists(tmp.resolve("none")), "nothing written");
    }

    /** Parses the SVG (well-formed XML) and counts its frame groups, each with a looping discrete animation. */
    private static int svgFrames(Path svg) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document doc = f.newDocumentBuilder().parse(svg.toFile());
        assertEquals("svg", doc.getDocumentElement().getTagName());
        NodeList groups = doc.getElementsByTagName("g");
        int frames = 0;
        for (int i = 0; i < groups.getLength(); i++) {
            Element g = (Element) groups.item(i);
            if ("frame".equals(g.getAttribute("class"))) {
                frames++;
                Element anim = (Element) g.getElementsByTagName("animate").item(0);
                assertEquals("indefinite", anim.getAttribute("repeatCount"));
                assertEquals("discrete", anim.getAttribute("calcMode"));
            }
        }
        return frames;
    }
}
