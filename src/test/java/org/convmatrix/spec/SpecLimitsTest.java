package org.convmatrix.spec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The limits of {@link ConvSpec}'s validation, each at its boundary: the last accepted value and the
 * first refused, with the field the error names (the survivors of mutation testing in issue 11).
 */
class SpecLimitsTest {
    private static InvalidSpecException refused(Runnable r) {
        return assertThrows(InvalidSpecException.class, r::run);
    }

    private static ConvSpec conv(int k) {
        return ConvSpec.builder(Op.CONV, 1, 1, k).build();
    }

    @Test
    void channelsMustBePositive() {
        assertEquals("out_channels", refused(() -> ConvSpec.builder(Op.CONV, 1, 0, 3).build()).field());
        assertEquals("in_channels", refused(() -> ConvSpec.builder(Op.CONV, 0, 1, 3).build()).field());
        assertEquals(1, ConvSpec.builder(Op.CONV, 1, 1, 3).build().outChannels());
    }

    @Test
    void everyInputAxisMustHoldAnElement() {
        InvalidSpecException e = refused(() -> conv(1).outputSpatial(0));
        assertEquals("input", e.field());
        assertTrue(e.getMessage().contains("must be >= 1 but was 0"), e.getMessage());
        assertArrayEquals(new int[] {1}, conv(1).outputSpatial(1));
        assertEquals("input", refused(() -> conv(1).outputSpatial(3, 3)).field());
    }

    @Test
    void theOutputLengthMustFitAnInt() {
        ConvSpec wide = ConvSpec.builder(Op.CONV, 1, 1, 1).padding(Padding.pairs(new int[] {0}, new int[] {1})).build();
        assertArrayEquals(new int[] {Integer.MAX_VALUE}, wide.outputSpatial(Integer.MAX_VALUE - 1));
        InvalidSpecException e = refused(() -> wide.outputSpatial(Integer.MAX_VALUE));
        assertEquals("input", e.field());
        ConvSpec padded = ConvSpec.builder(Op.CONV, 1, 1, 1).padding(Integer.MAX_VALUE).build();
        assertEquals("padding", refused(() -> padded.outputSpatial(5)).field());
    }

    @Test
    void negativeAfterPaddingIsRefused() {
        InvalidSpecException e = refused(() -> ConvSpec.builder(Op.CONV, 1, 1, 3)
                .padding(Padding.pairs(new int[] {0}, new int[] {-1})).build());
        assertEquals("padding", e.field());
        assertTrue(e.getMessage().contains("must be >= 0 but was -1"), e.getMessage());
        assertEquals("padding", refused(() -> ConvSpec.builder(Op.CONV, 1, 1, 3)
                .padding(Padding.pairs(new int[] {-2}, new int[] {0})).build()).field());
    }

    @Test
    void reflectPaddingMustStayBelowTheInputOnEachSide() {
        ConvSpec before = ConvSpec.builder(Op.CONV, 1, 1, 1).padding(Padding.pairs(new int[] {3}, new int[] {0}))
                .paddingMode(PaddingMode.REFLECT).build();
        ConvSpec after = ConvSpec.builder(Op.CONV, 1, 1, 1).padding(Padding.pairs(new int[] {0}, new int[] {3}))
                .paddingMode(PaddingMode.REFLECT).build();
        assertArrayEquals(new int[] {7}, before.outputSpatial(4));
        assertArrayEquals(new int[] {7}, after.outputSpatial(4));
        assertEquals("padding", refused(() -> before.outputSpatial(3)).field());
        assertEquals("padding", refused(() -> after.outputSpatial(3)).field());
    }

    @Test
    void circularPaddingMayEqualTheInputButNotExceedIt() {
        ConvSpec before = ConvSpec.builder(Op.CONV, 1, 1, 1).padding(Padding.pairs(new int[] {3}, new int[] {0}))
                .paddingMode(PaddingMode.CIRCULAR).build();
        ConvSpec after = ConvSpec.builder(Op.CONV, 1, 1, 1).padding(Padding.pairs(new int[] {0}, new int[] {3}))
                .paddingMode(PaddingMode.CIRCULAR).build();
        assertArrayEquals(new int[] {6}, before.outputSpatial(3));
        assertArrayEquals(new int[] {6}, after.outputSpatial(3));
        assertEquals("padding", refused(() -> before.outputSpatial(2)).field());
        assertEquals("padding", refused(() -> after.outputSpatial(2)).field());
    }

