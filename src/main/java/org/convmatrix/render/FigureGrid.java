package org.convmatrix.render;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.convmatrix.io.AtomicFiles;

/**
 * Figures side by side: a grid of already drawn images (each scaled to the same cell width, its aspect kept), a
 * caption above each column and a title on top, written as one PNG. For comparisons such as the four decoder paths
 * of the demo. Stateless and thread-safe.
 */
public final class FigureGrid {
    private FigureGrid() {
    }

    /**
     * @param title    the title line
     * @param captions one caption per column
     * @param rows     the images, {@code rows.get(r).get(c)}; every row has one image per caption
     * @param cellWidth the width of each cell in pixels
     * @return the composed image
     */
    public static BufferedImage compose(String title, List<String> captions, List<List<BufferedImage>> rows,
            int cellWidth) {
        int cols = captions.size();
        int[] rowHeights = new int[rows.size()];
        for (int r = 0; r < rows.size(); r++) {
            for (BufferedImage im : rows.get(r)) {
                rowHeights[r] = Math.max(rowHeights[r], scaledHeight(im, cellWidth));
            }
        }
        int top = 70;
        int gap = 16;
        int height = top;
        for (int h : rowHeights) {
            height += h + gap;
        }
        int width = cols * (cellWidth + gap) + gap;
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(new Color(0x202020));
        g.setFont(Fonts.font(20f, true));
        g.drawString(title, gap, 28);
        g.setFont(Fonts.font(15f, true));
        for (int c = 0; c < cols; c++) {
            g.drawString(captions.get(c), gap + c * (cellWidth + gap), 58);
        }
        int y = top;
        for (int r = 0; r < rows.size(); r++) {
            for (int c = 0; c < cols; c++) {
                BufferedImage im = rows.get(r).get(c);
                g.drawImage(im, gap + c * (cellWidth + gap), y, cellWidth, scaledHeight(im, cellWidth), null);
            }
            y += rowHeights[r] + gap;
        }
        g.dispose();
        return out;
    }

    /** Writes the image as PNG, atomically. */
    public static void writePng(BufferedImage image, Path target) throws IOException {
        AtomicFiles.write(target, stream -> ImageIO.write(image, "png", stream));
    }

    private static int scaledHeight(BufferedImage im, int width) {
        return (int) Math.round((double) im.getHeight() * width / im.getWidth());
    }
}
