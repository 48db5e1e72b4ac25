package org.convmatrix.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.convmatrix.lower.LoweredLayer;
import org.convmatrix.sparse.CscOps;
import org.convmatrix.spec.AvgPoolSpec;
import org.convmatrix.spec.ConvLayer;
import org.convmatrix.spec.ConvSpec;
import org.convmatrix.spec.Layer;
import org.convmatrix.spec.MaxUnpoolSpec;
import org.convmatrix.spec.Op;
import org.convmatrix.spec.PixelShuffleSpec;
import org.convmatrix.spec.PixelUnshuffleSpec;
import org.convmatrix.spec.SequentialSpec;
import org.convmatrix.spec.Tensor;
import org.convmatrix.testing.Dense;
import org.convmatrix.verify.Comparison;
import org.convmatrix.verify.ReferenceBound;
import org.junit.jupiter.api.Test;

/**
 * A sequential's matrix is the product of its layers' matrices, last layer first, with every link lifted to the
 * batch ({@code I_N ⊗ A_i}) when one of them is a {@code max_unpool}; its forward and backward through the matrix
 * equal the layers' direct forwards and backwards applied in turn. Chains of 1 to 4 layers drawn from conv,
 * conv_transpose, avg_pool, pixel_shuffle, pixel_unshuffle and max_unpool on 2-D inputs, shapes threaded by
 * construction.
 */
class SequentialPropertiesTest {
    private static final long SEED = 0x5E0L;

    /** A generated chain and its input. */
    private record Chain(SequentialSpec spec, int[] inputShape, boolean integers) {
        @Override
        public String toString() {
            return java.util.Arrays.toString(inputShape) + " " + spec.layers();
        }
    }

    @Test
    void matrixEqualsTheProductOfTheLayersMatrices() {
        qt().withFixedSeed(SEED).withExamples(400).forAll(integers().all()).checkAssert(seed -> {
            Chain c = chain(new SplittableRandom(seed), true);
            List<int[]> shapes = c.spec().shapes(c.inputShape());
            boolean wholeBatch = false;
            List<LoweredLayer> links = new ArrayList<>();
            for (int i = 0; i < c.spec().layers().size(); i++) {
                LoweredLayer l = Ops.lower(c.spec().layers().get(i), shapes.get(i));
                wholeBatch |= l.wholeBatch();
                links.add(l);
            }
            double[][] product = null;
            for (LoweredLayer l : links) {
                double[][] a = CscOps.toDense(l.matrix());
                if (wholeBatch && !l.wholeBatch()) {
                    a = Dense.blockDiagonal(a, c.inputShape()[0]);
                }
                product = product == null ? a : Dense.multiply(a, product);
            }
            LoweredLayer chain = Ops.lower(c.spec(), c.inputShape());
            assertEquals(wholeBatch, chain.wholeBatch(), c::toString);
            double[][] got = CscOps.toDense(chain.matrix());
            assertEquals(product.length, got.length, c::toString);
            for (int r = 0; r < got.length; r++) {
                assertArrayEquals(product[r], got[r], 0.0, c::toString);
            }
        });
    }

    @Test
    void forwardAndBackwardThroughTheMatrixEqualTheLayersInTurn() {
        qt().withFixedSeed(SEED + 1).withExamples(400).forAll(integers().all()).checkAssert(seed -> {
            SplittableRandom rnd = new SplittableRandom(seed);
            Chain c = chain(rnd, false);
            int[] in = c.inputShape();
            Tensor x = Tensor.of(in, rnd.doubles(count(in), -1, 1).toArray());
            LoweredLayer lowered = Ops.lower(c.spec(), in);
            long t = ReferenceBound.terms(c.spec(), in);
            Comparison.Outcome forward = Comparison.compare(lowered.apply(x), Ops.forward(c.spec(), x),
                    ReferenceBound.absoluteOutput(c.spec(), in, x), t);
            assertTrue(forward.passed(), () -> c + ": " + forward);
            int[] out = lowered.outputShape();
            Tensor g = Tensor.of(out, rnd.doubles(count(out), -1, 1).toArray());
            Comparison.Outcome backward = Comparison.compare(lowered.applyAdjoint(g), Ops.backward(c.spec(), in, g),
                    ReferenceBound.absoluteGradInput(c.spec(), in, g), t);
            assertTrue(backward.passed(), () -> c + ": " + backward);
        });
    }

