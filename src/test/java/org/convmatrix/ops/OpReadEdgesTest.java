package org.convmatrix.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.convmatrix.io.CaseFields;
import org.convmatrix.lower.LoweredLayer;
import org.convmatrix.spec.InvalidSpecException;
import org.convmatrix.spec.Layer;
import org.junit.jupiter.api.Test;

/**
 * The edges of reading pooling and upsampling layers that depend on the input's shape (a single {@code kernel_size}
 * for every spatial axis, an upsample's output size checked when it is read), and which upsampling layers carry a
 * second matrix for PyTorch's backward: those whose backward kernel is not the transpose of the forward one.
 */
class OpReadEdgesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Layer read(String json, int[] inputShape) throws java.io.IOException {
        return Ops.read(CaseFields.of(JSON.readTree(json.replace('\'', '"')), ""), inputShape);
    }

    @Test
    void aSingleKernelSizeNeedsAnInputOfOneToThreeSpatialAxes() {
        InvalidSpecException unknown = assertThrows(InvalidSpecException.class,
                () -> read("{'op': 'avg_pool', 'kernel_size': 2}", null));
        assertEquals("input", unknown.field());
        assertEquals("input must be [N, C, *spatial] with 1 to 3 spatial dimensions for avg_pool (kernel_size 2 is "
                + "given for every spatial dimension) but had shape unknown", unknown.getMessage());
        InvalidSpecException four = assertThrows(InvalidSpecException.class,
                () -> read("{'op': 'max_unpool', 'kernel_size': 2}", new int[] {1, 1, 2, 2, 2, 2}));
        assertEquals("input", four.field());
        assertTrue(four.getMessage().endsWith("for max_unpool (kernel_size 2 is given for every spatial dimension) but "
                + "had shape [1, 1, 2, 2, 2, 2]"), four.getMessage());
    }

    /**
     * The mode and the input's rank are checked before the per-axis fields, whose lengths depend on the rank: a
     * bilinear layer on a 1-d input is refused for its mode, not for its two sizes; a nearest layer with
     * {@code align_corners} on a 4-d input for the input.
     */
    @Test
    void theModeAndTheRankAreCheckedFirst() {
        InvalidSpecException mode = assertThrows(InvalidSpecException.class,
                () -> read("{'op': 'upsample', 'mode': 'bilinear', 'size': [4, 4]}", new int[] {1, 1, 4}));
        assertEquals("mode", mode.field(), mode.getMessage());
        InvalidSpecException input = assertThrows(InvalidSpecException.class,
                () -> read("{'op': 'upsample', 'mode': 'nearest', 'size': 2, 'align_corners': false}",
                        new int[] {1, 1, 2, 2, 2, 2}));
        assertEquals("input", input.field(), input.getMessage());
    }

    /** Scale 0.2 on 4 elements: {@code floor(4 · 0.2) = 0} outputs, refused when the layer is read. */
    @Test
    void anUpsampleToNothingIsRefusedWhenRead() {
        assertThrows(InvalidSpecException.class,
                () -> read("{'op': 'upsample', 'mode': 'nearest', 'scale_factor': 0.2}", new int[] {1, 1, 4}));
    }

    private static LoweredLayer lower(String json, int... inputShape) throws java.io.IOException {
        return Ops.lower(read(json, inputShape), inputShape);
    }

    /**
     * Nearest, scale 2.1 on 3 elements (6 outputs): forward {@code floor(o / 2.1) = 0, 0, 0, 1, 1, 2}, PyTorch's
     * backward takes its {@code out = 2·in} shortcut {@code o >> 1 = 0, 0, 1, 1, 2, 2}, so the layer carries the
     * backward's matrix; at scale 2 both are {@code o >> 1} and it does not. Bicubic, scale 1.2 on 2 × 2: the output
     * has the input's size, the forward interpolates with step {@code 1/1.2}, the backward copies. The linear modes'
     * backward is their forward's transpose.
     */
    @Test
    void anUpsampleCarriesPytorchsBackwardMatrixOnlyWhereItDiffers() throws java.io.IOException {
        assertTrue(lower("{'op': 'upsample', 'mode': 'nearest', 'scale_factor': 2.1}", 1, 1, 3).backwardDiffers());
        assertFalse(lower("{'op': 'upsample', 'mode': 'nearest', 'scale_factor': 2}", 1, 1, 3).backwardDiffers());
        assertFalse(lower("{'op': 'upsample', 'mode': 'nearest-exact', 'scale_factor': 2}", 1, 1, 3)
                .backwardDiffers());
        assertTrue(lower("{'op': 'upsample', 'mode': 'bicubic', 'scale_factor': 1.2}", 1, 1, 2, 2).backwardDiffers());
        assertFalse(lower("{'op': 'upsample', 'mode': 'bicubic', 'scale_factor': 2}", 1, 1, 2, 2).backwardDiffers());
        assertFalse(lower("{'op': 'upsample', 'mode': 'linear', 'scale_factor': 2.1}", 1, 1, 3).backwardDiffers());
        assertFalse(lower("{'op': 'upsample', 'mode': 'bilinear', 'scale_factor': 1.2}", 1, 1, 2, 2)
                .backwardDiffers());
    }
}
