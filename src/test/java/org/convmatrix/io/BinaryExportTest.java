package org.convmatrix.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.convmatrix.cli.CliRun;
import org.convmatrix.lower.KernelToMatrix;
import org.convmatrix.sparse.CscMatrix;
import org.convmatrix.spec.InvalidSpecException;
import org.convmatrix.testing.Layers;
import org.jetbrains.bio.npy.NpzFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.format.Mat5File;
import us.hebi.matlab.mat.types.Sparse;

/** {@code .npz} and {@code .mat} exports read back (with the libraries' own readers) equal the matrix. */
class BinaryExportTest {
    @TempDir
    Path dir;

    static CscMatrix readNpz(Path f) {
        try (NpzFile.Reader r = NpzFile.read(f)) {
            assertEquals("csc", r.get("format", 1 << 20).asStringArray()[0]);
            long[] shape = r.get("shape", 1 << 20).asLongArray();
            return CscMatrix.wrap((int) shape[0], (int) shape[1], r.get("indptr", 1 << 20).asIntArray(),
                    r.get("indices", 1 << 20).asIntArray(), r.get("data", 1 << 20).asDoubleArray());
        }
    }

    static CscMatrix readMat(Path f, String name) throws IOException {
        try (Mat5File mat = Mat5.readFromFile(f.toFile())) {
            Sparse s = mat.getArray(name);
            int[] colPtr = new int[s.getNumCols() + 1];
            List<Integer> rows = new ArrayList<>();
            List<Double> values = new ArrayList<>();
            s.forEach((r, c, re, im) -> {
                colPtr[c + 1]++;
                rows.add(r);
                values.add(re);
            });
            for (int j = 0; j < s.getNumCols(); j++) {
                colPtr[j + 1] += colPtr[j];
            }
            return CscMatrix.wrap(s.getNumRows(), s.getNumCols(), colPtr,
                    rows.stream().mapToInt(Integer::intValue).toArray(),
                    values.stream().mapToDouble(Double::doubleValue).toArray());
        }
    }

    /** Writes a matrix to a file and reads it back. */
    @FunctionalInterface
    interface RoundTrip {
        CscMatrix of(CscMatrix w, Path file) throws IOException;
    }

    /** {@code W} of generated layers survives {@code trip} array for array, bit for bit. */
    void assertRoundTrips(long seed, String file, RoundTrip trip) {
        qt().withFixedSeed(seed).withExamples(60).forAll(Layers.cases(Layers.Kind.ANY, Layers.Values.DOUBLES))
                .checkAssert(c -> {
                    CscMatrix w = KernelToMatrix.lower(c.layer(), c.inputSpatial()).matrix();
                    try {
                        MatrixMarketTest.assertSameEntries(w, trip.of(w, dir.resolve(file)));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
    }

    @Test
    void npzWrittenThenReadGivesIdenticalArraysOnGeneratedLayers() {
        assertRoundTrips(20261202, "w.npz", (w, f) -> {
            NpzWriter.write(w, f);
            return readNpz(f);
        });
    }

    @Test
    void matWrittenThenReadGivesIdenticalEntriesOnGeneratedLayers() {
        assertRoundTrips(20261203, "w.mat", (w, f) -> {
            MatFileWriter.write(w, "W", f);
            return readMat(f, "W");
        });
    }

    @Test
    void explicitZerosAndAwkwardDoublesSurviveBothFormats() throws IOException {
        CscMatrix m = CscMatrix.wrap(3, 2, new int[] {0, 2, 3}, new int[] {0, 2, 1},
                new double[] {0.0, 0.1 + 0.2, -Double.MIN_VALUE});
        NpzWriter.write(m, dir.resolve("z.npz"));
        MatFileWriter.write(m, "W", dir.resolve("z.mat"));
        MatrixMarketTest.assertSameEntries(m, readNpz(dir.resolve("z.npz")));
        MatrixMarketTest.assertSameEntries(m, readMat(dir.resolve("z.mat"), "W"));
    }

    @Test
    void matRefusesAMatrixLargerThanOneV5Variable() {
        long fits = (MatFileWriter.MAX_BYTES - 4L * 11) / 12;
        assertDoesNotThrow(() -> MatFileWriter.requireFits(fits, 10));
        InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> MatFileWriter.requireFits(fits + 1, 10));
        assertEquals("format", e.field());
        assertTrue(e.getMessage().startsWith("--format mat: the matrix's arrays take "), e.getMessage());
    }

    @Test
    void matrixCommandWritesBothFormatsFromTheExtensionAndRefusesStandardOutput() throws IOException {
        Path npz = dir.resolve("w.npz");
        Path mat = dir.resolve("w.mat");
        String[] layer = {"--kernel", "3,3", "--input", "5,4", "--in-channels", "2", "--out-channels", "3"};
        CliRun a = CliRun.of(concat(new String[] {"matrix", "--out", npz.toString()}, layer));
        CliRun b = CliRun.of(concat(new String[] {"matrix", "--which", "WT", "--out", mat.toString()}, layer));
        assertEquals(0, a.exitCode(), a.toString());
        assertEquals(0, b.exitCode(), b.toString());
        CscMatrix w = readNpz(npz);
        CscMatrix wt = readMat(mat, "WT");
        assertEquals(w.rows(), wt.cols());
        for (int i = 0; i < w.rows(); i++) {
            for (int j = 0; j < w.cols(); j++) {
                assertEquals(w.get(i, j), wt.get(j, i), "W[" + i + "," + j + "]");
            }
        }
        CliRun c = CliRun.of(concat(new String[] {"matrix", "--format", "npz"}, layer));
        assertEquals(2, c.exitCode(), c.toString());
        assertTrue(c.err().startsWith("error: --out: --format npz is binary"), c.err());
        assertEquals("", c.out());
        assertTrue(Files.exists(npz));
    }

    private static String[] concat(String[] a, String[] b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
