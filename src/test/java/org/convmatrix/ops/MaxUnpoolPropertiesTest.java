package org.convmatrix.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import java.util.Arrays;
import org.convmatrix.lower.LoweredLayer;
import org.convmatrix.lower.MaxUnpoolLowering;
import org.convmatrix.sparse.CscMatrix;
import org.convmatrix.sparse.CscOps;
import org.convmatrix.spec.MaxUnpoolSpec;
import org.convmatrix.spec.Tensor;
import org.convmatrix.testing.Layers;
import org.convmatrix.testing.Layers.Values;
import org.convmatrix.testing.OpIdentities;
import org.convmatrix.verify.DotTest;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;

/**
 * Max unpooling of 1 to 3 spatial dimensions, its matrix over the whole batch: against the direct scatter,
 * probing and the direct gather (exact: one term per row and column); its adjoint gathers at the indices;
 * {@code AᵀA = I}; and {@code A = Sᵀ} for the selection matrix {@code S} of the max pool whose indices it takes.
 */
class MaxUnpoolPropertiesTest {
    private static final long SEED = 0x0_4E9_001L;

    /** A generated unpooling with its indices, an input and a gradient that fit it. */
    record UnpoolCase(MaxUnpoolSpec spec, Tensor indices, Tensor input, Tensor grad) {
        @Override
        public String toString() {
            return spec + " indices " + Arrays.toString(indices.data()) + " input " + Arrays.toString(input.data());
        }
    }

    /** Random distinct indices per plane, default or explicit output sizes (spatial, or with N, C). */
    static Gen<UnpoolCase> cases() {
        return in -> {
            PoolDraw g = PoolDraw.of(in);
            int d = g.d;
            int[] k = g.k, s = g.s, p = g.p, shape = g.shape;
            int[] out = new int[d];
            boolean explicit = Layers.pick(in, 2) == 0;
            for (int a = 0; a < d; a++) {
                k[a] = 1 + Layers.pick(in, 3);
                s[a] = 1 + Layers.pick(in, 3);
                int n = 1 + Layers.pick(in, 3);
                shape[a + 2] = n;
                p[a] = Layers.pick(in, ((n - 1) * s[a] + k[a] - n) / 2 + 1); // default output >= n
                int def = (n - 1) * s[a] - 2 * p[a] + k[a];
                int lo = Math.max(n, def - s[a] + 1);
                out[a] = explicit ? lo + Layers.pick(in, def + s[a] - lo) : def;
            }
            int[] outputSize = !explicit ? null : Layers.pick(in, 2) == 0 ? out : withBatch(shape, out);
            Tensor indices = Tensor.of(shape, distinctIndices(in, shape, volume(out)));
            int[] stride = Arrays.equals(s, k) && Layers.pick(in, 2) == 0 ? null : s; // null means the kernel
            MaxUnpoolSpec spec = MaxUnpoolSpec.of(k, stride, p, outputSize, indices);
            Tensor input = Tensor.of(shape, Layers.numbers(in, Values.INTEGERS, volume(shape)));
            int[] outShape = spec.outputShape(shape);
            return new UnpoolCase(spec, indices, input,
                    Tensor.of(outShape, Layers.numbers(in, Values.INTEGERS, volume(outShape))));
        };
    }

    private static int[] withBatch(int[] shape, int[] out) {
        int[] r = new int[out.length + 2];
        r[0] = shape[0];
        r[1] = shape[1];
        System.arraycopy(out, 0, r, 2, out.length);
        return r;
    }

    /** A partial Fisher–Yates shuffle of {@code [0, outPlane)} per plane. */
    private static double[] distinctIndices(RandomnessSource in, int[] shape, int outPlane) {
        int inPlane = volume(Arrays.copyOfRange(shape, 2, shape.length));
        double[] idx = new double[volume(shape)];
        for (int q = 0; q < shape[0] * shape[1]; q++) {
            int[] perm = new int[outPlane];
            for (int i = 0; i < outPlane; i++) {
                perm[i] = i;
            }
            for (int i = 0; i < inPlane; i++) {
                int j = i + Layers.pick(in, outPlane - i);
                int t = perm[i];
                perm[i] = perm[j];
                perm[j] = t;
                idx[q * inPlane + i] = perm[i];
            }
        }
        return idx;
    }

