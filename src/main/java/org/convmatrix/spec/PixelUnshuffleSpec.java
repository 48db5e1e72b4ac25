package org.convmatrix.spec;

import java.util.function.UnaryOperator;

/**
 * PyTorch's {@code nn.PixelUnshuffle(r)}: {@code [N, C, H·r, W·r] -> [N, C·r², H, W]} with
 * <pre>  out[n, c·r² + i·r + j, h, w] = in[n, c, h·r + i, w·r + j],   0 <= i, j < r,</pre>
 * the inverse of {@link PixelShuffleSpec} with the same {@code r}: its matrix is the shuffle's transpose.
 * Immutable and thread-safe.
 */
public final class PixelUnshuffleSpec implements Layer {
    /** The case-format name. */
    public static final String OP = "pixel_unshuffle";

    private final int downscaleFactor;

    private PixelUnshuffleSpec(int downscaleFactor) {
        this.downscaleFactor = downscaleFactor;
    }

    /** @param downscaleFactor {@code r >= 1} */
    public static PixelUnshuffleSpec of(int downscaleFactor) {
        return of(downscaleFactor, UnaryOperator.identity());
    }

    /**
     * @param downscaleFactor {@code r >= 1}
     * @param name            the field name errors give a key (adds the path of a nested layer)
     * @throws InvalidSpecException naming {@code downscale_factor}
     */
    public static PixelUnshuffleSpec of(int downscaleFactor, UnaryOperator<String> name) {
        if (downscaleFactor < 1) {
            throw new InvalidSpecException(name.apply("downscale_factor"), name.apply("downscale_factor")
                    + " must be >= 1 but was " + downscaleFactor);
        }
        return new PixelUnshuffleSpec(downscaleFactor);
    }

    /** @return {@code r} */
    public int downscaleFactor() {
        return downscaleFactor;
    }

    @Override
    public String op() {
        return OP;
    }

    /**
     * @return {@code [N, C·r², H/r, W/r]}
     * @throws InvalidSpecException naming {@code input} for a shape other than {@code [N, C, H, W]}, and naming
     *     {@code downscale_factor} when {@code r} does not divide {@code H} or {@code W}
     */
    @Override
    public int[] outputShape(int[] inputShape) {
        PixelShuffleSpec.requireFourAxes(OP, inputShape);
        for (int a = 2; a < 4; a++) {
            if (inputShape[a] % downscaleFactor != 0) {
                throw new InvalidSpecException("downscale_factor", "downscale_factor = " + downscaleFactor
                        + " must divide the input's " + (a == 2 ? "height" : "width") + ", but input.shape[" + a + "] = "
                        + inputShape[a]);
            }
        }
        int rr = Math.multiplyExact(downscaleFactor, downscaleFactor);
        return new int[] {inputShape[0], Math.multiplyExact(inputShape[1], rr), inputShape[2] / downscaleFactor,
            inputShape[3] / downscaleFactor};
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PixelUnshuffleSpec && ((PixelUnshuffleSpec) o).downscaleFactor == downscaleFactor;
    }

    @Override
    public int hashCode() {
        return downscaleFactor;
    }

    @Override
    public String toString() {
        return "PixelUnshuffle(downscale_factor=" + downscaleFactor + ")";
    }
}
