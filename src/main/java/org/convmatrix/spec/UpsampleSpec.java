package org.convmatrix.spec;

import java.util.Arrays;

/**
 * An upsampling layer, PyTorch 1.13's {@code nn.Upsample} / {@code F.interpolate} on the CPU in float64:
 * a mode, exactly one of {@code size} and {@code scale_factor} (one value per spatial dimension),
 * {@code align_corners} and {@code recompute_scale_factor}. It maps {@code [N, C, *in]} to {@code [N, C, *out]}
 * with, per axis,
 * <pre>  out = size                      when size is given
 *   out = floor(in · scale_factor)  otherwise, computed in double (functional.py and the C++ kernel agree)</pre>
 * and is linear in the input. Which source positions an output reads is the geometry of
 * {@code index.UpsampleAxis}; this type holds only the validated description.
 *
 * <p><b>The scale the kernel sees.</b> With {@code scale_factor} given and {@code recompute_scale_factor} false
 * PyTorch passes the user's factor to the kernel, which then uses {@code 1/scale_factor} (not {@code in/out})
 * as the source step; with {@code recompute_scale_factor} true, or with {@code size}, it passes none and the
 * kernel uses {@code in/out}. {@link #kernelScale(int)} returns what the kernel gets.
 *
 * <p>Validation (errors name the case field, its value and the allowed range, through
 * {@link InvalidSpecException}): 1 to 3 spatial dimensions and a mode that fits them; exactly one of size and
 * scale_factor, one entry per spatial dimension; sizes {@code >= 1}; scale factors finite and {@code > 0};
 * align_corners only for the interpolating modes; recompute_scale_factor only with a scale_factor (as PyTorch
 * refuses it with a size). Output sizes are checked against an input in {@link #outputShape(int[])}: each must be
 * {@code >= 1}. Immutable and thread-safe.
 */
public final class UpsampleSpec implements Layer {
    private final String prefix;
    private final UpsampleMode mode;
    private final int dims;
    private final int[] size;
    private final double[] scaleFactor;
    private final boolean alignCorners;
    private final boolean recomputeScaleFactor;

    private UpsampleSpec(String prefix, UpsampleMode mode, int dims, int[] size, double[] scaleFactor,
            boolean alignCorners, boolean recomputeScaleFactor) {
        this.prefix = prefix;
        this.mode = mode;
        this.dims = dims;
        this.size = size;
        this.scaleFactor = scaleFactor;
        this.alignCorners = alignCorners;
        this.recomputeScaleFactor = recomputeScaleFactor;
    }

    /** As {@link #of(String, UpsampleMode, int, int[], double[], boolean, boolean)} at the top level of a case. */
    public static UpsampleSpec of(UpsampleMode mode, int dims, int[] size, double[] scaleFactor, boolean alignCorners,
            boolean recomputeScaleFactor) {
        return of("", mode, dims, size, scaleFactor, alignCorners, recomputeScaleFactor);
    }

    /**
     * Validates and builds an upsampling layer (the arrays are copied).
     *
     * @param prefix       the field path errors put before a key ({@code ""}, or {@code "layers[2]."} in a chain)
     * @param dims         the number of spatial dimensions {@code d} of the input
     * @param size         the output size per axis, or {@code null}
     * @param scaleFactor  the factor per axis, or {@code null}; exactly one of the two is given
     * @throws InvalidSpecException naming the field at fault
     */
    public static UpsampleSpec of(String prefix, UpsampleMode mode, int dims, int[] size, double[] scaleFactor,
            boolean alignCorners, boolean recomputeScaleFactor) {
        checkDims(prefix, mode, dims);
        if ((size == null) == (scaleFactor == null)) {
            String field = size == null ? "size" : "scale_factor";
            throw new InvalidSpecException(prefix + field, prefix + field + (size == null
                    ? ": exactly one of size and scale_factor is required but neither was given"
                    : " must be absent when size is given (exactly one of size and scale_factor)"));
        }
        if (size != null) {
            checkSizes(prefix + "size", size, dims);
        } else {
            checkScales(prefix + "scale_factor", scaleFactor, dims);
        }
        if (alignCorners && !mode.interpolating()) {
            throw new InvalidSpecException(prefix + "align_corners", prefix + "align_corners applies only to the modes "
                    + "linear, bilinear, bicubic, trilinear but mode is \"" + mode.caseName() + "\"");
        }
        if (recomputeScaleFactor && size != null) {
            throw new InvalidSpecException(prefix + "recompute_scale_factor", prefix + "recompute_scale_factor must be "
                    + "false or absent with an explicit size (it only applies to scale_factor) but was true");
        }
        return new UpsampleSpec(prefix, mode, dims, size == null ? null : size.clone(),
                scaleFactor == null ? null : scaleFactor.clone(), alignCorners, recomputeScaleFactor);
    }

    /**
     * Checks that an input of {@code dims} spatial dimensions can be upsampled in {@code mode}.
     *
     * @throws InvalidSpecException naming {@code input} (not 1 to 3 dimensions) or {@code mode} (a mode for others)
     */
    public static void checkDims(String prefix, UpsampleMode mode, int dims) {
        if (dims < 1 || dims > 3) {
            throw new InvalidSpecException(prefix + "input", prefix + "input must have 1 to 3 spatial dimensions "
                    + "([N, C, W] to [N, C, D, H, W]) for an upsample but had " + dims);
        }
        if (!mode.fits(dims)) {
            throw new InvalidSpecException(prefix + "mode", prefix + "mode \"" + mode.caseName() + "\" needs "
                    + mode.allowedDims() + " spatial dimension(s) but the input has " + dims);
        }
    }

