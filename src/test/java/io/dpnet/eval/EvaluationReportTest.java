package io.dpnet.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluationReportTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    /** The 3-class example with a log-loss sum of 4.5 over its 9 samples. */
    private static EvaluationReport report() {
        return new EvaluationReport(ConfusionMatrixTest.example(), 4.5, "hdfs:///models/m1", "/data/t10k");
    }

    @Test
    void headlineNumbers() {
        EvaluationReport r = report();
        assertThat(r.accuracy()).isEqualTo(6.0 / 9);
        assertThat(r.meanLogLoss()).isEqualTo(0.5);
        assertThat(r.count()).isEqualTo(9);
        assertThat(r.macroF1()).isEqualTo(ConfusionMatrixTest.example().macroF1());
    }

    @Test
    void jsonHasEveryFieldInAStableOrder() throws IOException {
        JsonNode json = JSON.readTree(report().toJson());

        List<String> keys = new ArrayList<>();
        json.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactly("accuracy", "meanLogLoss", "count", "macroF1", "perClass", "confusionMatrix",
                "model", "data");
        assertThat(json.get("accuracy").doubleValue()).isEqualTo(6.0 / 9);
        assertThat(json.get("meanLogLoss").doubleValue()).isEqualTo(0.5);
        assertThat(json.get("count").longValue()).isEqualTo(9);
        assertThat(json.get("macroF1").doubleValue()).isEqualTo(ConfusionMatrixTest.example().macroF1());
        assertThat(json.get("perClass")).hasSize(3);
        JsonNode class1 = json.get("perClass").get(1);
        assertThat(class1.get("class").intValue()).isEqualTo(1);
        assertThat(class1.get("precision").doubleValue()).isEqualTo(0.5);
        assertThat(class1.get("recall").doubleValue()).isEqualTo(2.0 / 3);
        assertThat(class1.get("f1").doubleValue()).isEqualTo(4.0 / 7);
        assertThat(class1.get("support").longValue()).isEqualTo(3);
        assertThat(json.get("confusionMatrix").toString()).isEqualTo("[[3,1,0],[1,2,0],[0,1,1]]");
        assertThat(json.get("model").textValue()).isEqualTo("hdfs:///models/m1");
        assertThat(json.get("data").textValue()).isEqualTo("/data/t10k");
    }

    @Test
    void missingLogLossIsNullInJsonAndNotApplicableInTheSummary() throws IOException {
        EvaluationReport r = new EvaluationReport(ConfusionMatrixTest.example(), Double.NaN, "m", "d");
        assertThat(JSON.readTree(r.toJson()).get("meanLogLoss").isNull()).isTrue();
        assertThat(r.summary()).contains("mean log-loss  n/a\n");
    }

    @Test
    void summaryIsAReadableTable() {
        assertThat(report().summary()).isEqualTo("""
                model hdfs:///models/m1
                data  /data/t10k

                samples        9
                accuracy       0.6667
                mean log-loss  0.5000
                macro F1       0.6627

                class  precision     recall         f1  support
                    0     0.7500     0.7500     0.7500        4
                    1     0.5000     0.6667     0.5714        3
                    2     1.0000     0.5000     0.6667        2

                confusion matrix (rows = actual, columns = predicted)
                actual\\predicted  0  1  2
                               0  3  1  0
                               1  1  2  0
                               2  0  1  1
                """);
    }

    @Test
    void reportIsASnapshotOfTheMatrix() {
        ConfusionMatrix m = ConfusionMatrixTest.example();
        EvaluationReport r = new EvaluationReport(m, 4.5, "m", "d");
        m.add(2, 2);
        assertThat(r.count()).isEqualTo(9);
    }

    @Test
    void writesJsonAtomicallyAndRefusesToOverwrite() throws IOException {
        Configuration conf = new Configuration();
        Path file = tmp.resolve("eval.json");
        EvaluationReport r = report();

        EvaluationReport.writeJson(conf, file.toString(), r, false);
        assertThat(Files.readString(file)).isEqualTo(r.toJson() + "\n");

        EvaluationReport other = new EvaluationReport(new ConfusionMatrix(2), 0, "m2", "d2");
        assertThatThrownBy(() -> EvaluationReport.writeJson(conf, file.toString(), other, false))
                .isInstanceOf(FileAlreadyExistsException.class)
                .hasMessage(file + " already exists (pass --overwrite to replace it)");
        assertThat(Files.readString(file)).isEqualTo(r.toJson() + "\n");

        EvaluationReport.writeJson(conf, file.toUri().toString(), other, true);
        assertThat(Files.readString(file)).isEqualTo(other.toJson() + "\n");
        try (Stream<Path> s = Files.list(tmp)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("eval.json");
        }
    }
}
