package org.convmatrix.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import org.convmatrix.spec.Layer;
import org.convmatrix.spec.SequentialSpec;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import org.convmatrix.spec.ConvSpec;
import org.convmatrix.spec.InvalidSpecException;
import org.convmatrix.spec.Op;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code shape}: the output shape with the formula worked out per axis; output_padding solver. */
@Command(name = "shape", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Prints the output shape of a conv or conv_transpose with PyTorch's formula worked out per axis:",
            "  conv:           floor((n + pad_before + pad_after - dilation*(kernel-1) - 1) / stride) + 1",
            "  conv_transpose: (n-1)*stride - 2*padding + dilation*(kernel-1) + output_padding + 1",
            "For a conv_transpose it lists every output size reachable with a legal output_padding "
                + "(0 <= output_padding < max(stride, dilation)); with --target-size it finds the output_padding as "
                + "PyTorch's ConvTranspose forward(x, output_size) does, which accepts only the sizes reached with "
                + "0 <= output_padding < stride, or explains why the size is refused.",
            "Exit status: 0 success, 1 no legal output_padding reaches --target-size, 2 invalid flags or case."},
        footer = {"", "Examples:",
            "  java -jar target/convmatrix.jar shape --kernel 3,3 --stride 2,1 --padding 1,0 --dilation 1,2 --input 7,6",
            "  java -jar target/convmatrix.jar shape --op conv_transpose --kernel 3,3 --stride 2,2 --padding 1,1 "
                + "--input 4,4 --target-size 8,8",
            "  java -jar target/convmatrix.jar shape --case case.json"})
final class ShapeCommand implements Callable<Integer> {
    @Mixin
    LayerOptions layer;

    @Option(names = "--target-size", split = ",", paramLabel = "N", description = "conv_transpose only: the wanted "
            + "spatial output size per axis (one value for all axes, or one per axis); prints the output_padding "
            + "PyTorch's output_size would use (0 <= output_padding < stride), or why PyTorch refuses it")
    int[] targetSize;

    @Spec
    CommandSpec command;

    @Override
    public Integer call() {
        PrintWriter out = command.commandLine().getOut();
        ConvSpec spec;
        int[] n;
        if (layer.casePath != null) {
            LayerOptions.Resolved r = layer.resolve();
            if (!r.convolution()) {
                return shapeChain(r.any(), r.inputShape(), out);
            }
            spec = r.layer().spec();
            n = r.inputSpatial();
        } else {
            if (layer.input == null) {
                throw new InvalidSpecException("input", "--input: the spatial input size is required (e.g. --input 7,6)");
            }
            ConvSpec given = layer.spec();
            if (targetSize != null && given.op() == Op.CONV_TRANSPOSE) {
                // the solver chooses output_padding; the given one (if any) is ignored, as PyTorch's output_size does
                given = given.toBuilder().outputPadding(new int[given.dims()]).build();
            }
            spec = given;
            n = layer.inputSpatial();
        }
        if (targetSize != null) {
            targetSize = LayerOptions.perAxis("--target-size", targetSize, spec.dims());
            if (spec.op() != Op.CONV_TRANSPOSE) {
                throw new InvalidSpecException("op", "--target-size: applies to --op conv_transpose only (a conv's "
                        + "output size is fixed by its input)");
            }
            for (int a = 0; a < targetSize.length; a++) {
                if (targetSize[a] < 1) {
                    throw new InvalidSpecException("target_size", "--target-size[" + a + "] must be >= 1 but was "
                            + targetSize[a]);
                }
            }
        }
        if (n.length != spec.dims()) {
            throw new InvalidSpecException("input", "--input: must have " + spec.dims() + " entries (one per spatial axis "
                    + "of --kernel) but had " + n.length);
        }
        int[] outSpatial;
        try {
            outSpatial = spec.outputSpatial(n);
        } catch (InvalidSpecException e) {
            throw layer.blame(e);
        }
        out.println(spec);
        out.println("input  [N, " + spec.inChannels() + ", " + join(n) + "]");
        boolean transposed = spec.op() == Op.CONV_TRANSPOSE;
        out.println(transposed ? "per axis: (n-1)*stride - 2*padding + dilation*(kernel-1) + output_padding + 1"
                : "per axis: floor((n + pad_before + pad_after - dilation*(kernel-1) - 1) / stride) + 1");
        for (int a = 0; a < spec.dims(); a++) {
            out.println("  axis " + a + ": " + ShapeArithmetic.formula(spec, a, n[a]));
        }
        out.println("output [N, " + spec.outChannels() + ", " + join(outSpatial) + "]");
        if (!transposed) {
            out.flush();
            return 0;
        }
        out.println("reachable output sizes (output_padding must be in [0, max(stride, dilation) - 1]):");
        for (int a = 0; a < spec.dims(); a++) {
            long[] sizes = ShapeArithmetic.reachable(spec, a, n[a]);
            StringBuilder sb = new StringBuilder("  axis " + a + ": ");
            for (int op = 0; op < sizes.length; op++) {
                sb.append(op == 0 ? "" : ", ").append(sizes[op]).append(" (output_padding ").append(op)
                        .append(sizes[op] < 1 ? ": no output" : "").append(')');
            }
            out.println(sb);
        }
        if (targetSize == null) {
            out.flush();
            return 0;
        }
        int[] solved = new int[spec.dims()];
        boolean ok = true;
        out.println("target " + Arrays.toString(targetSize) + ":");
        for (int a = 0; a < spec.dims(); a++) {
            OptionalInt op = ShapeArithmetic.solveOutputPadding(spec, a, n[a], targetSize[a]);
            long base = ShapeArithmetic.reachable(spec, a, n[a])[0];
            if (op.isPresent()) {
                solved[a] = op.getAsInt();
                out.println("  axis " + a + ": output_padding = " + targetSize[a] + " - " + base + " = " + solved[a]);
            } else {
                ok = false;
                out.println("  axis " + a + ": " + refusal(spec, a, base, targetSize[a]));
            }
        }
        if (ok) {
            out.println("output_padding " + join(solved).replace(", ", ","));
        }
        out.flush();
        return ok ? 0 : 1;
    }

