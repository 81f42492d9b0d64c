package io.dpnet.data;

import java.util.Arrays;

/**
 * Parses and validates one LIBSVM line, {@code label index:value index:value ...}, with the rules
 * of Spark's {@code libsvm} source (fields separated by single spaces, indices 1-based and strictly
 * ascending, blank lines and {@code #} comments skipped) plus dpnet's own: the label is an integer
 * class and every index fits the feature count.
 *
 * <p>Spark's reader reports a bad line without saying where it is; dpnet reads the data with
 * Spark and, only when that fails, rescans the text with this parser to name the file and line.
 */
public final class LibSvmLine {
    /** A parsed line: the class and the sparse features with 0-based indices. */
    public record Parsed(int label, int[] indices, double[] values) {
    }

    private LibSvmLine() {
    }

    /** Whether Spark's reader skips the line (blank or a comment). */
    public static boolean skipped(String line) {
        String t = line.trim();
        return t.isEmpty() || t.startsWith("#");
    }

    /**
     * @param features the number of features: indices must lie in {@code 1..features}
     * @param classes labels must lie in {@code [0, classes)}; {@link Labels#IGNORED} skips the check
     */
    public static Parsed parse(String line, int features, int classes) throws LineFormatException {
        String[] items = line.trim().split(" ");
        double label = NumberField.parse(items[0], "a numeric label");
        int cls = Labels.toClass(label, items[0], classes);
        int[] indices = new int[items.length - 1];
        double[] values = new double[items.length - 1];
        int n = 0;
        int previous = 0;
        for (int i = 1; i < items.length; i++) {
            String item = items[i];
            if (item.isEmpty()) {
                continue;
            }
            int colon = item.indexOf(':');
            if (colon < 0 || colon != item.lastIndexOf(':')) {
                throw new LineFormatException("expected index:value but found '" + item + "'");
            }
            String indexText = item.substring(0, colon);
            int index;
            try {
                index = Integer.parseInt(indexText);
            } catch (NumberFormatException e) {
                throw new LineFormatException("expected an integer feature index but found '" + indexText + "'");
            }
            if (index < 1) {
                throw new LineFormatException("feature index " + index + " is not ≥ 1");
            }
            if (index <= previous) {
                throw new LineFormatException("feature index " + index + " follows " + previous
                        + " (indices must be ascending)");
            }
            if (index > features) {
                throw new LineFormatException("expected feature indices in 1.." + features + " but found " + index);
            }
            values[n] = NumberField.parse(item.substring(colon + 1), "a number for feature " + index);
            indices[n++] = index - 1;
            previous = index;
        }
        return new Parsed(cls, Arrays.copyOf(indices, n), Arrays.copyOf(values, n));
    }
}
