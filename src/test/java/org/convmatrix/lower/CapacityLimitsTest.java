package org.convmatrix.lower;

import org.convmatrix.spec.ArrayLimits;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.convmatrix.spec.ConvLayer;
import org.convmatrix.spec.ConvSpec;
import org.convmatrix.spec.InvalidSpecException;
import org.convmatrix.spec.Op;
import org.junit.jupiter.api.Test;

/**
 * Layers too large for {@code int} indices or for the heap are refused before anything of the size of
 * {@code W} is allocated, with a message that points to the matrix-free operator.
 */
class CapacityLimitsTest {
    private static ConvLayer layer(int in, int out, int k) {
        ConvSpec spec = ConvSpec.builder(Op.CONV, in, out, k, k).padding(k / 2, k / 2).build();
        return ConvLayer.of(spec, new double[in * out * k * k], null);
    }

    @Test
    void moreNonzerosThanAnArrayHoldsIsRefusedWithTheCount() {
        // 512 * 512 channel pairs * (3 * 128 - 2)^2 spatial pairs (padding 1 loses one tap per border) = 3.8e10
        InvalidSpecException e = assertThrows(InvalidSpecException.class,
                () -> KernelToMatrix.lower(layer(512, 512, 3), new int[] {128, 128}));
        assertEquals("input", e.field());
        assertTrue(e.getMessage().contains("38253101056 nonzeros"), e.getMessage());
        assertTrue(e.getMessage().contains("--via matrix_free"), e.getMessage());
        assertEquals(38253101056L, KernelToMatrix.predictedNnz(layer(512, 512, 3).spec(), new int[] {128, 128}));
    }

    @Test
    void moreRowsThanIntIndexingIsRefused() {
        // a 1x1 kernel on 50000 x 50000: 2.5e9 rows and columns
        InvalidSpecException e = assertThrows(InvalidSpecException.class,
                () -> KernelToMatrix.lower(layer(1, 1, 1), new int[] {50000, 50000}));
        assertTrue(e.getMessage().contains("int indexing"), e.getMessage());
    }

    @Test
    void moreBytesThanTheHeapCanGiveIsRefusedBeforeAllocating() {
        long max = Runtime.getRuntime().maxMemory();
        // nonzeros = 64 * 64 * 9 * n^2 with 12 bytes each: choose n so that W needs about twice the heap,
        // while the count stays below the array limit
        long wanted = Math.min(2 * max / 12, ArrayLimits.MAX_ARRAY - 1L);
        int n = (int) Math.sqrt(wanted / (64.0 * 64 * 9));
        long nnz = KernelToMatrix.predictedNnz(layer(64, 64, 3).spec(), new int[] {n, n});
        assumeTrue(12 * nnz > max, "a heap so large that every int-indexable W fits: nothing to refuse");
        InvalidSpecException e = assertThrows(InvalidSpecException.class,
                () -> KernelToMatrix.lower(layer(64, 64, 3), new int[] {n, n}));
        assertTrue(e.getMessage().contains("-Xmx"), e.getMessage());
        assertTrue(e.getMessage().contains("--via matrix_free"), e.getMessage());
    }
}
