package io.dpnet.data;

import io.dpnet.data.Suggest;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Which columns of a CSV file are the label, the (optional) id and the features, resolved once on
 * the driver from the first line (the header, or the first data line), then used by every
 * executor to parse and check its lines with {@link #parse}.
 */
public final class CsvLayout implements Serializable {
    private static final long serialVersionUID = 1L;

    /** {@code data.csv.label} / {@code --csv-label} value meaning "the file has no label column". */
    public static final String NONE = "none";

    private final char delimiter;
    private final int width;
    private final int labelIndex;
    private final int idIndex;
    private final int features;
    /** The header line when the files have one (each file's first line is checked against it). */
    private final String header;

    private CsvLayout(char delimiter, int width, int labelIndex, int idIndex, int features, String header) {
        this.delimiter = delimiter;
        this.width = width;
        this.labelIndex = labelIndex;
        this.idIndex = idIndex;
        this.features = features;
        this.header = header;
    }

    /**
     * @param firstLine the first line of the first file: the header when {@code header} is set
     * @param label a column name (needs a header), a 0-based index, {@link #NONE}, or empty for the
     *     default: the first column, or — when {@code labelRequired} is false — no label if the
     *     lines are exactly as wide as the features (plus the id)
     * @param id an id column (name or index), or empty for none (for predict: a header column named
     *     {@code id} if there is one)
     * @param where the first file, for messages
     */
    public static CsvLayout resolve(String firstLine, boolean header, char delimiter, String label, String id,
                                    int features, boolean labelRequired, String where) throws InputFormatException {
        firstLine = withoutBom(firstLine);
        String[] cols = split(firstLine, delimiter);
        int width = cols.length;
        List<String> names = new ArrayList<>();
        for (String c : cols) {
            names.add(unquote(c.trim()));
        }
        int idIndex = id.isEmpty() ? -1 : column(id, header, names, "id", where);
        if (id.isEmpty() && !labelRequired && header) {
            idIndex = names.indexOf("id");  // predict keeps an input's own ids when it has a column named id
        }
        int labelIndex;
        if (label.equalsIgnoreCase(NONE)) {
            if (labelRequired) {
                throw new InputFormatException("training and evaluation need labels; a CSV label column of '"
                        + NONE + "' only works for predict");
            }
            labelIndex = -1;
        } else if (label.isEmpty()) {
            int withoutLabel = features + (idIndex >= 0 ? 1 : 0);
            labelIndex = !labelRequired && width == withoutLabel ? -1 : (idIndex == 0 ? 1 : 0);
        } else {
            labelIndex = column(label, header, names, "label", where);
        }
        if (labelIndex >= 0 && labelIndex == idIndex) {
            throw new InputFormatException(where + ": the label and id columns are the same column (" + labelIndex
                    + ")");
        }
        CsvLayout layout = new CsvLayout(delimiter, width, labelIndex, idIndex, features,
                header ? firstLine.trim() : null);
        int expected = layout.expectedWidth();
        if (width != expected) {
            throw new InputFormatException(where + ": line 1: expected " + expected + " fields ("
                    + layout.describe() + ") but found " + width);
        }
        return layout;
    }

    private static int column(String spec, boolean header, List<String> names, String role, String where)
            throws InputFormatException {
        if (spec.chars().allMatch(Character::isDigit)) {
            int i = Integer.parseInt(spec);
            if (i >= names.size()) {
                throw new InputFormatException(where + ": the " + role + " column " + i + " (0-based) is beyond "
                        + "the " + names.size() + " columns of the first line");
            }
            return i;
        }
        if (!header) {
            throw new InputFormatException("the CSV " + role + " column '" + spec + "' is a name, which needs a "
                    + "header line (set the CSV header option) — or give a 0-based column index");
        }
        int i = names.indexOf(spec);
        if (i < 0) {
            String hint = Suggest.closest(spec, names);
            throw new InputFormatException(where + ": no column named '" + spec + "' for the " + role
                    + (hint == null ? "" : " (did you mean '" + hint + "'?)") + "; the header has "
                    + (names.size() <= 12 ? names : names.subList(0, 12) + "... (" + names.size() + " columns)"));
        }
        return i;
    }

    private int expectedWidth() {
        return features + (labelIndex >= 0 ? 1 : 0) + (idIndex >= 0 ? 1 : 0);
    }

    /** "label + 784 features", "id + 784 features", ... */
    private String describe() {
        return (idIndex >= 0 ? "id + " : "") + (labelIndex >= 0 ? "label + " : "") + features + " features";
    }

    public boolean hasLabel() {
        return labelIndex >= 0;
    }

    public boolean hasId() {
        return idIndex >= 0;
    }

    public int features() {
        return features;
    }

    /** Checks a file's first line against the first file's header. */
    public void checkHeader(String line) throws LineFormatException {
        line = withoutBom(line);
        if (!line.trim().equals(header)) {
            throw new LineFormatException("expected the same header as the first file ('" + abbreviate(header)
                    + "') but found '" + abbreviate(line.trim()) + "'");
        }
    }

    public boolean hasHeader() {
        return header != null;
    }

    /** A parsed data line: features, the class (−1 without a label column) and the id text (or null). */
    public record Parsed(double[] features, int label, String id) {
    }

    /**
     * Parses one data line; blank lines are the caller's to skip.
     *
     * @param classes labels must be classes in {@code [0, classes)}; {@link Labels#IGNORED}: the
     *     label field is not read at all (its class is then −1)
     */
    public Parsed parse(String line, int classes) throws LineFormatException {
        String[] fields = split(line, delimiter);
        if (fields.length != width) {
            throw new LineFormatException("expected " + width + " numeric fields (" + describe() + ") but found "
                    + fields.length);
        }
        double[] x = new double[features];
        int label = -1;
        String id = null;
        int f = 0;
        for (int i = 0; i < fields.length; i++) {
            String text = unquote(fields[i].trim());
            if (i == idIndex) {
                id = text;
            } else if (i == labelIndex) {
                if (classes != Labels.IGNORED) {
                    double v = NumberField.parse(text, "a numeric label in field " + (i + 1));
                    label = Labels.toClass(v, text, classes);
                }
            } else {
                x[f++] = NumberField.parse(text, "a number in field " + (i + 1));
            }
        }
        return new Parsed(x, label, id);
    }

    /** Splits on the delimiter keeping empty fields (String.split would drop trailing ones). */
    static String[] split(String line, char delimiter) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < line.length(); i++) {
            if (line.charAt(i) == delimiter) {
                out.add(line.substring(start, i));
                start = i + 1;
            }
        }
        out.add(line.substring(start));
        return out.toArray(String[]::new);
    }

    /** Spreadsheet exports often start with a UTF-8 byte order mark, which is not part of the first name. */
    private static String withoutBom(String line) {
        return line.startsWith("\uFEFF") ? line.substring(1) : line;
    }

    /** Numeric CSV needs no quoting, but some writers quote every field: {@code "1.5"} is 1.5. */
    private static String unquote(String s) {
        return s.length() >= 2 && s.charAt(0) == '"' && s.charAt(s.length() - 1) == '"'
                ? s.substring(1, s.length() - 1) : s;
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }

    /** The delimiter a config value names: one character, or {@code tab} / {@code \t}. */
    public static char delimiter(String value) {
        if (value.equals("\\t") || value.equalsIgnoreCase("tab")) {
            return '\t';
        }
        if (value.length() != 1) {
            throw new IllegalArgumentException("the CSV delimiter must be one character (or 'tab'), got '" + value
                    + "'");
        }
        return value.charAt(0);
    }

    @Override
    public String toString() {
        return "CsvLayout" + Arrays.asList(width, labelIndex, idIndex, features);
    }
}
