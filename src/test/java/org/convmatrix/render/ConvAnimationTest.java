package org.convmatrix.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.QuickTheory.qt;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.convmatrix.lower.KernelToMatrix;
import org.convmatrix.sparse.CscMatrix;
import org.convmatrix.sparse.CscOps;
import org.convmatrix.spec.ConvLayer;
import org.convmatrix.spec.ConvSpec;
import org.convmatrix.spec.InvalidSpecException;
import org.convmatrix.spec.Op;
import org.convmatrix.testing.GeneratedCase;
import org.convmatrix.testing.Layers;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * The animation's frame model against the lowering: each frame's highlighted footprint reads exactly the
 * stored entries of its row of {@code A} ({@code W} for conv, {@code Wᵀ} for conv_transpose), and the weight
 * each tap shows is the entry's value. First on the classic configurations of Dumoulin and Visin's guide
 * (and its animations, vdumoulin/conv_arithmetic), with the drawn grid sizes the guide gives, then on
 * thousands of generated layers (1 to 3 axes, channels, groups, every padding mode).
 */
class ConvAnimationTest {
    private static final long SEED = 0x14A41L;

    /**
     * A configuration of the guide: 2-D, square.
     *
     * @param name   the animation's name in vdumoulin/conv_arithmetic
     * @param view   the side of the drawn grid the guide shows (padded input; for transposed ones the
     *               zero-inserted, padded input)
     * @param output the side of the output the guide shows
     */
    record Classic(String name, Op op, int input, int kernel, int stride, int padding, int dilation, int outputPadding,
            int view, int output) {
        ConvSpec spec() {
            return ConvSpec.builder(op, 1, 1, kernel, kernel).stride(stride, stride).padding(padding, padding)
                    .dilation(dilation, dilation).outputPadding(outputPadding, outputPadding).build();
        }
    }

