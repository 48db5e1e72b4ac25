package org.convmatrix.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.convmatrix.lower.KernelToMatrix;
import org.convmatrix.operator.MatrixFreeConv;
import org.convmatrix.parallel.Ranges;
import org.convmatrix.sparse.CscBuffers;
import org.convmatrix.sparse.CscMatrix;
import org.convmatrix.sparse.CscProducts;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * JMH benchmarks of the four reference layers ({@link BenchLayers}): building {@code W} into reused
 * buffers, {@code W·x}, {@code Wᵀ·y} and the matrix-free product. Run (after {@code mvn -DskipTests package}):
 * <pre>
 * java -Xmx16g -XX:+UseTransparentHugePages -cp target/convmatrix.jar org.openjdk.jmh.Main LoweringBenchmark -f 1 -wi 5 -i 10
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class LoweringBenchmark {
    @Param({"S", "M", "L", "T"})
    public String layer;

    @Param({"2"})
    public int threads;

    private BenchLayers.Layer l;
    private CscBuffers buffers;
    private CscMatrix w;
    private CscProducts products;
    private MatrixFreeConv matrixFree;
    private double[] x;
    private double[] y;

    @Setup(Level.Trial)
    public void setUp() {
        l = BenchLayers.named(layer);
        buffers = new CscBuffers();
        w = KernelToMatrix.matrix(l.layer(), l.inputSpatial(), threads, buffers);
        products = new CscProducts(threads);
        matrixFree = MatrixFreeConv.of(l.layer(), l.inputSpatial(), threads);
        SplittableRandom r = new SplittableRandom(7);
        x = r.doubles(w.cols(), -1, 1).toArray();
        y = new double[w.rows()];
    }

    /** W into the buffers of the previous build: the cost of the lowering itself. */
    @Benchmark
    public CscMatrix build() {
        return KernelToMatrix.matrix(l.layer(), l.inputSpatial(), threads, buffers);
    }

    @Benchmark
    public double[] matvec() {
        products.multiply(w, x, y);
        return y;
    }

    @Benchmark
    public double[] rmatvec() {
        products.multiplyTranspose(w, y, x);
        return x;
    }

    @Benchmark
    public double[] matrixFree() {
        matrixFree.apply(x, y);
        return y;
    }

    @Benchmark
    public double[] matrixFreeAdjoint() {
        matrixFree.applyAdjoint(y, x);
        return x;
    }

    static int defaultThreads() {
        return Ranges.defaultThreads();
    }
}
