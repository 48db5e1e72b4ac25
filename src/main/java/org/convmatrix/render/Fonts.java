package org.convmatrix.render;

import java.awt.Font;
import java.awt.font.FontRenderContext;
import java.awt.geom.AffineTransform;

/**
 * The figures' font (the logical {@code SansSerif}, DejaVu Sans on most Linux systems) and text metrics.
 * Loading this class switches AWT to headless mode, so rendering works without a display.
 * Thread-safe.
 */
final class Fonts {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    /** The family named in SVG output; the PNG uses the matching logical font. */
    static final String SVG_FAMILY = "DejaVu Sans, Verdana, Arial, sans-serif";

    private static final FontRenderContext FRC = new FontRenderContext(new AffineTransform(), true, true);

    private Fonts() {
    }

    static Font font(float size, boolean bold) {
        return new Font(Font.SANS_SERIF, bold ? Font.BOLD : Font.PLAIN, 12).deriveFont(size);
    }

    static double width(String s, float size, boolean bold) {
        return font(size, bold).getStringBounds(s, FRC).getWidth();
    }

    /**
     * @return {@code text} broken at spaces into lines at most {@code maxWidth} px wide; a longer word, and a
     *     bracketed list such as {@code [1, 1]}, stays whole
     */
    static java.util.List<String> wrap(String text, float size, boolean bold, double maxWidth) {
        java.util.List<String> lines = new java.util.ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : words(text)) {
            String candidate = line.length() == 0 ? word : line + " " + word;
            if (line.length() > 0 && width(candidate, size, bold) > maxWidth) {
                lines.add(line.toString());
                line.setLength(0);
                line.append(word);
            } else {
                line.setLength(0);
                line.append(candidate);
            }
        }
        if (line.length() > 0) {
            lines.add(line.toString());
        }
        return lines;
    }

    /** Words split at spaces outside brackets. */
    private static java.util.List<String> words(String text) {
        java.util.List<String> words = new java.util.ArrayList<>();
        StringBuilder w = new StringBuilder();
        int depth = 0;
        for (char ch : text.toCharArray()) {
            depth += ch == '[' ? 1 : ch == ']' ? -1 : 0;
            if (ch == ' ' && depth <= 0) {
                words.add(w.toString());
                w.setLength(0);
            } else {
                w.append(ch);
            }
        }
        words.add(w.toString());
        return words;
    }
}
