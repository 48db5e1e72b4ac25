package org.convmatrix.spec;

import java.util.Arrays;

/**
 * The {@code padding} of a layer as written in a case file: one integer per axis (both sides),
 * one {@code [before, after]} pair per axis, or PyTorch's strings {@code "same"} and {@code "valid"}.
 *
 * <p>Immutable. The per-axis amounts are resolved against the kernel by {@link ConvSpec}:
 * {@code "valid"} is 0; {@code "same"} pads a total of {@code dilation·(kernel_size-1)} per axis,
 * {@code floor(total/2)} before and the rest (the odd extra element) after, as PyTorch does.
 */
public final class Padding {
    /** How the padding was written. */
    public enum Form {
        /** One integer per axis, applied to both sides. */
        SYMMETRIC,
        /** One {@code [before, after]} pair per axis. */
        PAIRS,
        /** PyTorch's {@code "same"}: output length equals input length (stride 1). */
        SAME,
        /** PyTorch's {@code "valid"}: no padding. */
        VALID
    }

    private static final Padding SAME = new Padding(Form.SAME, null, null);
    private static final Padding VALID = new Padding(Form.VALID, null, null);

    private final Form form;
    private final int[] before;
    private final int[] after;

    private Padding(Form form, int[] before, int[] after) {
        this.form = form;
        this.before = before;
        this.after = after;
    }

    /** @return PyTorch's {@code "same"} padding */
    public static Padding same() {
        return SAME;
    }

    /** @return PyTorch's {@code "valid"} padding (none) */
    public static Padding valid() {
        return VALID;
    }

    /** @param perAxis the amount added on both sides of each axis (copied) */
    public static Padding symmetric(int... perAxis) {
        return new Padding(Form.SYMMETRIC, perAxis.clone(), perAxis.clone());
    }

    /**
     * @param before the amount added before each axis (copied)
     * @param after  the amount added after each axis (copied); same length as {@code before}
     */
    public static Padding pairs(int[] before, int[] after) {
        if (before.length != after.length) {
            throw new InvalidSpecException("padding", "padding needs as many after as before amounts, but had "
                    + before.length + " and " + after.length);
        }
        return new Padding(Form.PAIRS, before.clone(), after.clone());
    }

    /** @return how the padding was written */
    public Form form() {
        return form;
    }

    /** @return the number of axes given explicitly, or -1 for the strings, which fit any */
    int explicitDims() {
        return before == null ? -1 : before.length;
    }

    /** Padding before {@code axis} for a kernel extent {@code dilation*(k-1)} on that axis. */
    int before(int axis, long dilatedSpan) {
        switch (form) {
            case SAME:
                return Math.toIntExact(dilatedSpan / 2);
            case VALID:
                return 0;
            default:
                return before[axis];
        }
    }

    /** Padding after {@code axis} for a kernel extent {@code dilation*(k-1)} on that axis. */
    int after(int axis, long dilatedSpan) {
        switch (form) {
            case SAME:
                return Math.toIntExact(dilatedSpan - dilatedSpan / 2);
            case VALID:
                return 0;
            default:
                return after[axis];
        }
    }

    @Override
    public String toString() {
        switch (form) {
            case SAME:
                return "\"same\"";
            case VALID:
                return "\"valid\"";
            case SYMMETRIC:
                return Arrays.toString(before);
            default:
                StringBuilder sb = new StringBuilder("[");
                for (int a = 0; a < before.length; a++) {
                    sb.append(a == 0 ? "" : ", ").append('[').append(before[a]).append(", ").append(after[a]).append(']');
                }
                return sb.append(']').toString();
        }
    }
}
