package org.convmatrix.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import java.util.OptionalInt;
import org.convmatrix.spec.ConvSpec;
import org.convmatrix.spec.Op;
import org.convmatrix.testing.Layers;
import org.junit.jupiter.api.Test;

class ShapeArithmeticTest {
    /** PyTorch's documented formulas (Conv2d / ConvTranspose2d "Shape" sections), written out independently. */
    static long torchConv(int n, int pb, int pa, int d, int k, int s) {
        return Math.floorDiv(n + pb + pa - d * (k - 1) - 1, s) + 1;
    }

    static long torchConvTranspose(int n, int s, int p, int d, int k, int op) {
        return (long) (n - 1) * s - 2L * p + (long) d * (k - 1) + op + 1;
    }

    @Test
    void formulaAgreesWithPyTorchOnGeneratedLayers() {
        qt().withFixedSeed(0x5A1L).withExamples(2000).forAll(Layers.cases(Layers.Kind.ANY, Layers.Values.INTEGERS)).checkAssert(c -> {
            ConvSpec spec = c.layer().spec();
            int[] n = c.inputSpatial();
            int[] out = spec.outputSpatial(n);
            for (int a = 0; a < spec.dims(); a++) {
                long expected = spec.op() == Op.CONV
                        ? torchConv(n[a], spec.padBefore(a), spec.padAfter(a), spec.dilation(a), spec.kernelSize(a),
                        spec.stride(a))
                        : torchConvTranspose(n[a], spec.stride(a), spec.padBefore(a), spec.dilation(a), spec.kernelSize(a),
                        spec.outputPadding(a));
                assertEquals(expected, out[a]);
                String f = ShapeArithmetic.formula(spec, a, n[a]);
                assertTrue(f.endsWith(" = " + expected), f);
            }
        });
    }

    @Test
    void outputPaddingSolverInvertsTheFormula() {
        qt().withFixedSeed(0x5A2L).withExamples(2000).forAll(Layers.cases(Layers.Kind.CONV_TRANSPOSE, Layers.Values.INTEGERS)).checkAssert(c -> {
            ConvSpec spec = c.layer().spec();
            int[] n = c.inputSpatial();
            int[] out = spec.outputSpatial(n);
            for (int a = 0; a < spec.dims(); a++) {
                // solving for the size the layer produces gives back its output_padding
                OptionalInt op = ShapeArithmetic.solveOutputPadding(spec, a, n[a], out[a]);
                assertEquals(spec.outputPadding(a), op.getAsInt());
                // every reachable size is solved to the output_padding that reaches it
                long[] sizes = ShapeArithmetic.reachable(spec, a, n[a]);
                assertEquals(Math.max(spec.stride(a), spec.dilation(a)), sizes.length);
                for (int k = 0; k < sizes.length; k++) {
                    if (sizes[k] < 1) {
                        assertFalse(ShapeArithmetic.solveOutputPadding(spec, a, n[a], sizes[k]).isPresent());
                        continue;
                    }
                    assertEquals(k, ShapeArithmetic.solveOutputPadding(spec, a, n[a], sizes[k]).getAsInt());
                    assertEquals(torchConvTranspose(n[a], spec.stride(a), spec.padBefore(a), spec.dilation(a),
                            spec.kernelSize(a), k), sizes[k]);
                }
                // sizes just outside the reachable range have no legal output_padding
                assertFalse(ShapeArithmetic.solveOutputPadding(spec, a, n[a], sizes[0] - 1).isPresent());
                assertFalse(ShapeArithmetic.solveOutputPadding(spec, a, n[a], sizes[sizes.length - 1] + 1).isPresent());
            }
        });
    }

    @Test
    void workedExampleFromTheIssue() {
        ConvSpec spec = ConvSpec.builder(Op.CONV, 2, 4, 3, 3).groups(2).stride(2, 1).padding(1, 0).dilation(1, 2).build();
        assertEquals("floor((7 + 1 + 1 - 1*(3-1) - 1) / 2) + 1 = 4", ShapeArithmetic.formula(spec, 0, 7));
        assertEquals("floor((6 + 0 + 0 - 2*(3-1) - 1) / 1) + 1 = 2", ShapeArithmetic.formula(spec, 1, 6));
    }
}