    /** Why PyTorch's output_size refuses {@code target}, and whether output_padding reaches it anyway. */
    static String refusal(ConvSpec spec, int a, long base, long target) {
        long op = target - base;
        int s = spec.stride(a);
        String why = "no output_padding for output_size " + target + ": it needs output_padding " + target + " - " + base
                + " = " + op + ", but PyTorch's output_size accepts sizes " + base + ".." + (base + s - 1)
                + " (output_padding 0.." + (s - 1) + ", below the stride " + s + ")";
        if (op >= s && op < ShapeArithmetic.outputPaddingLimit(spec, a) && base + op >= 1) {
            why += "; the layer reaches it with --output-padding " + op + " (below the dilation " + spec.dilation(a) + ")";
        }
        return why;
    }

    private static String join(int[] v) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < v.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(v[i]);
        }
        return sb.toString();
    }

    /** Any other op: its output shape worked out, each layer of a chain in turn. */
    private static int shapeChain(Layer layer, int[] inputShape, PrintWriter out) {
        out.println("input  " + Arrays.toString(inputShape));
        describe(layer, inputShape, "", out);
        out.println("output " + Arrays.toString(layer.outputShape(inputShape)));
        out.flush();
        return 0;
    }

    private static void describe(Layer layer, int[] inputShape, String indent, PrintWriter out) {
        if (layer instanceof SequentialSpec) {
            List<int[]> shapes = ((SequentialSpec) layer).shapes(inputShape);
            List<Layer> layers = ((SequentialSpec) layer).layers();
            out.println(indent + "sequential of " + layers.size() + " layers:");
            for (int i = 0; i < layers.size(); i++) {
                out.println(indent + "  layers[" + i + "] " + layers.get(i).op() + ": " + Arrays.toString(shapes.get(i))
                        + " -> " + Arrays.toString(shapes.get(i + 1)));
                describe(layers.get(i), shapes.get(i), indent + "    ", out);
            }
            return;
        }
        for (String line : layer.shapeFormula(inputShape)) {
            out.println(indent + line);
        }
    }
}
