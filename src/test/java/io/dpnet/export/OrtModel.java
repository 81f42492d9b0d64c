package io.dpnet.export;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.Map;

/**
 * An exported file loaded into ONNX Runtime, the independent implementation the export is
 * checked against: runs {@code features} in batches and returns one output as a flat array.
 */
final class OrtModel implements AutoCloseable {
    private static final int BATCH = 1000;

    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    final OrtSession session;

    OrtModel(byte[] onnx) throws OrtException {
        session = env.createSession(onnx, new OrtSession.SessionOptions());
    }

    /** Output {@code name} (float32 [N, width]) for all {@code rows} rows of {@code x}, row-major. */
    float[] floats(String name, float[] x, int rows, int width) throws OrtException {
        float[] out = new float[rows * width];
        int features = x.length / rows;
        for (int from = 0; from < rows; from += BATCH) {
            int n = Math.min(BATCH, rows - from);
            try (OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(x, from * features, n * features),
                    new long[] {n, features}); OrtSession.Result r = session.run(Map.of(OnnxExport.FEATURES, in))) {
                float[][] batch = (float[][]) value(r, name).getValue();
                for (int i = 0; i < n; i++) {
                    System.arraycopy(batch[i], 0, out, (from + i) * width, width);
                }
            }
        }
        return out;
    }

    /** Output {@code name} (int64 [N]) for all {@code rows} rows of {@code x}. */
    long[] longs(String name, float[] x, int rows) throws OrtException {
        long[] out = new long[rows];
        int features = x.length / rows;
        for (int from = 0; from < rows; from += BATCH) {
            int n = Math.min(BATCH, rows - from);
            try (OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(x, from * features, n * features),
                    new long[] {n, features}); OrtSession.Result r = session.run(Map.of(OnnxExport.FEATURES, in))) {
                System.arraycopy((long[]) value(r, name).getValue(), 0, out, from, n);
            }
        }
        return out;
    }

    private static OnnxValue value(OrtSession.Result r, String name) {
        return r.get(name).orElseThrow(() -> new AssertionError("no output named " + name));
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
