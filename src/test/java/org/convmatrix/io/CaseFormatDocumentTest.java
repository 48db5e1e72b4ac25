package org.convmatrix.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The case format the README links to, {@code src/main/resources/case-format.md} (also inside the jar), is
 * the shared contract {@code ../shared/case-format.md} word for word. Runs where the shared folder sits
 * beside the checkout (the project's machine); a plain clone has only the copy, and the test is skipped.
 */
class CaseFormatDocumentTest {
    @Test
    void repositoryCopyEqualsTheSharedContract() throws IOException {
        Path shared = Path.of("..", "shared", "case-format.md");
        assumeTrue(Files.isRegularFile(shared), "no ../shared/case-format.md beside this checkout");
        assertEquals(Files.readString(shared), Files.readString(Path.of("src", "main", "resources", "case-format.md")),
                "src/main/resources/case-format.md differs from ../shared/case-format.md: copy it over");
    }

    @Test
    void theJarCarriesTheFormat() throws IOException {
        try (var in = CaseFormatDocumentTest.class.getResourceAsStream("/case-format.md")) {
            assertEquals("# The case format", new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                    .lines().findFirst().orElse(""));
        }
    }
}
