package org.convmatrix.lower;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import org.convmatrix.backend.BackendMatrix;
import org.convmatrix.backend.SparseBackend;
import org.convmatrix.reference.DirectConvolution;
import org.convmatrix.reference.ScatterTransposedConvolution;
import org.convmatrix.reference.ZeroInsertionTransposedConvolution;
import org.convmatrix.sparse.CscBuffers;
import org.convmatrix.sparse.CscMatrix;
import org.convmatrix.sparse.CscOps;
import org.convmatrix.spec.ConvLayer;
import org.convmatrix.spec.Op;
import org.convmatrix.spec.PaddingMode;
import org.convmatrix.spec.Tensor;
import org.convmatrix.testing.Dense;
import org.convmatrix.testing.GeneratedCase;
import org.convmatrix.testing.Layers;
import org.convmatrix.testing.Layers.Kind;
import org.convmatrix.testing.Layers.Values;
import org.convmatrix.verify.Comparison;
import org.convmatrix.verify.ReferenceBound;
import org.junit.jupiter.api.Test;

/**
 * {@code W} from {@link KernelToMatrix} against three independent oracles: the direct (gather)
 * convolution, probing ({@code W e_j = conv(e_j)}), and both direct transposed convolutions; plus the
 * backends and the predicted nnz. Integer-valued data make every identity exact ({@code ==}).
 */
class LoweringPropertiesTest {
    private static final long SEED = 0x5EED_2026L;

    @Test
    void loweredTimesXEqualsDirectConv() {
        qt().withFixedSeed(SEED).withExamples(3000).forAll(Layers.cases(Kind.CONV_ANY_PADDING_MODE, Values.INTEGERS))
                .checkAssert(c -> {
                    Tensor viaMatrix = KernelToMatrix.lower(c.layer(), c.inputSpatial(), 1).apply(c.input());
                    Tensor direct = DirectConvolution.apply(c.layer(), c.input());
                    assertArrayEquals(direct.shape(), viaMatrix.shape(), c::toString);
                    assertArrayEquals(direct.data(), viaMatrix.data(), 0.0, c::toString);
                });
    }

    @Test
    void loweredTimesXEqualsDirectConvWithinDerivedBoundOnDoubles() {
        qt().withFixedSeed(SEED).withExamples(1500).forAll(Layers.cases(Kind.ANY, Values.DOUBLES))
                .checkAssert(c -> {
                    ConvLayer layer = c.layer();
                    Tensor viaMatrix = KernelToMatrix.lower(layer, c.inputSpatial(), 2).apply(c.input());
                    Tensor direct = layer.spec().op() == Op.CONV ? DirectConvolution.apply(layer, c.input())
                            : ScatterTransposedConvolution.apply(layer, c.input());
                    Comparison.Outcome o = Comparison.compare(viaMatrix, direct,
                            ReferenceBound.absoluteOutput(layer, c.input()), ReferenceBound.terms(layer));
                    assertTrue(o.passed(), () -> c + ": " + o);
                });
    }

    @Test
    void columnJEqualsConvOfUnitVector() {
        qt().withFixedSeed(SEED).withExamples(400).forAll(Layers.cases(Kind.CONV_ANY_PADDING_MODE, Values.INTEGERS))
                .checkAssert(c -> {
                    ConvLayer layer = Dense.withoutBias(c.layer());
                    LoweredConv lowered = KernelToMatrix.lower(layer, c.inputSpatial(), 1);
                    double[][] w = CscOps.toDense(lowered.matrix());
                    int[] unitShape = c.input().shape();
                    unitShape[0] = 1;
                    for (int j = 0; j < lowered.matrix().cols(); j++) {
                        Tensor column = DirectConvolution.apply(layer, Dense.unit(unitShape, j));
                        for (int i = 0; i < w.length; i++) {
                            assertEquals(column.get(i), w[i][j], 0.0, () -> c.toString());
                        }
                    }
                });
    }

