package io.dpnet.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Draws misclassified test images: each one scaled up with square pixels (no smoothing: the
 * pixels are the data), as dark ink on white so it reads like the digit on the page; and the
 * grid of them, with captions, as one picture for {@code report/misclassified.png}.
 */
public final class ImageGrid {
    /** Target on-screen size of one image, in pixels: 28×28 MNIST digits become 112×112. */
    static final int TARGET_SIDE = 112;
    static final int COLUMNS = 8;
    private static final int PAD = 22;
    private static final int CAPTION_LINES = 2;
    private static final Font CAPTION_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 16);
    private static final Color TEXT = new Color(0x1d, 0x23, 0x30);
    private static final Color MUTED = new Color(0x5b, 0x65, 0x77);
    private static final Color FRAME = new Color(0xc8, 0xce, 0xd8);

    static {
        Headless.ensure();
    }

    private ImageGrid() {
    }

    /** Integer upscale that brings the image closest to {@link #TARGET_SIDE}; at least 1. */
    public static int scaleFor(MisclassifiedImage image) {
        return Math.max(1, Math.round((float) TARGET_SIDE / Math.max(image.rows(), image.cols())));
    }

    /** One image, {@code scale}× enlarged, ink dark on white. */
    public static BufferedImage tile(MisclassifiedImage image, int scale) {
        int w = image.cols() * scale;
        int h = image.rows() * scale;
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        byte[] raster = ((java.awt.image.DataBufferByte) out.getRaster().getDataBuffer()).getData();
        for (int y = 0; y < h; y++) {
            int r = y / scale;
            for (int x = 0; x < w; x++) {
                raster[y * w + x] = (byte) (255 - image.gray(r, x / scale));
            }
        }
        return out;
    }

    /** "true 4 → predicted 9 (97.3%)", the caption the report uses. */
    public static String caption(MisclassifiedImage image) {
        return "true " + image.label() + " → predicted " + image.predicted() + " ("
                + Format.confidence(image.confidence()) + ")";
    }

    /** All images in rows of {@link #COLUMNS}, each captioned with {@link #caption} and its sample index. */
    public static BufferedImage grid(List<MisclassifiedImage> images) {
        if (images.isEmpty()) {
            throw new IllegalArgumentException("no images to draw");
        }
        int tileW = 0;
        int tileH = 0;
        for (MisclassifiedImage m : images) {
            int s = scaleFor(m);
            tileW = Math.max(tileW, m.cols() * s);
            tileH = Math.max(tileH, m.rows() * s);
        }
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D pg = probe.createGraphics();
        FontMetrics fm = pg.getFontMetrics(CAPTION_FONT);
        int captionW = 0;
        for (MisclassifiedImage m : images) {
            captionW = Math.max(captionW, fm.stringWidth(caption(m)));
        }
        int lineH = fm.getHeight();
        int titleH = pg.getFontMetrics(TITLE_FONT).getHeight();
        pg.dispose();

        int cellW = Math.max(tileW, captionW) + PAD;
        int cellH = tileH + 6 + CAPTION_LINES * lineH + PAD;
        int columns = Math.min(COLUMNS, images.size());
        int rows = (images.size() + columns - 1) / columns;
        int width = PAD + columns * cellW;
        int height = PAD + titleH + PAD / 2 + rows * cellH;
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setFont(TITLE_FONT);
            g.setColor(TEXT);
            g.drawString("Most confidently misclassified test images", PAD,
                    PAD + g.getFontMetrics().getAscent());
            int top = PAD + titleH + PAD / 2;
            g.setFont(CAPTION_FONT);
            for (int i = 0; i < images.size(); i++) {
                MisclassifiedImage m = images.get(i);
                int x0 = PAD / 2 + (i % columns) * cellW + PAD / 2;
                int y0 = top + (i / columns) * cellH;
                BufferedImage t = tile(m, scaleFor(m));
                int tx = x0 + (cellW - PAD - t.getWidth()) / 2;
                g.drawImage(t, tx, y0, null);
                g.setColor(FRAME);
                g.drawRect(tx - 1, y0 - 1, t.getWidth() + 1, t.getHeight() + 1);
                int baseline = y0 + tileH + 6 + fm.getAscent();
                drawCentered(g, caption(m), x0, cellW - PAD, baseline, TEXT);
                drawCentered(g, "test sample #" + m.index(), x0, cellW - PAD, baseline + lineH, MUTED);
            }
        } finally {
            g.dispose();
        }
        return out;
    }

    public static byte[] png(BufferedImage image) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "png", bytes)) {
                throw new IllegalStateException("no PNG writer available in ImageIO");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing a PNG to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }

    private static void drawCentered(Graphics2D g, String text, int x0, int width, int baseline, Color color) {
        g.setColor(color);
        int w = g.getFontMetrics().stringWidth(text);
        g.drawString(text, x0 + (width - w) / 2, baseline);
    }
}
