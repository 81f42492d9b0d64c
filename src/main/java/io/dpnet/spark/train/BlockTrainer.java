package io.dpnet.spark.train;

import org.apache.spark.api.java.JavaSparkContext;

/**
 * Synchronous data-parallel training of a block network (input block + dense stack) on
 * {@link io.dpnet.spark.input.TabularShards}, sparse on the wire. Each step:
 * <ol>
 *   <li>the driver broadcasts the dense vector and the embedding rows changed by the last
 *       update (see {@link BroadcastPolicy});</li>
 *   <li>every partition gathers its members of the step's global mini-batch (positions
 *       {@code [k·B, (k+1)·B)} of the epoch's {@link io.dpnet.data.SampleOrder}) and computes
 *       their {@link io.dpnet.nn.embed.BlockGradient}: a dense gradient, one sparse row gradient
 *       per table, the weighted loss sum;</li>
 *   <li>{@code treeAggregate} merges them ({@link io.dpnet.nn.embed.BlockGradient#merge}); the
 *       driver divides by the summed weight, steps the dense optimizer on the stack and the
 *       lazy row optimizers on the touched rows only.</li>
 * </ol>
 * The batch is defined over global indices and the partial sums only add, so the result equals
 * single-machine training on the same batches, for any partition count, up to float rounding.
 */
public final class BlockTrainer {
    private final JavaSparkContext sc;

    public BlockTrainer(JavaSparkContext sc) {
        this.sc = sc;
    }

    /** Trains for the plan's epochs from the seeded initialization. */
    public BlockTrainResult train(BlockTrainRequest request) {
        throw new UnsupportedOperationException("not yet");
    }
}
