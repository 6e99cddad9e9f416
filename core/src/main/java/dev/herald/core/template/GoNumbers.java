package dev.herald.core.template;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/** Go's {@code strconv.FormatFloat} for the 'e', 'f' and 'g' formats, as {@code fmt} uses it. */
final class GoNumbers {

    private GoNumbers() {
    }

    /** Decimal digits {@code 0.d1d2...dn × 10^dp}; no leading or trailing zeros; empty for zero. */
    private record Digits(String digits, int dp) {
        int nd() {
            return digits.length();
        }

        char at(int i) {
            return i >= 0 && i < digits.length() ? digits.charAt(i) : '0';
        }

        static Digits of(BigDecimal value) {
            if (value.signum() == 0) {
                return new Digits("", 0);
            }
            BigDecimal stripped = value.stripTrailingZeros();
            String digits = stripped.unscaledValue().abs().toString();
            return new Digits(digits, digits.length() - stripped.scale());
        }
    }

    private static String special(double v, boolean plus) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        return null;
    }

    private static boolean negative(double v) {
        return v < 0 || (v == 0 && 1 / v < 0);
    }

    private static Digits shortest(double abs) {
        return abs == 0 ? new Digits("", 0) : Digits.of(new BigDecimal(Double.toString(abs)));
    }

    /** {@code %g} (precision {@code prec}, or shortest when negative) of a float64; {@code E} exponent if upper. */
    static String formatG(double v, int prec, boolean upper) {
        String special = special(v, false);
        if (special != null) {
            return special;
        }
        double abs = Math.abs(v);
        Digits digs;
        boolean shortest = prec < 0;
        if (shortest) {
            digs = shortest(abs);
            prec = digs.nd();
        } else {
            if (prec == 0) {
                prec = 1;
            }
            digs = abs == 0 ? new Digits("", 0)
                    : Digits.of(new BigDecimal(abs).round(new MathContext(prec, RoundingMode.HALF_EVEN)));
        }
        return formatGDigits(negative(v), digs, prec, shortest, upper);
    }

    /** Shortest {@code %v} of a float32. */
    static String formatG32(float v) {
        String special = special(v, false);
        if (special != null) {
            return special;
        }
        float abs = Math.abs(v);
        Digits digs = abs == 0 ? new Digits("", 0) : Digits.of(new BigDecimal(Float.toString(abs)));
        return formatGDigits(negative(v), digs, digs.nd(), true, false);
    }

    private static String formatGDigits(boolean neg, Digits digs, int prec, boolean shortest, boolean upper) {
        int eprec = prec;
        if (eprec > digs.nd() && digs.nd() >= digs.dp()) {
            eprec = digs.nd();
        }
        if (shortest) {
            eprec = 6;
        }
        int exp = digs.dp() - 1;
        if (digs.nd() == 0) {
            exp = 0;
        }
        StringBuilder out = new StringBuilder();
        if (neg) {
            out.append('-');
        }
        if (exp < -4 || exp >= eprec) {
            if (prec > digs.nd()) {
                prec = digs.nd();
            }
            appendE(out, digs, Math.max(prec - 1, 0), upper);
        } else {
            if (prec > digs.dp()) {
                prec = digs.nd();
            }
            appendF(out, digs, Math.max(prec - digs.dp(), 0));
        }
        return out.toString();
    }

    /** {@code %e} with {@code prec} digits after the point (6 when negative). */
    static String formatE(double v, int prec, boolean upper) {
        String special = special(v, false);
        if (special != null) {
            return special;
        }
        if (prec < 0) {
            prec = 6;
        }
        double abs = Math.abs(v);
        Digits digs = abs == 0 ? new Digits("", 0)
                : Digits.of(new BigDecimal(abs).round(new MathContext(prec + 1, RoundingMode.HALF_EVEN)));
        StringBuilder out = new StringBuilder();
        if (negative(v)) {
            out.append('-');
        }
        appendE(out, digs, prec, upper);
        return out.toString();
    }

    /** {@code %f} with {@code prec} digits after the point (6 when negative). */
    static String formatF(double v, int prec) {
        String special = special(v, false);
        if (special != null) {
            return special;
        }
        if (prec < 0) {
            prec = 6;
        }
        double abs = Math.abs(v);
        Digits digs = abs == 0 ? new Digits("", 0)
                : Digits.of(new BigDecimal(abs).setScale(prec, RoundingMode.HALF_EVEN));
        StringBuilder out = new StringBuilder();
        if (negative(v)) {
            out.append('-');
        }
        appendF(out, digs, prec);
        return out.toString();
    }

    private static void appendE(StringBuilder out, Digits digs, int prec, boolean upper) {
        out.append(digs.nd() == 0 ? '0' : digs.at(0));
        if (prec > 0) {
            out.append('.');
            for (int i = 1; i <= prec; i++) {
                out.append(digs.at(i));
            }
        }
        int exp = digs.nd() == 0 ? 0 : digs.dp() - 1;
        out.append(upper ? 'E' : 'e').append(exp < 0 ? '-' : '+');
        int absExp = Math.abs(exp);
        if (absExp < 10) {
            out.append('0');
        }
        out.append(absExp);
    }

    private static void appendF(StringBuilder out, Digits digs, int prec) {
        if (digs.dp() > 0) {
            for (int i = 0; i < digs.dp(); i++) {
                out.append(digs.at(i));
            }
        } else {
            out.append('0');
        }
        if (prec > 0) {
            out.append('.');
            for (int i = 0; i < prec; i++) {
                out.append(digs.at(digs.dp() + i));
            }
        }
    }
}
