package org.convmatrix.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.convmatrix.render.HeatmapFigure;
import org.convmatrix.render.HeatmapOptions;
import org.convmatrix.render.LayerHeatmap;
import org.convmatrix.render.LayerMatrices;
import org.convmatrix.render.MatrixKind;
import org.convmatrix.render.SymbolicWeights;
import org.convmatrix.spec.InvalidSpecException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code heatmap}: PNG and SVG pictures of W, Wᵀ, WᵀW, WWᵀ. */
@Command(name = "heatmap", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Draws W, W^T, W^T*W or W*W^T of a layer as PNG and SVG heatmaps.",
            "Colours: blue negative, white zero, red positive, symmetric limits +-max|entry| (legend on the right). "
                + "Pale yellow with an amber edge: a stored entry equal to 0 (a zero weight); light grey with a dot: "
                + "not stored (structural zero). Dark lines separate channel blocks, light lines the rows of the "
                + "spatial grid. Rows and columns are labelled with the (channel, position) they index.",
            "Small matrices (cells of 20 px or more) show each entry, or its symbol with --weights symbolic. Larger "
                + "ones are aggregated: each pixel block shows the entry of largest |value| (with its sign) among the "
                + "entries it covers, so a W with 10^6 columns renders in seconds at about 1600 px."},
        footer = {"", "Examples:",
            "  java -jar target/convmatrix.jar heatmap --kernel 2,2 --input 3,3 --weights symbolic --width 1280 "
                + "--height 720 --no-title --format png",
            "  java -jar target/convmatrix.jar heatmap --in-channels 8 --out-channels 8 --kernel 3,3 --padding 1 "
                + "--input 16 --block 2,5 --format png",
            "  java -jar target/convmatrix.jar heatmap --kernel 2,2 --input 3,3 --weights symbolic --out-dir pics",
            "  java -jar target/convmatrix.jar heatmap --case case.json --which W,WTW --format png",
            "  java -jar target/convmatrix.jar heatmap --in-channels 2 --out-channels 4 --groups 2 --kernel 3,3 "
                + "--stride 2,1 --padding 1,0 --input 7,6 --which W,WT"})
final class HeatmapCommand implements Callable<Integer> {
    /** Image formats. */
    enum ImageFormat {
        png,
        svg
    }

    /** The matrices this command draws. */
    enum Which {
        W,
        WT,
        WTW,
        WWT,
        affine
    }

    @Mixin
    LayerOptions layer;

    @Option(names = "--which", split = ",", paramLabel = "M", defaultValue = "W", description = "W, WT, WTW (W^T*W), "
            + "WWT (W*W^T) or affine ([A | b]); several separated by commas; default ${DEFAULT-VALUE}")
    List<Which> which;

    @Option(names = "--format", split = ",", paramLabel = "F", defaultValue = "png,svg", description = "png, svg or "
            + "both; default ${DEFAULT-VALUE}")
    List<ImageFormat> formats;

    @Option(names = "--out-dir", paramLabel = "DIR", defaultValue = ".", description = "folder for the images "
            + "(created if missing); default the current folder")
    Path outDir;

    @Option(names = "--name", paramLabel = "STEM", defaultValue = "heatmap", description = "file name stem: files are "
            + "STEM-W.png, STEM-WT.svg, ...; default ${DEFAULT-VALUE}")
    String name;

    @Option(names = "--max-size", paramLabel = "PX", defaultValue = "1200", description = "largest side of the plot area "
            + "in pixels, 200 to 4000; default ${DEFAULT-VALUE}")
    int maxSize;

    @Option(names = "--title", paramLabel = "TEXT", description = "the title (default: the matrix and the layer); "
            + "long titles wrap to the figure's width")
    String title;

    @Option(names = "--no-title", description = "draw no title or subtitle lines (e.g. for a slide with its own title)")
    boolean noTitle;

    @Option(names = "--width", paramLabel = "PX", description = "final image width in pixels (200 to 8000); the plot "
            + "takes what the labels and legend leave, cells up to 400 px")
    Integer width;

