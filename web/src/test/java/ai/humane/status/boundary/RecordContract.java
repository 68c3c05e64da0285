package ai.humane.status.boundary;

import io.swagger.v3.oas.models.media.Schema;
import jakarta.json.JsonObject;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.AnnotatedParameterizedType;
import java.lang.reflect.AnnotatedType;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares a request record with its schema in the contract: the JSON names (snake_case of the
 * components, as JsonSettings binds them), which are required, their JSON types and formats, and what the
 * bean-validation constraints promise (lengths, sizes, patterns or enums, bounds, e-mail). Every
 * difference is a sentence naming the field and both sides.
 */
final class RecordContract {

    private static final java.util.regex.Pattern WORDS = java.util.regex.Pattern.compile("[a-z_]+(\\|[a-z_]+)*");

    private RecordContract() {
    }

    static String json(String component) {
        return component.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }

    static List<String> differences(Class<?> record, Schema<?> schema) {
        List<String> found = new ArrayList<>();
        compareRecord("", record, schema, found);
        return found;
    }

    /** An answer record: the same JSON names, every one required, nested records alike. */
    static List<String> answerDifferences(Class<?> record, Schema<?> schema) {
        List<String> found = new ArrayList<>();
        Map<String, Schema> properties = schema.getProperties() == null ? Map.of() : schema.getProperties();
        List<String> inCode = new ArrayList<>();
        for (RecordComponent component : record.getRecordComponents()) {
            String name = json(component.getName());
            inCode.add(name);
            Schema<?> property = properties.get(name);
            if (property == null) {
                found.add("field '" + name + "' is answered but not in the document");
            } else if (component.getType().isRecord()) {
                answerDifferences(component.getType(), property).forEach(d -> found.add(name + "." + d));
            }
        }
        properties.keySet().stream().filter(name -> !inCode.contains(name))
                .forEach(name -> found.add("field '" + name + "' is in the document but never answered"));
        Set<String> required = new TreeSet<>(schema.getRequired() == null ? List.of() : schema.getRequired());
        if (!required.equals(new TreeSet<>(inCode))) {
            found.add("every answered field is required (nulls are written), the document requires " + required);
        }
        return found;
    }

    private static void compareRecord(String prefix, Class<?> record, Schema<?> schema, List<String> found) {
        Map<String, Schema> properties = schema.getProperties() == null ? Map.of() : schema.getProperties();
        Set<String> inCode = new TreeSet<>();
        Set<String> requiredInCode = new TreeSet<>();
        for (RecordComponent component : record.getRecordComponents()) {
            String name = json(component.getName());
            inCode.add(name);
            // Bean Validation annotations do not target record components: they land on the accessor.
            AnnotatedElement declared = component.getAccessor();
            if (required(declared)) {
                requiredInCode.add(name);
            }
            Schema<?> property = properties.get(name);
            if (property == null) {
                found.add("field '" + prefix + name + "' is in " + record.getSimpleName() + " but not in the document");
            } else {
                compareValue(prefix + name, component.getAnnotatedType(), declared, property, found);
            }
        }
        properties.keySet().stream().filter(name -> !inCode.contains(name)).forEach(name ->
                found.add("field '" + prefix + name + "' is in the document but not in " + record.getSimpleName()));
        Set<String> requiredInDocument = new TreeSet<>(schema.getRequired() == null ? List.of() : schema.getRequired());
        if (!requiredInCode.equals(requiredInDocument)) {
            found.add("required fields of " + record.getSimpleName() + ": code " + requiredInCode + ", document "
                    + requiredInDocument);
        }
        if (!Boolean.FALSE.equals(schema.getAdditionalProperties())) {
            found.add(record.getSimpleName() + ": unknown fields are refused, so the document must say "
                    + "additionalProperties: false");
        }
    }

    private static boolean required(AnnotatedElement element) {
        return element.isAnnotationPresent(NotNull.class) || element.isAnnotationPresent(NotBlank.class)
                || element.isAnnotationPresent(NotEmpty.class);
    }

