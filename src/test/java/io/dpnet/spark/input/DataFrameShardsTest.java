package io.dpnet.spark.input;

import io.dpnet.spark.train.TrainRequest;

import io.dpnet.spark.SparkTestContext;
import io.dpnet.spark.train.DistributedTrainer;
import io.dpnet.train.TrainingListener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dpnet.config.TrainConfig;
import io.dpnet.data.IdxDataset;
import io.dpnet.data.InputFormatException;
import io.dpnet.testing.SyntheticIdx;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DataFrames become the same shards as IDX files: the row number is the sample index, so training
 * on a DataFrame (dense, sparse or array features, however partitioned) gives exactly the weights of
 * training on the IDX files holding the same samples.
 */
class DataFrameShardsTest {
    private static final int COUNT = 600;
    private static final int SIDE = 6;
    private static final int FEATURES = SIDE * SIDE;

    @TempDir
    static Path dir;
    private static IdxDataset data;
    private static JavaSparkContext sc;
    private static SparkSession spark;
    private static float[] x;
    private static int[] y;

    @BeforeAll
    static void setUp() throws Exception {
        SyntheticIdx.write(dir, "train", COUNT, SIDE, 10, 11);
        data = SyntheticIdx.open(dir, "train", 10);
        x = new float[COUNT * FEATURES];
        y = new int[COUNT];
        data.read(new Configuration(), 0, COUNT, x, 0, y, 0);
        sc = SparkTestContext.get();
        spark = SparkSession.builder().sparkContext(sc.sc()).getOrCreate();
    }

    @AfterAll
    static void tearDown() {
        SparkTestContext.stop();
    }

    private static TrainConfig config() {
        return TrainConfig.defaults().with("layers=36,16,10", "activations=relu,softmax", "optimizer=adam",
                "learningRate=0.01", "batchSize=32", "epochs=2", "seed=5", "kernel=java", "evalEvery=0");
    }

    private static float[] train(ShardedData shards) {
        try {
            return new DistributedTrainer(sc, config()).train(TrainRequest.of(shards)).params();
        } finally {
            shards.release();
        }
    }

