package io.dpnet.report;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every picture of a report as PNG bytes: the charts (by file name, as written to
 * {@code report/}), one tile per misclassified image for the HTML grid, and the captioned grid
 * for {@code report/misclassified.png}.
 *
 * @param charts file name ({@code loss.png}, ...) → PNG, in report order
 * @param tiles one enlarged image per entry of {@link RunData#misclassified()}, same order
 * @param misclassifiedGrid absent when there is nothing to draw
 */
public record ReportImages(Map<String, byte[]> charts, List<byte[]> tiles, Optional<byte[]> misclassifiedGrid) {
    public static final String LOSS = "loss.png";
    public static final String ACCURACY = "accuracy.png";
    public static final String LEARNING_RATE = "learning-rate.png";
    public static final String CONFUSION = "confusion.png";
    public static final String MISCLASSIFIED = "misclassified.png";

    public static ReportImages render(RunData run) throws IOException {
        Map<String, byte[]> charts = new LinkedHashMap<>();
        int w = ReportCharts.CURVE_WIDTH;
        int h = ReportCharts.CURVE_HEIGHT;
        String lossName = run.model().spec().loss().label();
        charts.put(LOSS, ReportCharts.png(ReportCharts.loss(run.epochs(), run.earlierModelEpoch(), lossName), w, h));
        if (!run.isRegression()) {
            charts.put(ACCURACY, ReportCharts.png(ReportCharts.accuracy(run.epochs(), run.earlierModelEpoch()), w, h));
        }
        charts.put(LEARNING_RATE, ReportCharts.png(ReportCharts.learningRate(run.epochs()),
                ReportCharts.WIDE_WIDTH, ReportCharts.WIDE_HEIGHT));
        if (!run.isRegression()) {
            int side = ReportCharts.confusionSize(run.eval().classes());
            charts.put(CONFUSION, ReportCharts.png(ReportCharts.confusion(run.eval().confusion()), side, side));
        }

        List<MisclassifiedImage> images = run.misclassified().orElse(List.of());
        List<byte[]> tiles = new ArrayList<>(images.size());
        for (MisclassifiedImage m : images) {
            tiles.add(ImageGrid.png(ImageGrid.tile(m, ImageGrid.scaleFor(m))));
        }
        Optional<byte[]> grid = images.isEmpty() ? Optional.empty() : Optional.of(ImageGrid.png(ImageGrid.grid(images)));
        return new ReportImages(charts, List.copyOf(tiles), grid);
    }

    /** Every file of {@code report/}: the charts, then the grid when there is one. */
    public Map<String, byte[]> files() {
        Map<String, byte[]> files = new LinkedHashMap<>(charts);
        misclassifiedGrid.ifPresent(g -> files.put(MISCLASSIFIED, g));
        return files;
    }
}
