package org.convmatrix.verify;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.convmatrix.io.CaseFile;
import org.convmatrix.lower.LoweredLayer;
import org.convmatrix.operator.MatrixFreeLayer;
import org.convmatrix.ops.Ops;
import org.convmatrix.reference.DirectConvolution;
import org.convmatrix.reference.ScatterTransposedConvolution;
import org.convmatrix.reference.ZeroInsertionTransposedConvolution;
import org.convmatrix.sparse.CscMatrix;
import org.convmatrix.sparse.CscOps;
import org.convmatrix.spec.AxisArithmetic;
import org.convmatrix.spec.ConvLayer;
import org.convmatrix.spec.ConvSpec;
import org.convmatrix.spec.Layer;
import org.convmatrix.spec.Op;
import org.convmatrix.spec.Padding;
import org.convmatrix.spec.PaddingMode;
import org.convmatrix.spec.SequentialSpec;
import org.convmatrix.spec.Tensor;

/**
 * Every check that applies to a case, as {@code verify} runs them: the matrix against the direct
 * implementations, the transposed layer against {@code Wᵀ}, the adjoint identity, the shape round trip,
 * and the reference output when the case has one. Comparisons use bounds derived from the data
 * ({@link Comparison}, {@link DotTest}), never a fixed epsilon. Stateless and thread-safe.
 */
public final class CaseChecks {
    private CaseChecks() {
    }

    /** Runs all checks on a validated case; {@code seed} fixes the random vectors of the identities. */
    public static List<CheckResult> run(CaseFile c, long seed) {
        Layer layer = c.layer();
        int[] inShape = c.inputShape();
        LoweredLayer lowered = Ops.lower(layer, inShape);
        Tensor x = c.input() != null ? c.input() : Tensor.ofOwned("input", inShape, randomVector(count(inShape), seed));
        Tensor viaMatrix = lowered.apply(x);
        Tensor absolute = Magnitudes.forward(layer, inShape, Magnitudes.abs(x));
        long terms = Magnitudes.terms(layer, inShape);
        List<CheckResult> out = new ArrayList<>();

        Comparison.Outcome direct = Comparison.compare(viaMatrix, Ops.forward(layer, x), absolute, terms);
        out.add(CheckResult.of("matrix vs direct", direct.passed(), "A*x + b against the direct " + layer.op()
                + (c.input() == null ? " on a random input of the case's shape" : "") + ", " + direct));
        if (layer instanceof ConvLayer) {
            out.addAll(convolutionChecks((ConvLayer) layer, lowered, x, viaMatrix, absolute, terms, seed));
        }
        out.add(adjointAgainstDirect(c, lowered, seed));
        out.add(adjoint(lowered.stored(), seed));
        if (lowered.backwardDiffers()) {
            out.add(new CheckResult("backward = A^T", CheckResult.Status.SKIP, "PyTorch 1.13's backward of this layer is "
                    + "not the transpose of its forward (its upsampling backward kernel takes the float32 nearest_idx "
                    + "geometry where the forward took the generic one, or copies where bicubic's forward "
                    + "interpolates), so grad_input = B^T*g with B != A ("
                    + differingEntries(lowered) + "); --adjoint and the checks below follow PyTorch"));
        }
        if (layer instanceof ConvLayer) {
            out.add(roundTripShape((ConvLayer) layer, x));
        }
        out.add(expected(c, viaMatrix, absolute, terms));
        out.add(expectedGradInput(c, lowered));
        return out;
    }

    private static List<CheckResult> convolutionChecks(ConvLayer layer, LoweredLayer lowered, Tensor x,
            Tensor viaMatrix, Tensor absolute, long terms, long seed) {
        List<CheckResult> out = new ArrayList<>();
        if (layer.spec().op() == Op.CONV) {
            out.add(transposedOfConv(layer, lowered, seed));
        } else {
            Comparison.Outcome textbook = Comparison.compare(viaMatrix,
                    ZeroInsertionTransposedConvolution.apply(layer, x), absolute, terms);
            out.add(CheckResult.of("transposed vs W^T", textbook.passed(),
                    "W^T*y + b against the zero-insertion (textbook) transposed convolution, " + textbook));
        }
        Comparison.Outcome free = Comparison.compare(viaMatrix, MatrixFreeLayer.apply(layer, x), absolute, terms);
        out.add(CheckResult.of("matrix-free vs matrix", free.passed(),
                "the layer applied without storing W against the matrix path, " + free));
        return out;
    }

    /** {@code Aᵀ·g} through the matrix against the op's direct backward, on the case's grad_output or a random one. */
    private static CheckResult adjointAgainstDirect(CaseFile c, LoweredLayer lowered, long seed) {
        Layer layer = c.layer();
        int[] inShape = c.inputShape();
        int[] outShape = lowered.outputShape();
        Tensor g = c.gradOutput() != null ? c.gradOutput()
                : Tensor.ofOwned("grad_output", outShape, randomVector(count(outShape), seed + 4));
        Tensor viaMatrix = lowered.applyAdjoint(g);
        Tensor absolute = Magnitudes.backward(layer, inShape, Magnitudes.abs(g));
        Comparison.Outcome o = Comparison.compare(viaMatrix, Ops.backward(layer, inShape, g), absolute,
                Magnitudes.terms(layer, inShape));
        return CheckResult.of("adjoint vs direct", o.passed(), "A^T*g against the direct backward of " + layer.op()
                + (c.gradOutput() == null ? " on a random g" : " on the case's grad_output") + ", " + o);
    }

