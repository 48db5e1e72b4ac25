package org.convmatrix.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.convmatrix.io.MatrixAxes;
import org.convmatrix.lower.KernelToMatrix;
import org.convmatrix.lower.LoweredConv;
import org.convmatrix.reference.DirectConvolution;
import org.convmatrix.reference.ScatterTransposedConvolution;
import org.convmatrix.render.HeatmapFigure;
import org.convmatrix.render.FigureGrid;
import org.convmatrix.render.LayerHeatmap;
import org.convmatrix.render.PlaneFigure;
import org.convmatrix.render.LayerMatrices;
import org.convmatrix.render.MatrixKind;
import org.convmatrix.render.OverlapMap;
import org.convmatrix.render.SymbolicWeights;
import org.convmatrix.sparse.CscMatrix;
import org.convmatrix.sparse.CscOps;
import org.convmatrix.spec.ConvLayer;
import org.convmatrix.spec.ConvSpec;
import org.convmatrix.spec.Op;
import org.convmatrix.spec.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code demo}: convolution as matrix multiplication, walked through on the seed examples. */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Walks through convolution as matrix multiplication on the seed examples, needing no input:",
            "  1. the d2l example: Conv2d 2x2 kernel [[1,2],[3,4]] on arange(9) as 3x3: W (4x9) with symbols and "
                + "numbers, W*x = [27, 37, 57, 67] equals the direct convolution;",
            "  2. the transposed convolution of [[0,1],[2,3]] with [[1.1,2.2],[3.3,4.4]]: W^T*y equals the direct "
                + "transposed convolution;",
            "  3. convT(conv(x)) = W^T*W*x has the shape of x but not its values (W^T is not the inverse);",
            "  4. heatmaps (PNG and SVG) of W, W^T, W^T*W, a multi-channel layer and a checkerboard overlap map, "
                + "written into --out-dir. Finishes in seconds."},
        footer = {"", "Example:", "  java -jar target/convmatrix.jar demo",
            "  java -jar target/convmatrix.jar demo --out-dir /tmp/pictures"})
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--out-dir", paramLabel = "DIR", defaultValue = "convmatrix-demo", description = "folder for the "
            + "pictures (created if missing); default ./${DEFAULT-VALUE}")
    Path outDir;

    @Option(names = "--no-images", description = "print the walk-through only")
    boolean noImages;

    @Spec
    CommandSpec command;

    private PrintWriter out;
    private final List<String> written = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        long t0 = System.nanoTime();
        out = command.commandLine().getOut();
        out.println("ConvMatrix demo: a convolution is a matrix, conv(x) = W*x, and its transpose is W^T*y");
        out.println("=".repeat(86));

        // 1. the d2l example
        ConvSpec convSpec = ConvSpec.builder(Op.CONV, 1, 1, 2, 2).build();
        ConvLayer conv = ConvLayer.of(convSpec, new double[] {1, 2, 3, 4}, null);
        double[] xData = {0, 1, 2, 3, 4, 5, 6, 7, 8};
        Tensor x = Tensor.of(new int[] {1, 1, 3, 3}, xData);
        LoweredConv lc = KernelToMatrix.lower(conv, new int[] {3, 3});
        SymbolicWeights sym = SymbolicWeights.of(convSpec, 3, 3);
        heading("1. Conv2d as a matrix (the d2l example: kernel [[1, 2], [3, 4]], input arange(9) as 3x3)");
        out.println("   x (3x3):                 kernel w (2x2):");
        String[] xs = TextMatrix.table(TextMatrix.cells(xData, 3, 3), null, null, "   ").split("\n");
        String[] ks = TextMatrix.table(new String[][] {{"w00", "w01"}, {"w10", "w11"}}, null, null, "").split("\n");
        String[] kn = TextMatrix.table(TextMatrix.cells(new double[] {1, 2, 3, 4}, 2, 2), null, null, "").split("\n");
        for (int i = 0; i < 3; i++) {
            out.println(String.format("%-26s %s", xs[i], i < 2 ? ks[i] + "  =  " + kn[i] : ""));
        }
        out.println();
        out.println("   Flatten x row by row (column index = 3*y + x) and the output likewise (row index = 2*y + x):");
        out.println("   y = W*x with W (4 x 9). Symbolically, each row holds the kernel shifted to one output position:");
        String[] rowLabels = labels(lc.rowShape(), "out");
        String[] colLabels = labels(lc.colShape(), "");
        out.print(TextMatrix.table(symbolCells(sym, false), rowLabels, colLabels, "   "));
        out.println("   and with the numbers of the kernel:");
        out.print(TextMatrix.table(dense(lc.matrix()), rowLabels, colLabels, "   "));
        double[] wx = CscOps.multiply(lc.matrix(), xData);
        Tensor direct = DirectConvolution.apply(conv, x);
        out.println("   W*x             = " + vector(wx));
        out.println("   direct conv(x)  = " + vector(direct.data()) + "  (2x2: " + grid(direct.data(), 2) + ")");
        out.println("   " + verdict(Arrays.equals(wx, direct.data()), "W*x equals the convolution"));

        // 2. the seed transposed convolution
        ConvSpec tSpec = ConvSpec.builder(Op.CONV_TRANSPOSE, 1, 1, 2, 2).build();
        ConvLayer tLayer = ConvLayer.of(tSpec, new double[] {1.1, 2.2, 3.3, 4.4}, null);
        double[] yData = {0, 1, 2, 3};
        LoweredConv tl = KernelToMatrix.lower(tLayer, new int[] {2, 2});
        heading("2. ConvTranspose2d as W^T (y = [[0, 1], [2, 3]], kernel [[1.1, 2.2], [3.3, 4.4]], stride 1)");
        out.println("   The transposed convolution with kernel w is the transpose of the convolution with w:");
        out.println("   convT(y) = W^T*y, W^T (9 x 4) the matrix of section 1 transposed, now with these weights:");
        out.print(TextMatrix.table(transposeCells(dense(tl.matrix())), labels(tl.colShape(), "out"),
                labels(tl.rowShape(), "y"), "   "));
        double[] wty = CscOps.multiplyTranspose(tl.matrix(), yData);
        Tensor directT = ScatterTransposedConvolution.apply(tLayer, Tensor.of(new int[] {1, 1, 2, 2}, yData));
        out.println("   W^T*y (3x3)          = " + grid(wty, 3));
        out.println("   direct convT(y) (3x3) = " + grid(directT.data(), 3));
        out.println("   " + verdict(close(wty, directT.data()), "W^T*y equals the transposed convolution "
                + "(each input element scatters a scaled copy of the kernel)"));

        // 3. transpose is not inverse
        heading("3. convT(conv(x)) = W^T*W*x: the right shape, the wrong values");
        LoweredConv back = KernelToMatrix.lower(ConvLayer.of(tSpec, new double[] {1, 2, 3, 4}, null), new int[] {2, 2});
        double[] round = CscOps.multiplyTranspose(back.matrix(), wx);
        out.println("   x                         shape [3, 3]  " + grid(xData, 3));
        out.println("   conv(x)                   shape [2, 2]  " + grid(wx, 2));
        out.println("   convT(conv(x)), same w    shape [3, 3]  " + grid(round, 3));
        out.println("   " + verdict(true, "shape: ConvTranspose maps [2, 2] back to [3, 3], the shape of x"));
        out.println("   " + verdict(false, "values: W^T*W is not the identity, so W^T undoes the shape, not the values"));

        List<DecoderPaths.Path> decoders = DecoderPaths.all();
        heading("4. Four ways a decoder grows 8x8 to 16x16 (every weight 1/k^2, the same smooth input)");
        out.println("   Each is a matrix A (256 x 64 on one channel); the gain map is A*1, the output of an all-ones input:");
        for (DecoderPaths.Path p : decoders) {
            double[] range = p.gain().interiorRange();
            out.println(String.format(java.util.Locale.ROOT, "   %-26s A %d x %d, %5d entries; interior gain %.4f .. %.4f  %s",
                    p.name(), p.lowered().matrix().rows(), p.lowered().matrix().cols(), p.lowered().matrix().nnz(),
                    range[0], range[1], p.gain().even() ? "even" : "UNEVEN: checkerboard"));
        }
        out.println("   " + verdict(!decoders.get(0).gain().even() && decoders.get(1).gain().even()
                && decoders.get(2).gain().even() && decoders.get(3).gain().even(), "only ConvTranspose(k3, s2) makes a "
                + "checkerboard: its outputs receive 1, 2 or 4 taps by parity"));

        if (!noImages) {
            heading("5. Pictures in " + outDir.toAbsolutePath().normalize());
            pictures(lc, sym, tl);
            decoderPicture(decoders);
            for (String f : written) {
                out.println("   " + f);
            }
            out.println("   Colours: blue < 0 < red; pale yellow = a stored zero weight; grey with dot = structural zero "
                    + "(not stored);");
            out.println("   dark lines = channel blocks, light lines = next row of the spatial grid.");
        }
        out.println();
        out.println(String.format(java.util.Locale.ROOT, "done in %.2f s. Next: 'convmatrix heatmap --help', "
                + "'convmatrix matrix --help', 'convmatrix shape --help', 'convmatrix overlap --help'.",
                (System.nanoTime() - t0) / 1e9));
        out.flush();
        return 0;
    }

    private void decoderPicture(List<DecoderPaths.Path> paths) throws java.io.IOException {
        List<String> captions = new java.util.ArrayList<>();
        List<java.awt.image.BufferedImage> outputs = new java.util.ArrayList<>();
        List<java.awt.image.BufferedImage> gains = new java.util.ArrayList<>();
        List<java.awt.image.BufferedImage> matrices = new java.util.ArrayList<>();
        for (DecoderPaths.Path p : paths) {
            captions.add(p.name());
            outputs.add(PlaneFigure.of("output of " + p.name(), List.of("16 x 16, the smooth 8 x 8 input grown"),
                    p.output().data(), 16, "colour: output value", 400).toImage());
            gains.add(p.gain().figure(400).toImage());
            matrices.add(LayerHeatmap.figure(LayerMatrices.of(p.lowered(), p.name()), MatrixKind.W, null, 600).toImage());
        }
        Path file = outDir.resolve("decoder-paths.png");
        FigureGrid.writePng(FigureGrid.compose("Four decoder paths as matrices: outputs (top), gain maps A*1 (middle), "
                + "A (bottom)", captions, List.of(outputs, gains, matrices), 420), file);
        written.add(String.format("%-40s %s", file.getFileName(), "the four decoder paths side by side: only "
                + "ConvTranspose(k3, s2) is uneven"));
    }

    private void pictures(LoweredConv lc, SymbolicWeights sym, LoweredConv tl) throws java.io.IOException {
        int max = LayerHeatmap.MAX_PLOT;
        // the d2l weights 1, 2, 3, 4 are the index weights j + 1: colours say which weight
        save("d2l-W-symbolic", LayerHeatmap.figure(LayerMatrices.of(lc), MatrixKind.W, sym,
                org.convmatrix.render.HeatmapOptions.defaults(max, true)),
                "W of the d2l conv, symbols w00..w11");
        save("d2l-W", LayerHeatmap.figure(LayerMatrices.of(lc), MatrixKind.W, null, max), "W of the d2l conv, numbers");
        save("d2l-WTW", LayerHeatmap.figure(LayerMatrices.of(lc), MatrixKind.WTW, null, max), "W^T*W: convT(conv(x)) is not x");
        save("convT-seed-WT", LayerHeatmap.figure(LayerMatrices.of(tl), MatrixKind.WT, null, max), "W^T of the seed ConvTranspose2d");
        ConvSpec multi = ConvSpec.builder(Op.CONV, 2, 4, 3, 3).groups(2).stride(2, 1).padding(1, 0).dilation(1, 2).build();
        ConvLayer ml = ConvLayer.of(multi, LayerOptions.randomValues(new java.util.Random(1),
                LayerOptions.weightCount(multi)), null);
        LoweredConv mlc = KernelToMatrix.lower(ml, new int[] {7, 6});
        save("groups2-W", LayerHeatmap.figure(LayerMatrices.of(mlc), MatrixKind.W, null, max),
                "W of a 2-in, 4-out, groups-2 conv (channel blocks)");
        ConvSpec big = ConvSpec.builder(Op.CONV, 3, 8, 3, 3).padding(1, 1).build();
        ConvLayer bl = ConvLayer.of(big, LayerOptions.randomValues(new java.util.Random(2), LayerOptions.weightCount(big)),
                null);
        save("conv3x3-64x64-W", LayerHeatmap.figure(LayerMatrices.of(KernelToMatrix.lower(bl, new int[] {64, 64})), MatrixKind.W, null, max),
                "W of a 3->8 channel 3x3 conv on 64x64 (aggregated)");
        ConvSpec checker = ConvSpec.builder(Op.CONV_TRANSPOSE, 1, 1, 3, 3).stride(2, 2).build();
        HeatmapFigure ov = OverlapMap.of(checker, 6, 6).figure(900);
        Path p = outDir.resolve("overlap-k3-s2.png");
        ov.writePng(p);
        written.add(String.format("%-40s %s", p.getFileName(), "overlap of a 3x3, stride-2 ConvTranspose2d: checkerboard"));
        ConvSpec evenSpec = ConvSpec.builder(Op.CONV_TRANSPOSE, 1, 1, 4, 4).stride(2, 2).padding(1, 1).build();
        HeatmapFigure ev = OverlapMap.of(evenSpec, 6, 6).figure(900);
        p = outDir.resolve("overlap-k4-s2.png");
        ev.writePng(p);
        written.add(String.format("%-40s %s", p.getFileName(), "overlap of a 4x4, stride-2 ConvTranspose2d: even"));
    }

    private void save(String stem, HeatmapFigure fig, String what) throws java.io.IOException {
        fig.writePng(outDir.resolve(stem + ".png"));
        fig.writeSvg(outDir.resolve(stem + ".svg"));
        written.add(String.format("%-40s %s", stem + ".png / .svg", what));
    }

    private void heading(String s) {
        out.println();
        out.println(s);
        out.println("-".repeat(Math.min(86, s.length())));
    }

    private static String verdict(boolean ok, String what) {
        return (ok ? "[ok]    " : "[differs] ") + what;
    }

    private static boolean close(double[] a, double[] b) {
        if (a.length != b.length) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            if (Math.abs(a[i] - b[i]) > 1e-12 * Math.max(1, Math.abs(b[i]))) {
                return false;
            }
        }
        return true;
    }

    private static String[] labels(int[] shape, String prefix) {
        int[] spatial = Arrays.copyOfRange(shape, 1, shape.length);
        int n = 1;
        for (int s : spatial) {
            n *= s;
        }
        String[] l = new String[n];
        for (int i = 0; i < n; i++) {
            int[] idx = MatrixAxes.unflatten(i, spatial);
            l[i] = prefix + "(" + idx[0] + "," + idx[1] + ")";
        }
        return l;
    }

    private static String[][] symbolCells(SymbolicWeights sym, boolean transpose) {
        CscMatrix p = sym.pattern();
        String[][] c = new String[p.rows()][p.cols()];
        for (int r = 0; r < p.rows(); r++) {
            for (int k = 0; k < p.cols(); k++) {
                c[r][k] = sym.plain(r, k);
            }
        }
        return c;
    }

    private static String[][] dense(CscMatrix m) {
        double[][] d = CscOps.toDense(m);
        String[][] c = new String[m.rows()][m.cols()];
        for (int r = 0; r < m.rows(); r++) {
            for (int k = 0; k < m.cols(); k++) {
                c[r][k] = TextMatrix.number(d[r][k]);
            }
        }
        return c;
    }

    private static String[][] transposeCells(String[][] c) {
        String[][] t = new String[c[0].length][c.length];
        for (int r = 0; r < c.length; r++) {
            for (int k = 0; k < c[0].length; k++) {
                t[k][r] = c[r][k];
            }
        }
        return t;
    }

    private static String vector(double[] v) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(TextMatrix.number(v[i]));
        }
        return sb.append(']').toString();
    }

    private static String grid(double[] v, int cols) {
        StringBuilder sb = new StringBuilder("[");
        for (int r = 0; r < v.length / cols; r++) {
            sb.append(r == 0 ? "[" : ", [");
            for (int c = 0; c < cols; c++) {
                sb.append(c == 0 ? "" : ", ").append(TextMatrix.number(v[r * cols + c]));
            }
            sb.append(']');
        }
        return sb.append(']').toString();
    }
}
