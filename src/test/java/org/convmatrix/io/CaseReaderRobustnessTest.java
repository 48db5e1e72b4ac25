package org.convmatrix.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.convmatrix.cli.CliRun;
import org.convmatrix.spec.InvalidSpecException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Malformed and extreme cases found in review: each is refused with the field it is about, never a crash. */
class CaseReaderRobustnessTest {
    private static final String VALID = "{\"op\": \"conv\", \"in_channels\": 1, \"out_channels\": 1, \"kernel_size\": [2],"
            + " \"weight\": {\"shape\": [1, 1, 2], \"data\": [1, 2]},"
            + " \"input\": {\"shape\": [1, 1, 3], \"data\": [1, 2, 3]}}";

    private static InvalidSpecException refused(String json) {
        return assertThrows(InvalidSpecException.class, () -> CaseReader.parse(json));
    }

    @Test
    void theValidBaseCaseReads() {
        assertEquals(3, CaseReader.parse(VALID).input().size());
    }

    @Test
    void textAfterTheCaseIsInvalid() {
        assertEquals("case", refused(VALID + " garbage").field());
        assertEquals("case", refused(VALID + VALID).field());
        assertEquals("case", refused(VALID + "]").field());
    }

    @Test
    void aFieldGivenTwiceIsInvalidAndNamed() {
        InvalidSpecException e = refused(VALID.replace("\"op\": \"conv\",", "\"op\": \"conv\", \"op\": \"conv_transpose\","));
        assertEquals("case", e.field());
        assertTrue(e.getMessage().contains("'op'"), e.getMessage());
    }

    @Test
    void deepNestingIsInvalidJsonNotACrash() {
        assertEquals("case", refused("{\"name\": " + "[".repeat(100_000)).field());
    }

    @Test
    void aTensorTooLargeForAnArrayNamesItsField() {
        InvalidSpecException e = refused(VALID.replace("\"shape\": [1, 1, 2]", "\"shape\": [2147483647, 2147483647, 2]"));
        assertEquals("weight", e.field());
    }

    @Test
    void aSamePaddingExtentBeyondIntNamesDilation() {
        String json = VALID.replace("\"kernel_size\": [2],", "\"kernel_size\": [4], \"dilation\": [2147483647], "
                + "\"padding\": \"same\",");
        assertEquals("dilation", refused(json).field());
    }

    @Test
    void aLayerTooLargeForAnyPathExitsTwoWithOneLine(@TempDir Path dir) throws Exception {
        // ConvTranspose1d, kernel 1, stride 2^30 - 1 on 3 elements: an output of 2^31 - 1 elements
        Path f = dir.resolve("big.json");
        Files.writeString(f, "{\"op\": \"conv_transpose\", \"in_channels\": 1, \"out_channels\": 1, \"kernel_size\": [1],"
                + " \"stride\": [1073741823], \"weight\": {\"shape\": [1, 1, 1], \"data\": [1]},"
                + " \"input\": {\"shape\": [1, 1, 3], \"data\": [1, 2, 3]}}");
        for (String via : new String[] {"matrix", "direct", "matrix_free"}) {
            CliRun run = CliRun.of("apply", f.toString(), "--via", via);
            assertEquals(2, run.exitCode(), run.toString());
            assertEquals(1, run.err().split("\n").length, run.toString());
            assertTrue(run.err().startsWith("error: "), run.toString());
        }
    }

    @Test
    void anIntegerFieldSaysWhatIsWrongWithoutQuotingTheIntRange() {
        String half = VALID.replace("\"kernel_size\": [2],", "\"kernel_size\": [2], \"stride\": [1.5],");
        InvalidSpecException e = refused(half);
        assertEquals("stride", e.field());
        assertTrue(e.getMessage().equals("stride[0] must be an integer but was 1.5"), e.getMessage());
        InvalidSpecException huge = refused(VALID.replace("\"kernel_size\": [2],", "\"kernel_size\": [2], \"stride\": [1e400],"));
        assertTrue(huge.getMessage().contains("beyond the double range"), huge.getMessage());
        InvalidSpecException big = refused(VALID.replace("\"kernel_size\": [2],", "\"kernel_size\": [2], \"stride\": [3000000000],"));
        assertTrue(big.getMessage().contains("fits in 32 bits"), big.getMessage());
    }
}
