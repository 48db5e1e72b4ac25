package org.convmatrix.io;

import org.convmatrix.spec.ConvLayer;
import org.convmatrix.spec.Tensor;

/**
 * One case of the case format ({@code shared/case-format.md}): a layer, an input batch and, optionally,
 * the output a reference framework computed for it. Instances come validated from {@link CaseReader}:
 * the input fits the layer and {@code expected}, when present, has the layer's output shape.
 *
 * @param name     the free-text name, or {@code null}
 * @param layer    the layer with its weights and bias
 * @param input    {@code [N, in_channels, *spatial]}
 * @param expected {@code [N, out_channels, *spatial_out]}, or {@code null}
 */
public record CaseFile(String name, ConvLayer layer, Tensor input, Tensor expected) {
}
