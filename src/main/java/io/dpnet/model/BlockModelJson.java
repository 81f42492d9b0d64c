package io.dpnet.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dpnet.nn.ModelSpec;
import io.dpnet.nn.RegressionLoss;
import io.dpnet.nn.embed.CategoricalInput;
import io.dpnet.nn.embed.EmbeddingTables;
import io.dpnet.nn.embed.InputBlockSpec;
import io.dpnet.nn.embed.OovPolicy;
import io.dpnet.nn.embed.Pooling;
import io.dpnet.nn.embed.TokenBagInput;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The version-2 sections of {@code model.json} — {@code input} (the block and its columns),
 * {@code task} and {@code tables} — and their side files in the model directory:
 * {@code table-<t>.bin} (table {@code t}, little-endian float32, row-major, like
 * {@code weights.bin}) and {@code vocabulary-<t>.json} (a JSON array of the column's values in id
 * order, for string columns only). {@code model.json} records every side file's sha256, so a
 * mixed-up or truncated directory fails to load with the file named.
 */
final class BlockModelJson {
    /** The sha256 of each side file, by table index; {@code vocabularies[t]} is null for id columns. */
    record Files(String[] tables, String[] vocabularies) {
    }

    /** What the v2 sections say; the side files are read by {@link #readFiles}. */
    record Header(InputBlockSpec block, List<NumericColumn> numeric, ModelTask task, String[] tableSha,
                  String[] vocabularySha, int[] vocabularyCount) {
    }

    private final ModelJson j;

    BlockModelJson(ModelJson j) {
        this.j = j;
    }

    static String tableFile(int t) {
        return "table-" + t + ".bin";
    }

    static String vocabularyFile(int t) {
        return "vocabulary-" + t + ".json";
    }

