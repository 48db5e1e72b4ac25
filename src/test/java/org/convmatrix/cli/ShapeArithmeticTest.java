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

    /**
     * PyTorch 1.13's {@code _ConvTransposeNd._output_padding}, transcribed: sizes from
     * {@code min = (n-1)s - 2p + d(k-1) + 1} to {@code min + s - 1} are accepted, giving {@code size - min};
     * any other size raises ("requested an output size of ..., but valid sizes range from ... to ...").
     */
    static OptionalInt torchOutputPadding(int n, int s, int p, int d, int k, long size) {
        long min = (long) (n - 1) * s - 2L * p + (long) d * (k - 1) + 1;
        long max = min + s - 1;
        return size < min || size > max ? OptionalInt.empty() : OptionalInt.of((int) (size - min));
    }

    @Test
    void outputPaddingSolverIsPytorchsOutputSize() {
        qt().withFixedSeed(20261204).withExamples(2000).forAll(Layers.cases(Layers.Kind.CONV_TRANSPOSE,
                Layers.Values.INTEGERS)).checkAssert(c -> {
                    ConvSpec spec = c.layer().spec();
                    int[] n = c.inputSpatial();
                    for (int a = 0; a < spec.dims(); a++) {
                        long[] sizes = ShapeArithmetic.reachable(spec, a, n[a]);
                        assertEquals(Math.max(spec.stride(a), spec.dilation(a)), sizes.length);
                        for (long size = sizes[0] - 2; size <= sizes[sizes.length - 1] + 2; size++) {
                            OptionalInt torch = torchOutputPadding(n[a], spec.stride(a), spec.padBefore(a),
                                    spec.dilation(a), spec.kernelSize(a), size);
                            OptionalInt ours = ShapeArithmetic.solveOutputPadding(spec, a, n[a], size);
                            if (size < 1) { // PyTorch accepts the size here, then the layer has no output
                                assertFalse(ours.isPresent(), "size " + size);
                            } else {
                                assertEquals(torch, ours, "size " + size + " on axis " + a + " of " + spec);
                            }
                        }
                    }
                });
    }

    @Test
    void aSizeReachedOnlyWithOutputPaddingAtOrAboveTheStrideIsRefused() {
        // stride 1, dilation 3, kernel 3, input 5: output_padding 2 (< dilation) gives 13, PyTorch's output_size refuses it
        ConvSpec spec = ConvSpec.builder(Op.CONV_TRANSPOSE, 1, 1, 3).dilation(3).build();
        assertEquals(13, ShapeArithmetic.reachable(spec, 0, 5)[2]);
        assertFalse(ShapeArithmetic.solveOutputPadding(spec, 0, 5, 13).isPresent());
        assertEquals(0, ShapeArithmetic.solveOutputPadding(spec, 0, 5, 11).getAsInt());
    }

    @Test
    void workedExampleFromTheIssue() {
        ConvSpec spec = ConvSpec.builder(Op.CONV, 2, 4, 3, 3).groups(2).stride(2, 1).padding(1, 0).dilation(1, 2).build();
        assertEquals("floor((7 + 1 + 1 - 1*(3-1) - 1) / 2) + 1 = 4", ShapeArithmetic.formula(spec, 0, 7));
        assertEquals("floor((6 + 0 + 0 - 2*(3-1) - 1) / 1) + 1 = 2", ShapeArithmetic.formula(spec, 1, 6));
    }
}
