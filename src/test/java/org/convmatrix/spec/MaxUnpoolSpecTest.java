package org.convmatrix.spec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link MaxUnpoolSpec}: the shape checks at their limits, the output-size arithmetic as {@code shape} prints it,
 * copies out; and value equality of the pooling specs, on which {@link SequentialSpec}'s (a record's) rests.
 */
class MaxUnpoolSpecTest {
    private static Tensor indices(int[] shape, double... v) {
        return Tensor.of(shape, v);
    }

    private static MaxUnpoolSpec unpool1d(int k, int s, int p, int[] outputSize, int[] shape, double... idx) {
        return MaxUnpoolSpec.of(new int[] {k}, new int[] {s}, new int[] {p}, outputSize, indices(shape, idx));
    }

    private static InvalidSpecException refused(Runnable r) {
        return assertThrows(InvalidSpecException.class, r::run);
    }

    @Test
    void theIndicesMustHaveTheKernelsRank() {
        InvalidSpecException e = refused(() -> unpool1d(2, 2, 0, null, new int[] {1, 2}, 0, 1));
        assertEquals("indices", e.field());
        assertEquals("indices.shape must be [N, C, *spatial] with 1 spatial dimensions (kernel_size has 1) but was [1, 2]",
                e.getMessage());
    }

    /** {@code output_size} has {@code d} or {@code d + 2} entries and lies strictly within a stride of the default. */
    @Test
    void aGivenOutputSizeIsCheckedAgainstTheDefault() {
        InvalidSpecException length = refused(() -> unpool1d(2, 2, 0, new int[] {1, 4}, new int[] {1, 1, 2}, 0, 3));
        assertEquals("output_size must have 1 entries (the spatial sizes) or 3 (with N, C) but had 2",
                length.getMessage());
        assertArrayEquals(new int[] {5}, unpool1d(2, 2, 0, new int[] {1, 1, 5}, new int[] {1, 1, 2}, 0, 3)
                .outputSpatial());
        InvalidSpecException far = refused(() -> unpool1d(2, 2, 0, new int[] {6}, new int[] {1, 1, 2}, 0, 3));
        assertEquals("output_size spatial [0] must be >= 1 and strictly between 2 and 6 (the default 4 -/+ stride 2) "
                + "but was 6", far.getMessage());
    }

    @Test
    void theInputMustHaveTheShapeOfTheIndices() {
        MaxUnpoolSpec u = unpool1d(2, 2, 0, null, new int[] {1, 1, 2}, 0, 3);
        assertArrayEquals(new int[] {1, 1, 4}, u.outputShape(new int[] {1, 1, 2}));
        assertEquals("input", refused(() -> u.outputShape(new int[] {1, 1, 3})).field());
    }

    /** The default {@code (n − 1)·s − 2p + k} may be 1 and {@code 2³¹ − 1}, nothing outside. */
    @Test
    void theDefaultOutputSizeLiesInOneToTheLargestInt() {
        assertArrayEquals(new int[] {1}, unpool1d(1, 1, 0, null, new int[] {1, 1, 1}, 0).outputSpatial());
        assertEquals("input", refused(() -> unpool1d(2, 1, 1, null, new int[] {1, 1, 1}, 0)).field());
        MaxUnpoolSpec widest = unpool1d(1, Integer.MAX_VALUE - 1, 0, null, new int[] {1, 1, 2}, 0, 1);
        assertArrayEquals(new int[] {Integer.MAX_VALUE}, widest.outputSpatial());
        assertEquals("input", refused(() -> unpool1d(2, Integer.MAX_VALUE - 1, 0, null, new int[] {1, 1, 2}, 0, 1))
                .field());
    }

    /** {@code N·C·Π out <= 2³¹ − 1}: the planes count, not only the spatial size. */
    @Test
    void theOutputBatchMustFitAnArray() {
        InvalidSpecException e = refused(() -> unpool1d(1, 1 << 29, 0, null, new int[] {2, 2, 2}, 0, 1, 0, 1, 0, 1, 0, 1));
        assertEquals("input", e.field());
        assertEquals("input: the output [" + ((1 << 29) + 1) + "] of 2x2 planes has more than " + Integer.MAX_VALUE
                + " elements (a tensor's limit)", e.getMessage());
        InvalidSpecException given = refused(() -> unpool1d(1, 1 << 29, 0, new int[] {1 << 29}, new int[] {2, 2, 2},
                0, 1, 0, 1, 0, 1, 0, 1));
        assertEquals("output_size", given.field());
    }

    @Test
    void theShapeFormulaShowsTheDefaultAndAGivenSize() {
        MaxUnpoolSpec dflt = unpool1d(2, 2, 0, null, new int[] {1, 1, 3}, 0, 2, 4);
        assertEquals(List.of("per axis: output_size, default (n - 1)*stride - 2*padding + kernel",
                "  axis 0: (3 - 1)*2 - 2*0 + 2 = 6"), dflt.shapeFormula(new int[] {1, 1, 3}));
        MaxUnpoolSpec given = unpool1d(2, 2, 0, new int[] {7}, new int[] {1, 1, 3}, 0, 2, 4);
        assertEquals("  axis 0: (3 - 1)*2 - 2*0 + 2 = 6; output_size gives 7",
                given.shapeFormula(new int[] {1, 1, 3}).get(1));
        assertEquals(1, given.dims());
        MaxUnpoolSpec padded = unpool1d(3, 2, 1, null, new int[] {1, 1, 3}, 0, 2, 4);
        assertEquals("  axis 0: (3 - 1)*2 - 2*1 + 3 = 5", padded.shapeFormula(new int[] {1, 1, 3}).get(1));
        assertArrayEquals(new int[] {5}, padded.outputSpatial());
    }

