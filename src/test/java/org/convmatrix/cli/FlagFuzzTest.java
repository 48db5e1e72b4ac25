package org.convmatrix.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quicktheories.core.Gen;
import picocli.CommandLine;

/**
 * A fuzz test of every command's flags: 10⁴ generated flag sets (fixed seed), each a small valid command
 * line with one defect planted by construction (an unknown flag, a value that is not a number, a number
 * out of range, a bad choice, a missing value, mismatched axes, groups that do not divide the channels, a
 * folder or a trailing slash for {@code --out}, a file for {@code --out-dir}). Each run, in process, must
 * exit 2 with exactly one {@code error:} line that names a flag, print nothing else and leave no file.
 * Every fifth run uses a fresh command line (as {@link CliRun} does); the others reuse one, which picocli
 * resets before each parse, so that the 10⁴ runs take seconds.
 */
class FlagFuzzTest {
    private static final int RUNS = 10_000;

    @TempDir
    static Path scratch;

    /** One defect: the flags to append, and the flag the error must name. */
    private record Defect(List<String> flags, String named) {
    }

    private static final String[] LAYER_COMMANDS = {"shape", "matrix", "heatmap", "overlap", "bench"};
    private static final String[] INT_FLAGS = {"--in-channels", "--out-channels", "--groups"};
    private static final String[] LIST_FLAGS = {"--kernel", "--stride", "--dilation", "--input"};
    private static final String[] CHOICES = {"--op", "--padding-mode", "--weights"};

    private static String junk(SplittableRandom r) {
        String[] junk = {"abc", "3.5", "", "1e3", "--", "0x10", "99999999999", "-", "NaN", "∞", "3,,3", " 3"};
        return junk[r.nextInt(junk.length)];
    }

    private static Defect defect(SplittableRandom r, String command, Path out, Path file) {
        switch (r.nextInt(10)) {
            case 0:
                String flag = "--no-such-flag-" + r.nextInt(1000);
                return new Defect(List.of(flag), flag);
            case 1:
                String f = INT_FLAGS[r.nextInt(INT_FLAGS.length)];
                return new Defect(List.of(f, junk(r)), f);
            case 2:
                String l = LIST_FLAGS[r.nextInt(LIST_FLAGS.length)];
                return new Defect(List.of(l, r.nextBoolean() ? "0" : "-" + (1 + r.nextInt(9))), l);
            case 3:
                String c = CHOICES[r.nextInt(CHOICES.length)];
                return new Defect(List.of(c, "bogus" + r.nextInt(100)), c);
            case 4:
                String last = r.nextBoolean() ? LIST_FLAGS[r.nextInt(LIST_FLAGS.length)] : INT_FLAGS[r.nextInt(INT_FLAGS.length)];
                return new Defect(List.of(last), last); // missing value at the end
            case 5:
                // a single --input spreads to every axis; three sizes for a 2-D kernel do not fit
                return new Defect(List.of("--kernel", "3,3", "--input", "5,5,5"), "--");
            case 6:
                return new Defect(List.of("--in-channels", "3", "--groups", "2"), "--");
            case 7:
                if (command.equals("heatmap")) {
                    return new Defect(List.of("--out-dir", file.toString()), "--out-dir");
                }
                if (command.equals("matrix") || command.equals("overlap")) {
                    return new Defect(List.of("--out", r.nextBoolean() ? out.toString() : out + "/x/"), "--out");
                }
                return new Defect(List.of("--padding", "-" + (1 + r.nextInt(5))), "--padding");
            case 8:
                String p = LIST_FLAGS[r.nextInt(LIST_FLAGS.length)];
                return new Defect(List.of(p, junk(r)), p);
            default:
                return new Defect(List.of("--padding-mode", "reflect", "--padding", String.valueOf(5 + r.nextInt(50))),
                        "--padding");
        }
    }

