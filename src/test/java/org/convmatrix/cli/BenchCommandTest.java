package org.convmatrix.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.convmatrix.lower.KernelToMatrix;
import org.convmatrix.spec.ConvSpec;
import org.convmatrix.spec.Op;
import org.junit.jupiter.api.Test;

/** The {@code bench} command's output contract and its errors (not its timings: those are not tested). */
class BenchCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] LAYER = {"--in-channels", "2", "--out-channels", "3", "--kernel", "3,2",
        "--padding", "1,0", "--stride", "2,1", "--input", "7,5"};

    private static List<JsonNode> lines(String out) throws Exception {
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (!line.isBlank()) {
                nodes.add(JSON.readTree(line));
            }
        }
        return nodes;
    }

    private static String[] args(String... extra) {
        String[] all = new String[1 + LAYER.length + extra.length];
        all[0] = "bench";
        System.arraycopy(LAYER, 0, all, 1, LAYER.length);
        System.arraycopy(extra, 0, all, 1 + LAYER.length, extra.length);
        return all;
    }

    @Test
    void printsOneJsonObjectPerMeasurementWithTheContractFields() throws Exception {
        CliRun run = CliRun.of(args("--no-fork", "--repeat", "3", "--threads", "2"));
        assertEquals(0, run.exitCode(), run::toString);
        List<JsonNode> nodes = lines(run.out());
        long nnz = KernelToMatrix.predictedNnz(ConvSpec.builder(Op.CONV, 2, 3, 3, 2).stride(2, 1).padding(1, 0)
                .build(), 7, 5);
        String[] what = {"build", "matvec", "rmatvec", "matrix_free", "matrix_free_adjoint"};
        assertEquals(what.length + 1, nodes.size(), run::toString);
        JsonNode limits = nodes.get(what.length);
        assertEquals("limits", limits.get("what").asText(), limits::toString);
        assertTrue(limits.get("write_gb_s").asDouble() > 0 && limits.get("read_gb_s").asDouble() > 0, limits::toString);
        for (String f : new String[] {"build", "matvec", "rmatvec"}) {
            assertTrue(limits.get("fraction").get(f).asDouble() > 0, () -> f + " fraction missing in " + limits);
        }
        assertTrue(!limits.get("fraction").has("matrix_free"), limits::toString);
        assertTrue(!limits.get("fraction").has("matrix_free_adjoint"), limits::toString);
        for (int i = 0; i < what.length; i++) {
            JsonNode n = nodes.get(i);
            assertEquals(what[i], n.get("what").asText());
            assertEquals(nnz, n.get("nnz").asLong());
            assertEquals(2, n.get("threads").asInt());
            double min = n.get("min_s").asDouble();
            double median = n.get("median_s").asDouble();
            double max = n.get("max_s").asDouble();
            assertTrue(0 < min && min <= median && median <= max, n::toString);
            for (String field : new String[] {"bytes_per_nnz", "peak_bytes"}) {
                assertTrue(n.has(field), () -> field + " missing in " + n);
            }
        }
        JsonNode build = nodes.get(0);
        assertTrue(build.get("bytes_per_nnz").asDouble() >= 12, build::toString);
        assertTrue(build.get("peak_bytes").asLong() >= 12 * nnz, build::toString);
        assertTrue(build.get("first_s").asDouble() > 0, build::toString);
    }

    @Test
    void whatSelectsTheMeasurements() throws Exception {
        CliRun run = CliRun.of(args("--no-fork", "--repeat", "1", "--what", "rmatvec,build"));
        assertEquals(0, run.exitCode(), run::toString);
        List<JsonNode> nodes = lines(run.out());
        assertEquals(2, nodes.size(), run::toString);
        assertEquals("build", nodes.get(0).get("what").asText());
        assertEquals("rmatvec", nodes.get(1).get("what").asText());
    }

    @Test
    void invalidOptionsExitTwoNamingTheOption() {
        String[][] bad = {{"--repeat", "0"}, {"--threads", "0"}, {"--threads", "257"}, {"--what", "build,nothing"}};
        String[] named = {"repeat", "threads", "threads", "what"};
        for (int i = 0; i < bad.length; i++) {
            CliRun run = CliRun.of(args(bad[i]));
            assertEquals(Main.INVALID, run.exitCode(), run::toString);
            assertTrue(run.err().startsWith("error: ") && run.err().contains(named[i]), run::toString);
            assertTrue(run.out().isEmpty() && !run.err().contains("Exception"), run::toString);
        }
        CliRun layer = CliRun.of("bench", "--kernel", "3", "--input", "2");
        assertEquals(Main.INVALID, layer.exitCode(), layer::toString);
        assertTrue(layer.err().startsWith("error: "), layer::toString);
    }

    /** The test JVM runs without huge pages, so {@code bench} forks one that has them and relays its output. */
    @Test
    void forksAJvmWithHugePagesAndRelaysItsOutput() throws Exception {
        CliRun run = CliRun.of(args("--repeat", "1", "--what", "build"));
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.err().contains("forked JVM with -XX:+UseTransparentHugePages -Xms"), run::toString);
        List<JsonNode> nodes = lines(run.out());
        assertEquals(1, nodes.size(), run::toString);
        assertEquals("build", nodes.get(0).get("what").asText());
    }

    @Test
    void forkHeapHoldsTwoCopiesOfWithinEightyPercentOfMemory() {
        long gib = 1L << 30;
        assertEquals(List.of("-XX:+UseTransparentHugePages", "-Xms4608m", "-Xmx19660m"),
                BenchFork.jvmOptions(2 * gib, 24 * gib));
        // more than fits: -Xms is capped at -Xmx
        assertEquals(List.of("-XX:+UseTransparentHugePages", "-Xms6553m", "-Xmx6553m"),
                BenchFork.jvmOptions(20 * gib, 8 * gib));
    }
}
