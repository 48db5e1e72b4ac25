package org.convmatrix.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.convmatrix.io.CaseFields;
import org.convmatrix.spec.InvalidSpecException;
import org.convmatrix.spec.Layer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Invalid fields of pixel_shuffle, pixel_unshuffle, avg_pool and max_unpool, read from case-format JSON the
 * way the case reader does ({@code Ops.read}, {@code rejectUnknown}, then the output shape): each error names
 * its field. Each line was checked against PyTorch 1.13, which refuses the same layer (or, where PyTorch
 * computes a meaningless result, the reason is in the comment of the line).
 */
class PoolFieldErrorsTest {
    private static InvalidSpecException refusal(String json, int[] shape, String prefix) {
        return assertThrows(InvalidSpecException.class, () -> {
            CaseFields f = CaseFields.of(new ObjectMapper().readTree(json.replace('\'', '"')), prefix);
            Layer layer = Ops.read(f, shape);
            f.rejectUnknown();
            layer.outputShape(shape);
        }, json);
    }

    private static int[] shape(String dims) {
        return java.util.Arrays.stream(dims.split("x")).mapToInt(Integer::parseInt).toArray();
    }

    @ParameterizedTest(name = "{0} on {1} names {2}")
    @CsvSource(delimiter = '|', value = {
        "{'op': 'pixel_shuffle', 'upscale_factor': 0}                       | 1x4x2x2   | upscale_factor",
        "{'op': 'pixel_shuffle', 'upscale_factor': -1}                      | 1x4x2x2   | upscale_factor",
        "{'op': 'pixel_shuffle'}                                            | 1x4x2x2   | upscale_factor",
        "{'op': 'pixel_shuffle', 'upscale_factor': 2.5}                     | 1x4x2x2   | upscale_factor",
        "{'op': 'pixel_shuffle', 'upscale_factor': 3}                       | 1x8x1x1   | upscale_factor",
        "{'op': 'pixel_shuffle', 'upscale_factor': 2}                       | 1x4x2     | input",
        "{'op': 'pixel_shuffle', 'upscale_factor': 2}                       | 1x4x2x2x2 | input",
        "{'op': 'pixel_shuffle', 'upscale_factor': 2, 'scale_factor': 2}    | 1x4x2x2   | scale_factor",
        "{'op': 'pixel_unshuffle', 'downscale_factor': 0}                   | 1x1x4x4   | downscale_factor",
        "{'op': 'pixel_unshuffle', 'downscale_factor': 3}                   | 1x1x4x6   | downscale_factor",
        "{'op': 'pixel_unshuffle', 'downscale_factor': 2}                   | 1x1x4x5   | downscale_factor",
        "{'op': 'pixel_unshuffle', 'upscale_factor': 2}                     | 1x1x4x4   | downscale_factor",
        "{'op': 'avg_pool', 'kernel_size': 3, 'padding': 2}                 | 1x1x4x4   | padding",
        "{'op': 'avg_pool', 'kernel_size': 2, 'padding': -1}                | 1x1x4x4   | padding",
        "{'op': 'avg_pool', 'kernel_size': 2, 'stride': 0}                  | 1x1x4x4   | stride",
        "{'op': 'avg_pool', 'kernel_size': 2, 'stride': [1, 2, 1]}          | 1x1x4x4   | stride",
        "{'op': 'avg_pool', 'kernel_size': 0, 'stride': 1}                  | 1x1x4x4   | kernel_size",
        "{'op': 'avg_pool', 'kernel_size': [2, 2, 2, 2]}                    | 1x1x4x4x4x4 | kernel_size",
        "{'op': 'avg_pool', 'kernel_size': 5}                               | 1x1x4x4   | input",
        "{'op': 'avg_pool', 'kernel_size': [2, 2]}                          | 1x1x4     | input",
        "{'op': 'avg_pool', 'kernel_size': 5, 'padding': 2}                 | 1x1x4x4x4 | input",
        "{'op': 'avg_pool', 'kernel_size': 2, 'divisor_override': 0}        | 1x1x4x4   | divisor_override",
        "{'op': 'avg_pool', 'kernel_size': 2, 'divisor_override': 2}        | 1x1x4     | divisor_override",
        "{'op': 'avg_pool', 'kernel_size': 2, 'ceil_mode': 'yes'}           | 1x1x4x4   | ceil_mode",
        "{'op': 'avg_pool', 'kernel_size': 2, 'count_include_pad': 1}       | 1x1x4x4   | count_include_pad",
        "{'op': 'avg_pool', 'kernel_size': 2, 'dilation': 1}                | 1x1x4x4   | dilation",
        "{'op': 'avg_pool', 'stride': 2}                                    | 1x1x4x4   | kernel_size",
        "{'op': 'max_unpool', 'kernel_size': 2}                             | 1x1x2x2   | indices",
        "{'op': 'max_unpool', 'indices': {'shape': [1, 1, 2], 'data': [0, 1]}} | 1x1x2  | kernel_size",
        "{'op': 'max_unpool', 'kernel_size': 2, 'indices': {'shape': [1, 1, 2], 'data': [0, 4]}}   | 1x1x2 | indices",
        "{'op': 'max_unpool', 'kernel_size': 2, 'indices': {'shape': [1, 1, 2], 'data': [0, -1]}}  | 1x1x2 | indices",
        "{'op': 'max_unpool', 'kernel_size': 2, 'indices': {'shape': [1, 1, 2], 'data': [0, 1.5]}} | 1x1x2 | indices",
        "{'op': 'max_unpool', 'kernel_size': 2, 'indices': {'shape': [1, 1, 2], 'data': [3, 3]}}   | 1x1x2 | indices",
        "{'op': 'max_unpool', 'kernel_size': 2, 'indices': {'shape': [1, 1, 3], 'data': [0, 1, 2]}} | 1x1x2 | indices",
        "{'op': 'max_unpool', 'kernel_size': 2, 'output_size': [6], 'indices': {'shape': [1, 1, 2], 'data': [0, 1]}} | 1x1x2 | output_size",
        "{'op': 'max_unpool', 'kernel_size': 2, 'output_size': [2], 'indices': {'shape': [1, 1, 2], 'data': [0, 1]}} | 1x1x2 | output_size",
        "{'op': 'max_unpool', 'kernel_size': 2, 'output_size': [1, 5], 'indices': {'shape': [1, 1, 2], 'data': [0, 1]}} | 1x1x2 | output_size",
        "{'op': 'max_unpool', 'kernel_size': 2, 'output_size': 5, 'indices': {'shape': [1, 1, 2], 'data': [0, 1]}} | 1x1x2 | output_size",
        "{'op': 'max_unpool', 'kernel_size': 2, 'stride': 0, 'indices': {'shape': [1, 1, 2], 'data': [0, 1]}}       | 1x1x2 | stride",
        "{'op': 'max_unpool', 'kernel_size': 1, 'padding': 1, 'indices': {'shape': [1, 1, 2], 'data': [0, 1]}}      | 1x1x2 | input",
        "{'op': 'max_unpool', 'kernel_size': 2, 'stride': 50000, 'indices': {'shape': [1, 1, 2, 2], 'data': [0, 1, 2, 3]}} | 1x1x2x2 | input",
        "{'op': 'max_unpool', 'kernel_size': 2, 'stride': 50000, 'output_size': [50001, 50001], 'indices': {'shape': [1, 1, 2, 2], 'data': [0, 1, 2, 3]}} | 1x1x2x2 | output_size",
        "{'op': 'max_unpool', 'kernel_size': 2, 'ceil_mode': false, 'indices': {'shape': [1, 1, 2], 'data': [0, 1]}} | 1x1x2 | ceil_mode",
    })
    void invalidFieldIsRefusedByName(String json, String dims, String field) {
        InvalidSpecException e = refusal(json, shape(dims), "");
        assertEquals(field, e.field(), e::getMessage);
        assertTrue(e.getMessage().contains(field), e::getMessage);
    }

