package io.dpnet.data;

/** The two unsigned-byte IDX layouts dpnet reads, with the wording used in error messages. */
enum IdxKind {
    IMAGES(0x00000803, "an idx3 unsigned-byte image file", "images"),
    LABELS(0x00000801, "an idx1 unsigned-byte label file", "labels");

    /** Magic number: two zero bytes, element type 0x08 (unsigned byte), number of dimensions. */
    final int magic;
    final String description;
    final String itemNoun;

    IdxKind(int magic, String description, String itemNoun) {
        this.magic = magic;
        this.description = description;
        this.itemNoun = itemNoun;
    }

    int dimensionCount() {
        return magic & 0xFF;
    }

    /** E.g. {@code "60000 images of 28x28"} or {@code "10000 labels"}. */
    String describe(int[] dims) {
        StringBuilder s = new StringBuilder().append(dims[0]).append(' ').append(itemNoun);
        for (int i = 1; i < dims.length; i++) {
            s.append(i == 1 ? " of " : "x").append(dims[i]);
        }
        return s.toString();
    }
}
