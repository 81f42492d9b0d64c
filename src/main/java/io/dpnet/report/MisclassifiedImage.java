package io.dpnet.report;

/**
 * One entry of {@code misclassified.json}: a wrongly predicted test image as 8-bit gray levels.
 *
 * @param pixels {@code rows × cols} gray levels, row-major, 0..255 (IDX convention: 0 is the
 *     background, 255 full ink); not copied
 */
public record MisclassifiedImage(long index, int label, int predicted, double confidence, int rows, int cols,
                                 byte[] pixels) {
    /** Gray level of pixel (r, c) as 0..255. */
    public int gray(int r, int c) {
        return pixels[r * cols + c] & 0xff;
    }
}
