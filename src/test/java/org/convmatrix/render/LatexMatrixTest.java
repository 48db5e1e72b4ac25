package org.convmatrix.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.convmatrix.lower.KernelToMatrix;
import org.convmatrix.spec.ConvLayer;
import org.convmatrix.spec.ConvSpec;
import org.convmatrix.spec.Op;
import org.convmatrix.spec.PaddingMode;
import org.junit.jupiter.api.Test;

class LatexMatrixTest {
    static final ConvSpec D2L = ConvSpec.builder(Op.CONV, 1, 1, 2, 2).build();

    /** d2l.ai, "Transposed Convolution", kernel2matrix(K) for K = [[1, 2], [3, 4]] on a 3x3 input. */
    @Test
    void d2lExampleEqualsTheMatrixD2lPrints() {
        String tex = LatexMatrix.numeric(KernelToMatrix.lower(ConvLayer.of(D2L, new double[] {1, 2, 3, 4}, null),
                new int[] {3, 3}).matrix());
        assertEquals("\\begin{pmatrix}\n"
                + "1 & 2 & 0 & 3 & 4 & 0 & 0 & 0 & 0 \\\\\n"
                + "0 & 1 & 2 & 0 & 3 & 4 & 0 & 0 & 0 \\\\\n"
                + "0 & 0 & 0 & 1 & 2 & 0 & 3 & 4 & 0 \\\\\n"
                + "0 & 0 & 0 & 0 & 1 & 2 & 0 & 3 & 4\n"
                + "\\end{pmatrix}\n", tex);
    }

    @Test
    void d2lSymbolic() {
        String tex = LatexMatrix.symbolic(SymbolicWeights.of(D2L, 3, 3), false);
        assertTrue(tex.startsWith("\\begin{pmatrix}\nw_{0,0} & w_{0,1} & 0 & w_{1,0} & w_{1,1} & 0 & 0 & 0 & 0 \\\\\n"),
                tex);
        String t = LatexMatrix.symbolic(SymbolicWeights.of(D2L, 3, 3), true);
        assertTrue(t.startsWith("\\begin{pmatrix}\nw_{0,0} & 0 & 0 & 0 \\\\\nw_{0,1} & w_{0,0} & 0 & 0 \\\\\n"), t);
    }

    @Test
    void reflectEntriesAreSumsOfWeights() {
        ConvSpec spec = ConvSpec.builder(Op.CONV, 1, 1, 3).padding(1).paddingMode(PaddingMode.REFLECT).build();
        SymbolicWeights s = SymbolicWeights.of(spec, 4);
        // output 0 reads x[1], x[0], x[1]: W[0,1] = w0 + w2
        assertEquals("w0+w2", s.plain(0, 1));
        assertEquals("w_{0}+w_{2}", s.latex(0, 1));
        assertEquals("w1", s.plain(0, 0));
        ConvSpec rep = ConvSpec.builder(Op.CONV, 1, 1, 3).padding(2).paddingMode(PaddingMode.REPLICATE).build();
        assertEquals("w0+w1+w2", SymbolicWeights.of(rep, 2).plain(0, 0));
    }

    @Test
    void wideMatricesRaiseMaxMatrixCols() {
        ConvSpec spec = ConvSpec.builder(Op.CONV, 1, 1, 3).build();
        String tex = LatexMatrix.numeric(KernelToMatrix.lower(ConvLayer.of(spec, new double[] {1, 2, 3}, null),
                new int[] {12}).matrix());
        assertTrue(tex.startsWith("\\setcounter{MaxMatrixCols}{12}\n\\begin{pmatrix}\n"), tex);
    }
}
