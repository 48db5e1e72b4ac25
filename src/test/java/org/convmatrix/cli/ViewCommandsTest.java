package org.convmatrix.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.convmatrix.io.MatrixMarketReader;
import org.convmatrix.lower.KernelToMatrix;
import org.convmatrix.sparse.CscMatrix;
import org.convmatrix.sparse.CscOps;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The demo, shape, matrix, heatmap and overlap commands end to end, through {@link Main#commandLine()}. */
class ViewCommandsTest {
    @TempDir
    Path tmp;

    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    static void assertOneErrorLine(Run r, String flag) {
        assertEquals(2, r.code(), r.err());
        String[] lines = r.err().strip().split("\n");
        assertEquals(1, lines.length, r.err());
        assertTrue(lines[0].startsWith("error: "), r.err());
        assertTrue(lines[0].contains(flag), "names " + flag + ": " + r.err());
    }

    @Test
    void demoPrintsTheSeedExamplesAndWritesPictures() throws Exception {
        Path dir = tmp.resolve("demo");
        Run r = run("demo", "--out-dir", dir.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("W*x             = [27, 37, 57, 67]"), r.out());
        assertTrue(r.out().contains("[[0, 1.1, 2.2], [2.2, 11, 11], [6.6, 18.7, 13.2]]"), r.out());
        assertTrue(r.out().contains("w00   w01     0   w10   w11"), r.out());
        assertFalse(r.out().contains("[differs] W"), r.out());
        for (String f : new String[] {"d2l-W-symbolic.png", "d2l-W-symbolic.svg", "d2l-WTW.png", "overlap-k3-s2.png"}) {
            assertTrue(Files.size(dir.resolve(f)) > 1000, f);
        }
        assertTrue(ImageIO.read(dir.resolve("d2l-W.png").toFile()).getWidth() > 400);
    }

    @Test
    void shapeWorksOutTheFormulaAndSolvesOutputPadding() {
        Run conv = run("shape", "--in-channels", "2", "--out-channels", "4", "--groups", "2", "--kernel", "3,3",
                "--stride", "2,1", "--padding", "1,0", "--dilation", "1,2", "--input", "7,6");
        assertEquals(0, conv.code(), conv.err());
        assertTrue(conv.out().contains("axis 0: floor((7 + 1 + 1 - 1*(3-1) - 1) / 2) + 1 = 4"), conv.out());
        assertTrue(conv.out().contains("output [N, 4, 4, 2]"), conv.out());
        Run t = run("shape", "--op", "conv_transpose", "--kernel", "3,3", "--stride", "2,2", "--padding", "1,1",
                "--input", "4,4", "--target-size", "8,7");
        assertEquals(0, t.code(), t.err());
        assertTrue(t.out().contains("7 (output_padding 0), 8 (output_padding 1)"), t.out());
        assertTrue(t.out().contains("output_padding 1,0"), t.out());
        Run none = run("shape", "--op", "conv_transpose", "--kernel", "3", "--stride", "2", "--input", "4",
                "--target-size", "12");
        assertEquals(1, none.code(), none.out());
        assertTrue(none.out().contains("no output_padding for output_size 12"), none.out());
    }

    @Test
    void badFlagsGiveOneErrorLineNamingTheFlag() {
        assertOneErrorLine(run("shape", "--kernel", "3,3", "--stride", "1,0", "--input", "5,5"), "--stride");
        assertOneErrorLine(run("shape", "--kernel", "3,x", "--input", "5,5"), "--kernel");
        assertOneErrorLine(run("matrix", "--kernel", "3", "--input", "5", "--groups", "2", "--in-channels", "3"),
                "--groups");
        assertOneErrorLine(run("matrix", "--kernel", "3", "--input", "2"), "--kernel");
        assertOneErrorLine(run("heatmap", "--kernel", "3", "--input", "5", "--which", "V"), "--which");
        assertOneErrorLine(run("matrix", "--kernel", "3", "--input", "5", "--padding-mode", "mirror"), "--padding-mode");
        assertOneErrorLine(run("overlap", "--op", "conv", "--kernel", "3", "--input", "5", "--no-image"), "--op");
        assertOneErrorLine(run("shape", "--op", "conv_transpose", "--kernel", "3", "--stride", "2", "--output-padding",
                "2", "--input", "4"), "--output-padding");
        assertOneErrorLine(run("matrix", "--kernel", "3"), "--input");
    }

    @Test
    void matrixWritesMatrixMarketThatReadsBack() throws Exception {
        Path f = tmp.resolve("w.mtx");
        Run r = run("matrix", "--in-channels", "2", "--out-channels", "4", "--groups", "2", "--kernel", "3,3",
                "--stride", "2,1", "--padding", "1,0", "--dilation", "1,2", "--input", "7,6", "--out", f.toString());
        assertEquals(0, r.code(), r.err());
        String text = Files.readString(f);
        assertTrue(text.startsWith("%%MatrixMarket matrix coordinate real general\n"), text);
        assertTrue(text.contains("% rows: conv output, shape [channels, *spatial] = [4, 4, 2]; row - 1 = channel*8 + y*2 + x"),
                text);
        CscMatrix m = MatrixMarketReader.read(f);
        assertEquals(32, m.rows());
        assertEquals(84, m.cols());
        Path wt = tmp.resolve("wt.csv");
        assertEquals(0, run("matrix", "--kernel", "2,2", "--input", "3,3", "--which", "WT", "--out", wt.toString()).code());
        assertTrue(Files.readString(wt).startsWith("row,col,value,row_channel,row_y,row_x,col_channel,col_y,col_x\n"));
        Path j = tmp.resolve("ab.json");
        assertEquals(0, run("matrix", "--kernel", "2,2", "--input", "3,3", "--bias", "--which", "affine", "--out",
                j.toString()).code());
        assertTrue(Files.readString(j).contains("\"shape\": [4, 10]"));
    }

    @Test
    void matrixLatexSymbolic() {
        Run r = run("matrix", "--kernel", "2,2", "--input", "3,3", "--weights", "symbolic", "--format", "latex");
        assertEquals(0, r.code(), r.err());
    }

    @Test
    void heatmapAndOverlapWriteImages() throws Exception {
        Run h = run("heatmap", "--kernel", "3,3", "--input", "5,5", "--which", "W,WT,WTW,WWT", "--out-dir",
                tmp.toString(), "--name", "t");
        assertEquals(0, h.code(), h.err());
        for (String w : new String[] {"W", "WT", "WTW", "WWT"}) {
            assertTrue(Files.exists(tmp.resolve("t-" + w + ".png")), w);
            assertTrue(Files.exists(tmp.resolve("t-" + w + ".svg")), w);
        }
        Path png = tmp.resolve("ov.png");
        Run o = run("overlap", "--op", "conv_transpose", "--kernel", "3,3", "--stride", "2,2", "--input", "3,3", "--out",
                png.toString());
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("1 1 2 1 2 1 1"), o.out());
        assertTrue(o.out().contains("UNEVEN"), o.out());
        assertTrue(ImageIO.read(png.toFile()).getWidth() > 300);
        // the overlap numbers are the row counts of W^T
        CscMatrix w = KernelToMatrix.lower(org.convmatrix.spec.ConvLayer.of(org.convmatrix.spec.ConvSpec.builder(
                org.convmatrix.spec.Op.CONV_TRANSPOSE, 1, 1, 3, 3).stride(2, 2).build(), new double[9], null),
                new int[] {3, 3}).matrix();
        assertEquals(4, CscOps.rowCounts(CscOps.transpose(w))[2 * 7 + 2]);
    }

    /** An --out that is a folder is refused before anything is computed or printed, naming --out. */
    @Test
    void outThatIsAFolderIsRefusedBeforeAnyOutput() throws Exception {
        Path folder = Files.createDirectory(tmp.resolve("a-folder"));
        String[][] commands = {
            {"overlap", "--op", "conv_transpose", "--kernel", "3,3", "--stride", "2,2", "--input", "4,4", "--out",
                folder.toString()},
            {"matrix", "--kernel", "2,2", "--input", "3,3", "--out", folder.toString()},
        };
        for (String[] args : commands) {
            CliRun run = CliRun.of(args);
            assertEquals(Main.INVALID, run.exitCode(), run::toString);
            assertTrue(run.out().isEmpty(), run::toString);
            assertTrue(run.err().startsWith("error: ") && run.err().contains("--out") && run.err().contains("folder"),
                    run::toString);
            assertTrue(Files.isDirectory(folder), run::toString);
        }
    }
}
