package org.convmatrix.spectral;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import java.util.Arrays;
import org.convmatrix.backend.DenseLinearAlgebra;
import org.convmatrix.operator.LinearOperator;
import org.convmatrix.sparse.CscMatrix;
import org.convmatrix.sparse.CscOps;
import org.convmatrix.spec.ConvLayer;
import org.convmatrix.spec.ConvSpec;
import org.convmatrix.spec.Op;
import org.convmatrix.spec.Padding;
import org.convmatrix.spec.PaddingMode;
import org.convmatrix.testing.GeneratedCase;
import org.convmatrix.testing.Layers;
import org.convmatrix.verify.DotTest;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * The spectral results against a dense SVD of the stored matrix, for generated small layers of every op and
 * padding mode. The dense SVD is backward stable: it returns the singular values of {@code A + E} with
 * {@code ||E||₂ <= p(m, n)·u·||A||₂} (Golub &amp; Van Loan §8.6.3), so by Weyl each computed value is within that
 * of the true one; {@link #denseError} takes {@code p = (m + n)²}, a generous form of the {@code O(mn)}
 * constants of Householder bidiagonalisation plus implicit QR.
 */
class SpectrumPropertiesTest {
    private static final long SEED = 0x5EC7L;

    static double denseError(int m, int n, double sigmaMax) {
        return DotTest.gamma((long) (m + n) * (m + n)) * sigmaMax;
    }

    private static Gen<GeneratedCase> anyLayer() {
        Gen<GeneratedCase> conv = Layers.cases(Layers.Kind.CONV_ANY_PADDING_MODE, Layers.Values.DOUBLES);
        Gen<GeneratedCase> convT = Layers.cases(Layers.Kind.CONV_TRANSPOSE, Layers.Values.DOUBLES);
        return in -> Layers.pick(in, 3) == 0 ? convT.generate(in) : conv.generate(in);
    }

    @Test
    void sigmaMaxIntervalContainsDenseSvdAndMeetsTolerance() {
        qt().withFixedSeed(SEED).withExamples(300).forAll(anyLayer()).checkAssert(c -> {
            CaseOperators.Operators ops = CaseOperators.of(c.layer(), c.inputSpatial(), 1);
            CscMatrix a = ops.matrix();
            DenseSpectrum dense = DenseSpectrum.of(a, false);
            Lanczos.Result r = run(ops, 1, 1e-8);
            Interval s = r.sigmaMax();
            double err = denseError(a.rows(), a.cols(), dense.max());
            String msg = c + ": " + s + " vs dense " + dense.max();
            assertTrue(s.lower() <= dense.max() + err, "lower bound above the dense value: " + msg);
            assertTrue(s.upper() >= dense.max() - err, "upper bound below the dense value: " + msg);
            if (dense.max() > 0) {
                assertTrue(r.converged() && s.relativeWidth() <= 1e-8, "not certified to 1e-8: " + msg);
            }
            assertTrue(r.normBound() >= dense.max() - err, "Hoelder bound below sigma_max: " + msg);
        });
    }

    @Test
    void topKIntervalsContainTheDenseValuesRepeatedOnesIncluded() {
        int k = 3;
        qt().withFixedSeed(SEED + 1).withExamples(150).forAll(anyLayer()).checkAssert(c -> {
            CaseOperators.Operators ops = CaseOperators.of(c.layer(), c.inputSpatial(), 1);
            CscMatrix a = ops.matrix();
            DenseSpectrum dense = DenseSpectrum.of(a, false);
            Lanczos.Result r = run(ops, k, 1e-7);
            double err = denseError(a.rows(), a.cols(), dense.max());
            double[] sv = dense.values();
            for (int i = 0; i < r.top().length; i++) {
                Interval s = r.top()[i];
                double truth = i < sv.length ? sv[i] : 0;
                String msg = c + ": sigma_" + (i + 1) + " in " + s + " vs dense " + truth;
                assertTrue(s.lower() <= truth + err, "lower bound above the dense value: " + msg);
                assertTrue(s.upper() >= truth - err, "upper bound below the dense value: " + msg);
            }
        });
    }

    @Test
    void circularSpectrumEqualsDenseSvdOfTheCircularLayer() {
        qt().withFixedSeed(SEED + 2).withExamples(150).forAll(circularLayers()).checkAssert(c -> {
            CscMatrix a = CaseOperators.of(c.layer(), c.inputSpatial(), 1).matrix();
            double[] dense = DenseSpectrum.of(a, false).values();
            double[] circ = CircularSpectrum.all(c.layer(), c.inputSpatial());
            assertEquals(dense.length, circ.length, c.toString());
            int kMax = Math.max(c.layer().spec().outChannels(), c.layer().spec().inChannels());
            double err = denseError(a.rows(), a.cols(), dense[0]) + denseError(2 * kMax, 2 * kMax, dense[0])
                    + DotTest.gamma(4L * c.layer().spec().kernelVolume() + 8) * NormBounds.frobenius(CscOps.toDense(a));
            for (int i = 0; i < dense.length; i++) {
                assertEquals(dense[i], circ[i], 2 * err, c + ": value " + i);
            }
            assertEquals(circ[0], CircularSpectrum.max(c.layer(), c.inputSpatial(), 2), 2 * err, "max: " + c);
        });
    }

    @Test
    void frobeniusAndReshapedKernelBoundSigmaMaxFromAbove() {
        qt().withFixedSeed(SEED + 3).withExamples(300).forAll(anyLayer()).checkAssert(c -> {
            CaseOperators.Operators ops = CaseOperators.of(c.layer(), c.inputSpatial(), 1);
            CscMatrix a = ops.matrix();
            double sigma = DenseSpectrum.of(a, false).max();
            double err = denseError(a.rows(), a.cols(), sigma);
            double fro = NormBounds.frobenius(CscOps.toDense(a));
            assertTrue(fro >= sigma - err, c + ": Frobenius " + fro + " < " + sigma);
            double zf = NormBounds.frobeniusZeroPadding(ops);
            if (!Double.isNaN(zf)) {
                assertEquals(fro, zf, DotTest.gamma(a.rows() + a.cols() + ops.maxRowTerms() + 4L) * fro * 2, c.toString());
                assertTrue(zf >= fro * (1 - DotTest.gamma(a.rows() * (long) a.cols())), c + ": rounded-up Frobenius below");
            }
            double rk = NormBounds.reshapedKernel(c.layer(), c.inputSpatial());
            PaddingMode mode = c.layer().spec().paddingMode();
            assertEquals(mode == PaddingMode.ZEROS, mode == PaddingMode.ZEROS && !Double.isNaN(rk), c.toString());
            if (!Double.isNaN(rk)) {
                assertTrue(rk >= sigma - err - denseError(64, 64, rk), c + ": reshaped kernel " + rk + " < " + sigma);
            }
        });
    }

    @Test
    void nullSpaceWitnessesAreMappedToZeroWhenRowsAreFewerThanColumns() {
        qt().withFixedSeed(SEED + 4).withExamples(150).forAll(anyLayer()).assuming(c -> {
            LinearOperator a = CaseOperators.of(c.layer(), c.inputSpatial(), 1).a();
            return a.rows() < a.cols();
        }).checkAssert(c -> {
            CaseOperators.Operators ops = CaseOperators.of(c.layer(), c.inputSpatial(), 1);
            CscMatrix m = ops.matrix();
            DenseSpectrum dense = DenseSpectrum.of(m, true);
            double err = denseError(m.rows(), m.cols(), dense.max());
            double[] v = dense.nullVector();
            assertTrue(v != null, c + ": rows < cols must leave a null space");
            assertTrue(NullSpaceWitness.ratio(ops.a(), v, 1) <= err + DotTest.gamma(ops.maxRowTerms() + 1L) * ops.matrix()
                    .rows() * dense.max(), c + ": dense null vector");
            double tol = 1e-12;
            NullSpaceWitness.Witness w = NullSpaceWitness.of(ops.a(), 7, tol, 20 * m.cols(), 1);
            double nx = norm(w.x());
            assertTrue(nx > 0, c + ": zero witness");
            // x = z − x̂ with A x̂ ≈ A z: ||A x|| is LSQR's residual, <= tol·(||Az|| + ||A||_F·||x̂||) at its stop
            double fro = NormBounds.frobenius(CscOps.toDense(m));
            double az = fro * Math.sqrt(m.cols());
            double bound = 2 * tol * (az + fro * (Math.sqrt(m.cols()) + nx)) / nx + err;
            assertTrue(w.ratio() <= bound, c + ": ||Ax||/||x|| = " + w.ratio() + " > " + bound);
        });
    }

    @Test
    void warmStartedSigmaMaxIntervalContainsDenseSvd() {
        Gen<GeneratedCase> zeros = stride1Layers(PaddingMode.ZEROS);
        Gen<GeneratedCase> circular = stride1Layers(PaddingMode.CIRCULAR);
        Gen<GeneratedCase> both = in -> Layers.pick(in, 2) == 0 ? zeros.generate(in) : circular.generate(in);
        qt().withFixedSeed(SEED + 5).withExamples(150).forAll(both).checkAssert(c -> {
            CaseOperators.Operators ops = CaseOperators.of(c.layer(), c.inputSpatial(), 1);
            CscMatrix a = ops.matrix();
            DenseSpectrum dense = DenseSpectrum.of(a, false);
            double[] start = WarmStart.of(ops, 3, 1);
            Lanczos.Result r = Lanczos.run(ops.a(), ops.absA(), ops.maxRowTerms(), ops.maxColTerms(),
                    new Lanczos.Options(1, 1e-8, Math.min(a.rows(), a.cols()) + 2, 3, 1, start), null);
            double err = denseError(a.rows(), a.cols(), dense.max());
            String msg = c + ": " + r.sigmaMax() + " vs dense " + dense.max();
            assertTrue(r.sigmaMax().lower() <= dense.max() + err && r.sigmaMax().upper() >= dense.max() - err, msg);
            // below 24 positions per axis the coarse search visits every frequency: the exact circular maximum
            double exact = CircularSpectrum.max(c.layer(), c.inputSpatial(), 1);
            int kMax = 2 * Math.max(c.layer().spec().outChannels(), c.layer().spec().inChannels());
            assertEquals(exact, CircularSpectrum.approximateTop(c.layer(), c.inputSpatial(), 1).sigma(),
                    denseError(kMax, kMax, exact), msg); // the same frequency or its conjugate: equal up to the eigensolver

        });
    }

    private static Lanczos.Result run(CaseOperators.Operators ops, int k, double tol) {
        int maxSteps = Math.min(ops.a().rows(), ops.a().cols()) + 2;
        return Lanczos.run(ops.a(), ops.absA(), ops.maxRowTerms(), ops.maxColTerms(),
                new Lanczos.Options(k, tol, maxSteps, 11, 1), null);
    }

    static double norm(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }

    /** Circular stride-1 convs whose output is as large as the input (the Sedghi et al. setting). */
    static Gen<GeneratedCase> circularLayers() {
        return stride1Layers(PaddingMode.CIRCULAR);
    }

    /** Stride-1 convs whose output is as large as the input, in a padding mode. */
    static Gen<GeneratedCase> stride1Layers(PaddingMode mode) {
        return in -> {
            int d = 1 + Layers.pick(in, 2);
            int groups = 1 + Layers.pick(in, 2);
            int inPer = 1 + Layers.pick(in, 3);
            int outPer = 1 + Layers.pick(in, 3);
            int[] k = new int[d];
            int[] dil = new int[d];
            int[] before = new int[d];
            int[] after = new int[d];
            int[] n = new int[d];
            for (int a = 0; a < d; a++) {
                k[a] = 1 + Layers.pick(in, 3);
                dil[a] = 1 + Layers.pick(in, 2);
                int span = dil[a] * (k[a] - 1);
                before[a] = Layers.pick(in, span + 1);
                after[a] = span - before[a];
                int minN = Math.max(1, Math.max(before[a], after[a]));
                n[a] = minN + Layers.pick(in, d == 1 ? 8 : 4);
            }
            ConvSpec spec = ConvSpec.builder(Op.CONV, groups * inPer, groups * outPer, k).groups(groups).dilation(dil)
                    .padding(Padding.pairs(before, after)).paddingMode(mode).build();
            double[] w = Layers.numbers(in, Layers.Values.DOUBLES, spec.kernelVolume() * spec.weightShape()[0]
                    * spec.weightShape()[1]);
            int[] shape = new int[d + 2];
            shape[0] = 1;
            shape[1] = spec.inChannels();
            System.arraycopy(n, 0, shape, 2, d);
            int size = Arrays.stream(shape).reduce(1, (x, y) -> x * y);
            return new GeneratedCase(ConvLayer.of(spec, w, null), org.convmatrix.spec.Tensor.of(shape,
                    Layers.numbers(in, Layers.Values.DOUBLES, size)));
        };
    }

    @Test
    void denseSvdAgreesWithItsOwnReconstructionOnAKnownMatrix() {
        double[][] a = {{3, 0}, {0, -4}, {0, 0}};
        assertEquals(4, DenseLinearAlgebra.singularValues(a)[0], 1e-15);
        assertEquals(3, DenseLinearAlgebra.singularValues(a)[1], 1e-15);
    }
}