    private static CheckResult expected(CaseFile c, Tensor viaMatrix, Tensor absolute, long terms) {
        if (c.expected() == null) {
            return new CheckResult("expected", CheckResult.Status.SKIP, "the case has no expected output");
        }
        if (c.input() == null) {
            return new CheckResult("expected", CheckResult.Status.SKIP, "the case gives only input.shape");
        }
        boolean single = float32Case(c);
        Comparison.Outcome o = Comparison.compare(viaMatrix, c.expected(), absolute, terms,
                single ? FLOAT32_UNIT_ROUNDOFF : DotTest.U);
        return CheckResult.of("expected", o.passed(), "matrix result against the case's expected output"
                + (single ? FLOAT32_NOTE : "") + ", " + o);
    }

    private static CheckResult expectedGradInput(CaseFile c, LoweredLayer lowered) {
        String name = "expected_grad_input";
        if (c.expectedGradInput() == null) {
            return new CheckResult(name, CheckResult.Status.SKIP, "the case has no expected_grad_input");
        }
        if (c.gradOutput() == null) {
            return new CheckResult(name, CheckResult.Status.SKIP, "the case has expected_grad_input but no grad_output");
        }
        Tensor viaMatrix = lowered.applyAdjoint(c.gradOutput());
        Tensor absolute = Magnitudes.backward(c.layer(), c.inputShape(), Magnitudes.abs(c.gradOutput()));
        boolean single = float32Case(c);
        Comparison.Outcome o = Comparison.compare(viaMatrix, c.expectedGradInput(), absolute,
                Magnitudes.terms(c.layer(), c.inputShape()), single ? FLOAT32_UNIT_ROUNDOFF : DotTest.U);
        return CheckResult.of(name, o.passed(), "A^T*grad_output through the matrix against the case's "
                + "expected_grad_input" + (single ? FLOAT32_NOTE : "") + ", " + o);
    }

    private static String differingEntries(LoweredLayer lowered) {
        if ((long) lowered.matrix().rows() * lowered.matrix().cols() > 4_000_000L) {
            return "B and A differ";
        }
        double[][] a = CscOps.toDense(lowered.matrix());
        double[][] b = CscOps.toDense(lowered.backwardMatrix());
        int count = 0;
        for (int r = 0; r < a.length; r++) {
            for (int c = 0; c < a[r].length; c++) {
                count += a[r][c] != b[r][c] ? 1 : 0;
            }
        }
        return count + " entries differ";
    }

    private static final String FLOAT32_NOTE = " (every number of the case is a float32 value: bound for float32 "
            + "arithmetic, u = 2^-24)";

    private static int count(int[] shape) {
        int n = 1;
        for (int e : shape) {
            n = Math.multiplyExact(n, e);
        }
        return n;
    }

    /** The unit roundoff of IEEE single precision, {@code 2⁻²⁴}. */
    static final double FLOAT32_UNIT_ROUNDOFF = 0x1p-24;

    /**
     * @return whether every weight, bias, input and expected value is exactly a float32 number: a case
     *     dumped from a float32 PyTorch layer, whose expected output carries float32 rounding
     */
    static boolean float32Case(CaseFile c) {
        return parametersFloat32(c.layer()) && allFloat32(c.input()) && allFloat32(c.expected())
                && allFloat32(c.gradOutput()) && allFloat32(c.expectedGradInput());
    }

    private static boolean parametersFloat32(Layer layer) {
        if (layer instanceof SequentialSpec) {
            return ((SequentialSpec) layer).layers().stream().allMatch(CaseChecks::parametersFloat32);
        }
        if (layer instanceof ConvLayer) {
            ConvLayer conv = (ConvLayer) layer;
            return allFloat32(conv.weight()) && (!conv.hasBias() || allFloat32(conv.bias()));
        }
        return true;
    }

    private static boolean allFloat32(Tensor t) {
        return t == null || allFloat32(t.data());
    }

    private static boolean allFloat32(double[] v) {
        for (double x : v) {
            if ((double) (float) x != x && !Double.isNaN(x)) {
                return false;
            }
        }
        return true;
    }

    /** @return whether every result passed or was not applicable */
    public static boolean allPassed(List<CheckResult> results) {
        return results.stream().noneMatch(r -> r.status() == CheckResult.Status.FAIL);
    }

