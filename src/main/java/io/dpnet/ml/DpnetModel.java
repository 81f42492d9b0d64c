package io.dpnet.ml;

import io.dpnet.model.SavedModel;
import org.apache.spark.ml.param.Params;

/** A Spark ML model stage backed by a dpnet model directory (what the writer saves). */
interface DpnetModel extends Params {
    /** The trained network with its metadata, as {@code dpnet train} saves it. */
    SavedModel savedModel();
}
