package org.convmatrix.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.convmatrix.parallel.Ranges;
import org.convmatrix.spec.InvalidSpecException;
import org.convmatrix.spec.Op;
import org.convmatrix.spectral.CaseOperators;
import org.convmatrix.spectral.CircularSpectrum;
import org.convmatrix.spectral.DenseSpectrum;
import org.convmatrix.spectral.Interval;
import org.convmatrix.spectral.Lanczos;
import org.convmatrix.spectral.NormBounds;
import org.convmatrix.spectral.NullSpaceWitness;
import org.convmatrix.spectral.WarmStart;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code spectrum}: certified largest singular values of a layer's matrix, its rank and the usual bounds. */
@Command(name = "spectrum", mixinStandardHelpOptions = true,
        description = {"The singular values of the layer's matrix A (output = A*x + b): sigma_max and the --top k "
            + "largest with certified intervals [lower, upper] (Lanczos on A^T A with full reorthogonalisation; lower "
            + "bounds need no assumption, upper bounds assume the random start vector missed no eigenvalue, as printed), "
            + "the products it took; for small layers every singular value by dense SVD, the rank, sigma_min and the "
            + "condition number; a null-space witness when A has fewer rows than columns; and the Frobenius, circular "
            + "(Sedghi et al. 2019) and reshaped-kernel (Singla & Feizi 2021) values with their ratios to sigma_max.",
            "The layer: a case file, or the layer flags below. A progress bar goes to standard error on long runs."},
        footer = {"", "Examples:", "  java -jar target/convmatrix.jar spectrum case.json --top 3",
            "  java -jar target/convmatrix.jar spectrum --in-channels 64 --out-channels 64 --kernel 3,3 --padding 1 "
                + "--input 56,56 --threads 2 --json"})
