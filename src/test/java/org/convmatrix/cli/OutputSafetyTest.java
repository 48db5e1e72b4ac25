package org.convmatrix.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Files and streams at the edges (issue 11, items 5, 6, 8): a failed write to standard output is an
 * error; {@code --out} refuses symbolic links, FIFOs, the input case, a trailing slash and places where no
 * file can be created; {@code --out-dir} refuses a file; a failed write names {@code --out}. Every refusal
 * is one {@code error:} line naming the flag, exit 2, no other output and no file left.
 */
class OutputSafetyTest {
    private static final Path CASE = Path.of("src/test/resources/cases/valid/001-conv1d-basic.json");

    @TempDir
    Path dir;

    private static void assertRefused(CliRun run, String flag) {
        assertEquals(2, run.exitCode(), run.toString());
        assertEquals("", run.out(), run.toString());
        String[] lines = run.err().split("\n");
        assertEquals(1, lines.length, run.toString());
        assertTrue(lines[0].startsWith("error: " + flag + " "), run.toString());
    }

    private List<Path> filesIn(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.toList();
        }
    }

    /** A writer and a stream whose every write fails, as on a full device. */
    private static final class Full extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            throw new IOException("No space left on device");
        }
    }

    @Test
    void aFailedWriteToStandardOutputIsAnError() {
        for (String[] args : new String[][] {{"shape", "--kernel", "3", "--input", "5"},
            {"matrix", "--kernel", "2", "--input", "3"}, {"verify", CASE.toString()}}) {
            StringWriter err = new StringWriter();
            CommandLine cl = Main.commandLine();
            cl.setOut(new PrintWriter(new java.io.OutputStreamWriter(new Full(), StandardCharsets.UTF_8), true));
            cl.setErr(new PrintWriter(err, true));
            PrintStream saved = System.out;
            int code;
            try {
                System.setOut(new PrintStream(new Full(), true, StandardCharsets.UTF_8));
                code = Main.execute(cl, args);
            } finally {
                System.setOut(saved);
            }
            assertEquals(2, code, String.join(" ", args) + ": " + err);
            String[] lines = err.toString().split("\n");
            assertEquals(1, lines.length, err.toString());
            assertTrue(lines[0].startsWith("error: output: writing to standard output failed"), lines[0]);
        }
    }

    /** The real thing: {@code apply CASE > /dev/full} in a child JVM. */
    @Test
    void applyToDevFullExitsTwoWithOneErrorLine() throws Exception {
        File full = new File("/dev/full");
        assumeTrue(full.exists(), "/dev/full exists on Linux only");
        Process p = new ProcessBuilder(javaCommand("org.convmatrix.cli.Main", "apply", CASE.toString()))
                .redirectOutput(full).redirectError(ProcessBuilder.Redirect.PIPE).start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(2, p.exitValue(), err);
        assertEquals(1, err.split("\n").length, err);
        assertTrue(err.startsWith("error: output: "), err);
    }

    static List<String> javaCommand(String mainClass, String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx256m", "-cp", System.getProperty("java.class.path"), mainClass));
        cmd.addAll(List.of(args));
        return cmd;
    }

    @Test
    void outRefusesASymbolicLinkAndLeavesItAndItsTargetAlone() throws IOException {
        Path target = Files.writeString(dir.resolve("target.txt"), "keep");
        Path link = Files.createSymbolicLink(dir.resolve("link.json"), target);
        assertRefused(CliRun.of("apply", CASE.toString(), "--out", link.toString()), "--out");
        assertRefused(CliRun.of("matrix", "--kernel", "2", "--input", "3", "--out", link.toString()), "--out");
        assertTrue(Files.isSymbolicLink(link));
        assertEquals("keep", Files.readString(target));
        assertEquals(2, filesIn(dir).size());
    }

    @Test
    void outRefusesAFifo() throws Exception {
        Path fifo = dir.resolve("pipe");
        Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assumeTrue(mk.waitFor(10, TimeUnit.SECONDS) && mk.exitValue() == 0, "mkfifo is available");
        assertRefused(CliRun.of("apply", CASE.toString(), "--out", fifo.toString()), "--out");
        assertRefused(CliRun.of("overlap", "--kernel", "3", "--stride", "2", "--input", "3", "--out", fifo.toString()),
                "--out");
        assertFalse(Files.isRegularFile(fifo), "the FIFO is still a FIFO");
        assertEquals(1, filesIn(dir).size());
    }

    @Test
    void outRefusesTheInputCaseHoweverSpelled() throws IOException {
        Path copy = Files.copy(CASE, dir.resolve("case.json"));
        String before = Files.readString(copy);
        Files.createDirectories(dir.resolve("sub"));
        for (String spelling : new String[] {copy.toString(), dir.resolve("sub/../case.json").toString()}) {
            assertRefused(CliRun.of("apply", copy.toString(), "--out", spelling), "--out");
            assertRefused(CliRun.of("matrix", "--case", copy.toString(), "--out", spelling), "--out");
        }
        assertEquals(before, Files.readString(copy));
        assertEquals(2, filesIn(dir).size());
    }

    @Test
    void outRefusesATrailingSlash() throws IOException {
        assertRefused(CliRun.of("apply", CASE.toString(), "--out", dir.resolve("name") + "/"), "--out");
        assertRefused(CliRun.of("matrix", "--kernel", "2", "--input", "3", "--out=" + dir.resolve("m") + "/"), "--out");
        assertEquals(List.of(), filesIn(dir));
    }

    @Test
    void outAndOutDirRefuseAPlaceWhereNothingCanBeCreated() throws IOException {
        Path proc = Path.of("/proc");
        assumeTrue(Files.isDirectory(proc), "/proc exists (Linux)");
        assertRefused(CliRun.of("overlap", "--kernel", "3", "--stride", "2", "--input", "3", "--out", "/proc/x.png"),
                "--out");
        assertRefused(CliRun.of("demo", "--out-dir", "/proc/x"), "--out-dir");
        assertRefused(CliRun.of("heatmap", "--kernel", "2", "--input", "3", "--out-dir", "/proc/x/y"), "--out-dir");
    }

    @Test
    void outDirRefusesAFile() throws IOException {
        Path file = Files.writeString(dir.resolve("file"), "keep");
        assertRefused(CliRun.of("heatmap", "--kernel", "2", "--input", "3", "--out-dir", file.toString()), "--out-dir");
        assertRefused(CliRun.of("demo", "--out-dir", file.toString()), "--out-dir");
        assertEquals("keep", Files.readString(file));
        assertEquals(1, filesIn(dir).size());
    }

    @Test
    void aFailedWriteNamesOutNotTheTemporaryFile() {
        IOException cause = new java.nio.file.FileSystemException("/x/.y.json.123.tmp", null, "No space left on device");
        String message = Output.writeFailed("--out", Path.of("y.json"), cause).getMessage();
        assertEquals("--out y.json could not be written: No space left on device", message);
        assertEquals("out", Output.writeFailed("--out", Path.of("y.json"), cause).field());
    }

    @Test
    void aGoodOutIsStillWritten() throws IOException {
        Path out = dir.resolve("deeper/y.json");
        CliRun run = CliRun.of("apply", CASE.toString(), "--out", out.toString());
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(Files.readString(out).contains("\"shape\""));
        Files.writeString(out, "old");
        assertEquals(0, CliRun.of("apply", CASE.toString(), "--out", out.toString()).exitCode(), "a regular file is replaced");
        assertEquals(List.of(out), filesIn(dir.resolve("deeper")));
    }
}
