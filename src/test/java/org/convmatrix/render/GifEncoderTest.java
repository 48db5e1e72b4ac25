package org.convmatrix.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;

/** The GIF encoder: frames of at most 255 colours come back exactly, looping, with the delay asked for. */
class GifEncoderTest {
    private static final int[] COLOURS = {0xFFFFFF, 0x2171B5, 0xFDAE6B, 0x238B45, 0x1A1A1A, 0xC6DBEF};

    /** Frames that change in a moving square and a few random pixels, as an animation does. */
    private static List<BufferedImage> frames(int n, long seed) {
        Random rnd = new Random(seed);
        List<BufferedImage> frames = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            BufferedImage img = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < 30; y++) {
                for (int x = 0; x < 40; x++) {
                    img.setRGB(x, y, COLOURS[(x / 10 + y / 10) % 2]);
                }
            }
            for (int y = 0; y < 6; y++) {
                for (int x = 0; x < 6; x++) {
                    img.setRGB(3 * i + x, 2 * i + y, COLOURS[2 + i % 2]);
                }
            }
            img.setRGB(rnd.nextInt(40), rnd.nextInt(30), COLOURS[4 + rnd.nextInt(2)]);
            frames.add(img);
        }
        frames.add(frames.get(frames.size() - 1)); // an unchanged frame: a 1 x 1 transparent box
        return frames;
    }

    @Test
    void framesComeBackExactly() throws Exception {
        List<BufferedImage> in = frames(6, 7);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        GifEncoder.write(in, 250, out);
        List<BufferedImage> shown = GifFrames.composite(out.toByteArray(), 40, 30);
        assertEquals(in.size(), shown.size());
        for (int i = 0; i < in.size(); i++) {
            for (int y = 0; y < 30; y++) {
                for (int x = 0; x < 40; x++) {
                    assertEquals(in.get(i).getRGB(x, y) & 0xFFFFFF, shown.get(i).getRGB(x, y) & 0xFFFFFF,
                            "frame " + i + " pixel (" + x + ", " + y + ")");
                }
            }
        }
    }

    @Test
    void loopsForeverWithTheDelayInHundredths() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        GifEncoder.write(frames(3, 1), 250, out);
        ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
        try (ImageInputStream in = ImageIO.createImageInputStream(new java.io.ByteArrayInputStream(out.toByteArray()))) {
            reader.setInput(in);
            for (int i = 0; i < reader.getNumImages(true); i++) {
                IIOMetadataNode root = (IIOMetadataNode) reader.getImageMetadata(i).getAsTree("javax_imageio_gif_image_1.0");
                IIOMetadataNode gce = (IIOMetadataNode) root.getElementsByTagName("GraphicControlExtension").item(0);
                assertEquals("25", gce.getAttribute("delayTime"), "frame " + i);
                if (i == 0) {
                    IIOMetadataNode app = (IIOMetadataNode) root.getElementsByTagName("ApplicationExtension").item(0);
                    assertEquals("NETSCAPE", app.getAttribute("applicationID"));
                    byte[] loop = (byte[]) app.getUserObject();
                    assertTrue(loop[0] == 1 && loop[1] == 0 && loop[2] == 0, "loop count 0 = forever");
                }
            }
        } finally {
            reader.dispose();
        }
    }
}
