package org.convmatrix.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import org.convmatrix.spec.InvalidSpecException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code convmatrix} command line. Exit codes: 0 success, 1 a {@code verify} check failed,
 * 2 invalid input (one {@code error:} line on standard error naming the field or flag).
 */
@Command(name = "convmatrix", mixinStandardHelpOptions = true, version = "convmatrix 0.1.0",
        description = "Any convolution layer as the sparse matrix W it is: conv(x) = W*x, convT(y) = W^T*y.",
        subcommands = {DemoCommand.class, ApplyCommand.class, VerifyCommand.class, ShapeCommand.class,
            MatrixCommand.class, HeatmapCommand.class, OverlapCommand.class, BenchCommand.class, AnimateCommand.class,
            SpectrumCommand.class, SolveCommand.class,
            CommandLine.HelpCommand.class},
        footer = {"", "Examples:", "  java -jar target/convmatrix.jar demo",
            "  java -jar target/convmatrix.jar help matrix",
            "  java -jar target/convmatrix.jar apply case.json --via matrix --out y.json",
            "  java -jar target/convmatrix.jar verify case.json",
            "", "Exit status: 0 success, 1 a verify check failed (or shape found no output_padding), "
                + "2 invalid input (one 'error:' line), also when no command is given (the usage is printed "
                + "to standard error)."})
public final class Main implements java.util.concurrent.Callable<Integer> {
    /** Exit code of invalid input. */
    public static final int INVALID = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** A bare {@code convmatrix}: the usage on standard error and exit 2, since no command ran. */
    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        err.println("error: no command given; 'convmatrix help COMMAND' documents each one");
        spec.commandLine().usage(err);
        err.flush();
        return INVALID;
    }

    public static void main(String[] args) {
        int code;
        try {
            code = run(args);
        } catch (Throwable t) { // an Error while reporting an Error
            code = INVALID;
        }
        System.exit(code);
    }

    /**
     * Runs the command line and returns its exit code (for tests). Errors that picocli does not route to
     * its handlers ({@link OutOfMemoryError}, {@link StackOverflowError}) still end in one {@code error:}
     * line and exit 2, never in a stack trace.
     */
    public static int run(String... args) {
        return execute(commandLine(), args);
    }

    /**
     * Runs a configured command line, turning any {@link Throwable} that escapes picocli into exit 2. A
     * write to standard output that failed (a full device, a closed pipe: {@link PrintWriter} and
     * {@link java.io.PrintStream} only record it) also ends in one {@code error:} line and exit 2.
     */
    public static int execute(CommandLine cl, String... args) {
        int code;
        try {
            code = cl.execute(args);
        } catch (Throwable t) {
            code = fail(cl, describe(t));
        }
        if (code != INVALID && (cl.getOut().checkError() | System.out.checkError())) {
            code = fail(cl, "output: writing to standard output failed (a full device or a closed pipe); the "
                    + "output is incomplete: use --out FILE where the command has it, or free space");
        }
        return code;
    }

    private static int fail(CommandLine cl, String message) {
        PrintWriter err = cl.getErr();
        err.println("error: " + message);
        err.flush();
        return INVALID;
    }

    /** @return the configured command line (error handlers that print one {@code error:} line) */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setParameterExceptionHandler((ex, args) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("error: " + ex.getMessage().replace('\n', ' ').trim()
                    + " (see '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
            err.flush();
            return INVALID;
        });
        cl.setExecutionStrategy(parseResult -> {
            try {
                OutputTargets.check(parseResult);
            } catch (InvalidSpecException e) {
                return fail(parseResult.commandSpec().commandLine(), e.getMessage());
            }
            return new CommandLine.RunLast().execute(parseResult);
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            err.println("error: " + describe(ex));
            err.flush();
            return INVALID;
        });
        return cl;
    }

    static String describe(Throwable ex) {
        if (ex instanceof InvalidSpecException) {
            return ex.getMessage();
        }
        if (ex instanceof UncheckedIOException && ex.getCause() != null) {
            ex = ex.getCause();
        }
        if (ex instanceof java.nio.file.NoSuchFileException) {
            return "file: " + ex.getMessage() + " does not exist";
        }
        if (ex instanceof IOException) {
            return "file: " + ex.getMessage();
        }
        if (ex instanceof OutOfMemoryError) {
            return "memory: the command needs more memory than this JVM has (" + ex.getMessage() + "): raise -Xmx "
                    + "(java -Xmx8g -jar convmatrix.jar ...); the case's tensors and everything the command builds "
                    + "from them must fit";
        }
        if (ex instanceof StackOverflowError) {
            return "input: nested too deeply to read";
        }
        if (ex instanceof ArithmeticException) {
            return "input: the layer's sizes overflow the integer range (" + ex.getMessage() + ")";
        }
        if (ex instanceof IllegalArgumentException) {
            return ex.getMessage();
        }
        return "internal: " + ex;
    }
}
