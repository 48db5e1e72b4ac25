package org.convmatrix.cli;

import org.convmatrix.spec.ArrayLimits;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.convmatrix.lower.KernelToMatrix;
import org.convmatrix.operator.MatrixFreeConv;
import org.convmatrix.parallel.Ranges;
import org.convmatrix.sparse.CscBuffers;
import org.convmatrix.sparse.CscMatrix;
import org.convmatrix.sparse.CscProducts;
import org.convmatrix.spec.ConvLayer;
import org.convmatrix.spec.InvalidSpecException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench}: times the build of {@code W}, {@code W·x}, {@code Wᵀ·y} and the matrix-free product for
 * one layer, printing one JSON object per line. Timings are wall-clock medians over {@code --repeat} runs
 * after the first; the build's first run in this process is reported separately as {@code first_s}
 * (the cold build, which pays for first touches of new memory).
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Times the lowering and the products for one layer (seeded random weights) and prints one JSON "
            + "object per line (median/min/max of --repeat runs after about half a second of warm-up runs):",
            "  {\"what\": \"build\"|\"matvec\"|\"rmatvec\"|\"matrix_free\"|\"matrix_free_adjoint\", \"nnz\", \"median_s\", \"min_s\", \"max_s\", "
            + "\"bytes_per_nnz\", \"peak_bytes\", \"threads\", ...}",
            "build: W into buffers reused from the previous run (first_s: the first, cold build of this process).",
            "  bytes_per_nnz = bytes of W's arrays (values 8, rows 4, column pointers) per nonzero;",
            "  peak_bytes = those arrays plus everything else a build into fresh arrays allocates (all threads);",
            "  extra_alloc_fraction = that extra over the arrays.",
            "matvec / rmatvec: W*x and W^T*y on the CSC (private accumulators per thread for W*x; column ranges for "
                + "W^T*y), --threads threads.",
            "matrix_free, matrix_free_adjoint: W*x and W^T*y without storing W (nnz is W's, for comparison).",
            "limits: a plain --threads write and read of arrays of W's size (12 bytes per nonzero) in GB/s, and the fraction "
                + "of those speeds the build (write) and the products (read) reached.",
            "Unless this JVM already runs with -XX:+UseTransparentHugePages, the measurements run in a forked JVM "
                + "with that flag, -Xms sized to the layer and -Xmx 80%% of physical memory (as JMH forks; one note "
                + "on standard error says so). --no-fork measures in this JVM."},
        footer = {"", "Example (the 'L' layer: Conv2d 64->64, 3x3, padding 1, on 64x64):",
            "  java -Xms8g -Xmx20g -XX:+UseTransparentHugePages -jar target/convmatrix.jar bench --in-channels 64 "
                + "--out-channels 64 --kernel 3,3 --padding 1,1 --input 64,64 --repeat 20 --threads 2"})
