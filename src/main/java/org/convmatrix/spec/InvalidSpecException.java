package org.convmatrix.spec;

/**
 * A layer, tensor or case that cannot be lowered, with the case-file field it is about.
 *
 * <p>The message names the field, the value and the allowed range, for example
 * {@code stride[1] must be >= 1 but was 0}; {@link #field()} is the top-level case-file key
 * ({@code stride}), or {@code case} when the file itself is unreadable.
 */
public final class InvalidSpecException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String field;

    /**
     * @param field   the top-level case-file field at fault
     * @param message the full message, naming the field, the value and the allowed range
     */
    public InvalidSpecException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** @return the top-level case-file field at fault */
    public String field() {
        return field;
    }
}
