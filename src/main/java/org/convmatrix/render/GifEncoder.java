package org.convmatrix.render;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.IOException;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;

/**
 * An animated GIF through the JDK's ImageIO GIF writer, kept small the usual way: one palette for all
 * frames (the 255 most frequent colours; any other colour, e.g. of antialiased text, takes the nearest of
 * them), and every frame after the first stored as the bounding box of the pixels that changed, unchanged
 * pixels transparent over the previous frame (disposal "doNotDispose"). The first frame carries the
 * NETSCAPE2.0 application extension (loop forever); each frame a graphic-control extension with the delay.
 * A frame sequence with at most 255 colours is stored exactly. Stateless and thread-safe.
 */
final class GifEncoder {
    private static final String FORMAT = "javax_imageio_gif_image_1.0";
    /** The palette index of "unchanged" (transparent) pixels. */
    private static final int CLEAR = 255;

    private GifEncoder() {
    }

    /** Writes {@code frames} (all the same size, RGB) as a looping GIF, {@code delayMs} per frame. */
    static void write(List<BufferedImage> frames, int delayMs, OutputStream out) throws IOException {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("gif");
        if (!writers.hasNext()) {
            throw new IOException("no GIF writer available in this JVM");
        }
        int[] palette = palette(frames);
        IndexColorModel cm = colorModel(palette);
        Map<Integer, Integer> nearest = new HashMap<>();
        ImageWriter writer = writers.next();
        try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(ios);
            writer.prepareWriteSequence(null);
            byte[] previous = null;
            for (int i = 0; i < frames.size(); i++) {
                BufferedImage img = frames.get(i);
                byte[] index = indices(img, palette, nearest);
                int[] box = previous == null ? new int[] {0, 0, img.getWidth(), img.getHeight()}
                        : changed(previous, index, img.getWidth(), img.getHeight());
                BufferedImage part = part(index, previous, img.getWidth(), box, cm);
                ImageWriteParam param = writer.getDefaultWriteParam();
                IIOMetadata meta = writer.getDefaultImageMetadata(new ImageTypeSpecifier(part), param);
                metadata(meta, delayMs, box, previous == null);
                writer.writeToSequence(new IIOImage(part, null, meta), param);
                previous = index;
            }
            writer.endWriteSequence();
        } finally {
            writer.dispose();
        }
    }

    /** @return the at most 255 most frequent colours of all frames */
    static int[] palette(List<BufferedImage> frames) {
        Map<Integer, Integer> freq = new HashMap<>();
        for (BufferedImage img : frames) {
            for (int y = 0; y < img.getHeight(); y++) {
                for (int x = 0; x < img.getWidth(); x++) {
                    freq.merge(img.getRGB(x, y) & 0xFFFFFF, 1, Integer::sum);
                }
            }
        }
        return freq.entrySet().stream()
                .sorted((p, q) -> p.getValue().equals(q.getValue()) ? p.getKey() - q.getKey() : q.getValue() - p.getValue())
                .limit(CLEAR).mapToInt(Map.Entry::getKey).toArray();
    }

    private static IndexColorModel colorModel(int[] palette) {
        byte[] r = new byte[256];
        byte[] g = new byte[256];
        byte[] b = new byte[256];
        for (int i = 0; i < palette.length; i++) {
            r[i] = (byte) (palette[i] >> 16);
            g[i] = (byte) (palette[i] >> 8);
            b[i] = (byte) palette[i];
        }
        return new IndexColorModel(8, 256, r, g, b, CLEAR);
    }

    private static byte[] indices(BufferedImage img, int[] palette, Map<Integer, Integer> nearest) {
        int w = img.getWidth();
        byte[] idx = new byte[w * img.getHeight()];
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < w; x++) {
                int rgb = img.getRGB(x, y) & 0xFFFFFF;
                idx[y * w + x] = (byte) (int) nearest.computeIfAbsent(rgb, c -> nearest(palette, c));
            }
        }
        return idx;
    }

    private static int nearest(int[] palette, int c) {
        int best = 0;
        long bestD = Long.MAX_VALUE;
        for (int i = 0; i < palette.length; i++) {
            long dr = ((palette[i] >> 16) & 255) - ((c >> 16) & 255);
            long dg = ((palette[i] >> 8) & 255) - ((c >> 8) & 255);
            long db = (palette[i] & 255) - (c & 255);
            long d = dr * dr + dg * dg + db * db;
            if (d < bestD) {
                bestD = d;
                best = i;
            }
        }
        return best;
    }

    /** @return {x, y, w, h} of the pixels that differ (a 1 x 1 box when none does) */
    private static int[] changed(byte[] a, byte[] b, int w, int h) {
        int x0 = w;
        int y0 = h;
        int x1 = -1;
        int y1 = -1;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (a[y * w + x] != b[y * w + x]) {
                    x0 = Math.min(x0, x);
                    x1 = Math.max(x1, x);
                    y0 = Math.min(y0, y);
                    y1 = Math.max(y1, y);
                }
            }
        }
        return x1 < 0 ? new int[] {0, 0, 1, 1} : new int[] {x0, y0, x1 - x0 + 1, y1 - y0 + 1};
    }

    /** The box of the frame as an indexed image; pixels equal to the previous frame's are transparent. */
    private static BufferedImage part(byte[] index, byte[] previous, int w, int[] box, IndexColorModel cm) {
        BufferedImage part = new BufferedImage(box[2], box[3], BufferedImage.TYPE_BYTE_INDEXED, cm);
        byte[] data = ((java.awt.image.DataBufferByte) part.getRaster().getDataBuffer()).getData();
        for (int y = 0; y < box[3]; y++) {
            for (int x = 0; x < box[2]; x++) {
                int p = (box[1] + y) * w + box[0] + x;
                data[y * box[2] + x] = previous != null && previous[p] == index[p] ? (byte) CLEAR : index[p];
            }
        }
        return part;
    }

    private static void metadata(IIOMetadata meta, int delayMs, int[] box, boolean first) throws IOException {
        IIOMetadataNode root = (IIOMetadataNode) meta.getAsTree(FORMAT);
        IIOMetadataNode desc = child(root, "ImageDescriptor");
        desc.setAttribute("imageLeftPosition", Integer.toString(box[0]));
        desc.setAttribute("imageTopPosition", Integer.toString(box[1]));
        desc.setAttribute("imageWidth", Integer.toString(box[2]));
        desc.setAttribute("imageHeight", Integer.toString(box[3]));
        IIOMetadataNode gce = child(root, "GraphicControlExtension");
        gce.setAttribute("disposalMethod", "doNotDispose");
        gce.setAttribute("userInputFlag", "FALSE");
        gce.setAttribute("transparentColorFlag", first ? "FALSE" : "TRUE");
        gce.setAttribute("delayTime", Integer.toString(Math.max(2, Math.round(delayMs / 10f))));
        gce.setAttribute("transparentColorIndex", Integer.toString(CLEAR));
        if (first) {
            IIOMetadataNode app = new IIOMetadataNode("ApplicationExtension");
            app.setAttribute("applicationID", "NETSCAPE");
            app.setAttribute("authenticationCode", "2.0");
            app.setUserObject(new byte[] {1, 0, 0}); // sub-block 1, loop count 0 = forever
            child(root, "ApplicationExtensions").appendChild(app);
        }
        meta.setFromTree(FORMAT, root);
    }

    private static IIOMetadataNode child(IIOMetadataNode root, String name) {
        for (int i = 0; i < root.getLength(); i++) {
            if (root.item(i).getNodeName().equals(name)) {
                return (IIOMetadataNode) root.item(i);
            }
        }
        IIOMetadataNode node = new IIOMetadataNode(name);
        root.appendChild(node);
        return node;
    }
}
