package org.convmatrix.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.convmatrix.io.CaseFile;
import org.convmatrix.io.CaseReader;
import org.convmatrix.lower.LoweredLayer;
import org.convmatrix.ops.Ops;
import org.convmatrix.sparse.CscOps;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every view command takes every op from a case file: {@code matrix} writes {@code A} (its CSV triplets are
 * {@code A}'s entries), {@code shape} works out the output shape, {@code overlap} prints the gain map ({@code A·1}),
 * {@code heatmap} draws {@code A}, {@code bench} times its lowering and products. One PyTorch fixture per op.
 */
class OpCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private static Map<String, Path> onePerOp() throws IOException {
        Map<String, Path> first = new LinkedHashMap<>();
        try (Stream<Path> s = Files.list(Path.of("src/test/resources/cases/ops/valid"))) {
            for (Path p : s.filter(f -> f.toString().endsWith(".json") && !f.getFileName().toString().startsWith("_"))
                    .sorted().toList()) {
                first.putIfAbsent(JSON.readTree(p.toFile()).get("op").asText(), p);
            }
        }
        assertEquals(8, first.size(), first.keySet().toString());
        return first;
    }

    @TestFactory
    Stream<DynamicTest> everyViewTakesEveryOp() throws IOException {
        return onePerOp().entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
            Path c = e.getValue();
            CaseFile cf = CaseReader.read(c);
            LoweredLayer lowered = Ops.lower(cf.layer(), cf.inputShape());
            boolean transposed = e.getKey().equals("conv_transpose");
            double[][] a = CscOps.toDense(transposed ? lowered.stored() : lowered.matrix());

            CliRun m = CliRun.of("matrix", "--case", c.toString(), "--format", "csv");
            assertEquals(0, m.exitCode(), m.toString());
            String[] lines = m.out().strip().split("\n");
            int entries = 0;
            for (String line : lines) {
                if (line.isEmpty() || !Character.isDigit(line.charAt(0))) {
                    continue;
                }
                String[] f = line.split(",");
                assertEquals(a[Integer.parseInt(f[0])][Integer.parseInt(f[1])], Double.parseDouble(f[2]), 0.0, line);
                entries++;
            }
            assertEquals((transposed ? lowered.stored() : lowered.matrix()).nnz(), entries, m.toString());

            CliRun s = CliRun.of("shape", "--case", c.toString());
            assertEquals(0, s.exitCode(), s.toString());
            int[] out = lowered.outputShape();
            String tail = Arrays.toString(Arrays.copyOfRange(out, 1, out.length)).substring(1);
            assertTrue(s.out().lines().anyMatch(l -> l.startsWith("output ") && l.endsWith(tail)),
                    "output shape " + Arrays.toString(out) + ": " + s);

            CliRun o = CliRun.of("overlap", "--case", c.toString(), "--no-image");
            if (!e.getKey().startsWith("conv")) {
                assertEquals(0, o.exitCode(), o.toString());
                assertTrue(o.out().contains("gain"), o.toString());
            }

            Path dir = tmp.resolve(e.getKey());
            CliRun h = CliRun.of("heatmap", "--case", c.toString(), "--format", "png", "--out-dir", dir.toString());
            assertEquals(0, h.exitCode(), h.toString());
            assertTrue(Files.size(dir.resolve("heatmap-W.png")) > 1000, h.toString());

            CliRun b = CliRun.of("bench", "--case", c.toString(), "--repeat", "1", "--what", "build,matvec", "--no-fork");
            assertEquals(0, b.exitCode(), b.toString());
            JsonNode first = JSON.readTree(b.out().strip().split("\n")[0]);
            assertEquals("build", first.get("what").asText(), b.toString());
        }));
    }

    /** An input without data serves the commands that need only its shape; apply and verify refuse it naming input. */
    @org.junit.jupiter.api.Test
    void aShapeOnlyInputServesTheViewsNotApplyOrVerify() throws IOException {
        Path c = tmp.resolve("shape-only.json");
        Files.writeString(c, "{\"op\": \"avg_pool\", \"kernel_size\": [2, 2], \"input\": {\"shape\": [1, 2, 4, 4]}}");
        assertEquals(0, CliRun.of("matrix", "--case", c.toString(), "--format", "csv").exitCode());
        assertEquals(0, CliRun.of("shape", "--case", c.toString()).exitCode());
        for (String command : new String[] {"apply", "verify"}) {
            CliRun r = CliRun.of(command, c.toString());
            assertEquals(2, r.exitCode(), r.toString());
            assertTrue(r.err().startsWith("error: input.data"), r.toString());
        }
    }
}
