package org.convmatrix.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import java.util.HashMap;
import java.util.Map;
import org.convmatrix.cli.CliRun;
import org.convmatrix.lower.KernelToMatrix;
import org.convmatrix.sparse.CscMatrix;
import org.convmatrix.sparse.CscOps;
import org.convmatrix.spec.ConvLayer;
import org.convmatrix.spec.ConvSpec;
import org.convmatrix.testing.Layers;
import org.junit.jupiter.api.Test;

/** Symbolic WᵀW and WWᵀ, labels and the size refusals of the LaTeX export. */
class LatexGramTest {
    /**
     * Evaluates a cell such as {@code 2\,w_{0,1} w_{1,1} + w_{0,0}^2} at the given weights; a name that is
     * not a weight of the layer fails the test.
     */
    static double evaluate(String cell, Map<String, Double> weights) {
        if (cell.equals("0")) {
            return 0;
        }
        double sum = 0;
        for (String term : cell.split(" \\+ ")) {
            double coefficient = 1;
            int comma = term.indexOf("\\,");
            if (comma >= 0) {
                coefficient = Integer.parseInt(term.substring(0, comma));
                term = term.substring(comma + 2);
            }
            double product;
            if (term.endsWith("^2")) {
                double w = weight(term.substring(0, term.length() - 2), weights);
                product = w * w;
            } else {
                String[] ab = term.split(" ");
                assertEquals(2, ab.length, term);
                product = weight(ab[0], weights) * weight(ab[1], weights);
            }
            sum += coefficient * product;
        }
        return sum;
    }

    private static double weight(String name, Map<String, Double> weights) {
        Double w = weights.get(name);
        assertTrue(w != null, "unknown weight " + name);
        return w;
    }

    @Test
    void symbolicGramEvaluatedAtTheWeightsIsTheNumericGram() {
        qt().withFixedSeed(20261205).withExamples(150).forAll(Layers.cases(Layers.Kind.ANY, Layers.Values.INTEGERS))
                .checkAssert(c -> {
                    ConvSpec spec = c.layer().spec();
                    SymbolicWeights s = SymbolicWeights.of(spec, c.inputSpatial());
                    CscMatrix w = KernelToMatrix.lower(c.layer(), c.inputSpatial()).matrix();
                    double[] values = c.layer().weight().data();
                    Map<String, Double> names = new HashMap<>();
                    for (int j = 0; j < values.length; j++) {
                        names.put(s.name(j, true), values[j]);
                    }
                    for (boolean wtw : new boolean[] {true, false}) {
                        int side = wtw ? w.cols() : w.rows();
                        if (side > LatexMatrix.MAX_SIDE) {
                            assertThrows(IllegalArgumentException.class,
                                    () -> LatexMatrix.symbolicGram(s, wtw, LatexMatrix.Labels.NONE));
                            continue;
                        }
                        String[][] cells = SymbolicGram.latexCells(s, wtw);
                        CscMatrix wt = CscOps.transpose(w);
                        double[][] gram = CscOps.toDense(wtw ? CscOps.multiply(wt, w) : CscOps.multiply(w, wt));
                        for (int i = 0; i < side; i++) {
                            for (int j = 0; j < side; j++) {
                                // integer weights: both sides are exact
                                assertEquals(gram[i][j], evaluate(cells[i][j], names), (wtw ? "WTW" : "WWT") + "["
                                        + i + "," + j + "] = " + cells[i][j] + " of " + spec);
                            }
                        }
                    }
                });
    }

    @Test
    void d2lGramEntriesAreSimplifiedSums() {
        SymbolicWeights s = SymbolicWeights.of(LatexMatrixTest.D2L, 3, 3);
        String[][] wwt = SymbolicGram.latexCells(s, false);
        assertEquals("w_{0,0}^2 + w_{0,1}^2 + w_{1,0}^2 + w_{1,1}^2", wwt[0][0]);
        assertEquals("w_{0,0} w_{0,1} + w_{1,0} w_{1,1}", wwt[0][1]);
        assertEquals("w_{0,1} w_{1,0}", wwt[1][2]); // outputs (0,1) and (1,0) share input (1,1) only
        String[][] wtw = SymbolicGram.latexCells(s, true);
        assertEquals("w_{0,0}^2", wtw[0][0]);
        // a repeated product is collected: reflect padding of a 1x2 kernel on 2 inputs, padding 1
        ConvSpec reflect = ConvSpec.builder(org.convmatrix.spec.Op.CONV, 1, 1, 2).padding(1)
                .paddingMode(org.convmatrix.spec.PaddingMode.REFLECT).build();
        String[][] r = SymbolicGram.latexCells(SymbolicWeights.of(reflect, 2), true);
        assertEquals(evaluateAt(r[0][1], reflect, new double[] {2, 3}), gram(reflect, new double[] {2, 3}, 2)[0][1]);
        assertTrue(String.join(" ", r[0]).contains("\\,"), String.join(" | ", r[0]));
    }

    private static double evaluateAt(String cell, ConvSpec spec, double[] w) {
        Map<String, Double> names = new HashMap<>();
        for (int j = 0; j < w.length; j++) {
            names.put(SymbolicWeights.name(spec.weightShape(), j, true), w[j]);
        }
        return evaluate(cell, names);
    }

    private static double[][] gram(ConvSpec spec, double[] weights, int n) {
        CscMatrix w = KernelToMatrix.lower(ConvLayer.of(spec, weights, null), new int[] {n}).matrix();
        return CscOps.toDense(CscOps.multiply(CscOps.transpose(w), w));
    }

    @Test
    void labelsBorderTheMatrix() {
        CscMatrix m = CscMatrix.wrap(2, 3, new int[] {0, 1, 1, 2}, new int[] {0, 1}, new double[] {1.5, -2});
        String tex = LatexMatrix.numeric(m, new LatexMatrix.Labels(new String[] {"r0", "r1"},
                new String[] {"c0", "c1", "c2"}));
        assertEquals("\\bordermatrix{\n"
                + " & {\\scriptstyle c0} & {\\scriptstyle c1} & {\\scriptstyle c2} \\cr\n"
                + "{\\scriptstyle r0} & 1.5 & 0 & 0 \\cr\n"
                + "{\\scriptstyle r1} & 0 & 0 & -2 \\cr\n"
                + "}\n", tex);
    }

    @Test
    void matrixCommandWritesLabelledGramsAndRefusesWhatTexCannotRead() {
        CliRun ok = CliRun.of("matrix", "--kernel", "2", "--input", "3", "--weights", "symbolic", "--which", "WTW",
                "--format", "latex", "--labels");
        assertEquals(0, ok.exitCode(), ok.toString());
        assertTrue(ok.out().contains("{\\scriptstyle (0,1)} & w_{0} w_{1} & w_{0}^2 + w_{1}^2 & w_{0} w_{1} \\cr"),
                ok.out());
        CliRun big = CliRun.of("matrix", "--kernel", "3", "--input", "65", "--padding", "1", "--format", "latex");
        assertEquals(2, big.exitCode(), big.toString());
        assertTrue(big.err().startsWith("error: --format latex: the matrix is 65 x 65"), big.err());
        // 64 x 64 but each entry of W^T W sums over 120 output channels: rows far longer than TeX's buffer
        CliRun longLines = CliRun.of("matrix", "--kernel", "33", "--padding", "16", "--input", "64", "--out-channels",
                "120", "--weights", "symbolic", "--which", "WTW", "--format", "latex");
        assertEquals(2, longLines.exitCode(), longLines.toString());
        assertTrue(longLines.err().startsWith("error: --format latex: a row of the matrix is "), longLines.err());
    }
}
