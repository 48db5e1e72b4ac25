package org.convmatrix.sparse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@link CscBuffers} grows exactly to what is asked, never shrinks, and predicts its growth to the byte. */
class CscBuffersTest {
    @Test
    void growthIsPredictedToTheByteAndHappensOnlyWhenNeeded() {
        CscBuffers b = new CscBuffers();
        assertEquals(4 + 0 + 0, b.bytes());
        assertTrue(b.fits(0, 0));
        assertFalse(b.fits(1, 0));
        assertFalse(b.fits(0, 1));
        assertEquals(4L * 4 + 4L * 10 + 8L * 10, b.growthBytes(3, 10));
        b.ensure(3, 10);
        assertEquals(4, b.colPtr().length);
        assertEquals(10, b.rowIdx().length);
        assertEquals(10, b.values().length);
        assertEquals(4L * 4 + 4L * 10 + 8L * 10, b.bytes());
        assertTrue(b.fits(3, 10));
        assertTrue(b.fits(2, 9));
        assertFalse(b.fits(4, 10));
        assertFalse(b.fits(3, 11));
        assertEquals(0, b.growthBytes(3, 10));
        assertEquals(4L * 5, b.growthBytes(4, 10));
        assertEquals(4L * 11 + 8L * 11, b.growthBytes(3, 11));
        int[] rows = b.rowIdx();
        b.ensure(2, 5); // never shrinks
        assertSame(rows, b.rowIdx());
        assertEquals(4, b.colPtr().length);
        b.ensurePattern(5, 12);
        assertEquals(6, b.colPtr().length);
        assertEquals(12, b.rowIdx().length);
        assertEquals(10, b.values().length);
        assertFalse(b.fits(5, 12));
        b.ensureValues(12);
        assertTrue(b.fits(5, 12));
    }

    @Test
    void largeBuffersAreAllocatedOnTwoThreadsToTheSameSizes() {
        CscBuffers b = new CscBuffers();
        int nnz = (1 << 22) + 1;
        b.ensure(7, nnz);
        assertEquals(8, b.colPtr().length);
        assertEquals(nnz, b.rowIdx().length);
        assertEquals(nnz, b.values().length);
        assertTrue(b.fits(7, nnz));
    }
}
