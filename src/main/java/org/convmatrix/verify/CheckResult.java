package org.convmatrix.verify;

/**
 * The outcome of one check on a case.
 *
 * @param name    what was checked, e.g. {@code "matrix vs direct"}
 * @param status  passed, failed, or not applicable to this case
 * @param detail  the numbers behind the verdict
 */
public record CheckResult(String name, Status status, String detail) {
    /** The verdict of a check. */
    public enum Status {
        PASS,
        FAIL,
        SKIP
    }

    static CheckResult of(String name, boolean passed, String detail) {
        return new CheckResult(name, passed ? Status.PASS : Status.FAIL, detail);
    }

    /** @return one line: status, name, detail */
    public String line() {
        return String.format("%-4s %s: %s", status, name, detail);
    }
}
