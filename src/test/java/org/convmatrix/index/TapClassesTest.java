package org.convmatrix.index;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * The tap pattern's classes against the pattern enumerated from its definition: entry {@code (o, i)} with tap
 * {@code j} exists exactly when {@code o·s + j·d − p = i}, {@code 0 <= o < m}, {@code 0 <= j < k}. Per axis, column
 * {@code i} lists its entries by increasing {@code o}; two columns share a class exactly when their lists, shifted by
 * their first output, are equal. In two dimensions column {@code (q0, q1)} holds the products of its axes' entries,
 * row {@code o0·m1 + o1} and tap {@code j0·k1 + j1}, rows increasing.
 */
class TapClassesTest {
    private static final long SEED = 0x7A9L;

    /** One axis: output length, input length, kernel, stride, dilation, padding before. */
    private record Axis(int m, int n, int k, int s, int d, int p) {
        /** @return the entries {@code {o, j}} of column {@code i}, by increasing {@code o} */
        List<int[]> column(int i) {
            List<int[]> e = new ArrayList<>();
            for (int o = 0; o < m; o++) {
                for (int j = 0; j < k; j++) {
                    if (o * s + j * d - p == i) {
                        e.add(new int[] {o, j});
                    }
                }
            }
            return e;
        }

        AxisClasses classes() {
            return AxisClasses.of(m, n, k, s, d, p);
        }
    }

    private static Gen<Axis> axes() {
        return integers().between(1, 4).zip(integers().between(1, 3), integers().between(1, 3),
                integers().between(0, 4), (k, s, d, p) -> new int[] {k, s, d, p})
                .zip(integers().between(1, 9), integers().between(0, 3), (ksdp, n, extra) -> {
                    // m may be any length: short ones leave columns without entries, long ones read past n
                    return new Axis(extra, n, ksdp[0], ksdp[1], ksdp[2], ksdp[3]);
                })
                .map(a -> new Axis(a.m() + a.n() / a.s(), a.n(), a.k(), a.s(), a.d(), a.p()));
    }

    /** @return column {@code i}'s entries shifted by its first output, flattened {@code o - o_first, j, …} */
    private static List<Integer> shape(List<int[]> column) {
        List<Integer> key = new ArrayList<>();
        for (int[] e : column) {
            key.add(e[0] - column.get(0)[0]);
            key.add(e[1]);
        }
        return key;
    }

    @Test
    void eachColumnsClassHoldsItsEntriesShiftedByItsFirstOutput() {
        qt().withFixedSeed(SEED).withExamples(400).forAll(axes()).checkAssert(a -> {
            AxisClasses c = a.classes();
            List<List<Integer>> distinct = new ArrayList<>();
            for (int i = 0; i < a.n(); i++) {
                List<int[]> col = a.column(i);
                int cls = c.classOf(i);
                assertEquals(col.isEmpty() ? 0 : col.get(0)[0], c.firstOutput(i), a + " first output of " + i);
                assertEquals(col.size(), c.size(cls), a + " size of column " + i);
                assertEquals(col.size(), TapPattern.countAxis(i, a.m(), a.k(), a.s(), a.d(), a.p()), a + " count " + i);
                int[] rel = c.relativeOutputs(cls);
                int[] taps = c.taps(cls);
                for (int e = 0; e < col.size(); e++) {
                    assertEquals(col.get(e)[0] - c.firstOutput(i), rel[e], a + " column " + i + " entry " + e);
                    assertEquals(col.get(e)[1], taps[e], a + " column " + i + " tap " + e);
                }
                List<Integer> key = shape(col);
                if (!distinct.contains(key)) {
                    distinct.add(key);
                }
                // classes are numbered in order of first appearance
                assertEquals(distinct.indexOf(key), cls, a + " class of " + i);
            }
            assertEquals(distinct.size(), c.classes(), a + " classes");
        });
    }

    /** Stride 2, kernel 3, padding 1 on 6 inputs, 3 outputs: the classes worked by hand. */
    @Test
    void aStridedAxisHasItsHandWorkedClasses() {
        // column i holds (o, j) with 2o + j - 1 = i: 0:(0,1) 1:(0,2),(1,0) 2:(1,1) 3:(1,2),(2,0) 4:(2,1) 5:(2,2)
        AxisClasses c = AxisClasses.of(3, 6, 3, 2, 1, 1);
        assertEquals(3, c.classes());
        assertArrayEquals(new int[] {0, 1, 0, 1, 0, 2}, new int[] {c.classOf(0), c.classOf(1), c.classOf(2),
            c.classOf(3), c.classOf(4), c.classOf(5)});
        assertArrayEquals(new int[] {0, 0, 1, 1, 2, 2}, new int[] {c.firstOutput(0), c.firstOutput(1), c.firstOutput(2),
            c.firstOutput(3), c.firstOutput(4), c.firstOutput(5)});
        assertArrayEquals(new int[] {0, 1}, c.relativeOutputs(1));
        assertArrayEquals(new int[] {2, 0}, c.taps(1));
        assertArrayEquals(new int[] {2}, c.taps(2));
        // the accessors hand out copies
        c.taps(1)[0] = 9;
        c.relativeOutputs(1)[1] = 9;
        assertArrayEquals(new int[] {2, 0}, c.taps(1));
        assertArrayEquals(new int[] {0, 1}, c.relativeOutputs(1));
        assertEquals("AxisClasses[3 classes over 6 positions: [[1], [2, 0], [2]]]", c.toString());
    }

