package io.dpnet.report;

import static io.dpnet.report.Html.escape;

import io.dpnet.model.SavedModel;
import io.dpnet.nn.DenseSpec;
import io.dpnet.nn.ModelSpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Renders a run as ONE self-contained HTML page: inline CSS, every picture embedded as a
 * {@code data:} URI, no scripts and no external resources, so the file can be mailed, archived
 * or opened from HDFS without a web server.
 *
 * <p>The markup is also well-formed XML (every element closed, only XML's predefined entities),
 * so tools and tests can read it with any XML parser. All text from the run — config values,
 * paths, provenance — is escaped.
 */
public final class ReportHtml {
    private static final String CSS = """
            :root { --fg: #1d2330; --muted: #5b6577; --line: #e3e7ee; --bg: #f4f6f9; --accent: #1f5fbf; }
            * { box-sizing: border-box; }
            body { margin: 0; background: var(--bg); color: var(--fg);
                   font: 15px/1.5 -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Liberation Sans", sans-serif; }
            main { max-width: 1200px; margin: 0 auto; padding: 24px 24px 48px; }
            header h1 { font-size: 26px; margin: 8px 0 2px; }
            header p { margin: 0; color: var(--muted); }
            section { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 18px 24px 20px;
                      margin: 20px 0; }
            h2 { font-size: 19px; margin: 0 0 14px; }
            h3 { font-size: 15px; margin: 18px 0 8px; }
            p { margin: 6px 0 12px; }
            .note { color: var(--muted); font-size: 14px; }
            .cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(128px, 1fr)); gap: 12px; margin-bottom: 14px; }
            .card { border: 1px solid var(--line); border-radius: 6px; padding: 10px 14px; }
            .card .value { font-size: 22px; font-weight: 600; }
            .card .label { color: var(--muted); font-size: 13px; }
            .charts { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 16px; }
            .wide { margin-top: 16px; }
            figure { margin: 0; }
            figure img { display: block; max-width: 100%; height: auto; }
            .evaluation { display: grid; grid-template-columns: minmax(0, 1.25fr) minmax(0, 1fr); gap: 24px;
                          align-items: start; }
            @media (max-width: 900px) { .charts, .evaluation { grid-template-columns: minmax(0, 1fr); } }
            table { border-collapse: collapse; width: 100%; font-size: 14px; }
            th, td { padding: 4px 10px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
            th { font-weight: 600; background: #f7f8fa; }
            tfoot td { font-weight: 600; border-top: 2px solid var(--line); }
            table.kv { width: auto; min-width: 50%; }
            .num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
            .scroll { overflow-x: auto; }
            code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", monospace;
                          font-size: 13px; }
            td.mono { word-break: break-all; }
            .grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(176px, 1fr)); gap: 16px 8px; }
            .grid figure { text-align: center; }
            .grid img { margin: 0 auto 4px; border: 1px solid #c8ced8; image-rendering: pixelated; }
            .grid figcaption { font-size: 12.5px; line-height: 1.35; white-space: nowrap; }
            .grid figcaption .index { color: var(--muted); font-size: 12px; }
            footer { color: var(--muted); font-size: 13px; text-align: center; }
            """;

    private final RunData run;
    private final ReportImages images;
    private final StringBuilder out = new StringBuilder(1 << 20);

    private ReportHtml(RunData run, ReportImages images) {
        this.run = run;
        this.images = images;
    }

    /** The page; {@code generatedBy} goes in the footer (e.g. "dpnet 0.1.0 at 2025-...Z"). */
    public static String render(RunData run, ReportImages images, String generatedBy) {
        return new ReportHtml(run, images).page(generatedBy);
    }

    private String page(String generatedBy) {
        SavedModel model = run.model();
        out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n")
                .append("<title>dpnet report: ").append(escape(run.dir())).append("</title>\n")
                .append("<style>\n").append(CSS).append("</style>\n</head>\n<body>\n<main>\n");
        out.append("<header>\n<h1>Training report</h1>\n<p><span class=\"mono\">").append(escape(run.dir()))
                .append("</span></p>\n<p>").append(escape(model.spec().toString()));
        String created = model.provenance().get("createdAt");
        if (created != null) {
            out.append(" · saved ").append(escape(created));
        }
        out.append("</p>\n</header>\n");
        summary();
        curves();
        if (run.isRegression()) {
            regression();
        } else {
            evaluation();
            misclassified();
        }
        epochTable();
        architecture();
        keyValueSection("config", "Run configuration", "config-table", model.trainingConfig(),
                "The resolved training configuration stored in model.json (trainingConfig); together with the data, it"
                        + " determines the run.");
        provenance();
        out.append("<footer>").append(escape(generatedBy)).append("</footer>\n");
        out.append("</main>\n</body>\n</html>\n");
        return out.toString();
    }

    private void summary() {
        SavedModel model = run.model();
        out.append("<section id=\"summary\">\n<h2>Summary</h2>\n<div class=\"cards\">\n");
        if (run.isRegression()) {
            RegressionSummary r = run.regression();
            card("test RMSE", Format.fixed4(r.rmse()));
            card("test MAE", Format.fixed4(r.mae()));
            card("test R²", Format.fixed4(r.r2()));
            card("test samples", Format.grouped(r.count()));
        } else {
            EvalSummary eval = run.eval();
            card("test accuracy", Format.percent(eval.accuracy()));
            card("macro F1", Format.fixed4(eval.macroF1()));
            card("test mean log-loss", Format.fixed4(eval.meanLogLoss()));
            card("test samples", Format.grouped(eval.count()));
        }
        card("epochs", Long.toString(run.epochsTrained()));
        card("training time", Format.duration(trainingSeconds()));
        card("parameters", Format.grouped(model.spec().paramCount()));
        out.append("</div>\n<p id=\"model-epoch\">");
        long epochs = run.epochsTrained();
        if (run.earlierModelEpoch().isPresent()) {
            out.append("The saved model is from <strong>epoch ").append(run.earlierModelEpoch().get()).append(" of ")
                    .append(epochs).append("</strong>, the best epoch (<code>bestEpoch</code> in model.json);"
                            + " the charts mark it with a dashed line.");
        } else {
            out.append("The saved model is from the <strong>final epoch (").append(epochs).append(")</strong>.");
        }
        if (run.stoppedEarly()) {
            out.append(" Training stopped early, after ").append(epochs).append(" epochs.");
        }
        out.append("</p>\n<h3>Final metrics</h3>\n");
        table("final-metrics", List.of("metric", "value"), List.of(false, true), model.metrics().entrySet().stream()
                .map(e -> List.of("<code>" + escape(e.getKey()) + "</code>", escape(Format.number(e.getValue()))))
                .toList());
        out.append("</section>\n");
    }

    private double trainingSeconds() {
        Object v = run.model().metrics().get("trainingSeconds");
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        List<EpochRecord> e = run.epochs();
        return e.isEmpty() ? Double.NaN : e.get(e.size() - 1).elapsedSeconds();
    }

    private void curves() {
        out.append("<section id=\"curves\">\n<h2>Training curves</h2>\n");
        if (run.epochs().isEmpty()) {
            out.append("<p class=\"note\">metrics.jsonl has no epochs.</p>\n");
        }
        boolean validation = run.epochs().stream().anyMatch(e -> Double.isFinite(e.valAccuracy()));
        out.append("<p class=\"note\">Per epoch, from metrics.jsonl: train figures are averaged over the epoch's"
                + " steps; ").append(validation ? "validation and " : "").append("test figures are measured at the"
                + " end of the epoch (epochs without an evaluation have no test point).</p>\n");
        out.append("<div class=\"charts\">\n");
        chart(ReportImages.LOSS, "Loss per epoch", ReportCharts.CURVE_WIDTH, ReportCharts.CURVE_HEIGHT);
        if (!run.isRegression()) {
            chart(ReportImages.ACCURACY, "Accuracy per epoch", ReportCharts.CURVE_WIDTH, ReportCharts.CURVE_HEIGHT);
        }
        out.append("</div>\n<div class=\"wide\">\n");
        chart(ReportImages.LEARNING_RATE, "Learning rate per epoch", ReportCharts.WIDE_WIDTH,
                ReportCharts.WIDE_HEIGHT);
        out.append("</div>\n</section>\n");
    }

    private void evaluation() {
        EvalSummary eval = run.eval();
        int side = ReportCharts.confusionSize(eval.classes());
        out.append("<section id=\"evaluation\">\n<h2>Test set evaluation</h2>\n<p class=\"note\">From eval.json: the"
                + " saved model scored on all ").append(Format.grouped(eval.count()))
                .append(" test samples.</p>\n<div class=\"evaluation\">\n");
        chart(ReportImages.CONFUSION, "Confusion matrix: rows are the actual class, columns the predicted class",
                side, side);
        out.append("<div>\n<h3>Per-class scores</h3>\n");
        List<List<String>> rows = eval.perClass().stream().map(c -> List.of(
                Integer.toString(c.classIndex()), Format.fixed4(c.precision()), Format.fixed4(c.recall()),
                Format.fixed4(c.f1()), Format.grouped(c.support()))).toList();
        out.append("<table id=\"per-class\">\n<thead>");
        row("th", List.of("class", "precision", "recall", "F1", "support"), List.of(false, true, true, true, true));
        out.append("</thead>\n<tbody>\n");
        for (List<String> r : rows) {
            row("td", r, List.of(false, true, true, true, true));
        }
        out.append("</tbody>\n<tfoot>");
        row("td", List.of("accuracy " + Format.percent(eval.accuracy()), "", "macro", Format.fixed4(eval.macroF1()),
                Format.grouped(eval.count())), List.of(false, true, true, true, true));
        out.append("</tfoot>\n</table>\n</div>\n</div>\n</section>\n");
    }

    private void regression() {
        RegressionSummary r = run.regression();
        out.append("<section id=\"evaluation\">\n<h2>Test set evaluation</h2>\n<p class=\"note\">From eval.json: the"
                + " saved model scored on all ").append(Format.grouped(r.count())).append(" test rows (in the"
                + " target's own units).</p>\n");
        table("regression-metrics", List.of("metric", "value"), List.of(false, true), List.of(
                List.of("RMSE", Format.fixed4(r.rmse())), List.of("MAE", Format.fixed4(r.mae())),
                List.of("R²", Format.fixed4(r.r2())), List.of("rows", Format.grouped(r.count()))));
        out.append("</section>\n");
    }

    private void misclassified() {
        out.append("<section id=\"misclassified\">\n<h2>Most confidently misclassified test images</h2>\n");
        List<MisclassifiedImage> list = run.misclassified().orElse(null);
        if (list == null) {
            out.append("<p class=\"note\">This run has no misclassified.json.</p>\n");
        } else if (list.isEmpty()) {
            out.append("<p class=\"note\">The model classifies every test image correctly.</p>\n");
        } else {
            out.append("<p class=\"note\">The ").append(list.size()).append(" wrong predictions the model was most"
                    + " sure of, most confident first: often mislabelled or ambiguous images, sometimes a systematic"
                    + " blind spot.</p>\n<div class=\"grid\">\n");
            for (int i = 0; i < list.size(); i++) {
                MisclassifiedImage m = list.get(i);
                int scale = ImageGrid.scaleFor(m);
                String caption = ImageGrid.caption(m);
                out.append("<figure>");
                img(images.tiles().get(i), "test sample " + m.index() + ": " + caption, m.cols() * scale,
                        m.rows() * scale);
                out.append("<figcaption>").append(escape(caption)).append("<br/><span class=\"index\">test sample #")
                        .append(m.index()).append("</span></figcaption></figure>\n");
            }
            out.append("</div>\n");
        }
        out.append("</section>\n");
    }

    private void epochTable() {
        List<EpochRecord> epochs = run.epochs();
        boolean val = epochs.stream().anyMatch(e -> Double.isFinite(e.valLoss()) || Double.isFinite(e.valAccuracy()));
        out.append("<section id=\"epochs\">\n<h2>Per-epoch metrics</h2>\n<div class=\"scroll\">\n");
        List<String> head = new java.util.ArrayList<>(List.of("epoch", "train loss", "train acc."));
        if (val) {
            head.addAll(List.of("val. loss", "val. acc."));
        }
        head.addAll(List.of("test loss", "test acc.", "learning rate", "epoch time", "samples/s"));
        List<Boolean> numeric = head.stream().map(h -> true).toList();
        out.append("<table id=\"epoch-table\">\n<thead>");
        row("th", head, numeric);
        out.append("</thead>\n<tbody>\n");
        for (EpochRecord e : epochs) {
            List<String> cells = new java.util.ArrayList<>(List.of(Integer.toString(e.epoch()),
                    Format.fixed4(e.trainLoss()), Format.percent(e.trainAccuracy())));
            if (val) {
                cells.addAll(List.of(Format.fixed4(e.valLoss()), Format.percent(e.valAccuracy())));
            }
            cells.addAll(List.of(Format.fixed4(e.testLoss()), Format.percent(e.testAccuracy()),
                    Format.number(e.learningRate()), Format.duration(e.epochSeconds()),
                    Double.isFinite(e.samplesPerSecond()) ? Format.grouped(Math.round(e.samplesPerSecond())) : "n/a"));
            row("td", cells, numeric);
        }
        out.append("</tbody>\n</table>\n</div>\n</section>\n");
    }

    private void architecture() {
        ModelSpec spec = run.model().spec();
        out.append("<section id=\"model\">\n<h2>Model</h2>\n<table id=\"architecture\">\n<thead>");
        List<Boolean> numeric = List.of(false, false, true, true, false, true);
        row("th", List.of("layer", "type", "inputs", "outputs", "activation", "parameters"), numeric);
        out.append("</thead>\n<tbody>\n");
        for (int i = 0; i < spec.layerCount(); i++) {
            DenseSpec l = spec.layer(i);
            row("td", List.of(Integer.toString(i + 1), "dense", Format.grouped(l.inputs()), Format.grouped(l.outputs()),
                    escape(l.activation().toString()), Format.grouped(l.paramCount())), numeric);
        }
        out.append("</tbody>\n<tfoot>");
        row("td", List.of("total", "loss: " + escape(spec.loss().label()), "", "", "",
                Format.grouped(spec.paramCount())), numeric);
        out.append("</tfoot>\n</table>\n</section>\n");
    }

    private void provenance() {
        SavedModel model = run.model();
        out.append("<section id=\"provenance\">\n<h2>Provenance</h2>\n");
        out.append("<p class=\"note\">Who made this model, when and with what (model.json provenance).</p>\n");
        keyValueTable("provenance-table", model.provenance());
        out.append("<h3>Dataset checksums</h3>\n<p class=\"note\">SHA-256 of the data files the model was trained"
                + " and tested on.</p>\n");
        table("checksums-table", List.of("file", "sha256"), List.of(false, false),
                model.datasetChecksums().entrySet().stream()
                        .map(e -> List.of(escape(e.getKey()), "<span class=\"mono\">" + escape(e.getValue())
                                + "</span>")).toList());
        out.append("</section>\n");
    }

    private void keyValueSection(String id, String title, String tableId, Map<String, String> map, String note) {
        out.append("<section id=\"").append(id).append("\">\n<h2>").append(escape(title)).append("</h2>\n")
                .append("<p class=\"note\">").append(escape(note)).append("</p>\n");
        keyValueTable(tableId, map);
        out.append("</section>\n");
    }

    private void keyValueTable(String id, Map<String, String> map) {
        table(id, List.of("key", "value"), List.of(false, false), map.entrySet().stream()
                .map(e -> List.of("<code>" + escape(e.getKey()) + "</code>", e.getValue().isEmpty()
                        ? "<span class=\"note\">(empty)</span>"
                        : "<span class=\"mono\">" + escape(e.getValue()) + "</span>")).toList());
    }

    /** A table whose cells are already-escaped HTML. */
    private void table(String id, List<String> head, List<Boolean> numeric, List<List<String>> rows) {
        out.append("<table id=\"").append(id).append("\" class=\"kv\">\n<thead>");
        row("th", head.stream().map(Html::escape).toList(), numeric);
        out.append("</thead>\n<tbody>\n");
        if (rows.isEmpty()) {
            out.append("<tr><td colspan=\"").append(head.size()).append("\" class=\"note\">(none)</td></tr>\n");
        }
        for (List<String> r : rows) {
            row("td", r, numeric);
        }
        out.append("</tbody>\n</table>\n");
    }

    private void row(String tag, List<String> cells, List<Boolean> numeric) {
        out.append("<tr>");
        for (int i = 0; i < cells.size(); i++) {
            out.append('<').append(tag).append(numeric.get(i) ? " class=\"num\"" : "").append('>')
                    .append(cells.get(i)).append("</").append(tag).append('>');
        }
        out.append("</tr>\n");
    }

    private void card(String label, String value) {
        out.append("<div class=\"card\"><div class=\"value\">").append(escape(value))
                .append("</div><div class=\"label\">").append(escape(label)).append("</div></div>\n");
    }

    private void chart(String file, String alt, int width, int height) {
        out.append("<figure>");
        img(images.charts().get(file), alt, width, height);
        out.append("</figure>\n");
    }

    private void img(byte[] png, String alt, int width, int height) {
        out.append("<img src=\"data:image/png;base64,").append(Base64.getEncoder().encodeToString(png))
                .append("\" width=\"").append(width).append("\" height=\"").append(height)
                .append("\" alt=\"").append(escape(alt)).append("\"/>");
    }
}