    @Test
    void theDilatedKernelMustFitThePaddedInput() {
        assertArrayEquals(new int[] {1}, conv(3).outputSpatial(3));
        InvalidSpecException e = refused(() -> conv(3).outputSpatial(2));
        assertEquals("kernel_size", e.field());
        assertEquals("dilation", refused(() -> ConvSpec.builder(Op.CONV, 1, 1, 3).dilation(Integer.MAX_VALUE).build())
                .field());
        assertEquals(Integer.MAX_VALUE - 1L, (long) ConvSpec.builder(Op.CONV, 1, 1, 3)
                .dilation(Integer.MAX_VALUE / 2).build().dilation(0) * 2);
    }

    @Test
    void aTransposedLayerMustKeepAnOutput() {
        ConvSpec t = ConvSpec.builder(Op.CONV_TRANSPOSE, 1, 1, 3).padding(2).build();
        assertArrayEquals(new int[] {1}, t.outputSpatial(3)); // (n-1) - 2·2 + (3-1) + 1 = n - 2
        assertEquals("padding", refused(() -> t.outputSpatial(2)).field());
    }

    @Test
    void theOpTheKernelAndThePaddingModeAreRequired() {
        InvalidSpecException op = refused(() -> ConvSpec.builder(null, 1, 1, 3));
        assertEquals("op", op.field());
        assertEquals("op must be \"conv\" or \"conv_transpose\" but was missing", op.getMessage());
        InvalidSpecException kernel = refused(() -> ConvSpec.builder(Op.CONV, 1, 1).build());
        assertEquals("kernel_size", kernel.field());
        assertEquals("kernel_size must have at least one spatial dimension", kernel.getMessage());
        InvalidSpecException mode = refused(() -> ConvSpec.builder(Op.CONV, 1, 1, 3).paddingMode(null).build());
        assertEquals("padding_mode", mode.field());
    }

    @Test
    void paddingNeedsOneEntryPerAxisEvenWhenEmpty() {
        InvalidSpecException e = refused(() -> ConvSpec.builder(Op.CONV, 1, 1, 3).padding(new int[0]).build());
        assertEquals("padding", e.field());
        assertEquals("padding must have 1 entries (one per spatial dimension of kernel_size) but had 0", e.getMessage());
    }

    /** The dilated span {@code d·(k − 1)} may reach {@code 2³¹ − 1} but not exceed it. */
    @Test
    void theDilatedSpanMayReachTheLargestInt() {
        ConvSpec widest = ConvSpec.builder(Op.CONV, 1, 1, 2).dilation(Integer.MAX_VALUE).build();
        assertEquals(Integer.MAX_VALUE, widest.dilation(0));
        InvalidSpecException e = refused(() -> ConvSpec.builder(Op.CONV, 1, 1, 3).dilation(Integer.MAX_VALUE / 2 + 1)
                .build());
        assertEquals("dilation", e.field());
    }

    @Test
    void paddingAndOutputPaddingErrorsGiveTheValueAndTheRange() {
        assertEquals("padding[0] must be >= 0 but was -2", refused(() -> ConvSpec.builder(Op.CONV, 1, 1, 3)
                .padding(Padding.pairs(new int[] {-2}, new int[] {0})).build()).getMessage());
        assertEquals("output_padding[0] must be in [0, 1] (smaller than stride 2 or dilation 1) but was 2",
                refused(() -> ConvSpec.builder(Op.CONV_TRANSPOSE, 1, 1, 3).stride(2).outputPadding(2).build())
                        .getMessage());
        InvalidSpecException stride = refused(() -> ConvSpec.builder(Op.CONV, 1, 1, 3).stride(1, 1).build());
        assertEquals("stride must have 1 entries (one per spatial dimension of kernel_size) but had 2",
                stride.getMessage());
    }

