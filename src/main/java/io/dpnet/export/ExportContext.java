package io.dpnet.export;

import io.dpnet.nn.ModelSpec;

/**
 * What every block emitter needs: the graph being built and the model whose architecture and
 * flat parameter vector (layout: {@link ModelSpec#weightOffset}) it is exporting.
 */
record ExportContext(OnnxGraph graph, ModelSpec spec, float[] params) {
}
