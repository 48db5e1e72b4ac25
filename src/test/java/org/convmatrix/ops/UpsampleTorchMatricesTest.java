package org.convmatrix.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.convmatrix.io.CaseFields;
import org.convmatrix.lower.UpsampleLowering;
import org.convmatrix.sparse.CscMatrix;
import org.convmatrix.spec.Tensor;
import org.convmatrix.spec.UpsampleSpec;
import org.convmatrix.verify.DotTest;
import org.junit.jupiter.api.Test;

/**
 * The upsample matrix against PyTorch itself: {@code upsample/torch-matrices.json} holds, for 180 random layers
 * (every mode, 1 to 3 spatial dimensions, size or scale factors, align_corners, recompute_scale_factor, one or two
 * channels), the matrix {@code F.interpolate} applies, probed with unit inputs by
 * {@code src/test/python/make_upsample_matrices.py}. The lowering must have exactly PyTorch's pattern (which
 * positions each output reads) and its values within the rounding bound; the direct implementation must give
 * each column.
 *
 * <p><b>Bound.</b> An entry is a product of {@code d} per-axis weights, each a sum of at most 4 taps; PyTorch and
 * this project form it in different orders from the same double weights, so they differ by at most
 * {@code 2·γ_{4^d + 4d}·T} where {@code T = Π_axis Σ_taps |w| <= 1.5^d} (linear taps sum to 1; Keys' cubic weights
 * {@code W(t+1), W(t), W(1-t), W(2-t)} have absolute sum at most {@code 1 + 4·0.09375 = 1.375}).
 */
class UpsampleTorchMatricesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CASES = Integer.getInteger("upsample.torch.cases", 180);

    private static JsonNode cases() throws IOException {
        try (InputStream in = UpsampleTorchMatricesTest.class.getResourceAsStream("/upsample/torch-matrices.json")) {
            return JSON.readTree(in).get("cases");
        }
    }

    static UpsampleSpec read(JsonNode c, int[] inputShape) {
        ObjectNode layer = JSON.createObjectNode();
        layer.put("op", "upsample");
        for (String key : new String[] {"mode", "size", "scale_factor", "align_corners", "recompute_scale_factor"}) {
            if (c.has(key)) {
                layer.set(key, c.get(key));
            }
        }
        CaseFields fields = CaseFields.of(layer, "");
        UpsampleSpec spec = (UpsampleSpec) Ops.read(fields, inputShape);
        fields.rejectUnknown();
        return spec;
    }

    private static int[] ints(JsonNode n) {
        int[] r = new int[n.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = n.get(i).intValue();
        }
        return r;
    }

    private static double bound(int d) {
        return 2 * DotTest.gamma((1L << (2 * d)) + 4L * d) * Math.pow(1.5, d);
    }

    @Test
    void loweredMatrixHasPytorchsPatternAndValues() throws IOException {
        int checked = 0;
        for (JsonNode c : cases()) {
            int[] inShape = ints(c.get("input_shape"));
            UpsampleSpec spec = read(c, inShape);
            assertArrayEquals(ints(c.get("output_shape")), spec.outputShape(inShape), c::toString);
            CscMatrix a = Ops.lower(spec, inShape).matrix();
            int[] rows = ints(c.get("rows"));
            int[] cols = ints(c.get("cols"));
            assertEquals(rows.length, a.nnz(), () -> "nnz of " + c);
            double tol = bound(spec.dims());
            for (int e = 0; e < rows.length; e++) {
                double expected = c.get("values").get(e).doubleValue();
                int r = rows[e];
                int col = cols[e];
                assertTrue(a.isStored(r, col), () -> "(" + r + ", " + col + ") missing in " + c);
                assertEquals(expected, a.get(r, col), tol, () -> "(" + r + ", " + col + ") of " + c);
            }
            checked++;
        }
        assertEquals(CASES, checked);
    }

    @Test
    void directForwardOfUnitInputsGivesPytorchsColumns() throws IOException {
        for (JsonNode c : cases()) {
            int[] inShape = ints(c.get("input_shape"));
            UpsampleSpec spec = read(c, inShape);
            int[] outShape = spec.outputShape(inShape);
            int cols = inShape[1] * sizeOf(inShape, 2);
            int rowsCount = outShape[1] * sizeOf(outShape, 2);
            double[][] torch = new double[rowsCount][cols];
            int[] rows = ints(c.get("rows"));
            int[] colIdx = ints(c.get("cols"));
            for (int e = 0; e < rows.length; e++) {
                torch[rows[e]][colIdx[e]] = c.get("values").get(e).doubleValue();
            }
            double tol = bound(spec.dims());
            for (int j = 0; j < cols; j++) {
                double[] unit = new double[cols];
                unit[j] = 1;
                Tensor y = Ops.forward(spec, Tensor.of(inShape, unit));
                for (int r = 0; r < rowsCount; r++) {
                    int row = r;
                    int col = j;
                    assertEquals(torch[r][j], y.get(r), tol, () -> "row " + row + ", column " + col + " of " + c);
                }
            }
        }
    }

    /**
     * Where PyTorch 1.13's autograd is not the transpose of its forward (only nearest and nearest-exact layers), its
     * matrix is the one of {@link UpsampleLowering#lowerAsPytorchBackward}: the float32 {@code nearest_idx} /
     * {@code nearest_exact_idx} geometry.
     */
    @Test
    void whereAutogradIsNotTheTransposeItIsTheNearestIdxGeometry() throws IOException {
        List<String> differing = new ArrayList<>();
        for (JsonNode c : cases()) {
            if (!c.has("backward")) {
                continue;
            }
            differing.add(c.get("mode").asText());
            assertTrue(c.get("mode").asText().startsWith("nearest"), c::toString);
            int[] inShape = ints(c.get("input_shape"));
            CscMatrix b = UpsampleLowering.lowerAsPytorchBackward(read(c, inShape), inShape).matrix();
            JsonNode torch = c.get("backward");
            int[] rows = ints(torch.get("rows"));
            int[] cols = ints(torch.get("cols"));
            assertEquals(rows.length, b.nnz(), c::toString);
            for (int e = 0; e < rows.length; e++) {
                assertEquals(torch.get("values").get(e).doubleValue(), b.get(rows[e], cols[e]), c::toString);
            }
        }
        assertTrue(differing.size() > 0, "the resource should show the known difference");
    }

    private static int sizeOf(int[] shape, int from) {
        int n = 1;
        for (int a = from; a < shape.length; a++) {
            n *= shape[a];
        }
        return n;
    }
}
