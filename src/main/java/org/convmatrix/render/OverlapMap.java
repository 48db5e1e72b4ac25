package org.convmatrix.render;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.convmatrix.lower.KernelToMatrix;
import org.convmatrix.sparse.CscMatrix;
import org.convmatrix.sparse.CscOps;
import org.convmatrix.spec.ConvLayer;
import org.convmatrix.spec.ConvSpec;
import org.convmatrix.spec.Op;

/**
 * The overlap ("checkerboard") map of a conv_transpose: for each output position, how many kernel taps
 * land on it, i.e. the number of stored entries in that row of the transposed layer's matrix {@code Wᵀ}
 * for one (in, out) channel pair. (A full row of {@code Wᵀ} has {@code in_channels/groups} times as many.)
 *
 * <p><b>When is it even?</b> Before cropping, output position {@code t} receives tap {@code j} of input
 * {@code i} when {@code t = i·s + j·d}. Away from the borders the count at {@code t} depends only on
 * {@code r = t mod s}: {@code c(r) = |{0 <= j < k : j·d ≡ r (mod s)}|}. The overlap is even (the same at
 * every interior position) iff {@code c} is constant, which holds iff {@code gcd(d, s) = 1} and
 * {@code k mod s = 0}; with dilation 1 that is "kernel size divisible by stride". Otherwise the counts
 * alternate (the checkerboard of Odena et al., Distill 2016). The borders always receive fewer taps.
 *
 * <p>Immutable and thread-safe.
 */
public final class OverlapMap {
    private final ConvSpec spec;
    private final int[] outputSpatial;
    private final int[] counts;

    private OverlapMap(ConvSpec spec, int[] outputSpatial, int[] counts) {
        this.spec = spec;
        this.outputSpatial = outputSpatial;
        this.counts = counts;
    }

    /**
     * @param spec         a conv_transpose layer
     * @param inputSpatial its spatial input shape
     * @throws IllegalArgumentException naming {@code op} when the layer is not a conv_transpose
     */
    public static OverlapMap of(ConvSpec spec, int... inputSpatial) {
        if (spec.op() != Op.CONV_TRANSPOSE) {
            throw new org.convmatrix.spec.InvalidSpecException("op", "--op: the overlap map is for conv_transpose layers "
                    + "(a conv reads, it does not scatter) but the layer is " + spec.op().jsonName());
        }
        ConvSpec single = ConvSpec.builder(Op.CONV_TRANSPOSE, 1, 1, spec.kernelSize()).stride(spec.stride())
                .dilation(spec.dilation()).padding(padding(spec)).outputPadding(spec.outputPadding()).build();
        double[] ones = new double[single.kernelVolume()];
        Arrays.fill(ones, 1.0);
        CscMatrix w = KernelToMatrix.matrix(ConvLayer.of(single, ones, null), inputSpatial, 1);
        int[] counts = CscOps.rowCounts(CscOps.transpose(w));
        return new OverlapMap(spec, single.outputSpatial(inputSpatial), counts);
    }

    private static int[] padding(ConvSpec spec) {
        int[] p = new int[spec.dims()];
        for (int a = 0; a < p.length; a++) {
            p[a] = spec.padBefore(a);
        }
        return p;
    }

    /** @return taps landing on each output position, row-major over the output's spatial shape */
    public int[] counts() {
        return counts.clone();
    }

    /** @return the spatial output shape */
    public int[] outputSpatial() {
        return outputSpatial.clone();
    }

    /** @return the interior taps per residue {@code r = t mod s} on {@code axis}: {@code c(r)} */
    public static int[] interiorCounts(int kernel, int stride, int dilation) {
        int[] c = new int[stride];
        for (int j = 0; j < kernel; j++) {
            c[(int) ((long) j * dilation % stride)]++;
        }
        return c;
    }

    /** @return whether the interior overlap is even on {@code axis}: {@code gcd(d, s) = 1 and k mod s = 0} */
    public static boolean evenAxis(int kernel, int stride, int dilation) {
        return gcd(dilation, stride) == 1 && kernel % stride == 0;
    }

    /** @return whether every axis is even */
    public boolean even() {
        for (int a = 0; a < spec.dims(); a++) {
            if (!evenAxis(spec.kernelSize(a), spec.stride(a), spec.dilation(a))) {
                return false;
            }
        }
        return true;
    }

