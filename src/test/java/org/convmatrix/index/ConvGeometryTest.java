package org.convmatrix.index;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.convmatrix.spec.ConvSpec;
import org.convmatrix.spec.Op;
import org.convmatrix.spec.PaddingMode;
import org.junit.jupiter.api.Test;

/** The shared conv geometry: the conv/conv_transpose swap and the padded-position source map, worked by hand. */
class ConvGeometryTest {

    @Test
    void sourceMapOfOneAxisFollowsEachModeDefinition() {
        // n = 3, p = 2 before, 7 padded positions t = 0..6 read t - 2 = -2..4
        int[] padded = {7};
        int[] n = {3};
        int[] p = {2};
        assertArrayEquals(new int[] {-1, -1, 0, 1, 2, -1, -1}, ConvGeometry.sourceMap(padded, n, p, PaddingMode.ZEROS));
        assertArrayEquals(new int[] {2, 1, 0, 1, 2, 1, 0}, ConvGeometry.sourceMap(padded, n, p, PaddingMode.REFLECT));
        assertArrayEquals(new int[] {0, 0, 0, 1, 2, 2, 2}, ConvGeometry.sourceMap(padded, n, p, PaddingMode.REPLICATE));
        assertArrayEquals(new int[] {1, 2, 0, 1, 2, 0, 1}, ConvGeometry.sourceMap(padded, n, p, PaddingMode.CIRCULAR));
    }

    @Test
    void sourceMapOfTwoAxesIsRowMajorAndZeroWhereEitherAxisIs() {
        // 2 x 3 input, padding 1 before on axis 1 only, padded grid 2 x 4
        int[] src = ConvGeometry.sourceMap(new int[] {2, 4}, new int[] {2, 3}, new int[] {0, 1}, PaddingMode.ZEROS);
        assertArrayEquals(new int[] {-1, 0, 1, 2, -1, 3, 4, 5}, src);
    }

    @Test
    void convRowsAreItsOutputAndKeepItsPaddingMode() {
        ConvSpec conv = ConvSpec.builder(Op.CONV, 3, 4, 3, 3).padding(1, 1).paddingMode(PaddingMode.REFLECT).build();
        ConvGeometry g = ConvGeometry.of(conv, new int[] {5, 6});
        assertArrayEquals(new int[] {4, 5, 6}, g.rowShape());
        assertArrayEquals(new int[] {3, 5, 6}, g.colShape());
        assertArrayEquals(new int[] {1, 1}, g.padBefore());
        assertEquals(PaddingMode.REFLECT, g.mode());
    }

    @Test
    void convTransposeSwapsRowsAndColumnsAndReadsZeros() {
        // ConvTranspose2d 3 -> 2, k 4, s 2, p 1 on 5 x 6: output (n - 1)·2 - 2 + 4 = 10 x 12
        ConvSpec t = ConvSpec.builder(Op.CONV_TRANSPOSE, 3, 2, 4, 4).stride(2, 2).padding(1, 1).build();
        ConvGeometry g = ConvGeometry.of(t, new int[] {5, 6});
        assertArrayEquals(new int[] {3, 5, 6}, g.rowShape());
        assertArrayEquals(new int[] {2, 10, 12}, g.colShape());
        assertEquals(PaddingMode.ZEROS, g.mode());
        assertEquals("gather rows 3x[5, 6], cols 2x[10, 12]", g.toString());
    }
}
