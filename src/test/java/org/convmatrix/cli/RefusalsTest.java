package org.convmatrix.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.convmatrix.lower.KernelToMatrix;
import org.convmatrix.lower.LoweredConv;
import org.convmatrix.render.LayerMatrices;
import org.convmatrix.render.MatrixKind;
import org.convmatrix.spec.ConvLayer;
import org.convmatrix.spec.ConvSpec;
import org.convmatrix.spec.InvalidSpecException;
import org.convmatrix.spec.Op;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Refusals that name the right thing (issue 11, items 8 and 10): a case's field is not blamed on a flag,
 * a huge padding is named, an impossible target size is invalid input, and a matrix too large (W or a Gram
 * matrix) is refused from its predicted size before anything is built or printed.
 */
class RefusalsTest {
    @TempDir
    Path dir;

    private static String refused(CliRun run) {
        assertEquals(2, run.exitCode(), run.toString());
        assertEquals("", run.out(), run.toString());
        String[] lines = run.err().split("\n");
        assertEquals(1, lines.length, run.toString());
        assertTrue(lines[0].startsWith("error: "), run.toString());
        return lines[0];
    }

    @Test
    void aCasesFieldIsNotBlamedOnAFlag() throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.json"), "{\"op\": \"conv\", \"in_channels\": 1, \"out_channels\": 1, "
                + "\"kernel_size\": [3], \"stride\": [0], \"weight\": {\"shape\": [1, 1, 3], \"data\": [1, 2, 3]}, "
                + "\"input\": {\"shape\": [1, 1, 5], \"data\": [1, 2, 3, 4, 5]}}");
        for (String command : new String[] {"bench", "shape", "matrix", "heatmap"}) {
            String line = refused(CliRun.of(command, "--case", bad.toString()));
            assertTrue(line.contains("stride"), line);
            assertFalse(line.contains("--stride"), command + " blames a flag the user did not give: " + line);
        }
    }

    @Test
    void hugePaddingIsNamedWhenTheOutputOutgrowsAnInt() {
        String line = refused(CliRun.of("shape", "--kernel", "3", "--input", "5", "--padding", "2147483647"));
        assertTrue(line.startsWith("error: --padding: "), line);
        assertTrue(line.contains("padding [2147483647, 2147483647]"), line);
        line = refused(CliRun.of("shape", "--kernel", "1", "--stride", "1", "--input", "2147483647", "--padding", "1"));
        assertTrue(line.startsWith("error: --input: "), line);
    }

    @Test
    void aTargetSizeBelowOneIsInvalidInput() {
        String line = refused(CliRun.of("shape", "--op", "conv_transpose", "--kernel", "3", "--input", "5",
                "--target-size", "0"));
        assertTrue(line.startsWith("error: --target-size[0] must be >= 1 but was 0"), line);
        assertEquals(1, CliRun.of("shape", "--op", "conv_transpose", "--kernel", "3", "--input", "5", "--target-size",
                "9").exitCode(), "an unreachable but valid target still exits 1");
    }

    /** Kernel 100000 on 100000: W of 10¹⁰ entries, refused from the closed form before any O(n·k) pattern work. */
    @Test
    void aHugeConvTransposeIsRefusedUpFrontByEveryCommand() {
        String[] layer = {"--op", "conv_transpose", "--kernel", "100000",
            "--input", "100000"};
        for (String command : new String[] {"matrix", "heatmap", "bench"}) {
            String[] args = new String[layer.length + 1];
            args[0] = command;
            System.arraycopy(layer, 0, args, 1, layer.length);
            String line = refused(CliRun.of(args));
            assertTrue(line.startsWith("error: --input: ") && line.contains("nonzeros"), command + ": " + line);
        }
    }

    @Test
    void aGramMatrixTooLargeIsRefusedBeforeAnyPicture() throws IOException {
        ConvSpec spec = ConvSpec.builder(Op.CONV, 4, 4, 3, 3).padding(1, 1).build();
        LoweredConv lc = KernelToMatrix.lower(ConvLayer.of(spec, new double[4 * 4 * 9], null), new int[] {8, 8});
        long wtw = KernelToMatrix.predictedGramNnz(spec, new int[] {8, 8}, true);
        InvalidSpecException e = assertThrows(InvalidSpecException.class,
                () -> MatrixKind.WTW.requireFits(LayerMatrices.of(lc), 12 * wtw - 1));
        assertEquals("which", e.field());
        assertTrue(e.getMessage().contains("would store " + wtw + " entries"), e.getMessage());
        MatrixKind.WTW.requireFits(LayerMatrices.of(lc), 12 * wtw);
        MatrixKind.W.requireFits(LayerMatrices.of(lc), 0); // W is built already: nothing to refuse
        // through the command: a layer whose W fits but whose W^T W is beyond an array
        Path out = dir.resolve("pics");
        String line = refused(CliRun.of("heatmap", "--in-channels", "256", "--out-channels", "1", "--kernel", "9,9",
                "--input", "32,32", "--which", "W,WTW", "--out-dir", out.toString()));
        assertTrue(line.startsWith("error: --which WTW: "), line);
        assertFalse(Files.exists(out.resolve("heatmap-W.png")), "nothing is drawn before the refusal");
    }
}
