package org.convmatrix.spectral;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.convmatrix.io.CaseFile;
import org.convmatrix.io.CaseReader;
import org.convmatrix.sparse.CscMatrix;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * {@code spectrum}'s certified σ_max interval contains the dense SVD's σ_max for every op, on every PyTorch fixture
 * of {@code src/test/resources/cases/ops/valid} (upsampling of every mode, pixel shuffles, pooling, unpooling, chains
 * and convolutions): the operators come from {@link CaseOperators#of(CaseFile, int)}, the lowered matrix for the
 * ops that are not convolutions. The dense value is trusted within {@code p(m, n)·u·σ_1}, {@code p = (m + n)²}.
 */
class SpectrumOfEveryOpTest {
    @TestFactory
    Stream<DynamicTest> certifiedSigmaMaxContainsTheDenseValue() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("src/test/resources/cases/ops/valid"))) {
            return s.filter(p -> p.toString().endsWith(".json") && !p.getFileName().toString().startsWith("_")).sorted()
                    .toList().stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
                        CaseOperators.Operators ops = CaseOperators.of(CaseReader.read(p), 1);
                        CscMatrix a = ops.matrix();
                        double sigma = DenseSpectrum.of(a, false).max();
                        int maxSteps = Math.min(a.rows(), a.cols()) + 2;
                        Lanczos.Result r = Lanczos.run(ops.a(), ops.absA(), ops.maxRowTerms(), ops.maxColTerms(),
                                new Lanczos.Options(1, 1e-8, maxSteps, 11, 1), null);
                        double err = SpectrumPropertiesTest.denseError(a.rows(), a.cols(), sigma);
                        Interval i = r.sigmaMax();
                        assertTrue(i.lower() <= sigma + err && i.upper() >= sigma - err, p + ": " + i + " vs " + sigma);
                    }));
        }
    }
}
