package org.netllm.backbone;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.io.InputStream;
import java.util.Map;

/** Runs an embedded BERT's ONNX graph in onnxruntime: the independent reference for parity tests. */
final class OnnxRuntimeReference {

    private OnnxRuntimeReference() {
    }

    /** last_hidden_state {@code [B][T][d]} for token ids {@code [B][T]}, all unpadded, token type 0. */
    static float[][][] lastHiddenState(String resource, long[][] ids) throws Exception {
        byte[] model;
        try (InputStream in = OnnxRuntimeReference.class.getResourceAsStream(resource)) {
            model = in.readAllBytes();
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        long[][] mask = new long[ids.length][ids[0].length];
        long[][] types = new long[ids.length][ids[0].length];
        for (long[] row : mask) {
            java.util.Arrays.fill(row, 1);
        }
        try (OrtSession session = env.createSession(model, new OrtSession.SessionOptions());
             OnnxTensor idsTensor = OnnxTensor.createTensor(env, ids);
             OnnxTensor maskTensor = OnnxTensor.createTensor(env, mask);
             OnnxTensor typeTensor = OnnxTensor.createTensor(env, types);
             OrtSession.Result result = session.run(Map.of("input_ids", idsTensor, "attention_mask", maskTensor,
                     "token_type_ids", typeTensor))) {
            return (float[][][]) result.get("last_hidden_state").orElseThrow().getValue();
        }
    }
}
