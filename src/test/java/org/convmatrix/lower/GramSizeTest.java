package org.convmatrix.lower;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;

import org.convmatrix.sparse.CscMatrix;
import org.convmatrix.sparse.CscOps;
import org.convmatrix.spec.Op;
import org.convmatrix.spec.PaddingMode;
import org.convmatrix.testing.Layers;
import org.convmatrix.testing.Layers.Kind;
import org.convmatrix.testing.Layers.Values;
import org.junit.jupiter.api.Test;

/**
 * The predicted entries of {@code WᵀW} and {@code WWᵀ} ({@link GramSize}) equal those of the structural
 * products on every generated layer with zero padding and every conv_transpose; merged padding predicts
 * nothing (-1).
 */
class GramSizeTest {
    @Test
    void predictedGramEntriesEqualTheProducts() {
        qt().withFixedSeed(0x6A4DL).withExamples(1500).forAll(Layers.cases(Kind.ANY, Values.INTEGERS)).checkAssert(c -> {
            CscMatrix w = KernelToMatrix.lower(c.layer(), c.inputSpatial(), 1).matrix();
            long wtw = KernelToMatrix.predictedGramNnz(c.layer().spec(), c.inputSpatial(), true);
            long wwt = KernelToMatrix.predictedGramNnz(c.layer().spec(), c.inputSpatial(), false);
            if (c.layer().spec().op() == Op.CONV && c.layer().spec().paddingMode() != PaddingMode.ZEROS) {
                assertEquals(-1, wtw, c::toString);
                assertEquals(-1, wwt, c::toString);
                return;
            }
            assertEquals(CscOps.multiply(CscOps.transpose(w), w).nnz(), wtw, () -> "W^T W of " + c);
            assertEquals(CscOps.multiply(w, CscOps.transpose(w)).nnz(), wwt, () -> "W W^T of " + c);
        });
    }

    @Test
    void predictedNnzIsTheClosedFormOfTheFill() {
        qt().withFixedSeed(0x6A4EL).withExamples(1500).forAll(Layers.cases(Kind.ANY, Values.INTEGERS)).checkAssert(c -> {
            CscMatrix w = KernelToMatrix.lower(c.layer(), c.inputSpatial(), 1).matrix();
            long predicted = KernelToMatrix.predictedNnz(c.layer().spec(), c.inputSpatial());
            if (c.layer().spec().op() == Op.CONV && c.layer().spec().paddingMode() != PaddingMode.ZEROS) {
                assertEquals(true, w.nnz() <= predicted, c::toString);
            } else {
                assertEquals(w.nnz(), predicted, c::toString);
            }
        });
    }
}