    @Test
    void accessorsReturnCopies() {
        MaxUnpoolSpec u = unpool1d(2, 3, 1, null, new int[] {1, 1, 2}, 0, 2);
        u.kernelSize()[0] = 9;
        u.stride()[0] = 9;
        u.padding()[0] = 9;
        u.outputSpatial()[0] = 9;
        u.indicesShape()[0] = 9;
        assertArrayEquals(new int[] {2}, u.kernelSize());
        assertArrayEquals(new int[] {3}, u.stride());
        assertArrayEquals(new int[] {1}, u.padding());
        assertArrayEquals(new int[] {3}, u.outputSpatial()); // (2 - 1)·3 - 2 + 2
        assertArrayEquals(new int[] {1, 1, 2}, u.indicesShape());
    }

    private static void assertValueEquality(Object a, Object same, List<Object> others) {
        assertEquals(a, same);
        assertEquals(a.hashCode(), same.hashCode());
        for (Object o : others) {
            assertNotEquals(a, o, o.toString());
        }
        assertNotEquals(a, "a string");
    }

    @Test
    void poolingSpecsAreEqualExactlyWhenEverySettingIs() {
        MaxUnpoolSpec u = unpool1d(2, 2, 0, null, new int[] {1, 1, 2}, 0, 3);
        assertValueEquality(u, unpool1d(2, 2, 0, null, new int[] {1, 1, 2}, 0, 3), List.of(
                unpool1d(2, 2, 0, null, new int[] {1, 1, 2}, 1, 3),
                unpool1d(2, 2, 0, new int[] {5}, new int[] {1, 1, 2}, 0, 3),
                unpool1d(2, 2, 0, null, new int[] {2, 1, 1}, 0, 1),
                unpool1d(3, 2, 0, null, new int[] {1, 1, 2}, 0, 3),
                unpool1d(2, 3, 0, null, new int[] {1, 1, 2}, 0, 3),
                unpool1d(2, 2, 1, null, new int[] {1, 1, 2}, 0, 1)));
        AvgPoolSpec p = AvgPoolSpec.of(new int[] {2, 2}, null, null, false, true, null);
        assertValueEquality(p, AvgPoolSpec.of(new int[] {2, 2}, new int[] {2, 2}, new int[] {0, 0}, false, true, null),
                List.of(AvgPoolSpec.of(new int[] {2, 2}, null, null, true, true, null),
                        AvgPoolSpec.of(new int[] {2, 2}, null, null, false, false, null),
                        AvgPoolSpec.of(new int[] {2, 2}, null, null, false, true, 3),
                        AvgPoolSpec.of(new int[] {2, 3}, null, null, false, true, null),
                        AvgPoolSpec.of(new int[] {2, 2}, new int[] {1, 2}, null, false, true, null),
                        AvgPoolSpec.of(new int[] {2, 2}, null, new int[] {1, 0}, false, true, null)));
        assertValueEquality(PixelUnshuffleSpec.of(2), PixelUnshuffleSpec.of(2), List.of(PixelUnshuffleSpec.of(3)));
        assertValueEquality(PixelShuffleSpec.of(2), PixelShuffleSpec.of(2), List.of(PixelShuffleSpec.of(3),
                PixelUnshuffleSpec.of(2)));
        assertEquals(new SequentialSpec(List.of(p, p)), new SequentialSpec(List.of(
                AvgPoolSpec.of(new int[] {2, 2}, null, null, false, true, null), p)));
    }

    /**
     * Repeated indices within a plane are refused at the first position that repeats, naming the earlier one; the
     * same index in another plane is allowed. Channel 1 below reads {@code [1, 0, 1, 0]}: position 2 repeats 0.
     */
    @Test
    void theFirstRepeatedIndexOfAPlaneIsNamedWithTheOneItRepeats() {
        Tensor idx = Tensor.of(new int[] {1, 2, 4}, new double[] {0, 1, 2, 3, 1, 0, 1, 0});
        InvalidSpecException e = refused(() -> MaxUnpoolIndices.check(idx, new int[] {4}, "indices"));
        assertEquals("indices.data[6] (batch element 0, channel 1) = 1 repeats indices.data[4]: indices must be "
                + "distinct within the plane of one batch element and channel", e.getMessage());
        Tensor late = Tensor.of(new int[] {1, 1, 5}, new double[] {4, 3, 2, 3, 4});
        assertEquals("indices.data[3] (batch element 0, channel 0) = 3 repeats indices.data[1]: indices must be "
                + "distinct within the plane of one batch element and channel",
                refused(() -> MaxUnpoolIndices.check(late, new int[] {5}, "indices")).getMessage());
        assertArrayEquals(new int[] {0, 1, 0, 1}, MaxUnpoolIndices.check(Tensor.of(new int[] {2, 1, 2},
                new double[] {0, 1, 0, 1}), new int[] {2}, "indices"));
    }

    @Test
    void pixelUnshuffleNeedsFourAxesDividedByTheFactor() {
        assertEquals("input", refused(() -> PixelUnshuffleSpec.of(2).outputShape(new int[] {1, 1, 4})).field());
        InvalidSpecException width = refused(() -> PixelUnshuffleSpec.of(2).outputShape(new int[] {1, 1, 4, 3}));
        assertEquals("downscale_factor = 2 must divide the input's width, but input.shape[3] = 3", width.getMessage());
        InvalidSpecException height = refused(() -> PixelUnshuffleSpec.of(2).outputShape(new int[] {1, 1, 3, 4}));
        assertEquals("downscale_factor = 2 must divide the input's height, but input.shape[2] = 3", height.getMessage());
        assertArrayEquals(new int[] {1, 4, 2, 1}, PixelUnshuffleSpec.of(2).outputShape(new int[] {1, 1, 4, 2}));
    }
}
