package org.convmatrix.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.convmatrix.io.CaseFile;
import org.convmatrix.io.CaseReader;
import org.convmatrix.lower.KernelToMatrix;
import org.convmatrix.operator.MatrixFreeLayer;
import org.convmatrix.reference.DirectConvolution;
import org.convmatrix.reference.ScatterTransposedConvolution;
import org.convmatrix.spec.Op;
import org.convmatrix.spec.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code apply CASE --via matrix|direct [--out FILE]}: the case's output as a tensor JSON. */
@Command(name = "apply", mixinStandardHelpOptions = true,
        description = {"Computes a case's output: through the lowered sparse matrix (W*x + b for conv, "
            + "W^T*y + b for conv_transpose) or through the direct loop implementation.",
            "Prints {\"shape\": [...], \"data\": [...]} to standard output or writes it atomically to --out."},
        footer = {"", "Example:", "  java -jar target/convmatrix.jar apply case.json --via matrix --out y.json"})
final class ApplyCommand implements Callable<Integer> {
    /** How to compute. */
    enum Via {
        matrix,
        direct,
        matrix_free
    }

    @Parameters(index = "0", paramLabel = "CASE", description = "a case file (shared/case-format.md)")
    Path casePath;

    @Option(names = "--via", defaultValue = "matrix", description = "matrix (the lowered W), direct (loops from the "
            + "definition) or matrix_free (the layer applied without storing W); default: ${DEFAULT-VALUE}")
    Via via;

    @Option(names = "--out", paramLabel = "FILE", description = "write here (atomically) instead of standard output")
    Path out;

    @Override
    public Integer call() throws Exception {
        CaseFile c = CaseReader.read(casePath);
        Tensor result;
        if (via == Via.matrix) {
            int[] spatial = c.layer().inputSpatial(c.input().shape());
            result = KernelToMatrix.lower(c.layer(), spatial).apply(c.input());
        } else if (via == Via.matrix_free) {
            result = MatrixFreeLayer.apply(c.layer(), c.input());
        } else if (c.layer().spec().op() == Op.CONV) {
            result = DirectConvolution.apply(c.layer(), c.input());
        } else {
            result = ScatterTransposedConvolution.apply(c.layer(), c.input());
        }
        Output.writeTensor(result, out);
        return 0;
    }
}
