package org.convmatrix.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rough edges a new user hits first: explicit weights, help, a bare call, overlap's layer, spreading. */
class UserCommandLineTest {
    static void assertOneErrorLine(CliRun r, String start) {
        assertEquals(2, r.exitCode(), r.toString());
        String[] lines = r.err().strip().split("\n");
        assertEquals(1, lines.length, r.err());
        assertTrue(lines[0].startsWith("error: " + start), r.err());
    }

    /** CSV triplets {row, col, value} of a matrix command's standard output. */
    static List<double[]> triplets(CliRun r) {
        assertEquals(0, r.exitCode(), r.toString());
        List<double[]> t = new ArrayList<>();
        for (String line : r.out().strip().split("\n")) {
            if (!line.startsWith("row")) {
                String[] f = line.split(",");
                t.add(new double[] {Integer.parseInt(f[0]), Integer.parseInt(f[1]), Double.parseDouble(f[2])});
            }
        }
        return t;
    }

    @Test
    void explicitWeightsLandWhereTheD2lExampleHasThem() {
        // W of the 2x2 kernel [[1,2],[3,4]] on a 3x3 input: output (0,0) reads x(0,0) x(0,1) x(1,0) x(1,1)
        List<double[]> t = triplets(CliRun.of("matrix", "--kernel", "2,2", "--input", "3", "--weight", "1,2,3,4",
                "--format", "csv"));
        assertEquals(16, t.size());
        double[][] w = new double[4][9];
        for (double[] e : t) {
            w[(int) e[0]][(int) e[1]] = e[2];
        }
        assertEquals(List.of(1.0, 2.0, 0.0, 3.0, 4.0, 0.0, 0.0, 0.0, 0.0), boxed(w[0]));
        assertEquals(List.of(0.0, 0.0, 0.0, 0.0, 1.0, 2.0, 0.0, 3.0, 4.0), boxed(w[3]));
    }

    @Test
    void explicitBiasIsTheLastColumnOfTheAffineMatrix() {
        List<double[]> t = triplets(CliRun.of("matrix", "--kernel", "1", "--input", "2", "--out-channels", "2",
                "--weight", "3,5", "--bias", "0.5,-1", "--which", "affine", "--format", "csv"));
        List<String> biasColumn = new ArrayList<>();
        for (double[] e : t) {
            if (e[1] == 2) {
                biasColumn.add((int) e[0] + ":" + e[2]);
            }
        }
        assertEquals(List.of("0:0.5", "1:0.5", "2:-1.0", "3:-1.0"), biasColumn);
    }

    @Test
    void weightAndBiasCountsAreChecked() {
        assertOneErrorLine(CliRun.of("matrix", "--kernel", "2,2", "--input", "3", "--weight", "1,2,3"),
                "--weight: the weight [1, 1, 2, 2] needs 4 values (flat, row-major) but 3 were given");
        assertOneErrorLine(CliRun.of("matrix", "--kernel", "2", "--input", "3", "--out-channels", "2", "--bias", "1"),
                "--bias: needs 2 values (one per output channel) but 1 were given");
        assertOneErrorLine(CliRun.of("matrix", "--kernel", "2", "--input", "3", "--bias", "x"), "--bias: must be numbers");
        assertOneErrorLine(CliRun.of("matrix", "--kernel", "2", "--input", "3", "--weight", "1,2", "--weights",
                "symbolic"), "--weights: symbolic and --weight");
    }

    @Test
    void helpCommandDocumentsACommandAndABareCallFails() {
        CliRun help = CliRun.of("help", "matrix");
        assertEquals(0, help.exitCode(), help.toString());
        assertTrue(help.out().contains("Usage: convmatrix matrix"), help.out());
        CliRun top = CliRun.of("help");
        assertEquals(0, top.exitCode(), top.toString());
        assertTrue(top.out().contains("Usage: convmatrix"), top.out());
        CliRun bare = CliRun.of();
        assertEquals(2, bare.exitCode(), bare.toString());
        assertTrue(bare.err().startsWith("error: no command given"), bare.err());
        assertTrue(bare.err().contains("Usage: convmatrix"), bare.err());
        assertEquals("", bare.out());
    }

    @Test
    void overlapNeedsAConvTransposeNamedAsSuch() {
        assertOneErrorLine(CliRun.of("overlap", "--kernel", "3,3", "--stride", "2,2", "--input", "5,5", "--no-image"),
                "--op: overlap draws the overlap of a conv_transpose layer");
        assertOneErrorLine(CliRun.of("overlap", "--op", "conv", "--kernel", "3", "--input", "5", "--no-image"), "--op");
        CliRun ok = CliRun.of("overlap", "--op", "conv_transpose", "--kernel", "3", "--stride", "2", "--input", "5",
                "--no-image");
        assertEquals(0, ok.exitCode(), ok.toString());
    }

    @Test
    void targetSizeFollowsPytorchsOutputSize() {
        // the example: stride 1, dilation 3, kernel 3, input 5 -> base 11; PyTorch's output_size accepts 11 only
        CliRun r = CliRun.of("shape", "--op", "conv_transpose", "--kernel", "3", "--dilation", "3", "--input", "5",
                "--target-size", "13");
        assertEquals(1, r.exitCode(), r.toString());
        assertTrue(r.out().contains("PyTorch's output_size accepts sizes 11..11"), r.out());
        assertTrue(r.out().contains("the layer reaches it with --output-padding 2 (below the dilation 3)"), r.out());
        CliRun ok = CliRun.of("shape", "--op", "conv_transpose", "--kernel", "3", "--stride", "2", "--padding", "1",
                "--input", "4", "--target-size", "8");
        assertEquals(0, ok.exitCode(), ok.toString());
        assertTrue(ok.out().contains("output_padding 1\n"), ok.out());
    }

    @Test
    void everyPerAxisFlagSpreadsOneValueAndOtherwiseNeedsOnePerAxis() {
        CliRun one = CliRun.of("shape", "--kernel", "3,3", "--stride", "2", "--padding", "1", "--input", "5");
        CliRun two = CliRun.of("shape", "--kernel", "3,3", "--stride", "2,2", "--padding", "1,1", "--input", "5,5");
        assertEquals(0, one.exitCode(), one.toString());
        assertEquals(two.out(), one.out());
        CliRun pairs = CliRun.of("shape", "--kernel", "3,3", "--padding", "1:2", "--input", "5");
        CliRun pairs2 = CliRun.of("shape", "--kernel", "3,3", "--padding", "1:2,1:2", "--input", "5,5");
        assertEquals(0, pairs.exitCode(), pairs.toString());
        assertEquals(pairs2.out(), pairs.out());
        CliRun m = CliRun.of("matrix", "--kernel", "2,2,2", "--input", "3", "--format", "csv");
        assertEquals(8 * 8, triplets(m).size());
        assertOneErrorLine(CliRun.of("shape", "--kernel", "3,3", "--input", "5,5,5"),
                "--input: must have 1 value (for every axis) or 2 (one per axis of --kernel) but had 3");
        assertOneErrorLine(CliRun.of("shape", "--kernel", "3,3", "--dilation", "1,1,1", "--input", "5"), "--dilation");
        assertOneErrorLine(CliRun.of("shape", "--op", "conv_transpose", "--kernel", "3,3", "--input", "5",
                "--target-size", "9,9,9"), "--target-size");
    }

    private static List<Double> boxed(double[] v) {
        List<Double> l = new ArrayList<>();
        for (double x : v) {
            l.add(x);
        }
        return l;
    }
}
