package org.convmatrix.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.convmatrix.io.CaseFields;
import org.convmatrix.lower.LoweredLayer;
import org.convmatrix.sparse.CscMatrix;
import org.convmatrix.spec.InvalidSpecException;
import org.convmatrix.spec.Layer;
import org.convmatrix.spec.MaxUnpoolSpec;
import org.convmatrix.spec.SequentialSpec;
import org.convmatrix.spec.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The registry's entry points, with their numbers worked by hand from each op's definition: the names it knows and
 * the errors for the ones it does not; the rounding counts {@code t} ({@link OpKind#roundings}: the longest row or
 * column of {@code A}, a rounding per axis, two more; the conv's own count; a chain's sum); the magnitudes
 * {@code |A|·|x| + |b|} and {@code |A|ᵀ·|g|} on data with negative signs, so that a missing absolute value shows.
 */
class OpsRegistryTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Layer read(String json, int... inputShape) {
        try {
            CaseFields f = CaseFields.of(JSON.readTree(json.replace('\'', '"')), "");
            Layer layer = Ops.read(f, inputShape);
            f.rejectUnknown();
            return layer;
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static InvalidSpecException refused(String json, int... inputShape) {
        return assertThrows(InvalidSpecException.class, () -> read(json, inputShape), json);
    }

    /** Conv1d 1 → 1, weight {@code [1, -2]}, bias {@code -3}. */
    private static final String CONV = "{'op': 'conv', 'in_channels': 1, 'out_channels': 1, 'kernel_size': [2], "
            + "'weight': {'shape': [1, 1, 2], 'data': [1, -2]}, 'bias': {'shape': [1], 'data': [-3]}}";

    /** Conv1d 1 → 1, weight {@code [-3]}, no bias. */
    private static final String SCALE = "{'op': 'conv', 'in_channels': 1, 'out_channels': 1, 'kernel_size': [1], "
            + "'weight': {'shape': [1, 1, 1], 'data': [-3]}}";

    @Test
    void theRegistryNamesEveryOpInOrder() {
        assertEquals("\"conv\", \"conv_transpose\", \"sequential\", \"pixel_shuffle\", \"pixel_unshuffle\", "
                + "\"avg_pool\", \"max_unpool\", \"upsample\"", Ops.names());
        InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> Ops.named("unfold", "layers[2]."));
        assertEquals("layers[2].op", e.field());
        assertEquals("layers[2].op must be one of " + Ops.names() + " but was \"unfold\"", e.getMessage());
        for (String name : new String[] {"conv", "conv_transpose", "sequential", "pixel_shuffle", "pixel_unshuffle",
            "avg_pool", "max_unpool", "upsample"}) {
            assertEquals(name, Ops.named(name, "").name(), "the kind registered as " + name);
        }
    }

    /** A layer whose op name is registered to another type, or not registered at all, has no kind. */
    @Test
    void aLayerOfAnUnregisteredTypeIsRefused() {
        for (String op : new String[] {"conv", "unfold"}) {
            Layer stranger = new Layer() {
                @Override
                public String op() {
                    return op;
                }

                @Override
                public int[] outputShape(int[] inputShape) {
                    return inputShape;
                }
            };
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Ops.lower(stranger, new int[] {1, 1, 2}));
            assertTrue(e.getMessage().startsWith("no op kind is registered for "), e.getMessage());
        }
    }

    /** {@code t = max(C_in/g, C_out/g)·Π k + 2}, and the chain's counts add. */
    @Test
    void theRoundingsOfAConvCountItsProductsPerOutput() {
        // conv 2 -> 4, groups 2, 3 x 3: max(1, 2)·9 + 2
        Layer grouped = read("{'op': 'conv', 'in_channels': 2, 'out_channels': 4, 'groups': 2, 'kernel_size': [3, 3], "
                + "'weight': {'shape': [4, 1, 3, 3], 'data': [" + zeros(36) + "]}}");
        assertEquals(20, Ops.roundings(grouped, new int[] {1, 2, 5, 5}));
        // conv 4 -> 2, kernel 2: max(4, 2)·2 + 2
        Layer wide = read("{'op': 'conv', 'in_channels': 4, 'out_channels': 2, 'kernel_size': [2], "
                + "'weight': {'shape': [2, 4, 2], 'data': [" + zeros(16) + "]}}");
        assertEquals(10, Ops.roundings(wide, new int[] {1, 4, 5}));
        // conv_transpose 2 -> 6, groups 2, kernel 3: max(1, 3)·3 + 2
        Layer transpose = read("{'op': 'conv_transpose', 'in_channels': 2, 'out_channels': 6, 'groups': 2, "
                + "'kernel_size': [3], 'weight': {'shape': [2, 3, 3], 'data': [" + zeros(18) + "]}}");
        assertEquals(11, Ops.roundings(transpose, new int[] {1, 2, 4}));
    }

    /** {@code t} = longest row or column of {@code A} + spatial axes + 2, for the ops that take the default. */
    @Test
    void theDefaultRoundingsAreTheLongestLinePlusAxesPlusTwo() {
        // a permutation: every line holds one entry; 2 axes
        assertEquals(1 + 2 + 2, Ops.roundings(read("{'op': 'pixel_shuffle', 'upscale_factor': 2}"),
                new int[] {1, 4, 2, 2}));
        assertEquals(1 + 2 + 2, Ops.roundings(read("{'op': 'pixel_unshuffle', 'downscale_factor': 2}"),
                new int[] {1, 1, 4, 4}));
        // each output averages a 2 x 2 window: rows of 4, columns of 1
        assertEquals(4 + 2 + 2, Ops.roundings(read("{'op': 'avg_pool', 'kernel_size': 2}", 1, 1, 4, 4),
                new int[] {1, 1, 4, 4}));
        // 1-d, kernel 3, stride 1 on 5: rows of 3, the middle column is read by 3 outputs
        assertEquals(3 + 1 + 2, Ops.roundings(read("{'op': 'avg_pool', 'kernel_size': [3], 'stride': 1}"),
                new int[] {1, 1, 5}));
        // max_unpool puts each input at one output position: lines of one entry, 1 axis
        Layer unpool = read("{'op': 'max_unpool', 'kernel_size': [2], 'indices': {'shape': [1, 1, 2], 'data': [0, 3]}}",
                1, 1, 2);
        assertEquals(1 + 1 + 2, Ops.roundings(unpool, new int[] {1, 1, 2}));
        // a chain adds its layers' counts: shuffle (5) then the 2 x 2 average (8)
        Layer chain = read("{'op': 'sequential', 'layers': [{'op': 'pixel_shuffle', 'upscale_factor': 2}, "
                + "{'op': 'avg_pool', 'kernel_size': 2}]}", 1, 4, 2, 2);
        assertEquals(5 + 8, Ops.roundings(chain, new int[] {1, 4, 2, 2}));
    }

    /**
     * An upsample counts each merged entry as the taps it merges: 1, {@code 2^d}, {@code 4^d} for nearest, linear,
     * cubic. At the same size every mode's matrix is the identity (cubic's outer weights are exactly 0 at integer
     * positions), so {@code t = 1·{1, 4, 16} + 2 + 2}.
     */
    @Test
    void theRoundingsOfAnUpsampleCountTheMergedTaps() {
        int[] shape = {1, 1, 3, 3};
        assertEquals(1 + 2 + 2, Ops.roundings(read("{'op': 'upsample', 'mode': 'nearest', 'size': 3}", shape), shape));
        assertEquals(4 + 2 + 2, Ops.roundings(read("{'op': 'upsample', 'mode': 'bilinear', 'size': 3}", shape), shape));
        assertEquals(16 + 2 + 2, Ops.roundings(read("{'op': 'upsample', 'mode': 'bicubic', 'size': 3}", shape), shape));
        // linear 4 -> 8 (1-d): rows of at most 2 taps, input 1 is read by outputs 1 to 4: 4·2 + 1 + 2
        int[] line = {1, 1, 4};
        assertEquals(4 * 2 + 1 + 2, Ops.roundings(read("{'op': 'upsample', 'mode': 'linear', 'scale_factor': 2}",
                line), line));
        // nearest 3 -> 6 (2-d): each input feeds a 2 x 2 block, 4·1 + 2 + 2
        assertEquals(4 + 2 + 2, Ops.roundings(read("{'op': 'upsample', 'mode': 'nearest', 'scale_factor': 2}",
                shape), shape));
    }

    /** Conv {@code [1, -2]}, bias {@code -3} on {@code |x| = (1, 1, 2)}: {@code (1 + 2 + 3, 1 + 4 + 3)}. */
    @Test
    void aConvsMagnitudeIsTheConvOfTheAbsoluteValues() {
        Layer conv = read(CONV);
        int[] shape = {1, 1, 3};
        Tensor m = Ops.magnitude(conv, shape, Tensor.of(shape, new double[] {1, 1, 2}));
        assertArrayEquals(new double[] {6, 8}, m.data());
        // backward of |g| = (1, 1) through |w| = (1, 2): (1, 2 + 1, 2); no bias
        Tensor b = Ops.magnitudeOfBackward(conv, shape, Tensor.of(new int[] {1, 1, 2}, new double[] {1, 1}));
        assertArrayEquals(new double[] {1, 3, 2}, b.data());
    }

    /** A chain applies its layers' magnitudes in turn forward, in reverse backward. */
    @Test
    void aChainsMagnitudesFollowItsLayers() {
        Layer chain = read("{'op': 'sequential', 'layers': [" + CONV + ", " + SCALE + "]}", 1, 1, 3);
        int[] shape = {1, 1, 3};
        // (6, 8) then |−3|·
        assertArrayEquals(new double[] {18, 24}, Ops.magnitude(chain, shape, Tensor.of(shape, new double[] {1, 1, 2}))
                .data());
        // |g| = (1, 1): 3·(1, 1) then (1·3, 2·3 + 1·3, 2·3)
        assertArrayEquals(new double[] {3, 9, 6}, Ops.magnitudeOfBackward(chain, shape,
                Tensor.of(new int[] {1, 1, 2}, new double[] {1, 1})).data());
    }

    /**
     * The default magnitudes from the matrix: {@code |A|·|x| + |b|} and {@code |A|ᵀ·|g|}, for each way a layer holds
     * {@code A}: as itself, as its transpose, and for the whole batch.
     */
    @Test
    void theMatrixMagnitudesTakeAbsoluteValuesOfEveryStoredForm() {
        // A = [[1, -2], [0, -3]] (2 x 2, CSC), b = (-1, 2)
        CscMatrix a = CscMatrix.wrap(2, 2, new int[] {0, 1, 3}, new int[] {0, 0, 1}, new double[] {1, -2, -3});
        int[] shape = {1, 1, 2};
        Tensor x = Tensor.of(shape, new double[] {1, 2});
        LoweredLayer plain = LoweredLayer.of(a, new double[] {-1, 2}, shape, shape);
        // |A|·x + |b| = (1 + 4 + 1, 6 + 2)
        assertArrayEquals(new double[] {6, 8}, MagnitudeOfMatrix.forward(plain, x).data());
        // |A|ᵀ·g = (1, 2 + 6), the bias not included
        assertArrayEquals(new double[] {1, 8}, MagnitudeOfMatrix.backward(plain, x).data());
        LoweredLayer transposed = LoweredLayer.ofTransposed(a, new double[] {-1, 2}, shape, shape);
        // A is Wᵀ = [[1, 0], [-2, -3]]: |Wᵀ|·x + |b| = (1 + 1, 2 + 6 + 2)
        assertArrayEquals(new double[] {2, 10}, MagnitudeOfMatrix.forward(transposed, x).data());
        assertArrayEquals(new double[] {5, 6}, MagnitudeOfMatrix.backward(transposed, x).data());
        int[] batch = {2, 1, 1};
        LoweredLayer whole = LoweredLayer.ofWholeBatch(a, null, batch, batch);
        assertArrayEquals(new double[] {5, 6}, MagnitudeOfMatrix.forward(whole, Tensor.of(batch, new double[] {1, 2}))
                .data());
        assertArrayEquals(new double[] {1, 8}, MagnitudeOfMatrix.backward(whole, Tensor.of(batch, new double[] {1, 2}))
                .data());
        assertEquals(2, MagnitudeOfMatrix.longestLine(a));
        assertEquals(2, MagnitudeOfMatrix.longestLine(CscMatrix.wrap(1, 2, new int[] {0, 1, 2}, new int[] {0, 0},
                new double[] {1, 1})));
        assertEquals(2, MagnitudeOfMatrix.longestLine(CscMatrix.wrap(2, 1, new int[] {0, 2}, new int[] {0, 1},
                new double[] {1, 1})));
        assertArrayEquals(new double[] {1, 0, 2.5}, MagnitudeOfMatrix.abs(new double[] {-1, 0, 2.5}));
    }

    /** The ops without a magnitude of their own: the default {@code |A|·|x|}, here on inputs of mixed sign. */
    @Test
    void theDefaultMagnitudesOfTheRegisteredOps() {
        Layer unpool = read("{'op': 'max_unpool', 'kernel_size': [2], 'indices': {'shape': [1, 1, 2], 'data': [0, 3]}}",
                1, 1, 2);
        int[] shape = {1, 1, 2};
        assertArrayEquals(new double[] {1, 0, 0, 2}, Ops.magnitude(unpool, shape, Tensor.of(shape,
                new double[] {1, 2})).data());
        assertArrayEquals(new double[] {1, 4}, Ops.magnitudeOfBackward(unpool, shape, Tensor.of(new int[] {1, 1, 4},
                new double[] {1, 2, 3, 4})).data());
        Layer pool = read("{'op': 'avg_pool', 'kernel_size': [2]}", 1, 1, 4);
        assertArrayEquals(new double[] {1.5, 3.5}, Ops.magnitude(pool, new int[] {1, 1, 4}, Tensor.of(new int[] {1, 1, 4},
                new double[] {1, 2, 3, 4})).data());
        Layer up = read("{'op': 'upsample', 'mode': 'nearest', 'scale_factor': 2}", 1, 1, 2);
        assertArrayEquals(new double[] {1, 1, 2, 2}, Ops.magnitude(up, shape, Tensor.of(shape, new double[] {1, 2}))
                .data());
        assertArrayEquals(new double[] {3, 7}, Ops.magnitudeOfBackward(up, shape, Tensor.of(new int[] {1, 1, 4},
                new double[] {1, 2, 3, 4})).data());
    }

    @Test
    void aSequentialNeedsAListOfLayerObjects() {
        InvalidSpecException missing = refused("{'op': 'sequential'}", 1, 1, 4);
        assertEquals("layers", missing.field());
        assertEquals("layers must be a list of at least one layer object but was missing", missing.getMessage());
        assertEquals("layers must be a list of at least one layer object but was []",
                refused("{'op': 'sequential', 'layers': []}", 1, 1, 4).getMessage());
        assertEquals("layers must be a list of at least one layer object but was 3",
                refused("{'op': 'sequential', 'layers': 3}", 1, 1, 4).getMessage());
        // the value is shown up to 60 characters, longer ones cut to 57 and "..."
        String sixty = "\"" + "a".repeat(58) + "\"";
        assertEquals("layers must be a list of at least one layer object but was " + sixty,
                refused("{'op': 'sequential', 'layers': " + sixty + "}", 1, 1, 4).getMessage());
        String longer = "\"" + "b".repeat(59) + "\"";
        assertEquals("layers must be a list of at least one layer object but was " + longer.substring(0, 57) + "...",
                refused("{'op': 'sequential', 'layers': " + longer + "}", 1, 1, 4).getMessage());
        InvalidSpecException number = refused("{'op': 'sequential', 'layers': [" + SCALE + ", 7]}", 1, 1, 4);
        assertEquals("layers[1]", number.field());
        assertEquals("layers[1] must be a layer object with an \"op\" but was 7", number.getMessage());
    }

    /** A nested layer's errors carry its path, whether the op named its field with the prefix or not. */
    @Test
    void aNestedLayersErrorsNameItsPath() {
        InvalidSpecException own = refused("{'op': 'sequential', 'layers': [" + SCALE + ", {'op': 'pixel_shuffle'}]}",
                1, 1, 4);
        assertEquals("layers[1].upscale_factor", own.field());
        assertTrue(own.getMessage().startsWith("layers[1].upscale_factor "), own.getMessage());
        // avg_pool's kernel_size 2 needs the input's rank, which a 1 x 1 shape does not give: an "input" error
        InvalidSpecException input = refused("{'op': 'sequential', 'layers': [{'op': 'avg_pool', 'kernel_size': 2}]}",
                1, 1);
        assertEquals("layers[0].input", input.field());
        assertTrue(input.getMessage().startsWith("layers[0]: input must be [N, C, *spatial]"), input.getMessage());
        InvalidSpecException unknown = refused("{'op': 'sequential', 'layers': [{'op': 'pixel_shuffle', "
                + "'upscale_factor': 2, 'colour': 1}]}", 1, 4, 2, 2);
        assertEquals("layers[0].colour", unknown.field());
    }

    /** Each layer is read with its predecessor's output shape: max_unpool's indices must match it. */
    @Test
    void aSequentialThreadsTheShapeThroughItsLayers() {
        SequentialSpec chain = (SequentialSpec) read("{'op': 'sequential', 'layers': [{'op': 'pixel_shuffle', "
                + "'upscale_factor': 2}, {'op': 'max_unpool', 'kernel_size': 2, 'indices': {'shape': [1, 1, 2, 2], "
                + "'data': [0, 3, 12, 15]}}]}", 1, 4, 1, 1);
        assertEquals(2, chain.layers().size());
        assertArrayEquals(new int[] {1, 1, 2, 2}, ((MaxUnpoolSpec) chain.layers().get(1)).indicesShape());
        assertArrayEquals(new int[] {1, 1, 4, 4}, chain.outputShape(new int[] {1, 4, 1, 1}));
    }

    @Test
    void anUpsampleNeedsTheInputShape() {
        InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> Ops.read(CaseFields.of(JSON.readTree(
                "{\"op\": \"upsample\", \"mode\": \"nearest\", \"scale_factor\": 2}"), ""), null));
        assertEquals("input", e.field());
        assertEquals("input.shape is needed to read an upsample (its length gives the number of spatial dimensions) "
                + "but is unknown", e.getMessage());
    }

    private static String zeros(int n) {
        return String.join(", ", java.util.Collections.nCopies(n, "0"));
    }
}
