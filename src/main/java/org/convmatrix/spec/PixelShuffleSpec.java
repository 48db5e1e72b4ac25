package org.convmatrix.spec;

import java.util.Arrays;
import java.util.function.UnaryOperator;

/**
 * PyTorch's {@code nn.PixelShuffle(r)}: {@code [N, C·r², H, W] -> [N, C, H·r, W·r]} with
 * <pre>  out[n, c, h·r + i, w·r + j] = in[n, c·r² + i·r + j, h, w],   0 <= i, j < r.</pre>
 * A permutation of the elements, so its matrix {@code A} has one 1 in every row and column and
 * {@code AᵀA = I}; {@link PixelUnshuffleSpec} is its inverse. PyTorch shuffles the last two dimensions, so
 * the input has exactly two spatial dimensions here. Immutable and thread-safe.
 */
public final class PixelShuffleSpec implements Layer {
    /** The case-format name. */
    public static final String OP = "pixel_shuffle";

    private final int upscaleFactor;

    private PixelShuffleSpec(int upscaleFactor) {
        this.upscaleFactor = upscaleFactor;
    }

    /** @param upscaleFactor {@code r >= 1} */
    public static PixelShuffleSpec of(int upscaleFactor) {
        return of(upscaleFactor, UnaryOperator.identity());
    }

    /**
     * @param upscaleFactor {@code r >= 1}
     * @param name          the field name errors give a key (adds the path of a nested layer)
     * @throws InvalidSpecException naming {@code upscale_factor}
     */
    public static PixelShuffleSpec of(int upscaleFactor, UnaryOperator<String> name) {
        if (upscaleFactor < 1) {
            throw new InvalidSpecException(name.apply("upscale_factor"), name.apply("upscale_factor")
                    + " must be >= 1 but was " + upscaleFactor);
        }
        return new PixelShuffleSpec(upscaleFactor);
    }

    /** @return {@code r} */
    public int upscaleFactor() {
        return upscaleFactor;
    }

    @Override
    public String op() {
        return OP;
    }

    /**
     * @return {@code [N, C/r², H·r, W·r]}
     * @throws InvalidSpecException naming {@code input} for a shape other than {@code [N, C, H, W]}, and naming
     *     {@code upscale_factor} when {@code r²} does not divide {@code C}
     */
    @Override
    public int[] outputShape(int[] inputShape) {
        requireFourAxes(OP, inputShape);
        int rr = Math.multiplyExact(upscaleFactor, upscaleFactor);
        if (inputShape[1] % rr != 0) {
            throw new InvalidSpecException("upscale_factor", "upscale_factor = " + upscaleFactor + ": its square "
                    + rr + " must divide the input's channels, but input.shape[1] = " + inputShape[1]);
        }
        return new int[] {inputShape[0], inputShape[1] / rr, Math.multiplyExact(inputShape[2], upscaleFactor),
            Math.multiplyExact(inputShape[3], upscaleFactor)};
    }

    /** @throws InvalidSpecException naming {@code input} unless the shape is {@code [N, C, H, W]} */
    static void requireFourAxes(String op, int[] inputShape) {
        if (inputShape.length != 4) {
            throw new InvalidSpecException("input", "input must be [N, C, H, W] (" + op + " acts on two spatial "
                    + "dimensions) but had shape " + Arrays.toString(inputShape));
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PixelShuffleSpec && ((PixelShuffleSpec) o).upscaleFactor == upscaleFactor;
    }

    @Override
    public int hashCode() {
        return upscaleFactor;
    }

    @Override
    public String toString() {
        return "PixelShuffle(upscale_factor=" + upscaleFactor + ")";
    }
}