    static int volume(int[] shape) {
        return Arrays.stream(shape).reduce(1, (a, b) -> a * b);
    }

    @Test
    void loweredTimesXEqualsDirectUnpool() {
        qt().withFixedSeed(SEED).withExamples(800).forAll(cases()).checkAssert(c ->
                OpIdentities.matrixTimesXEqualsForward(c.spec(), c.input(), 0, c::toString));
    }

    @Test
    void columnJEqualsUnpoolOfUnitVector() {
        qt().withFixedSeed(SEED).withExamples(200).forAll(cases()).checkAssert(c ->
                OpIdentities.columnJEqualsForwardOfUnitVector(c.spec(), c.input().shape(), c::toString));
    }

    @Test
    void transposeTimesYEqualsDirectBackward() {
        qt().withFixedSeed(SEED).withExamples(800).forAll(cases()).checkAssert(c ->
                OpIdentities.adjointTimesYEqualsBackward(c.spec(), c.input().shape(), c.grad(), 0, c::toString));
    }

    @Test
    void adjointIdentityOfDirectPairHoldsExactly() {
        qt().withFixedSeed(SEED).withExamples(500).forAll(cases()).checkAssert(c -> {
            DotTest.Report r = OpIdentities.directPairAdjointIdentity(c.spec(), c.input().shape(), c.input().data(),
                    c.grad().data());
            assertTrue(r.exact(), () -> c + ": " + r);
        });
    }

    @Test
    void adjointGathersAtTheIndices() {
        qt().withFixedSeed(SEED).withExamples(800).forAll(cases()).checkAssert(c -> {
            CscMatrix a = MaxUnpoolLowering.lower(c.spec(), c.input().shape()).matrix();
            double[] aty = CscOps.multiplyTranspose(a, c.grad().data());
            int inPlane = c.input().size() / (c.input().dim(0) * c.input().dim(1));
            int outPlane = c.grad().size() / (c.input().dim(0) * c.input().dim(1));
            for (int j = 0; j < aty.length; j++) {
                int at = j / inPlane * outPlane + (int) c.indices().get(j);
                assertEquals(c.grad().get(at), aty[j], 0.0, c::toString);
            }
        });
    }

    @Test
    void transposeTimesMatrixIsIdentity() {
        qt().withFixedSeed(SEED).withExamples(500).forAll(cases()).checkAssert(c -> {
            CscMatrix a = MaxUnpoolLowering.lower(c.spec(), c.input().shape()).matrix();
            double[][] ata = CscOps.toDense(CscOps.multiply(CscOps.transpose(a), a));
            for (int i = 0; i < ata.length; i++) {
                for (int j = 0; j < ata.length; j++) {
                    assertEquals(i == j ? 1.0 : 0.0, ata[i][j], 0.0, c::toString);
                }
            }
        });
    }

    @Test
    void unpoolingIsTheAdjointOfThePoolsSelection() {
        qt().withFixedSeed(SEED).withExamples(800).forAll(MaxPools.cases()).checkAssert(m -> {
            MaxUnpoolSpec spec = MaxUnpoolSpec.of(m.kernel(), m.stride(), m.padding(), m.inputSpatial(), m.indices());
            LoweredLayer unpool = Ops.lower(spec, m.indices().shape());
            assertTrue(unpool.wholeBatch(), m::toString);
            double[][] a = CscOps.toDense(unpool.matrix());
            double[][] s = m.selection();
            assertEquals(s.length, a[0].length, m::toString);
            assertEquals(s[0].length, a.length, m::toString);
            for (int i = 0; i < s.length; i++) {
                for (int j = 0; j < s[0].length; j++) {
                    assertEquals(s[i][j], a[j][i], 0.0, m::toString);
                }
            }
        });
    }
}