    @Test
    void rowIOfWEqualsConvTransposeOfUnitVector() {
        qt().withFixedSeed(SEED).withExamples(400).forAll(Layers.cases(Kind.CONV_TRANSPOSE, Values.INTEGERS))
                .checkAssert(c -> {
                    ConvLayer layer = Dense.withoutBias(c.layer());
                    LoweredConv lowered = KernelToMatrix.lower(layer, c.inputSpatial(), 1);
                    double[][] w = CscOps.toDense(lowered.matrix());
                    int[] unitShape = c.input().shape();
                    unitShape[0] = 1;
                    for (int i = 0; i < lowered.matrix().rows(); i++) {
                        Tensor row = ScatterTransposedConvolution.apply(layer, Dense.unit(unitShape, i));
                        assertArrayEquals(row.data(), w[i], 0.0, c::toString);
                    }
                });
    }

    @Test
    void transposeTimesYEqualsDirectTransposedConv() {
        qt().withFixedSeed(SEED).withExamples(3000).forAll(Layers.cases(Kind.CONV_TRANSPOSE, Values.INTEGERS))
                .checkAssert(c -> {
                    Tensor viaMatrix = KernelToMatrix.lower(c.layer(), c.inputSpatial(), 1).apply(c.input());
                    Tensor scatter = ScatterTransposedConvolution.apply(c.layer(), c.input());
                    Tensor textbook = ZeroInsertionTransposedConvolution.apply(c.layer(), c.input());
                    assertArrayEquals(scatter.shape(), viaMatrix.shape(), c::toString);
                    assertArrayEquals(scatter.data(), viaMatrix.data(), 0.0, c::toString);
                    assertArrayEquals(textbook.data(), viaMatrix.data(), 0.0, c::toString);
                });
    }

    @Test
    void backendsEqualOwnCscEntryByEntry() {
        qt().withFixedSeed(SEED).withExamples(500).forAll(Layers.cases(Kind.ANY, Values.INTEGERS))
                .checkAssert(c -> {
                    CscMatrix w = KernelToMatrix.lower(c.layer(), c.inputSpatial(), 1).matrix();
                    double[][] dense = CscOps.toDense(w);
                    int nonzeroValues = 0;
                    for (double[] row : dense) {
                        for (double v : row) {
                            nonzeroValues += v != 0 ? 1 : 0;
                        }
                    }
                    double[] x = Dense.sample(c.input(), 0);
                    for (SparseBackend backend : SparseBackend.all()) {
                        BackendMatrix m = backend.load(w);
                        assertEquals(w.rows(), m.rows());
                        assertEquals(w.cols(), m.cols());
                        for (int i = 0; i < w.rows(); i++) {
                            for (int j = 0; j < w.cols(); j++) {
                                assertEquals(dense[i][j], m.get(i, j), 0.0, backend.name());
                            }
                        }
                        long expectedStored = backend.name().equals("la4j") ? nonzeroValues : w.nnz();
                        assertEquals(expectedStored, m.storedEntries(), backend.name());
                        if (c.layer().spec().op() == Op.CONV) {
                            assertArrayEquals(CscOps.multiply(w, x), m.apply(x), 0.0, backend.name());
                        } else {
                            assertArrayEquals(CscOps.multiplyTranspose(w, x), m.applyAdjoint(x), 0.0, backend.name());
                        }
                    }
                });
    }

    @Test
    void nnzEqualsPredictedCount() {
        qt().withFixedSeed(SEED).withExamples(2000).forAll(Layers.cases(Kind.ANY, Values.INTEGERS))
                .checkAssert(c -> {
                    CscMatrix w = KernelToMatrix.lower(c.layer(), c.inputSpatial(), 1).matrix();
                    if (c.layer().spec().paddingMode() == PaddingMode.ZEROS) {
                        assertEquals(KernelToMatrix.predictedNnz(c.layer().spec(), c.inputSpatial()), w.nnz(), c::toString);
                    } else {
                        assertTrue(w.nnz() <= KernelToMatrix.predictedNnz(c.layer().spec(), c.inputSpatial()), c::toString);
                    }
                    // sorted, in range, no duplicates: wrap() re-checks every CSC invariant
                    CscMatrix.wrap(w.rows(), w.cols(), w.colPtr(), w.rowIdx(), w.values());
                });
    }