    /** @return one sentence per axis explaining whether and why the overlap is even */
    public List<String> explain() {
        List<String> lines = new ArrayList<>();
        for (int a = 0; a < spec.dims(); a++) {
            int k = spec.kernelSize(a);
            int s = spec.stride(a);
            int d = spec.dilation(a);
            int[] c = interiorCounts(k, s, d);
            String counts = s == 1 ? Integer.toString(c[0]) : Arrays.toString(c).replace("[", "").replace("]", "")
                    .replace(", ", ", ");
            String why;
            if (evenAxis(k, s, d)) {
                why = "even: " + (s == 1 ? "stride 1" : "kernel " + k + " is divisible by stride " + s
                        + (d > 1 ? " and gcd(dilation " + d + ", stride " + s + ") = 1" : ""));
            } else if (gcd(d, s) != 1) {
                why = "UNEVEN: gcd(dilation " + d + ", stride " + s + ") = " + gcd(d, s) + " > 1, some residues get no tap";
            } else {
                why = "UNEVEN: kernel " + k + " is not divisible by stride " + s + " (" + k + " mod " + s + " = " + k % s + ")";
            }
            lines.add("axis " + a + ": kernel " + k + ", stride " + s + ", dilation " + d + " -> interior taps per "
                    + "position (t mod " + s + " = 0.." + (s - 1) + "): " + counts + " -> " + why);
        }
        return lines;
    }

    /** @return the counts as a text grid: 1-D one line, 2-D one line per row, higher dims per leading index */
    public String grid() {
        int d = outputSpatial.length;
        int cols = outputSpatial[d - 1];
        int width = Integer.toString(Arrays.stream(counts).max().orElse(0)).length();
        StringBuilder sb = new StringBuilder();
        int rowLen = cols;
        int rowsPerSlice = d >= 2 ? outputSpatial[d - 2] : 1;
        for (int start = 0, row = 0; start < counts.length; start += rowLen, row++) {
            if (d >= 3 && row % rowsPerSlice == 0) {
                int[] lead = org.convmatrix.io.MatrixAxes.unflatten(row / rowsPerSlice,
                        Arrays.copyOf(outputSpatial, d - 2));
                sb.append("[").append(Arrays.toString(lead).replace("[", "").replace("]", "")).append(", :, :]\n");
            }
            for (int x = 0; x < rowLen; x++) {
                String v = Integer.toString(counts[start + x]);
                sb.append(x == 0 ? "" : " ").append(" ".repeat(width - v.length())).append(v);
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** @return a labelled heatmap of the counts (sequential colours, counts in the cells when they fit) */
    public HeatmapFigure figure(int maxPlot) {
        int d = outputSpatial.length;
        int cols = outputSpatial[d - 1];
        int rows = counts.length / cols;
        double[] v = new double[counts.length];
        int max = 0;
        int min = Integer.MAX_VALUE;
        for (int i = 0; i < v.length; i++) {
            v[i] = counts[i];
            max = Math.max(max, counts[i]);
            min = Math.min(min, counts[i]);
        }
        CellGrid grid = CellGrid.dense(rows, cols, v, null);
        ColorScale scale = SequentialColorMap.counts(Math.min(0, min), max, "colour: kernel taps landing on the output "
                + "position");
        List<String> sub = new ArrayList<>();
        sub.add("Taps per output position = stored entries per row of W\u1d40 for one (in, out) channel pair. "
                + (even() ? "Even overlap in the interior." : "Uneven overlap: checkerboard."));
        for (String line : explain()) {
            sub.add(line);
        }
        String[] names = d == 1 ? new String[] {"x"} : d == 2 ? new String[] {"y", "x"} : new String[] {"z", "y", "x"};
        String colTitle = "columns: output " + (d <= 3 ? names[d - 1] : "i" + (d - 1)) + " (0.." + (cols - 1) + ")";
        String rowTitle;
        int major = 0;
        if (d == 1) {
            rowTitle = "rows: (1-D output)";
        } else if (d == 2) {
            rowTitle = "rows: output y (0.." + (rows - 1) + ")";
        } else {
            major = outputSpatial[d - 2];
            rowTitle = "rows: output (" + (d == 3 ? "z, y" : "leading axes, i" + (d - 2)) + "), " + rows + " rows";
        }
        int[] lead = Arrays.copyOf(outputSpatial, d - 1);
        HeatmapAxis rowAxis = new HeatmapAxis(rowTitle, rows, major, 0, d == 3 ? "z " : "", i -> d == 1 ? ""
                : d == 2 ? Integer.toString(i) : Arrays.toString(org.convmatrix.io.MatrixAxes.unflatten(i, lead))
                .replace("[", "").replace("]", "").replace(" ", ""));
        HeatmapAxis colAxis = new HeatmapAxis(colTitle, cols, 0, 0, "", Integer::toString);
        return new HeatmapFigure("Overlap map of " + spec, sub, rowAxis, colAxis, grid, scale, false, maxPlot);
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }
}
