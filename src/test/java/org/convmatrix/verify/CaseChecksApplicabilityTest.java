package org.convmatrix.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.convmatrix.io.CaseFile;
import org.convmatrix.io.CaseReader;
import org.convmatrix.lower.LoweredLayer;
import org.convmatrix.ops.Ops;
import org.convmatrix.sparse.CscOps;
import org.junit.jupiter.api.Test;

/**
 * Which checks {@code verify} runs on which case, and what it says it checked against: every check that applies
 * to a convolution runs and passes; a check whose data the case lacks is skipped with the reason, never run on
 * data the case does not have; the report says whether the case's own input and grad_output were used.
 */
class CaseChecksApplicabilityTest {
    private static final Path CASES = Path.of("src/test/resources/cases");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static CheckResult named(List<CheckResult> results, String name) {
        return results.stream().filter(r -> r.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " missing from " + results));
    }

    private static String statuses(List<CheckResult> results) {
        return results.stream().map(r -> r.status() + " " + r.name()).collect(Collectors.joining(", "));
    }

    @Test
    void aConvolutionWithSymmetricZeroPaddingRunsEveryCheck() {
        CaseFile c = CaseReader.read(CASES.resolve("valid/002-conv1d-channels-stride2-pad1-batch2.json"));
        List<CheckResult> results = CaseChecks.run(c, 7);
        assertEquals("PASS matrix vs direct, PASS transposed vs W^T, PASS matrix-free vs matrix, PASS adjoint vs direct, "
                + "PASS adjoint identity, PASS shape round trip, PASS expected, SKIP expected_grad_input",
                statuses(results));
        assertTrue(named(results, "expected_grad_input").detail().contains("no expected_grad_input"));
        assertTrue(named(results, "adjoint vs direct").detail().contains("on a random g"));
        assertTrue(!named(results, "matrix vs direct").detail().contains("random"), "the case's own input is used");
    }

    @Test
    void theCasesGradOutputIsTheOneChecked() {
        CaseFile c = CaseReader.read(CASES.resolve("ops/valid/157-grad-conv1d-channels-stride2-pad1-batch2.json"));
        List<CheckResult> results = CaseChecks.run(c, 7);
        assertTrue(named(results, "adjoint vs direct").detail().contains("on the case's grad_output"), statuses(results));
        assertEquals(CheckResult.Status.PASS, named(results, "expected_grad_input").status());
    }

    @Test
    void aCaseWithOnlyTheInputShapeSkipsTheExpectedOutput() {
        CaseFile full = CaseReader.read(CASES.resolve("valid/002-conv1d-channels-stride2-pad1-batch2.json"));
        CaseFile shapeOnly = new CaseFile("shape only", full.layer(), full.inputShape(), null, full.expected(), null,
                null);
        List<CheckResult> results = CaseChecks.run(shapeOnly, 7);
        assertTrue(CaseChecks.allPassed(results), statuses(results));
        CheckResult expected = named(results, "expected");
        assertEquals(CheckResult.Status.SKIP, expected.status());
        assertEquals("the case gives only input.shape", expected.detail());
        assertTrue(named(results, "matrix vs direct").detail().contains("on a random input of the case's shape"));

        CaseFile bare = new CaseFile("bare", full.layer(), full.inputShape(), null, null, null, null);
        CheckResult none = named(CaseChecks.run(bare, 7), "expected");
        assertEquals(CheckResult.Status.SKIP, none.status());
        assertEquals("the case has no expected output", none.detail());
    }

    @Test
    void anExpectedGradInputWithoutGradOutputIsSkipped() {
        CaseFile c = CaseReader.read(CASES.resolve("ops/valid/157-grad-conv1d-channels-stride2-pad1-batch2.json"));
        CaseFile noGrad = new CaseFile(c.name(), c.layer(), c.inputShape(), c.input(), c.expected(), null,
                c.expectedGradInput());
        List<CheckResult> results = CaseChecks.run(noGrad, 7);
        CheckResult check = named(results, "expected_grad_input");
        assertEquals(CheckResult.Status.SKIP, check.status(), check.line());
        assertTrue(check.detail().contains("but no grad_output"), check.line());
        assertTrue(named(results, "adjoint vs direct").detail().contains("on a random g"));
    }

    /** PyTorch's nearest upsampling whose backward takes another index geometry: the report counts the entries. */
    @Test
    void aBackwardThatIsNotTheTransposeIsReportedWithTheEntriesThatDiffer() {
        CaseFile c = CaseReader.read(CASES.resolve("ops/valid/007-nearest-1d-scale1.1-same-size.json"));
        LoweredLayer lowered = Ops.lower(c.layer(), c.inputShape());
        assertTrue(lowered.backwardDiffers());
        double[][] a = CscOps.toDense(lowered.matrix());
        double[][] b = CscOps.toDense(lowered.backwardMatrix());
        int differ = 0;
        for (int r = 0; r < a.length; r++) {
            for (int col = 0; col < a[r].length; col++) {
                differ += a[r][col] == b[r][col] ? 0 : 1;
            }
        }
        assertTrue(differ > 0);
        List<CheckResult> results = CaseChecks.run(c, 7);
        CheckResult check = named(results, "backward = A^T");
        assertEquals(CheckResult.Status.SKIP, check.status());
        assertTrue(check.detail().contains("(" + differ + " entries differ)"), check.line());
        assertTrue(CaseChecks.allPassed(results), statuses(results));
    }

    /** Above 4·10⁶ entries the matrices are not expanded to count: the report only says that they differ. */
    @Test
    void aLargeBackwardThatDiffersIsNotExpanded() throws IOException {
        ObjectNode c = (ObjectNode) JSON.readTree(
                CASES.resolve("ops/valid/007-nearest-1d-scale1.1-same-size.json").toFile());
        ObjectNode input = JSON.createObjectNode();
        input.putArray("shape").add(1).add(401).add(5); // A is 2005 × 2005
        c.set("input", input);
        for (String field : new String[] {"expected", "grad_output", "expected_grad_input"}) {
            c.remove(field);
        }
        CaseFile big = CaseReader.parse(JSON.writeValueAsString(c));
        List<CheckResult> results = CaseChecks.run(big, 7);
        CheckResult check = named(results, "backward = A^T");
        assertTrue(check.detail().contains("(B and A differ)"), check.line());
    }

    @Test
    void theShapeRoundTripOfATransposedLayerSaysWhetherShapesAgree() {
        CheckResult below = named(CaseChecks.run(CaseReader.read(
                CASES.resolve("valid/072-convt1d-output-padding-below-stride.json")), 7), "shape round trip");
        assertEquals(CheckResult.Status.PASS, below.status(), below.line());
        assertTrue(below.detail().endsWith("(equal, as output_padding < stride)"), below.line());
        CheckResult beyond = named(CaseChecks.run(CaseReader.read(
                CASES.resolve("valid/073-convt1d-output-padding-ge-stride-below-dilation.json")), 7), "shape round trip");
        assertEquals(CheckResult.Status.PASS, beyond.status(), beyond.line());
        assertTrue(beyond.detail().endsWith("(differs where output_padding >= stride, as predicted)"), beyond.line());
    }
}