    /**
     * A command line: a valid small layer for a random command, its output in {@code out}, one defect. A flag
     * the defect sets is taken out of the base, so that the defect itself is what must be refused (not a
     * flag given twice).
     */
    private static String[] flagSet(long seed, Path out, Path file) {
        SplittableRandom r = new SplittableRandom(seed);
        String command = LAYER_COMMANDS[r.nextInt(LAYER_COMMANDS.length)];
        List<String[]> base = new ArrayList<>();
        base.add(new String[] {"--kernel", "3"});
        base.add(new String[] {"--input", "5"});
        if (command.equals("overlap")) {
            base.add(new String[] {"--op", "conv_transpose"});
            base.add(new String[] {"--out", out.resolve("o.png").toString()});
        } else if (command.equals("heatmap")) {
            base.add(new String[] {"--out-dir", out.toString()});
        } else if (command.equals("matrix")) {
            base.add(new String[] {"--out", out.resolve("m.mtx").toString()});
        } else if (command.equals("bench")) {
            base.add(new String[] {"--no-fork"});
            base.add(new String[] {"--repeat", "1"});
        }
        Defect d = defect(r, command, out, file);
        base.removeIf(pair -> d.flags().contains(pair[0]));
        List<String> args = new ArrayList<>();
        for (String[] pair : base) {
            args.addAll(List.of(pair));
        }
        List<String> all = new ArrayList<>(List.of(d.named(), command));
        if (d.flags().size() == 1 && d.flags().get(0).startsWith("--no-such") && r.nextBoolean()) {
            all.addAll(d.flags()); // unknown flags anywhere
            all.addAll(args);
        } else {
            all.addAll(args);
            all.addAll(d.flags());
        }
        return all.toArray(new String[0]);
    }

    private static Gen<Long> seeds() {
        return longs().all();
    }

    @Test
    void everyBadFlagSetIsOneErrorLineNamingAFlagAndNothingElse() throws IOException {
        Path out = Files.createDirectories(scratch.resolve("out"));
        Path file = Files.writeString(scratch.resolve("a-file"), "keep");
        List<Path> before = list(Path.of("."));
        AtomicInteger runs = new AtomicInteger();
        // one command line for all runs (picocli resets every option before parsing), as a shell would start anew
        StringWriter outText = new StringWriter();
        StringWriter errText = new StringWriter();
        ByteArrayOutputStream sysOut = new ByteArrayOutputStream();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(outText, true));
        cl.setErr(new PrintWriter(errText, true));
        PrintStream saved = System.out;
        System.setOut(new PrintStream(sysOut, true, StandardCharsets.UTF_8));
        try {
            qt().withFixedSeed(0xF1A65L).withExamples(RUNS).forAll(seeds()).checkAssert(seed -> {
            String[] withName = flagSet(seed, out, file);
            String named = withName[0];
            String[] args = java.util.Arrays.copyOfRange(withName, 1, withName.length);
            outText.getBuffer().setLength(0);
            errText.getBuffer().setLength(0);
            sysOut.reset();
            int code = seed % 5 == 0 ? Main.execute(fresh(outText, errText), args) : Main.execute(cl, args);
            CliRun run = new CliRun(code, sysOut.toString(StandardCharsets.UTF_8) + outText, errText.toString());
            String what = String.join(" ", args) + "\n" + run;
            assertEquals(2, run.exitCode(), what);
            assertEquals("", run.out(), what);
            String[] lines = run.err().split("\n");
            assertEquals(1, lines.length, what);
            assertTrue(lines[0].startsWith("error: "), what);
            assertTrue(lines[0].contains(named), "the error names " + named + ": " + what);
            assertEquals(List.of(), list(out), what);
            runs.incrementAndGet();
            });
        } finally {
            System.setOut(saved);
        }
        assertEquals(RUNS, runs.get());
        assertEquals("keep", Files.readString(file));
        assertEquals(before, list(Path.of(".")), "no file left in the working folder");
    }

    private static CommandLine fresh(StringWriter out, StringWriter err) {
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl;
    }

    private static List<Path> list(Path folder) {
        try (Stream<Path> s = Files.list(folder)) {
            return s.sorted().toList();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
