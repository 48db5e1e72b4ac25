package org.convmatrix.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/**
 * Runs the command line in-process and captures its exit code, standard output and standard error
 * (both picocli's writers and {@code System.out}, which {@code apply} streams to).
 *
 * @param exitCode the exit code
 * @param out      everything printed to standard output
 * @param err      everything printed to standard error
 */
public record CliRun(int exitCode, String out, String err) {
    /** Runs {@code convmatrix args...}. Not thread-safe (swaps {@code System.out}). */
    public static synchronized CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        ByteArrayOutputStream sysOut = new ByteArrayOutputStream();
        PrintStream saved = System.out;
        int code;
        try {
            System.setOut(new PrintStream(sysOut, true, StandardCharsets.UTF_8));
            CommandLine cl = Main.commandLine();
            cl.setOut(new PrintWriter(out, true));
            cl.setErr(new PrintWriter(err, true));
            code = Main.execute(cl, args);
        } finally {
            System.setOut(saved);
        }
        return new CliRun(code, sysOut.toString(StandardCharsets.UTF_8) + out, err.toString());
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- out:\n" + out + "--- err:\n" + err;
    }
}
