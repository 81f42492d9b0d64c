package io.dpnet.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;

/** Reads {@code metrics.jsonl}: one JSON object per epoch, as written by {@code dpnet train}. */
public final class MetricsFile {
    private static final ObjectMapper JSON = new ObjectMapper();

    private MetricsFile() {
    }

    public static List<EpochRecord> read(Configuration conf, String file) throws IOException {
        return parse(file, new String(RunDirectory.read(conf, file), StandardCharsets.UTF_8));
    }

    /**
     * Parses the lines of {@code text}; blank lines are skipped, unknown keys ignored.
     *
     * @param file the name to use in error messages
     */
    static List<EpochRecord> parse(String file, String text) throws ReportInputException {
        List<EpochRecord> epochs = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            String where = file + " line " + (i + 1);
            JsonNode o;
            try {
                o = JSON.readTree(line);
            } catch (JsonProcessingException e) {
                throw new ReportInputException(where + ": not valid JSON: " + e.getOriginalMessage(), e);
            }
            if (o == null || !o.isObject()) {
                throw new ReportInputException(where + ": expected a JSON object");
            }
            JsonNode epoch = o.get("epoch");
            if (epoch == null || !epoch.canConvertToInt()) {
                throw new ReportInputException(where + ": expected an integer \"epoch\" but found "
                        + (epoch == null ? "nothing" : epoch.toString()));
            }
            epochs.add(new EpochRecord(epoch.intValue(),
                    number(o, "trainLoss", where), number(o, "trainAccuracy", where),
                    number(o, "valLoss", where), number(o, "valAccuracy", where),
                    number(o, "testLoss", where), number(o, "testAccuracy", where),
                    number(o, "learningRate", where), number(o, "samplesPerSecond", where),
                    number(o, "epochSeconds", where), number(o, "elapsedSeconds", where)));
        }
        return epochs;
    }

    /** The field as a double; NaN when absent or null. */
    private static double number(JsonNode o, String key, String where) throws ReportInputException {
        JsonNode v = o.get(key);
        if (v == null || v.isNull()) {
            return Double.NaN;
        }
        if (!v.isNumber()) {
            throw new ReportInputException(where + ": \"" + key + "\": expected a number or null but found " + v);
        }
        return v.doubleValue();
    }
}