    /** An output beyond {@code 2³¹ − 1} is blamed on the padding only when the padding alone outgrows the input. */
    @Test
    void anOverlongOutputBlamesThePaddingOnlyWhenItOutgrowsTheInput() {
        ConvSpec padded = ConvSpec.builder(Op.CONV, 1, 1, 1).padding(Padding.pairs(new int[] {1 << 30}, new int[] {0}))
                .build();
        InvalidSpecException tie = refused(() -> padded.outputSpatial(1 << 30));
        assertEquals("input", tie.field());
        assertTrue(tie.getMessage().endsWith("(reduce the input)"), tie.getMessage());
        InvalidSpecException pad = refused(() -> padded.outputSpatial((1 << 30) - 1 + 2));
        assertEquals("input", pad.field(), "2^30 + 1 > padding 2^30");
        ConvSpec more = ConvSpec.builder(Op.CONV, 1, 1, 1).padding(Padding.pairs(new int[] {1 << 30}, new int[] {1}))
                .build();
        InvalidSpecException blamed = refused(() -> more.outputSpatial(1 << 30));
        assertEquals("padding", blamed.field());
        assertTrue(blamed.getMessage().endsWith("(reduce padding[0])"), blamed.getMessage());
    }

    /** The layer as PyTorch prints its module (figure titles and the matrix-free operator's errors show it). */
    @Test
    void aSpecPrintsAsPytorchsModule() {
        assertEquals("Conv2d(1, 2, kernel_size=[3, 3], stride=[1, 1], padding=[1, 1], dilation=[1, 1], groups=1, "
                + "padding_mode=reflect)", ConvSpec.builder(Op.CONV, 1, 2, 3, 3).padding(1, 1)
                .paddingMode(PaddingMode.REFLECT).build().toString());
        assertEquals("ConvTranspose1d(2, 2, kernel_size=[3], stride=[2], padding=[0], dilation=[1], output_padding=[1], "
                + "groups=2)", ConvSpec.builder(Op.CONV_TRANSPOSE, 2, 2, 3).stride(2).outputPadding(1).groups(2).build()
                .toString());
        assertEquals("Conv1d(1, 1, kernel_size=[3], stride=[1], padding=\"same\", dilation=[1], groups=1)",
                ConvSpec.builder(Op.CONV, 1, 1, 3).padding(Padding.same()).build().toString());
        assertEquals("Conv1d(1, 1, kernel_size=[3], stride=[1], padding=\"valid\", dilation=[1], groups=1)",
                ConvSpec.builder(Op.CONV, 1, 1, 3).padding(Padding.valid()).build().toString());
        assertEquals("[[1, 2], [0, 3]]", Padding.pairs(new int[] {1, 0}, new int[] {2, 3}).toString());
        assertEquals("padding needs as many after as before amounts, but had 2 and 1",
                refused(() -> Padding.pairs(new int[] {1, 0}, new int[] {2})).getMessage());
    }

    @Test
    void aLayersWeightAndInputShapesAreCheckedWithTheLayoutInTheMessage() {
        ConvSpec t = ConvSpec.builder(Op.CONV_TRANSPOSE, 2, 3, 3).build();
        InvalidSpecException w = refused(() -> ConvLayer.of(t, Tensor.of(new int[] {3, 2, 3}, new double[18]), null));
        assertEquals("weight.shape must be [2, 3, 3] ([in_channels, out_channels/groups, *kernel_size]) but was [3, 2, 3]",
                w.getMessage());
        assertEquals("weight", w.field());
        assertTrue(refused(() -> ConvLayer.of(conv(1), Tensor.of(new int[] {1, 1, 2}, new double[2]), null)).getMessage()
                .contains("([out_channels, in_channels/groups, *kernel_size])"));
        ConvLayer layer = ConvLayer.of(conv(1), new double[] {1}, null);
        InvalidSpecException rank = refused(() -> layer.inputSpatial(new int[] {1, 1}));
        assertEquals("input.shape must be [N, in_channels, *spatial] with 1 spatial dimensions (rank 3) but was [1, 1]",
                rank.getMessage());
    }
}
