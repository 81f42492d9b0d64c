package io.dpnet.data;

/** Class labels as stored in text and DataFrames (doubles) must be integer classes in {@code [0, classes)}. */
public final class Labels {
    private Labels() {
    }

    /**
     * The class index of {@code label}, or an exception naming the value as the input wrote it.
     *
     * @param classes the number of classes, or {@link #IGNORED}: then any label is accepted and
     *     -1 returned (predict reads labelled inputs but does not use their labels)
     */
    public static int toClass(double label, String asWritten, int classes) throws LineFormatException {
        if (classes == IGNORED) {
            return -1;
        }
        if (label != Math.rint(label) || label < 0 || label >= classes) {
            throw new LineFormatException("label " + asWritten + " is not an integer class in [0, " + classes + ")");
        }
        return (int) label;
    }

    /** {@code classes} value for inputs whose labels are not used. */
    public static final int IGNORED = 0;

    /** A label as a person would write it: {@code 3}, not {@code 3.0}. */
    public static String format(double label) {
        return label == Math.rint(label) && Math.abs(label) < 1e15 ? Long.toString((long) label)
                : Double.toString(label);
    }
}
