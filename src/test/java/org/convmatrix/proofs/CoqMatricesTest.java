package org.convmatrix.proofs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.convmatrix.lower.KernelToMatrix;
import org.convmatrix.sparse.CscMatrix;
import org.convmatrix.spec.ConvLayer;
import org.convmatrix.spec.ConvSpec;
import org.convmatrix.spec.Op;
import org.convmatrix.spec.Padding;
import org.convmatrix.spec.PaddingMode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Translation validation: {@code KernelToMatrix} builds (on 1, 2 and 3 threads), entry for entry, the matrix {@code W} that the Coq
 * development computes for a fixed suite of layers ({@code proofs/Suite.v}: every padding form and mode, groups,
 * stride, dilation, 1-3 spatial dims, conv_transpose with output_padding).
 *
 * <p>The Coq matrices ({@code src/test/resources/coq-matrices/}, regenerated and compared by {@code proofs/check.sh})
 * come from the entry formula of theorem {@code PaddedNd.WM_entry}: {@code W[r][c]} is the sum of the weights
 * {@code wentry(r, c)}, with rows and columns numbered row-major ({@code RowMajor.enum_val_row_major}). With the
 * symbolic weights {@code w_f = f + 1} ({@code f} the weight's flat index) every entry is an exact small integer,
 * so the comparison is exact. Also compared: the output shape ({@code ConvSpec.outputSpatial}), the resolved
 * padding, and, for zero padding and conv_transpose, {@link KernelToMatrix#predictedNnz}.
 */
class CoqMatricesTest {
    /** One layer file: its header fields and its column-major triplets. */
    private static final class CoqMatrix {
        final String name;
        final Map<String, String> fields = new LinkedHashMap<>();
        final List<long[]> entries = new ArrayList<>();

        CoqMatrix(Path file) {
            name = file.getFileName().toString();
            for (String line : readLines(file)) {
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                if (Character.isDigit(line.charAt(0))) {
                    entries.add(Arrays.stream(line.split(" ")).mapToLong(Long::parseLong).toArray());
                } else {
                    int space = line.indexOf(' ');
                    fields.put(line.substring(0, space), line.substring(space + 1));
                }
            }
        }

        String get(String key) {
            String v = fields.get(key);
            if (v == null) {
                throw new IllegalStateException(name + ": no field " + key);
            }
            return v;
        }

        int[] ints(String key) {
            return Arrays.stream(get(key).split(" ")).mapToInt(Integer::parseInt).toArray();
        }

        int integer(String key) {
            return Integer.parseInt(get(key));
        }

        ConvSpec spec() {
            Op op = get("op").equals("conv") ? Op.CONV : Op.CONV_TRANSPOSE;
            ConvSpec.Builder b = ConvSpec.builder(op, integer("in_channels"), integer("out_channels"), ints("kernel_size"))
                    .groups(integer("groups")).stride(ints("stride")).dilation(ints("dilation"))
                    .paddingMode(PaddingMode.fromJson(get("padding_mode")));
            if (op == Op.CONV_TRANSPOSE) {
                b.outputPadding(ints("output_padding"));
            }
            switch (get("padding_form")) {
                case "symmetric":
                    return b.padding(ints("padding_before")).build();
                case "pairs":
                    return b.padding(Padding.pairs(ints("padding_before"), ints("padding_after"))).build();
                case "same":
                    return b.padding(Padding.same()).build();
                case "valid":
                    return b.padding(Padding.valid()).build();
                default:
                    throw new IllegalStateException(name + ": padding_form " + get("padding_form"));
            }
        }
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<CoqMatrix> suite() {
        URL dir = CoqMatricesTest.class.getResource("/coq-matrices");
        if (dir == null) {
            throw new IllegalStateException("test resource folder coq-matrices is missing");
        }
        try (Stream<Path> files = Files.list(Paths.get(dir.toURI()))) {
            return files.filter(p -> p.toString().endsWith(".txt")).sorted().map(CoqMatrix::new).collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Weight {@code f} (flat, row-major) is {@code f + 1}. */
    private static ConvLayer symbolic(ConvSpec spec) {
        int size = Arrays.stream(spec.weightShape()).reduce(1, Math::multiplyExact);
        double[] w = new double[size];
        for (int f = 0; f < size; f++) {
            w[f] = f + 1;
        }
        return ConvLayer.of(spec, w, null);
    }

    private static void assertSameAsCoq(CoqMatrix coq) {
        ConvSpec spec = coq.spec();
        int[] input = coq.ints("input");
        assertArrayEquals(coq.ints("output"), spec.outputSpatial(input), coq.name + ": output shape");
        for (int a = 0; a < spec.dims(); a++) {
            assertEquals(coq.ints("padding_before")[a], spec.padBefore(a), coq.name + ": padding before axis " + a);
            if (spec.op() == Op.CONV) {
                assertEquals(coq.ints("padding_after")[a], spec.padAfter(a), coq.name + ": padding after axis " + a);
            }
        }
        for (int threads = 1; threads <= 3; threads++) {
            assertSameEntries(coq, KernelToMatrix.matrix(symbolic(spec), input, threads), coq.name + " (" + threads + " threads)");
        }
        if (spec.op() == Op.CONV_TRANSPOSE || spec.paddingMode() == PaddingMode.ZEROS) {
            assertEquals(coq.entries.size(), KernelToMatrix.predictedNnz(spec, input), coq.name + ": predictedNnz");
        }
    }

    private static void assertSameEntries(CoqMatrix coq, CscMatrix w, String name) {
        assertEquals(coq.integer("rows"), w.rows(), name + ": rows");
        assertEquals(coq.integer("cols"), w.cols(), name + ": cols");
        assertEquals(coq.integer("nnz"), coq.entries.size(), name + ": nnz line vs triplets");
        assertEquals(coq.entries.size(), w.nnz(), name + ": nnz");
        int[] colPtr = w.colPtr();
        int[] rowIdx = w.rowIdx();
        double[] values = w.values();
        int k = 0;
        for (int c = 0; c < w.cols(); c++) {
            for (int p = colPtr[c]; p < colPtr[c + 1]; p++, k++) {
                long[] e = coq.entries.get(k);
                String where = name + ": entry " + k + " (Coq: row " + e[0] + ", col " + e[1] + ")";
                assertEquals(e[1], c, where + ": column");
                assertEquals(e[0], rowIdx[p], where + ": row");
                assertEquals((double) e[2], values[p], 0.0, where + ": value");
            }
        }
    }

    @TestFactory
    Stream<DynamicTest> kernelToMatrixBuildsTheCoqMatrix() {
        return suite().stream().map(coq -> DynamicTest.dynamicTest(coq.name, () -> assertSameAsCoq(coq)));
    }

    /** The suite covers what the issue asks for; a shrunken resource folder would otherwise pass silently. */
    @Test
    void suiteCoversEveryFormModeAndShape() {
        List<CoqMatrix> suite = suite();
        assertTrue(suite.size() >= 30, "suite has " + suite.size() + " layers");
        Set<String> seen = new HashSet<>();
        for (CoqMatrix m : suite) {
            String op = m.get("op");
            seen.add(op + " " + m.ints("kernel_size").length + "d");
            if (op.equals("conv")) {
                seen.add("form " + m.get("padding_form"));
                seen.add("mode " + m.get("padding_mode"));
            }
            seen.add(m.integer("groups") > 1 ? op + " groups" : "");
            seen.add(Arrays.stream(m.ints("stride")).anyMatch(s -> s > 1) ? op + " stride" : "");
            seen.add(Arrays.stream(m.ints("dilation")).anyMatch(d -> d > 1) ? op + " dilation" : "");
            seen.add(Arrays.stream(m.ints("output_padding")).anyMatch(p -> p > 0) ? op + " output_padding" : "");
        }
        for (String need : List.of("conv 1d", "conv 2d", "conv 3d", "conv_transpose 1d", "conv_transpose 2d",
                "conv_transpose 3d", "form symmetric", "form pairs", "form same", "form valid", "mode zeros",
                "mode reflect", "mode replicate", "mode circular", "conv groups", "conv stride", "conv dilation",
                "conv_transpose groups", "conv_transpose stride", "conv_transpose dilation",
                "conv_transpose output_padding")) {
            assertTrue(seen.contains(need), "suite lacks " + need);
        }
    }
}
