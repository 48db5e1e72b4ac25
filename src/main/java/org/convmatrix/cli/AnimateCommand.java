package org.convmatrix.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.convmatrix.lower.KernelToMatrix;
import org.convmatrix.lower.LoweredConv;
import org.convmatrix.render.AnimationFigure;
import org.convmatrix.render.AnimationWriter;
import org.convmatrix.render.ConvAnimation;
import org.convmatrix.spec.InvalidSpecException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code animate}: convolution arithmetic, frame by frame, beside the rows of W. */
@Command(name = "animate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Animates a conv or conv_transpose layer (1-D, 2-D; 3-D as a slice) as an animated GIF and SVG, "
            + "one frame per output position: the input with its padding (for conv_transpose the zero-inserted, padded "
            + "input of the equivalent stride-1 convolution with the flipped kernel), the kernel footprint with its "
            + "dilation gaps, the output being filled, and beside it W (W^T for conv_transpose) with the current row "
            + "framed.",
            "Dark blue taps read an input element: they are exactly the stored entries of that row. Orange taps fall on "
                + "padding or an inserted zero and have no entry. Each output cell is labelled with its row number."},
        footer = {"", "Examples (Dumoulin & Visin's classic configurations and any other):",
            "  java -jar target/convmatrix.jar animate --kernel 3,3 --input 5,5 --padding 1 --weights symbolic",
            "  java -jar target/convmatrix.jar animate --kernel 3,3 --stride 2,2 --input 5,5 --name strides",
            "  java -jar target/convmatrix.jar animate --op conv_transpose --kernel 3,3 --stride 2,2 --input 2,2",
            "  java -jar target/convmatrix.jar animate --kernel 3 --dilation 2 --input 9 --format svg",
            "  java -jar target/convmatrix.jar animate --case case.json --channels 0,1 --frames slides"})
final class AnimateCommand implements Callable<Integer> {
    /** Animation formats. */
    enum Format {
        gif,
        svg
    }

    @Mixin
    LayerOptions layer;

    @Option(names = "--format", split = ",", paramLabel = "F", defaultValue = "gif,svg", description = "gif, svg or "
            + "both; default ${DEFAULT-VALUE}")
    List<Format> formats;

    @Option(names = "--out-dir", paramLabel = "DIR", defaultValue = ".", description = "folder for STEM.gif and "
            + "STEM.svg (created if missing); default the current folder")
    Path outDir;

    @Option(names = "--name", paramLabel = "STEM", defaultValue = "animation", description = "file name stem; default "
            + "${DEFAULT-VALUE}")
    String name;

    @Option(names = "--delay", paramLabel = "MS", defaultValue = "700", description = "time each frame is shown, 20 to "
            + "10000 ms; default ${DEFAULT-VALUE}")
    int delay;

    @Option(names = "--size", paramLabel = "PX", defaultValue = "26", description = "side of an input cell in pixels, "
            + "8 to 80 (weights are written in cells of 16 px or more); default ${DEFAULT-VALUE}")
    int size;

    @Option(names = "--channels", split = ",", paramLabel = "C", defaultValue = "0", description = "the output "
            + "channels to animate, in turn; the input channels of their groups are drawn (at most 4); default "
            + "${DEFAULT-VALUE}")
    int[] channels;

    @Option(names = "--slice", paramLabel = "Z", description = "3-D layers: the output index on the first spatial axis "
            + "whose positions are animated; default the middle one")
    Integer slice;

    @Option(names = "--frames", paramLabel = "DIR", description = "also write each frame as a numbered PNG "
            + "(DIR/STEM-001.png, ...) for slides")
    Path framesDir;

    @Spec
    CommandSpec command;

    @Override
    public Integer call() throws Exception {
        validate();
        LayerOptions.Resolved r = layer.resolve();
        int dims = r.layer().spec().dims();
        if (dims > 3) {
            throw new InvalidSpecException("kernel_size", "--kernel: animate draws layers with 1 to 3 spatial axes (3-D as "
                    + "a slice) but this one has " + dims);
        }
        if (slice != null && dims < 3) {
            throw new InvalidSpecException("slice", "--slice: only for 3-D layers (this one has " + dims
                    + " spatial axes)");
        }
        int z = dims < 3 ? -1 : slice != null ? slice : r.layer().spec().outputSpatial(r.inputSpatial())[0] / 2;
        ConvAnimation anim = ConvAnimation.of(r.layer().spec(), r.inputSpatial(), channels, z);
        LoweredConv lc = KernelToMatrix.lower(r.layer(), r.inputSpatial());
        AnimationFigure fig = AnimationFigure.of(anim, lc, r.symbolic(), size);
        PrintWriter out = command.commandLine().getOut();
        out.println(anim.frames().size() + " frames (one per row of " + (anim.transposed() ? "W^T" : "W") + " shown), "
                + fig.width() + " x " + fig.height() + " px" + (z >= 0 ? ", output slice " + z + " of axis 0" : ""));
        for (Format f : formats) {
            Path file = outDir.resolve(name + "." + f.name());
            if (f == Format.gif) {
                AnimationWriter.gif(fig, delay, file);
            } else {
                AnimationWriter.svg(fig, delay, file);
            }
            out.println("wrote " + file + String.format(Locale.ROOT, " (%.0f KB)", Files.size(file) / 1024.0));
        }
        if (framesDir != null) {
            List<Path> pngs = AnimationWriter.pngFrames(fig, framesDir, name);
            out.println("wrote " + pngs.size() + " frames " + pngs.get(0) + " ... " + pngs.get(pngs.size() - 1));
        }
        out.flush();
        return 0;
    }

    private void validate() {
        if (delay < 20 || delay > 10_000) {
            throw new InvalidSpecException("delay", "--delay: must be in [20, 10000] ms but was " + delay);
        }
        if (size < 8 || size > 80) {
            throw new InvalidSpecException("size", "--size: must be in [8, 80] px but was " + size);
        }
        if (name.isBlank() || name.contains("/") || name.contains("\\")) {
            throw new InvalidSpecException("name", "--name: must be a plain file name stem but was '" + name + "'");
        }
        if (channels.length == 0 || channels.length > 16) {
            throw new InvalidSpecException("channels", "--channels: give 1 to 16 output channels but gave "
                    + channels.length);
        }
        if (framesDir != null && Files.exists(framesDir) && !Files.isDirectory(framesDir)) {
            throw new InvalidSpecException("frames", "--frames " + framesDir + " is a file; give a folder for the PNGs");
        }
    }
}
