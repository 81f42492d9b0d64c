package io.dpnet.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.text.DecimalFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The report's charts, drawn with JFreeChart: loss, accuracy and learning-rate curves over the
 * epochs, and the confusion matrix as a heat map with the counts in its cells.
 *
 * <p>Charts are rendered at twice their layout size so they stay sharp on high-density screens
 * and when zoomed; the HTML shows them at the layout size.
 */
public final class ReportCharts {
    /** Layout size of the curve charts, in CSS pixels. */
    public static final int CURVE_WIDTH = 540;
    public static final int CURVE_HEIGHT = 340;
    /** The learning-rate chart spans the page: it is one line and needs no height. */
    public static final int WIDE_WIDTH = 1100;
    public static final int WIDE_HEIGHT = 280;
    /** Pixels per layout pixel in the PNGs. */
    public static final int SCALE = 2;

    static final Color TRAIN = new Color(0x1f, 0x77, 0xb4);
    static final Color VALIDATION = new Color(0xff, 0x7f, 0x0e);
    static final Color TEST = new Color(0x2c, 0xa0, 0x2c);
    static final Color RATE = new Color(0x6a, 0x3d, 0x9a);
    private static final Color GRID = new Color(0xdd, 0xe1, 0xe8);
    private static final Color TEXT = new Color(0x1d, 0x23, 0x30);
    private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 16);
    private static final Font LABEL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    private static final Font TICK_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    /** Above this many epochs, points are drawn as a plain line: markers would merge into a smear. */
    private static final int MAX_EPOCHS_WITH_MARKERS = 40;

    static {
        Headless.ensure();
    }

    private ReportCharts() {
    }

    /** Train loss, and validation and test loss for the epochs that have them. */
    public static JFreeChart loss(List<EpochRecord> epochs, Optional<Long> bestEpoch, String lossName) {
        XYSeriesCollection data = new XYSeriesCollection();
        add(data, series("train", epochs, EpochRecord::trainLoss, 1));
        add(data, series("validation", epochs, EpochRecord::valLoss, 1));
        add(data, series("test", epochs, EpochRecord::testLoss, 1));
        NumberAxis y = new NumberAxis("loss per sample (" + lossName + ")");
        y.setAutoRangeIncludesZero(true);
        return curves("Loss", data, y, epochs, bestEpoch);
    }

    /** Train, validation and test accuracy, in percent. */
    public static JFreeChart accuracy(List<EpochRecord> epochs, Optional<Long> bestEpoch) {
        XYSeriesCollection data = new XYSeriesCollection();
        add(data, series("train", epochs, EpochRecord::trainAccuracy, 100));
        add(data, series("validation", epochs, EpochRecord::valAccuracy, 100));
        add(data, series("test", epochs, EpochRecord::testAccuracy, 100));
        NumberAxis y = new NumberAxis("accuracy (%)");
        // Accuracies of a working model sit in a narrow band near 100%; zero would flatten them.
        y.setAutoRangeIncludesZero(false);
        y.setNumberFormatOverride(new DecimalFormat("0.##"));
        return curves("Accuracy", data, y, epochs, bestEpoch);
    }

    /** The learning rate of each epoch's last step. */
    public static JFreeChart learningRate(List<EpochRecord> epochs) {
        XYSeriesCollection data = new XYSeriesCollection();
        add(data, series("learning rate", epochs, EpochRecord::learningRate, 1));
        NumberAxis y = new NumberAxis("learning rate");
        // From zero, so a constant rate reads as a flat line rather than as noise around it.
        y.setAutoRangeIncludesZero(true);
        y.setNumberFormatOverride(new DecimalFormat("0.########"));
        JFreeChart chart = curves("Learning rate", data, y, epochs, Optional.empty());
        chart.getXYPlot().getRenderer().setSeriesPaint(0, RATE);
        chart.removeLegend();
        return chart;
    }

    /**
     * The confusion matrix (rows = actual class, top to bottom; columns = predicted class) as a
     * heat map. Each cell is colored by its share of the actual class — blue on the diagonal
     * (correct), red off it (errors) — so rare confusions stay visible next to a diagonal of
     * thousands; every cell shows its count.
     */
    public static JFreeChart confusion(long[][] counts) {
        int n = counts.length;
        double[] xs = new double[n * n];
        double[] ys = new double[n * n];
        double[] zs = new double[n * n];
        XYPlot plot = new XYPlot();
        Font cellFont = new Font(Font.SANS_SERIF, Font.PLAIN, n <= 12 ? 13 : n <= 20 ? 10 : 8);
        for (int a = 0; a < n; a++) {
            long support = 0;
            for (long c : counts[a]) {
                support += c;
            }
            for (int p = 0; p < n; p++) {
                int i = a * n + p;
                double share = support == 0 ? 0 : (double) counts[a][p] / support;
                xs[i] = p;
                ys[i] = a;
                zs[i] = a == p ? share : -share;
                XYTextAnnotation label = new XYTextAnnotation(Long.toString(counts[a][p]), p, a);
                label.setFont(cellFont);
                label.setPaint(ConfusionPaintScale.textColor(zs[i], counts[a][p]));
                label.setTextAnchor(TextAnchor.CENTER);
                plot.addAnnotation(label, false);
            }
        }
        DefaultXYZDataset data = new DefaultXYZDataset();
        data.addSeries("counts", new double[][] {xs, ys, zs});
        XYBlockRenderer renderer = new XYBlockRenderer();
        renderer.setBlockWidth(1);
        renderer.setBlockHeight(1);
        renderer.setBlockAnchor(RectangleAnchor.CENTER);
        renderer.setPaintScale(new ConfusionPaintScale());
        renderer.setDefaultToolTipGenerator(null);

        NumberAxis predicted = classAxis("predicted class", n);
        NumberAxis actual = classAxis("actual class", n);
        actual.setInverted(true);  // class 0 at the top, as the matrix is printed
        plot.setDataset(data);
        plot.setRenderer(renderer);
        plot.setDomainAxis(predicted);
        plot.setRangeAxis(actual);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        plot.setOutlinePaint(GRID);
        plot.setAxisOffset(RectangleInsets.ZERO_INSETS);

        JFreeChart chart = new JFreeChart("Confusion matrix (test set)", TITLE_FONT, plot, false);
        TextTitle subtitle = new TextTitle("color: share of the actual class — blue = correct, red = errors",
                LABEL_FONT);
        subtitle.setPaint(new Color(0x5b, 0x65, 0x77));
        chart.addSubtitle(subtitle);
        style(chart);
        return chart;
    }

    /** Layout size (CSS pixels) of the confusion chart for {@code classes} classes: about square. */
    public static int confusionSize(int classes) {
        return Math.max(480, Math.min(1000, 48 * classes + 120));
    }

    /** The chart as a PNG of {@code SCALE × width} by {@code SCALE × height} pixels. */
    public static byte[] png(JFreeChart chart, int width, int height) throws IOException {
        BufferedImage image = chart.createBufferedImage(width * SCALE, height * SCALE, width, height, null);
        return ChartUtils.encodeAsPNG(image);
    }

    private static JFreeChart curves(String title, XYSeriesCollection data, NumberAxis y, List<EpochRecord> epochs,
                                     Optional<Long> bestEpoch) {
        NumberAxis x = new NumberAxis("epoch");
        x.setStandardTickUnits(NumberAxis.createIntegerTickUnits(Locale.ROOT));
        int first = epochs.isEmpty() ? 1 : epochs.get(0).epoch();
        int last = epochs.isEmpty() ? 1 : epochs.get(epochs.size() - 1).epoch();
        double pad = Math.max(0.25, (last - first) * 0.02);
        x.setRange(first - pad, last + pad);

        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, epochs.size() <= MAX_EPOCHS_WITH_MARKERS);
        for (int s = 0; s < data.getSeriesCount(); s++) {
            String key = data.getSeriesKey(s).toString();
            renderer.setSeriesPaint(s, switch (key) {
                case "validation" -> VALIDATION;
                case "test" -> TEST;
                default -> TRAIN;
            });
            renderer.setSeriesStroke(s, new BasicStroke(2.2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            renderer.setSeriesShape(s, new java.awt.geom.Ellipse2D.Double(-3.5, -3.5, 7, 7));
        }
        XYPlot plot = new XYPlot(data, x, y, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(GRID);
        plot.setRangeGridlinePaint(GRID);
        plot.setDomainGridlineStroke(new BasicStroke(1f));
        plot.setRangeGridlineStroke(new BasicStroke(1f));
        plot.setOutlinePaint(GRID);
        plot.setAxisOffset(new RectangleInsets(4, 4, 4, 4));
        if (data.getSeriesCount() == 0) {
            plot.setNoDataMessage("no values in metrics.jsonl");
        }
        bestEpoch.ifPresent(e -> {
            ValueMarker marker = new ValueMarker(e, new Color(0x88, 0x88, 0x88),
                    new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {5f, 4f}, 0f));
            marker.setLabel("best epoch " + e);
            marker.setLabelFont(TICK_FONT);
            marker.setLabelPaint(new Color(0x55, 0x55, 0x55));
            marker.setLabelBackgroundColor(new Color(255, 255, 255, 200));
            marker.setLabelAnchor(RectangleAnchor.TOP_LEFT);
            marker.setLabelTextAnchor(TextAnchor.TOP_RIGHT);
            plot.addDomainMarker(marker, Layer.BACKGROUND);
        });
        JFreeChart chart = new JFreeChart(title, TITLE_FONT, plot, true);
        style(chart);
        return chart;
    }

    private static void style(JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.setAntiAlias(true);
        chart.setTextAntiAlias(true);
        chart.getTitle().setPaint(TEXT);
        chart.setPadding(new RectangleInsets(8, 8, 8, 12));
        if (chart.getLegend() != null) {
            chart.getLegend().setItemFont(LABEL_FONT);
            chart.getLegend().setFrame(org.jfree.chart.block.BlockBorder.NONE);
        }
        XYPlot plot = chart.getXYPlot();
        for (NumberAxis axis : List.of((NumberAxis) plot.getDomainAxis(), (NumberAxis) plot.getRangeAxis())) {
            axis.setLabelFont(LABEL_FONT);
            axis.setTickLabelFont(TICK_FONT);
            axis.setLabelPaint(TEXT);
            axis.setTickLabelPaint(TEXT);
            axis.setAxisLinePaint(GRID);
            axis.setTickMarkPaint(GRID);
        }
    }

    private static NumberAxis classAxis(String label, int classes) {
        NumberAxis axis = new NumberAxis(label);
        axis.setRange(-0.5, classes - 0.5);
        if (classes <= 30) {
            axis.setTickUnit(new NumberTickUnit(1, new DecimalFormat("0")));
        } else {
            axis.setStandardTickUnits(NumberAxis.createIntegerTickUnits(Locale.ROOT));
        }
        axis.setTickMarksVisible(false);
        return axis;
    }

    /** The finite values of one metric, scaled (e.g. ×100 for percentages); epochs without one are skipped. */
    private static XYSeries series(String name, List<EpochRecord> epochs, ToDoubleFunction<EpochRecord> metric,
                                   double scale) {
        XYSeries s = new XYSeries(name, true, false);
        for (EpochRecord e : epochs) {
            double v = metric.applyAsDouble(e);
            if (Double.isFinite(v)) {
                s.add(e.epoch(), v * scale);
            }
        }
        return s;
    }

    private static void add(XYSeriesCollection data, XYSeries s) {
        if (s.getItemCount() > 0) {
            data.addSeries(s);
        }
    }

    /**
     * Maps a signed share to a color: positive (diagonal) from white to blue, negative
     * (off-diagonal) from white to red. The square root lifts small shares, so a 1% confusion is
     * clearly tinted while the diagonal is still the darkest.
     */
    static final class ConfusionPaintScale implements PaintScale {
        private static final Color EMPTY = Color.WHITE;
        private static final Color CORRECT = new Color(0x08, 0x45, 0x94);
        private static final Color WRONG = new Color(0xc0, 0x1b, 0x1b);

        @Override
        public double getLowerBound() {
            return -1;
        }

        @Override
        public double getUpperBound() {
            return 1;
        }

        @Override
        public Paint getPaint(double value) {
            if (!Double.isFinite(value) || value == 0) {
                return EMPTY;
            }
            double t = intensity(value);
            return blend(EMPTY, value > 0 ? CORRECT : WRONG, t);
        }

        static double intensity(double value) {
            return Math.sqrt(Math.min(1, Math.abs(value)));
        }

        /** White text on dark cells, dark text on light ones; zero counts are greyed out. */
        static Color textColor(double value, long count) {
            if (count == 0) {
                return new Color(0xb0, 0xb6, 0xc0);
            }
            return intensity(value) > 0.55 ? Color.WHITE : TEXT;
        }

        private static Color blend(Color from, Color to, double t) {
            return new Color((int) Math.round(from.getRed() + (to.getRed() - from.getRed()) * t),
                    (int) Math.round(from.getGreen() + (to.getGreen() - from.getGreen()) * t),
                    (int) Math.round(from.getBlue() + (to.getBlue() - from.getBlue()) * t));
        }
    }
}
