package io.dpnet.testing;

import io.dpnet.data.IdxDataset;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;

/**
 * Writes small, learnable IDX datasets for tests: each class has a random prototype image and
 * samples are noisy copies of it, so a small network reaches high accuracy in a few epochs.
 */
public final class SyntheticIdx {
    private SyntheticIdx() {
    }

    /** Writes {@code <prefix>-images-idx3-ubyte} and {@code <prefix>-labels-idx1-ubyte} into {@code dir}. */
    public static void write(Path dir, String prefix, int count, int side, int classes, long seed) throws IOException {
        write(dir, prefix, count, side, classes, seed, 0);
    }

    /** Opens the {@code <prefix>} pair written into {@code dir} (by {@link #write}) with {@code classes} classes. */
    public static IdxDataset open(Path dir, String prefix, int classes) throws IOException {
        return IdxDataset.open(new Configuration(), dir.resolve(prefix + "-images-idx3-ubyte").toString(),
                dir.resolve(prefix + "-labels-idx1-ubyte").toString(), classes);
    }

    /** As above, with a fraction {@code labelNoise} of labels replaced by random ones (to make a net overfit). */
    public static void write(Path dir, String prefix, int count, int side, int classes, long seed, double labelNoise)
            throws IOException {
        Random rng = new Random(seed);
        Random protoRng = new Random(1234);  // same prototypes for train and test
        int features = side * side;
        int[][] protos = new int[classes][features];
        for (int[] p : protos) {
            for (int i = 0; i < features; i++) {
                p[i] = protoRng.nextDouble() < 0.3 ? 200 + protoRng.nextInt(56) : 0;
            }
        }
        Files.createDirectories(dir);
        try (DataOutputStream img = new DataOutputStream(Files.newOutputStream(dir.resolve(prefix + "-images-idx3-ubyte")));
             DataOutputStream lab = new DataOutputStream(Files.newOutputStream(dir.resolve(prefix + "-labels-idx1-ubyte")))) {
            img.writeInt(0x00000803);
            img.writeInt(count);
            img.writeInt(side);
            img.writeInt(side);
            lab.writeInt(0x00000801);
            lab.writeInt(count);
            for (int n = 0; n < count; n++) {
                int c = rng.nextInt(classes);
                lab.writeByte(rng.nextDouble() < labelNoise ? rng.nextInt(classes) : c);
                for (int i = 0; i < features; i++) {
                    int v = protos[c][i];
                    if (rng.nextDouble() < 0.15) {
                        v = rng.nextInt(256);
                    }
                    img.writeByte(v);
                }
            }
        }
    }
}
