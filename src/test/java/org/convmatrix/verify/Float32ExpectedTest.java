package org.convmatrix.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.convmatrix.io.CaseFile;
import org.convmatrix.reference.DirectConvolution;
import org.convmatrix.spec.ConvLayer;
import org.convmatrix.spec.ConvSpec;
import org.convmatrix.spec.Op;
import org.convmatrix.spec.Tensor;
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
}
