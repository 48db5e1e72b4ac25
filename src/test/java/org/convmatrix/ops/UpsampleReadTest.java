package org.convmatrix.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.convmatrix.io.CaseFields;
import org.convmatrix.spec.InvalidSpecException;
import org.convmatrix.spec.UpsampleMode;
import org.convmatrix.spec.UpsampleSpec;
import org.junit.jupiter.api.Test;

/**
 * Reading an upsample layer: PyTorch's defaults and spellings are accepted, and every invalid field is refused with
 * an error naming it (with the path prefix inside a chain), its value and what is allowed.
 */
class UpsampleReadTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static UpsampleSpec read(String json, int... inputShape) {
        return read(json, "", inputShape);
    }

    private static UpsampleSpec read(String json, String prefix, int... inputShape) {
        try {
            // the case format gives mode no default: the cases below that omit it mean nearest
            String text = json.contains("'mode'") || json.contains("\"mode\"") ? json
                    : json.replaceFirst("'op': 'upsample'", "'op': 'upsample', 'mode': 'nearest'");
            JsonNode node = JSON.readTree(text.replace('\'', '"'));
            CaseFields f = CaseFields.of(node, prefix);
            UpsampleSpec spec = (UpsampleSpec) Ops.read(f, inputShape);
            f.rejectUnknown();
            return spec;
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void assertRefused(String field, String messagePart, String json, int... inputShape) {
        InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> read(json, inputShape));
        assertEquals(field, e.field(), e.getMessage());
        assertTrue(e.getMessage().startsWith(field), e.getMessage());
        assertTrue(e.getMessage().contains(messagePart), e.getMessage());
    }

    @Test
    void defaultsAndScalarsAreTorchs() {
        InvalidSpecException missing = assertThrows(InvalidSpecException.class, () -> Ops.read(CaseFields.of(
                JSON.readTree("{\"op\": \"upsample\", \"scale_factor\": 2}"), ""), new int[] {1, 3, 4, 5}));
        assertEquals("mode", missing.field(), missing.getMessage());
        UpsampleSpec s = read("{'op': 'upsample', 'mode': 'nearest', 'scale_factor': 2}", 1, 3, 4, 5);
        assertEquals(UpsampleMode.NEAREST, s.mode());
        assertArrayEquals(new double[] {2, 2}, s.scaleFactor());
        assertArrayEquals(new int[] {1, 3, 8, 10}, s.outputShape(new int[] {1, 3, 4, 5}));
        UpsampleSpec t = read("{'op': 'upsample', 'mode': 'bilinear', 'size': 7, 'align_corners': null,"
                + " 'recompute_scale_factor': false}", 2, 1, 3, 3);
        assertArrayEquals(new int[] {2, 1, 7, 7}, t.outputShape(new int[] {2, 1, 3, 3}));
        assertEquals(false, t.alignCorners());
    }

    @Test
    void outputSizeIsTheFloorOfInputTimesScaleInDouble() {
        UpsampleSpec s = read("{'op': 'upsample', 'mode': 'linear', 'scale_factor': [0.7]}", 1, 1, 10);
        assertArrayEquals(new int[] {1, 1, 7}, s.outputShape(new int[] {1, 1, 10}));
        // PyTorch: 100 · 0.29 = 28.999999999999996 in double, so 28 outputs, not 29
        UpsampleSpec t = read("{'op': 'upsample', 'mode': 'linear', 'scale_factor': 0.29}", 1, 1, 100);
        assertArrayEquals(new int[] {1, 1, 28}, t.outputShape(new int[] {1, 1, 100}));
    }

    @Test
    void outputSizeIsExplainedPerAxis() {
        UpsampleSpec s = read("{'op': 'upsample', 'scale_factor': [1.7, 2]}", 1, 1, 5, 3);
        assertEquals("floor(5 · 1.7) = 8", s.explainOutputSize(0, 5));
        assertEquals("floor(3 · 2.0) = 6", s.explainOutputSize(1, 3));
        assertEquals("size[1] = 4", read("{'op': 'upsample', 'size': [2, 4]}", 1, 1, 5, 3).explainOutputSize(1, 3));
    }

    @Test
    void exactlyOneOfSizeAndScaleFactor() {
        assertRefused("scale_factor", "exactly one", "{'op': 'upsample', 'size': [4], 'scale_factor': [2]}", 1, 1, 2);
        assertRefused("size", "neither", "{'op': 'upsample'}", 1, 1, 2);
        assertRefused("size", "neither", "{'op': 'upsample', 'size': null, 'scale_factor': null}", 1, 1, 2);
    }

    @Test
    void modeMustFitTheInputsDimensions() {
        assertRefused("mode", "needs 2 spatial", "{'op': 'upsample', 'mode': 'bilinear', 'size': [4]}", 1, 1, 2);
        assertRefused("mode", "needs 3 spatial", "{'op': 'upsample', 'mode': 'trilinear', 'size': 4}", 1, 1, 2, 2);
        assertRefused("mode", "needs 1 spatial", "{'op': 'upsample', 'mode': 'linear', 'size': 4}", 1, 1, 2, 2);
        assertRefused("mode", "but was \"area\"", "{'op': 'upsample', 'mode': 'area', 'size': 4}", 1, 1, 2);
        assertRefused("input", "1 to 3 spatial", "{'op': 'upsample', 'size': 4}", 1, 1, 2, 2, 2, 2);
        assertRefused("input", "1 to 3 spatial", "{'op': 'upsample', 'size': 4}", 1, 1);
    }

    @Test
    void alignCornersIsRefusedForNearestModesEvenWhenFalse() {
        assertRefused("align_corners", "not allowed", "{'op': 'upsample', 'size': 4, 'align_corners': false}", 1, 1, 2);
        assertRefused("align_corners", "not allowed",
                "{'op': 'upsample', 'mode': 'nearest-exact', 'size': 4, 'align_corners': true}", 1, 1, 2);
        assertRefused("align_corners", "true or false",
                "{'op': 'upsample', 'mode': 'linear', 'size': 4, 'align_corners': 1}", 1, 1, 2);
    }

    @Test
    void sizesAndScalesAreChecked() {
        assertRefused("size", "size[1] must be >= 1 but was 0", "{'op': 'upsample', 'size': [3, 0]}", 1, 1, 2, 2);
        assertRefused("size", "must have 2 entries", "{'op': 'upsample', 'size': [3]}", 1, 1, 2, 2);
        assertRefused("scale_factor", "scale_factor[0] must be a finite number > 0 but was -2.0",
                "{'op': 'upsample', 'scale_factor': -2}", 1, 1, 2);
        assertRefused("scale_factor", "> 0 but was 0.0", "{'op': 'upsample', 'scale_factor': [0]}", 1, 1, 2);
        assertRefused("scale_factor", "floor(2 · 0.4) = 0", "{'op': 'upsample', 'scale_factor': 0.4}", 1, 1, 2);
        assertRefused("scale_factor", "must be a number", "{'op': 'upsample', 'scale_factor': 'x'}", 1, 1, 2);
        assertRefused("recompute_scale_factor", "explicit size",
                "{'op': 'upsample', 'size': 4, 'recompute_scale_factor': true}", 1, 1, 2);
        assertRefused("input", "shape[1] must be >= 1", "{'op': 'upsample', 'size': 4}", 1, 0, 2);
    }

    @Test
    void keysOfOtherOpsAreRefusedByName() {
        assertRefused("kernel_size", "not a field", "{'op': 'upsample', 'size': 4, 'kernel_size': [3]}", 1, 1, 2);
        assertRefused("antialias", "not a field", "{'op': 'upsample', 'size': 4, 'antialias': false}", 1, 1, 2);
    }

    @Test
    void errorsInsideAChainCarryThePath() {
        InvalidSpecException e = assertThrows(InvalidSpecException.class,
                () -> read("{'op': 'upsample', 'scale_factor': 0.1}", "layers[2].", 1, 1, 4));
        assertEquals("layers[2].scale_factor", e.field());
        assertTrue(e.getMessage().startsWith("layers[2].scale_factor[0] = 0.1"), e.getMessage());
    }
}
