package org.convmatrix.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.convmatrix.io.CaseFields;
import org.convmatrix.spec.ConvLayer;
import org.convmatrix.spec.ConvSpec;
import org.convmatrix.spec.InvalidSpecException;
import org.convmatrix.spec.Op;
import org.convmatrix.spec.Padding;
import org.convmatrix.spec.PaddingMode;
import org.junit.jupiter.api.Test;

/**
 * Reading {@code conv} and {@code conv_transpose} layers from the case format: every optional field reaches the
 * spec (checked against the value written), PyTorch's short forms (one integer for every axis, a kernel size taken
 * from the weight's rank, {@code "same"} / {@code "valid"}, per-axis {@code [before, after]} pairs) are read as
 * PyTorch reads them, and each malformed field is refused with a message naming it, its value and what is allowed.
 */
class ConvReadTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A conv 2 → 4 channels with a 2-d weight of {@code 4 × 2 × 3 × 3} (or {@code 4 × 1 × 3 × 3} with groups 2). */
    private static String conv(String op, String extra, String weightShape) {
        int volume = 1;
        for (String s : weightShape.split(",")) {
            volume *= Integer.parseInt(s.trim());
        }
        StringBuilder data = new StringBuilder();
        for (int i = 0; i < volume; i++) {
            data.append(i == 0 ? "" : ", ").append(i % 5 - 2);
        }
        return "{'op': '" + op + "', 'in_channels': 2, 'out_channels': 4, " + extra + "'weight': {'shape': ["
                + weightShape + "], 'data': [" + data + "]}}";
    }

    private static ConvLayer read(String json) {
        try {
            CaseFields f = CaseFields.of(JSON.readTree(json.replace('\'', '"')), "");
            ConvLayer layer = (ConvLayer) Ops.read(f, new int[] {1, 2, 9, 9});
            f.rejectUnknown();
            return layer;
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static InvalidSpecException refused(String json) {
        return assertThrows(InvalidSpecException.class, () -> read(json), json);
    }

    @Test
    void everyOptionalFieldReachesTheSpec() {
        ConvSpec s = read(conv("conv", "'kernel_size': [3, 3], 'groups': 2, 'stride': [2, 1], 'dilation': [1, 2], "
                + "'padding': [1, 2], 'padding_mode': 'reflect', 'bias': {'shape': [4], 'data': [1, 2, 3, 4]}, ",
                "4, 1, 3, 3")).spec();
        assertEquals(Op.CONV, s.op());
        assertEquals(2, s.inChannels());
        assertEquals(4, s.outChannels());
        assertEquals(2, s.groups());
        assertArrayEquals(new int[] {3, 3}, s.kernelSize());
        assertArrayEquals(new int[] {2, 1}, s.stride());
        assertArrayEquals(new int[] {1, 2}, s.dilation());
        assertEquals(1, s.padBefore(0));
        assertEquals(1, s.padAfter(0));
        assertEquals(2, s.padBefore(1));
        assertEquals(2, s.padAfter(1));
        assertEquals(Padding.Form.SYMMETRIC, s.padding().form());
        assertEquals(PaddingMode.REFLECT, s.paddingMode());
        ConvLayer t = read(conv("conv_transpose", "'kernel_size': [3, 3], 'stride': 2, 'output_padding': [1, 0], ",
                "2, 4, 3, 3"));
        assertEquals(Op.CONV_TRANSPOSE, t.spec().op());
        assertArrayEquals(new int[] {2, 2}, t.spec().stride());
        assertArrayEquals(new int[] {1, 0}, t.spec().outputPadding());
        assertFalse(t.hasBias());
    }

    @Test
    void absentFieldsArePytorchsDefaults() {
        ConvSpec s = read(conv("conv", "'kernel_size': [3, 3], ", "4, 2, 3, 3")).spec();
        assertEquals(1, s.groups());
        assertArrayEquals(new int[] {1, 1}, s.stride());
        assertArrayEquals(new int[] {1, 1}, s.dilation());
        assertEquals(0, s.padBefore(0));
        assertEquals(0, s.padAfter(1));
        assertEquals(PaddingMode.ZEROS, s.paddingMode());
    }

    @Test
    void aSingleKernelSizeTakesItsAxesFromTheWeight() {
        assertArrayEquals(new int[] {3, 3}, read(conv("conv", "'kernel_size': 3, ", "4, 2, 3, 3")).spec().kernelSize());
        assertArrayEquals(new int[] {3}, read(conv("conv", "'kernel_size': 3, ", "4, 2, 3")).spec().kernelSize());
        InvalidSpecException e = refused(conv("conv", "'kernel_size': 3, ", "4, 2"));
        assertEquals("kernel_size", e.field());
        assertEquals("kernel_size must be a list with one integer per spatial dimension but was 3 (and weight.shape "
                + "has no spatial dimensions to infer them from)", e.getMessage());
        // a list is the kernel size whatever the weight's rank; the weight is then checked against it
        InvalidSpecException rank = refused(conv("conv", "'kernel_size': [3, 3], ", "4, 2, 3"));
        assertEquals("weight", rank.field(), rank.getMessage());
        InvalidSpecException missing = refused(conv("conv", "", "4, 2, 3, 3"));
        assertEquals("kernel_size", missing.field());
        assertEquals("kernel_size is required but is missing", missing.getMessage());
    }

    @Test
    void paddingIsReadInEveryFormPytorchAccepts() {
        ConvSpec one = read(conv("conv", "'kernel_size': [3, 3], 'padding': 2, ", "4, 2, 3, 3")).spec();
        assertEquals(2, one.padBefore(0));
        assertEquals(2, one.padAfter(1));
        assertEquals(Padding.Form.SYMMETRIC, one.padding().form());
        ConvSpec pairs = read(conv("conv", "'kernel_size': [3, 3], 'padding': [[1, 2], 3], ", "4, 2, 3, 3")).spec();
        assertEquals(1, pairs.padBefore(0));
        assertEquals(2, pairs.padAfter(0));
        assertEquals(3, pairs.padBefore(1));
        assertEquals(3, pairs.padAfter(1));
        assertEquals(Padding.Form.PAIRS, pairs.padding().form());
        ConvSpec both = read(conv("conv", "'kernel_size': [3, 3], 'padding': [0, [2, 0]], ", "4, 2, 3, 3")).spec();
        assertEquals(0, both.padBefore(0));
        assertEquals(0, both.padAfter(0));
        assertEquals(2, both.padBefore(1));
        assertEquals(0, both.padAfter(1));
        ConvSpec same = read(conv("conv", "'kernel_size': [3, 3], 'padding': 'same', ", "4, 2, 3, 3")).spec();
        assertEquals(Padding.Form.SAME, same.padding().form());
        assertEquals(1, same.padBefore(1));
        ConvSpec valid = read(conv("conv", "'kernel_size': [3, 3], 'padding': 'valid', ", "4, 2, 3, 3")).spec();
        assertEquals(Padding.Form.VALID, valid.padding().form());
        assertEquals(0, valid.padAfter(0));
    }

    @Test
    void malformedPaddingIsRefusedWithItsValue() {
        InvalidSpecException word = refused(conv("conv", "'kernel_size': [3, 3], 'padding': 'full', ", "4, 2, 3, 3"));
        assertEquals("padding", word.field());
        assertEquals("padding must be an integer, one integer or [before, after] pair per axis, \"same\" or \"valid\" "
                + "but was \"full\"", word.getMessage());
        InvalidSpecException triple = refused(conv("conv", "'kernel_size': [3, 3], 'padding': [1, [1, 2, 3]], ",
                "4, 2, 3, 3"));
        assertEquals("padding", triple.field());
        assertEquals("padding[1] must be an integer or a [before, after] pair but was [1,2,3]", triple.getMessage());
        InvalidSpecException single = refused(conv("conv", "'kernel_size': [3, 3], 'padding': [[1], 0], ",
                "4, 2, 3, 3"));
        assertEquals("padding[0] must be an integer or a [before, after] pair but was [1]", single.getMessage());
        InvalidSpecException half = refused(conv("conv", "'kernel_size': [3, 3], 'padding': [[1, 0.5], 0], ",
                "4, 2, 3, 3"));
        assertEquals("padding", half.field());
        assertTrue(half.getMessage().startsWith("padding[0][1] "), half.getMessage());
        InvalidSpecException plain = refused(conv("conv", "'kernel_size': [3, 3], 'padding': [[1, 0], 'x'], ",
                "4, 2, 3, 3"));
        assertTrue(plain.getMessage().startsWith("padding[1] "), plain.getMessage());
        InvalidSpecException before = refused(conv("conv", "'kernel_size': [3, 3], 'padding': [[true, 0], 1], ",
                "4, 2, 3, 3"));
        assertTrue(before.getMessage().startsWith("padding[0][0] "), before.getMessage());
    }

    @Test
    void aPaddingModeMustBeOneOfTheFourNames() {
        InvalidSpecException number = refused(conv("conv", "'kernel_size': [3, 3], 'padding_mode': 1, ", "4, 2, 3, 3"));
        assertEquals("padding_mode", number.field());
        assertEquals("padding_mode must be one of \"zeros\", \"reflect\", \"replicate\", \"circular\" but was 1",
                number.getMessage());
        assertEquals(PaddingMode.CIRCULAR, read(conv("conv", "'kernel_size': [3, 3], 'padding': 1, "
                + "'padding_mode': 'circular', ", "4, 2, 3, 3")).spec().paddingMode());
    }
}
