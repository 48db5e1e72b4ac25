package org.convmatrix.cli;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.convmatrix.spec.InvalidSpecException;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * Checks every command's output options once the command line is parsed and before the command runs,
 * so that a bad target is refused before anything is computed, printed or written:
 * <ul>
 *   <li>{@code --out}: not ending in {@code /} (which names a folder, although the path would be read as
 *       the file {@code name}), not the input case itself, and {@link Output#requireFileTarget};</li>
 *   <li>{@code --out-dir}: {@link Output#requireFolderTarget}.</li>
 * </ul>
 */
final class OutputTargets {
    private OutputTargets() {
    }

    /** @throws InvalidSpecException naming the option, its value and what to do instead */
    static void check(ParseResult top) {
        ParseResult pr = top;
        while (pr.hasSubcommand()) {
            pr = pr.subcommand();
        }
        OptionSpec out = pr.matchedOption("--out");
        if (out != null) {
            List<String> raw = out.originalStringValues();
            String given = raw.isEmpty() ? String.valueOf(out.getValue()) : raw.get(raw.size() - 1);
            if (given.endsWith("/") || given.endsWith(File.separator)) {
                throw new InvalidSpecException("out", "--out " + given + " ends in '/', which names a folder; give a file "
                        + "name");
            }
            Path target = out.getValue();
            requireNotAnInput(target, inputs(pr));
            Output.requireFileTarget(target);
        }
        OptionSpec outDir = pr.commandSpec().findOption("--out-dir");
        if (outDir != null) {
            Output.requireFolderTarget("--out-dir", outDir.getValue());
        }
    }

    /** @return the files the command reads: its positional paths and {@code --case} */
    private static List<Path> inputs(ParseResult pr) {
        List<Path> inputs = new ArrayList<>();
        List<ArgSpec> args = new ArrayList<>(pr.matchedPositionals());
        OptionSpec c = pr.matchedOption("--case");
        if (c != null) {
            args.add(c);
        }
        for (ArgSpec a : args) {
            if (a.getValue() instanceof Path p) {
                inputs.add(p);
            }
        }
        return inputs;
    }

    private static void requireNotAnInput(Path target, List<Path> inputs) {
        if (!Files.exists(target)) {
            return;
        }
        for (Path in : inputs) {
            try {
                if (Files.exists(in) && Files.isSameFile(target, in)) {
                    throw new InvalidSpecException("out", "--out " + target + " is the input file " + in + "; write the "
                            + "result to another file");
                }
            } catch (IOException e) {
                // cannot compare (unreadable): the command reports the input itself
            }
        }
    }
}
