package org.convmatrix.spec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * {@link UpsampleSpec}'s own validation, called directly (the case reader checks some fields before it): each
 * limit at its boundary, the error naming the field with the prefix of a nested layer, the value and the range.
 */
class UpsampleSpecLimitsTest {
    private static InvalidSpecException refused(Runnable r) {
        return assertThrows(InvalidSpecException.class, r::run);
    }

    private static UpsampleSpec scaled(double... scale) {
        return UpsampleSpec.of("layers[1].", UpsampleMode.NEAREST, scale.length, null, scale, false, false);
    }

    private static UpsampleSpec sized(int... size) {
        return UpsampleSpec.of("layers[1].", UpsampleMode.NEAREST, size.length, size, null, false, false);
    }

    @Test
    void theModeMustFitTheSpatialDimensions() {
        InvalidSpecException rank = refused(() -> UpsampleSpec.of(UpsampleMode.NEAREST, 4, null,
                new double[] {2, 2, 2, 2}, false, false));
        assertEquals("input", rank.field());
        InvalidSpecException mode = refused(() -> UpsampleSpec.of("layers[1].", UpsampleMode.BILINEAR, 1, null,
                new double[] {2}, false, false));
        assertEquals("layers[1].mode", mode.field());
        assertEquals("layers[1].mode \"bilinear\" needs 2 spatial dimension(s) but the input has 1", mode.getMessage());
    }

    @Test
    void alignCornersAppliesToTheInterpolatingModesOnly() {
        InvalidSpecException e = refused(() -> UpsampleSpec.of("layers[1].", UpsampleMode.NEAREST, 1, null,
                new double[] {2}, true, false));
        assertEquals("layers[1].align_corners", e.field());
        assertEquals(true, UpsampleSpec.of(UpsampleMode.LINEAR, 1, null, new double[] {2}, true, false).alignCorners());
    }

    @Test
    void sizeAndScaleFactorNeedOneEntryPerAxis() {
        InvalidSpecException scale = refused(() -> UpsampleSpec.of("layers[1].", UpsampleMode.NEAREST, 1, null,
                new double[] {2, 2}, false, false));
        assertEquals("layers[1].scale_factor must have 1 entries (one per spatial dimension) but had 2",
                scale.getMessage());
        InvalidSpecException size = refused(() -> UpsampleSpec.of("layers[1].", UpsampleMode.NEAREST, 2, new int[] {4},
                null, false, false));
        assertEquals("layers[1].size", size.field());
    }

    @Test
    void aScaleFactorMustBeFiniteAndPositive() {
        for (double bad : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            InvalidSpecException e = refused(() -> scaled(1, bad));
            assertEquals("layers[1].scale_factor[1] must be a finite number > 0 but was " + bad, e.getMessage());
        }
        assertEquals(Double.MIN_VALUE, scaled(Double.MIN_VALUE).scaleFactor()[0]);
    }

    @Test
    void theInputShapeMustFitTheLayer() {
        assertEquals("layers[1].input", refused(() -> scaled(2).outputShape(new int[] {1, 1, 3, 3})).field());
        InvalidSpecException negative = refused(() -> scaled(2).outputShape(new int[] {-1, 1, 3}));
        assertEquals("layers[1].input.shape[0] must be >= 0 but was -1", negative.getMessage());
        assertArrayEquals(new int[] {0, 1, 6}, scaled(2).outputShape(new int[] {0, 1, 3}), "an empty batch is allowed");
        assertEquals("layers[1].input", refused(() -> scaled(2).outputShape(new int[] {1, 0, 3})).field());
    }

    /** {@code floor(n·scale)} must lie in {@code [1, 2³¹ − 1]}. */
    @Test
    void aScaledOutputSizeMustBeAtLeastOneAndFitAnInt() {
        assertArrayEquals(new int[] {1, 1, 1}, scaled(0.5).outputShape(new int[] {1, 1, 2}));
        InvalidSpecException empty = refused(() -> scaled(0.5).outputShape(new int[] {1, 1, 1}));
        assertEquals("layers[1].scale_factor", empty.field());
        assertEquals("layers[1].scale_factor[0] = 0.5 gives an output size floor(1 · 0.5) = 0 but it must be in [1, "
                + Integer.MAX_VALUE + "]", empty.getMessage());
        assertArrayEquals(new int[] {1, 1, Integer.MAX_VALUE},
                scaled(Integer.MAX_VALUE).outputShape(new int[] {1, 1, 1}));
        assertEquals("layers[1].scale_factor", refused(() -> scaled(2).outputShape(new int[] {1, 1, 1 << 30})).field());
    }

    /** At most {@code 2³¹ − 1} elements per sample (channels times the output sizes), blamed on the given field. */
    @Test
    void anOutputSampleMustFitAnArray() {
        assertArrayEquals(new int[] {1, 1, Integer.MAX_VALUE}, sized(Integer.MAX_VALUE).outputShape(new int[] {1, 1, 1}));
        InvalidSpecException bySize = refused(() -> sized(1 << 16, 1 << 15).outputShape(new int[] {1, 1, 1, 1}));
        assertEquals("layers[1].size", bySize.field());
        InvalidSpecException byScale = refused(() -> scaled(1 << 16, 1 << 15).outputShape(new int[] {1, 1, 1, 1}));
        assertEquals("layers[1].scale_factor", byScale.field());
        assertEquals("layers[1].size", refused(() -> sized(1 << 15, 1 << 15).outputShape(new int[] {1, 2, 1, 1}))
                .field(), "channels count too");
    }

    /** The spec is immutable: arrays are copied in and out, and the one not given reads as null. */
    @Test
    void sizeAndScaleFactorAreCopiesAndTheOtherIsNull() {
        int[] size = {4};
        UpsampleSpec bySize = sized(size);
        size[0] = 9;
        bySize.size()[0] = 7;
        assertArrayEquals(new int[] {4}, bySize.size());
        assertNull(bySize.scaleFactor());
        double[] scale = {2};
        UpsampleSpec byScale = scaled(scale);
        scale[0] = 3;
        byScale.scaleFactor()[0] = 5;
        assertArrayEquals(new double[] {2}, byScale.scaleFactor());
        assertNull(byScale.size());
        assertEquals(false, byScale.recomputeScaleFactor());
        assertEquals(true, UpsampleSpec.of(UpsampleMode.NEAREST, 1, null, new double[] {2}, false, true)
                .recomputeScaleFactor());
    }
}
