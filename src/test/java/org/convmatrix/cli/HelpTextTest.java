package org.convmatrix.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Every command's help renders without picocli warnings (an unescaped '%' in a description, say). */
class HelpTextTest {
    @Test
    void everyHelpRendersCleanly() {
        for (String command : Main.commandLine().getSubcommands().keySet()) {
            ByteArrayOutputStream sysErr = new ByteArrayOutputStream();
            PrintStream saved = System.err;
            CliRun run;
            try {
                System.setErr(new PrintStream(sysErr, true, StandardCharsets.UTF_8));
                run = CliRun.of(command, "--help");
            } finally {
                System.setErr(saved);
            }
            String warnings = sysErr.toString(StandardCharsets.UTF_8);
            assertEquals(0, run.exitCode(), command + ": " + run);
            // picocli's own help command prints its description above the usage
            assertTrue(run.out().startsWith("Usage: convmatrix " + command)
                    || command.equals("help") && run.out().contains("\nUsage: convmatrix help"), command + ": " + run);
            assertFalse(warnings.contains("WARN") || run.out().contains("%n"), command + ": " + warnings);
        }
    }
}
