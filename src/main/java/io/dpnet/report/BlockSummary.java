package io.dpnet.report;

import io.dpnet.model.ModelTask;
import io.dpnet.model.NumericColumn;
import io.dpnet.model.SavedModel;
import io.dpnet.model.TabularInput;
import io.dpnet.model.Vocabulary;
import io.dpnet.nn.embed.InputBlockSpec;
import java.util.Locale;

/** The input block and task of a block model (model.json v2), for {@code dpnet info}. */
final class BlockSummary {
    private BlockSummary() {
    }

    static String format(SavedModel model) {
        TabularInput in = model.tabular();
        InputBlockSpec block = in.block();
        ModelTask task = model.task();
        StringBuilder sb = new StringBuilder();
        sb.append("task\n  ").append(task).append("\n\n");
        sb.append("input block\n  ").append(block).append('\n');
        for (NumericColumn n : in.numeric()) {
            sb.append(String.format(Locale.ROOT, "  numeric %-16s standardized: (x - %s) / %s%n", "'" + n.name() + "'",
                    Format.number(n.mean()), Format.number(n.scale())));
        }
        long tableFloats = 0;
        for (int t = 0; t < block.tableCount(); t++) {
            Vocabulary v = t < block.categoricals().size() ? in.vocabulary(t) : in.tokenVocabulary();
            String kind = t < block.categoricals().size() ? "categorical" : "tokens";
            String source = v == null ? "integer ids" : (t < block.categoricals().size() ? "strings " : "text, words ") + v;
            sb.append(String.format(Locale.ROOT, "  %-11s %-16s %s rows × %d, from %s%n", kind,
                    "'" + block.tableName(t) + "'", Format.grouped(block.tableRows(t)), block.dim(t), source));
            tableFloats += (long) block.tableRows(t) * block.dim(t);
        }
        sb.append(String.format(Locale.ROOT, "  embedding tables: %s parameters%n%n", Format.grouped(tableFloats)));
        return sb.toString();
    }
}
