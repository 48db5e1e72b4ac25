package org.convmatrix.render;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.convmatrix.io.AtomicFiles;

/**
 * Writes an {@link AnimationFigure}: an animated GIF ({@link GifEncoder}: the JDK's ImageIO GIF writer,
 * looping), an animated SVG, or numbered PNG frames for slides. Every file is written
 * atomically. Stateless and thread-safe.
 */
public final class AnimationWriter {
    private AnimationWriter() {
    }

    /** Writes the animated GIF ({@link GifEncoder}), {@code delayMs} per frame (GIF stores hundredths of a second). */
    public static void gif(AnimationFigure fig, int delayMs, Path target) throws IOException {
        List<BufferedImage> frames = new ArrayList<>();
        for (int i = 0; i < fig.frames(); i++) {
            frames.add(fig.frameImage(i));
        }
        AtomicFiles.write(target, out -> GifEncoder.write(frames, delayMs, out));
    }

    /** Writes the animated SVG (base once, one group per frame), {@code delayMs} per frame. */
    public static void svg(AnimationFigure fig, int delayMs, Path target) throws IOException {
        AtomicFiles.writeString(target, fig.toSvg(delayMs));
    }

    /**
     * Writes {@code DIR/STEM-001.png, STEM-002.png, ...}, one per frame (numbered from 1, zero-padded to
     * the width of the frame count).
     *
     * @return the files written, in order
     */
    public static List<Path> pngFrames(AnimationFigure fig, Path dir, String stem) throws IOException {
        Files.createDirectories(dir);
        int digits = Math.max(3, Integer.toString(fig.frames()).length());
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < fig.frames(); i++) {
            Path file = dir.resolve(String.format(Locale.ROOT, "%s-%0" + digits + "d.png", stem, i + 1));
            BufferedImage img = fig.frameImage(i);
            AtomicFiles.write(file, out -> {
                if (!ImageIO.write(img, "png", out)) {
                    throw new IOException("no PNG writer available in this JVM");
                }
            });
            files.add(file);
        }
        return files;
    }

    /**
     * The opening tag of frame {@code i} of {@code n} in the SVG: hidden, made visible during
     * {@code [i/n, (i+1)/n)} of a loop of {@code totalSeconds} by a discrete SMIL animation.
     */
    static String svgFrameGroup(int i, int n, double totalSeconds) {
        if (n == 1) {
            return "<g class=\"frame\" id=\"frame-1\">\n";
        }
        String from = key(i / (double) n);
        String to = key((i + 1) / (double) n);
        String values;
        String times;
        if (i == 0) {
            values = "visible;hidden";
            times = "0;" + to;
        } else if (i == n - 1) {
            values = "hidden;visible";
            times = "0;" + from;
        } else {
            values = "hidden;visible;hidden";
            times = "0;" + from + ";" + to;
        }
        return "<g class=\"frame\" id=\"frame-" + (i + 1) + "\" visibility=\"" + (i == 0 ? "visible" : "hidden")
                + "\"><animate attributeName=\"visibility\" values=\"" + values + "\" keyTimes=\"" + times + "\" dur=\""
                + key(totalSeconds) + "s\" calcMode=\"discrete\" repeatCount=\"indefinite\"/>\n";
    }

    private static String key(double v) {
        return String.format(Locale.ROOT, "%.6f", v).replaceAll("0+$", "").replaceAll("\\.$", "");
    }
}
