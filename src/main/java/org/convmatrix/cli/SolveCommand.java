package org.convmatrix.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.Callable;
import org.convmatrix.parallel.Ranges;
import org.convmatrix.solve.Lsqr;
import org.convmatrix.spec.InvalidSpecException;
import org.convmatrix.spec.Tensor;
import org.convmatrix.spectral.CaseOperators;
import org.convmatrix.spectral.VectorOps;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code solve}: true deconvolution, {@code x̂ = A⁺y} by LSQR, beside the transposed layer {@code Aᵀy}. */
@Command(name = "solve", mixinStandardHelpOptions = true,
        description = {"Undoes a layer: the minimum-norm least-squares x^ = A^+ y (LSQR; with --lambda the Tikhonov "
            + "solution of min ||Ax - y||^2 + lambda^2 ||x||^2), per sample. y is the case's expected minus the bias, or "
            + "--y FILE; from flags, y = A*x for a seeded random x.",
            "Prints x^ as {\"shape\", \"data\"} (like apply) to standard output or writes it to --out; --adjoint-out writes "
                + "A^T y (the transposed convolution). A JSON summary (iterations, residuals, and the errors of x^ and of "
                + "A^T y against the true x when the case has one) goes to standard error, or to standard output with --out."},
        footer = {"", "Example:", "  java -jar target/convmatrix.jar solve case.json --out xhat.json --adjoint-out aty.json"})
final class SolveCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Parameters(index = "0", arity = "0..1", paramLabel = "CASE", description = "a case file (or use the layer flags)")
    Path casePath;

    @Mixin
    LayerOptions layer;

    @Option(names = "--y", paramLabel = "FILE", description = "the layer's output {\"shape\": [N, C_out, ...], \"data\"}"
            + " (the bias is subtracted)")
    Path yFile;

    @Option(names = "--lambda", paramLabel = "L", defaultValue = "0", description = "Tikhonov damping >= 0 "
            + "(default: ${DEFAULT-VALUE})")
    double lambda;

    @Option(names = "--tol", paramLabel = "T", defaultValue = "1e-12", description = "LSQR's atol = btol, in (0, 1) "
            + "(default: ${DEFAULT-VALUE})")
    double tol;

    @Option(names = "--max-iter", paramLabel = "N", defaultValue = "10000", description = "most LSQR iterations "
            + "(default: ${DEFAULT-VALUE})")
    int maxIter;

    @Option(names = "--threads", paramLabel = "T", description = "threads (default: the available processors)")
    Integer threads;

    @Option(names = "--out", paramLabel = "FILE", description = "write x^ here (atomically)")
    Path out;

    @Option(names = "--adjoint-out", paramLabel = "FILE", description = "write A^T y here (atomically)")
    Path adjointOut;

    @Override
    public Integer call() throws Exception {
        int t = threads == null ? Ranges.defaultThreads() : threads;
        if (t < 1 || t > 256) {
            throw new InvalidSpecException("threads", "--threads must be in [1, 256] but was " + t);
        }
        Lsqr.Options o;
        try {
            o = new Lsqr.Options(lambda, tol, maxIter, t);
        } catch (IllegalArgumentException e) {
            throw new InvalidSpecException("lsqr", e.getMessage());
        }
        Output.requireFileTarget(out);
        Output.requireFileTarget(adjointOut);
        SpectralInput.Source src = SpectralInput.resolve(casePath, layer);
        CaseOperators.Operators ops = src.operators(t);
        Tensor truth = trueInput(src, ops);
        double[][] y = outputs(src, ops, truth);
        int m = ops.a().cols();
        double[] xhat = new double[y.length * m];
        double[] aty = new double[y.length * m];
        ObjectNode summary = JSON.createObjectNode();
        int iterations = 0;
        double residual = 0;
        double normalResidual = 0;
        boolean converged = true;
        for (int n = 0; n < y.length; n++) {
            Lsqr.Result r = Lsqr.solve(ops.a(), y[n], o);
            System.arraycopy(r.x(), 0, xhat, n * m, m);
            System.arraycopy(ops.a().applyAdjoint(y[n]), 0, aty, n * m, m);
            iterations = Math.max(iterations, r.iterations());
            residual = Math.max(residual, r.residual());
            normalResidual = Math.max(normalResidual, r.normalResidual());
            converged &= r.converged();
        }
        summary.put("samples", y.length);
        summary.put("iterations", iterations);
        summary.put("converged", converged);
        summary.put("residual", residual);
        summary.put("normal_residual", normalResidual);
        summary.put("lambda", lambda);
        if (truth != null) {
            double[] x = truth.data();
            summary.put("xhat_relative_error", relError(xhat, x, t));
            summary.put("adjoint_relative_error", relError(aty, x, t));
        }
        int[] shape = CaseOperators.prepend(y.length, ops.colShape());
        Output.writeTensor(Tensor.of(shape, xhat), out);
        if (adjointOut != null) {
            Output.writeTensor(Tensor.of(shape, aty), adjointOut);
        }
        (out == null ? System.err : System.out).println(JSON.writeValueAsString(summary));
        return 0;
    }

    private Tensor trueInput(SpectralInput.Source src, CaseOperators.Operators ops) {
        if (src.caseFile() != null) {
            Tensor in = src.caseFile().input();
            return in.size() > 0 ? in : null;
        }
        Random rnd = new Random(layer.seed + 2);
        return Tensor.of(CaseOperators.prepend(1, ops.colShape()), LayerOptions.randomValues(rnd, ops.a().cols()));
    }

    /** @return one {@code y} per sample: {@code --y} or expected, minus the bias; from flags {@code A·x} */
    private double[][] outputs(SpectralInput.Source src, CaseOperators.Operators ops, Tensor truth) throws Exception {
        Tensor full;
        if (yFile != null) {
            full = SpectralInput.readTensor(yFile, ops.rowShape(), "--y");
        } else if (src.caseFile() != null) {
            full = src.caseFile().expected();
            if (full == null) {
                throw new InvalidSpecException("expected", "expected: the case has no expected output to deconvolve; "
                        + "give it one or pass --y FILE");
            }
        } else {
            return new double[][] {ops.a().apply(truth.data())};
        }
        int rows = ops.a().rows();
        double[] b = ops.bias();
        double[] data = full.data();
        double[][] y = new double[full.dim(0)][];
        for (int n = 0; n < y.length; n++) {
            y[n] = Arrays.copyOfRange(data, n * rows, (n + 1) * rows);
            VectorOps.axpy(-1, b, y[n], 1);
        }
        return y;
    }

    private static double relError(double[] est, double[] truth, int t) {
        if (est.length != truth.length) {
            return Double.NaN;
        }
        double[] d = est.clone();
        VectorOps.axpy(-1, truth, d, t);
        double nt = VectorOps.norm(truth, t);
        return nt == 0 ? VectorOps.norm(d, t) : VectorOps.norm(d, t) / nt;
    }
}
