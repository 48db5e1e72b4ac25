package org.convmatrix.render;

import java.awt.image.BufferedImage;

/**
 * The few drawing operations a figure needs, implemented once for PNG ({@link PngCanvas}) and once for
 * SVG ({@link SvgCanvas}), so both formats show the same picture. Coordinates are pixels, origin top left.
 */
interface Canvas {
    /** Where a text's x coordinate is. */
    enum Anchor { START, MIDDLE, END }

    void fillRect(double x, double y, double w, double h, int rgb);

    void strokeRect(double x, double y, double w, double h, int rgb, double width);

    void line(double x1, double y1, double x2, double y2, int rgb, double width);

    /** A small filled circle (structural-zero mark). */
    void dot(double cx, double cy, double r, int rgb);

    /**
     * Draws text with its baseline at {@code y}; {@code vertical} rotates it 90° counter-clockwise about
     * {@code (x, y)} (reading bottom to top).
     */
    void text(String s, double x, double y, float size, boolean bold, int rgb, Anchor anchor, boolean vertical);

    /** Draws a raster scaled to {@code w x h} without smoothing (one colour per matrix block). */
    void raster(BufferedImage image, double x, double y, double w, double h);

    /** @return the advance width of {@code s} in pixels */
    default double textWidth(String s, float size, boolean bold) {
        return Fonts.width(s, size, bold);
    }
}
