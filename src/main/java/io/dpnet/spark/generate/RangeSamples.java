package io.dpnet.spark.generate;

import io.dpnet.data.IdxDataset;
import io.dpnet.data.augment.Deformer;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;

/**
 * The samples of one range of originals, in global order: original i, then its variants 1..V,
 * then original i + 1. One sample at a time into a reused buffer, so a task of 1,000 originals ×
 * 135 samples never holds more than the 1,000 originals (784 KB for MNIST).
 */
final class RangeSamples {
    private final GenerateRequest request;
    private final long firstImage;
    private final int images;
    private final int pixelsPerImage;
    private final byte[] originals;
    private final byte[] labels;
    private final byte[] sample;
    private final Deformer deformer;
    private long next;
    private byte label;

    RangeSamples(Configuration conf, IdxDataset source, GenerateRequest request, int from, int count)
            throws IOException {
        this.request = request;
        this.firstImage = from;
        this.images = count;
        this.pixelsPerImage = source.features();
        this.originals = new byte[count * pixelsPerImage];
        this.labels = new byte[count];
        source.readBytes(conf, from, count, originals, labels);
        this.sample = new byte[pixelsPerImage];
        this.deformer = new Deformer(source.rows(), request.params());
    }

    /** Samples in this range: (1 + variants) per original. */
    long size() {
        return (long) images * request.perImage();
    }

    /** Moves to the next sample; false after the last. */
    boolean advance() {
        if (next == size()) {
            return false;
        }
        int image = (int) (next / request.perImage());
        int variant = (int) (next % request.perImage());
        int off = image * pixelsPerImage;
        if (variant == 0) {
            System.arraycopy(originals, off, sample, 0, pixelsPerImage);
        } else {
            deformer.deform(originals, off, sample, 0, request.seed(), firstImage + image, variant);
        }
        label = labels[image];
        next++;
        return true;
    }

    /** The current sample's pixels (a reused buffer: copy what you keep). */
    byte[] pixels() {
        return sample;
    }

    /** The current sample's label: its original's. */
    int label() {
        return label & 0xFF;
    }
}
