package io.dpnet.data;

/** Strict parsing of one numeric text field: finite decimal numbers only. */
final class NumberField {
    private NumberField() {
    }

    /**
     * Parses {@code text}; {@code what} names the field in the message ("a number for feature 3").
     * Java's parser would also take "NaN", "Infinity", hex floats and a trailing 'd' or 'f'; none of
     * those is a sensible feature value, so anything but plain decimal notation is refused.
     */
    static double parse(String text, String what) throws LineFormatException {
        if (!looksDecimal(text)) {
            throw new LineFormatException("expected " + what + " but found '" + text + "'");
        }
        try {
            double v = Double.parseDouble(text);
            if (!Double.isFinite(v)) {
                throw new LineFormatException("expected " + what + " but found '" + text + "' (out of range)");
            }
            return v;
        } catch (NumberFormatException e) {
            throw new LineFormatException("expected " + what + " but found '" + text + "'");
        }
    }

    private static boolean looksDecimal(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
