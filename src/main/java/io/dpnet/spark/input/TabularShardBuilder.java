package io.dpnet.spark.input;

import io.dpnet.data.InputFormatException;
import io.dpnet.data.TabularColumns;
import io.dpnet.nn.embed.CategoricalInput;
import io.dpnet.nn.embed.InputBlockSpec;
import io.dpnet.nn.embed.OovPolicy;
import io.dpnet.nn.embed.TokenBagInput;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;
import scala.Tuple2;

/**
 * Validates one partition's records (sorted by global row) and packs them into a
 * {@link TabularShard}. Every message names the set, the row (global index), the column and
 * what was expected. Serializable: it is the shuffle's per-partition function state.
 */
final class TabularShardBuilder implements Serializable {
    private static final long serialVersionUID = 1L;

    private final TabularColumns columns;
    private final InputBlockSpec spec;
    /** Classes for classification, 0 for regression. */
    private final int classes;
    private final String name;

    TabularShardBuilder(TabularColumns columns, InputBlockSpec spec, int classes, String name) {
        this.columns = columns;
        this.spec = spec;
        this.classes = classes;
        this.name = name;
    }

    TabularShard build(Iterator<Tuple2<Long, TabularRecord>> it, int start) throws InputFormatException {
        int n = spec.numericCount();
        int cats = spec.categoricals().size();
        boolean bags = spec.hasBag();
        boolean weighted = columns.weighted();
        int count = 0;
        float[] numeric = new float[1024 * n];
        int[][] categorical = new int[cats][1024];
        int[] offsets = bags ? new int[1025] : null;
        int[] ids = bags ? new int[4096] : null;
        float[] targets = new float[1024];
        float[] weights = weighted ? new float[1024] : null;
        int tokens = 0;
        while (it.hasNext()) {
            Tuple2<Long, TabularRecord> t = it.next();
            long row = t._1();
            TabularRecord r = t._2();
            if (row != (long) start + count) {
                throw new IllegalStateException(name + ": shard starting at row " + start + " received row " + row
                        + " out of order");
            }
            if (count == targets.length) {
                int cap = count * 2;
                numeric = Arrays.copyOf(numeric, cap * n);
                for (int c = 0; c < cats; c++) {
                    categorical[c] = Arrays.copyOf(categorical[c], cap);
                }
                targets = Arrays.copyOf(targets, cap);
                weights = weighted ? Arrays.copyOf(weights, cap) : null;
                offsets = bags ? Arrays.copyOf(offsets, cap + 1) : null;
            }
            double[] v = r.values;
            for (int j = 0; j < n; j++) {
                numeric[count * n + j] = finite(v[j], row, columns.numeric().get(j));
            }
            for (int c = 0; c < cats; c++) {
                categorical[c][count] = categoricalId(v[n + c], row, columns.categorical().get(c),
                        spec.categoricals().get(c));
            }
            targets[count] = target(v[n + cats], row);
            if (weighted) {
                weights[count] = weight(v[n + cats + 1], row);
            }
            if (bags) {
                double[] bag = bag(r, row);
                if (tokens + bag.length > ids.length) {
                    ids = Arrays.copyOf(ids, Math.max(tokens + bag.length, ids.length * 2));
                }
                for (int k = 0; k < bag.length; k++) {
                    ids[tokens++] = tokenId(bag[k], row, k);
                }
                offsets[count + 1] = tokens;
            }
            count++;
        }
        return new TabularShard(start, count, n, Arrays.copyOf(numeric, count * n), trim(categorical, count),
                bags ? Arrays.copyOf(offsets, count + 1) : null, bags ? Arrays.copyOf(ids, tokens) : null,
                Arrays.copyOf(targets, count), weighted ? Arrays.copyOf(weights, count) : null);
    }

    private static int[][] trim(int[][] columns, int count) {
        int[][] out = new int[columns.length][];
        for (int c = 0; c < columns.length; c++) {
            out[c] = Arrays.copyOf(columns[c], count);
        }
        return out;
    }

    private String at(long row, String column) {
        return name + ": row " + row + ", column '" + column + "'";
    }

    private float finite(double v, long row, String column) throws InputFormatException {
        if (Double.isNaN(v)) {
            throw new InputFormatException(at(row, column) + ": null or NaN, expected a finite number");
        }
        float f = (float) v;
        if (!Float.isFinite(f)) {
            throw new InputFormatException(at(row, column) + ": " + v + " is not a finite float32 number");
        }
        return f;
    }

    private int categoricalId(double v, long row, String column, CategoricalInput in) throws InputFormatException {
        int vocabulary = in.vocabularySize();
        if (Double.isNaN(v)) {
            throw new InputFormatException(at(row, column) + ": null or NaN, expected an integer id in [0, "
                    + vocabulary + ")");
        }
        if (v != Math.rint(v) || Double.isInfinite(v)) {
            throw new InputFormatException(at(row, column) + ": " + number(v) + " is not an integer id");
        }
        if (v >= 0 && v < vocabulary) {
            return (int) v;
        }
        if (in.oov() == OovPolicy.UNKNOWN_ID) {
            return vocabulary;
        }
        throw new InputFormatException(at(row, column) + ": id " + number(v) + " is outside the vocabulary [0, "
                + vocabulary + ")");
    }

    private double[] bag(TabularRecord r, long row) throws InputFormatException {
        if (r.tokensNull) {
            throw new InputFormatException(at(row, columns.tokens())
                    + ": the token array is null, expected an array of token ids (empty for none)");
        }
        return r.tokens;
    }

    private int tokenId(double v, long row, int position) throws InputFormatException {
        TokenBagInput bag = spec.bag();
        String where = at(row, columns.tokens()) + ", token " + position;
        if (Double.isNaN(v)) {
            throw new InputFormatException(where + ": null or NaN, expected an integer token id");
        }
        if (v != Math.rint(v) || Double.isInfinite(v) || v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new InputFormatException(where + ": " + number(v) + " is not an integer id");
        }
        int id = (int) v;
        if (id == bag.paddingId() || (id >= 0 && id < bag.vocabularySize())) {
            return id;
        }
        if (bag.oov() == OovPolicy.UNKNOWN_ID) {
            return bag.vocabularySize();
        }
        throw new InputFormatException(where + ": id " + id + " is outside the vocabulary [0, " + bag.vocabularySize()
                + ") and is not the padding id " + bag.paddingId());
    }

    private float target(double v, long row) throws InputFormatException {
        String label = columns.label();
        if (classes == 0) {
            return finite(v, row, label);
        }
        if (Double.isNaN(v)) {
            throw new InputFormatException(at(row, label) + ": null or NaN, expected an integer class in 0.."
                    + (classes - 1));
        }
        if (v != Math.rint(v) || v < 0 || v >= classes) {
            throw new InputFormatException(at(row, label) + ": label " + number(v) + " is not an integer class in 0.."
                    + (classes - 1));
        }
        return (float) v;
    }

    private float weight(double v, long row) throws InputFormatException {
        float w = (float) v;
        if (!(w >= 0f) || !Float.isFinite(w)) {
            throw new InputFormatException(at(row, columns.weight()) + ": sample weight "
                    + (Double.isNaN(v) ? "null or NaN" : number(v)) + ", expected a finite number >= 0");
        }
        return w;
    }

    /** 3 for 3.0, else the double as Java prints it. */
    static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.format(Locale.ROOT, "%d", (long) v) : Double.toString(v);
    }
}
