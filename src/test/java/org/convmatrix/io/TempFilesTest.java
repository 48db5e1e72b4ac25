package org.convmatrix.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An atomic write interrupted by the JVM's exit leaves no temporary file: a child JVM starts a write,
 * says so, and is then ended by {@code System.exit}, SIGTERM or SIGINT; its folder then holds nothing.
 * (SIGKILL runs no shutdown hook; the README says what it leaves.)
 */
class TempFilesTest {
    @TempDir
    Path dir;

    /** The child: writes a few bytes of {@code args[0]} and then waits (or exits when {@code args[1]} is "exit"). */
    public static void main(String[] args) throws IOException {
        AtomicFiles.write(Path.of(args[0]), out -> {
            out.write("partial".getBytes(StandardCharsets.UTF_8));
            out.flush();
            System.out.println("writing " + TempFiles.live());
            System.out.flush();
            if (args.length > 1 && args[1].equals("exit")) {
                System.exit(0);
            }
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    private Process startWrite(String mode) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-cp", System.getProperty("java.class.path"), TempFilesTest.class.getName(),
                dir.resolve("y.json").toString(), mode));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = r.readLine();
        assertEquals("writing 1", line, "the child started its write");
        return p;
    }

    @Test
    void theTemporaryFileExistsWhileWriting() throws Exception {
        Process p = startWrite("wait");
        try {
            assertEquals(1, files().size());
            assertTrue(files().get(0).getFileName().toString().startsWith(".y.json."), files().toString());
        } finally {
            p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void exitDuringAWriteRemovesTheTemporaryFile() throws Exception {
        Process p = startWrite("exit");
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(List.of(), files());
    }

    @Test
    void sigtermDuringAWriteRemovesTheTemporaryFile() throws Exception {
        Process p = startWrite("wait");
        p.destroy(); // SIGTERM on Unix
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(List.of(), files());
    }

    @Test
    void sigintDuringAWriteRemovesTheTemporaryFile() throws Exception {
        Process p = startWrite("wait");
        Process kill = new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start();
        assumeTrue(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0, "kill -INT is available");
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(List.of(), files());
    }

    @Test
    void aFailedWriteNamesTheTargetAndLeavesNothing() {
        Path target = dir.resolve("z.json");
        IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> AtomicFiles.write(target,
                out -> {
                    throw new java.nio.file.FileSystemException("/elsewhere/.z.json.1.tmp", null, "No space left on device");
                }));
        assertEquals(target + ": No space left on device", e.getMessage());
        assertEquals(0, TempFiles.live());
        try {
            assertEquals(List.of(), files());
        } catch (IOException io) {
            throw new AssertionError(io);
        }
    }
}
