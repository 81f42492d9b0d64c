package io.dpnet.spark.train;

import io.dpnet.nn.ModelSpec;
import io.dpnet.nn.Objective;
import io.dpnet.nn.embed.InputBlockSpec;

/** What a block step's tasks need that is fixed for the run (serialized into each task). */
record BlockTask(InputBlockSpec inputs, ModelSpec dense, Objective objective, boolean weighted, int chunk,
                 String kernel) implements java.io.Serializable {
}
