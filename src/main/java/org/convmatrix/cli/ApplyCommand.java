package org.convmatrix.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.convmatrix.io.CaseFile;
import org.convmatrix.io.CaseReader;
import org.convmatrix.operator.MatrixFreeLayer;
import org.convmatrix.ops.Ops;
import org.convmatrix.spec.InvalidSpecException;
import org.convmatrix.spec.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code apply CASE --via matrix|direct|matrix_free [--adjoint] [--out FILE]}: a case's output as a tensor JSON. */
@Command(name = "apply", mixinStandardHelpOptions = true,
        description = {"Computes a case's output A*x + b (for any op: conv, conv_transpose, upsample, pixel_shuffle, "
            + "pixel_unshuffle, avg_pool, max_unpool, sequential): through the lowered sparse matrix A (for conv A = W, "
            + "for conv_transpose A = W^T) or through the direct loop implementation of the op.",
            "With --adjoint, computes A^T * grad_output instead (PyTorch's input gradient; the case needs grad_output).",
            "Prints {\"shape\": [...], \"data\": [...]} to standard output or writes it atomically to --out."},
        footer = {"", "Examples:", "  java -jar target/convmatrix.jar apply case.json --via matrix --out y.json",
            "  java -jar target/convmatrix.jar apply case.json --adjoint --via direct"})
final class ApplyCommand implements Callable<Integer> {
    /** How to compute. */
    enum Via {
        matrix,
        direct,
        matrix_free
    }

    @Parameters(index = "0", paramLabel = "CASE", description = "a case file (shared/case-format.md)")
    Path casePath;

    @Option(names = "--via", defaultValue = "matrix", description = "matrix (the lowered A), direct (loops from the "
            + "op's definition) or matrix_free (conv and conv_transpose only: the layer applied without storing W); "
            + "default: ${DEFAULT-VALUE}")
    Via via;

    @Option(names = "--adjoint", description = "compute A^T * grad_output (the case's grad_output) instead of the output")
    boolean adjoint;

    @Option(names = "--out", paramLabel = "FILE", description = "write here (atomically) instead of standard output")
    Path out;

    @Override
    public Integer call() throws Exception {
        CaseFile c = CaseReader.read(casePath);
        Output.writeTensor(adjoint ? adjoint(c) : forward(c), out);
        return 0;
    }

    private Tensor forward(CaseFile c) {
        Tensor x = c.requireInput();
        switch (via) {
            case matrix:
                return Ops.lower(c.layer(), c.inputShape()).apply(x);
            case direct:
                return Ops.forward(c.layer(), x);
            default:
                return MatrixFreeLayer.apply(convolutionFor(c), x);
        }
    }

    private Tensor adjoint(CaseFile c) {
        Tensor g = c.requireGradOutput();
        switch (via) {
            case matrix:
                return Ops.lower(c.layer(), c.inputShape()).applyAdjoint(g);
            case direct:
                return Ops.backward(c.layer(), c.inputShape(), g);
            default:
                return MatrixFreeLayer.applyAdjoint(convolutionFor(c), c.inputShape(), g);
        }
    }

    private static org.convmatrix.spec.ConvLayer convolutionFor(CaseFile c) {
        if (!c.isConvolution()) {
            throw new InvalidSpecException("--via", "--via matrix_free is available for op \"conv\" and "
                    + "\"conv_transpose\" only, but the case's op is \"" + c.layer().op() + "\"; use --via matrix or direct");
        }
        return c.conv();
    }
}
