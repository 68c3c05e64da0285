package ai.humane.edge.boundary;

import ai.humane.json.control.JsonP;
import ai.humane.problems.boundary.SnakeCase;
import ai.humane.problems.control.InvalidField.FieldError;
import ai.humane.problems.control.MalformedJson;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.bind.annotation.JsonbProperty;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Holds a strictly parsed document against the Java type it is bound to, before JSON-B sees it, because
 * JSON-B is lenient where we must not be: it turns {@code "100"} into 100, 1.5 into 1, wraps 4294967320 to
 * 24 and reads an array where an object belongs. Here every value must already have its type's JSON type,
 * whole numbers must be whole and within their Java type, and each refusal names the value by its JSON
 * Pointer. Answers the document with whole numbers written plainly (1e2 as 100) for JSON-B to bind.
 */
final class BodyShape {

    private static final int MAX_ERRORS = 20;

    private final List<FieldError> errors = new ArrayList<>();

    private BodyShape() {
    }

    static JsonValue check(JsonValue document, Type type) {
        BodyShape shape = new BodyShape();
        JsonValue shaped = shape.value(document, type, "");
        if (!shape.errors.isEmpty()) {
            throw new MalformedJson(shape.errors);
        }
        return shaped;
    }

    private JsonValue value(JsonValue value, Type type, String at) {
        Class<?> raw = raw(type);
        if (value.getValueType() == JsonValue.ValueType.NULL) {
            return raw.isPrimitive() ? refuse(value, at, "must not be null") : value;
        }
        if (JsonValue.class.isAssignableFrom(raw)) {
            return raw.isInstance(value) ? value : refuse(value, at, "must be " + JsonKinds.of(raw));
        }
        if (raw.isRecord()) {
            return value instanceof JsonObject object ? record(object, raw, at) : refuse(value, at, "must be an object");
        }
        if (Collection.class.isAssignableFrom(raw)) {
            return value instanceof JsonArray array ? array(array, argument(type, 0), at) : refuse(value, at, "must be an array");
        }
        if (Map.class.isAssignableFrom(raw)) {
            return value instanceof JsonObject object ? map(object, argument(type, 1), at) : refuse(value, at, "must be an object");
        }
        String problem = JsonKinds.scalarProblem(value, raw);
        return problem == null ? JsonKinds.plain(value, raw) : refuse(value, at, problem);
    }

    private JsonValue record(JsonObject object, Class<?> type, String at) {
        Map<String, Type> fields = new LinkedHashMap<>();
        for (RecordComponent component : type.getRecordComponents()) {
            fields.put(jsonName(component), component.getGenericType());
        }
        JsonObjectBuilder shaped = JsonP.createObjectBuilder();
        object.forEach((name, field) -> {
            String where = at + "/" + escape(name);
            if (fields.containsKey(name)) {
                shaped.add(name, value(field, fields.get(name), where));
            } else {
                refuse(field, where, "is not a field of this object");
            }
        });
        return shaped.build();
    }

    private JsonValue array(JsonArray array, Type element, String at) {
        JsonArrayBuilder shaped = JsonP.createArrayBuilder();
        for (int i = 0; i < array.size(); i++) {
            shaped.add(value(array.get(i), element, at + "/" + i));
        }
        return shaped.build();
    }

    private JsonValue map(JsonObject object, Type element, String at) {
        JsonObjectBuilder shaped = JsonP.createObjectBuilder();
        object.forEach((name, field) -> shaped.add(name, value(field, element, at + "/" + escape(name))));
        return shaped.build();
    }

    private JsonValue refuse(JsonValue value, String at, String message) {
        if (errors.size() < MAX_ERRORS) {
            errors.add(new FieldError(at, message));
        }
        return value;
    }

    private static String jsonName(RecordComponent component) {
        JsonbProperty named = component.getAccessor().getAnnotation(JsonbProperty.class);
        return named != null && !named.value().isEmpty() ? named.value() : SnakeCase.STRATEGY.translateName(component.getName());
    }

    private static Class<?> raw(Type type) {
        if (type instanceof Class<?> plain) {
            return plain;
        }
        if (type instanceof ParameterizedType generic) {
            return (Class<?>) generic.getRawType();
        }
        throw new IllegalStateException("No strict JSON shape for the request body type " + type);
    }

    private static Type argument(Type type, int index) {
        if (type instanceof ParameterizedType generic) {
            return generic.getActualTypeArguments()[index];
        }
        throw new IllegalStateException("No strict JSON shape for the raw collection type " + type);
    }

    private static String escape(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }
}
