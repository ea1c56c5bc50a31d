package org.netllm.backbone.hf;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.netllm.backbone.BackboneLoadException;

/**
 * A parsed {@code config.json} with typed, checked field access (errors name the file and the field).
 *
 * @param file where it came from
 * @param json its content
 */
record ConfigJson(Path file, JsonNode json) {

    int intValue(String field) {
        JsonNode node = json.get(field);
        if (node == null || !node.canConvertToInt()) {
            throw new BackboneLoadException(file + ": the field \"" + field + "\" (an integer) is missing or invalid");
        }
        return node.asInt();
    }

    int intValue(String field, int fallback) {
        JsonNode node = json.get(field);
        return node == null || node.isNull() ? fallback : intValue(field);
    }

    double doubleValue(String field, double fallback) {
        JsonNode node = json.get(field);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isNumber()) {
            throw new BackboneLoadException(file + ": the field \"" + field + "\" must be a number, got " + node);
        }
        return node.asDouble();
    }

    boolean boolValue(String field, boolean fallback) {
        JsonNode node = json.get(field);
        return node == null || node.isNull() ? fallback : node.asBoolean();
    }

    String text(String field, String fallback) {
        JsonNode node = json.get(field);
        return node == null || node.isNull() ? fallback : node.asText();
    }

    JsonNode node(String field) {
        JsonNode node = json.get(field);
        return node == null || node.isNull() ? null : node;
    }
}