    /** Writes the tables and vocabularies of {@code model} into the (new) directory {@code dir}. */
    static Files writeFiles(FileSystem fs, Path dir, SavedModel model) throws IOException {
        TabularInput in = model.tabular();
        InputBlockSpec block = in.block();
        String[] tables = new String[block.tableCount()];
        String[] vocabularies = new String[block.tableCount()];
        for (int t = 0; t < tables.length; t++) {
            tables[t] = Float32Files.write(fs, new Path(dir, tableFile(t)), model.tables().table(t));
            Vocabulary v = t < block.categoricals().size() ? in.vocabulary(t) : in.tokenVocabulary();
            if (v != null) {
                // One line: a big vocabulary indented one value per line would double its size.
                byte[] bytes = ModelJson.MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT)
                        .writeValueAsBytes(v.values());
                try (OutputStream out = fs.create(new Path(dir, vocabularyFile(t)), false)) {
                    out.write(bytes);
                }
                vocabularies[t] = sha256(bytes);
            }
        }
        return new Files(tables, vocabularies);
    }

    static void write(ObjectNode root, SavedModel model, Files files) {
        TabularInput in = model.tabular();
        InputBlockSpec block = in.block();
        ObjectNode input = root.putObject("input");
        input.put("width", block.width());
        ArrayNode numeric = input.putArray("numeric");
        for (NumericColumn n : in.numeric()) {
            numeric.addObject().put("name", n.name()).put("mean", n.mean()).put("scale", n.scale());
        }
        ArrayNode categorical = input.putArray("categorical");
        for (int c = 0; c < block.categoricals().size(); c++) {
            CategoricalInput ci = block.categoricals().get(c);
            ObjectNode o = categorical.addObject().put("name", ci.name()).put("vocabularySize", ci.vocabularySize())
                    .put("dim", ci.dim()).put("oov", oov(ci.oov()));
            putVocabulary(o, files, c, in.vocabulary(c));
        }
        if (block.hasBag()) {
            TokenBagInput b = block.bag();
            ObjectNode o = input.putObject("tokens").put("name", b.name()).put("vocabularySize", b.vocabularySize())
                    .put("dim", b.dim()).put("oov", oov(b.oov()))
                    .put("pooling", b.pooling().name().toLowerCase(Locale.ROOT)).put("paddingId", b.paddingId())
                    .put("source", in.tokenVocabulary() == null ? "ids" : "text");
            if (in.tokenVocabulary() != null) {
                o.put("tokenPattern", TabularInput.TOKEN_PATTERN).put("lowercase", true);
            }
            putVocabulary(o, files, block.bagTable(), in.tokenVocabulary());
        }

        ModelTask task = model.task();
        ObjectNode t = root.putObject("task").put("kind", task.kind().label()).put("label", task.labelColumn())
                .put("weight", task.weightColumn());
        if (task.isRegression()) {
            RegressionLoss loss = task.regressionLoss();
            t.put("loss", loss.kind() == RegressionLoss.Kind.MSE ? "mse" : "huber");
            if (loss.kind() == RegressionLoss.Kind.HUBER) {
                t.put("huberDelta", loss.delta());
            }
        } else {
            t.put("loss", "cross_entropy");
            float[] cw = task.classWeights();
            if (cw != null) {
                ArrayNode a = t.putArray("classWeights");
                for (float w : cw) {
                    a.add(w);
                }
            }
        }

        ArrayNode tables = root.putArray("tables");
        for (int i = 0; i < block.tableCount(); i++) {
            tables.addObject().put("name", block.tableName(i)).put("file", tableFile(i))
                    .put("rows", block.tableRows(i)).put("dim", block.dim(i))
                    .put("dtype", ModelJson.DTYPE).put("byteOrder", ModelJson.BYTE_ORDER).put("sha256", files.tables[i]);
        }
    }

    private static void putVocabulary(ObjectNode o, Files files, int t, Vocabulary v) {
        if (v != null) {
            o.putObject("vocabulary").put("file", vocabularyFile(t)).put("count", v.size())
                    .put("sha256", files.vocabularies[t]);
        }
    }

    private static String oov(OovPolicy p) {
        return p == OovPolicy.ERROR ? "error" : "unknown";
    }

    Header read(JsonNode root, ModelSpec spec) throws ModelFormatException {
        JsonNode input = j.object(root, "", "input");
        JsonNode numericNode = array(input, "input", "numeric");
        List<NumericColumn> numeric = new ArrayList<>();
        for (int i = 0; i < numericNode.size(); i++) {
            String at = "input.numeric[" + i + "]";
            JsonNode n = numericNode.get(i);
            try {
                numeric.add(new NumericColumn(j.text(n, at, "name"), number(n, at, "mean"), number(n, at, "scale")));
            } catch (IllegalArgumentException e) {
                throw j.fail(at + ": " + e.getMessage());
            }
        }
        JsonNode catNode = array(input, "input", "categorical");
        int tablesCount = catNode.size() + (input.has("tokens") ? 1 : 0);
        String[] vocabularySha = new String[tablesCount];
        int[] vocabularyCount = new int[tablesCount];
        List<CategoricalInput> cats = new ArrayList<>();
        for (int c = 0; c < catNode.size(); c++) {
            String at = "input.categorical[" + c + "]";
            JsonNode n = catNode.get(c);
            try {
                cats.add(new CategoricalInput(j.text(n, at, "name"), j.positiveInt(n, at, "vocabularySize"),
                        j.positiveInt(n, at, "dim"), oov(n, at)));
            } catch (IllegalArgumentException e) {
                throw j.fail(at + ": " + e.getMessage());
            }
            vocabulary(n, at, c, vocabularySha, vocabularyCount);
        }
        TokenBagInput bag = null;
        if (input.has("tokens")) {
            String at = "input.tokens";
            JsonNode n = j.object(input, "input", "tokens");
            Pooling pooling = j.parsed(n, at, "pooling", s -> switch (s) {
                case "sum" -> Pooling.SUM;
                case "mean" -> Pooling.MEAN;
                default -> throw new IllegalArgumentException("expected \"sum\" or \"mean\" but found \"" + s + "\"");
            });
            String source = j.text(n, at, "source");
            if (!source.equals("text") && !source.equals("ids")) {
                throw j.fail(at + ".source: expected \"text\" or \"ids\" but found " + ModelJson.found(n.get("source")));
            }
            if (source.equals("text")) {
                j.expectText(n, at, "tokenPattern", TabularInput.TOKEN_PATTERN);
            }
            try {
                bag = new TokenBagInput(j.text(n, at, "name"), j.positiveInt(n, at, "vocabularySize"),
                        j.positiveInt(n, at, "dim"), pooling, integer(n, at, "paddingId"), oov(n, at));
            } catch (IllegalArgumentException e) {
                throw j.fail(at + ": " + e.getMessage());
            }
            vocabulary(n, at, cats.size(), vocabularySha, vocabularyCount);
            if (source.equals("text") != (vocabularySha[cats.size()] != null)) {
                throw j.fail(at + ".vocabulary: expected one exactly when source is \"text\"");
            }
        }
        InputBlockSpec block;
        try {
            block = new InputBlockSpec(numeric.size(), cats, bag);
        } catch (IllegalArgumentException e) {
            throw j.fail("input: " + e.getMessage());
        }
        if (integer(input, "input", "width") != block.width() || block.width() != spec.inputSize()) {
            throw j.fail("input.width: expected " + block.width() + " (from the columns) = architecture.inputSize "
                    + spec.inputSize() + " but found " + ModelJson.found(input.get("width")));
        }
        return new Header(block, numeric, task(j.object(root, "", "task")), tables(root, block), vocabularySha,
                vocabularyCount);
    }

    private ModelTask task(JsonNode t) throws ModelFormatException {
        ModelTask.Kind kind = j.parsed(t, "task", "kind", ModelTask.Kind::parse);
        String label = j.text(t, "task", "label");
        String weight = j.text(t, "task", "weight");
        String loss = j.text(t, "task", "loss");
        try {
            if (kind == ModelTask.Kind.REGRESSION) {
                RegressionLoss rl = switch (loss) {
                    case "mse" -> RegressionLoss.mse();
                    case "huber" -> RegressionLoss.huber((float) number(t, "task", "huberDelta"));
                    default -> throw j.fail("task.loss: expected \"mse\" or \"huber\" but found \"" + loss + "\"");
                };
                return ModelTask.regression(label, weight, rl);
            }
            if (!loss.equals("cross_entropy")) {
                throw j.fail("task.loss: expected \"cross_entropy\" but found \"" + loss + "\"");
            }
            float[] cw = null;
            if (t.has("classWeights")) {
                JsonNode a = array(t, "task", "classWeights");
                cw = new float[a.size()];
                for (int i = 0; i < cw.length; i++) {
                    if (!a.get(i).isNumber()) {
                        throw j.fail("task.classWeights[" + i + "]: expected a number but found "
                                + ModelJson.found(a.get(i)));
                    }
                    cw[i] = a.get(i).floatValue();
                }
            }
            return ModelTask.classification(label, weight, cw);
        } catch (IllegalArgumentException e) {
            throw j.fail("task: " + e.getMessage());
        }
    }

    private String[] tables(JsonNode root, InputBlockSpec block) throws ModelFormatException {
        JsonNode tables = array(root, "", "tables");
        if (tables.size() != block.tableCount()) {
            throw j.fail("tables: expected " + block.tableCount() + " entries (one per embedded column) but found "
                    + tables.size());
        }
        String[] sha = new String[tables.size()];
        for (int t = 0; t < sha.length; t++) {
            String at = "tables[" + t + "]";
            JsonNode n = tables.get(t);
            j.expectText(n, at, "name", block.tableName(t));
            j.expectText(n, at, "file", tableFile(t));
            j.expectText(n, at, "dtype", ModelJson.DTYPE);
            j.expectText(n, at, "byteOrder", ModelJson.BYTE_ORDER);
            if (j.positiveInt(n, at, "rows") != block.tableRows(t) || j.positiveInt(n, at, "dim") != block.dim(t)) {
                throw j.fail(at + ": expected " + block.tableRows(t) + " rows × " + block.dim(t) + " (from input) but "
                        + "found " + n.get("rows") + " × " + n.get("dim"));
            }
            sha[t] = sha256Field(n, at);
        }
        return sha;
    }

    private void vocabulary(JsonNode n, String at, int t, String[] sha, int[] count) throws ModelFormatException {
        if (!n.has("vocabulary")) {
            return;
        }
        JsonNode v = j.object(n, at, "vocabulary");
        j.expectText(v, at + ".vocabulary", "file", vocabularyFile(t));
        count[t] = j.positiveInt(v, at + ".vocabulary", "count");
        sha[t] = sha256Field(v, at + ".vocabulary");
    }

    /** Reads the side files the header names and assembles the input description and tables. */
    static SavedModel.Builder readFiles(FileSystem fs, Path root, String name, Header h, SavedModel.Builder into)
            throws IOException {
        InputBlockSpec block = h.block();
        float[][] tables = new float[block.tableCount()][];
        List<Vocabulary> vocabularies = new ArrayList<>();
        Vocabulary tokens = null;
        for (int t = 0; t < tables.length; t++) {
            tables[t] = Float32Files.read(fs, new Path(root, tableFile(t)), name + "/" + tableFile(t),
                    block.tableRows(t) * block.dim(t), h.tableSha()[t], "model.json");
            Vocabulary v = h.vocabularySha()[t] == null ? null
                    : readVocabulary(fs, new Path(root, vocabularyFile(t)), name + "/" + vocabularyFile(t), h, t);
            if (t < block.categoricals().size()) {
                vocabularies.add(v);
            } else {
                tokens = v;
            }
        }
        try {
            TabularInput in = new TabularInput(block, h.numeric(), vocabularies, tokens);
            return into.block(in, h.task(), new EmbeddingTables(block, tables));
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(name + "/" + ModelJson.MODEL_FILE + ": " + e.getMessage(), e);
        }
    }

    private static Vocabulary readVocabulary(FileSystem fs, Path path, String name, Header h, int t)
            throws IOException {
        ModelIo.requireFile(fs, path, name);
        byte[] bytes;
        try (InputStream in = fs.open(path)) {
            bytes = in.readAllBytes();
        }
        String sha = sha256(bytes);
        if (!sha.equals(h.vocabularySha()[t])) {
            throw new ModelFormatException(name + ": expected sha256 " + h.vocabularySha()[t]
                    + " (from model.json) but found " + sha);
        }
        JsonNode a = ModelJson.MAPPER.readTree(bytes);
        if (!a.isArray() || a.size() != h.vocabularyCount()[t]) {
            throw new ModelFormatException(name + ": expected a JSON array of " + h.vocabularyCount()[t]
                    + " strings but found " + ModelJson.found(a));
        }
        List<String> values = new ArrayList<>(a.size());
        for (int i = 0; i < a.size(); i++) {
            if (!a.get(i).isTextual()) {
                throw new ModelFormatException(name + ": [" + i + "]: expected a string but found "
                        + ModelJson.found(a.get(i)));
            }
            values.add(a.get(i).textValue());
        }
        try {
            return Vocabulary.of(values);
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(name + ": " + e.getMessage(), e);
        }
    }

    private OovPolicy oov(JsonNode n, String at) throws ModelFormatException {
        return j.parsed(n, at, "oov", s -> switch (s) {
            case "error" -> OovPolicy.ERROR;
            case "unknown" -> OovPolicy.UNKNOWN_ID;
            default -> throw new IllegalArgumentException("expected \"error\" or \"unknown\" but found \"" + s + "\"");
        });
    }

    private JsonNode array(JsonNode obj, String at, String name) throws ModelFormatException {
        JsonNode v = j.field(obj, at, name);
        if (!v.isArray()) {
            throw j.fail((at.isEmpty() ? name : at + "." + name) + ": expected an array but found " + ModelJson.found(v));
        }
        return v;
    }

    private double number(JsonNode obj, String at, String name) throws ModelFormatException {
        JsonNode v = j.field(obj, at, name);
        if (!v.isNumber() || !Double.isFinite(v.doubleValue())) {
            throw j.fail(at + "." + name + ": expected a finite number but found " + ModelJson.found(v));
        }
        return v.doubleValue();
    }

    private int integer(JsonNode obj, String at, String name) throws ModelFormatException {
        JsonNode v = j.field(obj, at, name);
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw j.fail(at + "." + name + ": expected an integer but found " + ModelJson.found(v));
        }
        return v.intValue();
    }

    private String sha256Field(JsonNode n, String at) throws ModelFormatException {
        String s = j.text(n, at, "sha256");
        if (!s.matches("[0-9a-f]{64}")) {
            throw j.fail(at + ".sha256: expected 64 lowercase hex digits but found " + ModelJson.found(n.get("sha256")));
        }
        return s;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must support SHA-256", e);
        }
    }
}
