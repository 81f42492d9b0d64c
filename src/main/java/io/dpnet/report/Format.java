package io.dpnet.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/** Number formats shared by the HTML report and {@code dpnet info}. */
final class Format {
    private Format() {
    }

    /** A fraction as a percentage with two decimals ("97.91%"), or "n/a". */
    static String percent(double fraction) {
        return Double.isFinite(fraction) ? String.format(Locale.ROOT, "%.2f%%", fraction * 100) : "n/a";
    }

    /** Four decimals, the precision of the per-class table ("0.9812"), or "n/a". */
    static String fixed4(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4f", v) : "n/a";
    }

    /**
     * A probability as a short percentage ("97.3%"); never rounds a value below 1 up to "100.0%",
     * which would claim certainty the model did not have.
     */
    static String confidence(double p) {
        String s = String.format(Locale.ROOT, "%.1f%%", p * 100);
        return p < 1 && s.equals("100.0%") ? ">99.9%" : s;
    }

    /** Six significant digits without trailing zeros; integers as integers; "n/a" for NaN. */
    static String number(Object value) {
        if (value instanceof Long || value instanceof Integer) {
            return value.toString();
        }
        double d = ((Number) value).doubleValue();
        if (!Double.isFinite(d)) {
            return "n/a";
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        double abs = Math.abs(d);
        if (abs >= 1e-4 && abs < 1e9) {
            return new BigDecimal(d).round(new MathContext(6)).stripTrailingZeros().toPlainString();
        }
        return String.format(Locale.ROOT, "%.5e", d);
    }

    /** A duration as "42.3 s", "3 min 12 s" or "2 h 05 min". */
    static String duration(double seconds) {
        if (!Double.isFinite(seconds)) {
            return "n/a";
        }
        if (seconds < 60) {
            return String.format(Locale.ROOT, "%.1f s", seconds);
        }
        long s = Math.round(seconds);
        if (s < 3600) {
            return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%d h %02d min", s / 3600, (s % 3600) / 60);
    }

    /** An integer with thousands separators ("269,322"). */
    static String grouped(long v) {
        return String.format(Locale.ROOT, "%,d", v);
    }
}
