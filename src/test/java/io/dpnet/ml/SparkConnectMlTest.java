package io.dpnet.ml;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.connect.proto.Command;
import org.apache.spark.connect.proto.DataType;
import org.apache.spark.connect.proto.ExecutePlanResponse;
import org.apache.spark.connect.proto.Expression;
import org.apache.spark.connect.proto.MlCommand;
import org.apache.spark.connect.proto.MlCommandResult;
import org.apache.spark.connect.proto.MlOperator;
import org.apache.spark.connect.proto.MlParams;
import org.apache.spark.connect.proto.MlRelation;
import org.apache.spark.connect.proto.ObjectRef;
import org.apache.spark.connect.proto.Relation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.connect.Dataset;
import org.apache.spark.sql.connect.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.runtime.AbstractFunction1;
import scala.runtime.BoxedUnit;

/**
 * A {@link DenseNetClassifier} driven from a remote Spark Connect JVM client: fit, transform,
 * save and load go to a Spark Connect server started from the Maven jars, which finds the dpnet
 * classes through {@code META-INF/services}.
 *
 * <p>Spark 4.2's JVM client has no ML API (only PySpark's Connect client does), so the test sends
 * the same {@code MlCommand}/{@code MlRelation} protocol messages PySpark sends, through the
 * client's {@code execute(Command)} and {@code newDataFrame} (Scala {@code private[sql]}, public
 * in bytecode).
 */
@Tag("slow")
class SparkConnectMlTest {
    private static final String CLASSIFIER = DenseNetClassifier.class.getName();
    private static final String MODEL = DenseNetClassificationModel.class.getName();
    private static final int ROWS = 300;

    @TempDir
    Path tmp;

    @Test
    void fitTransformSaveAndLoadADenseNetClassifierFromARemoteClient() throws Exception {
        Path data = writeBlobs(tmp.resolve("blobs.libsvm"), ROWS);
        try (ConnectServer server = ConnectServer.start(tmp.resolve("connect-server.log"), 240_000);
             SparkSession spark = (SparkSession) SparkSession.builder().remote(server.url()).getOrCreate()) {
            Dataset<Row> train = spark.read().format("libsvm").option("numFeatures", "2").load(data.toString());
            Relation input = train.plan().getRoot();

            MlCommandResult fitted = ml(spark, MlCommand.newBuilder().setFit(MlCommand.Fit.newBuilder()
                    .setEstimator(MlOperator.newBuilder().setName(CLASSIFIER).setUid("denseNetClassifier_connect")
                            .setType(MlOperator.OperatorType.OPERATOR_TYPE_ESTIMATOR))
                    .setParams(MlParams.newBuilder()
                            .putParams("layers", intArray(2, 16, 3))
                            .putParams("activations", stringArray("relu", "softmax"))
                            .putParams("epochs", Expression.Literal.newBuilder().setInteger(30).build())
                            .putParams("batchSize", Expression.Literal.newBuilder().setInteger(30).build()))
                    .setDataset(input)));
            ObjectRef model = fitted.getOperatorInfo().getObjRef();
            assertThat(model.getId()).isNotEmpty();

            List<double[]> predicted = labelsAndPredictions(spark, model, input);
            assertThat(accuracy(predicted)).as("training accuracy through Connect").isGreaterThan(0.95);

            Path saved = tmp.resolve("model");
            ml(spark, MlCommand.newBuilder().setWrite(MlCommand.Write.newBuilder().setObjRef(model)
                    .setPath(saved.toString()).setShouldOverwrite(false)));
            assertThat(saved.resolve("model.json")).isRegularFile();
            assertThat(saved.resolve("weights.bin")).isRegularFile();

            MlCommandResult loaded = ml(spark, MlCommand.newBuilder().setRead(MlCommand.Read.newBuilder()
                    .setOperator(MlOperator.newBuilder().setName(MODEL)
                            .setType(MlOperator.OperatorType.OPERATOR_TYPE_MODEL))
                    .setPath(saved.toString())));
            List<double[]> again = labelsAndPredictions(spark, loaded.getOperatorInfo().getObjRef(), input);
            assertThat(again).usingElementComparator((a, b) -> java.util.Arrays.equals(a, b) ? 0 : 1)
                    .containsExactlyElementsOf(predicted);
        }
    }

