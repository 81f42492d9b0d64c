package io.dpnet.nn.embed;

/** A block network's parameters: the dense stack's flat vector and the embedding tables. */
public record BlockParams(float[] dense, EmbeddingTables tables) {
}
