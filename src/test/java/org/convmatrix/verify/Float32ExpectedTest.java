package org.convmatrix.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.convmatrix.io.CaseFile;
import org.convmatrix.ops.Ops;
import org.convmatrix.reference.DirectConvolution;
import org.convmatrix.spec.ConvLayer;
import org.convmatrix.spec.ConvSpec;
import org.convmatrix.spec.Layer;
import org.convmatrix.spec.Op;
import org.convmatrix.spec.SequentialSpec;
import org.convmatrix.spec.Tensor;
import org.convmatrix.spec.UpsampleMode;
import org.convmatrix.spec.UpsampleSpec;
import org.junit.jupiter.api.Test;

/**
 * The {@code expected} check of {@code verify}: a case whose every number is a float32 value (a dump of a
 * float32 PyTorch layer) is held to float32's rounding bound; any other case to float64's.
 */
class Float32ExpectedTest {
    private static double[] numbers(SplittableRandom r, int n, boolean float32) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextDouble(-1, 1);
            if (float32) {
                v[i] = (float) v[i];
            }
        }
        return v;
    }

    private static CheckResult expectedCheck(boolean float32Data) {
        SplittableRandom r = new SplittableRandom(5);
        ConvSpec spec = ConvSpec.builder(Op.CONV, 3, 4, 3, 3).padding(1, 1).build();
        ConvLayer layer = ConvLayer.of(spec, numbers(r, 4 * 3 * 9, float32Data), numbers(r, 4, float32Data));
        Tensor x = Tensor.of(new int[] {1, 3, 6, 6}, numbers(r, 3 * 36, float32Data));
        // the reference output rounded to float32, as a float32 layer would return it
        double[] y = DirectConvolution.apply(layer, x).data();
        for (int i = 0; i < y.length; i++) {
            y[i] = (float) y[i];
        }
        CaseFile c = new CaseFile("float32", layer, x, Tensor.of(new int[] {1, 4, 6, 6}, y));
        List<CheckResult> results = CaseChecks.run(c, 1);
        return results.stream().filter(res -> res.name().equals("expected")).findFirst().orElseThrow();
    }

    @Test
    void aFloat32DumpIsHeldToTheFloat32Bound() {
        CheckResult check = expectedCheck(true);
        assertEquals(CheckResult.Status.PASS, check.status(), check.line());
        assertTrue(check.detail().contains("float32"), check.line());
    }

    @Test
    void float64DataWithAFloat32ExpectedOutputFails() {
        CheckResult check = expectedCheck(false);
        assertEquals(CheckResult.Status.FAIL, check.status(), check.line());
    }

    private static Tensor roundedToFloat32(Tensor t) {
        double[] v = t.data();
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) v[i];
        }
        return Tensor.of(t.shape(), v);
    }

    /**
     * The statuses of {@code expected} and {@code expected_grad_input} for a case of {@code layer} with float32
     * input and grad_output whose expected tensors are the exact results rounded to float32, as a float32 layer
     * returns them.
     */
    private static String float32Checks(Layer layer, int[] inShape) {
        SplittableRandom r = new SplittableRandom(11);
        Tensor x = Tensor.of(inShape, numbers(r, count(inShape), true));
        int[] outShape = Ops.lower(layer, inShape).outputShape();
        Tensor g = Tensor.of(outShape, numbers(r, count(outShape), true));
        CaseFile c = new CaseFile("float32", layer, inShape, x, roundedToFloat32(Ops.forward(layer, x)), g,
                roundedToFloat32(Ops.backward(layer, inShape, g)));
        List<CheckResult> results = CaseChecks.run(c, 1);
        String bound = results.stream().filter(res -> res.name().equals("expected_grad_input")).findFirst().orElseThrow()
                .detail().contains("u = 2^-24") ? "" : " (float64 bound)";
        return status(results, "expected") + " " + status(results, "expected_grad_input") + bound;
    }

    private static CheckResult.Status status(List<CheckResult> results, String name) {
        return results.stream().filter(res -> res.name().equals(name)).findFirst().orElseThrow().status();
    }

    private static int count(int[] shape) {
        int n = 1;
        for (int e : shape) {
            n *= e;
        }
        return n;
    }

    private static ConvLayer conv(boolean float32Weights, boolean float32Bias) {
        SplittableRandom r = new SplittableRandom(3);
        ConvSpec spec = ConvSpec.builder(Op.CONV, 2, 3, 3, 3).padding(1, 1).build();
        return ConvLayer.of(spec, numbers(r, 3 * 2 * 9, float32Weights), numbers(r, 3, float32Bias));
    }

    @Test
    void theGradInputOfAFloat32DumpIsHeldToTheFloat32Bound() {
        assertEquals("PASS PASS", float32Checks(conv(true, true), new int[] {1, 2, 5, 5}));
    }

    /** One float64 parameter makes the case a float64 one, held to float64's bound, which float32 rounding fails. */
    @Test
    void float64WeightsOrBiasMakeAFloat64Case() {
        assertEquals("FAIL FAIL (float64 bound)", float32Checks(conv(false, true), new int[] {1, 2, 5, 5}));
        assertEquals("FAIL FAIL (float64 bound)", float32Checks(conv(true, false), new int[] {1, 2, 5, 5}));
    }

    @Test
    void aChainIsFloat32WhenEveryLayerIs() {
        Layer up = UpsampleSpec.of(UpsampleMode.BILINEAR, 2, null, new double[] {1.5, 1.5}, false, false);
        assertEquals("PASS PASS", float32Checks(new SequentialSpec(List.of(conv(true, true), up)),
                new int[] {1, 2, 4, 4}));
        assertEquals("FAIL FAIL (float64 bound)", float32Checks(new SequentialSpec(List.of(up, conv(false, true))),
                new int[] {1, 2, 4, 4}));
    }

    @Test
    void aLayerWithoutParametersIsFloat32WhenItsDataAre() {
        Layer up = UpsampleSpec.of(UpsampleMode.BILINEAR, 2, null, new double[] {1.5, 1.5}, false, false);
        assertEquals("PASS PASS", float32Checks(up, new int[] {1, 2, 4, 4}));
    }
}