    @Test
    void perColumnValueGatherEqualsBlockCopy() {
        qt().withFixedSeed(SEED).withExamples(500).forAll(Layers.cases(Kind.ANY, Values.DOUBLES))
                .checkAssert(c -> {
                    CscMatrix blocks = KernelToMatrix.lower(c.layer(), c.inputSpatial(), 1).matrix();
                    if (c.layer().spec().paddingMode() != PaddingMode.ZEROS) {
                        return; // the gathered W0 is composed with P; compare the gather itself below
                    }
                    GatherGeometry g = GatherGeometry.of(c.layer().spec(), c.inputSpatial());
                    CscMatrix perColumn = ClassFill.fill(g, c.layer().weight().data(), 2, new CscBuffers(),
                            ClassFill.Tuning.DEFAULT.perColumnValues());
                    assertSameMatrix(blocks, perColumn, c::toString);
                });
    }

    @Test
    void reusedBuffersGiveTheSameMatrix() {
        org.convmatrix.sparse.CscBuffers buffers = new org.convmatrix.sparse.CscBuffers();
        qt().withFixedSeed(SEED).withExamples(500).forAll(Layers.cases(Kind.ANY, Values.DOUBLES))
                .checkAssert(c -> {
                    CscMatrix fresh = KernelToMatrix.lower(c.layer(), c.inputSpatial(), 1).matrix();
                    CscMatrix reused = KernelToMatrix.matrix(c.layer(), c.inputSpatial(), 2, buffers);
                    assertSameMatrix(fresh, reused, c::toString);
                });
    }

    @Test
    void parallelBuildEqualsSingleThreaded() {
        qt().withFixedSeed(SEED).withExamples(500).forAll(Layers.cases(Kind.ANY, Values.DOUBLES))
                .checkAssert(c -> {
                    CscMatrix one = KernelToMatrix.lower(c.layer(), c.inputSpatial(), 1).matrix();
                    for (int threads : new int[] {2, 3, 7}) {
                        CscMatrix many = KernelToMatrix.lower(c.layer(), c.inputSpatial(), threads).matrix();
                        assertSameMatrix(one, many, c::toString);
                    }
                });
    }

    /** Fresh arrays: the pattern written while the values are allocated, then the values on all threads. */
    @Test
    void overlappedFreshBuildEqualsSingleThreaded() {
        qt().withFixedSeed(SEED).withExamples(500).forAll(Layers.cases(Kind.ANY, Values.DOUBLES))
                .checkAssert(c -> {
                    if (c.layer().spec().paddingMode() != PaddingMode.ZEROS) {
                        return; // the gathered W0 is composed with P; the gather is what is compared
                    }
                    CscMatrix one = KernelToMatrix.lower(c.layer(), c.inputSpatial(), 1).matrix();
                    GatherGeometry g = GatherGeometry.of(c.layer().spec(), c.inputSpatial());
                    for (int threads : new int[] {2, 3}) {
                        for (long blockLimit : new long[] {-1, 0}) { // value blocks, and values per column
                            ClassFill.Tuning tuning = ClassFill.Tuning.DEFAULT.overlapFrom(0);
                            CscMatrix many = ClassFill.fill(g, c.layer().weight().data(), threads,
                                    new CscBuffers(), blockLimit < 0 ? tuning : tuning.perColumnValues());
                            assertSameMatrix(one, many, c::toString);
                        }
                    }
                });
    }

