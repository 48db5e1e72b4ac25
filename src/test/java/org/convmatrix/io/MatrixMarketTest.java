package org.convmatrix.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.convmatrix.lower.KernelToMatrix;
import org.convmatrix.render.SymbolicWeights;
import org.convmatrix.sparse.CscMatrix;
import org.convmatrix.spec.ConvLayer;
import org.convmatrix.testing.Layers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class MatrixMarketTest {
    static void assertSameEntries(CscMatrix expected, CscMatrix actual) {
        assertEquals(expected.rows(), actual.rows(), "rows");
        assertEquals(expected.cols(), actual.cols(), "cols");
        assertArrayEquals(expected.colPtr(), actual.colPtr(), "column pointers");
        assertArrayEquals(expected.rowIdx(), actual.rowIdx(), "row indices");
        assertArrayEquals(expected.values(), actual.values(), "values (bit for bit)");
    }

    static CscMatrix roundTrip(CscMatrix m) {
        try {
            StringWriter w = new StringWriter();
            MatrixMarketWriter.write(m, List.of("rows: test", "cols: test"), w);
            return MatrixMarketReader.read(new BufferedReader(new StringReader(w.toString())), "test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void writeThenReadGivesIdenticalEntriesOnGeneratedLayers() {
        qt().withFixedSeed(0x3A1L).withExamples(300).forAll(Layers.cases(Layers.Kind.ANY, Layers.Values.DOUBLES)).checkAssert(c -> {
            CscMatrix w = KernelToMatrix.lower(c.layer(), c.inputSpatial()).matrix();
            assertSameEntries(w, roundTrip(w));
        });
    }

    @Test
    void explicitZerosAndAwkwardDoublesSurvive() throws IOException {
        CscMatrix m = CscMatrix.wrap(3, 2, new int[] {0, 2, 3}, new int[] {0, 2, 1},
                new double[] {0.0, 0.1 + 0.2, -1e-300});
        Path f = Files.createTempFile("rt", ".mtx");
        MatrixMarketWriter.write(m, List.of("a comment"), f);
        String text = Files.readString(f);
        assertTrue(text.startsWith("%%MatrixMarket matrix coordinate real general\n% a comment\n3 2 3\n1 1 0.0\n"), text);
        assertSameEntries(m, MatrixMarketReader.read(f));
        Files.delete(f);
    }

    @Test
    void readerSortsSumsDuplicatesAndMirrorsSymmetric() throws IOException {
        String text = "%%MatrixMarket matrix coordinate real symmetric\n% c\n3 3 3\n3 1 2.5\n1 1 1\n3 1 0.5\n";
        CscMatrix m = MatrixMarketReader.read(new BufferedReader(new StringReader(text)), "t");
        assertEquals(3.0, m.get(2, 0));
        assertEquals(3.0, m.get(0, 2));
        assertEquals(1.0, m.get(0, 0));
        assertEquals(3, m.nnz());
    }

    static Stream<String> fixtures() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("src/test/resources/mtx"))) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".mtx")).sorted().toList().stream()
                    .map(n -> n.substring(0, n.length() - 4));
        }
    }

    /**
     * SciPy wrote W of a PyTorch-built layer; we lower the same layer. Each entry of W is one weight (bit-identical),
     * except under reflect/replicate/circular padding, where an entry is a sum of t weights; two summation orders
     * of t terms differ by at most 2(t-1)·u·Σ|w| (u = 2^-53), which bounds the comparison.
     */
    @ParameterizedTest
    @MethodSource("fixtures")
    void scipyFixtureEqualsTheLoweredMatrix(String name) throws IOException {
        Path dir = Path.of("src/test/resources/mtx");
        CscMatrix fromScipy = MatrixMarketReader.read(dir.resolve(name + ".mtx"));
        CaseFile c = CaseReader.read(dir.resolve(name + ".json"));
        ConvLayer layer = c.conv();
        int[] spatial = layer.inputSpatial(c.input().shape());
        CscMatrix ours = KernelToMatrix.lower(layer, spatial).matrix();
        assertEquals(ours.rows(), fromScipy.rows());
        assertEquals(ours.cols(), fromScipy.cols());
        SymbolicWeights terms = SymbolicWeights.of(layer.spec(), spatial);
        double[] w = layer.weight().data();
        int[] cp = ours.colPtr();
        int[] ri = ours.rowIdx();
        double[] v = ours.values();
        int stored = 0;
        for (int j = 0; j < ours.cols(); j++) {
            for (int p = cp[j]; p < cp[j + 1]; p++) {
                double theirs = fromScipy.get(ri[p], j);
                int[] t = terms.terms(p);
                double abs = 0;
                for (int k : t) {
                    abs += Math.abs(w[k]);
                }
                double bound = 2.0 * Math.max(0, t.length - 1) * Math.ulp(1.0) / 2 * abs;
                assertTrue(Math.abs(theirs - v[p]) <= bound, name + ": entry (" + ri[p] + ", " + j + ") ours " + v[p]
                        + " scipy " + theirs + " bound " + bound);
                if (t.length == 1) {
                    assertEquals(v[p], theirs, "single-weight entries are bit-identical");
                }
                if (v[p] != 0) {
                    stored++;
                }
            }
        }
        int scipyNonzero = 0;
        for (double x : fromScipy.values()) {
            if (x != 0) {
                scipyNonzero++;
            }
        }
        assertEquals(stored, scipyNonzero, name + ": the same nonzero entries");
    }
}