    /** For a conv case: the ConvTranspose of the same weights, where PyTorch can express it, equals Wᵀ·y. */
    private static CheckResult transposedOfConv(ConvLayer layer, LoweredLayer lowered, long seed) {
        String name = "transposed vs W^T";
        int[] inShape = lowered.inputShape();
        ConvLayer transposed = transposedOf(layer, layer.inputSpatial(inShape));
        if (transposed == null) {
            return new CheckResult(name, CheckResult.Status.SKIP, "asymmetric or non-zero padding has no ConvTranspose "
                    + "counterpart; W^T is checked by the adjoint identity");
        }
        CscMatrix w = lowered.stored();
        int[] outShape = lowered.outputShape();
        outShape[0] = 1;
        inShape[0] = 1;
        Tensor y = Tensor.ofOwned("y", outShape, randomVector(w.rows(), seed + 1));
        Tensor viaMatrix = Tensor.ofOwned("x", inShape, CscOps.multiplyTranspose(w, y.data()));
        Tensor scatter = ScatterTransposedConvolution.apply(transposed, y);
        Tensor absolute = ScatterTransposedConvolution.apply(AbsoluteLayer.of(transposed), AbsoluteLayer.abs(y));
        Comparison.Outcome o = Comparison.compare(viaMatrix, scatter, absolute, AbsoluteLayer.terms(layer));
        return CheckResult.of(name, o.passed(), "W^T*y against ConvTranspose (same weights, output_padding "
                + Arrays.toString(transposed.spec().outputPadding()) + ") on a random y, " + o);
    }

    private static CheckResult adjoint(CscMatrix w, long seed) {
        DotTest.Report r = DotTest.run(w, randomVector(w.cols(), seed + 2), randomVector(w.rows(), seed + 3));
        return CheckResult.of("adjoint identity", r.passed(), r.toString());
    }

    /**
     * Runs the round trip with the direct implementations: for conv, {@code convT(conv(x))} with
     * output_padding {@code (n + 2p - d(k-1) - 1) mod s} must have the shape of {@code x}; for
     * conv_transpose, {@code conv(convT(y))} has the shape of {@code y} exactly when output_padding is
     * below the stride on every axis.
     */
    private static CheckResult roundTripShape(ConvLayer layer, Tensor input) {
        ConvSpec spec = layer.spec();
        String name = "shape round trip";
        int[] inShape = input.shape();
        if (spec.op() == Op.CONV) {
            ConvLayer transposed = transposedOf(layer, layer.inputSpatial(inShape));
            if (transposed == null) {
                return new CheckResult(name, CheckResult.Status.SKIP,
                        "asymmetric or non-zero padding has no ConvTranspose counterpart");
            }
            Tensor back = ScatterTransposedConvolution.apply(transposed, DirectConvolution.apply(layer, input));
            return CheckResult.of(name, Arrays.equals(back.shape(), inShape), "convT(conv(x)) with output_padding "
                    + Arrays.toString(transposed.spec().outputPadding()) + " has shape " + Arrays.toString(back.shape())
                    + ", x has " + Arrays.toString(inShape) + " (values are not restored: W^T W != I)");
        }
        boolean expectEqual = true;
        int[] pad = new int[spec.dims()];
        for (int a = 0; a < spec.dims(); a++) {
            expectEqual &= spec.outputPadding(a) < spec.stride(a);
            pad[a] = spec.padBefore(a);
        }
        ConvSpec conv = ConvSpec.builder(Op.CONV, spec.outChannels(), spec.inChannels(), spec.kernelSize())
                .groups(spec.groups()).stride(spec.stride()).dilation(spec.dilation()).padding(pad).build();
        Tensor back = DirectConvolution.apply(ConvLayer.of(conv, layer.weight(), null),
                ScatterTransposedConvolution.apply(layer, input));
        boolean equal = Arrays.equals(back.shape(), inShape);
        return CheckResult.of(name, equal == expectEqual, "conv(convT(y)) has shape " + Arrays.toString(back.shape())
                + ", y has " + Arrays.toString(inShape) + (expectEqual ? " (equal, as output_padding < stride)"
                : " (differs where output_padding >= stride, as predicted)"));
    }

    /**
     * @return the ConvTranspose with the same weights whose output has the conv's input shape, or
     *     {@code null} where PyTorch cannot express it (asymmetric or non-zero padding)
     */
    static ConvLayer transposedOf(ConvLayer layer, int[] spatial) {
        ConvSpec spec = layer.spec();
        if (spec.paddingMode() != PaddingMode.ZEROS) {
            return null;
        }
        int d = spec.dims();
        int[] pad = new int[d];
        int[] op = new int[d];
        for (int a = 0; a < d; a++) {
            if (spec.padBefore(a) != spec.padAfter(a)) {
                return null;
            }
            pad[a] = spec.padBefore(a);
            op[a] = AxisArithmetic.roundTripOutputPadding(spatial[a], spec.kernelSize(a), spec.stride(a),
                    spec.dilation(a), pad[a]);
        }
        ConvSpec t = ConvSpec.builder(Op.CONV_TRANSPOSE, spec.outChannels(), spec.inChannels(), spec.kernelSize())
                .groups(spec.groups()).stride(spec.stride()).dilation(spec.dilation()).padding(Padding.symmetric(pad))
                .outputPadding(op).build();
        return ConvLayer.of(t, layer.weight(), null);
    }

    private static double[] randomVector(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextDouble(-1, 1);
        }
        return v;
    }

}
