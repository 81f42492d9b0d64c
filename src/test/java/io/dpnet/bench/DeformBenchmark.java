package io.dpnet.bench;

import io.dpnet.data.IdxDataset;
import io.dpnet.data.augment.DeformParams;
import io.dpnet.data.augment.Deformer;
import java.awt.image.BufferedImage;
import java.io.File;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;

/**
 * The deformation core on real MNIST: {@code DeformBenchmark [DATA_DIR] [GRID_PNG] [SECONDS]}.
 * Writes a PNG grid (one row per digit 0–9: the original, then 9 variants, 4× enlarged) to look
 * at, prints the pixel correlation of variants with their originals, then single-thread images/s
 * (printed, never asserted: the number depends on the machine and its load).
 */
public final class DeformBenchmark {
    private static final int SIDE = 28;
    private static final int PIXELS = SIDE * SIDE;
    private static final int ZOOM = 4;

    private DeformBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String dir = args.length > 0 ? args[0] : "data/mnist";
        String png = args.length > 1 ? args[1] : "target/mnist8m-grid.png";
        double seconds = args.length > 2 ? Double.parseDouble(args[2]) : 5;
        Configuration conf = new Configuration();
        IdxDataset mnist = IdxDataset.open(conf, dir + "/train-images-idx3-ubyte", dir + "/train-labels-idx1-ubyte", 10);
        int n = 2000;
        byte[] images = new byte[n * PIXELS];
        byte[] labels = new byte[n];
        mnist.readBytes(conf, 0, n, images, labels);
        Deformer deformer = new Deformer(SIDE, DeformParams.DEFAULTS);
        writeGrid(deformer, images, labels, png);
        printCorrelations(deformer, images, n);
        byte[] out = new byte[PIXELS];
        for (int round = 1; round <= 3; round++) {
            long done = 0;
            long start = System.nanoTime();
            long end = start + (long) (seconds * 1e9);
            long checksum = 0;
            while (System.nanoTime() < end) {
                for (int k = 0; k < 1000; k++, done++) {
                    int image = (int) (done % n);
                    deformer.deform(images, image * PIXELS, out, 0, 1, image, 1 + (int) (done / n));
                    checksum += out[PIXELS / 2];
                }
            }
            double s = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "round %d: %,d images in %.2fs = %,.0f images/s single-thread (check %d)%n",
                    round, done, s, done / s, checksum);
        }
    }

    private static void writeGrid(Deformer deformer, byte[] images, byte[] labels, String png) throws Exception {
        int cols = 10;
        BufferedImage grid = new BufferedImage(cols * SIDE * ZOOM, 10 * SIDE * ZOOM, BufferedImage.TYPE_BYTE_GRAY);
        byte[] out = new byte[PIXELS];
        for (int digit = 0; digit < 10; digit++) {
            int image = 0;
            while (labels[image] != digit) {
                image++;
            }
            for (int c = 0; c < cols; c++) {
                if (c == 0) {
                    System.arraycopy(images, image * PIXELS, out, 0, PIXELS);
                } else {
                    deformer.deform(images, image * PIXELS, out, 0, 1, image, c);
                }
                for (int p = 0; p < PIXELS; p++) {
                    // Inverted (black ink on white), as digits are usually shown.
                    int v = 255 - (out[p] & 0xFF);
                    int rgb = v << 16 | v << 8 | v;
                    for (int dy = 0; dy < ZOOM; dy++) {
                        for (int dx = 0; dx < ZOOM; dx++) {
                            grid.setRGB((c * SIDE + p % SIDE) * ZOOM + dx, (digit * SIDE + p / SIDE) * ZOOM + dy, rgb);
                        }
                    }
                }
            }
        }
        File file = new File(png);
        file.getAbsoluteFile().getParentFile().mkdirs();
        ImageIO.write(grid, "png", file);
        System.out.println("grid: " + file.getAbsolutePath());
    }

    private static void printCorrelations(Deformer deformer, byte[] images, int n) throws Exception {
        // A fingerprint of the 8,000 variants: an optimisation of the core must leave it unchanged
        // (the generated data's bytes are part of its contract).
        java.security.MessageDigest digest = java.security.MessageDigest.getInstance("SHA-256");
        byte[] out = new byte[PIXELS];
        double sum = 0;
        double min = 1;
        int count = 0;
        int below = 0;
        for (int i = 0; i < n; i++) {
            for (int v = 1; v <= 4; v++) {
                deformer.deform(images, i * PIXELS, out, 0, 1, i, v);
                digest.update(out);
                double r = correlation(images, i * PIXELS, out);
                sum += r;
                min = Math.min(min, r);
                below += r < 0.2 ? 1 : 0;
                count++;
            }
        }
        System.out.printf(Locale.ROOT, "correlation with the original over %,d variants: mean %.3f, min %.3f, %d below 0.2%n",
                count, sum / count, min, below);
        System.out.println("fingerprint (sha256 of those variants): " + java.util.HexFormat.of().formatHex(digest.digest()));
    }

    private static double correlation(byte[] a, int off, byte[] b) {
        double ma = 0;
        double mb = 0;
        for (int i = 0; i < PIXELS; i++) {
            ma += a[off + i] & 0xFF;
            mb += b[i] & 0xFF;
        }
        ma /= PIXELS;
        mb /= PIXELS;
        double cov = 0;
        double va = 0;
        double vb = 0;
        for (int i = 0; i < PIXELS; i++) {
            double x = (a[off + i] & 0xFF) - ma;
            double y = (b[i] & 0xFF) - mb;
            cov += x * y;
            va += x * x;
            vb += y * y;
        }
        return cov / Math.sqrt(va * vb);
    }
}
