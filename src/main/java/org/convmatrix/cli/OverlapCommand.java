package org.convmatrix.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.convmatrix.render.HeatmapFigure;
import org.convmatrix.ops.Ops;
import org.convmatrix.render.GainMap;
import org.convmatrix.render.OverlapMap;
import org.convmatrix.spec.InvalidSpecException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code overlap}: the checkerboard map of a conv_transpose. */
@Command(name = "overlap", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"The overlap (checkerboard) map of a conv_transpose: for each output position, how many kernel "
            + "taps land on it (the stored entries per row of the layer's matrix W^T, for one (in, out) channel pair), "
            + "printed as a grid and drawn as a PNG.",
            "It says per axis whether the overlap is even. Rule: away from the borders position t receives "
                + "c(t mod s) = #{0 <= j < k : j*d = t (mod s)} taps; that is the same everywhere iff gcd(dilation, "
                + "stride) = 1 and kernel mod stride = 0 (for dilation 1: the kernel size is divisible by the stride).",
            "The layer must be a conv_transpose, given as --op conv_transpose or a conv_transpose case; a conv layer "
                + "(or flags without --op) is refused: a conv gathers every output from one window of the input, so "
                + "it has no overlap map."},
        footer = {"", "Examples:",
            "  java -jar target/convmatrix.jar overlap --op conv_transpose --kernel 3,3 --stride 2,2 --input 5,5",
            "  java -jar target/convmatrix.jar overlap --op conv_transpose --kernel 4,4 --stride 2,2 --padding 1,1 "
                + "--input 4,4 --out overlap.png"})
final class OverlapCommand implements Callable<Integer> {
    @Mixin
    LayerOptions layer;

    @Option(names = "--out", paramLabel = "FILE", defaultValue = "overlap.png", description = "the PNG to write "
            + "(atomically); default ${DEFAULT-VALUE}")
    Path out;

    @Option(names = "--no-image", description = "print the numbers only")
    boolean noImage;

    @Spec
    CommandSpec command;

    @Override
    public Integer call() throws Exception {
        if (layer.casePath == null && layer.op == null) {
            throw new InvalidSpecException("op", "--op: overlap draws the overlap of a conv_transpose layer; give "
                    + "--op conv_transpose (a conv gathers each output from one window: it has no overlap map)");
        }
        if (!noImage) {
            Output.requireFileTarget(out);
        }
        LayerOptions.Resolved r = layer.resolve();
        if (!r.convolution()) {
            return gainMap(r);
        }
        OverlapMap map = OverlapMap.of(r.layer().spec(), r.inputSpatial());
        PrintWriter pw = command.commandLine().getOut();
        pw.println("Overlap map of " + r.layer().spec() + " on input " + Arrays.toString(r.inputSpatial()) + " -> output "
                + Arrays.toString(map.outputSpatial()));
        pw.println("kernel taps landing on each output position (rows of W^T per (in, out) channel pair):");
        pw.print(map.grid());
        for (String line : map.explain()) {
            pw.println(line);
        }
        pw.println(map.even() ? "overlap: even (no checkerboard in the interior)"
                : "overlap: UNEVEN -> checkerboard artifacts");
        if (!noImage) {
            HeatmapFigure fig = map.figure(900);
            try {
                fig.writePng(out);
            } catch (java.io.IOException e) {
                throw Output.writeFailed("--out", out, e);
            }
            pw.println("wrote " + out + " (" + fig.width() + " x " + fig.height() + " px)");
        }
        pw.flush();
        return 0;
    }

    /** A layer that is not a convolution: input elements per output position, and the gain map. */
    private int gainMap(LayerOptions.Resolved r) throws java.io.IOException {
        GainMap map = GainMap.of(Ops.lower(r.any(), r.inputShape()), r.any().op() + " layer");
        PrintWriter pw = command.commandLine().getOut();
        pw.println("Overlap (gain) map of the " + r.any().op() + " layer of " + r.source() + " on input "
                + Arrays.toString(r.inputShape()));
        pw.print(map.grids());
        double[] range = map.interiorRange();
        pw.println((map.even() ? "gain: even in the interior (no checkerboard)" : "gain: UNEVEN in the interior -> "
                + "checkerboard artifacts") + " (interior " + range[0] + " .. " + range[1] + ")");
        if (!noImage) {
            HeatmapFigure fig = map.figure(900);
            fig.writePng(out);
            pw.println("wrote " + out + " (" + fig.width() + " x " + fig.height() + " px)");
        }
        pw.flush();
        return 0;
    }
}
