package org.convmatrix.verify;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.convmatrix.io.CaseFile;
import org.convmatrix.lower.KernelToMatrix;
import org.convmatrix.lower.LoweredConv;
import org.convmatrix.operator.MatrixFreeLayer;
import org.convmatrix.reference.DirectConvolution;
import org.convmatrix.reference.ScatterTransposedConvolution;
import org.convmatrix.reference.ZeroInsertionTransposedConvolution;
import org.convmatrix.sparse.CscMatrix;
import org.convmatrix.sparse.CscOps;
import org.convmatrix.spec.AxisArithmetic;
import org.convmatrix.spec.ConvLayer;
import org.convmatrix.spec.ConvSpec;
import org.convmatrix.spec.Op;
import org.convmatrix.spec.Padding;
import org.convmatrix.spec.PaddingMode;
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
        ConvLayer layer = c.layer();
        ConvSpec spec = layer.spec();
        int[] spatial = layer.inputSpatial(c.input().shape());
        LoweredConv lowered = KernelToMatrix.lower(layer, spatial);
        Tensor viaMatrix = lowered.apply(c.input());
        Tensor absolute = direct(AbsoluteLayer.of(layer), AbsoluteLayer.abs(c.input()));
        long terms = AbsoluteLayer.terms(layer);
        List<CheckResult> out = new ArrayList<>();

        if (spec.op() == Op.CONV) {
            Comparison.Outcome o = Comparison.compare(viaMatrix, DirectConvolution.apply(layer, c.input()), absolute, terms);
            out.add(CheckResult.of("matrix vs direct", o.passed(), "W*x + b against the direct convolution, " + o));
            out.add(transposedOfConv(layer, lowered, spatial, seed));
        } else {
            Comparison.Outcome scatter = Comparison.compare(viaMatrix,
                    ScatterTransposedConvolution.apply(layer, c.input()), absolute, terms);
            out.add(CheckResult.of("matrix vs direct", scatter.passed(),
                    "W^T*y + b against the scatter transposed convolution, " + scatter));
            Comparison.Outcome textbook = Comparison.compare(viaMatrix,
                    ZeroInsertionTransposedConvolution.apply(layer, c.input()), absolute, terms);
            out.add(CheckResult.of("transposed vs W^T", textbook.passed(),
                    "W^T*y + b against the zero-insertion (textbook) transposed convolution, " + textbook));
        }
        Comparison.Outcome free = Comparison.compare(viaMatrix, MatrixFreeLayer.apply(layer, c.input()), absolute, terms);
        out.add(CheckResult.of("matrix-free vs matrix", free.passed(),
                "the layer applied without storing W against the matrix path, " + free));
        out.add(adjoint(lowered.matrix(), seed));
        out.add(roundTripShape(layer, c.input()));
        if (c.expected() == null) {
            out.add(new CheckResult("expected", CheckResult.Status.SKIP, "the case has no expected output"));
        } else {
            boolean single = float32Case(c);
            Comparison.Outcome o = Comparison.compare(viaMatrix, c.expected(), absolute, terms,
                    single ? FLOAT32_UNIT_ROUNDOFF : DotTest.U);
            out.add(CheckResult.of("expected", o.passed(), "matrix result against the case's expected output"
                    + (single ? " (every number of the case is a float32 value: bound for float32 arithmetic, "
                    + "u = 2^-24)" : "") + ", " + o));
        }
        return out;
    }

    /** The unit roundoff of IEEE single precision, {@code 2⁻²⁴}. */
    static final double FLOAT32_UNIT_ROUNDOFF = 0x1p-24;

    /**
     * @return whether every weight, bias, input and expected value is exactly a float32 number: a case
     *     dumped from a float32 PyTorch layer, whose expected output carries float32 rounding
     */
    static boolean float32Case(CaseFile c) {
        ConvLayer layer = c.layer();
        return allFloat32(layer.weight()) && (!layer.hasBias() || allFloat32(layer.bias()))
                && allFloat32(c.input()) && allFloat32(c.expected());
    }

    private static boolean allFloat32(Tensor t) {
        return allFloat32(t.data());
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

    private static Tensor direct(ConvLayer layer, Tensor input) {
        return layer.spec().op() == Op.CONV ? DirectConvolution.apply(layer, input)
                : ScatterTransposedConvolution.apply(layer, input);
    }

    /** For a conv case: the ConvTranspose of the same weights, where PyTorch can express it, equals Wᵀ·y. */
    private static CheckResult transposedOfConv(ConvLayer layer, LoweredConv lowered, int[] spatial, long seed) {
        String name = "transposed vs W^T";
        ConvLayer transposed = transposedOf(layer, spatial);
        if (transposed == null) {
            return new CheckResult(name, CheckResult.Status.SKIP, "asymmetric or non-zero padding has no ConvTranspose "
                    + "counterpart; W^T is checked by the adjoint identity");
        }
        Tensor y = Tensor.ofOwned("y", prepend(1, lowered.rowShape()), randomVector(lowered.matrix().rows(), seed + 1));
        Tensor viaMatrix = Tensor.ofOwned("x", prepend(1, lowered.colShape()),
                CscOps.multiplyTranspose(lowered.matrix(), y.data()));
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

    private static int[] prepend(int first, int[] rest) {
        int[] r = new int[rest.length + 1];
        r[0] = first;
        System.arraycopy(rest, 0, r, 1, rest.length);
        return r;
    }
}
