package io.dpnet.spark.score;

import io.dpnet.data.InputFormatException;
import io.dpnet.nn.embed.CategoricalInput;
import io.dpnet.nn.embed.InputBlockSpec;
import io.dpnet.nn.embed.InputRows;
import io.dpnet.nn.embed.OovPolicy;
import io.dpnet.nn.embed.TokenBagInput;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.Row;
import scala.Tuple2;

/**
 * Up to {@code capacity} encoded rows ({@code TabularEncode}'s layout: [label], numeric…,
 * categorical…, [tokens]) copied into column-blocked buffers, reused chunk after chunk, with each
 * row's global index for messages: {@code path: row 12, column 'shop': id 7 is outside the
 * vocabulary [0, 5)}.
 */
final class RowChunk {
    final int capacity;
    private final InputBlockSpec spec;
    private final boolean labelled;
    private final int classes;
    private final String path;
    final float[] numeric;
    final int[][] categorical;
    private int[] bagOffsets;
    private int[] bagIds;
    final float[] targets;
    final int[] labels;
    final long[] index;
    int rows;

    /** @param classes the label is a class index in [0, classes) (0: a regression target; -1: no label) */
    RowChunk(InputBlockSpec spec, int capacity, int classes, String path) {
        this.capacity = capacity;
        this.spec = spec;
        this.labelled = classes >= 0;
        this.classes = classes;
        this.path = path;
        numeric = new float[capacity * spec.numericCount()];
        categorical = new int[spec.categoricals().size()][capacity];
        if (spec.hasBag()) {
            bagOffsets = new int[capacity + 1];
            bagIds = new int[Math.max(16, capacity * 8)];
        }
        targets = new float[capacity];
        labels = new int[capacity];
        index = new long[capacity];
    }

    /** Fills the chunk from {@code it}; returns the rows read (0 at the end). */
    int fill(Iterator<Tuple2<Row, Long>> it) throws InputFormatException {
        rows = 0;
        int tokens = 0;
        int n = spec.numericCount();
        while (rows < capacity && it.hasNext()) {
            Tuple2<Row, Long> t = it.next();
            Row r = t._1();
            long row = t._2();
            index[rows] = row;
            int k = 0;
            if (labelled) {
                double y = number(r, k++, row, "label");
                if (classes > 0 && (y != Math.rint(y) || y < 0 || y >= classes)) {
                    throw new InputFormatException(path + ": row " + row + ", column '" + r.schema().fieldNames()[0]
                            + "' (label): expected a class index in [0, " + classes + ") but found " + y);
                }
                targets[rows] = (float) y;
                labels[rows] = classes > 0 ? (int) y : 0;
            }
            for (int i = 0; i < n; i++) {
                numeric[rows * n + i] = (float) number(r, k++, row, "numeric");
            }
            for (int c = 0; c < categorical.length; c++) {
                categorical[c][rows] = id(r, k++, row, spec.categoricals().get(c));
            }
            if (bagOffsets != null) {
                bagOffsets[rows] = tokens;
                TokenBagInput bag = spec.bag();
                List<Object> ids = r.isNullAt(k) ? List.of() : r.getList(k);
                if (tokens + ids.size() > bagIds.length) {
                    bagIds = Arrays.copyOf(bagIds, Math.max(bagIds.length * 2, tokens + ids.size()));
                }
                for (int j = 0; j < ids.size(); j++) {
                    int id = ((Number) ids.get(j)).intValue();
                    if (id != bag.paddingId() && bag.oov() == OovPolicy.ERROR && (id < 0 || id >= bag.vocabularySize())) {
                        throw new InputFormatException(path + ": row " + row + ", column '" + bag.name() + "', token "
                                + j + ": id " + id + " is outside the vocabulary [0, " + bag.vocabularySize()
                                + ") and is not the padding id " + bag.paddingId());
                    }
                    bagIds[tokens++] = id;
                }
                k++;
            }
            rows++;
        }
        if (bagOffsets != null) {
            bagOffsets[rows] = tokens;
        }
        return rows;
    }

    /** The chunk as input rows (fresh small wrappers; the arrays are the reused buffers). */
    InputRows inputRows() {
        InputRows.Builder b = InputRows.builder(spec, rows).numeric(Arrays.copyOf(numeric, rows * spec.numericCount()));
        int[][] cats = new int[categorical.length][];
        for (int c = 0; c < cats.length; c++) {
            cats[c] = rows == capacity ? categorical[c] : Arrays.copyOf(categorical[c], rows);
        }
        b.categorical(cats);
        if (bagOffsets != null) {
            b.bags(Arrays.copyOf(bagOffsets, rows + 1), bagIds);
        }
        return b.build();
    }

    private double number(Row r, int k, long row, String role) throws InputFormatException {
        if (r.isNullAt(k)) {
            throw new InputFormatException(path + ": row " + row + ", column '" + r.schema().fieldNames()[k] + "' ("
                    + role + "): missing value");
        }
        double v = ((Number) r.get(k)).doubleValue();
        if (!Double.isFinite(v)) {
            throw new InputFormatException(path + ": row " + row + ", column '" + r.schema().fieldNames()[k] + "' ("
                    + role + "): expected a finite number but found " + v);
        }
        return v;
    }

    private int id(Row r, int k, long row, CategoricalInput c) throws InputFormatException {
        if (r.isNullAt(k)) {
            if (c.oov() == OovPolicy.UNKNOWN_ID) {
                return c.vocabularySize();
            }
            throw new InputFormatException(path + ": row " + row + ", column '" + c.name() + "': missing value");
        }
        double v = ((Number) r.get(k)).doubleValue();
        if (v != Math.rint(v)) {
            throw new InputFormatException(path + ": row " + row + ", column '" + c.name() + "': expected an integer id "
                    + "but found " + v);
        }
        if (v < 0 || v >= c.vocabularySize()) {
            if (c.oov() == OovPolicy.UNKNOWN_ID) {
                return c.vocabularySize();
            }
            throw new InputFormatException(path + ": row " + row + ", column '" + c.name() + "': id " + (long) v
                    + " is outside the vocabulary [0, " + c.vocabularySize() + ")");
        }
        return (int) v;
    }
}
