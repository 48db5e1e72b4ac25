package org.convmatrix.render;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * A {@link Canvas} writing SVG 1.1 text. Every element carries a {@code class} saying what it is
 * ({@code cell}, {@code zero}, {@code boundary}, ...); a raster (aggregated matrices) is embedded as a
 * PNG data URI with pixelated scaling. Not thread-safe.
 */
final class SvgCanvas implements Canvas {
    private final StringBuilder sb = new StringBuilder(1 << 16);
    private String nextClass;
    private String nextTitle;
    private String element;

    SvgCanvas(int width, int height) {
        sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" version=\"1.1\"")
                .append(" width=\"").append(width).append("\" height=\"").append(height)
                .append("\" viewBox=\"0 0 ").append(width).append(' ').append(height).append("\" font-family=\"")
                .append(Fonts.SVG_FAMILY).append("\">\n");
        sb.append("<rect x=\"0\" y=\"0\" width=\"").append(width).append("\" height=\"").append(height)
                .append("\" fill=\"#ffffff\"/>\n");
    }

    /** Sets the class (and an optional tooltip) of the next element only. */
    void tag(String cssClass, String title) {
        nextClass = cssClass;
        nextTitle = title;
    }

    /** Appends markup as is (the animation's frame groups); the caller keeps it well-formed. */
    void raw(String markup) {
        sb.append(markup);
    }

    String finish() {
        return sb.append("</svg>\n").toString();
    }

    @Override
    public void fillRect(double x, double y, double w, double h, int rgb) {
        open("rect").append(" x=\"").append(n(x)).append("\" y=\"").append(n(y)).append("\" width=\"").append(n(w))
                .append("\" height=\"").append(n(h)).append("\" fill=\"").append(hex(rgb)).append('"');
        close();
    }

    @Override
    public void strokeRect(double x, double y, double w, double h, int rgb, double width) {
        open("rect").append(" x=\"").append(n(x)).append("\" y=\"").append(n(y)).append("\" width=\"").append(n(w))
                .append("\" height=\"").append(n(h)).append("\" fill=\"none\" stroke=\"").append(hex(rgb))
                .append("\" stroke-width=\"").append(n(width)).append('"');
        close();
    }

    @Override
    public void line(double x1, double y1, double x2, double y2, int rgb, double width) {
        open("line").append(" x1=\"").append(n(x1)).append("\" y1=\"").append(n(y1)).append("\" x2=\"").append(n(x2))
                .append("\" y2=\"").append(n(y2)).append("\" stroke=\"").append(hex(rgb)).append("\" stroke-width=\"")
                .append(n(width)).append('"');
        close();
    }

    @Override
    public void dot(double cx, double cy, double r, int rgb) {
        open("circle").append(" cx=\"").append(n(cx)).append("\" cy=\"").append(n(cy)).append("\" r=\"").append(n(r))
                .append("\" fill=\"").append(hex(rgb)).append('"');
        close();
    }

    @Override
    public void text(String s, double x, double y, float size, boolean bold, int rgb, Anchor anchor, boolean vertical) {
        String a = anchor == Anchor.START ? "start" : anchor == Anchor.MIDDLE ? "middle" : "end";
        open("text").append(" x=\"").append(n(x)).append("\" y=\"").append(n(y)).append("\" font-size=\"").append(n(size))
                .append("\" fill=\"").append(hex(rgb)).append("\" text-anchor=\"").append(a).append('"');
        if (bold) {
            sb.append(" font-weight=\"bold\"");
        }
        if (vertical) {
            sb.append(" transform=\"rotate(-90 ").append(n(x)).append(' ').append(n(y)).append(")\"");
        }
        sb.append('>').append(escape(s)).append("</text>\n");
        nextClass = null;
        nextTitle = null;
    }

    @Override
    public void raster(BufferedImage image, double x, double y, double w, double h) {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        open("image").append(" x=\"").append(n(x)).append("\" y=\"").append(n(y)).append("\" width=\"").append(n(w))
                .append("\" height=\"").append(n(h)).append("\" preserveAspectRatio=\"none\"")
                .append(" style=\"image-rendering:pixelated;image-rendering:crisp-edges\" xlink:href=\"data:image/png;base64,")
                .append(Base64.getEncoder().encodeToString(png.toByteArray())).append('"');
        close();
    }

    private StringBuilder open(String name) {
        element = name;
        sb.append('<').append(name);
        if (nextClass != null) {
            sb.append(" class=\"").append(nextClass).append('"');
        }
        return sb;
    }

    private void close() {
        if (nextTitle != null) {
            sb.append("><title>").append(escape(nextTitle)).append("</title></").append(element).append(">\n");
        } else {
            sb.append("/>\n");
        }
        nextClass = null;
        nextTitle = null;
    }

    private static String n(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e9) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }

    private static String hex(int rgb) {
        return String.format(Locale.ROOT, "#%06x", rgb & 0xFFFFFF);
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
