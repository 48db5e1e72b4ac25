package org.convmatrix.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.convmatrix.io.CaseFile;
import org.convmatrix.io.CaseReader;
import org.convmatrix.verify.CaseChecks;
import org.convmatrix.verify.CheckResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code verify CASE}: every check that applies, one line each; exit 0 only when all pass. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Runs every check that applies to a case and prints one line per check:",
            "  matrix vs direct    W*x + b (or W^T*y + b) against the direct loop implementation",
            "  transposed vs W^T   the transposed convolution of the same weights against W^T*y",
            "  matrix-free vs matrix  the layer applied without storing W against the matrix path",
            "  adjoint identity    <W x, y> = <x, W^T y> within a bound derived from the data",
            "  shape round trip    convT(conv(x)) has the shape of x; conv(convT(y)) that of y when output_padding < stride",
            "  expected            the case's expected output, when present",
            "Tolerances are rounding-error bounds derived from the data (2*gamma_t * sum |w||x|), not fixed epsilons;",
            "for 'expected', when every number of the case is a float32 value (a dump of a float32 PyTorch layer),",
            "gamma_t uses float32's unit roundoff 2^-24, otherwise float64's 2^-53.",
            "Exit status: 0 all passed, 1 a check failed, 2 invalid case."},
        footer = {"", "Example:", "  java -jar target/convmatrix.jar verify case.json"})
final class VerifyCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "CASE", description = "a case file (shared/case-format.md)")
    Path casePath;

    @Option(names = "--seed", defaultValue = "20261122", description = "seed of the random vectors (default: ${DEFAULT-VALUE})")
    long seed;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        CaseFile c = CaseReader.read(casePath);
        c.requireInput(); // verify checks the layer on the case's input: input.data is required (shared/case-format.md)
        List<CheckResult> results = CaseChecks.run(c, seed);
        var out = spec.commandLine().getOut();
        for (CheckResult r : results) {
            out.println(r.line());
        }
        out.flush();
        return CaseChecks.allPassed(results) ? 0 : 1;
    }
}