    private static void checkSizes(String field, int[] size, int dims) {
        checkLength(field, size.length, dims);
        for (int a = 0; a < dims; a++) {
            if (size[a] < 1) {
                throw new InvalidSpecException(field, field + "[" + a + "] must be >= 1 but was " + size[a]);
            }
        }
    }

    private static void checkScales(String field, double[] scale, int dims) {
        checkLength(field, scale.length, dims);
        for (int a = 0; a < dims; a++) {
            if (!(scale[a] > 0) || !Double.isFinite(scale[a])) {
                throw new InvalidSpecException(field, field + "[" + a + "] must be a finite number > 0 but was "
                        + scale[a]);
            }
        }
    }

    private static void checkLength(String field, int length, int dims) {
        if (length != dims) {
            throw new InvalidSpecException(field, field + " must have " + dims + " entries (one per spatial dimension) "
                    + "but had " + length);
        }
    }

    @Override
    public String op() {
        return "upsample";
    }

    /**
     * @param inputShape {@code [N, C, *in]} with {@code d} spatial sizes, {@code N >= 0}, the others {@code >= 1}
     * @return {@code [N, C, *out]}
     * @throws InvalidSpecException naming {@code input} for a shape that does not fit, or {@code size} /
     *     {@code scale_factor} when an output size would be smaller than 1 or too large
     */
    @Override
    public int[] outputShape(int[] inputShape) {
        checkInput(inputShape);
        int[] out = inputShape.clone();
        long count = inputShape[1];
        for (int a = 0; a < dims; a++) {
            out[a + 2] = outputSize(a, inputShape[a + 2]);
            count = Math.multiplyExact(count, out[a + 2]); // both factors < 2^31: no overflow of long
            if (count > Integer.MAX_VALUE) {
                String field = prefix + (size == null ? "scale_factor" : "size");
                throw new InvalidSpecException(field, field + " gives an output " + Arrays.toString(out) + " with more "
                        + "than " + Integer.MAX_VALUE + " elements per sample");
            }
        }
        return out;
    }

    private void checkInput(int[] inputShape) {
        String field = prefix + "input";
        if (inputShape.length != dims + 2) {
            throw new InvalidSpecException(field, field + ".shape must be [N, C] and " + dims + " spatial size(s) for "
                    + "this upsample but was " + Arrays.toString(inputShape));
        }
        if (inputShape[0] < 0) {
            throw new InvalidSpecException(field, field + ".shape[0] must be >= 0 but was " + inputShape[0]);
        }
        for (int a = 1; a < inputShape.length; a++) {
            if (inputShape[a] < 1) {
                throw new InvalidSpecException(field, field + ".shape[" + a + "] must be >= 1 for an upsample but was "
                        + inputShape[a]);
            }
        }
    }

    /**
     * The output size of one axis: {@code size[axis]}, or {@code floor(in · scale_factor[axis])} in double.
     *
     * @throws InvalidSpecException naming {@code scale_factor} when that is below 1 or beyond {@code int}
     */
    public int outputSize(int axis, int in) {
        if (size != null) {
            return size[axis];
        }
        double out = Math.floor((double) in * scaleFactor[axis]);
        if (out < 1 || out > Integer.MAX_VALUE) {
            String field = prefix + "scale_factor";
            throw new InvalidSpecException(field, field + "[" + axis + "] = " + scaleFactor[axis] + " gives an output "
                    + "size floor(" + in + " · " + scaleFactor[axis] + ") = " + (long) out + " but it must be in [1, "
                    + Integer.MAX_VALUE + "]");
        }
        return (int) out;
    }

    /**
     * The output size of one axis worked out, for {@code shape}: {@code "size[0] = 8"} or
     * {@code "floor(5 · 1.7) = 8"}.
     */
    public String explainOutputSize(int axis, int in) {
        int out = outputSize(axis, in);
        return size != null ? "size[" + axis + "] = " + out : "floor(" + in + " · " + scaleFactor[axis] + ") = " + out;
    }

    /**
     * The scale the CPU kernel receives for an axis: the user's {@code scale_factor[axis]} when it was given and
     * {@code recompute_scale_factor} is false, else {@code NaN} (none: the kernel then uses {@code in/out}).
     */
    public double kernelScale(int axis) {
        return scaleFactor != null && !recomputeScaleFactor ? scaleFactor[axis] : Double.NaN;
    }

    /** @return the mode */
    public UpsampleMode mode() {
        return mode;
    }

    /** @return the number of spatial dimensions {@code d} */
    public int dims() {
        return dims;
    }

    /** @return a copy of {@code size}, or {@code null} when {@code scale_factor} was given */
    public int[] size() {
        return size == null ? null : size.clone();
    }

    /** @return a copy of {@code scale_factor}, or {@code null} when {@code size} was given */
    public double[] scaleFactor() {
        return scaleFactor == null ? null : scaleFactor.clone();
    }

    /** @return {@code align_corners} (always false for the nearest modes) */
    public boolean alignCorners() {
        return alignCorners;
    }

    /** @return {@code recompute_scale_factor} */
    public boolean recomputeScaleFactor() {
        return recomputeScaleFactor;
    }

    @Override
    public String toString() {
        return "upsample(mode=" + mode.caseName() + (size != null ? ", size=" + Arrays.toString(size)
                : ", scale_factor=" + Arrays.toString(scaleFactor)) + (mode.interpolating() ? ", align_corners="
                + alignCorners : "") + (recomputeScaleFactor ? ", recompute_scale_factor=true" : "") + ")";
    }
}
