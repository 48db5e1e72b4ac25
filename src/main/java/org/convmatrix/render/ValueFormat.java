package org.convmatrix.render;

import java.math.BigDecimal;
import java.util.Locale;

/**
 * How numbers are printed in matrices and pictures: exact ({@link #exact}, shortest round-tripping
 * decimal, integers without {@code .0}) or compact for a cell ({@link #compact}, at most three
 * significant digits). Stateless and thread-safe.
 */
public final class ValueFormat {
    private ValueFormat() {
    }

    /** @return {@code 3} for 3.0, {@code -0.25} for -0.25, {@code 1.0E-20} stays as Java prints it */
    public static String exact(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        String s = Double.toString(v);
        if (s.contains("E")) {
            return new BigDecimal(s).toPlainString().length() <= 12 ? new BigDecimal(s).toPlainString() : s;
        }
        return s;
    }

    /** @return at most 3 significant digits, no trailing zeros: {@code 0.53}, {@code -12.3}, {@code 1.2e-05} */
    public static String compact(double v) {
        if (v == 0) {
            return "0";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1000) {
            return Long.toString((long) v).replace('-', '\u2212');
        }
        double a = Math.abs(v);
        String s;
        if (a >= 1e-2 && a < 1e3) {
            s = new BigDecimal(v).round(new java.math.MathContext(3)).stripTrailingZeros().toPlainString();
        } else {
            s = String.format(Locale.ROOT, "%.2g", v).replace("e+0", "e").replace("e-0", "e-");
        }
        return s.replace('-', '\u2212');
    }
}
