package org.convmatrix.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The case-format names of {@link Op}, {@link PaddingMode} and {@link UpsampleMode} (each parsed back, any other
 * refused naming the field), the spatial dimensions each upsampling mode fits, what a padding mode reads outside
 * the input, and {@link UpsampleSpec}'s rules between {@code size}, {@code scale_factor} and
 * {@code recompute_scale_factor}.
 */
class ModeNamesTest {
    @Test
    void everyNameParsesBackAndAnyOtherIsRefused() {
        for (Op op : Op.values()) {
            assertEquals(op, Op.fromJson(op.jsonName()));
        }
        for (PaddingMode mode : PaddingMode.values()) {
            assertEquals(mode, PaddingMode.fromJson(mode.jsonName()));
        }
        for (UpsampleMode mode : UpsampleMode.values()) {
            assertEquals(mode, UpsampleMode.named(mode.caseName(), "mode"));
        }
        InvalidSpecException padding = assertThrows(InvalidSpecException.class, () -> PaddingMode.fromJson("mirror"));
        assertEquals("padding_mode", padding.field());
        assertEquals("padding_mode must be one of \"zeros\", \"reflect\", \"replicate\", \"circular\" but was \"mirror\"",
                padding.getMessage());
        InvalidSpecException upsample = assertThrows(InvalidSpecException.class,
                () -> UpsampleMode.named("area", "layers[0].mode"));
        assertEquals("layers[0].mode", upsample.field());
        assertTrue(upsample.getMessage().endsWith("but was \"area\""), upsample.getMessage());
        assertEquals("op", assertThrows(InvalidSpecException.class, () -> Op.fromJson("Conv")).field());
    }

    @Test
    void eachUpsamplingModeFitsItsSpatialDimensions() {
        assertEquals("1 to 3", UpsampleMode.NEAREST.allowedDims());
        assertEquals("2", UpsampleMode.BICUBIC.allowedDims());
        assertEquals("3", UpsampleMode.TRILINEAR.allowedDims());
        assertFalse(UpsampleMode.NEAREST_EXACT.fits(0));
        assertTrue(UpsampleMode.NEAREST_EXACT.fits(1));
        assertTrue(UpsampleMode.NEAREST_EXACT.fits(3));
        assertFalse(UpsampleMode.NEAREST_EXACT.fits(4));
        assertTrue(UpsampleMode.LINEAR.fits(1));
        assertFalse(UpsampleMode.LINEAR.fits(2));
        assertFalse(UpsampleMode.BILINEAR.fits(1));
        assertFalse(UpsampleMode.BILINEAR.fits(3));
        assertFalse(UpsampleMode.NEAREST.interpolating());
        assertFalse(UpsampleMode.NEAREST_EXACT.interpolating());
        assertTrue(UpsampleMode.LINEAR.interpolating());
        assertTrue(UpsampleMode.BICUBIC.interpolating());
        assertEquals("mode \"bilinear\" needs 2 spatial dimension(s) but the input has 3",
                assertThrows(InvalidSpecException.class, () -> UpsampleSpec.checkDims("", UpsampleMode.BILINEAR, 3))
                        .getMessage());
        UpsampleSpec.checkDims("", UpsampleMode.NEAREST, 3);
        assertEquals("input", assertThrows(InvalidSpecException.class,
                () -> UpsampleSpec.checkDims("", UpsampleMode.NEAREST, 0)).field());
    }

    /** On an axis of 4: reflect mirrors without the edge, replicate repeats it, circular wraps, zeros reads none. */
    @Test
    void aPaddingModeReadsTheSourceItsNameSays() {
        int[] positions = {-3, -1, 0, 3, 4, 6};
        int[][] expected = {
            {-1, -1, 0, 3, -1, -1}, // zeros
            {3, 1, 0, 3, 2, 0}, // reflect
            {0, 0, 0, 3, 3, 3}, // replicate
            {1, 3, 0, 3, 0, 2}, // circular
        };
        PaddingMode[] modes = {PaddingMode.ZEROS, PaddingMode.REFLECT, PaddingMode.REPLICATE, PaddingMode.CIRCULAR};
        for (int m = 0; m < modes.length; m++) {
            for (int t = 0; t < positions.length; t++) {
                assertEquals(expected[m][t], modes[m].source(positions[t], 4), modes[m] + " at " + positions[t]);
            }
        }
    }

    @Test
    void exactlyOneOfSizeAndScaleFactorIsGiven() {
        InvalidSpecException neither = assertThrows(InvalidSpecException.class,
                () -> UpsampleSpec.of("layers[2].", UpsampleMode.NEAREST, 1, null, null, false, false));
        assertEquals("layers[2].size", neither.field());
        assertEquals("layers[2].size: exactly one of size and scale_factor is required but neither was given",
                neither.getMessage());
        InvalidSpecException both = assertThrows(InvalidSpecException.class,
                () -> UpsampleSpec.of("layers[2].", UpsampleMode.NEAREST, 1, new int[] {4}, new double[] {2}, false, false));
        assertEquals("layers[2].scale_factor", both.field());
        assertEquals("layers[2].scale_factor must be absent when size is given (exactly one of size and scale_factor)",
                both.getMessage());
        InvalidSpecException recompute = assertThrows(InvalidSpecException.class,
                () -> UpsampleSpec.of("layers[2].", UpsampleMode.NEAREST, 1, new int[] {4}, null, false, true));
        assertEquals("layers[2].recompute_scale_factor", recompute.field());
        InvalidSpecException size = assertThrows(InvalidSpecException.class,
                () -> UpsampleSpec.of("", UpsampleMode.NEAREST, 2, new int[] {4, 0}, null, false, false));
        assertEquals("size[1] must be >= 1 but was 0", size.getMessage());
        assertEquals(1, UpsampleSpec.of(UpsampleMode.NEAREST, 1, new int[] {1}, null, false, false).size()[0]);
    }

    /** The kernel gets the user's factor only when it was given and is not recomputed; otherwise none (NaN). */
    @Test
    void theKernelScaleIsTheGivenFactorUnlessRecomputed() {
        assertEquals(1.5, UpsampleSpec.of(UpsampleMode.LINEAR, 1, null, new double[] {1.5}, false, false).kernelScale(0));
        assertTrue(Double.isNaN(UpsampleSpec.of(UpsampleMode.LINEAR, 1, null, new double[] {1.5}, false, true)
                .kernelScale(0)));
        assertTrue(Double.isNaN(UpsampleSpec.of(UpsampleMode.LINEAR, 1, new int[] {3}, null, false, false)
                .kernelScale(0)));
        UpsampleSpec s = UpsampleSpec.of(UpsampleMode.BICUBIC, 2, null, new double[] {2, 3}, true, false);
        assertEquals(UpsampleMode.BICUBIC, s.mode());
        assertEquals(2, s.dims());
        assertEquals("upsample", s.op());
    }
}
