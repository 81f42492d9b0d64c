/**
 * The input block in front of a dense stack: per row, numeric features, one embedding per
 * categorical column and optionally a pooled bag of token ids, concatenated into the row-major
 * float32 block the first dense layer takes; and its backward pass, which scatters the first
 * layer's dL/dX into exactly the embedding rows the batch touched, as sorted sparse row
 * gradients that merge deterministically (the future treeAggregate combiner).
 *
 * <p>Owns: {@link io.dpnet.nn.embed.InputBlockSpec} and its parts, the input layout
 * ({@link io.dpnet.nn.embed.InputRows}: numeric block, id columns, CSR bags), embedding tables
 * and their seeded initialization, {@link io.dpnet.nn.embed.SparseRowGradient}, and
 * {@link io.dpnet.nn.embed.BlockNetwork} (block + {@link io.dpnet.nn.Sequential}).
 *
 * <p>May import: {@code io.dpnet.nn} and the JDK — nothing from Spark, config, cli, optim or
 * the trainers (those import this package, not the other way round).
 */
package io.dpnet.nn.embed;
