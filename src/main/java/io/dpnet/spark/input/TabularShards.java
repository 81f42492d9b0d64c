package io.dpnet.spark.input;

import io.dpnet.data.InputFormatException;
import io.dpnet.data.TabularColumns;
import io.dpnet.nn.embed.InputBlockSpec;
import java.util.List;
import java.util.Objects;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * A tabular data set (numeric, categorical and token-bag columns, a label, optional weights) as
 * a cached RDD of {@link TabularShard}s, one per partition: partition {@code p} holds global
 * rows {@code [p·N/P, (p+1)·N/P)} in the DataFrame's own row order, so the sample order — and
 * the trained weights — do not depend on how the input was split into files and partitions.
 *
 * <p>Every value is checked once, while the shards are built, and an error names the column,
 * the row (its global index) and what was expected: a null or NaN, an id that is not an
 * integer, an id outside the vocabulary (under {@link io.dpnet.nn.embed.OovPolicy#ERROR}; under
 * {@code UNKNOWN_ID} it becomes the reserved unknown row), a label that is not a class index, a
 * negative weight, a column of the wrong type, a missing column (listing those present).
 */
public final class TabularShards {
    private final JavaRDD<TabularShard> shards;
    private final InputBlockSpec inputs;
    private final long count;
    private final int partitions;
    private final boolean weighted;
    private final long sizeInBytes;

    TabularShards(JavaRDD<TabularShard> shards, InputBlockSpec inputs, long count, int partitions, boolean weighted,
                  long sizeInBytes) {
        this.shards = shards;
        this.inputs = inputs;
        this.count = count;
        this.partitions = partitions;
        this.weighted = weighted;
        this.sizeInBytes = sizeInBytes;
    }

    /**
     * Reads a DataFrame whose columns are already numbers: numeric columns (float, double, int,
     * long…), categorical ids (integers, or doubles with integral values as {@code StringIndexer}
     * writes them), tokens as {@code array<int>} (or {@code array<double>} of integral values),
     * the label as a number and the weight as a number. Configure with the builder's methods,
     * then {@link Builder#build()}.
     */
    public static Builder fromDataFrame(Dataset<Row> df) {
        return new Builder(df);
    }

    /**
     * Wraps shards built elsewhere (a generator, a test): caches and materializes them and
     * checks that they cover global rows {@code [0, N)} contiguously, partition by partition,
     * with the layout {@code inputs} describes.
     */
    public static TabularShards fromShards(JavaRDD<TabularShard> shards, InputBlockSpec inputs, String name) {
        shards.setName(name).persist(StorageLevel.MEMORY_ONLY());
        int tables = inputs.categoricals().size();
        boolean bag = inputs.hasBag();
        int numeric = inputs.numericCount();
        // Per partition, in order: start, count, bytes, weighted (1/0), layout matches (1/0).
        List<long[]> parts = shards.map(s -> new long[] {s.start(), s.count(), s.sizeInBytes(),
                s.weights() != null ? 1 : 0,
                s.numericCount() == numeric && s.categoricalCount() == tables && s.hasBags() == bag ? 1 : 0}).collect();
        long next = 0;
        long bytes = 0;
        int weightedParts = 0;
        for (int p = 0; p < parts.size(); p++) {
            long[] s = parts.get(p);
            if (s[0] != next) {
                shards.unpersist(false);
                throw new IllegalArgumentException(name + ": partition " + p + " starts at row " + s[0] + ", expected "
                        + next + " (shards must hold consecutive row ranges in partition order)");
            }
            if (s[4] == 0) {
                shards.unpersist(false);
                throw new IllegalArgumentException(name + ": partition " + p + " does not have the layout of " + inputs);
            }
            next += s[1];
            bytes += s[2];
            weightedParts += (int) s[3];
        }
        if (weightedParts != 0 && weightedParts != parts.size()) {
            shards.unpersist(false);
            throw new IllegalArgumentException(name + ": " + weightedParts + " of " + parts.size()
                    + " partitions carry sample weights; all or none must");
        }
        if (next == 0) {
            shards.unpersist(false);
            throw new IllegalArgumentException(name + ": no rows");
        }
        return new TabularShards(shards, inputs, next, parts.size(), weightedParts > 0, bytes);
    }

    /** The same rows through another RDD of the same shards (tests wrap it to inject faults). */
    public TabularShards withShards(JavaRDD<TabularShard> other) {
        return new TabularShards(other, inputs, count, partitions, weighted, sizeInBytes);
    }

    public JavaRDD<TabularShard> shards() {
        return shards;
    }

    /** The input block the shards' columns were read for. */
    public InputBlockSpec inputs() {
        return inputs;
    }

    /** Rows. */
    public long count() {
        return count;
    }

    public int partitions() {
        return partitions;
    }

    /** Whether the rows carry sample weights (else every weight is 1). */
    public boolean weighted() {
        return weighted;
    }

    /** Bytes of row data held in the cache (see {@link TabularShard#sizeInBytes}). */
    public long sizeInBytes() {
        return sizeInBytes;
    }

    /** The shuffle's per-row record class, for the Kryo registrator (the class itself is internal). */
    public static Class<?> recordClass() {
        return TabularRecord.class;
    }

    /** Drops the cached blocks, waiting for the executors to confirm. */
    public void release() {
        shards.unpersist(true);
    }

    /** What to read; {@link #build()} validates and materializes. */
    public static final class Builder {
        private final Dataset<Row> df;
        private TabularColumns columns;
        private InputBlockSpec inputs;
        private int classes;
        private int partitions = 1;
        private String name = "data";

        private Builder(Dataset<Row> df) {
            this.df = Objects.requireNonNull(df, "df");
        }

        /**
         * The columns by role. Categorical columns map, in order, to the spec's categorical
         * inputs, the tokens column to its bag; the numeric column count must equal the spec's.
         */
        public Builder columns(TabularColumns c) {
            columns = c;
            return this;
        }

        /** The input block the rows feed (vocabularies, OOV policies, padding id). */
        public Builder inputs(InputBlockSpec spec) {
            inputs = spec;
            return this;
        }

        /** Classification into {@code k} classes: labels must be integers in {@code [0, k)}. */
        public Builder classes(int k) {
            if (k < 2) {
                throw new IllegalArgumentException("classification needs at least 2 classes, got " + k);
            }
            classes = k;
            return this;
        }

        /** Regression: labels are any finite numbers (the default). */
        public Builder regression() {
            classes = 0;
            return this;
        }

        /** Partitions to spread the rows over (at most one per row). */
        public Builder partitions(int p) {
            if (p < 1) {
                throw new IllegalArgumentException("partitions must be >= 1, got " + p);
            }
            partitions = p;
            return this;
        }

        /** Names the set in messages ("train", "validation"…) and in Spark's UI. */
        public Builder name(String n) {
            name = n;
            return this;
        }

        /**
         * Reads, validates, shards and caches the rows.
         *
         * @throws InputFormatException naming the column, the row and what was expected
         */
        public TabularShards build() throws InputFormatException {
            if (columns == null || inputs == null) {
                throw new IllegalArgumentException("TabularShards needs columns(...) and inputs(...)");
            }
            return TabularDataFrames.shards(df, columns, inputs, classes, partitions, name);
        }
    }
}