    /** {@code element} carries the declaration annotations; {@code type} the type-use ones of list elements. */
    private static void compareValue(String field, AnnotatedType type, AnnotatedElement element, Schema<?> schema,
                                     List<String> found) {
        Class<?> raw = raw(type);
        expect(found, field, "type", jsonType(raw), schema.getType());
        if (raw == java.util.UUID.class) {
            expect(found, field, "format", "uuid", schema.getFormat());
        }
        if (element.isAnnotationPresent(Email.class) || "email".equals(schema.getFormat())) {
            expect(found, field, "format", element.isAnnotationPresent(Email.class) ? "email" : null, schema.getFormat());
        }
        Size size = element.getAnnotation(Size.class);
        if (raw == String.class) {
            Integer min = size != null && size.min() > 0 ? Integer.valueOf(size.min())
                    : element.isAnnotationPresent(NotBlank.class) || element.isAnnotationPresent(NotEmpty.class) ? 1 : null;
            expect(found, field, "minLength", min, schema.getMinLength());
            expect(found, field, "maxLength", size == null ? null : size.max(), schema.getMaxLength());
            comparePattern(field, element.getAnnotation(Pattern.class), schema, found);
        }
        if (raw == List.class) {
            expect(found, field, "minItems", size == null || size.min() == 0 ? null : size.min(), schema.getMinItems());
            expect(found, field, "maxItems", size == null ? null : size.max(), schema.getMaxItems());
            AnnotatedType item = ((AnnotatedParameterizedType) type).getAnnotatedActualTypeArguments()[0];
            if (schema.getItems() == null) {
                found.add("field '" + field + "': an array without items");
            } else {
                compareValue(field + "[]", item, item, schema.getItems(), found);
            }
        }
        Min min = element.getAnnotation(Min.class);
        Max max = element.getAnnotation(Max.class);
        expect(found, field, "minimum", min == null ? null : BigDecimal.valueOf(min.value()), schema.getMinimum());
        expect(found, field, "maximum", max == null ? null : BigDecimal.valueOf(max.value()), schema.getMaximum());
        if (raw.isRecord()) {
            compareRecord(field + ".", raw, schema, found);
        }
    }

    /** A pattern of plain words ({@code lexicon|llm}) is an enum; any other is the same anchored pattern. */
    private static void comparePattern(String field, Pattern pattern, Schema<?> schema, List<String> found) {
        List<?> enumeration = schema.getEnum();
        if (pattern != null && WORDS.matcher(pattern.regexp()).matches()) {
            expect(found, field, "enum", List.of(pattern.regexp().split("\\|")), enumeration);
        } else {
            expect(found, field, "pattern", pattern == null ? null : "^(?:" + pattern.regexp() + ")$", schema.getPattern());
            expect(found, field, "enum", null, enumeration);
        }
    }

    private static void expect(List<String> found, String field, String what, Object code, Object document) {
        boolean same = code instanceof BigDecimal c && document instanceof BigDecimal d ? c.compareTo(d) == 0
                : Objects.equals(code, document);
        if (!same) {
            found.add("field '" + field + "': " + what + " is " + code + " in the code but " + document + " in the document");
        }
    }

    private static Class<?> raw(AnnotatedType type) {
        java.lang.reflect.Type t = type.getType();
        return t instanceof java.lang.reflect.ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) t;
    }

    private static String jsonType(Class<?> raw) {
        if (raw == String.class || raw == java.util.UUID.class || raw == java.time.Instant.class) {
            return "string";
        }
        if (raw == Integer.class || raw == int.class || raw == Long.class || raw == long.class) {
            return "integer";
        }
        if (raw == Boolean.class || raw == boolean.class) {
            return "boolean";
        }
        if (raw == List.class || raw == jakarta.json.JsonArray.class) {
            return "array";
        }
        if (raw == JsonObject.class || raw == Map.class || raw.isRecord()) {
            return "object";
        }
        throw new IllegalStateException("no JSON type known for " + raw + ": teach RecordContract");
    }
}
