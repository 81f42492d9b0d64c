package io.dpnet.nn.embed;

/** How a bag of token embeddings becomes one vector; padding ids never count. */
public enum Pooling {
    /** Sum of the token rows. */
    SUM,
    /** Sum divided by the number of non-padding tokens (an empty bag pools to zeros). */
    MEAN
}
