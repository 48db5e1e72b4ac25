package org.convmatrix.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.convmatrix.io.CaseFile;
import org.convmatrix.io.CaseReader;
import org.convmatrix.spectral.CaseOperators;
import org.convmatrix.spectral.NullSpaceWitness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code spectrum} and {@code solve} commands: output contracts, the witness file, and errors. */
class SpectralCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String STRIDED = "src/test/resources/cases/valid/002-conv1d-channels-stride2-pad1-batch2.json";
    private static final String[] SMALL_FLAGS = {"--kernel", "3", "--padding", "1", "--input", "8"};

    @TempDir
    Path tmp;

    @Test
    void spectrumJsonHasTheContractFieldsAndWritesAWitnessCaseThatTheLayerMapsToZero() throws Exception {
        Path witness = tmp.resolve("w.json");
        CliRun run = CliRun.of("spectrum", STRIDED, "--json", "--top", "2", "--witness-out", witness.toString());
        assertEquals(0, run.exitCode(), run::toString);
        JsonNode o = JSON.readTree(run.out());
        double lo = o.get("sigma_max").get(0).asDouble();
        double hi = o.get("sigma_max").get(1).asDouble();
        assertTrue(0 < lo && lo <= hi && (hi - lo) / lo <= 1e-6, o::toString);
        assertEquals(2, o.get("top").size());
        assertTrue(o.get("products").asInt() > 0 && o.get("rank").asInt() > 0, o::toString);
        assertTrue(o.get("dense_sigma_max").asDouble() >= lo * (1 - 1e-12) && o.get("dense_sigma_max").asDouble()
                <= hi * (1 + 1e-12), o::toString);
        for (String b : new String[] {"frobenius", "circular", "reshaped_kernel"}) {
            assertTrue(o.get("bounds").get(b).has("value") && o.get("bounds").get(b).has("ratio"), b);
        }
        CaseFile c = CaseReader.read(witness);
        CaseOperators.Operators ops = CaseOperators.of(c, 1);
        double ratio = NullSpaceWitness.ratio(ops.a(), c.input().data(), 1);
        assertTrue(ratio <= 1e-12 * lo, "||Ax||/||x|| = " + ratio);
        assertEquals(o.get("null_witness").get("ratio").asDouble(), ratio, 1e-15 + ratio * 1e-9);
    }

    @Test
    void spectrumTableFromFlags() {
        CliRun run = CliRun.of(concat(new String[] {"spectrum", "--top", "3"}, SMALL_FLAGS));
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("sigma_3") && run.out().contains("reshaped_kernel") && run.out().contains("rank"),
                run::toString);
    }

    @Test
    void spectrumErrorsNameTheFlag() {
        String[][] bad = {{"--top", "0"}, {"--tol", "2"}, {"--max-steps", "0"}, {"--threads", "0"}};
        for (String[] b : bad) {
            CliRun run = CliRun.of(concat(new String[] {"spectrum", STRIDED}, b));
            assertEquals(Main.INVALID, run.exitCode(), run::toString);
            assertTrue(run.err().startsWith("error: " + b[0]), run::toString);
        }
        CliRun full = CliRun.of(concat(new String[] {"spectrum", "--witness-out", tmp.resolve("x.json").toString()},
                SMALL_FLAGS));
        assertEquals(Main.INVALID, full.exitCode(), full::toString);
        assertTrue(full.err().startsWith("error: --witness-out") && full.err().contains("full column rank"), full::toString);
        assertFalse(Files.exists(tmp.resolve("x.json")));
        CliRun both = CliRun.of("spectrum", STRIDED, "--kernel", "3");
        assertEquals(Main.INVALID, both.exitCode(), both::toString);
    }

    @Test
    void solveUndoesTheLayerBetterThanItsTranspose() throws Exception {
        Path out = tmp.resolve("xhat.json");
        Path adj = tmp.resolve("aty.json");
        CliRun run = CliRun.of(concat(new String[] {"solve", "--out", out.toString(), "--adjoint-out", adj.toString()},
                SMALL_FLAGS));
        assertEquals(0, run.exitCode(), run::toString);
        JsonNode s = JSON.readTree(run.out());
        assertTrue(s.get("converged").asBoolean(), s::toString);
        assertTrue(s.get("xhat_relative_error").asDouble() < s.get("adjoint_relative_error").asDouble(), s::toString);
        JsonNode x = JSON.readTree(Files.readString(out));
        assertEquals("[1,1,8]", x.get("shape").toString());
        assertEquals(8, JSON.readTree(Files.readString(adj)).get("data").size());
    }

    @Test
    void solveOfACaseUsesExpectedMinusBiasPerSample() throws Exception {
        Path out = tmp.resolve("xhat.json");
        CliRun run = CliRun.of("solve", STRIDED, "--out", out.toString());
        assertEquals(0, run.exitCode(), run::toString);
        JsonNode s = JSON.readTree(run.out());
        assertEquals(2, s.get("samples").asInt());
        assertTrue(s.get("converged").asBoolean() && s.has("xhat_relative_error"), s::toString);
        JsonNode x = JSON.readTree(Files.readString(out));
        assertEquals(java.util.Arrays.toString(CaseReader.read(Path.of(STRIDED)).input().shape()).replace(" ", ""),
                x.get("shape").toString());
    }

    @Test
    void solveErrorsNameTheFieldOrFlag() throws Exception {
        Path y = tmp.resolve("y.json");
        Files.writeString(y, "{\"shape\": [1, 2, 3], \"data\": [1, 2, 3, 4, 5, 6]}");
        CliRun wrong = CliRun.of("solve", STRIDED, "--y", y.toString());
        assertEquals(Main.INVALID, wrong.exitCode(), wrong::toString);
        assertTrue(wrong.err().startsWith("error: --y: shape"), wrong::toString);
        ObjectNode c = (ObjectNode) JSON.readTree(Files.readString(Path.of(STRIDED)));
        c.remove("expected");
        Path noExpected = tmp.resolve("c.json");
        Files.writeString(noExpected, c.toString());
        CliRun none = CliRun.of("solve", noExpected.toString());
        assertEquals(Main.INVALID, none.exitCode(), none::toString);
        assertTrue(none.err().startsWith("error: expected"), none::toString);
        CliRun lambda = CliRun.of("solve", STRIDED, "--lambda", "-1");
        assertEquals(Main.INVALID, lambda.exitCode(), lambda::toString);
        assertTrue(lambda.err().startsWith("error: --lambda"), lambda::toString);
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