    static List<Classic> classics() {
        List<Classic> c = new ArrayList<>();
        c.add(new Classic("no_padding_no_strides", Op.CONV, 4, 3, 1, 0, 1, 0, 4, 2));
        c.add(new Classic("arbitrary_padding_no_strides", Op.CONV, 5, 4, 1, 2, 1, 0, 9, 6));
        c.add(new Classic("same_padding_no_strides", Op.CONV, 5, 3, 1, 1, 1, 0, 7, 5));
        c.add(new Classic("full_padding_no_strides", Op.CONV, 5, 3, 1, 2, 1, 0, 9, 7));
        c.add(new Classic("no_padding_strides", Op.CONV, 5, 3, 2, 0, 1, 0, 5, 2));
        c.add(new Classic("padding_strides", Op.CONV, 5, 3, 2, 1, 1, 0, 7, 3));
        c.add(new Classic("padding_strides_odd", Op.CONV, 6, 3, 2, 1, 1, 0, 8, 3));
        c.add(new Classic("dilation", Op.CONV, 7, 3, 1, 0, 2, 0, 7, 3));
        // the transposed counterparts: the same kernel scattering the conv's output back to its input size;
        // the guide draws them as stride-1 convolutions over a zero-inserted input padded by k-1-p
        c.add(new Classic("no_padding_no_strides_transposed", Op.CONV_TRANSPOSE, 2, 3, 1, 0, 1, 0, 6, 4));
        c.add(new Classic("arbitrary_padding_no_strides_transposed", Op.CONV_TRANSPOSE, 6, 4, 1, 2, 1, 0, 8, 5));
        c.add(new Classic("same_padding_no_strides_transposed", Op.CONV_TRANSPOSE, 5, 3, 1, 1, 1, 0, 7, 5));
        c.add(new Classic("full_padding_no_strides_transposed", Op.CONV_TRANSPOSE, 7, 3, 1, 2, 1, 0, 7, 5));
        c.add(new Classic("no_padding_strides_transposed", Op.CONV_TRANSPOSE, 2, 3, 2, 0, 1, 0, 7, 5));
        c.add(new Classic("padding_strides_transposed", Op.CONV_TRANSPOSE, 3, 3, 2, 1, 1, 0, 7, 5));
        c.add(new Classic("padding_strides_odd_transposed", Op.CONV_TRANSPOSE, 3, 3, 2, 1, 1, 1, 8, 6));
        c.add(new Classic("dilation_transposed", Op.CONV_TRANSPOSE, 3, 3, 1, 0, 2, 0, 11, 7));
        return c;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("classics")
    void classicFootprintsAreTheRowsOfTheMatrix(Classic c) {
        ConvLayer layer = LayerValues.distinct(c.spec());
        int[] n = {c.input(), c.input()};
        ConvAnimation anim = ConvAnimation.of(c.spec(), n, new int[] {0}, -1);
        assertArrayEquals(new int[] {c.view(), c.view()}, anim.viewShape(), c.name() + ": drawn grid");
        assertArrayEquals(new int[] {c.output(), c.output()}, anim.outputSpatial(), c.name() + ": output");
        assertFootprintsAreRows(layer, n, anim);
    }

    @Test
    void transposedViewHasZerosInsertedBetweenInputsAndKMinus1MinusPPadding() {
        // no_padding_strides_transposed: 2x2 input, one zero between inputs, a border of k-1-p = 2 zeros
        ConvSpec spec = new Classic("t", Op.CONV_TRANSPOSE, 2, 3, 2, 0, 1, 0, 7, 5).spec();
        AnimationAxis axis = ConvAnimation.of(spec, new int[] {2, 2}, new int[] {0}, -1).axis(1);
        byte in = AnimationAxis.INPUT;
        byte pad = AnimationAxis.PADDING;
        byte ins = AnimationAxis.INSERTED;
        byte[] kinds = new byte[axis.length()];
        for (int u = 0; u < kinds.length; u++) {
            kinds[u] = axis.kind(u);
        }
        assertArrayEquals(new byte[] {pad, pad, in, ins, in, pad, pad}, kinds);
        assertEquals(0, axis.source(2));
        assertEquals(1, axis.source(4));
        assertEquals(-1, axis.source(3));
    }

    @Test
    void generatedFootprintsAreTheRowsOfTheMatrix() {
        qt().withFixedSeed(SEED).withExamples(1500)
                .forAll(Layers.cases(Layers.Kind.ANY, Layers.Values.INTEGERS))
                .checkAssert(this::everyChannelsFramesAreRows);
    }

    private void everyChannelsFramesAreRows(GeneratedCase g) {
        int[] channels = IntStream.range(0, g.layer().spec().outChannels()).toArray();
        ConvAnimation anim = ConvAnimation.of(g.layer().spec(), g.inputSpatial(), channels, -1);
        assertFootprintsAreRows(g.layer(), g.inputSpatial(), anim);
    }

    @Test
    void sliceKeepsTheOutputPositionsOfOneIndexOnAxisZero() {
        ConvSpec spec = ConvSpec.builder(Op.CONV, 1, 2, 2, 3, 3).padding(1, 1, 1).build();
        ConvAnimation all = ConvAnimation.of(spec, new int[] {3, 4, 4}, new int[] {1}, -1);
        ConvAnimation slice = ConvAnimation.of(spec, new int[] {3, 4, 4}, new int[] {1}, 2);
        assertEquals(4 * 4 * 4, all.frames().size());
        assertEquals(4 * 4, slice.frames().size());
        for (ConvAnimation.Frame f : slice.frames()) {
            assertEquals(2, f.outPosition()[0]);
            assertEquals(1, f.outChannel());
        }
        assertFootprintsAreRows(LayerValues.distinct(spec), new int[] {3, 4, 4}, slice);
    }

    @Test
    void outOfRangeChannelSliceAndFrameCountNameTheirFlag() {
        ConvSpec spec = ConvSpec.builder(Op.CONV, 1, 2, 3, 3).build();
        assertEquals("channels", assertThrows(InvalidSpecException.class,
                () -> ConvAnimation.of(spec, new int[] {5, 5}, new int[] {2}, -1)).field());
        assertEquals("slice", assertThrows(InvalidSpecException.class,
                () -> ConvAnimation.of(spec, new int[] {5, 5}, new int[] {0}, 3)).field());
        assertEquals("input", assertThrows(InvalidSpecException.class,
                () -> ConvAnimation.of(spec, new int[] {70, 70}, new int[] {0}, -1)).field());
    }

    /**
     * Frame by frame: the frames visit the rows of each channel in order, the columns a footprint reads are
     * exactly the stored entries of its row of {@code A}, and each entry's value is the sum of the weights
     * the taps on its column show (one weight, except where reflect/replicate/circular padding folds taps).
     */
    static void assertFootprintsAreRows(ConvLayer layer, int[] n, ConvAnimation anim) {
        CscMatrix w = KernelToMatrix.matrix(layer, n, 1);
        CscMatrix a = layer.spec().op() == Op.CONV ? w : CscOps.transpose(w);
        CscMatrix rows = CscOps.transpose(a); // column r of this = row r of A
        int[] cp = rows.colPtr();
        int[] ri = rows.rowIdx();
        double[] v = rows.values();
        double[] weights = layer.weight().data();
        int perChannel = ConvAnimation.product(anim.outputSpatial());
        int previous = -1;
        for (ConvAnimation.Frame f : anim.frames()) {
            int r = f.row();
            assertEquals(f.outChannel(), r / perChannel, "row's channel");
            if (previous >= 0 && previous / perChannel == f.outChannel()) {
                assertEquals(true, r > previous, "rows in order");
            }
            previous = r;
            int[] stored = java.util.Arrays.copyOfRange(ri, cp[r], cp[r + 1]);
            assertArrayEquals(stored, f.columns(), () -> "row " + r + " of A: stored columns vs footprint, " + anim);
            double[] fromTaps = tapSums(anim, f, weights, a.cols());
            for (int p = cp[r]; p < cp[r + 1]; p++) {
                assertEquals(v[p], fromTaps[ri[p]], "value of A[" + r + ", " + ri[p] + "]");
            }
        }
    }

    /** Sum over the frame's taps that read an input of the weight the tap shows, per column of {@code A}. */
    private static double[] tapSums(ConvAnimation anim, ConvAnimation.Frame f, double[] weights, int cols) {
        double[] sum = new double[cols];
        int[] view = anim.viewShape();
        int[] in = anim.inputSpatial();
        int[] cells = f.cells();
        for (int t = 0; t < cells.length; t++) {
            int[] u = ConvAnimation.unflatten(cells[t], view);
            int[] x = new int[u.length];
            boolean reads = true;
            for (int ax = 0; ax < u.length; ax++) {
                x[ax] = anim.axis(ax).source(u[ax]);
                reads &= x[ax] >= 0;
            }
            if (!reads) {
                continue;
            }
            for (int c : anim.inputChannels(f.outChannel())) {
                int col = c * ConvAnimation.product(in) + ConvAnimation.rowMajor(x, in);
                sum[col] += weights[anim.weightIndex(f.outChannel(), c, t)];
            }
        }
        return sum;
    }
}