    @Test
    void twoAxesCombineAsTheKroneckerProductOfTheirColumns() {
        qt().withFixedSeed(SEED + 1).withExamples(200).forAll(axes(), axes()).checkAssert((a0, a1) -> {
            AxisClasses c0 = a0.classes();
            AxisClasses c1 = a1.classes();
            SpatialClasses sc = SpatialClasses.of(new AxisClasses[] {c0, c1}, new int[] {a0.m(), a1.m()},
                    new int[] {a0.k(), a1.k()});
            String at = a0 + " x " + a1;
            assertEquals(c0.classes() * c1.classes(), sc.classes(), at);
            assertEquals(c1.classes(), sc.classStride(0), at);
            assertEquals(1, sc.classStride(1), at);
            assertEquals(c0, sc.axis(0));
            assertEquals(c1, sc.axis(1));
            int[] relRows = sc.relRows();
            int[] taps = sc.taps();
            int max = 0;
            int total = 0;
            for (int q0 = 0; q0 < a0.n(); q0++) {
                for (int q1 = 0; q1 < a1.n(); q1++) {
                    List<int[]> e0 = a0.column(q0);
                    List<int[]> e1 = a1.column(q1);
                    int cls = c0.classOf(q0) * sc.classStride(0) + c1.classOf(q1) * sc.classStride(1);
                    int base = c0.firstOutput(q0) * a1.m() + c1.firstOutput(q1);
                    assertEquals(e0.size() * e1.size(), sc.size(cls), at + " column " + q0 + "," + q1);
                    int p = sc.start(cls);
                    for (int[] x : e0) {
                        for (int[] y : e1) {
                            assertEquals(x[0] * a1.m() + y[0], base + relRows[p], at + " row at " + q0 + "," + q1);
                            assertEquals(x[1] * a1.k() + y[1], taps[p], at + " tap at " + q0 + "," + q1);
                            p++;
                        }
                    }
                }
            }
            for (int c = 0; c < sc.classes(); c++) {
                max = Math.max(max, sc.size(c));
                assertEquals(total, sc.start(c), at + " start of class " + c);
                total += sc.size(c);
            }
            assertEquals(total, relRows.length, at);
            assertEquals(max, sc.maxSize(), at);
        });
    }

    /** Three axes: the class index and the entries in row-major order, worked by hand on a tiny pattern. */
    @Test
    void threeAxesNumberTheirClassesRowMajor() {
        AxisClasses strided = AxisClasses.of(3, 6, 3, 2, 1, 1); // 3 classes (above)
        AxisClasses plain = AxisClasses.of(2, 2, 1, 1, 1, 0); // kernel 1: one class {(0, 0)}
        AxisClasses pair = AxisClasses.of(2, 3, 2, 1, 1, 0); // 3 classes: i=0 (0,0); i=1 (0,1),(1,0); i=2 (1,1)
        assertEquals(3, pair.classes());
        SpatialClasses sc = SpatialClasses.of(new AxisClasses[] {strided, plain, pair}, new int[] {3, 2, 2},
                new int[] {3, 1, 2});
        assertEquals(9, sc.classes());
        assertEquals(3, sc.classStride(0));
        assertEquals(3, sc.classStride(1));
        assertEquals(1, sc.classStride(2));
        // class (1, 0, 1): axis 0 entries (0, 2), (1, 0); axis 2 entries (0, 1), (1, 0) -> 4 entries
        int c = 1 * 3 + 0 + 1;
        assertEquals(4, sc.size(c));
        assertEquals(4, sc.maxSize());
        int[] rows = Arrays.copyOfRange(sc.relRows(), sc.start(c), sc.start(c) + 4);
        int[] taps = Arrays.copyOfRange(sc.taps(), sc.start(c), sc.start(c) + 4);
        // row = (o0·2 + o1)·2 + o2 with o1 = 0; tap = (j0·1 + j1)·2 + j2 with j1 = 0
        assertArrayEquals(new int[] {0, 1, 4, 5}, rows);
        assertArrayEquals(new int[] {5, 4, 1, 0}, taps);
        // the accessors hand out copies
        sc.relRows()[sc.start(c)] = 99;
        sc.taps()[sc.start(c)] = 99;
        assertEquals(0, sc.relRows()[sc.start(c)]);
        assertNotEquals(99, sc.taps()[sc.start(c)]);
    }
}