final class SpectrumCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Layers up to this many entries also get the dense SVD under {@code --dense auto}. */
    private static final long DENSE_AUTO = 4_000_000L;

    /** When to run the dense SVD. */
    enum Dense {
        auto,
        always,
        never
    }

    @Parameters(index = "0", arity = "0..1", paramLabel = "CASE", description = "a case file (or use the layer flags)")
    Path casePath;

    @Mixin
    LayerOptions layer;

    @Option(names = "--top", paramLabel = "K", defaultValue = "1", description = "how many of the largest singular "
            + "values to certify (default: ${DEFAULT-VALUE})")
    int top;

    @Option(names = "--tol", paramLabel = "T", defaultValue = "1e-6", description = "relative width (upper - lower) / "
            + "lower to reach, in (1e-14, 1) (default: ${DEFAULT-VALUE})")
    double tol;

    @Option(names = "--max-steps", paramLabel = "N", defaultValue = "400", description = "most Lanczos steps "
            + "(default: ${DEFAULT-VALUE})")
    int maxSteps;

    @Option(names = "--start-seed", paramLabel = "N", defaultValue = "1", description = "seed of the random start "
            + "vector (default: ${DEFAULT-VALUE})")
    long startSeed;

    @Option(names = "--threads", paramLabel = "T", description = "threads (default: the available processors)")
    Integer threads;

    @Option(names = "--dense", paramLabel = "WHEN", defaultValue = "auto", description = "dense SVD of A: auto (when "
            + "rows*cols <= 4e6), always (up to 1.6e7), never (default: ${DEFAULT-VALUE})")
    Dense dense;

    @Option(names = "--witness-out", paramLabel = "FILE", description = "write the null-space witness x (A*x = 0 up "
            + "to rounding) as the input of a case with this layer (A must have fewer rows than columns, or a dense "
            + "rank below its columns)")
    Path witnessOut;

    @Option(names = "--no-warm-start", description = "start Lanczos from a Gaussian vector, not from the circular "
            + "layer's top singular vector (tapered, plus a Gaussian part)")
    boolean noWarmStart;

    @Option(names = "--json", description = "print one JSON object instead of the table")
    boolean json;

    @Option(names = "--no-progress", description = "no progress bar")
    boolean noProgress;

    @Override
    public Integer call() throws Exception {
        int t = validate();
        Output.requireFileTarget(witnessOut);
        SpectralInput.Source src = SpectralInput.resolve(casePath, layer);
        CaseOperators.Operators ops = src.operators(t);
        long start = System.nanoTime();
        double[] warm = noWarmStart ? null : WarmStart.of(ops, startSeed, t);
        double warmSeconds = (System.nanoTime() - start) * 1e-9;
        Lanczos.Result r = lanczos(ops, t, warm);
        double seconds = (System.nanoTime() - start) * 1e-9;
        long circularStart = System.nanoTime();
        double circular = ops.convolution() ? CircularSpectrum.max(ops.layer(), wGrid(ops), t) : Double.NaN;
        double circularSeconds = (System.nanoTime() - circularStart) * 1e-9;
        DenseSpectrum d = denseWanted(ops) ? DenseSpectrum.of(ops.matrix(), witnessOut != null) : null;
        ObjectNode out = report(ops, r, d, seconds, t, circular);
        out.put("circular_seconds", circularSeconds);
        out.put("warm_start_seconds", warmSeconds); // part of "seconds"
        if (witnessOut != null) {
            out.set("null_witness", witness(src, ops, d, t));
        }
        if (json) {
            System.out.println(JSON.writeValueAsString(out));
        } else {
            System.out.print(SpectrumTable.render(out));
        }
        return 0;
    }

    private int validate() {
        if (top < 1) {
            throw new InvalidSpecException("top", "--top must be >= 1 but was " + top);
        }
        if (!(tol > 1e-14 && tol < 1)) {
            throw new InvalidSpecException("tol", "--tol must be in (1e-14, 1) but was " + tol);
        }
        if (maxSteps < 1) {
            throw new InvalidSpecException("max_steps", "--max-steps must be >= 1 but was " + maxSteps);
        }
        int th = threads == null ? Ranges.defaultThreads() : threads;
        if (th < 1 || th > 256) {
            throw new InvalidSpecException("threads", "--threads must be in [1, 256] but was " + th);
        }
        return th;
    }

    private boolean denseWanted(CaseOperators.Operators ops) {
        long e = ops.entries();
        return dense == Dense.always ? checkDenseLimit(e) : dense == Dense.auto && e <= DENSE_AUTO;
    }

    private static boolean checkDenseLimit(long entries) {
        if (entries > DenseSpectrum.MAX_ENTRIES) {
            throw new InvalidSpecException("dense", "--dense always: rows*cols must be <= " + DenseSpectrum.MAX_ENTRIES
                    + " but was " + entries);
        }
        return true;
    }

    private Lanczos.Result lanczos(CaseOperators.Operators ops, int t, double[] start) {
        Lanczos.Options o = new Lanczos.Options(top, tol, maxSteps, startSeed, t, start);
        boolean bar = !noProgress && Math.max(ops.a().rows(), ops.a().cols()) >= 100_000;
        if (!bar) {
            return Lanczos.run(ops.a(), ops.absA(), ops.maxRowTerms(), ops.maxColTerms(), o, null);
        }
        try (ProgressBar pb = new ProgressBarBuilder().setTaskName("Lanczos").setInitialMax((long) maxSteps * top)
                .setStyle(ProgressBarStyle.ASCII).setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err))
                .setUnit(" steps", 1).build()) {
            return Lanczos.run(ops.a(), ops.absA(), ops.maxRowTerms(), ops.maxColTerms(), o, (steps, products, est) -> {
                pb.stepTo(steps);
                if (Double.isFinite(est)) {
                    pb.setExtraMessage(String.format(Locale.ROOT, "width~%.1e", est));
                }
            });
        }
    }

    private ObjectNode report(CaseOperators.Operators ops, Lanczos.Result r, DenseSpectrum d, double seconds, int t,
            double circular) {
        ObjectNode o = JSON.createObjectNode();
        o.put("rows", ops.a().rows());
        o.put("cols", ops.a().cols());
        o.set("sigma_max", pair(r.sigmaMax()));
        ArrayNode topNode = o.putArray("top");
        for (Interval i : r.top()) {
            topNode.add(pair(i));
        }
        o.put("converged", r.converged());
        o.put("products", r.products());
        o.put("abs_products", r.absProducts());
        o.put("steps", r.steps());
        o.put("seconds", seconds); // the warm start, Lanczos and its certificates
        o.put("assumption", Lanczos.ASSUMPTION);
        double sigma = r.sigmaMax().mid();
        ObjectNode b = o.putObject("bounds");
        double fro = NormBounds.frobeniusZeroPadding(ops);
        if (Double.isNaN(fro) && d != null) {
            fro = NormBounds.frobenius(org.convmatrix.sparse.CscOps.toDense(ops.matrix()));
        }
        bound(b, "frobenius", fro, sigma);
        bound(b, "circular", circular, sigma);
        bound(b, "reshaped_kernel", ops.convolution() ? NormBounds.reshapedKernel(ops.layer(), ops.inputSpatial())
                : Double.NaN, sigma);
        bound(b, "hoelder", r.normBound(), sigma);
        if (d != null) {
            o.put("rank", d.rank());
            o.put("dense_sigma_max", d.max());
            if (d.rank() == Math.min(ops.a().rows(), ops.a().cols()) && d.min() > 0) {
                o.put("sigma_min", d.min());
                o.put("condition", d.max() / d.min());
            }
        }
        return o;
    }

    /** @return the grid of {@code W}'s columns: the layer's input for conv, its output for conv_transpose */
    private static int[] wGrid(CaseOperators.Operators ops) {
        return ops.layer().spec().op() == Op.CONV ? ops.inputSpatial()
                : ops.layer().spec().outputSpatial(ops.inputSpatial());
    }

    private ObjectNode witness(SpectralInput.Source src, CaseOperators.Operators ops, DenseSpectrum d, int t)
            throws java.io.IOException {
        double[] x;
        if (d != null) {
            if (d.nullVector() == null) {
                throw new InvalidSpecException("witness_out", "--witness-out: A has full column rank (" + d.rank()
                        + " of " + ops.a().cols() + " columns): no null space to witness");
            }
            x = d.nullVector();
        } else if (ops.a().rows() < ops.a().cols()) {
            x = NullSpaceWitness.of(ops.a(), startSeed, 1e-12, 50 * Math.min(ops.a().rows(), 10_000), t).x();
        } else {
            throw new InvalidSpecException("witness_out", "--witness-out: A has " + ops.a().rows() + " rows >= "
                    + ops.a().cols() + " columns; without --dense its rank is unknown (use --dense always on small layers)");
        }
        SpectralInput.writeCase(src, CaseOperators.sample(ops.colShape(), x), witnessOut);
        ObjectNode w = JSON.createObjectNode();
        w.put("file", witnessOut.toString());
        w.put("ratio", NullSpaceWitness.ratio(ops.a(), x, t));
        w.put("norm", Math.sqrt(org.convmatrix.verify.DotTest.dot(x, x)));
        return w;
    }

    private static ArrayNode pair(Interval i) {
        return JSON.createArrayNode().add(i.lower()).add(i.upper());
    }

    private static void bound(ObjectNode b, String name, double value, double sigma) {
        ObjectNode o = b.putObject(name);
        if (Double.isNaN(value)) {
            o.putNull("value");
            o.putNull("ratio");
        } else {
            o.put("value", value);
            o.put("ratio", sigma > 0 ? value / sigma : Double.NaN);
        }
    }
}