    @Option(names = "--height", paramLabel = "PX", description = "final image height in pixels (200 to 8000)")
    Integer height;

    @Option(names = "--rows", paramLabel = "A:B", description = "draw rows A to B-1 only, at full resolution")
    String rows;

    @Option(names = "--cols", paramLabel = "A:B", description = "draw columns A to B-1 only")
    String cols;

    @Option(names = "--block", split = ",", paramLabel = "R,C", description = "draw the block of row channel R and "
            + "column channel C (for W: output channel R, input channel C); --rows/--cols then count within it")
    int[] block;

    @Spec
    CommandSpec command;

    @Override
    public Integer call() throws Exception {
        if (maxSize < 200 || maxSize > 4000) {
            throw new InvalidSpecException("max-size", "--max-size: must be in [200, 4000] but was " + maxSize);
        }
        if (name.isBlank() || name.contains("/") || name.contains("\\")) {
            throw new InvalidSpecException("name", "--name: must be a plain file name stem but was '" + name + "'");
        }
        LayerOptions.Resolved r = layer.resolve();
        LayerMatrices lc = layer.matrices(r);
        SymbolicWeights symbols = r.symbolic() ? symbolsIfSmall(lc, r) : null;
        PrintWriter out = command.commandLine().getOut();
        for (Which w : which) {
            try {
                kindOf(w).requireFits(lc);
            } catch (InvalidSpecException e) {
                throw new InvalidSpecException("which", "--which " + w.name() + ": " + e.getMessage().replaceFirst("^which: ", ""));
            }
        }
        for (Which w : which) {
            MatrixKind kind = kindOf(w);
            long t0 = System.nanoTime();
            HeatmapFigure fig = LayerHeatmap.figure(lc, kind, symbols, options(r.symbolic()));
            for (ImageFormat f : formats) {
                Path file = outDir.resolve(name + "-" + w.name() + "." + f.name());
                if (f == ImageFormat.png) {
                    fig.writePng(file);
                } else {
                    fig.writeSvg(file);
                }
                out.println("wrote " + file + "  (" + lc.symbol(kind) + ", " + fig.width() + " x " + fig.height() + " px, "
                        + fig.scaleNote() + String.format(java.util.Locale.ROOT, ", %.2f s)",
                        (System.nanoTime() - t0) / 1e9));
            }
        }
        out.flush();
        return 0;
    }

    /** @return the title, zoom and size options, checked */
    HeatmapOptions options(boolean symbolic) {
        for (Integer px : new Integer[] {width, height}) {
            if (px != null && (px < 200 || px > 8000)) {
                String flag = px == width ? "width" : "height";
                throw new InvalidSpecException(flag, "--" + flag + ": must be in [200, 8000] but was " + px);
            }
        }
        if (block != null && block.length != 2) {
            throw new InvalidSpecException("block", "--block: must be two channel indices R,C but had " + block.length
                    + " values");
        }
        if (noTitle && title != null) {
            throw new InvalidSpecException("title", "--title: --no-title draws no title; give one of them");
        }
        return new HeatmapOptions(title, !noTitle, maxSize, width == null ? 0 : width, height == null ? 0 : height,
                range("rows", rows), range("cols", cols), block, symbolic);
    }

    private static int[] range(String flag, String text) {
        if (text == null) {
            return null;
        }
        String[] ab = text.split(":");
        try {
            if (ab.length == 2) {
                return new int[] {Integer.parseInt(ab[0].trim()), Integer.parseInt(ab[1].trim())};
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidSpecException(flag, "--" + flag + ": must be A:B (first index, one past the last) but was '"
                + text + "'");
    }

    private static MatrixKind kindOf(Which w) {
        return MatrixKind.valueOf(w == Which.affine ? "AFFINE" : w.name());
    }

    /** Symbols only where cells can show them. */
    static SymbolicWeights symbolsIfSmall(LayerMatrices lc, LayerOptions.Resolved r) {
        if ((long) lc.base().rows() * lc.base().cols() > 200_000) {
            return null;
        }
        return SymbolicWeights.of(r.conv("--weights symbolic").spec(), r.inputSpatial());
    }
}
