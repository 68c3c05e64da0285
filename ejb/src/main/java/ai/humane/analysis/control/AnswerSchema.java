package ai.humane.analysis.control;

import ai.humane.json.control.JsonP;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The JSON Schema an LLM's answer must match (answer-schema.json): the same document is sent to the provider
 * as the Chat Completions {@code response_format} and checked here against what came back. The checker knows
 * exactly the keywords the document uses (type, properties, required, additionalProperties, enum, minimum,
 * maximum, items, maxItems, uniqueItems, pattern) and refuses to load a schema with any other, so a keyword
 * added to the document later can never be silently ignored. Why not a schema library: the Java ones bind to
 * Jackson, which this application does not otherwise ship, while everything here is JSON-P.
 */
public final class AnswerSchema {

    private static final Set<String> KNOWN = Set.of("type", "properties", "required", "additionalProperties", "enum",
            "minimum", "maximum", "items", "maxItems", "uniqueItems", "pattern");

    private final JsonObject schema;

    public AnswerSchema() {
        this(load());
    }

    AnswerSchema(JsonObject schema) {
        requireKnownKeywords(schema, "#");
        this.schema = schema;
    }

    public JsonObject document() {
        return schema;
    }

    /** Every way {@code value} fails the schema, as JSON Pointers with a reason; empty when it matches. */
    public List<String> violations(JsonValue value) {
        List<String> found = new ArrayList<>();
        check(schema, value, "", found);
        return found;
    }

    private static void check(JsonObject rule, JsonValue value, String at, List<String> found) {
        String type = rule.getString("type", null);
        if (type != null && !hasType(value, type)) {
            found.add(at + " is not of type " + type);
            return;
        }
        if (rule.containsKey("enum") && !rule.getJsonArray("enum").contains(value)) {
            found.add(at + " is not one of the allowed values");
        }
        if (value instanceof JsonNumber number) {
            BigDecimal n = number.bigDecimalValue();
            if (rule.containsKey("minimum") && n.compareTo(rule.getJsonNumber("minimum").bigDecimalValue()) < 0
                    || rule.containsKey("maximum") && n.compareTo(rule.getJsonNumber("maximum").bigDecimalValue()) > 0) {
                found.add(at + " is out of range");
            }
        }
        if (value instanceof JsonString string && rule.containsKey("pattern")
                && !Pattern.compile(rule.getString("pattern")).matcher(string.getString()).find()) {
            found.add(at + " does not match " + rule.getString("pattern"));
        }
        if (value instanceof JsonObject object) {
            checkObject(rule, object, at, found);
        }
        if (value instanceof JsonArray array) {
            checkArray(rule, array, at, found);
        }
    }

    private static void checkObject(JsonObject rule, JsonObject object, String at, List<String> found) {
        JsonObject properties = rule.getJsonObject("properties");
        for (JsonValue required : rule.getJsonArray("required") == null ? List.<JsonValue>of() : rule.getJsonArray("required")) {
            if (!object.containsKey(((JsonString) required).getString())) {
                found.add(at + "/" + ((JsonString) required).getString() + " is required");
            }
        }
        for (Map.Entry<String, JsonValue> member : object.entrySet()) {
            String path = at + "/" + member.getKey().replace("~", "~0").replace("/", "~1");
            if (properties != null && properties.containsKey(member.getKey())) {
                check(properties.getJsonObject(member.getKey()), member.getValue(), path, found);
            } else if (rule.get("additionalProperties") == JsonValue.FALSE) {
                // Not named: the name is the provider's text (an end user's words may steer it), and the reason is
                // stored, shown and bounded; the schema's own names and the position say enough.
                found.add((at.isEmpty() ? "/" : at) + " has a property the schema does not allow");
            }
        }
    }

    private static void checkArray(JsonObject rule, JsonArray array, String at, List<String> found) {
        if (rule.containsKey("maxItems") && array.size() > rule.getInt("maxItems")) {
            found.add(at + " has more than " + rule.getInt("maxItems") + " items");
        }
        if (rule.getBoolean("uniqueItems", false) && new HashSet<>(array).size() != array.size()) {
            found.add(at + " repeats an item");
        }
        if (rule.containsKey("items")) {
            for (int i = 0; i < array.size(); i++) {
                check(rule.getJsonObject("items"), array.get(i), at + "/" + i, found);
            }
        }
    }

    private static boolean hasType(JsonValue value, String type) {
        return switch (type) {
            case "object" -> value.getValueType() == JsonValue.ValueType.OBJECT;
            case "array" -> value.getValueType() == JsonValue.ValueType.ARRAY;
            case "string" -> value.getValueType() == JsonValue.ValueType.STRING;
            case "number" -> value.getValueType() == JsonValue.ValueType.NUMBER;
            case "integer" -> value instanceof JsonNumber n && n.isIntegral();
            case "boolean" -> value == JsonValue.TRUE || value == JsonValue.FALSE;
            default -> throw new IllegalStateException("unknown type " + type);
        };
    }

    private static void requireKnownKeywords(JsonObject rule, String at) {
        for (String keyword : rule.keySet()) {
            if (!KNOWN.contains(keyword)) {
                throw new IllegalArgumentException("the answer schema uses " + keyword + " at " + at + ", which is not checked");
            }
        }
        if (rule.containsKey("properties")) {
            rule.getJsonObject("properties").forEach((name, sub) -> requireKnownKeywords(sub.asJsonObject(), at + "/" + name));
        }
        if (rule.containsKey("items")) {
            requireKnownKeywords(rule.getJsonObject("items"), at + "/items");
        }
    }

    private static JsonObject load() {
        try (InputStream in = AnswerSchema.class.getResourceAsStream("/ai/humane/analysis/answer-schema.json");
             JsonReader reader = JsonP.createReader(in)) {
            return reader.readObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
