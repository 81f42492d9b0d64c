/**
 * Writes dpnet models as standard ONNX files (opset {@value io.dpnet.export.OnnxExport#OPSET}), so
 * a network trained on Spark can be served by any ONNX runtime.
 *
 * <p>Owns the mapping from dpnet's architecture ({@link io.dpnet.nn.ModelSpec}: blocks, dense
 * layers, activations, output heads) to ONNX operators, the exported graph's names and shapes,
 * and the metadata that carries a model's provenance. The ONNX messages are Java classes
 * generated at build time from {@code src/main/proto/dpnet_onnx.proto}
 * ({@code io.dpnet.export.proto}).
 *
 * <p>May import {@code io.dpnet.model} and {@code io.dpnet.nn} (and Hadoop's file system client,
 * through which every path is written); nothing from Spark, config, cli or ml — those call in.
 */
package io.dpnet.export;
