package io.dpnet.testing;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The samples of an IDX pair written by {@link SyntheticIdx} again as LIBSVM and CSV text, with
 * the exact feature values dpnet reads from IDX ({@code pixel / 255f}), so every format holds the
 * same data and a model scores identically on each.
 */
public final class SyntheticFormats {
    private SyntheticFormats() {
    }

    /** The samples of {@code dir/<prefix>-*-idx*-ubyte}: {@code [n][features]} floats and labels. */
    public record Samples(float[][] x, int[] y) {
        public int count() {
            return y.length;
        }
    }

    public static Samples read(Path dir, String prefix) throws IOException {
        try (DataInputStream img = new DataInputStream(Files.newInputStream(dir.resolve(prefix + "-images-idx3-ubyte")));
             DataInputStream lab = new DataInputStream(Files.newInputStream(dir.resolve(prefix + "-labels-idx1-ubyte")))) {
            img.readInt();
            int n = img.readInt();
            int features = img.readInt() * img.readInt();
            lab.readInt();
            lab.readInt();
            float[][] x = new float[n][features];
            int[] y = new int[n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < features; j++) {
                    x[i][j] = img.readUnsignedByte() / 255f;
                }
                y[i] = lab.readUnsignedByte();
            }
            return new Samples(x, y);
        }
    }

    public static void writeLibsvm(Samples s, Path file) throws IOException {
        try (Writer w = Files.newBufferedWriter(file)) {
            for (int i = 0; i < s.count(); i++) {
                StringBuilder line = new StringBuilder().append(s.y()[i]);
                for (int j = 0; j < s.x()[i].length; j++) {
                    if (s.x()[i][j] != 0) {
                        line.append(' ').append(j + 1).append(':').append(s.x()[i][j]);
                    }
                }
                w.write(line.append('\n').toString());
            }
        }
    }

    /** Label first; with {@code header}, a header line {@code label,f0,f1,...}. */
    public static void writeCsv(Samples s, Path file, boolean header) throws IOException {
        try (Writer w = Files.newBufferedWriter(file)) {
            if (header) {
                StringBuilder line = new StringBuilder("label");
                for (int j = 0; j < s.x()[0].length; j++) {
                    line.append(",f").append(j);
                }
                w.write(line.append('\n').toString());
            }
            for (int i = 0; i < s.count(); i++) {
                StringBuilder line = new StringBuilder().append(s.y()[i]);
                for (float v : s.x()[i]) {
                    line.append(',').append(String.format(Locale.ROOT, "%s", v));
                }
                w.write(line.append('\n').toString());
            }
        }
    }
}