    /** Runs one ML command and returns its result. */
    private static MlCommandResult ml(SparkSession spark, MlCommand.Builder command) {
        List<ExecutePlanResponse> responses = scala.jdk.javaapi.CollectionConverters.asJava(
                spark.execute(Command.newBuilder().setMlCommand(command).build()));
        return responses.stream().filter(ExecutePlanResponse::hasMlCommandResult).findFirst()
                .map(ExecutePlanResponse::getMlCommandResult)
                .orElseThrow(() -> new AssertionError("no ML command result in " + responses));
    }

    /**
     * (label, prediction) per row of the model's transform of {@code input}, in input order. The
     * server writes them as JSON lines that the test reads back: collecting rows into this JVM
     * would go through the client's Arrow reader, whose {@code MessageIterator} clashes with
     * spark-sql-api's copy of that class on the test classpath (NoSuchMethodError).
     */
    private List<double[]> labelsAndPredictions(SparkSession spark, ObjectRef model, Relation input)
            throws Exception {
        Dataset<Row> out = spark.newDataFrame(new AbstractFunction1<Relation.Builder, BoxedUnit>() {
            @Override
            public BoxedUnit apply(Relation.Builder b) {
                b.setMlRelation(MlRelation.newBuilder().setTransform(
                        MlRelation.Transform.newBuilder().setObjRef(model).setInput(input)));
                return BoxedUnit.UNIT;
            }
        });
        Path dir = tmp.resolve("predictions-" + model.getId());
        out.select("label", "prediction").coalesce(1).write().json(dir.toString());
        ObjectMapper json = new ObjectMapper();
        List<double[]> rows = new ArrayList<>();
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            for (Path part : files.filter(f -> f.getFileName().toString().startsWith("part-")).sorted().toList()) {
                for (String line : Files.readAllLines(part)) {
                    JsonNode r = json.readTree(line);
                    rows.add(new double[] {r.get("label").asDouble(), r.get("prediction").asDouble()});
                }
            }
        }
        assertThat(rows).as("rows written by the server to " + dir).hasSize(ROWS);
        return rows;
    }

    private static double accuracy(List<double[]> rows) {
        return rows.stream().filter(r -> r[0] == r[1]).count() / (double) rows.size();
    }

    private static Expression.Literal intArray(int... values) {
        Expression.Literal.Array.Builder a = Expression.Literal.Array.newBuilder()
                .setElementType(DataType.newBuilder().setInteger(DataType.Integer.newBuilder()));
        for (int v : values) {
            a.addElements(Expression.Literal.newBuilder().setInteger(v));
        }
        return Expression.Literal.newBuilder().setArray(a).build();
    }

    private static Expression.Literal stringArray(String... values) {
        Expression.Literal.Array.Builder a = Expression.Literal.Array.newBuilder()
                .setElementType(DataType.newBuilder().setString(DataType.String.newBuilder()));
        for (String v : values) {
            a.addElements(Expression.Literal.newBuilder().setString(v));
        }
        return Expression.Literal.newBuilder().setArray(a).build();
    }

    /** Three well separated 2-d Gaussian blobs, classes 0..2, in libsvm format. */
    private static Path writeBlobs(Path file, int rows) throws Exception {
        double[][] centre = {{-4, 0}, {4, 0}, {0, 5}};
        Random rnd = new Random(3);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < rows; i++) {
            int c = i % 3;
            sb.append(c).append(" 1:").append(centre[c][0] + rnd.nextGaussian())
                    .append(" 2:").append(centre[c][1] + rnd.nextGaussian()).append('\n');
        }
        return Files.writeString(file, sb);
    }
}