    @Test
    void fieldsInsideASequentialCarryTheirPath() {
        InvalidSpecException e = refusal("{'op': 'pixel_shuffle', 'upscale_factor': 0}", new int[] {1, 4, 2, 2},
                "layers[2].");
        assertEquals("layers[2].upscale_factor", e.field(), e::getMessage);
        InvalidSpecException p = refusal("{'op': 'avg_pool', 'kernel_size': 3, 'padding': 2}", new int[] {1, 1, 4, 4},
                "layers[0].");
        assertEquals("layers[0].padding", p.field(), p::getMessage);
    }

    @Test
    void indexErrorsNameTheOffendingPosition() {
        InvalidSpecException range = refusal("{'op': 'max_unpool', 'kernel_size': 2, 'indices': {'shape': [2, 1, 2], "
                + "'data': [0, 1, 2, 4]}}", new int[] {2, 1, 2}, "");
        assertTrue(range.getMessage().contains("indices.data[3] (batch element 1, channel 0) = 4.0"), range::getMessage);
        InvalidSpecException repeat = refusal("{'op': 'max_unpool', 'kernel_size': 2, 'indices': {'shape': [1, 2, 2], "
                + "'data': [0, 1, 2, 2]}}", new int[] {1, 2, 2}, "");
        assertTrue(repeat.getMessage().contains("indices.data[3] (batch element 0, channel 1) = 2 repeats indices.data[2]"),
                repeat::getMessage);
    }

    @Test
    void theSameIndexInTwoPlanesIsAllowed() throws Exception {
        CaseFields f = CaseFields.of(new ObjectMapper().readTree("{\"op\": \"max_unpool\", \"kernel_size\": 2, "
                + "\"indices\": {\"shape\": [2, 1, 1], \"data\": [1, 1]}}"), "");
        Layer layer = Ops.read(f, new int[] {2, 1, 1});
        f.rejectUnknown();
        assertEquals(java.util.List.of(2, 1, 2), java.util.Arrays.stream(layer.outputShape(new int[] {2, 1, 1}))
                .boxed().toList());
    }
}