final class BenchCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_THREADS = 256;

    @Mixin
    LayerOptions layerOptions;

    @Option(names = "--repeat", paramLabel = "N", defaultValue = "10", description = "timed runs per measurement "
            + "(default: ${DEFAULT-VALUE})")
    int repeat;

    @Option(names = "--threads", paramLabel = "T", description = "threads (default: the available processors)")
    Integer threads;

    @Option(names = "--what", split = ",", paramLabel = "WHAT", defaultValue = "build,matvec,rmatvec,matrix_free,matrix_free_adjoint,limits",
            description = "what to time, comma-separated (default: ${DEFAULT-VALUE})")
    String[] what;

    @Option(names = "--fork", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "measure in a forked JVM with huge pages and a sized heap unless this JVM has "
                + "-XX:+UseTransparentHugePages (default: ${DEFAULT-VALUE})")
    boolean fork;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (repeat < 1) {
            throw new InvalidSpecException("repeat", "--repeat must be >= 1 but was " + repeat);
        }
        int t = threads == null ? Ranges.defaultThreads() : threads;
        if (t < 1 || t > MAX_THREADS) {
            throw new InvalidSpecException("threads", "--threads must be in [1, " + MAX_THREADS + "] but was " + t);
        }
        for (String w : what) {
            if (!Arrays.asList("build", "matvec", "rmatvec", "matrix_free", "matrix_free_adjoint", "limits").contains(w)) {
                throw new InvalidSpecException("what", "--what must list build, matvec, rmatvec, matrix_free, matrix_free_adjoint, limits but had "
                        + w);
            }
        }
        LayerOptions.Resolved r;
        try {
            r = layerOptions.resolve();
        } catch (InvalidSpecException e) {
            throw layerOptions.blame(e);
        }
        if (!r.convolution()) {
            return benchAnyOp(r.any(), r.inputShape());
        }
        ConvLayer layer = r.layer();
        int[] spatial = r.inputSpatial();
        var out = spec.commandLine().getOut();

        long predicted;
        try {
            predicted = KernelToMatrix.predictedSize(layer.spec(), spatial)[2];
        } catch (InvalidSpecException e) {
            throw layerOptions.blame(e);
        }
        if (fork && !BenchFork.hugePagesOn()) {
            long usable = BenchFork.physicalMemory() / 5 * 4;
            if (24 * predicted > usable) { // W and the reused copy of its arrays
                throw layerOptions.blame(new InvalidSpecException("input", "input: W would have " + predicted
                        + " nonzeros, two copies of which (" + 24 * predicted + " bytes) exceed the " + usable
                        + " bytes a forked JVM may use (80% of this machine's memory); bench a smaller layer"));
            }
            var options = BenchFork.jvmOptions(12 * predicted, BenchFork.physicalMemory());
            try {
                return BenchFork.run(options, benchArgs(), out, spec.commandLine().getErr());
            } catch (java.io.IOException e) {
                spec.commandLine().getErr().println("bench: could not start a JVM (" + e.getMessage()
                        + "); measuring in this one");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("bench: interrupted while the forked JVM ran", e);
            }
        }
        boolean twice = 24 * predicted < Runtime.getRuntime().maxMemory() * 0.8;
        CscBuffers buffers = new CscBuffers();
        long allocBefore = allocatedBytes();
        long t0 = System.nanoTime();
        CscMatrix w = KernelToMatrix.matrix(layer, spatial, t, buffers);
        double first = (System.nanoTime() - t0) / 1e9;
        long allocated = allocatedBytes() - allocBefore;
        if (twice) {
            // where two copies of W fit, measure the allocation again on a second build into fresh buffers:
            // class loading and other one-time costs of the first build are not the build's
            buffers = new CscBuffers();
            allocBefore = allocatedBytes();
            w = KernelToMatrix.matrix(layer, spatial, t, buffers);
            allocated = allocatedBytes() - allocBefore;
        }
        final CscBuffers reused = buffers;
        java.util.Map<String, Double> medians = new java.util.LinkedHashMap<>();
        long nnz = w.nnz();
        long arrays = 12L * nnz + 4L * (w.cols() + 1);
        double bytesPerNnz = nnz == 0 ? 0 : (double) arrays / nnz;
        long peak = Math.max(arrays, allocated);
        if (has("build")) {
            double[] s = time(() -> KernelToMatrix.matrix(layer, spatial, t, reused));
            ObjectNode line = line("build", nnz, s, bytesPerNnz, peak, t);
            line.put("first_s", first);
            line.put("extra_alloc_fraction", allocated < 0 ? Double.NaN : (double) (allocated - arrays) / arrays);
            line.put("nnz_per_s", nnz / s[0]);
            out.println(line);
            medians.put("build", s[0]);
        }
        SplittableRandom rnd = new SplittableRandom(7);
        double[] x = rnd.doubles(w.cols(), -1, 1).toArray();
        double[] y = rnd.doubles(w.rows(), -1, 1).toArray();
        CscProducts products = new CscProducts(t);
        final CscMatrix matrix = w;
        if (has("matvec")) {
            double[] s = time(() -> products.multiply(matrix, x, y));
            out.println(line("matvec", nnz, s, bytesPerNnz, peak, t));
            medians.put("matvec", s[0]);
        }
        if (has("rmatvec")) {
            double[] s = time(() -> products.multiplyTranspose(matrix, y, x));
            out.println(line("rmatvec", nnz, s, bytesPerNnz, peak, t));
            medians.put("rmatvec", s[0]);
        }
        if (has("matrix_free") || has("matrix_free_adjoint")) {
            MatrixFreeConv op = MatrixFreeConv.of(layer, spatial, t);
            if (has("matrix_free")) {
                out.println(line("matrix_free", nnz, time(() -> op.apply(x, y)), 0, 0, t));
            }
            if (has("matrix_free_adjoint")) {
                out.println(line("matrix_free_adjoint", nnz, time(() -> op.applyAdjoint(y, x)), 0, 0, t));
            }
        }
        if (has("limits")) {
            out.println(limits(nnz, t, medians));
        }
        out.flush();
        return 0;
    }

    /**
     * Any op that is not a convolution (in this JVM, no fork): the lowering through the op registry, and the
     * products {@code A·x} and {@code Aᵀ·y} of the lowered matrix.
     */
    private int benchAnyOp(org.convmatrix.spec.Layer layer, int[] inputShape) {
        var out = spec.commandLine().getOut();
        int t = threads == null ? Ranges.defaultThreads() : threads;
        org.convmatrix.lower.LoweredLayer lowered = org.convmatrix.ops.Ops.lower(layer, inputShape);
        CscMatrix a = lowered.stored();
        long nnz = a.nnz();
        long arrays = 12L * nnz + 4L * (a.cols() + 1);
        double bytesPerNnz = nnz == 0 ? 0 : (double) arrays / nnz;
        if (has("build")) {
            out.println(line("build", nnz, time(() -> org.convmatrix.ops.Ops.lower(layer, inputShape)), bytesPerNnz,
                    arrays, 1));
        }
        SplittableRandom rnd = new SplittableRandom(7);
        double[] x = rnd.doubles(a.cols(), -1, 1).toArray();
        double[] y = rnd.doubles(a.rows(), -1, 1).toArray();
        CscProducts products = new CscProducts(t);
        if (has("matvec")) {
            out.println(line("matvec", nnz, time(() -> products.multiply(a, x, y)), bytesPerNnz, arrays, t));
        }
        if (has("rmatvec")) {
            out.println(line("rmatvec", nnz, time(() -> products.multiplyTranspose(a, y, x)), bytesPerNnz, arrays, t));
        }
        out.flush();
        return 0;
    }

    /**
     * @return the arguments this command was given, for the fork: picocli's original arguments after the
     *     {@code bench} token (the top-level command takes no options that run a subcommand)
     */
    private java.util.List<String> benchArgs() {
        java.util.List<String> all = spec.commandLine().getParseResult().originalArgs();
        int at = all.indexOf(spec.name());
        return all.subList(at + 1, all.size());
    }

    /**
     * @return the {@code limits} line: a plain write and read of arrays of {@code W}'s size on the same threads, in
     *     GB/s, and for each measured build and product the fraction of that speed it reached (limit time / its time)
     */
    private ObjectNode limits(long nnz, int t, java.util.Map<String, Double> medians) {
        ObjectNode o = JSON.createObjectNode();
        o.put("what", "limits");
        o.put("nnz", nnz);
        o.put("threads", t);
        Runtime rt = Runtime.getRuntime();
        long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        if (nnz == 0 || 12 * nnz > 0.8 * free || nnz > ArrayLimits.MAX_ARRAY) {
            o.put("skipped", "arrays of W's size do not fit beside W in this heap");
            return o;
        }
        org.convmatrix.bench.MemoryLimits m = new org.convmatrix.bench.MemoryLimits((int) nnz, t);
        double write = time(m::write)[0];
        double read = time(m::read)[0];
        o.put("write_s", write);
        o.put("read_s", read);
        o.put("write_gb_s", m.bytes() / write / 1e9);
        o.put("read_gb_s", m.bytes() / read / 1e9);
        ObjectNode f = o.putObject("fraction");
        medians.forEach((what, median) -> f.put(what, ("build".equals(what) ? write : read) / median));
        return o;
    }

    private boolean has(String w) {
        return Arrays.asList(what).contains(w);
    }

    /**
     * @return {median, min, max} seconds over {@code repeat} runs, after warm-up runs (at least one, then
     *     more until half a second or 500 runs have passed, so that the JIT has compiled the hot loops)
     */
    private double[] time(Runnable task) {
        long warmStart = System.nanoTime();
        for (int i = 0; i < 500 && (i == 0 || System.nanoTime() - warmStart < 500_000_000L); i++) {
            task.run();
        }
        double[] s = new double[repeat];
        for (int i = 0; i < repeat; i++) {
            long t0 = System.nanoTime();
            task.run();
            s[i] = (System.nanoTime() - t0) / 1e9;
        }
        Arrays.sort(s);
        double median = repeat % 2 == 1 ? s[repeat / 2] : (s[repeat / 2 - 1] + s[repeat / 2]) / 2;
        return new double[] {median, s[0], s[repeat - 1]};
    }

    private static ObjectNode line(String what, long nnz, double[] s, double bytesPerNnz, long peak, int threads) {
        ObjectNode o = JSON.createObjectNode();
        o.put("what", what);
        o.put("nnz", nnz);
        o.put("median_s", s[0]);
        o.put("min_s", s[1]);
        o.put("max_s", s[2]);
        o.put("bytes_per_nnz", bytesPerNnz);
        o.put("peak_bytes", peak);
        o.put("threads", threads);
        return o;
    }

    /** @return bytes allocated so far by all live threads (HotSpot's per-thread allocation counters) */
    private static long allocatedBytes() {
        var mx = ManagementFactory.getThreadMXBean();
        if (mx instanceof com.sun.management.ThreadMXBean) {
            var hs = (com.sun.management.ThreadMXBean) mx;
            long[] ids = hs.getAllThreadIds();
            long total = 0;
            for (long a : hs.getThreadAllocatedBytes(ids)) {
                total += Math.max(0, a);
            }
            return total;
        }
        return -1;
    }
}
