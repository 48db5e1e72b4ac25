package org.convmatrix.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.convmatrix.cli.CliRun;
import org.convmatrix.io.CaseReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code verify}'s overall verdict is seen to fail: a case whose {@code expected} output is off fails the
 * "expected" check, {@link CaseChecks#allPassed} is false and the command exits 1; the same case with
 * PyTorch's output passes.
 */
class CaseChecksVerdictTest {
    private static final Path CASE = Path.of("src/test/resources/cases/valid/002-conv1d-channels-stride2-pad1-batch2.json");

    @TempDir
    Path dir;

    private static final Path NO_BIAS = Path.of("src/test/resources/cases/valid/026-conv1d-no-bias-null-batch3.json");

    private Path withExpectedShiftedBy(double shift) throws IOException {
        return withExpectedShiftedBy(CASE, shift);
    }

    private Path withExpectedShiftedBy(Path base, double shift) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode c = (ObjectNode) json.readTree(base.toFile());
        ArrayNode data = (ArrayNode) c.get("expected").get("data");
        data.set(3, data.get(3).asDouble() + shift);
        Path p = dir.resolve("case.json");
        Files.writeString(p, json.writeValueAsString(c));
        return p;
    }

    @Test
    void aWrongExpectedOutputFailsVerify() throws IOException {
        Path wrong = withExpectedShiftedBy(1e-9);
        List<CheckResult> results = CaseChecks.run(CaseReader.read(wrong), 7);
        assertFalse(CaseChecks.allPassed(results), results.toString());
        CheckResult expected = results.stream().filter(r -> r.name().equals("expected")).findFirst().orElseThrow();
        assertEquals(CheckResult.Status.FAIL, expected.status(), expected.toString());
        assertTrue(expected.line().startsWith("FAIL expected: "), expected.line());
        assertTrue(expected.detail().contains("at element 3"), expected.detail());
        assertEquals(1, results.stream().filter(r -> r.status() == CheckResult.Status.FAIL).count(), results.toString());
        CliRun run = CliRun.of("verify", wrong.toString());
        assertEquals(1, run.exitCode(), run.toString());
    }

    /** Without a bias only the weight, input and expected values decide whether float32's bound applies. */
    @Test
    void aWrongExpectedOutputFailsVerifyWithoutABiasToo() throws IOException {
        List<CheckResult> results = CaseChecks.run(CaseReader.read(withExpectedShiftedBy(NO_BIAS, 1e-9)), 7);
        assertFalse(CaseChecks.allPassed(results), results.toString());
        assertTrue(CaseChecks.allPassed(CaseChecks.run(CaseReader.read(withExpectedShiftedBy(NO_BIAS, 0.0)), 7)));
    }

    @Test
    void pytorchsOutputPassesVerify() throws IOException {
        Path right = withExpectedShiftedBy(0.0);
        List<CheckResult> results = CaseChecks.run(CaseReader.read(right), 7);
        assertTrue(CaseChecks.allPassed(results), results.toString());
        assertEquals(0, CliRun.of("verify", right.toString()).exitCode());
    }

    @Test
    void allPassedIsFalseExactlyWhenSomeCheckFailed() {
        CheckResult pass = CheckResult.of("a", true, "");
        CheckResult fail = CheckResult.of("b", false, "");
        CheckResult skip = new CheckResult("c", CheckResult.Status.SKIP, "");
        assertTrue(CaseChecks.allPassed(List.of(pass, skip)));
        assertFalse(CaseChecks.allPassed(List.of(pass, fail, skip)));
        assertFalse(CaseChecks.allPassed(List.of(fail)));
        assertEquals("FAIL b: x", new CheckResult("b", CheckResult.Status.FAIL, "x").line());
    }
}
