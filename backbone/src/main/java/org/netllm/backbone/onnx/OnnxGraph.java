package org.netllm.backbone.onnx;

import ai.djl.ndarray.types.Shape;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.netllm.backbone.transformer.Tensor;

/**
 * The parts of an ONNX model a backbone needs: float initializers by name and the graph's nodes, read from
 * the protobuf wire format by hand (ModelProto.graph = 7; GraphProto.node = 1, initializer = 5; NodeProto
 * input = 1, output = 2, name = 3, op_type = 4; TensorProto dims = 1, data_type = 2, float_data = 4, name = 8,
 * raw_data = 9).
 *
 * @param initializers float32 initializers by name
 * @param nodes        the nodes in graph order
 */
public record OnnxGraph(Map<String, Tensor> initializers, List<Node> nodes) {

    private static final int FLOAT = 1;

    /**
     * A graph node.
     *
     * @param name   e.g. {@code /encoder/layer.0/attention/self/query/MatMul}
     * @param opType e.g. MatMul
     * @param inputs input value names
     */
    public record Node(String name, String opType, List<String> inputs) {
    }

    /** Parses a serialised ModelProto. */
    public static OnnxGraph parse(byte[] model) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(model);
        in.enableAliasing(true); // tensors stay views of the model bytes, not copies
        in.setSizeLimit(Integer.MAX_VALUE);
        while (!in.isAtEnd()) {
            int tag = in.readTag();
            if (WireFormat.getTagFieldNumber(tag) == 7 && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                return parseGraph(in.readByteBuffer());
            }
            in.skipField(tag);
        }
        throw new IOException("no graph in the ONNX model");
    }

    private static OnnxGraph parseGraph(ByteBuffer graph) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(graph);
        in.enableAliasing(true);
        in.setSizeLimit(Integer.MAX_VALUE);
        Map<String, Tensor> initializers = new LinkedHashMap<>();
        List<Node> nodes = new ArrayList<>();
        while (!in.isAtEnd()) {
            int tag = in.readTag();
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> nodes.add(parseNode(in.readByteBuffer()));
                case 5 -> parseTensor(in.readByteBuffer(), initializers);
                default -> in.skipField(tag);
            }
        }
        return new OnnxGraph(initializers, nodes);
    }

    private static Node parseNode(ByteBuffer bytes) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(bytes);
        List<String> inputs = new ArrayList<>();
        String name = "";
        String op = "";
        while (!in.isAtEnd()) {
            int tag = in.readTag();
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> inputs.add(in.readString());
                case 3 -> name = in.readString();
                case 4 -> op = in.readString();
                default -> in.skipField(tag);
            }
        }
        return new Node(name, op, List.copyOf(inputs));
    }

    private static void parseTensor(ByteBuffer bytes, Map<String, Tensor> out) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(bytes);
        in.enableAliasing(true);
        in.setSizeLimit(Integer.MAX_VALUE);
        List<Long> dims = new ArrayList<>();
        int type = 0;
        String name = "";
        ByteBuffer raw = null;
        List<Float> floats = new ArrayList<>();
        while (!in.isAtEnd()) {
            int tag = in.readTag();
            int field = WireFormat.getTagFieldNumber(tag);
            boolean packed = WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED;
            switch (field) {
                case 1 -> {
                    if (packed) {
                        int limit = in.pushLimit(in.readRawVarint32());
                        while (in.getBytesUntilLimit() > 0) {
                            dims.add(in.readInt64());
                        }
                        in.popLimit(limit);
                    } else {
                        dims.add(in.readInt64());
                    }
                }
                case 2 -> type = in.readInt32();
                case 4 -> {
                    if (packed) {
                        int limit = in.pushLimit(in.readRawVarint32());
                        while (in.getBytesUntilLimit() > 0) {
                            floats.add(in.readFloat());
                        }
                        in.popLimit(limit);
                    } else {
                        floats.add(in.readFloat());
                    }
                }
                case 8 -> name = in.readString();
                case 9 -> raw = in.readByteBuffer();
                default -> in.skipField(tag);
            }
        }
        if (type != FLOAT) {
            return;
        }
        long[] shape = dims.stream().mapToLong(Long::longValue).toArray();
        FloatBuffer data;
        if (raw != null) {
            data = raw.order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        } else {
            float[] values = new float[floats.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = floats.get(i);
            }
            data = FloatBuffer.wrap(values);
        }
        if (data.remaining() != new Shape(shape).size()) {
            throw new IOException("ONNX initializer " + name + " has " + data.remaining() + " values for shape "
                    + new Shape(shape));
        }
        out.put(name, new Tensor(new Shape(shape), data));
    }
}
