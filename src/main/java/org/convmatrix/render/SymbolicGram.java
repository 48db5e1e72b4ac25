package org.convmatrix.render;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.convmatrix.sparse.CscMatrix;

/**
 * The entries of {@code WᵀW} or {@code WWᵀ} as simplified polynomials in the weights, for slides:
 * {@code (WᵀW)_{ij} = Σ_r W_{ri} W_{rj}}, where each {@code W_{ri}} is a sum of weights
 * ({@link SymbolicWeights#terms}); the products are expanded and like monomials collected, so that
 * {@code w_{0,0}·w_{0,0} + w_{0,1}·w_{0,1}} prints as {@code w_{0,0}^2 + w_{0,1}^2} and two equal products
 * as {@code 2\,w_{0,0} w_{0,1}}. Monomials are ordered by their weights' flat indices. Stateless and
 * thread-safe.
 */
final class SymbolicGram {
    private SymbolicGram() {
    }

    /**
     * @param s   the symbols of {@code W}
     * @param wtw {@code WᵀW} (Gram matrix of the columns) when true, else {@code WWᵀ} (of the rows)
     * @return the LaTeX cells of the Gram matrix; the caller has checked its side
     */
    static String[][] latexCells(SymbolicWeights s, boolean wtw) {
        return cells(s, wtw, true);
    }

    /** @return the cells as LaTeX ({@code 2\,w_{0} w_{1} + w_{2}^2}) or plain text ({@code 2·w0·w1+w2²}) */
    static String[][] cells(SymbolicWeights s, boolean wtw, boolean latex) {
        Map<Integer, int[]>[] vectors = vectors(s, wtw);
        int n = vectors.length;
        String[][] cells = new String[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                cells[i][j] = text(s, product(vectors[i], vectors[j]), latex);
            }
        }
        return cells;
    }

    /** @return per column (WᵀW) or row (WWᵀ) of W its stored entries: other index -> weight terms */
    @SuppressWarnings("unchecked")
    private static Map<Integer, int[]>[] vectors(SymbolicWeights s, boolean wtw) {
        CscMatrix w = s.pattern();
        Map<Integer, int[]>[] v = new Map[wtw ? w.cols() : w.rows()];
        for (int i = 0; i < v.length; i++) {
            v[i] = new HashMap<>();
        }
        for (int c = 0; c < w.cols(); c++) {
            for (int p = w.colStart(c); p < w.colEnd(c); p++) {
                if (wtw) {
                    v[c].put(w.rowAt(p), s.terms(p));
                } else {
                    v[w.rowAt(p)].put(c, s.terms(p));
                }
            }
        }
        return v;
    }

    /** @return monomial {@code (a, b)}, {@code a <= b}, packed as {@code a·2^32 + b} -> its coefficient */
    private static TreeMap<Long, Integer> product(Map<Integer, int[]> x, Map<Integer, int[]> y) {
        TreeMap<Long, Integer> poly = new TreeMap<>();
        for (Map.Entry<Integer, int[]> e : x.entrySet()) {
            int[] other = y.get(e.getKey());
            if (other == null) {
                continue;
            }
            for (int a : e.getValue()) {
                for (int b : other) {
                    long key = ((long) Math.min(a, b) << 32) | Math.max(a, b);
                    poly.merge(key, 1, Integer::sum);
                }
            }
        }
        return poly;
    }

    private static String text(SymbolicWeights s, TreeMap<Long, Integer> poly, boolean latex) {
        if (poly.isEmpty()) {
            return "0";
        }
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<Long, Integer> m : poly.entrySet()) {
            int a = (int) (m.getKey() >>> 32);
            int b = (int) (m.getKey() & 0xffffffffL);
            sb.append(sb.length() == 0 ? "" : latex ? " + " : "+");
            if (m.getValue() > 1) {
                sb.append(m.getValue()).append(latex ? "\\," : "\u00b7");
            }
            String x = s.name(a, latex);
            sb.append(a == b ? x + (latex ? "^2" : "\u00b2") : x + (latex ? " " : "\u00b7") + s.name(b, latex));
        }
        return sb.toString();
    }
}