    /** Draws a chain whose every layer fits the shape the previous one makes. */
    private static Chain chain(SplittableRandom rnd, boolean integersOnly) {
        int n = 1 + rnd.nextInt(2);
        int[] shape = {n, 1 + rnd.nextInt(3), 2 + rnd.nextInt(5), 2 + rnd.nextInt(5)};
        int[] input = shape.clone();
        List<Layer> layers = new ArrayList<>();
        int length = 1 + rnd.nextInt(4);
        while (layers.size() < length) {
            Layer l = layer(rnd, shape, integersOnly);
            if (l != null) {
                layers.add(l);
                shape = l.outputShape(shape);
            }
        }
        return new Chain(new SequentialSpec(layers), input, integersOnly);
    }

    private static Layer layer(SplittableRandom rnd, int[] shape, boolean integersOnly) {
        int c = shape[1];
        int h = shape[2];
        int w = shape[3];
        switch (rnd.nextInt(integersOnly ? 5 : 6)) {
            case 0: {
                int out = 1 + rnd.nextInt(3);
                int k = 1 + rnd.nextInt(Math.min(3, Math.min(h, w)));
                ConvSpec s = ConvSpec.builder(Op.CONV, c, out, k, k).padding(rnd.nextInt(k), rnd.nextInt(k)).build();
                return ConvLayer.of(s, smallIntegers(rnd, out * c * k * k), rnd.nextBoolean() ? smallIntegers(rnd, out) : null);
            }
            case 1: {
                int out = 1 + rnd.nextInt(3);
                int k = 1 + rnd.nextInt(3);
                int stride = 1 + rnd.nextInt(2);
                ConvSpec s = ConvSpec.builder(Op.CONV_TRANSPOSE, c, out, k, k).stride(stride, stride).build();
                return h * stride > 12 || w * stride > 12 ? null
                        : ConvLayer.of(s, smallIntegers(rnd, c * out * k * k), rnd.nextBoolean() ? smallIntegers(rnd, out) : null);
            }
            case 2: {
                int r = 1 + rnd.nextInt(2);
                return c % (r * r) == 0 ? PixelShuffleSpec.of(r) : null;
            }
            case 3: {
                int r = 2;
                return h % r == 0 && w % r == 0 && c * 4 <= 12 ? PixelUnshuffleSpec.of(r) : null;
            }
            case 4:
                return unpool(rnd, shape);
            default: {
                int k = 1 + rnd.nextInt(Math.min(3, Math.min(h, w)));
                int p = rnd.nextInt(k / 2 + 1);
                return AvgPoolSpec.of(new int[] {k, k}, new int[] {1 + rnd.nextInt(2), 1 + rnd.nextInt(2)},
                        new int[] {p, p}, rnd.nextBoolean(), rnd.nextBoolean(), null);
            }
        }
    }

    /** A 2×2, stride-2 unpool with distinct indices in every plane (one element of each window). */
    private static Layer unpool(SplittableRandom rnd, int[] shape) {
        int h = shape[2];
        int w = shape[3];
        if (h * 2 * w * 2 * shape[0] * shape[1] > 400) {
            return null;
        }
        double[] idx = new double[count(shape)];
        int p = 0;
        for (int plane = 0; plane < shape[0] * shape[1]; plane++) {
            for (int i = 0; i < h; i++) {
                for (int j = 0; j < w; j++) {
                    idx[p++] = (2 * i + rnd.nextInt(2)) * (2 * w) + 2 * j + rnd.nextInt(2);
                }
            }
        }
        return MaxUnpoolSpec.of(new int[] {2, 2}, new int[] {2, 2}, new int[] {0, 0}, null, Tensor.of(shape, idx));
    }

    private static double[] smallIntegers(SplittableRandom rnd, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = rnd.nextInt(-3, 4);
        }
        return v;
    }

    private static int count(int[] shape) {
        int n = 1;
        for (int e : shape) {
            n *= e;
        }
        return n;
    }
}