    private static Dataset<Row> frame(Function<float[], Vector> vector, int inputPartitions) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < COUNT; i++) {
            rows.add(RowFactory.create((double) y[i], vector.apply(Arrays.copyOfRange(x, i * FEATURES,
                    (i + 1) * FEATURES))));
        }
        StructType schema = new StructType().add("label", DataTypes.DoubleType)
                .add("features", SQLDataTypes.VectorType());
        return orderedCopy(rows, schema, inputPartitions);
    }

    /** A DataFrame with the rows in their original order, split into {@code parts} input partitions. */
    private static Dataset<Row> orderedCopy(List<Row> rows, StructType schema, int parts) {
        List<Row> numbered = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            numbered.add(RowFactory.create(i, rows.get(i).get(0), rows.get(i).get(1)));
        }
        Dataset<Row> df = spark.createDataFrame(numbered, new StructType().add("n", DataTypes.IntegerType)
                .add(schema.fields()[0]).add(schema.fields()[1]));
        Dataset<Row> split = df.repartitionByRange(parts, org.apache.spark.sql.functions.col("n")).drop("n");
        assertThat(split.javaRDD().getNumPartitions()).isEqualTo(parts);
        return split;
    }

    private static Vector dense(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return Vectors.dense(d);
    }

    private static Vector sparse(float[] f) {
        return dense(f).toSparse();
    }

    @Test
    void denseAndSparseFramesTrainExactlyLikeTheIdxFiles() throws Exception {
        float[] fromIdx = train(ShardedData.load(sc, data, 2, "idx"));
        ShardedData denseShards = ShardedData.fromDataFrame(frame(DataFrameShardsTest::dense, 3), "features", "label",
                10, 2, "dense");
        assertThat(denseShards.count()).isEqualTo(COUNT);
        assertThat(denseShards.features()).isEqualTo(FEATURES);
        assertThat(denseShards.partitions()).isEqualTo(2);
        float[] fromDense = train(denseShards);
        float[] fromSparse = train(ShardedData.fromDataFrame(frame(DataFrameShardsTest::sparse, 5), "features",
                "label", 10, 2, "sparse"));
        assertThat(fromDense).isEqualTo(fromIdx);
        assertThat(fromSparse).isEqualTo(fromIdx);
        assertThat(maxAbs(fromIdx, new DistributedTrainer(sc, config()).initialParams())).isGreaterThan(1e-2f);
    }

    @Test
    void numericArrayColumnsWorkLikeVectors() throws Exception {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < COUNT; i++) {
            Double[] d = new Double[FEATURES];
            for (int j = 0; j < FEATURES; j++) {
                d[j] = (double) x[i * FEATURES + j];
            }
            rows.add(RowFactory.create(y[i], Arrays.asList(d)));
        }
        StructType schema = new StructType().add("y", DataTypes.IntegerType)
                .add("pixels", DataTypes.createArrayType(DataTypes.DoubleType));
        ShardedData shards = ShardedData.fromDataFrame(spark.createDataFrame(rows, schema), "pixels", "y", 10, 2,
                "arrays");
        assertThat(train(shards)).isEqualTo(train(ShardedData.load(sc, data, 2, "idx")));
    }

    @Test
    void sparseDataStaysSparseAndDenseDataDense() throws Exception {
        // 1 non-zero of 36 per row: CSR is far smaller than floats.
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            rows.add(RowFactory.create((double) (i % 10), Vectors.sparse(FEATURES, new int[] {i % FEATURES},
                    new double[] {1})));
        }
        ShardedData sparse = ShardedData.fromDataFrame(vectorFrame(rows), "features", "label", 10, 2, "s");
        assertThat(sparse.shards().map(Shard::layout).collect()).containsOnly("sparse");
        assertThat(sparse.sizeInBytes()).isEqualTo(100 * 4 + 2 * 51 * 4 + 100 * 8);
        sparse.release();
        ShardedData dense = ShardedData.fromDataFrame(vectorFrame(good(20)), "features", "label", 10, 2, "d");
        // No zeros at all: floats are the smaller layout.
        assertThat(dense.shards().map(Shard::layout).collect()).containsOnly("dense");
        dense.release();
    }

    @Test
    void idxShardsCostTheRawSizeOfTheFiles() {
        ShardedData idx = ShardedData.load(sc, data, 3, "raw");
        assertThat(idx.shards().map(Shard::layout).collect()).containsOnly("pixels");
        assertThat(idx.sizeInBytes()).isEqualTo((long) COUNT * FEATURES + COUNT);
        idx.release();
    }

    private static Dataset<Row> vectorFrame(List<Row> rows) {
        StructType schema = new StructType().add("label", DataTypes.DoubleType)
                .add("features", SQLDataTypes.VectorType());
        return spark.createDataFrame(rows, schema);
    }

    private static String errorFor(List<Row> rows) {
        try {
            ShardedData.fromDataFrame(vectorFrame(rows), "features", "label", 10, 2, "input").release();
        } catch (InputFormatException e) {
            return e.getMessage();
        }
        throw new AssertionError("no error");
    }

    private static List<Row> good(int n) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(RowFactory.create((double) (i % 10), Vectors.dense(1, 2, 3)));
        }
        return rows;
    }

    @Test
    void badRowsAreNamedByRowNumber() {
        List<Row> rows = good(20);
        rows.set(13, RowFactory.create(3.5, Vectors.dense(1, 2, 3)));
        assertThat(errorFor(rows)).isEqualTo("input: row 13: label 3.5 is not an integer class in 0..9");
        rows = good(20);
        rows.set(7, RowFactory.create(10.0, Vectors.dense(1, 2, 3)));
        assertThat(errorFor(rows)).isEqualTo("input: row 7: label 10.0 is not an integer class in 0..9");
        rows = good(20);
        rows.set(4, RowFactory.create(null, Vectors.dense(1, 2, 3)));
        assertThat(errorFor(rows))
                .isEqualTo("input: row 4: the label is null or NaN, expected an integer class in 0..9");
        rows = good(20);
        rows.set(18, RowFactory.create(1.0, Vectors.dense(1, 2)));
        assertThat(errorFor(rows))
                .isEqualTo("input: row 18: the feature vector has 2 values, expected 3 (the size of the first row's vector)");
        rows = good(20);
        rows.set(11, RowFactory.create(1.0, Vectors.dense(1, Double.NaN, 3)));
        assertThat(errorFor(rows)).isEqualTo("input: row 11: feature 1 is NaN, expected a finite number");
        rows = good(20);
        rows.set(2, RowFactory.create(1.0, null));
        assertThat(errorFor(rows))
                .isEqualTo("input: row 2: the features are null, expected 3 (the size of the first row's vector)");
    }

    @Test
    void wrongColumnsAreRefusedBeforeAnyWork() {
        Dataset<Row> df = vectorFrame(good(5));
        assertThatThrownBy(() -> ShardedData.fromDataFrame(df, "pixels", "label", 10, 2, "input"))
                .isInstanceOf(InputFormatException.class)
                .hasMessage("input: no column 'pixels' (columns: label, features)");
        assertThatThrownBy(() -> ShardedData.fromDataFrame(df.withColumn("name",
                        org.apache.spark.sql.functions.lit("x")), "features", "name", 10, 2, "input"))
                .isInstanceOf(InputFormatException.class)
                .hasMessage("input: label column 'name' must be numeric, but its type is string");
        assertThatThrownBy(() -> ShardedData.fromDataFrame(df, "label", "label", 10, 2, "input"))
                .isInstanceOf(InputFormatException.class)
                .hasMessage("input: features column 'label' must hold ML vectors (org.apache.spark.ml.linalg.Vector)"
                        + " or numeric arrays, but its type is double");
        assertThatThrownBy(() -> ShardedData.fromDataFrame(df.limit(0), "features", "label", 10, 2, "input"))
                .isInstanceOf(InputFormatException.class).hasMessage("input: no rows");
    }

    private static float maxAbs(float[] a, float[] b) {
        float m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }
}