    /**
     * Runs of short columns ({@link ColumnRuns}) written a chunk at a time equal the same columns written one by
     * one: chunks of 2 or 3 columns (so that runs cross chunks), on 1 or 3 threads (so that ranges cut runs).
     */
    @Test
    void runsOfShortColumnsEqualColumnByColumn() {
        qt().withFixedSeed(SEED).withExamples(500).forAll(Layers.cases(Kind.ANY, Values.DOUBLES))
                .checkAssert(c -> {
                    if (c.layer().spec().paddingMode() != PaddingMode.ZEROS) {
                        return; // the gathered W0 is composed with P; the gather is what is compared
                    }
                    GatherGeometry g = GatherGeometry.of(c.layer().spec(), c.inputSpatial());
                    double[] w = c.layer().weight().data();
                    CscMatrix one = ClassFill.fill(g, w, 1, new CscBuffers(), ClassFill.Tuning.DEFAULT.runEntries(0));
                    int maxLen = g.rowChannelsPerGroup() * ClassFill.classes(g).maxSize();
                    for (int chunk : new int[] {2, 3}) {
                        for (int threads : new int[] {1, 3}) {
                            CscMatrix runs = ClassFill.fill(g, w, threads, new CscBuffers(),
                                    ClassFill.Tuning.DEFAULT.runEntries(chunk * maxLen));
                            assertSameMatrix(one, runs, c::toString);
                        }
                    }
                });
    }

    /**
     * Layers whose rows are long runs (single channel, stride 1, 3x3 and length-5 kernels, up to 300 positions
     * along the last axis): runs of up to 298 columns span many chunks of the default width and are cut by
     * thread ranges; {@code W·x} equals the direct convolution exactly (integer data), and the runs are used.
     */
    @Test
    void longRunsTimesXEqualsDirectConv() {
        int[][] shapes = {{300}, {7, 150}, {3, 4, 70}};
        int[][] kernels = {{5}, {3, 3}, {1, 3, 3}};
        java.util.SplittableRandom r = new java.util.SplittableRandom(11);
        for (int t = 0; t < shapes.length; t++) {
            int[] n = shapes[t];
            org.convmatrix.spec.ConvSpec spec = org.convmatrix.spec.ConvSpec.builder(Op.CONV, 1, 2, kernels[t])
                    .padding(java.util.Arrays.stream(kernels[t]).map(k -> k / 2).toArray()).build();
            int taps = java.util.Arrays.stream(kernels[t]).reduce(1, (a, b) -> a * b);
            double[] weight = r.ints(2L * taps, -3, 4).asDoubleStream().toArray();
            ConvLayer layer = ConvLayer.of(spec, weight, null);
            int[] shape = java.util.stream.IntStream.concat(java.util.stream.IntStream.of(1, 1),
                    java.util.Arrays.stream(n)).toArray();
            int size = java.util.Arrays.stream(n).reduce(1, (a, b) -> a * b);
            Tensor x = Tensor.of(shape, r.ints(size, -3, 4).asDoubleStream().toArray());
            Tensor direct = DirectConvolution.apply(layer, x);
            for (int threads : new int[] {1, 2, 3}) {
                long before = ColumnRuns.COLUMNS_WRITTEN.sum();
                Tensor viaMatrix = KernelToMatrix.lower(layer, n, threads).apply(x);
                assertTrue(ColumnRuns.COLUMNS_WRITTEN.sum() > before, "the layer is written in runs");
                assertArrayEquals(direct.data(), viaMatrix.data(), 0.0, () -> java.util.Arrays.toString(n));
            }
        }
    }

    /** The same CSC arrays, entry for entry (values bit for bit, up to the sign of zero). */
    private static void assertSameMatrix(CscMatrix expected, CscMatrix actual, java.util.function.Supplier<String> what) {
        assertArrayEquals(expected.colPtr(), actual.colPtr(), what);
        assertArrayEquals(expected.rowIdx(), actual.rowIdx(), what);
        assertArrayEquals(expected.values(), actual.values(), 0.0, what);
    }
}
